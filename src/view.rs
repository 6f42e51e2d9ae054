//! Zero-copy views over a validated, rewritten buffer.
//!
//! A [`Slot`] is a position in a decoded buffer. Views are thin wrappers around slots; reading
//! a field is an O(1) offset computation because validation recorded, for every presence
//! marker, the offset of the block it announces: in a side table (`Links`, views over
//! `&[u8]`) or in the marker itself (the in-place tier over `&mut [u8]`). Offsets, not
//! addresses: a decoded buffer stays relocatable. Reads go through bounds-checked slices; the
//! only `unsafe` is the UTF-8 proof in the `links` module.

use crate::handle::HandleInfo;
use crate::links::Links;
use crate::wire::Decode;
use std::fmt;
use std::marker::PhantomData;

/// A position in a decoded buffer.
#[derive(Clone, Copy)]
pub struct Slot<'a> {
    bytes: &'a [u8],
    handles: &'a [HandleInfo],
    /// `None`: the in-place tier (markers were rewritten into offsets).
    links: Option<&'a Links>,
    offset: usize,
}

impl<'a> Slot<'a> {
    /// The slot of the primary object of a buffer validated in place. Crate-private: only
    /// validated buffers get slots.
    pub(crate) fn root(bytes: &'a [u8], handles: &'a [HandleInfo]) -> Slot<'a> {
        Slot {
            bytes,
            handles,
            links: None,
            offset: 0,
        }
    }

    /// The slot of the primary object of a read-only buffer validated with `links`.
    pub(crate) fn linked(bytes: &'a [u8], handles: &'a [HandleInfo], links: &'a Links) -> Slot<'a> {
        Slot {
            bytes,
            handles,
            links: Some(links),
            offset: 0,
        }
    }

    /// The out-of-line block announced by the present pointer word at this slot (a vector or
    /// string body, a boxed struct, a table's envelope array, an envelope's value).
    #[inline(always)]
    pub fn follow(self) -> Slot<'a> {
        let offset = match self.links {
            Some(l) => l.target(self.offset),
            None => self.u64() as usize,
        };
        Slot { offset, ..self }
    }

    /// The string whose header is at this slot (validated as UTF-8 by the validator).
    #[inline(always)]
    pub fn str(self) -> &'a str {
        match self.links {
            Some(l) => l.str_at(self.bytes, self.offset),
            None => {
                let len = self.u64() as usize;
                if len == 0 {
                    return "";
                }
                // In place, the buffer was writable by the caller after validation: check.
                std::str::from_utf8(self.at(8).follow().bytes(len))
                    .expect("fidlwire: string view over bytes that were not validated")
            }
        }
    }

    /// The handle in the present handle slot at this slot.
    #[inline(always)]
    pub fn handle_info(self) -> &'a HandleInfo {
        let index = match self.links {
            Some(l) => l.handle(self.offset),
            None => self.u32() as usize - 1,
        };
        &self.handles[index]
    }

    /// The slot `delta` bytes further on.
    #[inline(always)]
    pub fn at(self, delta: usize) -> Slot<'a> {
        Slot {
            offset: self.offset + delta,
            ..self
        }
    }

    /// The slot at absolute buffer offset `offset`.
    #[inline(always)]
    pub(crate) fn with_offset(self, offset: usize) -> Slot<'a> {
        Slot { offset, ..self }
    }

    /// This slot's absolute offset.
    #[inline(always)]
    pub fn offset(self) -> usize {
        self.offset
    }

    /// `len` bytes starting at this slot.
    #[inline(always)]
    pub fn bytes(self, len: usize) -> &'a [u8] {
        &self.bytes[self.offset..self.offset + len]
    }

    /// Reads the `u8` at this slot.
    #[inline(always)]
    pub fn u8(self) -> u8 {
        self.bytes[self.offset]
    }

    /// Reads the little-endian `u16` at this slot.
    #[inline(always)]
    pub fn u16(self) -> u16 {
        u16::from_le_bytes(self.array())
    }

    /// Reads the little-endian `u32` at this slot.
    #[inline(always)]
    pub fn u32(self) -> u32 {
        u32::from_le_bytes(self.array())
    }

    /// Reads the little-endian `u64` at this slot.
    #[inline(always)]
    pub fn u64(self) -> u64 {
        u64::from_le_bytes(self.array())
    }

    #[inline(always)]
    fn array<const N: usize>(self) -> [u8; N] {
        let mut a = [0u8; N];
        a.copy_from_slice(&self.bytes[self.offset..self.offset + N]);
        a
    }
}

impl fmt::Debug for Slot<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Slot(@{})", self.offset)
    }
}

/// A view of `len` consecutive `T`s: a vector body or an array.
pub struct SeqView<'a, T> {
    slot: Slot<'a>,
    len: usize,
    _t: PhantomData<fn() -> T>,
}

impl<T> Clone for SeqView<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for SeqView<'_, T> {}

impl<'a, T: Decode> SeqView<'a, T> {
    /// A view of `len` elements starting at `slot`.
    #[inline(always)]
    pub fn new(slot: Slot<'a>, len: usize) -> Self {
        SeqView {
            slot,
            len,
            _t: PhantomData,
        }
    }

    /// Number of elements.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there are no elements.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The element at `index`, or `None` when out of range.
    #[inline]
    pub fn get(&self, index: usize) -> Option<T::View<'a>> {
        (index < self.len).then(|| T::view(self.slot.at(index * T::INLINE_SIZE)))
    }

    /// Iterates over the elements.
    pub fn iter(&self) -> SeqIter<'a, T> {
        SeqIter {
            seq: *self,
            next: 0,
        }
    }

    /// The raw wire bytes of the elements (`len * inline size` bytes).
    pub fn wire_bytes(&self) -> &'a [u8] {
        self.slot.bytes(self.len * T::INLINE_SIZE)
    }

    /// Converts to an owned vector (taking handles).
    pub fn to_vec(&self) -> Vec<T> {
        T::from_slice_view(self.slot, self.len)
    }

    pub(crate) fn slot(&self) -> Slot<'a> {
        self.slot
    }
}

impl<'a> SeqView<'a, u8> {
    /// The bytes, borrowed from the message.
    #[inline(always)]
    pub fn as_bytes(&self) -> &'a [u8] {
        self.slot.bytes(self.len)
    }
}

impl<'a> SeqView<'a, i8> {
    /// The values, borrowed from the message.
    pub fn as_slice(&self) -> &'a [i8] {
        zerocopy::FromBytes::ref_from_bytes(self.slot.bytes(self.len))
            .expect("i8 has no alignment or size constraints")
    }
}

macro_rules! le_slices {
    ($($t:ty => $le:ty),*) => {$(
        impl<'a> SeqView<'a, $t> {
            /// The values as little-endian wire integers (alignment 1), borrowed from the message.
            pub fn as_slice(&self) -> &'a [$le] {
                zerocopy::FromBytes::ref_from_bytes(self.slot.bytes(self.len * size_of::<$t>()))
                    .expect("little-endian wire types have alignment 1")
            }
        }
    )*};
}

le_slices!(
    u16 => zerocopy::little_endian::U16,
    u32 => zerocopy::little_endian::U32,
    u64 => zerocopy::little_endian::U64,
    i16 => zerocopy::little_endian::I16,
    i32 => zerocopy::little_endian::I32,
    i64 => zerocopy::little_endian::I64,
    f32 => zerocopy::little_endian::F32,
    f64 => zerocopy::little_endian::F64
);

impl<'a, T: Decode> IntoIterator for SeqView<'a, T> {
    type Item = T::View<'a>;
    type IntoIter = SeqIter<'a, T>;
    fn into_iter(self) -> SeqIter<'a, T> {
        self.iter()
    }
}

impl<'a, T: Decode> fmt::Debug for SeqView<'a, T>
where
    T::View<'a>: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Iterator over a [`SeqView`].
pub struct SeqIter<'a, T> {
    seq: SeqView<'a, T>,
    next: usize,
}

impl<'a, T: Decode> Iterator for SeqIter<'a, T> {
    type Item = T::View<'a>;
    #[inline]
    fn next(&mut self) -> Option<T::View<'a>> {
        let item = self.seq.get(self.next)?;
        self.next += 1;
        Some(item)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.seq.len - self.next;
        (n, Some(n))
    }
}

impl<T: Decode> ExactSizeIterator for SeqIter<'_, T> {}
