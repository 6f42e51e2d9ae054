//! Arrays (spec §4.2): `N` elements inline, stride = element inline size.

use crate::Result;
use crate::decode::{Buffer, Validator};
use crate::encode::Encoder;
use crate::view::{SeqView, Slot};
use crate::wire::{Decode, Encode, Type, ValueType};

impl<T: Type, const N: usize> Type for [T; N] {
    const INLINE_SIZE: usize = N * T::INLINE_SIZE;
    const ALIGN: usize = T::ALIGN;
    const RESOURCE: bool = T::RESOURCE;
    const PLAIN: bool = T::PLAIN;
    type Constraint = T::Constraint;
}
impl<T: ValueType, const N: usize> ValueType for [T; N] {}

impl<T: Encode, const N: usize> Encode for [T; N] {
    #[inline]
    fn encode(
        &self,
        e: &mut Encoder<'_>,
        offset: usize,
        depth: u32,
        c: T::Constraint,
    ) -> Result<()> {
        T::encode_slice(self, e, offset, depth, c)
    }

    #[inline(always)]
    fn wire_bytes(items: &[Self]) -> Option<&[u8]> {
        // Arrays are their elements back to back, so arrays of wire-form elements are too.
        T::wire_bytes(items.as_flattened())
    }
}

impl<T: Decode, const N: usize> Decode for [T; N] {
    type View<'a> = SeqView<'a, T>;

    #[inline]
    fn validate<B: Buffer>(
        v: &mut Validator<'_, B>,
        offset: usize,
        depth: u32,
        c: T::Constraint,
    ) -> Result<()> {
        T::validate_slice(v, offset, N, depth, c)
    }

    #[inline]
    fn view(slot: Slot<'_>) -> SeqView<'_, T> {
        SeqView::new(slot, N)
    }

    fn from_view(view: SeqView<'_, T>) -> [T; N] {
        let slot = view.slot();
        std::array::from_fn(|i| T::from_view(T::view(slot.at(i * T::INLINE_SIZE))))
    }
}
