//! What validation proved about a read-only buffer: the *links* side table, and the one place
//! in the crate that relies on it with `unsafe`.
//!
//! Views need O(1) access to out-of-line blocks, but a wire message only says "present" where a
//! pointer would be. The in-place tier rewrites those markers into offsets, which needs
//! `&mut [u8]`. Over `&[u8]`, validation instead records each target in [`Links`]: one `u64`
//! per 8-byte word of the message (indexed by `offset / 8`), written only for words that hold a
//! present out-of-line pointer, and one per 4-byte handle slot for messages with handles.
//!
//! An entry is `generation << 32 | target | tag`. The generation is bumped on every
//! validation, so entries left over from an earlier message are never mistaken for this one's
//! (the table is reused without being cleared: clearing it would cost as much as copying the
//! message). Targets are 8-aligned, so bit 0 is free for the tag [`UTF8`]: "this is the body of
//! a string whose bytes were checked to be UTF-8".
//!
//! That tag is the proof [`Links::str_at`] relies on to skip re-checking UTF-8; [`utf8`] is the
//! check itself, done once per string in every tier. Everything else here is safe code; a wrong offset computed by (safe) view code can only reach a bounds check
//! or a stale-entry panic, never undefined behaviour.
#![allow(unsafe_code)]

/// Tag of a link to a validated UTF-8 string body.
const UTF8: u64 = 1;

/// The links of one validated message. Reused across messages; it only grows, to
/// `message length` bytes (plus `message length * 2` bytes for messages with handles).
#[derive(Default)]
pub struct Links {
    words: Vec<u64>,
    handles: Vec<u64>,
    generation: u32,
    /// Table lengths the current message needs; the tables grow to them on the first link
    /// beyond their end, so a one-pass owned decode that links nothing allocates nothing.
    need_words: usize,
    need_handles: usize,
}

impl std::fmt::Debug for Links {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Links")
            .field("capacity_bytes", &self.capacity_bytes())
            .field("generation", &self.generation)
            .finish()
    }
}

impl Links {
    /// Prepares the table for a message of `len` bytes with `handles` handles: a new
    /// generation; room for every word (and every handle slot when there are handles) is made
    /// by the first link that needs it.
    pub(crate) fn start(&mut self, len: usize, handles: usize) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            // After 2^32 messages the generations would repeat: forget everything once.
            self.words.iter_mut().for_each(|w| *w = 0);
            self.handles.iter_mut().for_each(|w| *w = 0);
            self.generation = 1;
        }
        self.need_words = len.div_ceil(8);
        self.need_handles = if handles > 0 { len.div_ceil(4) } else { 0 };
    }

    /// Grows `table` to `need` entries and stores `e` at `index` (< `need`: callers only link
    /// offsets inside the message).
    #[cold]
    #[inline(never)]
    fn grow_and_set(table: &mut Vec<u64>, need: usize, index: usize, e: u64) {
        table.resize(need.max(index + 1), 0);
        table[index] = e;
    }

    /// Frees the tables when they hold more than `keep` bytes.
    pub(crate) fn shrink(&mut self, keep: usize) {
        if self.words.len() * 8 > keep {
            self.words = Vec::new();
        }
        if self.handles.len() * 8 > keep {
            self.handles = Vec::new();
        }
    }

    /// Bytes held by the tables.
    pub(crate) fn capacity_bytes(&self) -> usize {
        (self.words.len() + self.handles.len()) * 8
    }

    #[inline(always)]
    fn stamp(&self, value: u64) -> u64 {
        (self.generation as u64) << 32 | value
    }

    /// Records that the pointer word at `word` (8-aligned) leads to the block at `target`.
    #[inline(always)]
    pub(crate) fn link(&mut self, word: usize, target: usize) {
        let e = self.stamp(target as u64);
        match self.words.get_mut(word / 8) {
            Some(w) => *w = e,
            None => Self::grow_and_set(&mut self.words, self.need_words, word / 8, e),
        }
    }

    /// Records that the string header whose pointer word is `word` leads to `target`, whose
    /// bytes (as many as the header's count) were checked to be UTF-8.
    #[inline(always)]
    pub(crate) fn link_utf8(&mut self, word: usize, target: usize) {
        let e = self.stamp(target as u64 | UTF8);
        match self.words.get_mut(word / 8) {
            Some(w) => *w = e,
            None => Self::grow_and_set(&mut self.words, self.need_words, word / 8, e),
        }
    }

    /// Records that the handle slot at `slot` (4-aligned) holds handle `index`.
    #[inline(always)]
    pub(crate) fn link_handle(&mut self, slot: usize, index: usize) {
        let e = self.stamp(index as u64);
        match self.handles.get_mut(slot / 4) {
            Some(w) => *w = e,
            None => Self::grow_and_set(&mut self.handles, self.need_handles, slot / 4, e),
        }
    }

    #[inline(always)]
    fn entry(&self, table: &[u64], index: usize) -> u64 {
        // Past the end: never linked in this table's life (the generation check then fails).
        let e = table.get(index).copied().unwrap_or(0);
        assert!(
            e >> 32 == self.generation as u64,
            "fidlwire: a view read a word that validation did not link"
        );
        e & 0xFFFF_FFFF
    }

    /// The target of the pointer word at `word`.
    #[inline(always)]
    pub(crate) fn target(&self, word: usize) -> usize {
        (self.entry(&self.words, word / 8) & !UTF8) as usize
    }

    /// The handle index of the handle slot at `slot`.
    #[inline(always)]
    pub(crate) fn handle(&self, slot: usize) -> usize {
        self.entry(&self.handles, slot / 4) as usize
    }

    /// The string whose 16-byte header is at `header` in `bytes`, the buffer these links were
    /// made for.
    #[inline(always)]
    pub(crate) fn str_at<'a>(&self, bytes: &'a [u8], header: usize) -> &'a str {
        let len = u64::from_le_bytes(bytes[header..header + 8].try_into().expect("8 bytes"));
        if len == 0 {
            return "";
        }
        let e = self.entry(&self.words, (header + 8) / 8);
        assert!(
            e & UTF8 != 0,
            "fidlwire: a string view over a header that was not validated as a string"
        );
        let body = (e & !UTF8) as usize;
        // `len` ≤ u32::MAX was checked by validation; a slice past the end still panics.
        let s = &bytes[body..body + len as usize];
        // SAFETY: the entry carries this validation's generation and the UTF8 tag, and only
        // `Validator::link_utf8` writes such entries: for the string header at `header` of this
        // very buffer (`Slot`s pair a buffer with the links made for it and nothing can create
        // that pair except validation), after `str::from_utf8` accepted the `count` bytes at
        // `body`, where `count` is the u64 at `header`. The buffer is borrowed immutably for
        // 'a, so `len` read above is that same count and `s` is exactly the checked bytes.
        unsafe { std::str::from_utf8_unchecked(s) }
    }
}

/// Checks that `bytes` are UTF-8, and returns them as a `str`: the one UTF-8 check of a string
/// in every tier (views record its result; owned decoding copies the returned `str`).
///
/// Most strings are short and ASCII; the inlined word-at-a-time ASCII test is cheaper than the
/// general decoder's call and set-up (log: 10,000 records of 8 strings each).
#[inline(always)]
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    if bytes.is_ascii() {
        // SAFETY: every byte is below 0x80 (checked just above), and a sequence of ASCII bytes
        // is valid UTF-8 (each is a one-byte code point).
        return Ok(unsafe { std::str::from_utf8_unchecked(bytes) });
    }
    std::str::from_utf8(bytes)
}
