//! The encoder: a growable byte buffer with an out-of-line cursor and a handle list.

use crate::error::{Error, ErrorKind, err};
use crate::handle::{Handle, HandleConstraint, HandleDisposition};
use crate::wire::{Encode, ValueType};
use crate::{MAX_DEPTH, Result};

/// Rounds `n` up to a multiple of 8.
#[inline(always)]
pub const fn align8(n: usize) -> usize {
    (n + 7) & !7
}

/// Blocks up to this size are appended word by word (see [`Encoder::append_block`]).
const SMALL_BLOCK: usize = 64;

/// Encoding state. Blocks are appended in traversal order, so the buffer's length *is* the
/// out-of-line cursor.
pub struct Encoder<'a> {
    buf: &'a mut Vec<u8>,
    handles: &'a mut Vec<HandleDisposition>,
    max_depth: u32,
}

impl<'a> Encoder<'a> {
    /// An encoder appending to `buf` and `handles` (both cleared first).
    pub fn new(buf: &'a mut Vec<u8>, handles: &'a mut Vec<HandleDisposition>) -> Encoder<'a> {
        buf.clear();
        handles.clear();
        Encoder {
            buf,
            handles,
            max_depth: MAX_DEPTH,
        }
    }

    /// Current length of the message (= where the next out-of-line block goes).
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.buf.len()
    }

    /// True when nothing has been written yet.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// Number of handles moved into the message so far.
    #[inline(always)]
    pub fn handle_count(&self) -> usize {
        self.handles.len()
    }

    /// Claims a zeroed block of `align8(len)` bytes at `depth`, returning its offset.
    #[inline]
    pub fn alloc(&mut self, len: usize, depth: u32) -> Result<usize> {
        if depth > self.max_depth {
            return err(ErrorKind::ExceededMaxOutOfLineDepth, self.buf.len());
        }
        let off = self.buf.len();
        self.buf.resize(off + align8(len), 0);
        Ok(off)
    }

    /// Appends `data` as a new block at `depth`, zero-padded to 8 bytes. This avoids zeroing
    /// bytes that are immediately overwritten (the byte-vector fast path).
    #[inline]
    pub fn append_block(&mut self, data: &[u8], depth: u32) -> Result<usize> {
        if depth > self.max_depth {
            return err(ErrorKind::ExceededMaxOutOfLineDepth, self.buf.len());
        }
        let off = self.buf.len();
        if data.len() <= SMALL_BLOCK {
            // Short strings and vectors dominate real messages. Staging them in a zeroed stack
            // image makes the padding part of one append (one capacity check, one length
            // update); appending word by word reloaded and re-checked the length per word.
            let mut image = [0u8; SMALL_BLOCK];
            image[..data.len()].copy_from_slice(data);
            self.buf.extend_from_slice(&image[..align8(data.len())]);
            return Ok(off);
        }
        self.buf.reserve(align8(data.len()));
        self.buf.extend_from_slice(data);
        self.buf.resize(off + align8(data.len()), 0);
        Ok(off)
    }

    /// Mutable access to already-claimed bytes.
    #[inline(always)]
    pub fn bytes_mut(&mut self, offset: usize, len: usize) -> &mut [u8] {
        &mut self.buf[offset..offset + len]
    }

    /// Writes a `u8` at `offset`.
    #[inline(always)]
    pub fn write_u8(&mut self, offset: usize, v: u8) {
        self.buf[offset] = v;
    }

    /// Writes a little-endian `u16` at `offset`.
    #[inline(always)]
    pub fn write_u16(&mut self, offset: usize, v: u16) {
        self.buf[offset..offset + 2].copy_from_slice(&v.to_le_bytes());
    }

    /// Writes a little-endian `u32` at `offset`.
    #[inline(always)]
    pub fn write_u32(&mut self, offset: usize, v: u32) {
        self.buf[offset..offset + 4].copy_from_slice(&v.to_le_bytes());
    }

    /// Writes a little-endian `u64` at `offset`.
    #[inline(always)]
    pub fn write_u64(&mut self, offset: usize, v: u64) {
        self.buf[offset..offset + 8].copy_from_slice(&v.to_le_bytes());
    }

    /// Moves `handle` into the message with the declared type and rights; writes the presence
    /// marker at `offset`.
    pub fn push_handle(&mut self, offset: usize, handle: Handle, c: HandleConstraint) {
        self.write_u32(offset, crate::ALLOC_PRESENT_U32);
        self.handles.push(HandleDisposition {
            handle,
            object_type: c.object_type,
            rights: c.rights,
        });
    }
}

/// Options for encoding.
#[derive(Debug, Clone, Copy)]
pub struct EncodeOptions {
    /// Maximum out-of-line depth (default 32).
    pub max_depth: u32,
}

impl Default for EncodeOptions {
    fn default() -> Self {
        EncodeOptions {
            max_depth: MAX_DEPTH,
        }
    }
}

impl EncodeOptions {
    /// Encodes `value` into `bytes` and `handles` (both cleared first), reusing their
    /// allocations. On error both are cleared (moved-out handles are closed); handles not yet
    /// reached stay in `value`.
    pub fn encode_into<T: Encode>(
        &self,
        value: &T,
        bytes: &mut Vec<u8>,
        handles: &mut Vec<HandleDisposition>,
    ) -> Result<()> {
        let mut e = Encoder::new(bytes, handles);
        e.max_depth = self.max_depth;
        // A plain primary object is its own wire form: one copy, no zero-fill first.
        let r = match T::wire_bytes(std::slice::from_ref(value)) {
            Some(bytes) => e.append_block(bytes, 0).map(drop),
            None => e
                .alloc(T::INLINE_SIZE, 0)
                .and_then(|off| value.encode(&mut e, off, 0, T::Constraint::default())),
        };
        if r.is_err() {
            bytes.clear();
            handles.clear();
        }
        r.map_err(|e| e.in_type(std::any::type_name::<T>()))
    }
}

/// Encodes `value` into `bytes` and `handles`, reusing their allocations.
/// See [`EncodeOptions::encode_into`].
pub fn encode_into<T: Encode>(
    value: &T,
    bytes: &mut Vec<u8>,
    handles: &mut Vec<HandleDisposition>,
) -> Result<()> {
    EncodeOptions::default().encode_into(value, bytes, handles)
}

/// Encodes a value type (no handles) into a new byte vector.
pub fn to_vec<T: Encode + ValueType>(value: &T) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut handles = Vec::new();
    encode_into(value, &mut bytes, &mut handles)?;
    debug_assert!(handles.is_empty());
    Ok(bytes)
}

/// Encodes `value`, consuming it: its handles end up in the returned dispositions, and on error
/// every handle of the value is closed (spec §11.5), including those after the failure point.
pub fn encode<T: Encode>(value: T) -> Result<(Vec<u8>, Vec<HandleDisposition>)> {
    let mut bytes = Vec::new();
    let mut handles = Vec::new();
    encode_into(&value, &mut bytes, &mut handles)?;
    Ok((bytes, handles))
}

/// Encodes `items` one by one, back to back at `offset`, naming the failing index: the default
/// [`Encode::encode_slice`], and the fallback of the bulk paths derived code generates.
#[inline]
pub fn encode_each<T: Encode>(
    items: &[T],
    e: &mut Encoder<'_>,
    offset: usize,
    depth: u32,
    c: T::Constraint,
) -> Result<()> {
    for (i, item) in items.iter().enumerate() {
        item.encode(e, offset + i * T::INLINE_SIZE, depth, c)
            .map_err(|err| err.in_index(i as u64))?;
    }
    Ok(())
}

/// Checks a vector/string count against its bound on encode.
#[inline]
pub(crate) fn check_count(len: usize, max: u32, kind: ErrorKind, offset: usize) -> Result<u64> {
    if len as u64 > max as u64 {
        return Err(
            Error::new(kind, offset).with_numbers(crate::Numbers::Limit {
                limit: max.into(),
                actual: len as u64,
            }),
        );
    }
    Ok(len as u64)
}
