//! Envelopes (spec §8): the 8-byte containers of table fields and union variants, with the
//! canonical inline form for values of at most 4 bytes.

use crate::Result;
use crate::decode::{Buffer, Linked, Validator};
use crate::encode::Encoder;
use crate::error::{ErrorKind, err, err_limit, err_mismatch, err_value};
use crate::view::Slot;
use crate::wire::{Decode, Encode};

/// Whether values of type `T` are inlined in envelopes (inline size ≤ 4).
#[inline(always)]
pub const fn inlined<T: crate::Type>() -> bool {
    T::INLINE_SIZE <= 4
}

/// A checked envelope header (spec §8.3): absent, inline, or out of line.
///
/// Kept as the raw 8 bytes rather than an enum: the validator's hot loops pass it by value,
/// and a multi-field enum was stored piecewise and reloaded whole, stalling store forwarding on
/// every envelope (measured on `Table/*/63`; see `BENCHMARKS.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnvelopeHeader(u64);

impl EnvelopeHeader {
    /// The zero envelope: absent.
    pub const ABSENT: EnvelopeHeader = EnvelopeHeader(0);

    /// True for the zero envelope.
    #[inline(always)]
    pub fn is_absent(self) -> bool {
        self.0 == 0
    }

    /// True when the value sits in the envelope's first 4 bytes.
    #[inline(always)]
    pub fn is_inline(self) -> bool {
        (self.0 >> 48) == 1
    }

    /// Out-of-line bytes of the value (meaningless for inline envelopes).
    #[inline(always)]
    pub fn num_bytes(self) -> u32 {
        self.0 as u32
    }

    /// Handles carried by the value.
    #[inline(always)]
    pub fn num_handles(self) -> u16 {
        (self.0 >> 32) as u16
    }
}

/// Reads and checks the envelope header at `offset` (spec §8.3).
#[inline(always)]
pub fn read_header<B: Buffer>(v: &Validator<'_, B>, offset: usize) -> Result<EnvelopeHeader> {
    let raw = v.u64_at(offset);
    let h = EnvelopeHeader(raw);
    if raw == 0 {
        return Ok(h);
    }
    match raw >> 48 {
        1 => Ok(h),
        // Out of line with zero bytes (but handles) is never canonical.
        0 if !h.num_bytes().is_multiple_of(8) || h.num_bytes() == 0 => err_value(
            ErrorKind::InvalidNumBytesInEnvelope,
            offset,
            h.num_bytes().into(),
        ),
        0 => Ok(h),
        _ => err_value(
            ErrorKind::InvalidInlineMarkerInEnvelope,
            offset + 6,
            raw >> 48,
        ),
    }
}

/// Encodes `value` in the envelope at `offset`, inside a block at `depth`.
#[inline]
pub fn encode<T: Encode>(
    value: &T,
    e: &mut Encoder<'_>,
    offset: usize,
    depth: u32,
    c: T::Constraint,
) -> Result<()> {
    encode_sized(
        e,
        offset,
        depth,
        T::INLINE_SIZE,
        T::RESOURCE,
        |e, at, depth| value.encode(e, at, depth, c),
    )
}

/// [`encode`] for a value of `inline_size` bytes known only at run time (the dynamic codec,
/// as `rules::encode_envelope`): `value` writes the value at its offset and depth (inline when
/// at most 4 bytes); `resource` records the handle count.
#[inline(always)]
pub fn encode_sized(
    e: &mut Encoder<'_>,
    offset: usize,
    depth: u32,
    inline_size: usize,
    resource: bool,
    value: impl FnOnce(&mut Encoder<'_>, usize, u32) -> Result<()>,
) -> Result<()> {
    let h0 = e.handle_count();
    if inline_size <= 4 {
        value(e, offset, depth)?;
        e.write_u16(offset + 6, 1);
    } else {
        let start = e.len();
        let body = e.alloc(inline_size, depth + 1)?;
        value(e, body, depth + 1)?;
        let num_bytes = u32::try_from(e.len() - start)
            .or_else(|_| err(ErrorKind::InvalidNumBytesInEnvelope, offset))?;
        e.write_u32(offset, num_bytes);
    }
    // A value type carries no handles: its count stays the zero the block was allocated with.
    if resource {
        let num_handles = u16::try_from(e.handle_count() - h0)
            .or_else(|_| err(ErrorKind::InvalidNumHandlesInEnvelope, offset))?;
        e.write_u16(offset + 4, num_handles);
    }
    Ok(())
}

/// Validates a present envelope of known type `T` at `offset` in a block at `depth`
/// (spec §8.4), inside a table or union that is a `resource` type or not. In rewriting mode an
/// out-of-line envelope's `num_bytes` becomes the value's offset.
#[inline(always)]
pub fn validate_known<T: Decode, B: Buffer>(
    v: &mut Validator<'_, B>,
    offset: usize,
    depth: u32,
    c: T::Constraint,
    header: EnvelopeHeader,
    resource: bool,
) -> Result<()> {
    known_with::<T, B, ()>(v, offset, header, resource, depth, |v, at, depth| {
        T::validate(v, at, depth, c)
    })
    .map(drop)
}

/// [`validate_known`] building the value in the same pass; `None` for an absent envelope.
#[inline(always)]
pub fn decode_known<T: Decode>(
    v: &mut Validator<'_, Linked<'_>>,
    offset: usize,
    depth: u32,
    c: T::Constraint,
    header: EnvelopeHeader,
    resource: bool,
) -> Result<Option<T>> {
    known_with::<T, _, T>(v, offset, header, resource, depth, |v, at, depth| {
        T::decode_fused(v, at, depth, c)
    })
}

/// The rules of a known envelope (spec §8.4), with `value` doing the value of type `T` at its
/// offset and depth. `None` for an absent envelope.
#[inline(always)]
pub(crate) fn known_with<T: Decode, B: Buffer, R>(
    v: &mut Validator<'_, B>,
    offset: usize,
    header: EnvelopeHeader,
    resource: bool,
    depth: u32,
    value: impl FnOnce(&mut Validator<'_, B>, usize, u32) -> Result<R>,
) -> Result<Option<R>> {
    known_sized(v, offset, header, resource, depth, T::INLINE_SIZE, value)
}

/// A known envelope at `offset` with header `header` (spec §8.4) holding a value of
/// `inline_size` bytes, in a table or union that is a `resource` or not: `None` when absent,
/// else `value` does the value at its offset and depth (inline, or claimed out of line).
/// `known_with` with the size as a parameter, for the dynamic codec (as `rules::envelope`);
/// with a constant size it compiles to the same code.
#[inline(always)]
pub fn known_sized<B: Buffer, R>(
    v: &mut Validator<'_, B>,
    offset: usize,
    header: EnvelopeHeader,
    resource: bool,
    depth: u32,
    inline_size: usize,
    value: impl FnOnce(&mut Validator<'_, B>, usize, u32) -> Result<R>,
) -> Result<Option<R>> {
    let num_handles = header.num_handles() as usize;
    // A known member of a value type can hold no handles: any count is wrong, whatever the
    // message carries. Resource types first check that the handles exist at all.
    if !resource && num_handles != 0 {
        return err_mismatch(
            ErrorKind::InvalidNumHandlesInEnvelope,
            offset + 4,
            0,
            num_handles as u64,
        );
    }
    if num_handles > v.handles_left() {
        return err_limit(
            ErrorKind::EnvelopeHandlesExceedMessageLength,
            offset + 4,
            v.handles_left() as u64,
            num_handles as u64,
        );
    }
    let h0 = v.handle_cursor();
    if header.is_absent() {
        return Ok(None);
    }
    let out = if header.is_inline() {
        if inline_size > 4 {
            return err(ErrorKind::InvalidInlineBitInEnvelope, offset + 6);
        }
        // The bytes after the value up to the 4-byte mark are padding: one masked read.
        if inline_size < 4 && u64::from(v.u32_at(offset)) >> (inline_size * 8) != 0 {
            v.check_zero(offset + inline_size, 4 - inline_size)?;
        }
        value(v, offset, depth)?
    } else {
        if inline_size <= 4 {
            return err(ErrorKind::InvalidInlineBitInEnvelope, offset + 6);
        }
        let start = v.cursor();
        let body = v.claim(inline_size, depth + 1)?;
        let out = value(v, body, depth + 1)?;
        if v.cursor() - start != header.num_bytes() as usize {
            return err_mismatch(
                ErrorKind::InvalidNumBytesInEnvelope,
                offset,
                (v.cursor() - start) as u64,
                header.num_bytes().into(),
            );
        }
        v.link(offset, body);
        out
    };
    // In a value type the count was proven zero above and nothing can consume a handle.
    if resource && v.handle_cursor() - h0 != num_handles {
        return err_mismatch(
            ErrorKind::InvalidNumHandlesInEnvelope,
            offset + 4,
            (v.handle_cursor() - h0) as u64,
            num_handles as u64,
        );
    }
    Ok(Some(out))
}

/// Skips a present envelope of unknown type (spec §8.5): its bytes are opaque, its handles are
/// closed.
pub fn validate_unknown<B: Buffer>(
    v: &mut Validator<'_, B>,
    offset: usize,
    depth: u32,
    header: EnvelopeHeader,
) -> Result<()> {
    skip_unknown(v, offset, depth, header, false).map(drop)
}

/// Skips a present envelope of unknown type and returns where its bytes are (the 4 inline
/// bytes, or the out-of-line block); its handles are closed, or consumed and left open when
/// `keep_handles` (for a codec that re-encodes unknown data).
pub fn skip_unknown<B: Buffer>(
    v: &mut Validator<'_, B>,
    offset: usize,
    depth: u32,
    header: EnvelopeHeader,
    keep_handles: bool,
) -> Result<std::ops::Range<usize>> {
    let bytes = if header.is_inline() {
        offset..offset + 4
    } else if header.is_absent() {
        offset..offset
    } else {
        let start = v.cursor();
        v.skip(header.num_bytes() as usize, depth + 1)?;
        start..v.cursor()
    };
    match keep_handles {
        true => v.keep_handles(header.num_handles() as usize, offset + 4)?,
        false => v.close_handles(header.num_handles() as usize, offset + 4)?,
    }
    Ok(bytes)
}

/// Views the value of a present, validated envelope at `slot`.
#[inline]
pub fn view<T: Decode>(slot: Slot<'_>) -> T::View<'_> {
    if inlined::<T>() {
        T::view(slot)
    } else {
        T::view(slot.follow())
    }
}
