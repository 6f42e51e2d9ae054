//! The wire-format rules in type-erased form, for codecs whose types are known only at run
//! time (the schema-driven codec of `fidlwire-dynamic`).
//!
//! The static codec's generic helpers are thin wrappers around these same functions, with the
//! sizes as constants (so nothing is lost once inlined): there is one set of rules, and a fix
//! to a rule fixes both codecs. Start a message with [`crate::DecodeOptions::run_dynamic`];
//! tables and unions are [`crate::table::validate`] and [`crate::union::validate`], which
//! already take the per-member work as closures; struct padding is [`crate::layout::Layout`].
//!
//! ```
//! use fidlwire::{DecodeOptions, rules};
//! // A `string:4` primary object: "hi".
//! let bytes = [2, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, b'h', b'i', 0, 0, 0, 0, 0, 0];
//! let text = DecodeOptions::default()
//!     .run_dynamic(&bytes, &mut [], 16, |v| Ok(rules::string(v, 0, 0, 4)?.map(str::to_owned)))
//!     .unwrap();
//! assert_eq!(text.as_deref(), Some("hi"));
//! ```

use crate::Result;
use crate::decode::{Buffer, Validator};
use crate::encode::Encoder;
use crate::error::ErrorKind;
use crate::handle::HandleConstraint;
use crate::wire::Decode;

pub use crate::envelope::{
    encode_sized as encode_envelope, known_sized as envelope, read_header, skip_unknown,
};
pub use crate::layout::box_sized as boxed;
pub use crate::table::{
    encode_header as encode_table_header, envelope_offset, field_sized as table_field,
};

/// The constraint of `client_end` and `server_end` slots: a channel with the default rights.
pub const ENDPOINT: HandleConstraint = crate::endpoint::CHANNEL;

/// A vector header at `offset` (spec §5.3): `None` for an absent vector, else the element
/// count and the offset of the claimed body of `count × stride` bytes, after the bound
/// `max_len`, the 32-bit limit and the presence marker are checked.
#[inline]
pub fn vector<B: Buffer>(
    v: &mut Validator<'_, B>,
    offset: usize,
    depth: u32,
    stride: usize,
    max_len: u32,
) -> Result<Option<(usize, usize)>> {
    crate::vector::validate_header(v, offset, depth, stride, max_len, &crate::vector::VECTOR)
}

/// A string at `offset` (spec §5.4): `None` when absent, else its text, checked to be UTF-8
/// and at most `max_len` bytes.
#[inline]
pub fn string<'v, B: Buffer>(
    v: &'v mut Validator<'_, B>,
    offset: usize,
    depth: u32,
    max_len: u32,
) -> Result<Option<&'v str>> {
    let c = crate::StringConstraint { max_len };
    Ok(crate::vector::validate_string(v, offset, depth, c)?.map(|(_, text)| text))
}

/// A `bool` at `offset`: 0 or 1.
#[inline]
pub fn boolean<B: Buffer>(v: &mut Validator<'_, B>, offset: usize) -> Result<bool> {
    bool::validate(v, offset, 0, ())?;
    Ok(v.u8_at(offset) == 1)
}

/// A handle slot at `offset` (spec §7): `None` when absent, else the index of the next handle
/// of the message, checked (and its rights reduced) against `c`.
#[inline]
pub fn handle<B: Buffer>(
    v: &mut Validator<'_, B>,
    offset: usize,
    c: HandleConstraint,
) -> Result<Option<usize>> {
    crate::handle_wire::handle_index(v, offset, c)
}

/// Writes a present vector or string header (count, presence marker) at `offset`, after
/// checking `count` against `max_len` (`kind` is the error when it is over).
#[inline]
pub fn encode_vector_header(
    e: &mut Encoder<'_>,
    offset: usize,
    count: usize,
    max_len: u32,
    kind: ErrorKind,
) -> Result<()> {
    let count = crate::encode::check_count(count, max_len, kind, offset)?;
    crate::vector::write_header(e, offset, count);
    Ok(())
}
