//! Primitives: integers, floats (bit-exact) and `bool` (validated).
//!
//! Slices of integers and floats encode and decode as one copy on little-endian targets.

use crate::Result;
use crate::decode::{Buffer, Linked, Validator};
use crate::encode::Encoder;
use crate::error::{ErrorKind, err_value};
use crate::view::Slot;
use crate::wire::{Decode, Encode, Type, ValueType};
use zerocopy::IntoBytes;

macro_rules! numeric {
    ($($t:ty),*) => {$(
        impl Type for $t {
            const INLINE_SIZE: usize = size_of::<$t>();
            const ALIGN: usize = size_of::<$t>();
            const PLAIN: bool = true;
            type Constraint = ();
        }
        impl ValueType for $t {}

        impl Encode for $t {
            #[inline(always)]
            fn encode(&self, e: &mut Encoder<'_>, offset: usize, _: u32, _: ()) -> Result<()> {
                e.bytes_mut(offset, size_of::<$t>()).copy_from_slice(&self.to_le_bytes());
                Ok(())
            }

            #[inline]
            fn encode_slice(items: &[Self], e: &mut Encoder<'_>, offset: usize, depth: u32, c: ()) -> Result<()> {
                if cfg!(target_endian = "little") {
                    e.bytes_mut(offset, size_of_val(items)).copy_from_slice(items.as_bytes());
                    Ok(())
                } else {
                    for (i, item) in items.iter().enumerate() {
                        item.encode(e, offset + i * size_of::<$t>(), depth, c)?;
                    }
                    Ok(())
                }
            }

            #[inline]
            fn wire_bytes(items: &[Self]) -> Option<&[u8]> {
                cfg!(target_endian = "little").then(|| items.as_bytes())
            }
        }

        impl Decode for $t {
            type View<'a> = $t;

            #[inline(always)]
            fn validate<B: Buffer>(_: &mut Validator<'_, B>, _: usize, _: u32, _: ()) -> Result<()> {
                Ok(())
            }

            #[inline(always)]
            fn view(slot: Slot<'_>) -> $t {
                let mut a = [0u8; size_of::<$t>()];
                a.copy_from_slice(slot.bytes(size_of::<$t>()));
                <$t>::from_le_bytes(a)
            }

            #[inline(always)]
            fn from_view(view: $t) -> $t {
                view
            }

            #[inline(always)]
            fn validate_slice<B: Buffer>(_: &mut Validator<'_, B>, _: usize, _: usize, _: u32, _: ()) -> Result<()> {
                Ok(())
            }

            #[inline]
            fn from_slice_view(slot: Slot<'_>, count: usize) -> Vec<$t> {
                Self::from_le_slice(slot.bytes(count * size_of::<$t>()))
            }

            #[inline(always)]
            fn decode_fused(v: &mut Validator<'_, Linked<'_>>, offset: usize, _: u32, _: ()) -> Result<$t> {
                let mut a = [0u8; size_of::<$t>()];
                a.copy_from_slice(&v.bytes()[offset..offset + size_of::<$t>()]);
                Ok(<$t>::from_le_bytes(a))
            }

            #[inline]
            fn decode_slice(v: &mut Validator<'_, Linked<'_>>, offset: usize, count: usize, _: u32, _: ()) -> Result<Vec<$t>> {
                Ok(Self::from_le_slice(&v.bytes()[offset..offset + count * size_of::<$t>()]))
            }
        }

        impl FromLeSlice for $t {
            #[inline]
            fn from_le_slice(bytes: &[u8]) -> Vec<$t> {
                if cfg!(target_endian = "little") {
                    let mut out: Vec<$t> = vec![0 as $t; bytes.len() / size_of::<$t>()];
                    out.as_mut_bytes().copy_from_slice(bytes);
                    out
                } else {
                    bytes
                        .chunks_exact(size_of::<$t>())
                        .map(|c| <$t>::from_le_bytes(c.try_into().expect("exact chunk")))
                        .collect()
                }
            }
        }
    )*};
}

/// One copy from little-endian wire bytes into a vector of numbers.
trait FromLeSlice: Sized {
    fn from_le_slice(bytes: &[u8]) -> Vec<Self>;
}

numeric!(u8, u16, u32, u64, i8, i16, i32, i64, f32, f64);

impl Type for bool {
    const INLINE_SIZE: usize = 1;
    const ALIGN: usize = 1;
    type Constraint = ();
}
impl ValueType for bool {}

impl Encode for bool {
    #[inline(always)]
    fn encode(&self, e: &mut Encoder<'_>, offset: usize, _: u32, _: ()) -> Result<()> {
        e.write_u8(offset, *self as u8);
        Ok(())
    }

    fn wire_bytes(items: &[Self]) -> Option<&[u8]> {
        Some(items.as_bytes())
    }
}

impl Decode for bool {
    type View<'a> = bool;

    #[inline(always)]
    fn validate<B: Buffer>(v: &mut Validator<'_, B>, offset: usize, _: u32, _: ()) -> Result<()> {
        match v.u8_at(offset) {
            0 | 1 => Ok(()),
            b => err_value(ErrorKind::InvalidBoolean, offset, b.into()),
        }
    }

    #[inline(always)]
    fn view(slot: Slot<'_>) -> bool {
        slot.u8() != 0
    }

    #[inline(always)]
    fn from_view(view: bool) -> bool {
        view
    }

    fn validate_slice<B: Buffer>(
        v: &mut Validator<'_, B>,
        offset: usize,
        count: usize,
        _: u32,
        _: (),
    ) -> Result<()> {
        match v.bytes()[offset..offset + count]
            .iter()
            .position(|b| *b > 1)
        {
            None => Ok(()),
            Some(i) => err_value(
                ErrorKind::InvalidBoolean,
                offset + i,
                v.bytes()[offset + i].into(),
            ),
        }
    }

    #[inline]
    fn from_slice_view(slot: Slot<'_>, count: usize) -> Vec<bool> {
        bools(slot.bytes(count))
    }

    #[inline(always)]
    fn decode_fused(
        v: &mut Validator<'_, Linked<'_>>,
        offset: usize,
        depth: u32,
        c: (),
    ) -> Result<bool> {
        Self::validate(v, offset, depth, c)?;
        Ok(v.u8_at(offset) != 0)
    }

    #[inline]
    fn decode_slice(
        v: &mut Validator<'_, Linked<'_>>,
        offset: usize,
        count: usize,
        depth: u32,
        c: (),
    ) -> Result<Vec<bool>> {
        Self::validate_slice(v, offset, count, depth, c)?;
        Ok(bools(&v.bytes()[offset..offset + count]))
    }
}

/// Validated bytes (each 0 or 1) as booleans. zerocopy re-checks each byte (safe code cannot
/// take the validator's word for it), which is still one pass and one copy instead of a push
/// per element.
#[inline]
fn bools(bytes: &[u8]) -> Vec<bool> {
    match <[bool] as zerocopy::TryFromBytes>::try_ref_from_bytes(bytes) {
        Ok(items) => items.to_vec(),
        Err(_) => bytes.iter().map(|b| *b != 0).collect(),
    }
}
