//! `Option<T>` (the optional form of a [`Nullable`] type) and `Box<T>` (transparent: same wire
//! form as `T`, for recursive Rust types).

use crate::Result;
use crate::decode::{Buffer, Linked, Validator};
use crate::encode::Encoder;
use crate::view::Slot;
use crate::wire::{Decode, Encode, Nullable, Type, ValueType};
use std::fmt;

impl<T: Nullable> Type for Option<T> {
    const INLINE_SIZE: usize = T::OPTIONAL_INLINE_SIZE;
    const ALIGN: usize = T::OPTIONAL_ALIGN;
    const RESOURCE: bool = T::RESOURCE;
    type Constraint = T::Constraint;
}
impl<T: Nullable + ValueType> ValueType for Option<T> {}

impl<T: Nullable> Encode for Option<T> {
    #[inline]
    fn encode(
        &self,
        e: &mut Encoder<'_>,
        offset: usize,
        depth: u32,
        c: T::Constraint,
    ) -> Result<()> {
        match self {
            // Every absent form is all zeros, and the encoder hands out zeroed slots.
            None => Ok(()),
            Some(v) => v.encode_present(e, offset, depth, c),
        }
    }
}

impl<T: Nullable> Decode for Option<T> {
    type View<'a> = Option<T::View<'a>>;

    #[inline]
    fn validate<B: Buffer>(
        v: &mut Validator<'_, B>,
        offset: usize,
        depth: u32,
        c: T::Constraint,
    ) -> Result<()> {
        T::validate_optional(v, offset, depth, c).map(drop)
    }

    #[inline]
    fn view(slot: Slot<'_>) -> Option<T::View<'_>> {
        T::view_optional(slot)
    }

    fn from_view(view: Option<T::View<'_>>) -> Option<T> {
        view.map(T::from_view)
    }

    #[inline]
    fn decode_fused(
        v: &mut Validator<'_, Linked<'_>>,
        offset: usize,
        depth: u32,
        c: T::Constraint,
    ) -> Result<Option<T>> {
        T::decode_optional(v, offset, depth, c)
    }
}

impl<T: Type> Type for Box<T> {
    const INLINE_SIZE: usize = T::INLINE_SIZE;
    const ALIGN: usize = T::ALIGN;
    const RESOURCE: bool = T::RESOURCE;
    type Constraint = T::Constraint;
}
impl<T: ValueType> ValueType for Box<T> {}

impl<T: Encode> Encode for Box<T> {
    #[inline]
    fn encode(
        &self,
        e: &mut Encoder<'_>,
        offset: usize,
        depth: u32,
        c: T::Constraint,
    ) -> Result<()> {
        (**self).encode(e, offset, depth, c)
    }
}

impl<T: Decode> Decode for Box<T> {
    type View<'a> = Lazy<'a, T>;

    #[inline]
    fn validate<B: Buffer>(
        v: &mut Validator<'_, B>,
        offset: usize,
        depth: u32,
        c: T::Constraint,
    ) -> Result<()> {
        T::validate(v, offset, depth, c)
    }

    #[inline]
    fn view(slot: Slot<'_>) -> Lazy<'_, T> {
        Lazy {
            slot,
            view: T::view,
        }
    }

    fn from_view(view: Lazy<'_, T>) -> Box<T> {
        Box::new(T::from_view(view.get()))
    }

    #[inline]
    fn decode_fused(
        v: &mut Validator<'_, Linked<'_>>,
        offset: usize,
        depth: u32,
        c: T::Constraint,
    ) -> Result<Box<T>> {
        T::decode_fused(v, offset, depth, c).map(Box::new)
    }
}

impl<T: Nullable> Nullable for Box<T> {
    const OPTIONAL_INLINE_SIZE: usize = T::OPTIONAL_INLINE_SIZE;
    const OPTIONAL_ALIGN: usize = T::OPTIONAL_ALIGN;

    fn encode_present(
        &self,
        e: &mut Encoder<'_>,
        offset: usize,
        depth: u32,
        c: T::Constraint,
    ) -> Result<()> {
        (**self).encode_present(e, offset, depth, c)
    }

    fn validate_optional<B: Buffer>(
        v: &mut Validator<'_, B>,
        offset: usize,
        depth: u32,
        c: T::Constraint,
    ) -> Result<bool> {
        T::validate_optional(v, offset, depth, c)
    }

    fn decode_optional(
        v: &mut Validator<'_, Linked<'_>>,
        offset: usize,
        depth: u32,
        c: T::Constraint,
    ) -> Result<Option<Box<T>>> {
        Ok(T::decode_optional(v, offset, depth, c)?.map(Box::new))
    }

    fn view_optional(slot: Slot<'_>) -> Option<Lazy<'_, T>> {
        T::view_optional(slot)?;
        Some(Lazy {
            slot,
            view: |s| T::view_optional(s).expect("checked present when the Lazy was made"),
        })
    }
}

/// The view of a `Box<T>`: `T`'s view, built on demand. Boxes exist for recursive types, and a
/// view that contained its own type directly would have infinite size.
pub struct Lazy<'a, T: Decode> {
    slot: Slot<'a>,
    /// Views `slot` in the required or optional form, whichever the box was in.
    view: fn(Slot<'a>) -> T::View<'a>,
}

impl<T: Decode> Clone for Lazy<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Decode> Copy for Lazy<'_, T> {}

impl<'a, T: Decode> Lazy<'a, T> {
    /// The view of the boxed value.
    pub fn get(&self) -> T::View<'a> {
        (self.view)(self.slot)
    }
}

impl<'a, T: Decode> fmt::Debug for Lazy<'a, T>
where
    T::View<'a>: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.get().fmt(f)
    }
}
