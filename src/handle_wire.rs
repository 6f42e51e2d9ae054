//! The wire form of handles (spec §11): a 4-byte presence word; the handle itself travels in
//! the handle table. After view validation the word holds `index + 1` into that table.

use crate::decode::{Buffer, Linked, Validator};
use crate::encode::Encoder;
use crate::error::{ErrorKind, err, required};
use crate::handle::{Handle, HandleConstraint, HandleInfo};
use crate::view::Slot;
use crate::wire::{Decode, Encode, Nullable, Type};
use crate::{ALLOC_PRESENT_U32, Result};

impl Type for Handle {
    const INLINE_SIZE: usize = 4;
    const ALIGN: usize = 4;
    const RESOURCE: bool = true;
    type Constraint = HandleConstraint;
}

impl Encode for Handle {
    #[inline]
    fn encode(
        &self,
        e: &mut Encoder<'_>,
        offset: usize,
        _: u32,
        c: HandleConstraint,
    ) -> Result<()> {
        if !self.is_valid() {
            return err(ErrorKind::NonNullableTypeWithNullValue, offset);
        }
        e.push_handle(offset, self.take(), c);
        Ok(())
    }
}

/// Validates an optional handle slot; returns whether a handle was present.
#[inline]
pub(crate) fn validate_handle<B: Buffer>(
    v: &mut Validator<'_, B>,
    offset: usize,
    c: HandleConstraint,
) -> Result<bool> {
    match handle_index(v, offset, c)? {
        None => Ok(false),
        Some(index) => {
            v.link_handle(offset, index);
            Ok(true)
        }
    }
}

/// Takes the handle of an optional handle slot out of the message in one pass.
#[inline]
pub(crate) fn decode_handle(
    v: &mut Validator<'_, Linked<'_>>,
    offset: usize,
    c: HandleConstraint,
) -> Result<Option<Handle>> {
    Ok(handle_index(v, offset, c)?.map(|index| v.take_handle_at(index)))
}

/// Checks an optional handle slot and consumes its handle: its index, `None` when absent.
#[inline(always)]
pub(crate) fn handle_index<B: Buffer>(
    v: &mut Validator<'_, B>,
    offset: usize,
    c: HandleConstraint,
) -> Result<Option<usize>> {
    match v.u32_at(offset) {
        0 => Ok(None),
        ALLOC_PRESENT_U32 => v.take_handle(offset, c).map(Some),
        other => crate::error::err_value(
            ErrorKind::InvalidHandlePresenceIndicator,
            offset,
            other.into(),
        ),
    }
}

/// Views a validated handle slot.
#[inline]
pub(crate) fn view_handle(slot: Slot<'_>) -> Option<&HandleInfo> {
    match slot.u32() {
        0 => None,
        _ => Some(slot.handle_info()),
    }
}

impl Decode for Handle {
    type View<'a> = &'a HandleInfo;

    #[inline]
    fn validate<B: Buffer>(
        v: &mut Validator<'_, B>,
        offset: usize,
        _: u32,
        c: HandleConstraint,
    ) -> Result<()> {
        match validate_handle(v, offset, c)? {
            true => Ok(()),
            false => err(ErrorKind::NonNullableTypeWithNullValue, offset),
        }
    }

    #[inline]
    fn view(slot: Slot<'_>) -> &HandleInfo {
        view_handle(slot).expect("fidlwire: handle view over a slot that was not validated")
    }

    /// Takes the handle out of the decoded message.
    fn from_view(view: &HandleInfo) -> Handle {
        view.handle.take()
    }

    #[inline]
    fn decode_fused(
        v: &mut Validator<'_, Linked<'_>>,
        offset: usize,
        _: u32,
        c: HandleConstraint,
    ) -> Result<Handle> {
        required(decode_handle(v, offset, c)?, offset)
    }
}

impl Nullable for Handle {
    fn validate_optional<B: Buffer>(
        v: &mut Validator<'_, B>,
        offset: usize,
        _: u32,
        c: HandleConstraint,
    ) -> Result<bool> {
        validate_handle(v, offset, c)
    }

    fn view_optional(slot: Slot<'_>) -> Option<&HandleInfo> {
        view_handle(slot)
    }

    fn decode_optional(
        v: &mut Validator<'_, Linked<'_>>,
        offset: usize,
        _: u32,
        c: HandleConstraint,
    ) -> Result<Option<Handle>> {
        decode_handle(v, offset, c)
    }
}
