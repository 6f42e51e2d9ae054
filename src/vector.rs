//! Vectors and strings (spec §5): a 16-byte header (count, presence) and an out-of-line body.

use crate::decode::{Buffer, Linked, Validator};
use crate::encode::{Encoder, check_count};
use crate::error::{ErrorKind, err, err_limit, err_value, required};
use crate::view::{SeqView, Slot};
use crate::wire::{Decode, Encode, Nullable, Type, ValueType};
use crate::{ALLOC_PRESENT_U64, Result};

/// Inline size of every string and vector header.
pub const HEADER_SIZE: usize = 16;

/// A bound on the element count (bytes for strings). The default is unbounded (2^32 - 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VecConstraint<C> {
    /// Maximum number of elements.
    pub max_len: u32,
    /// Constraint on each element.
    pub element: C,
}

impl<C: Default> Default for VecConstraint<C> {
    fn default() -> Self {
        VecConstraint {
            max_len: u32::MAX,
            element: C::default(),
        }
    }
}

impl<C> VecConstraint<C> {
    /// A bound of `max_len` elements, each constrained by `element`.
    pub const fn new(max_len: u32, element: C) -> Self {
        VecConstraint { max_len, element }
    }
}

/// A bound on a string's length in bytes. The default is unbounded (2^32 - 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StringConstraint {
    /// Maximum length in bytes.
    pub max_len: u32,
}

impl Default for StringConstraint {
    fn default() -> Self {
        StringConstraint { max_len: u32::MAX }
    }
}

impl StringConstraint {
    /// A bound of `max_len` bytes.
    pub const fn new(max_len: u32) -> Self {
        StringConstraint { max_len }
    }
}

/// The error kinds that differ between strings and vectors.
pub(crate) struct Kinds {
    null_body: ErrorKind,
    too_long: ErrorKind,
    over_32_bits: ErrorKind,
}

pub(crate) const STRING: Kinds = Kinds {
    null_body: ErrorKind::NonEmptyStringWithNullBody,
    too_long: ErrorKind::StringTooLong,
    over_32_bits: ErrorKind::StringCountExceeds32BitLimit,
};

pub(crate) const VECTOR: Kinds = Kinds {
    null_body: ErrorKind::NonEmptyVectorWithNullBody,
    too_long: ErrorKind::CountExceedsLimit,
    over_32_bits: ErrorKind::VectorCountExceeds32BitLimit,
};

/// Validates a header at `offset` and claims the body (spec §5.2). Returns `None` when absent,
/// else the count and the body offset (0 when the count is 0). Always inlined: its 24-byte
/// result would otherwise go through memory on every string and vector.
#[inline(always)]
pub(crate) fn validate_header<B: Buffer>(
    v: &mut Validator<'_, B>,
    offset: usize,
    depth: u32,
    stride: usize,
    max_len: u32,
    k: &Kinds,
) -> Result<Option<(usize, usize)>> {
    let count = v.u64_at(offset);
    match v.u64_at(offset + 8) {
        ALLOC_PRESENT_U64 => {}
        0 if count == 0 => return Ok(None),
        0 => return err_value(k.null_body, offset, count),
        other => return err_value(ErrorKind::InvalidPresenceIndicator, offset + 8, other),
    }
    if count > u32::MAX as u64 {
        return err_limit(k.over_32_bits, offset, u32::MAX.into(), count);
    }
    if count > max_len as u64 {
        return err_limit(k.too_long, offset, max_len.into(), count);
    }
    if count == 0 {
        return Ok(Some((0, 0)));
    }
    // count ≤ 2^32 - 1 and stride ≤ 2^32 · 8, so the product fits in u64; the claim then
    // checks it against the bytes that are actually there before anything is allocated.
    let Ok(len) = usize::try_from(count * stride as u64) else {
        return err(ErrorKind::TooFewBytes, offset);
    };
    let body = v.claim(len, depth + 1)?;
    Ok(Some((count as usize, body)))
}

#[inline]
pub(crate) fn write_header(e: &mut Encoder<'_>, offset: usize, count: u64) {
    // One 16-byte store behind one bounds check.
    let mut header = [0u8; 16];
    header[..8].copy_from_slice(&count.to_le_bytes());
    header[8..].copy_from_slice(&ALLOC_PRESENT_U64.to_le_bytes());
    e.bytes_mut(offset, 16).copy_from_slice(&header);
}

// ---------------------------------------------------------------- strings

impl Type for String {
    const INLINE_SIZE: usize = HEADER_SIZE;
    const ALIGN: usize = 8;
    type Constraint = StringConstraint;
}
impl ValueType for String {}

impl Encode for String {
    #[inline]
    fn encode(
        &self,
        e: &mut Encoder<'_>,
        offset: usize,
        depth: u32,
        c: StringConstraint,
    ) -> Result<()> {
        let count = check_count(self.len(), c.max_len, ErrorKind::StringTooLong, offset)?;
        write_header(e, offset, count);
        if count != 0 {
            e.append_block(self.as_bytes(), depth + 1)?;
        }
        Ok(())
    }
}

/// Checks the `len` bytes at `body` are UTF-8 (once: see [`crate::links::utf8`]).
#[inline(always)]
fn validate_utf8<'v, B: Buffer>(
    v: &'v Validator<'_, B>,
    body: usize,
    len: usize,
) -> Result<&'v str> {
    match crate::links::utf8(&v.bytes()[body..body + len]) {
        Ok(s) => Ok(s),
        Err(e) => {
            let at = body + e.valid_up_to();
            err_value(ErrorKind::StringNotUtf8, at, v.bytes()[at].into())
        }
    }
}

fn view_str(slot: Slot<'_>) -> &str {
    slot.str()
}

impl Decode for String {
    type View<'a> = &'a str;

    #[inline]
    fn validate<B: Buffer>(
        v: &mut Validator<'_, B>,
        offset: usize,
        depth: u32,
        c: StringConstraint,
    ) -> Result<()> {
        match Self::validate_optional(v, offset, depth, c)? {
            true => Ok(()),
            false => err(ErrorKind::NonNullableTypeWithNullValue, offset),
        }
    }

    #[inline]
    fn view(slot: Slot<'_>) -> &str {
        view_str(slot)
    }

    fn from_view(view: &str) -> String {
        view.to_owned()
    }

    #[inline]
    fn decode_fused(
        v: &mut Validator<'_, Linked<'_>>,
        offset: usize,
        depth: u32,
        c: StringConstraint,
    ) -> Result<String> {
        required(Self::decode_optional(v, offset, depth, c)?, offset)
    }
}

/// Validates the optional string at `offset`: `None` when absent, else its body offset (0 when
/// empty) and its text.
#[inline(always)]
pub(crate) fn validate_string<'v, B: Buffer>(
    v: &'v mut Validator<'_, B>,
    offset: usize,
    depth: u32,
    c: StringConstraint,
) -> Result<Option<(usize, &'v str)>> {
    match validate_header(v, offset, depth, 1, c.max_len, &STRING)? {
        None => Ok(None),
        Some((0, _)) => Ok(Some((0, ""))),
        Some((len, body)) => Ok(Some((body, validate_utf8(v, body, len)?))),
    }
}

impl Nullable for String {
    #[inline]
    fn validate_optional<B: Buffer>(
        v: &mut Validator<'_, B>,
        offset: usize,
        depth: u32,
        c: StringConstraint,
    ) -> Result<bool> {
        match validate_string(v, offset, depth, c)? {
            None => Ok(false),
            Some((body, text)) => {
                if !text.is_empty() {
                    v.link_utf8(offset + 8, body);
                }
                Ok(true)
            }
        }
    }

    #[inline]
    fn decode_optional(
        v: &mut Validator<'_, Linked<'_>>,
        offset: usize,
        depth: u32,
        c: StringConstraint,
    ) -> Result<Option<String>> {
        Ok(validate_string(v, offset, depth, c)?.map(|(_, text)| text.to_owned()))
    }

    fn view_optional(slot: Slot<'_>) -> Option<&str> {
        (slot.at(8).u64() != 0).then(|| view_str(slot))
    }
}

// ---------------------------------------------------------------- vectors

impl<T: Type> Type for Vec<T> {
    const INLINE_SIZE: usize = HEADER_SIZE;
    const ALIGN: usize = 8;
    const RESOURCE: bool = T::RESOURCE;
    type Constraint = VecConstraint<T::Constraint>;
}
impl<T: ValueType> ValueType for Vec<T> {}

impl<T: Encode> Encode for Vec<T> {
    #[inline]
    fn encode(
        &self,
        e: &mut Encoder<'_>,
        offset: usize,
        depth: u32,
        c: Self::Constraint,
    ) -> Result<()> {
        let count = check_count(self.len(), c.max_len, ErrorKind::CountExceedsLimit, offset)?;
        write_header(e, offset, count);
        if count == 0 {
            return Ok(());
        }
        if let Some(bytes) = T::wire_bytes(self) {
            e.append_block(bytes, depth + 1)?;
            return Ok(());
        }
        let body = e.alloc(self.len() * T::INLINE_SIZE, depth + 1)?;
        T::encode_slice(self, e, body, depth + 1, c.element)
    }
}

fn view_vec<T: Decode>(slot: Slot<'_>) -> SeqView<'_, T> {
    let len = slot.u64() as usize;
    let body = if len == 0 { slot } else { slot.at(8).follow() };
    SeqView::new(body, len)
}

fn validate_vec<T: Decode, B: Buffer>(
    v: &mut Validator<'_, B>,
    offset: usize,
    depth: u32,
    c: VecConstraint<T::Constraint>,
) -> Result<bool> {
    match validate_header(v, offset, depth, T::INLINE_SIZE, c.max_len, &VECTOR)? {
        None => Ok(false),
        Some((0, _)) => Ok(true),
        Some((count, body)) => {
            v.link(offset + 8, body);
            T::validate_slice(v, body, count, depth + 1, c.element).map(|()| true)
        }
    }
}

/// [`validate_vec`] building the vector in the same pass.
#[inline]
fn decode_vec<T: Decode>(
    v: &mut Validator<'_, Linked<'_>>,
    offset: usize,
    depth: u32,
    c: VecConstraint<T::Constraint>,
) -> Result<Option<Vec<T>>> {
    match validate_header(v, offset, depth, T::INLINE_SIZE, c.max_len, &VECTOR)? {
        None => Ok(None),
        Some((0, _)) => Ok(Some(Vec::new())),
        Some((count, body)) => T::decode_slice(v, body, count, depth + 1, c.element).map(Some),
    }
}

impl<T: Decode> Decode for Vec<T> {
    type View<'a> = SeqView<'a, T>;

    #[inline]
    fn validate<B: Buffer>(
        v: &mut Validator<'_, B>,
        offset: usize,
        depth: u32,
        c: Self::Constraint,
    ) -> Result<()> {
        match validate_vec::<T, B>(v, offset, depth, c)? {
            true => Ok(()),
            false => err(ErrorKind::NonNullableTypeWithNullValue, offset),
        }
    }

    #[inline]
    fn view(slot: Slot<'_>) -> SeqView<'_, T> {
        view_vec(slot)
    }

    fn from_view(view: SeqView<'_, T>) -> Vec<T> {
        view.to_vec()
    }

    #[inline]
    fn decode_fused(
        v: &mut Validator<'_, Linked<'_>>,
        offset: usize,
        depth: u32,
        c: Self::Constraint,
    ) -> Result<Vec<T>> {
        required(decode_vec::<T>(v, offset, depth, c)?, offset)
    }
}

impl<T: Decode + Encode> Nullable for Vec<T> {
    #[inline]
    fn validate_optional<B: Buffer>(
        v: &mut Validator<'_, B>,
        offset: usize,
        depth: u32,
        c: Self::Constraint,
    ) -> Result<bool> {
        validate_vec::<T, B>(v, offset, depth, c)
    }

    fn view_optional(slot: Slot<'_>) -> Option<SeqView<'_, T>> {
        (slot.at(8).u64() != 0).then(|| view_vec(slot))
    }

    #[inline]
    fn decode_optional(
        v: &mut Validator<'_, Linked<'_>>,
        offset: usize,
        depth: u32,
        c: Self::Constraint,
    ) -> Result<Option<Vec<T>>> {
        decode_vec::<T>(v, offset, depth, c)
    }
}
