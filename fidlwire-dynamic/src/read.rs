//! The decoder's small parts: reading scalars, raw unknown envelopes, and carrying a dynamic
//! error (with its member path) through the runtime's rule closures, which return runtime
//! errors.

use crate::error::{Error, Result};
use crate::schema::Prim;
use crate::value::{RawEnvelope, Value};
use fidlwire::decode::{ReadOnly, Validator};
use fidlwire::{ErrorKind, rules};

type V<'a, 'b> = Validator<'a, ReadOnly<'b>>;

/// The raw contents of an unknown envelope; its handles stay with the message.
pub(crate) fn raw_envelope(
    v: &mut V<'_, '_>,
    env: usize,
    depth: u32,
    header: fidlwire::envelope::EnvelopeHeader,
) -> fidlwire::Result<RawEnvelope> {
    let range = rules::skip_unknown(v, env, depth, header, true)?;
    Ok(RawEnvelope {
        inline: header.is_inline(),
        bytes: v.bytes()[range].to_vec(),
        handles: header.num_handles(),
    })
}

/// Keeps a dynamic error (with its path) while a runtime rule's closure must return a runtime
/// error; [`unpark`] puts it back.
pub(crate) fn park(e: Error, slot: &mut Option<Error>) -> fidlwire::Error {
    let codec = match &e.kind {
        crate::error::ErrorKind::Codec(c) => c.clone(),
        crate::error::ErrorKind::Mismatch { .. } => {
            fidlwire::Error::new(ErrorKind::InvalidPaddingByte, 0)
        }
    };
    *slot = Some(e);
    codec
}

pub(crate) fn unpark<T>(r: fidlwire::Result<T>, parked: Option<Error>) -> Result<T> {
    r.map_err(|e| parked.unwrap_or_else(|| e.into()))
}

pub(crate) fn required(optional: bool, offset: usize) -> Result<Value> {
    match optional {
        true => Ok(Value::Null),
        false => Err(fidlwire::Error::new(ErrorKind::NonNullableTypeWithNullValue, offset).into()),
    }
}

pub(crate) fn presence(present: bool) -> String {
    match present {
        true => "presence: present".into(),
        false => "presence: absent".into(),
    }
}

pub(crate) fn prim(v: &mut V<'_, '_>, p: Prim, offset: usize) -> fidlwire::Result<Value> {
    Ok(match p {
        Prim::Bool => Value::Bool(rules::boolean(v, offset)?),
        Prim::Float32 => Value::Float32(f32::from_bits(v.u32_at(offset))),
        Prim::Float64 => Value::Float64(f64::from_bits(v.u64_at(offset))),
        p if p.is_signed() => Value::Int(int(v, p, offset) as i64),
        p => Value::Uint(int(v, p, offset) as u64),
    })
}

/// An integer of type `p` at `offset`, sign-extended for signed types.
pub(crate) fn int(v: &V<'_, '_>, p: Prim, offset: usize) -> i128 {
    match p {
        Prim::Int8 => v.u8_at(offset) as i8 as i128,
        Prim::Int16 => v.u16_at(offset) as i16 as i128,
        Prim::Int32 => v.u32_at(offset) as i32 as i128,
        Prim::Int64 => v.u64_at(offset) as i64 as i128,
        Prim::Uint8 | Prim::Bool => v.u8_at(offset) as i128,
        Prim::Uint16 => v.u16_at(offset) as i128,
        Prim::Uint32 | Prim::Float32 => v.u32_at(offset) as i128,
        Prim::Uint64 | Prim::Float64 => v.u64_at(offset) as i128,
    }
}

/// A short rendering of a scalar for annotations.
pub(crate) fn show(v: &Value) -> String {
    match v {
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Uint(u) => u.to_string(),
        Value::Float32(f) => f.to_string(),
        Value::Float64(f) => f.to_string(),
        other => format!("{other:?}"),
    }
}
