//! Unions (spec §10): an ordinal and an envelope. Derived union code calls these helpers.

use crate::Result;
use crate::decode::{Buffer, Validator};
use crate::encode::Encoder;
use crate::envelope::{self, EnvelopeHeader};
use crate::error::{ErrorKind, err};
use crate::wire::Encode;

/// Inline size of every union (required or optional).
pub const INLINE_SIZE: usize = 16;

/// Encodes variant `ordinal` holding `value` at `offset`.
#[inline]
pub fn encode<T: Encode>(
    value: &T,
    e: &mut Encoder<'_>,
    offset: usize,
    depth: u32,
    ordinal: u64,
    c: T::Constraint,
) -> Result<()> {
    e.write_u64(offset, ordinal);
    envelope::encode(value, e, offset + 8, depth, c)
}

/// Validates the union at `offset`; returns `Ok(false)` for an absent optional union.
/// `known` validates a known variant (validator, ordinal, envelope offset, depth, header) and
/// returns `Ok(false)` for an unknown ordinal, which is an error for strict unions and skipped
/// (handles closed) for flexible ones.
#[inline]
pub fn validate<B: Buffer>(
    v: &mut Validator<'_, B>,
    offset: usize,
    depth: u32,
    strict: bool,
    optional: bool,
    mut known: impl FnMut(&mut Validator<'_, B>, u64, usize, u32, EnvelopeHeader) -> Result<bool>,
) -> Result<bool> {
    let ordinal = v.u64_at(offset);
    let env = offset + 8;
    let header = envelope::read_header(v, env)?;
    if header.is_absent() {
        if optional && ordinal == 0 {
            return Ok(false);
        }
        return err(ErrorKind::NonNullableTypeWithNullValue, offset);
    }
    if ordinal == 0 {
        return err(ErrorKind::UnionFieldNotSet, offset);
    }
    if !known(v, ordinal, env, depth, header)? {
        if strict {
            return crate::error::err_value(ErrorKind::StrictUnionUnknownField, offset, ordinal);
        }
        envelope::validate_unknown(v, env, depth, header)?;
    }
    Ok(true)
}

/// The error for encoding a union that holds an unknown variant: ordinal 0 means no variant
/// is selected at all.
#[cold]
pub fn unknown_variant<T>(ordinal: u64, offset: usize) -> Result<T> {
    match ordinal {
        0 => err(ErrorKind::UnionFieldNotSet, offset),
        _ => err(ErrorKind::FlexibleUnionUnknownField, offset),
    }
}
