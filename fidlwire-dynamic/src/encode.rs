//! Encoding a [`Value`] of a schema type, with the runtime's encoder and envelope rules: the
//! bytes are exactly the static codec's for the same value.

use crate::error::{Error, Result};
use crate::schema::{DeclKind, Prim, Schema, Ty};
use crate::value::{Field, FieldValue, Value};
use fidlwire::encode::Encoder;
use fidlwire::{ErrorKind, Handle, HandleConstraint, HandleDisposition, ObjectType, Rights, rules};

/// Encodes `value` as type `ty`; `handles` are moved into the message in order, one for each
/// [`Value::Handle`] and as many as each unknown envelope carries. On error the handles are
/// closed.
///
/// ```
/// use fidlwire_dynamic::{Schema, Ty, Value, encode};
/// let schema = Schema::new(vec![], vec![]).unwrap();
/// let ty = Ty::String { max: 8, optional: false };
/// let (bytes, _) = encode(&schema, &ty, &Value::String("hi".into()), vec![]).unwrap();
/// assert_eq!(bytes, fidlwire::to_vec(&String::from("hi")).unwrap());
/// let e = encode(&schema, &ty, &Value::String("too long!".into()), vec![]).unwrap_err();
/// assert_eq!(e.code(), "STRING_TOO_LONG");
/// ```
pub fn encode(
    schema: &Schema,
    ty: &Ty,
    value: &Value,
    handles: Vec<Handle>,
) -> Result<(Vec<u8>, Vec<HandleDisposition>)> {
    let mut bytes = Vec::new();
    let mut out = Vec::new();
    let mut supply = handles.into_iter();
    let r = {
        let mut e = Encoder::new(&mut bytes, &mut out);
        let mut enc = Enc {
            schema,
            handles: &mut supply,
        };
        let (size, _) = schema.inline(ty);
        e.alloc(size, 0)
            .map_err(Error::from)
            .and_then(|at| enc.value(&mut e, ty, value, at, 0))
    };
    r?;
    if supply.len() != 0 {
        let e = fidlwire::Error::new(ErrorKind::TooManyHandlesInMessage, 0);
        return Err(e.into());
    }
    Ok((bytes, out))
}

struct Enc<'s, 'h> {
    schema: &'s Schema,
    handles: &'h mut std::vec::IntoIter<Handle>,
}

fn mismatch(schema: &Schema, ty: &Ty, value: &Value) -> Error {
    Error::mismatch(schema.type_name(ty), describe(value))
}

/// A short description of a value, for mismatch errors.
pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("bool {b}"),
        Value::Int(i) => format!("integer {i}"),
        Value::Uint(u) => format!("integer {u}"),
        Value::Float32(f) => format!("float {f}"),
        Value::Float64(f) => format!("float {f}"),
        Value::String(_) => "a string".into(),
        Value::List(l) => format!("a list of {}", l.len()),
        Value::Struct(_) => "a struct".into(),
        Value::Table { .. } => "a table".into(),
        Value::Union(_) => "a union".into(),
        Value::Enum { value, .. } => format!("enum value {value}"),
        Value::Bits(b) => format!("bits {b:#x}"),
        Value::Handle => "a handle".into(),
    }
}

impl Enc<'_, '_> {
    fn next_handle(&mut self, offset: usize) -> Result<Handle> {
        self.handles
            .next()
            .ok_or_else(|| fidlwire::Error::new(ErrorKind::TooFewHandles, offset).into())
    }

    fn value(
        &mut self,
        e: &mut Encoder<'_>,
        ty: &Ty,
        value: &Value,
        offset: usize,
        depth: u32,
    ) -> Result<()> {
        let schema = self.schema;
        match (ty, value) {
            (Ty::Prim(p), v) => prim(e, *p, v, offset).ok_or_else(|| mismatch(schema, ty, value)),
            (Ty::String { optional: true, .. }, Value::Null)
            | (Ty::Vector { optional: true, .. }, Value::Null)
            | (Ty::Handle { optional: true, .. }, Value::Null)
            | (Ty::Endpoint { optional: true, .. }, Value::Null) => Ok(()),
            (
                Ty::String { .. } | Ty::Vector { .. } | Ty::Handle { .. } | Ty::Endpoint { .. },
                Value::Null,
            ) => Err(fidlwire::Error::new(ErrorKind::NonNullableTypeWithNullValue, offset).into()),
            (Ty::String { max, .. }, Value::String(s)) => {
                rules::encode_vector_header(e, offset, s.len(), *max, ErrorKind::StringTooLong)?;
                if !s.is_empty() {
                    e.append_block(s.as_bytes(), depth + 1)?;
                }
                Ok(())
            }
            (Ty::Vector { elem, max, .. }, Value::List(items)) => {
                rules::encode_vector_header(
                    e,
                    offset,
                    items.len(),
                    *max,
                    ErrorKind::CountExceedsLimit,
                )?;
                if items.is_empty() {
                    return Ok(());
                }
                let (stride, _) = schema.inline(elem);
                let body = e.alloc(items.len() * stride, depth + 1)?;
                for (i, item) in items.iter().enumerate() {
                    self.value(e, elem, item, body + i * stride, depth + 1)
                        .map_err(|err| err.within(|| format!("[{i}]")))?;
                }
                Ok(())
            }
            (Ty::Array { elem, len }, Value::List(items)) => {
                if items.len() != *len as usize {
                    return Err(mismatch(schema, ty, value));
                }
                let (stride, _) = schema.inline(elem);
                for (i, item) in items.iter().enumerate() {
                    self.value(e, elem, item, offset + i * stride, depth)
                        .map_err(|err| err.within(|| format!("[{i}]")))?;
                }
                Ok(())
            }
            (
                Ty::Handle {
                    object_type,
                    rights,
                    ..
                },
                Value::Handle,
            ) => {
                let h = self.next_handle(offset)?;
                let c = HandleConstraint::new(ObjectType(*object_type), Rights(*rights));
                e.push_handle(offset, h, c);
                Ok(())
            }
            (Ty::Endpoint { .. }, Value::Handle) => {
                let h = self.next_handle(offset)?;
                e.push_handle(offset, h, rules::ENDPOINT);
                Ok(())
            }
            (Ty::Decl { id, optional }, v) => self.decl(e, ty, *id, *optional, v, offset, depth),
            _ => Err(mismatch(schema, ty, value)),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn decl(
        &mut self,
        e: &mut Encoder<'_>,
        ty: &Ty,
        id: usize,
        optional: bool,
        value: &Value,
        offset: usize,
        depth: u32,
    ) -> Result<()> {
        let schema = self.schema;
        match (&schema.decl(id).kind, value) {
            (DeclKind::Struct { .. } | DeclKind::Union { .. }, Value::Null) if optional => Ok(()),
            (DeclKind::Struct { layout, .. }, Value::Struct(_)) if optional => {
                e.write_u64(offset, fidlwire::ALLOC_PRESENT_U64);
                let body = e.alloc(layout.size, depth + 1)?;
                self.structure(e, id, value, body, depth + 1)
            }
            (DeclKind::Struct { .. }, Value::Struct(_)) => {
                self.structure(e, id, value, offset, depth)
            }
            (DeclKind::Table { resource, members }, Value::Table { fields, envelopes }) => {
                let max = fields.iter().map(|f| f.ordinal).fold(*envelopes, u64::max);
                let Some(array) = rules::encode_table_header(e, offset, depth, max)? else {
                    return Ok(());
                };
                let mut last = 0;
                for f in fields {
                    if f.ordinal <= last {
                        return Err(Error::mismatch(
                            "table fields in increasing ordinal order",
                            format!("ordinal {} after {last}", f.ordinal),
                        ));
                    }
                    last = f.ordinal;
                    let env = rules::envelope_offset(array, f.ordinal);
                    let member = members.iter().find(|m| m.ordinal == f.ordinal);
                    self.field(e, member.map(|m| &m.ty), f, *resource, env, depth + 1)?;
                }
                Ok(())
            }
            (
                DeclKind::Union {
                    strict,
                    resource,
                    members,
                },
                Value::Union(f),
            ) => {
                let member = members.iter().find(|m| m.ordinal == f.ordinal);
                // What decoding rejects, encoding rejects: a strict union holds no unknown
                // variant (flexible ones re-encode theirs, raw).
                if *strict && member.is_none() {
                    return Err(crate::error::value_error(
                        ErrorKind::StrictUnionUnknownField,
                        offset,
                        f.ordinal,
                    ));
                }
                e.write_u64(offset, f.ordinal);
                self.field(e, member.map(|m| &m.ty), f, *resource, offset + 8, depth)
            }
            (
                DeclKind::Enum {
                    strict,
                    prim,
                    members,
                },
                Value::Enum { value: raw, .. },
            ) => {
                if *strict && !members.iter().any(|m| m.value == *raw) {
                    return Err(crate::error::value_error(
                        ErrorKind::StrictEnumUnknownValue,
                        offset,
                        *raw as u64,
                    ));
                }
                write_int(e, *prim, *raw, offset).ok_or_else(|| mismatch(schema, ty, value))
            }
            (
                DeclKind::Bits {
                    strict, prim, mask, ..
                },
                Value::Bits(raw),
            ) => {
                if *strict && raw & !mask != 0 {
                    return Err(crate::error::value_error(
                        ErrorKind::StrictBitsUnknownBit,
                        offset,
                        raw & !mask,
                    ));
                }
                write_int(e, *prim, *raw as i128, offset).ok_or_else(|| mismatch(schema, ty, value))
            }
            _ => Err(mismatch(schema, ty, value)),
        }
    }

    fn structure(
        &mut self,
        e: &mut Encoder<'_>,
        id: usize,
        value: &Value,
        offset: usize,
        depth: u32,
    ) -> Result<()> {
        let schema = self.schema;
        let (
            DeclKind::Struct {
                members, layout, ..
            },
            Value::Struct(given),
        ) = (&schema.decl(id).kind, value)
        else {
            unreachable!("structure() is called for struct values");
        };
        if given.len() != members.len() || given.iter().zip(members).any(|((n, _), m)| *n != m.name)
        {
            let names: Vec<_> = members.iter().map(|m| &*m.name).collect();
            let found: Vec<_> = given.iter().map(|(n, _)| &**n).collect();
            return Err(Error::mismatch(
                format!("{} members [{}]", schema.decl(id).name, names.join(", ")),
                format!("[{}]", found.join(", ")),
            ));
        }
        for ((m, at), (_, v)) in members.iter().zip(&layout.offsets).zip(given) {
            self.value(e, &m.ty, v, offset + at, depth)
                .map_err(|err| err.within(|| m.name.to_string()))?;
        }
        Ok(())
    }

    /// A table field's or union variant's envelope at `env`.
    fn field(
        &mut self,
        e: &mut Encoder<'_>,
        ty: Option<&Ty>,
        f: &Field,
        resource: bool,
        env: usize,
        depth: u32,
    ) -> Result<()> {
        let name = || {
            f.name
                .as_deref()
                .map_or_else(|| format!("#{}", f.ordinal), str::to_string)
        };
        match (ty, &f.value) {
            (Some(ty), FieldValue::Known(v)) => {
                let (size, _) = self.schema.inline(ty);
                let mut inner = None;
                let r = rules::encode_envelope(e, env, depth, size, resource, |e, at, depth| {
                    self.value(e, ty, v, at, depth).map_err(|err| {
                        let codec = err.codec().cloned().unwrap_or_else(|| {
                            fidlwire::Error::new(ErrorKind::UnionFieldNotSet, at)
                        });
                        inner = Some(err);
                        codec
                    })
                });
                r.map_err(|err| inner.unwrap_or_else(|| err.into()))
                    .map_err(|err| err.within(name))
            }
            (None, FieldValue::Unknown(raw)) => {
                let (num_bytes, inline) = match raw.inline {
                    true if raw.bytes.len() == 4 => {
                        e.bytes_mut(env, 4).copy_from_slice(&raw.bytes);
                        (0, true)
                    }
                    false if raw.bytes.len() % 8 == 0 && !raw.bytes.is_empty() => {
                        e.append_block(&raw.bytes, depth + 1)?;
                        (raw.bytes.len() as u32, false)
                    }
                    _ => {
                        return Err(Error::mismatch(
                            "4 inline bytes or a non-empty multiple of 8",
                            format!("{} bytes", raw.bytes.len()),
                        )
                        .within(name));
                    }
                };
                for _ in 0..raw.handles {
                    let h = self.next_handle(env)?;
                    let any = HandleConstraint::new(ObjectType::NONE, Rights::SAME_RIGHTS);
                    e.push_handle(env, h, any);
                }
                // push_handle wrote a presence marker at `env`; the header follows.
                if !inline {
                    e.write_u32(env, num_bytes);
                } else {
                    e.bytes_mut(env, 4).copy_from_slice(&raw.bytes);
                }
                e.write_u16(env + 4, raw.handles);
                e.write_u16(env + 6, inline as u16);
                Ok(())
            }
            (Some(_), FieldValue::Unknown(_)) => {
                Err(Error::mismatch("a value for a known member", "raw unknown data").within(name))
            }
            (None, FieldValue::Known(_)) => Err(Error::mismatch(
                "a member of the type",
                format!("unknown ordinal {}", f.ordinal),
            )),
        }
    }
}

fn prim(e: &mut Encoder<'_>, p: Prim, v: &Value, offset: usize) -> Option<()> {
    match (p, v) {
        (Prim::Bool, Value::Bool(b)) => e.write_u8(offset, *b as u8),
        (Prim::Float32, Value::Float32(f)) => e.write_u32(offset, f.to_bits()),
        (Prim::Float64, Value::Float64(f)) => e.write_u64(offset, f.to_bits()),
        (p, Value::Int(i)) if p.is_signed() => write_int(e, p, (*i).into(), offset)?,
        (p, Value::Uint(u)) if !p.is_signed() && p != Prim::Bool => {
            write_int(e, p, (*u).into(), offset)?
        }
        _ => return None,
    }
    Some(())
}

/// Writes integer `v` as type `p`; `None` when it does not fit.
fn write_int(e: &mut Encoder<'_>, p: Prim, v: i128, offset: usize) -> Option<()> {
    match p {
        Prim::Int8 => e.write_u8(offset, i8::try_from(v).ok()? as u8),
        Prim::Int16 => e.write_u16(offset, i16::try_from(v).ok()? as u16),
        Prim::Int32 => e.write_u32(offset, i32::try_from(v).ok()? as u32),
        Prim::Int64 => e.write_u64(offset, i64::try_from(v).ok()? as u64),
        Prim::Uint8 => e.write_u8(offset, u8::try_from(v).ok()?),
        Prim::Uint16 => e.write_u16(offset, u16::try_from(v).ok()?),
        Prim::Uint32 => e.write_u32(offset, u32::try_from(v).ok()?),
        Prim::Uint64 => e.write_u64(offset, u64::try_from(v).ok()?),
        Prim::Bool | Prim::Float32 | Prim::Float64 => return None,
    }
    Some(())
}
