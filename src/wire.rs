//! The traits every FIDL type implements: layout ([`Type`]), encoding ([`Encode`]) and
//! validation + viewing ([`Decode`]), plus [`Nullable`] for types with an optional form.

use crate::Result;
use crate::decode::{Buffer, Linked, Validator};
use crate::encode::Encoder;
use crate::view::Slot;

/// Compile-time wire layout of a FIDL type.
pub trait Type: Sized {
    /// Bytes the type occupies inline in its container (wire-format spec §1.3).
    const INLINE_SIZE: usize;
    /// Inline alignment.
    const ALIGN: usize;
    /// True when the type can carry handles (a FIDL `resource`).
    const RESOURCE: bool = false;
    /// True when the type's wire form is its little-endian memory form: integers, floats,
    /// arrays of plain types and `#[fidl(plain)]` structs (no padding, any bit pattern valid).
    /// Slices of plain types encode and decode with one copy on little-endian targets.
    const PLAIN: bool = false;
    /// Runtime constraints (string/vector bounds, handle type and rights) passed down the
    /// traversal. `Default` is "unconstrained".
    type Constraint: Copy + Default + std::fmt::Debug + 'static;
}

/// Encoding into the wire format.
///
/// Encoding borrows the value; handles inside it are *moved* into the message (see
/// [`crate::Handle::take`]), as a channel write consumes them.
pub trait Encode: Type {
    /// Writes `self` inline at `offset` (already zeroed), appending out-of-line children.
    /// `depth` is the out-of-line depth of the block holding `offset`.
    fn encode(
        &self,
        e: &mut Encoder<'_>,
        offset: usize,
        depth: u32,
        c: Self::Constraint,
    ) -> Result<()>;

    /// Encodes `items` back to back at `offset` (vector and array bodies). Primitive types
    /// override this with a bulk copy.
    fn encode_slice(
        items: &[Self],
        e: &mut Encoder<'_>,
        offset: usize,
        depth: u32,
        c: Self::Constraint,
    ) -> Result<()> {
        crate::encode::encode_each(items, e, offset, depth, c)
    }

    /// The wire bytes of `items` when their in-memory representation *is* the wire format
    /// (little-endian primitives); vector bodies are then appended with one copy. When `Some`,
    /// the slice is exactly `items.len() * INLINE_SIZE` bytes, and whether it is `Some` depends
    /// only on the type (derived struct encoders rely on both).
    #[inline(always)]
    fn wire_bytes(items: &[Self]) -> Option<&[u8]> {
        let _ = items;
        None
    }
}

/// Validation, zero-copy views and owned conversion. All three tiers share `validate`.
pub trait Decode: Type {
    /// The zero-copy view of a value of this type, borrowed from a decoded buffer.
    type View<'a>: Copy;

    /// Checks the value inline at `offset` and every out-of-line child (claiming them from the
    /// validator in traversal order). In rewriting mode it replaces presence markers by
    /// offsets so that [`Decode::view`] is O(1).
    fn validate<B: Buffer>(
        v: &mut Validator<'_, B>,
        offset: usize,
        depth: u32,
        c: Self::Constraint,
    ) -> Result<()>;

    /// Builds the view of a value that [`Decode::validate`] accepted in rewriting mode.
    fn view(slot: Slot<'_>) -> Self::View<'_>;

    /// Converts a view into an owned value, taking its handles.
    fn from_view(view: Self::View<'_>) -> Self;

    /// Validates `count` consecutive values at `offset`. Primitive types override this.
    fn validate_slice<B: Buffer>(
        v: &mut Validator<'_, B>,
        offset: usize,
        count: usize,
        depth: u32,
        c: Self::Constraint,
    ) -> Result<()> {
        for i in 0..count {
            Self::validate(v, offset + i * Self::INLINE_SIZE, depth, c)
                .map_err(|err| err.in_index(i as u64))?;
        }
        Ok(())
    }

    /// Converts `count` consecutive viewed values into owned ones. Primitive types override
    /// this with a bulk copy.
    fn from_slice_view(slot: Slot<'_>, count: usize) -> Vec<Self> {
        (0..count)
            .map(|i| Self::from_view(Self::view(slot.at(i * Self::INLINE_SIZE))))
            .collect()
    }

    /// Validates the value at `offset` and builds it in the same pass (owned decoding): the
    /// checks of [`Decode::validate`], in the same order, so errors are identical.
    ///
    /// The default validates, then builds the value from its view (the side table of `v`
    /// records the links that view needs); the codec's own types and derived types override
    /// it to construct while validating.
    #[inline]
    fn decode_fused(
        v: &mut Validator<'_, Linked<'_>>,
        offset: usize,
        depth: u32,
        c: Self::Constraint,
    ) -> Result<Self> {
        v.recording(|v| Self::validate(v, offset, depth, c))?;
        Ok(Self::from_view(Self::view(v.slot(offset))))
    }

    /// [`Decode::decode_fused`] for `count` consecutive values at `offset` (vector bodies).
    /// Plain types override this with one copy.
    fn decode_slice(
        v: &mut Validator<'_, Linked<'_>>,
        offset: usize,
        count: usize,
        depth: u32,
        c: Self::Constraint,
    ) -> Result<Vec<Self>> {
        // `count` elements were claimed from the message, so the allocation is bounded by it.
        let mut out = Vec::with_capacity(count);
        for i in 0..count {
            out.push(
                Self::decode_fused(v, offset + i * Self::INLINE_SIZE, depth, c)
                    .map_err(|err| err.in_index(i as u64))?,
            );
        }
        Ok(out)
    }
}

/// A type with an optional form, written `Option<T>` in Rust.
///
/// Strings, vectors, handles and unions are "naturally optional" (same inline size, absence is
/// all zeros). Structs become optional through `box<S>`, an 8-byte presence word; in Rust both
/// `Option<S>` and `Option<Box<S>>` mean `box<S>`.
pub trait Nullable: Encode + Decode {
    /// Inline size of the optional form.
    const OPTIONAL_INLINE_SIZE: usize = Self::INLINE_SIZE;
    /// Inline alignment of the optional form.
    const OPTIONAL_ALIGN: usize = Self::ALIGN;

    /// Encodes a present value in the optional form (absence is the zeroed slot).
    fn encode_present(
        &self,
        e: &mut Encoder<'_>,
        offset: usize,
        depth: u32,
        c: Self::Constraint,
    ) -> Result<()> {
        self.encode(e, offset, depth, c)
    }

    /// Validates the optional form; `Ok(false)` means absent.
    fn validate_optional<B: Buffer>(
        v: &mut Validator<'_, B>,
        offset: usize,
        depth: u32,
        c: Self::Constraint,
    ) -> Result<bool>;

    /// Views the optional form.
    fn view_optional(slot: Slot<'_>) -> Option<Self::View<'_>>;

    /// [`Decode::decode_fused`] for the optional form.
    #[inline]
    fn decode_optional(
        v: &mut Validator<'_, Linked<'_>>,
        offset: usize,
        depth: u32,
        c: Self::Constraint,
    ) -> Result<Option<Self>> {
        if !v.recording(|v| Self::validate_optional(v, offset, depth, c))? {
            return Ok(None);
        }
        Ok(Self::view_optional(v.slot(offset)).map(Self::from_view))
    }
}

/// Marker for types that cannot carry handles; required by handle-less entry points such as
/// [`crate::to_vec`] and [`crate::persist()`].
pub trait ValueType: Type {}
