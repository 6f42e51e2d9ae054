//! Tables (spec §9): a vector of envelopes indexed by ordinal. Derived table code calls these
//! helpers with the ordinals it knows.

use crate::decode::{Buffer, Linked, Validator};
use crate::encode::Encoder;
use crate::envelope;
use crate::error::{ErrorKind, err};
use crate::view::Slot;
use crate::wire::Decode;
use crate::{ALLOC_PRESENT_U64, Result};

/// Inline size of every table.
pub const INLINE_SIZE: usize = 16;

/// Writes a table header with `max_ordinal` envelopes; returns the offset of the envelope
/// array (at `depth + 1`), or `None` for an empty table.
#[inline]
pub fn encode_header(
    e: &mut Encoder<'_>,
    offset: usize,
    depth: u32,
    max_ordinal: u64,
) -> Result<Option<usize>> {
    e.write_u64(offset, max_ordinal);
    e.write_u64(offset + 8, ALLOC_PRESENT_U64);
    if max_ordinal == 0 {
        return Ok(None);
    }
    e.alloc(max_ordinal as usize * 8, depth + 1).map(Some)
}

/// The envelope offset of `ordinal` in an array at `array`.
#[inline(always)]
pub const fn envelope_offset(array: usize, ordinal: u64) -> usize {
    array + (ordinal as usize - 1) * 8
}

/// Validates the table at `offset` (in a block at `depth`). `known` validates the envelopes of
/// ordinals `1..=min(count, max_known)` in order (derived code does it with straight-line
/// [`validate_field`] / [`validate_unknown_field`] calls: no per-field dispatch to mispredict);
/// ordinals above `max_known` are unknown and skipped here.
#[inline]
pub fn validate<B: Buffer>(
    v: &mut Validator<'_, B>,
    offset: usize,
    depth: u32,
    max_known: u64,
    known: impl FnOnce(&mut Validator<'_, B>, usize, u64, u32) -> Result<()>,
) -> Result<()> {
    let count = v.u64_at(offset);
    match v.u64_at(offset + 8) {
        ALLOC_PRESENT_U64 => {}
        0 if count == 0 => return err(ErrorKind::NonNullableTypeWithNullValue, offset),
        0 => return err(ErrorKind::NonEmptyVectorWithNullBody, offset),
        other => {
            return crate::error::err_value(ErrorKind::InvalidPresenceIndicator, offset + 8, other);
        }
    }
    if count > u32::MAX as u64 {
        return crate::error::err_limit(
            ErrorKind::TableCountExceeds32BitLimit,
            offset,
            u32::MAX.into(),
            count,
        );
    }
    if count == 0 {
        return Ok(());
    }
    let depth = depth + 1;
    let Ok(len) = usize::try_from(count * 8) else {
        return err(ErrorKind::TooFewBytes, offset);
    };
    let array = v.claim(len, depth)?;
    v.link(offset + 8, array);
    known(v, array, count, depth)?;
    for ordinal in max_known + 1..=count {
        validate_unknown_field(v, array, ordinal, depth)?;
    }
    Ok(())
}

/// Validates the envelope of known field `ordinal` (type `T`) in the envelope array at `array`
/// (a block at `depth`).
#[inline(always)]
pub fn validate_field<T: Decode, B: Buffer>(
    v: &mut Validator<'_, B>,
    array: usize,
    ordinal: u64,
    depth: u32,
    c: T::Constraint,
    resource: bool,
) -> Result<()> {
    field_with::<T, B, ()>(v, array, ordinal, depth, resource, |v, at, depth| {
        T::validate(v, at, depth, c)
    })
    .map(drop)
}

/// [`validate_field`] building the value in the same pass; `None` when the field is absent.
#[inline(always)]
pub fn decode_field<T: Decode>(
    v: &mut Validator<'_, Linked<'_>>,
    array: usize,
    ordinal: u64,
    depth: u32,
    c: T::Constraint,
    resource: bool,
) -> Result<Option<T>> {
    field_with::<T, _, T>(v, array, ordinal, depth, resource, |v, at, depth| {
        T::decode_fused(v, at, depth, c)
    })
}

/// The rules of known field `ordinal`, with `value` doing its value at its offset and depth.
#[inline(always)]
fn field_with<T: Decode, B: Buffer, R>(
    v: &mut Validator<'_, B>,
    array: usize,
    ordinal: u64,
    depth: u32,
    resource: bool,
    value: impl FnOnce(&mut Validator<'_, B>, usize, u32) -> Result<R>,
) -> Result<Option<R>> {
    field_sized(
        v,
        array,
        ordinal,
        depth,
        resource,
        T::INLINE_SIZE,
        T::RESOURCE,
        value,
    )
}

/// Known table field `ordinal` in the envelope array at `array`: the envelope rules after its
/// header is read; `value_resource` says whether the member's type can hold handles.
/// `field_with` with sizes as parameters, for the dynamic codec (as `rules::table_field`);
/// with constants it compiles to the same code.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub fn field_sized<B: Buffer, R>(
    v: &mut Validator<'_, B>,
    array: usize,
    ordinal: u64,
    depth: u32,
    resource: bool,
    inline_size: usize,
    value_resource: bool,
    value: impl FnOnce(&mut Validator<'_, B>, usize, u32) -> Result<R>,
) -> Result<Option<R>> {
    let env = envelope_offset(array, ordinal);
    if inline_size <= 4 && !value_resource {
        // The common case in one compare: value, zero padding to byte 4, no handles, inline
        // marker 1. Anything else (absent, or an error to report precisely) takes the general
        // path below.
        let raw = v.u64_at(env);
        if raw & (!0u64 << (inline_size * 8)) == 1 << 48 {
            return value(v, env, depth).map(Some);
        }
    }
    let header = envelope::read_header(v, env)?;
    if header.is_absent() {
        return Ok(None);
    }
    envelope::known_sized(v, env, header, resource, depth, inline_size, value)
}

/// Validates (skips, closing its handles) the envelope of an ordinal the type does not know.
#[inline]
pub fn validate_unknown_field<B: Buffer>(
    v: &mut Validator<'_, B>,
    array: usize,
    ordinal: u64,
    depth: u32,
) -> Result<()> {
    let env = envelope_offset(array, ordinal);
    let header = envelope::read_header(v, env)?;
    if header.is_absent() {
        return Ok(());
    }
    envelope::validate_unknown(v, env, depth, header)
}

/// Views field `ordinal` of type `T` of a validated table at `slot`.
#[inline]
pub fn field<T: Decode>(slot: Slot<'_>, ordinal: u64) -> Option<T::View<'_>> {
    if ordinal > slot.u64() {
        return None;
    }
    let env = slot.with_offset(envelope_offset(slot.at(8).follow().offset(), ordinal));
    (env.u64() != 0).then(|| envelope::view::<T>(env))
}
