//! `Option<T>` (the optional form of a [`Nullable`] type) and `Box<T>` (transparent: same wire
//! form as `T`, for recursive Rust types).

use crate::decode::{Buffer, Validator};
use crate::encode::Encoder;
use crate::view::Slot;
use crate::wire::{Decode, Encode, Nullable, Type, ValueType};
use crate::Result;

impl<T: Nullable> Type for Option<T> {
    const INLINE_SIZE: usize = T::OPTIONAL_INLINE_SIZE;
    const ALIGN: usize = T::OPTIONAL_ALIGN;
    const RESOURCE: bool = T::RESOURCE;
    type Constraint = T::Constraint;
}
impl<T: Nullable + ValueType> ValueType for Option<T> {}

impl<T: Nullable> Encode for Option<T> {
    #[inline]
    fn encode(&self, e: &mut Encoder<'_>, offset: usize, depth: u32, c: T::Constraint) -> Result<()> {
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
    fn validate<B: Buffer>(v: &mut Validator<'_, B>, offset: usize, depth: u32, c: T::Constraint) -> Result<()> {
        T::validate_optional(v, offset, depth, c).map(drop)
    }

    #[inline]
    fn view(slot: Slot<'_>) -> Option<T::View<'_>> {
        T::view_optional(slot)
    }

    fn from_view(view: Option<T::View<'_>>) -> Option<T> {
        view.map(T::from_view)
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
    fn encode(&self, e: &mut Encoder<'_>, offset: usize, depth: u32, c: T::Constraint) -> Result<()> {
        (**self).encode(e, offset, depth, c)
    }
}

impl<T: Decode> Decode for Box<T> {
    type View<'a> = T::View<'a>;

    #[inline]
    fn validate<B: Buffer>(v: &mut Validator<'_, B>, offset: usize, depth: u32, c: T::Constraint) -> Result<()> {
        T::validate(v, offset, depth, c)
    }

    #[inline]
    fn view(slot: Slot<'_>) -> T::View<'_> {
        T::view(slot)
    }

    fn from_view(view: T::View<'_>) -> Box<T> {
        Box::new(T::from_view(view))
    }
}

impl<T: Nullable> Nullable for Box<T> {
    const OPTIONAL_INLINE_SIZE: usize = T::OPTIONAL_INLINE_SIZE;
    const OPTIONAL_ALIGN: usize = T::OPTIONAL_ALIGN;

    fn encode_present(&self, e: &mut Encoder<'_>, offset: usize, depth: u32, c: T::Constraint) -> Result<()> {
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

    fn view_optional(slot: Slot<'_>) -> Option<T::View<'_>> {
        T::view_optional(slot)
    }
}
