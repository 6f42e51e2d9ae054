//! Struct layout, computed at compile time (spec §1.3, §4.1): field offsets, size, alignment
//! and the padding masks that validation checks with one masked load per padded word.

use crate::decode::{Buffer, Linked, Validator};
use crate::encode::Encoder;
use crate::error::{ErrorKind, err_value};
use crate::view::Slot;
use crate::wire::Decode;
use crate::{ALLOC_PRESENT_U64, Result};

/// One padding check: the bytes selected by `mask` in the `width`-byte little-endian word at
/// `offset` (relative to the struct) must be zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaddingMask {
    /// Offset of the word, relative to the struct; aligned to `width`.
    pub offset: usize,
    /// Word width: 2, 4 or 8 (0 marks an unused entry).
    pub width: usize,
    /// Bits of padding within the word.
    pub mask: u64,
}

const NO_PAD: PaddingMask = PaddingMask {
    offset: 0,
    width: 0,
    mask: 0,
};

/// The layout of a struct with `N` fields; `P` must be `N + 1` (one possible gap before each
/// field plus the trailing one).
#[derive(Debug, Clone, Copy)]
pub struct StructLayout<const N: usize, const P: usize> {
    /// Offset of each field.
    pub offsets: [usize; N],
    /// Inline size (1 for the empty struct).
    pub size: usize,
    /// Alignment.
    pub align: usize,
    /// Padding checks; entries with `width == 0` are unused.
    pub padding: [PaddingMask; P],
}

const fn gap_mask(start: usize, end: usize, width: usize) -> PaddingMask {
    // A gap before a field of alignment A is shorter than A and ends on an A boundary, so it
    // lies inside one aligned A-byte word (the trailing gap likewise for the struct alignment).
    let word = end - width;
    let mut mask = 0u64;
    let mut i = start;
    while i < end {
        mask |= 0xff << ((i - word) * 8);
        i += 1;
    }
    PaddingMask {
        offset: word,
        width,
        mask,
    }
}

impl<const N: usize, const P: usize> StructLayout<N, P> {
    /// Lays out fields given as `(inline size, alignment)` in declaration order.
    pub const fn new(fields: [(usize, usize); N]) -> Self {
        assert!(P == N + 1, "StructLayout: P must be N + 1");
        let mut offsets = [0usize; N];
        let mut padding = [NO_PAD; P];
        let mut pads = 0;
        let mut end = 0usize;
        let mut align = 1usize;
        let mut i = 0;
        while i < N {
            let (size, a) = fields[i];
            let off = end.div_ceil(a) * a;
            if off > end {
                padding[pads] = gap_mask(end, off, a);
                pads += 1;
            }
            offsets[i] = off;
            end = off + size;
            if a > align {
                align = a;
            }
            i += 1;
        }
        let size = if N == 0 {
            1
        } else {
            end.div_ceil(align) * align
        };
        if N > 0 && size > end {
            padding[pads] = gap_mask(end, size, align);
        }
        StructLayout {
            offsets,
            size,
            align,
            padding,
        }
    }

    /// Checks every padding byte of the struct at `offset`.
    #[inline(always)]
    pub fn check_padding<B: Buffer>(&self, v: &Validator<'_, B>, offset: usize) -> Result<()> {
        if N == 0 {
            return match v.u8_at(offset) {
                0 => Ok(()),
                b => err_value(ErrorKind::InvalidEmptyStruct, offset, b.into()),
            };
        }
        let mut i = 0;
        while i < P {
            let p = self.padding[i];
            if p.width == 0 {
                return Ok(());
            }
            check_mask(v, offset, p)?;
            i += 1;
        }
        Ok(())
    }
}

/// Checks one padding mask of the struct at `offset`.
#[inline(always)]
fn check_mask<B: Buffer>(v: &Validator<'_, B>, offset: usize, p: PaddingMask) -> Result<()> {
    let at = offset + p.offset;
    let word = match p.width {
        2 => v.u16_at(at) as u64,
        4 => v.u32_at(at) as u64,
        _ => v.u64_at(at),
    };
    if word & p.mask != 0 {
        let first = (word & p.mask).trailing_zeros() as usize / 8;
        let byte = (word >> (first * 8)) & 0xff;
        return err_value(ErrorKind::InvalidPaddingByte, at + first, byte);
    }
    Ok(())
}

/// The layout of a struct whose members are known only at run time (the dynamic codec): the
/// same computation and the same padding checks as [`StructLayout`]. (`Default` is a
/// placeholder for a layout not computed yet.)
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {
    /// Offset of each member.
    pub offsets: Vec<usize>,
    /// Inline size (1 for the empty struct).
    pub size: usize,
    /// Alignment.
    pub align: usize,
    /// Padding checks.
    pub padding: Vec<PaddingMask>,
}

impl Layout {
    /// Lays out members given as `(inline size, alignment)` in declaration order.
    ///
    /// ```
    /// let l = fidlwire::layout::Layout::new(&[(1, 1), (4, 4)]);
    /// assert_eq!((l.offsets.as_slice(), l.size, l.align), (&[0, 4][..], 8, 4));
    /// ```
    pub fn new(fields: &[(usize, usize)]) -> Layout {
        let mut offsets = Vec::with_capacity(fields.len());
        let mut padding = Vec::new();
        let mut end = 0usize;
        let mut align = 1usize;
        for &(size, a) in fields {
            let a = a.max(1);
            let off = end.div_ceil(a) * a;
            if off > end {
                padding.push(gap_mask(end, off, a));
            }
            offsets.push(off);
            end = off + size;
            align = align.max(a);
        }
        let size = if fields.is_empty() {
            1
        } else {
            end.div_ceil(align) * align
        };
        if !fields.is_empty() && size > end {
            padding.push(gap_mask(end, size, align));
        }
        Layout {
            offsets,
            size,
            align,
            padding,
        }
    }

    /// Checks every padding byte of the struct at `offset` (the empty struct's byte too).
    pub fn check_padding<B: Buffer>(&self, v: &Validator<'_, B>, offset: usize) -> Result<()> {
        if self.offsets.is_empty() {
            return match v.u8_at(offset) {
                0 => Ok(()),
                b => err_value(ErrorKind::InvalidEmptyStruct, offset, b.into()),
            };
        }
        self.padding
            .iter()
            .try_for_each(|&p| check_mask(v, offset, p))
    }
}

/// `box<S>` encoding for a present struct: presence word at `offset`, struct out of line.
#[inline]
pub fn encode_box<S: crate::Encode>(
    value: &S,
    e: &mut Encoder<'_>,
    offset: usize,
    depth: u32,
) -> Result<()> {
    e.write_u64(offset, ALLOC_PRESENT_U64);
    let body = e.alloc(S::INLINE_SIZE, depth + 1)?;
    value.encode(e, body, depth + 1, S::Constraint::default())
}

/// Validates `box<S>` at `offset`; `Ok(false)` when absent.
#[inline]
pub fn validate_box<S: Decode, B: Buffer>(
    v: &mut Validator<'_, B>,
    offset: usize,
    depth: u32,
) -> Result<bool> {
    box_with::<S, B, ()>(v, offset, depth, |v, body| {
        S::validate(v, body, depth + 1, S::Constraint::default())
    })
    .map(|present| present.is_some())
}

/// Decodes `box<S>` at `offset` in one pass ([`Decode::decode_fused`]); `None` when absent.
#[inline]
pub fn decode_box<S: Decode>(
    v: &mut Validator<'_, Linked<'_>>,
    offset: usize,
    depth: u32,
) -> Result<Option<S>> {
    box_with::<S, _, S>(v, offset, depth, |v, body| {
        S::decode_fused(v, body, depth + 1, S::Constraint::default())
    })
}

/// The rules of `box<S>` at `offset`, with `inner` doing the present struct at its body.
#[inline(always)]
fn box_with<S: Decode, B: Buffer, R>(
    v: &mut Validator<'_, B>,
    offset: usize,
    depth: u32,
    inner: impl FnOnce(&mut Validator<'_, B>, usize) -> Result<R>,
) -> Result<Option<R>> {
    box_sized(v, offset, depth, S::INLINE_SIZE, inner)
}

/// `box<S>` at `offset` for a struct of `size` bytes: `None` when absent, else `inner` does
/// the struct at its claimed body (at depth `depth + 1`). `box_with` with the size as a
/// parameter, for the dynamic codec (as `rules::boxed`).
#[inline(always)]
pub fn box_sized<B: Buffer, R>(
    v: &mut Validator<'_, B>,
    offset: usize,
    depth: u32,
    size: usize,
    inner: impl FnOnce(&mut Validator<'_, B>, usize) -> Result<R>,
) -> Result<Option<R>> {
    match v.u64_at(offset) {
        0 => Ok(None),
        ALLOC_PRESENT_U64 => {
            let body = v.claim(size, depth + 1)?;
            v.link(offset, body);
            inner(v, body).map(Some)
        }
        other => err_value(ErrorKind::InvalidPresenceIndicator, offset, other),
    }
}

/// Views a validated `box<S>` at `slot`.
#[inline]
pub fn view_box<S: Decode>(slot: Slot<'_>) -> Option<S::View<'_>> {
    match slot.u64() {
        0 => None,
        _ => Some(S::view(slot.follow())),
    }
}
