//! The validator (the single source of truth for what is valid) and the decode entry points.
//!
//! Every decode path runs [`Validator`]: validate-only over `&[u8]`, zero-copy views over
//! `&mut [u8]` (where validation also rewrites presence markers into buffer offsets), and owned
//! decoding (views converted with [`Decode::from_view`]). So the tiers cannot disagree.

use crate::encode::align8;
use crate::error::{ErrorKind, err, err_limit, err_mismatch, err_value};
use crate::handle::{HandleConstraint, HandleInfo, RightsCheck, check_handle};
use crate::links::Links;
use crate::view::Slot;
use crate::wire::Decode;
use crate::{MAX_DEPTH, Result};
use std::cell::RefCell;

mod sealed {
    pub trait Sealed {}
}

/// The byte buffer a [`Validator`] walks, and where it records what views need: nothing
/// (validation only), rewritten markers (the in-place tier) or a side table (views over
/// `&[u8]`).
pub trait Buffer: sealed::Sealed {
    /// The bytes.
    fn bytes(&self) -> &[u8];
    /// Records that the pointer word at `word` leads to the block at `target`.
    fn link(&mut self, word: usize, target: usize);
    /// Like [`Buffer::link`] for a string body whose bytes were checked to be UTF-8.
    fn link_utf8(&mut self, word: usize, target: usize);
    /// Records that the handle slot at `slot` holds handle `index`.
    fn link_handle(&mut self, slot: usize, index: usize);
}

/// A read-only buffer: validation only.
pub struct ReadOnly<'a>(pub(crate) &'a [u8]);
/// A rewritable buffer: validation prepares it for views in place.
pub struct Rewrite<'a>(pub(crate) &'a mut [u8]);
/// A read-only buffer whose links go to a side table.
pub struct Linked<'a> {
    bytes: &'a [u8],
    links: &'a mut Links,
    /// Whether links are recorded: always for views; in one-pass owned decoding only while a
    /// type without its own one-pass decoder validates the subtree its view will read.
    record: bool,
}

impl sealed::Sealed for ReadOnly<'_> {}
impl sealed::Sealed for Rewrite<'_> {}
impl sealed::Sealed for Linked<'_> {}

impl Buffer for ReadOnly<'_> {
    #[inline(always)]
    fn bytes(&self) -> &[u8] {
        self.0
    }
    #[inline(always)]
    fn link(&mut self, _: usize, _: usize) {}
    #[inline(always)]
    fn link_utf8(&mut self, _: usize, _: usize) {}
    #[inline(always)]
    fn link_handle(&mut self, _: usize, _: usize) {}
}

impl Buffer for Rewrite<'_> {
    #[inline(always)]
    fn bytes(&self) -> &[u8] {
        self.0
    }
    #[inline(always)]
    fn link(&mut self, word: usize, target: usize) {
        self.0[word..word + 8].copy_from_slice(&(target as u64).to_le_bytes());
    }
    #[inline(always)]
    fn link_utf8(&mut self, word: usize, target: usize) {
        self.link(word, target);
    }
    #[inline(always)]
    fn link_handle(&mut self, slot: usize, index: usize) {
        // Index + 1: zero still means "absent".
        self.0[slot..slot + 4].copy_from_slice(&(index as u32 + 1).to_le_bytes());
    }
}

impl Buffer for Linked<'_> {
    #[inline(always)]
    fn bytes(&self) -> &[u8] {
        self.bytes
    }
    #[inline(always)]
    fn link(&mut self, word: usize, target: usize) {
        if self.record {
            self.links.link(word, target);
        }
    }
    #[inline(always)]
    fn link_utf8(&mut self, word: usize, target: usize) {
        if self.record {
            self.links.link_utf8(word, target);
        }
    }
    #[inline(always)]
    fn link_handle(&mut self, slot: usize, index: usize) {
        if self.record {
            self.links.link_handle(slot, index);
        }
    }
}

impl<'h> Validator<'h, Linked<'_>> {
    /// The slot at `offset` of a value this validator has just accepted: the default
    /// [`Decode::decode_fused`] builds values it does not construct directly from this view.
    #[inline(always)]
    pub fn slot(&self, offset: usize) -> Slot<'_> {
        Slot::linked(self.buf.bytes, self.handles, self.buf.links).with_offset(offset)
    }

    /// Runs `f` (a validation whose links a view will read) with link recording on.
    #[inline(always)]
    pub fn recording<R>(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
        let was = std::mem::replace(&mut self.buf.record, true);
        let r = f(self);
        self.buf.record = was;
        r
    }
}

/// Validation state: the out-of-line cursor, the handle cursor and the depth limit.
pub struct Validator<'h, B: Buffer> {
    buf: B,
    next: usize,
    handles: &'h mut [HandleInfo],
    next_handle: usize,
    max_depth: u32,
}

impl<B: Buffer> Validator<'_, B> {
    /// The message bytes.
    #[inline(always)]
    pub fn bytes(&self) -> &[u8] {
        self.buf.bytes()
    }

    /// Where the next out-of-line block must start.
    #[inline(always)]
    pub fn cursor(&self) -> usize {
        self.next
    }

    /// Number of handles consumed so far.
    #[inline(always)]
    pub fn handle_cursor(&self) -> usize {
        self.next_handle
    }

    /// Handles not yet consumed.
    #[inline(always)]
    pub fn handles_left(&self) -> usize {
        self.handles.len() - self.next_handle
    }

    /// Bytes not yet claimed.
    #[inline(always)]
    pub fn bytes_left(&self) -> usize {
        self.buf.bytes().len() - self.next
    }

    /// Reads a `u8` at `offset` (inside already-claimed bytes).
    #[inline(always)]
    pub fn u8_at(&self, offset: usize) -> u8 {
        self.buf.bytes()[offset]
    }

    /// Reads a little-endian `u16` at `offset`.
    #[inline(always)]
    pub fn u16_at(&self, offset: usize) -> u16 {
        u16::from_le_bytes(self.array(offset))
    }

    /// Reads a little-endian `u32` at `offset`.
    #[inline(always)]
    pub fn u32_at(&self, offset: usize) -> u32 {
        u32::from_le_bytes(self.array(offset))
    }

    /// Reads a little-endian `u64` at `offset`.
    #[inline(always)]
    pub fn u64_at(&self, offset: usize) -> u64 {
        u64::from_le_bytes(self.array(offset))
    }

    #[inline(always)]
    fn array<const N: usize>(&self, offset: usize) -> [u8; N] {
        let mut a = [0u8; N];
        a.copy_from_slice(&self.buf.bytes()[offset..offset + N]);
        a
    }

    /// Records for views that the present pointer word at `word` leads to `target`.
    #[inline(always)]
    pub(crate) fn link(&mut self, word: usize, target: usize) {
        self.buf.link(word, target);
    }

    /// Records for views a string body at `target` whose bytes were checked to be UTF-8.
    #[inline(always)]
    pub(crate) fn link_utf8(&mut self, word: usize, target: usize) {
        self.buf.link_utf8(word, target);
    }

    /// Records for views that the handle slot at `slot` holds handle `index`.
    #[inline(always)]
    pub(crate) fn link_handle(&mut self, slot: usize, index: usize) {
        self.buf.link_handle(slot, index);
    }

    /// Claims the next out-of-line block of `len > 0` bytes at `depth`: checks the depth limit,
    /// that the bytes exist, and that the block's trailing padding is zero. Returns its offset.
    #[inline]
    pub fn claim(&mut self, len: usize, depth: u32) -> Result<usize> {
        if depth > self.max_depth {
            return err_limit(
                ErrorKind::ExceededMaxOutOfLineDepth,
                self.next,
                self.max_depth.into(),
                depth.into(),
            );
        }
        let off = self.next;
        let padded = align8(len);
        if padded > self.bytes_left() {
            // The bytes the block needs beyond the end of the message.
            return err_limit(
                ErrorKind::TooFewBytes,
                off,
                self.bytes().len() as u64,
                (off + padded) as u64,
            );
        }
        self.next = off + padded;
        if padded != len {
            // The last 8-byte word of the block holds the padding; check it with one mask.
            let word = self.u64_at(off + padded - 8);
            let pad_bits = (padded - len) * 8;
            let pad = word >> (64 - pad_bits);
            if pad != 0 {
                // Name the first nonzero byte and its value, as struct padding checks do.
                let first = pad.trailing_zeros() as usize / 8;
                return err_value(
                    ErrorKind::InvalidPaddingByte,
                    off + len + first,
                    (pad >> (first * 8)) & 0xff,
                );
            }
        }
        Ok(off)
    }

    /// Skips `num_bytes` of opaque out-of-line data (unknown envelopes).
    pub fn skip(&mut self, num_bytes: usize, depth: u32) -> Result<()> {
        if depth > self.max_depth {
            return err_limit(
                ErrorKind::ExceededMaxOutOfLineDepth,
                self.next,
                self.max_depth.into(),
                depth.into(),
            );
        }
        if num_bytes > self.bytes_left() {
            return err_limit(
                ErrorKind::EnvelopeBytesExceedMessageLength,
                self.next,
                self.bytes_left() as u64,
                num_bytes as u64,
            );
        }
        self.next += num_bytes;
        Ok(())
    }

    /// Checks that `len` bytes at `offset` are zero.
    #[inline]
    pub fn check_zero(&self, offset: usize, len: usize) -> Result<()> {
        match self.buf.bytes()[offset..offset + len]
            .iter()
            .position(|b| *b != 0)
        {
            None => Ok(()),
            Some(i) => err_value(
                ErrorKind::InvalidPaddingByte,
                offset + i,
                self.buf.bytes()[offset + i].into(),
            ),
        }
    }

    /// Consumes the next handle for the slot at `offset`: checks its type and rights against
    /// `c`, reduces extra rights, and returns its index in the handle table.
    pub fn take_handle(&mut self, offset: usize, c: HandleConstraint) -> Result<usize> {
        let index = self.next_handle;
        let Some(info) = self.handles.get_mut(index) else {
            return err_limit(
                ErrorKind::TooFewHandles,
                offset,
                self.handles.len() as u64,
                index as u64 + 1,
            );
        };
        self.next_handle += 1;
        match check_handle(c, info.object_type, info.rights) {
            Err(kind @ ErrorKind::IncorrectHandleType) => err_mismatch(
                kind,
                offset,
                c.object_type.0.into(),
                info.object_type.0.into(),
            ),
            Err(kind) => err_mismatch(kind, offset, c.rights.0.into(), info.rights.0.into()),
            Ok(RightsCheck::Accept) => Ok(index),
            Ok(RightsCheck::Reduce(rights)) => {
                let old = info.handle.take();
                match old.replace(rights) {
                    Ok(h) => {
                        info.handle = h;
                        info.rights = rights;
                        Ok(index)
                    }
                    Err(_) => err(ErrorKind::HandleReplaceFailed, offset),
                }
            }
        }
    }

    /// Takes the handle at `index` (returned by [`Validator::take_handle`]) out of the message.
    #[inline]
    pub fn take_handle_at(&mut self, index: usize) -> crate::Handle {
        self.handles[index].handle.take()
    }

    /// Consumes and closes `n` handles of unknown data.
    pub fn close_handles(&mut self, n: usize, offset: usize) -> Result<()> {
        let first = self.next_handle;
        self.keep_handles(n, offset)?;
        for info in &mut self.handles[first..first + n] {
            drop(info.handle.take());
        }
        Ok(())
    }

    /// Consumes `n` handles of unknown data without closing them (a codec that keeps unknown
    /// data, like the dynamic one, re-encodes them).
    pub fn keep_handles(&mut self, n: usize, offset: usize) -> Result<()> {
        if n > self.handles_left() {
            return err_limit(
                ErrorKind::EnvelopeHandlesExceedMessageLength,
                offset,
                self.handles_left() as u64,
                n as u64,
            );
        }
        self.next_handle += n;
        Ok(())
    }
}

/// Limits applied while decoding hostile input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeOptions {
    /// Maximum out-of-line depth; the spec's limit is 32.
    pub max_depth: u32,
    /// Maximum message size in bytes (at most `u32::MAX`, since views store 32-bit offsets).
    pub max_bytes: usize,
    /// Maximum number of handles.
    pub max_handles: usize,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions {
            max_depth: MAX_DEPTH,
            max_bytes: u32::MAX as usize,
            max_handles: u16::MAX as usize,
        }
    }
}

thread_local! {
    /// The side table of owned decoding, reused by every decode on this thread.
    static LINKS: RefCell<Links> = RefCell::new(Links::default());
}

impl DecodeOptions {
    /// The whole-message algorithm of spec §14 over buffer `buf`.
    fn run<T: Decode, B: Buffer>(&self, buf: B, handles: &mut [HandleInfo]) -> Result<()> {
        self.run_with::<T, B, ()>(buf, handles, |v| {
            T::validate(v, 0, 0, T::Constraint::default())
        })
    }

    /// [`DecodeOptions::run`] with `primary` doing the primary object (validating it, or
    /// validating and building it in one pass).
    fn run_with<T: Decode, B: Buffer, R>(
        &self,
        buf: B,
        handles: &mut [HandleInfo],
        primary: impl FnOnce(&mut Validator<'_, B>) -> Result<R>,
    ) -> Result<R> {
        self.run_checks::<B, R>(buf, handles, T::INLINE_SIZE, primary)
            .map_err(|e| e.in_type(std::any::type_name::<T>()))
    }

    /// The whole-message checks around a primary object of `inline_size` bytes.
    fn run_checks<B: Buffer, R>(
        &self,
        buf: B,
        handles: &mut [HandleInfo],
        inline_size: usize,
        primary: impl FnOnce(&mut Validator<'_, B>) -> Result<R>,
    ) -> Result<R> {
        let len = buf.bytes().len();
        let limit = self.max_bytes.min(u32::MAX as usize);
        if len > limit {
            return err_limit(ErrorKind::MessageTooLarge, 0, limit as u64, len as u64);
        }
        if handles.len() > self.max_handles {
            let (limit, actual) = (self.max_handles as u64, handles.len() as u64);
            return err_limit(ErrorKind::TooManyHandlesForLimit, 0, limit, actual);
        }
        let need = align8(inline_size);
        if len < need {
            return err_mismatch(
                ErrorKind::TooFewBytesInPrimaryObject,
                len,
                need as u64,
                len as u64,
            );
        }
        let mut v = Validator {
            buf,
            next: need,
            handles,
            next_handle: 0,
            max_depth: self.max_depth,
        };
        let value = primary(&mut v)?;
        if v.next < len {
            let (used, len) = (v.next as u64, len as u64);
            return err_mismatch(ErrorKind::TooManyBytesInMessage, v.next, used, len);
        }
        if v.next_handle < v.handles.len() {
            let (used, total) = (v.next_handle as u64, v.handles.len() as u64);
            return err_mismatch(ErrorKind::TooManyHandlesInMessage, 0, used, total);
        }
        v.check_zero(inline_size, need - inline_size)?;
        Ok(value)
    }

    /// Prepares `links` for `bytes`, after checking the size limit (the table is sized from
    /// the message, so the limit must hold first).
    fn start_links<T: Decode>(
        &self,
        bytes: &[u8],
        links: &mut Links,
        handles: usize,
    ) -> Result<()> {
        let limit = self.max_bytes.min(u32::MAX as usize);
        if bytes.len() > limit {
            let err = err_limit(
                ErrorKind::MessageTooLarge,
                0,
                limit as u64,
                bytes.len() as u64,
            );
            return err.map_err(|e| e.in_type(std::any::type_name::<T>()));
        }
        links.start(bytes.len(), handles);
        Ok(())
    }

    /// Validates `bytes` recording links in `links`; `bytes` stay untouched.
    pub(crate) fn run_linked<T: Decode>(
        &self,
        bytes: &[u8],
        links: &mut Links,
        handles: &mut [HandleInfo],
    ) -> Result<()> {
        self.start_links::<T>(bytes, links, handles.len())?;
        let record = true;
        self.run::<T, _>(
            Linked {
                bytes,
                links,
                record,
            },
            handles,
        )
    }

    /// Validates and builds an owned `T` in one pass ([`Decode::decode_fused`]); `links` is only
    /// written for values built from a view.
    fn run_fused<T: Decode>(
        &self,
        bytes: &[u8],
        links: &mut Links,
        handles: &mut [HandleInfo],
    ) -> Result<T> {
        self.start_links::<T>(bytes, links, handles.len())?;
        // Links are recorded only under `Validator::recording` (types decoded from a view).
        let record = false;
        self.run_with::<T, _, T>(
            Linked {
                bytes,
                links,
                record,
            },
            handles,
            |v| T::decode_fused(v, 0, 0, T::Constraint::default()),
        )
    }

    /// Runs the whole-message algorithm of spec §14 (size and handle limits, the primary
    /// object, no bytes or handles left over, zero padding after the primary object) around
    /// `primary`, which does a primary object of `inline_size` bytes at offset 0 and depth 0.
    ///
    /// This is the entry point of a codec whose types are known only at run time (the dynamic
    /// codec of `fidlwire-dynamic`): it calls the rules of [`crate::rules`] inside `primary`, so
    /// both codecs apply one set of rules. Handles are checked and reduced as they are taken;
    /// on error the caller still owns `handles` (close them by dropping).
    pub fn run_dynamic<R>(
        &self,
        bytes: &[u8],
        handles: &mut [HandleInfo],
        inline_size: usize,
        primary: impl FnOnce(&mut Validator<'_, ReadOnly<'_>>) -> Result<R>,
    ) -> Result<R> {
        self.run_checks(ReadOnly(bytes), handles, inline_size, primary)
    }

    /// Validates `bytes` as a `T` without handles.
    pub fn validate<T: Decode>(&self, bytes: &[u8]) -> Result<()> {
        self.run::<T, _>(ReadOnly(bytes), &mut [])
    }

    /// Validates `bytes` and `handles` as a `T`. Rights are reduced in place; on error every
    /// handle is closed and `handles` is cleared.
    pub fn validate_with_handles<T: Decode>(
        &self,
        bytes: &[u8],
        handles: &mut Vec<HandleInfo>,
    ) -> Result<()> {
        let r = self.run::<T, _>(ReadOnly(bytes), handles);
        if r.is_err() {
            handles.clear();
        }
        r
    }

    /// Validates `bytes` in place and returns a zero-copy view. **The buffer is rewritten**:
    /// presence markers become offsets, so it is no longer wire bytes afterwards (a second
    /// decode of it fails). [`crate::ViewBuffer`] views bytes without modifying them.
    pub fn view<'a, T: Decode>(&self, bytes: &'a mut [u8]) -> Result<T::View<'a>> {
        self.run::<T, _>(Rewrite(bytes), &mut [])?;
        Ok(T::view(Slot::root(bytes, &[])))
    }

    /// Like [`DecodeOptions::view`] for messages with handles. On error every handle is closed
    /// and `handles` is cleared.
    pub fn view_with_handles<'a, T: Decode>(
        &self,
        bytes: &'a mut [u8],
        handles: &'a mut Vec<HandleInfo>,
    ) -> Result<T::View<'a>> {
        if let Err(e) = self.run::<T, _>(Rewrite(bytes), handles) {
            handles.clear();
            return Err(e);
        }
        Ok(T::view(Slot::root(bytes, handles)))
    }

    /// Decodes an owned `T` from a buffer the caller lets us rewrite (no copy).
    pub fn decode_in_place<T: Decode>(
        &self,
        bytes: &mut [u8],
        mut handles: Vec<HandleInfo>,
    ) -> Result<T> {
        self.run::<T, _>(Rewrite(bytes), &mut handles)?;
        Ok(T::from_view(T::view(Slot::root(bytes, &handles))))
    }

    /// Decodes an owned `T` from `bytes`, with handles. On error every handle is closed.
    ///
    /// `bytes` are read in place (no copy) and in one pass: each value is built as soon as it
    /// is validated ([`Decode::decode_fused`]), with the same checks in the same order as
    /// [`DecodeOptions::validate`], so errors are identical.
    pub fn decode_with_handles<T: Decode>(
        &self,
        bytes: &[u8],
        mut handles: Vec<HandleInfo>,
    ) -> Result<T> {
        LINKS.with(|cell| match cell.try_borrow_mut() {
            Ok(mut links) => {
                let value = self.run_fused::<T>(bytes, &mut links, &mut handles);
                // Don't keep a huge table alive after an outsized message.
                links.shrink(LINKS_KEEP);
                value
            }
            // Re-entrant use (a Drop impl decoding during a decode): use a fresh table.
            Err(_) => self.run_fused::<T>(bytes, &mut Links::default(), &mut handles),
        })
    }

    /// Decodes an owned `T` from `bytes` (no handles).
    pub fn decode<T: Decode>(&self, bytes: &[u8]) -> Result<T> {
        self.decode_with_handles(bytes, Vec::new())
    }
}

/// The side-table size kept between owned decodes (16 MiB: messages up to 16 MiB decode
/// without touching the allocator once warm).
const LINKS_KEEP: usize = 16 << 20;

/// Decodes an owned `T` from `bytes` with default options. See [`DecodeOptions::decode`].
pub fn decode<T: Decode>(bytes: &[u8]) -> Result<T> {
    DecodeOptions::default().decode(bytes)
}

/// Decodes an owned `T` with handles. See [`DecodeOptions::decode_with_handles`].
pub fn decode_with_handles<T: Decode>(bytes: &[u8], handles: Vec<HandleInfo>) -> Result<T> {
    DecodeOptions::default().decode_with_handles(bytes, handles)
}

/// Validates `bytes` in place and returns a zero-copy view (the fastest tier when you own a
/// mutable buffer). See [`DecodeOptions::view`].
///
/// **This rewrites the buffer**: presence markers become offsets, so afterwards `bytes` are no
/// longer a wire message — decoding or forwarding them again fails. To keep the bytes intact
/// (a received buffer you forward, a memory map, a shared cache), view them through
/// [`crate::ViewBuffer`] instead, which records the offsets in a side table.
///
/// ```
/// # #[derive(fidlwire::Struct, Debug, PartialEq)] struct Msg { text: String }
/// let mut bytes = fidlwire::to_vec(&Msg { text: "hi".into() }).unwrap();
/// assert_eq!(fidlwire::view::<Msg>(&mut bytes).unwrap().text(), "hi");
/// // The buffer was rewritten: it no longer decodes.
/// assert!(fidlwire::decode::<Msg>(&bytes).is_err());
///
/// // `ViewBuffer` leaves the bytes untouched.
/// let bytes = fidlwire::to_vec(&Msg { text: "hi".into() }).unwrap();
/// let mut views = fidlwire::ViewBuffer::new();
/// assert_eq!(views.view::<Msg>(&bytes).unwrap().text(), "hi");
/// assert_eq!(fidlwire::decode::<Msg>(&bytes).unwrap().text, "hi");
/// ```
pub fn view<T: Decode>(bytes: &mut [u8]) -> Result<T::View<'_>> {
    DecodeOptions::default().view::<T>(bytes)
}

/// Validates and returns a zero-copy view over a message with handles.
/// See [`DecodeOptions::view_with_handles`].
pub fn view_with_handles<'a, T: Decode>(
    bytes: &'a mut [u8],
    handles: &'a mut Vec<HandleInfo>,
) -> Result<T::View<'a>> {
    DecodeOptions::default().view_with_handles::<T>(bytes, handles)
}

/// Validates without decoding. See [`DecodeOptions::validate`].
pub fn validate<T: Decode>(bytes: &[u8]) -> Result<()> {
    DecodeOptions::default().validate::<T>(bytes)
}
