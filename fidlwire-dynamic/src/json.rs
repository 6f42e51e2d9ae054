//! The JSON text form of dynamic values (serde JSON), both directions.
//!
//! | FIDL | JSON |
//! |---|---|
//! | `bool`, integers | `true`, `42` (64-bit values stay exact) |
//! | floats | numbers (bit-exact); `"inf"`, `"-inf"`, `"NaN"`, and `"NaN:0x7ff8000000000001"` for a NaN with other bits |
//! | `string` | a string |
//! | `vector`, `array` | an array |
//! | struct | an object of all members, in order |
//! | table | an object of the present fields; an unknown one as `"#7": {"bytes": "0a0b…", "handles": 0, "inline": true}` |
//! | union | `{"variant": value}` (unknown: `{"#7": {…}}` as above) |
//! | enum | the member's name, or its number when unknown |
//! | bits | the value as a number |
//! | handle | `"handle"` (the next handle of the message) |
//! | absent optional | `null` |

use crate::error::{Error, Result};
use crate::schema::{DeclKind, Prim, Schema, Ty};
use crate::value::{Field, FieldValue, RawEnvelope, Value};
use serde_json::{Map, Value as Json, json};

/// `value` (of type `ty`) as JSON.
///
/// ```
/// use fidlwire_dynamic::{Schema, Ty, Value, Prim, to_json, from_json};
/// let schema = Schema::new(vec![], vec![]).unwrap();
/// let ty = Ty::Vector { elem: Box::new(Ty::Prim(Prim::Int16)), max: u32::MAX, optional: true };
/// let v = Value::List(vec![Value::Int(-1), Value::Int(2)]);
/// let j = to_json(&schema, &ty, &v);
/// assert_eq!(j.to_string(), "[-1,2]");
/// assert_eq!(from_json(&schema, &ty, &j).unwrap(), v);
/// ```
pub fn to_json(schema: &Schema, ty: &Ty, value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => json!(b),
        Value::Int(i) => json!(i),
        Value::Uint(u) => json!(u),
        Value::Float32(f) => float(*f as f64, f.is_nan().then(|| u64::from(f.to_bits()))),
        Value::Float64(f) => float(*f, f.is_nan().then(|| f.to_bits())),
        Value::String(s) => json!(s),
        Value::List(items) => {
            let elem = match ty {
                Ty::Vector { elem, .. } | Ty::Array { elem, .. } => elem.as_ref(),
                other => other,
            };
            Json::Array(items.iter().map(|i| to_json(schema, elem, i)).collect())
        }
        Value::Struct(members) => {
            let tys = member_types(schema, ty);
            let mut m = Map::new();
            for (name, v) in members {
                let t = tys.iter().find(|m| m.name == *name).map(|m| &m.ty);
                m.insert(
                    name.to_string(),
                    t.map_or(Json::Null, |t| to_json(schema, t, v)),
                );
            }
            Json::Object(m)
        }
        Value::Table { fields, .. } => {
            let mut m = Map::new();
            for f in fields {
                let (k, v) = field_json(schema, ty, f);
                m.insert(k, v);
            }
            Json::Object(m)
        }
        Value::Union(f) => {
            let (k, v) = field_json(schema, ty, f);
            let mut m = Map::new();
            m.insert(k, v);
            Json::Object(m)
        }
        Value::Enum { name, value } => match name {
            Some(n) => json!(&**n),
            None => int_json(*value),
        },
        Value::Bits(b) => json!(b),
        Value::Handle => json!("handle"),
    }
}

/// Reads a value of type `ty` from JSON (the form [`to_json`] writes).
pub fn from_json(schema: &Schema, ty: &Ty, json: &Json) -> Result<Value> {
    let bad = || Error::mismatch(schema.type_name(ty), short(json));
    match (ty, json) {
        (_, Json::Null) if nullable(schema, ty) => Ok(Value::Null),
        (Ty::Prim(Prim::Bool), Json::Bool(b)) => Ok(Value::Bool(*b)),
        (Ty::Prim(Prim::Float32), j) => match read_float(j).ok_or_else(bad)? {
            Float::Value(f) => Ok(Value::Float32(f as f32)),
            Float::NanBits(b) => Ok(Value::Float32(f32::from_bits(
                u32::try_from(b).map_err(|_| bad())?,
            ))),
        },
        (Ty::Prim(Prim::Float64), j) => match read_float(j).ok_or_else(bad)? {
            Float::Value(f) => Ok(Value::Float64(f)),
            Float::NanBits(b) => Ok(Value::Float64(f64::from_bits(b))),
        },
        (Ty::Prim(p), Json::Number(n)) if p.is_signed() => {
            let i = n.as_i64().ok_or_else(bad)?;
            fits(*p, i.into()).then_some(Value::Int(i)).ok_or_else(bad)
        }
        (Ty::Prim(p), Json::Number(n)) => {
            let u = n.as_u64().ok_or_else(bad)?;
            fits(*p, u.into()).then_some(Value::Uint(u)).ok_or_else(bad)
        }
        (Ty::String { .. }, Json::String(s)) => Ok(Value::String(s.clone())),
        (Ty::Vector { elem, .. } | Ty::Array { elem, .. }, Json::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, j)| from_json(schema, elem, j).map_err(|e| e.within(|| format!("[{i}]"))))
            .collect::<Result<_>>()
            .map(Value::List),
        (Ty::Handle { .. } | Ty::Endpoint { .. }, Json::String(s)) if s == "handle" => {
            Ok(Value::Handle)
        }
        (Ty::Decl { id, .. }, j) => decl_from_json(schema, ty, *id, j),
        _ => Err(bad()),
    }
}

fn decl_from_json(schema: &Schema, ty: &Ty, id: usize, json: &Json) -> Result<Value> {
    let bad = || Error::mismatch(schema.type_name(ty), short(json));
    match (&schema.decl(id).kind, json) {
        (DeclKind::Struct { members, .. }, Json::Object(obj)) => {
            if let Some(k) = obj
                .keys()
                .find(|k| !members.iter().any(|m| *m.name == ***k))
            {
                return Err(Error::mismatch(
                    schema.type_name(ty),
                    format!("member `{k}`"),
                ));
            }
            members
                .iter()
                .map(|m| {
                    let j = obj.get(&*m.name).ok_or_else(|| {
                        Error::mismatch(format!("member `{}`", m.name), "nothing")
                    })?;
                    let v =
                        from_json(schema, &m.ty, j).map_err(|e| e.within(|| m.name.to_string()))?;
                    Ok((m.name.clone(), v))
                })
                .collect::<Result<_>>()
                .map(Value::Struct)
        }
        (DeclKind::Table { members, .. }, Json::Object(obj)) => {
            let mut fields = obj
                .iter()
                .map(|(k, j)| field_from_json(schema, ty, members, k, j))
                .collect::<Result<Vec<_>>>()?;
            fields.sort_by_key(|f| f.ordinal);
            Ok(Value::Table {
                fields,
                envelopes: 0,
            })
        }
        (DeclKind::Union { members, .. }, Json::Object(obj)) if obj.len() == 1 => {
            let (k, j) = obj.iter().next().expect("one entry");
            Ok(Value::Union(Box::new(field_from_json(
                schema, ty, members, k, j,
            )?)))
        }
        (DeclKind::Enum { members, .. }, Json::String(s)) => {
            let m = members.iter().find(|m| *m.name == **s).ok_or_else(bad)?;
            Ok(Value::Enum {
                name: Some(m.name.clone()),
                value: m.value,
            })
        }
        (DeclKind::Enum { members, prim, .. }, Json::Number(n)) => {
            let value = n
                .as_i64()
                .map(i128::from)
                .or_else(|| n.as_u64().map(i128::from))
                .filter(|v| fits(*prim, *v))
                .ok_or_else(bad)?;
            let name = members
                .iter()
                .find(|m| m.value == value)
                .map(|m| m.name.clone());
            Ok(Value::Enum { name, value })
        }
        (DeclKind::Bits { prim, .. }, Json::Number(n)) => {
            let b = n
                .as_u64()
                .filter(|b| fits(*prim, (*b).into()))
                .ok_or_else(bad)?;
            Ok(Value::Bits(b))
        }
        _ => Err(bad()),
    }
}

fn field_from_json(
    schema: &Schema,
    ty: &Ty,
    members: &[crate::schema::OrdinalMember],
    key: &str,
    json: &Json,
) -> Result<Field> {
    if let Some(m) = members.iter().find(|m| &*m.name == key) {
        let v = from_json(schema, &m.ty, json).map_err(|e| e.within(|| m.name.to_string()))?;
        return Ok(Field {
            ordinal: m.ordinal,
            name: Some(m.name.clone()),
            value: FieldValue::Known(v),
        });
    }
    let ordinal = key
        .strip_prefix('#')
        .and_then(|o| o.parse::<u64>().ok())
        .filter(|o| *o > 0 && !members.iter().any(|m| m.ordinal == *o))
        .ok_or_else(|| Error::mismatch(schema.type_name(ty), format!("member `{key}`")))?;
    let raw = raw_from_json(json).ok_or_else(|| {
        Error::mismatch(
            "{\"bytes\": hex, \"handles\": n, \"inline\": bool}",
            short(json),
        )
        .within(|| key.to_string())
    })?;
    Ok(Field {
        ordinal,
        name: None,
        value: FieldValue::Unknown(raw),
    })
}

fn raw_from_json(json: &Json) -> Option<RawEnvelope> {
    let obj = json.as_object()?;
    let hex = obj.get("bytes")?.as_str()?;
    let bytes = crate::hex::parse(hex).ok()?;
    let handles = u16::try_from(obj.get("handles").map_or(Some(0), Json::as_u64)?).ok()?;
    let inline = obj.get("inline").map_or(Some(false), Json::as_bool)?;
    Some(RawEnvelope {
        inline,
        bytes,
        handles,
    })
}

fn field_json(schema: &Schema, ty: &Ty, f: &Field) -> (String, Json) {
    match (&f.name, &f.value) {
        (Some(name), FieldValue::Known(v)) => {
            let t = ordinal_members(schema, ty)
                .iter()
                .find(|m| m.ordinal == f.ordinal)
                .map(|m| to_json(schema, &m.ty, v))
                .unwrap_or(Json::Null);
            (name.to_string(), t)
        }
        (_, FieldValue::Unknown(raw)) => (
            format!("#{}", f.ordinal),
            json!({
                "bytes": crate::hex::format(&raw.bytes),
                "handles": raw.handles,
                "inline": raw.inline,
            }),
        ),
        (None, FieldValue::Known(_)) => (format!("#{}", f.ordinal), Json::Null),
    }
}

fn member_types<'s>(schema: &'s Schema, ty: &Ty) -> &'s [crate::schema::Member] {
    match ty {
        Ty::Decl { id, .. } => match &schema.decl(*id).kind {
            DeclKind::Struct { members, .. } => members,
            _ => &[],
        },
        _ => &[],
    }
}

fn ordinal_members<'s>(schema: &'s Schema, ty: &Ty) -> &'s [crate::schema::OrdinalMember] {
    match ty {
        Ty::Decl { id, .. } => match &schema.decl(*id).kind {
            DeclKind::Table { members, .. } | DeclKind::Union { members, .. } => members,
            _ => &[],
        },
        _ => &[],
    }
}

fn nullable(schema: &Schema, ty: &Ty) -> bool {
    match ty {
        Ty::String { optional, .. }
        | Ty::Vector { optional, .. }
        | Ty::Handle { optional, .. }
        | Ty::Endpoint { optional, .. } => *optional,
        Ty::Decl { id, optional } => {
            *optional
                && matches!(
                    schema.decl(*id).kind,
                    DeclKind::Struct { .. } | DeclKind::Union { .. }
                )
        }
        _ => false,
    }
}

fn fits(p: Prim, v: i128) -> bool {
    let bits = p.size() as u32 * 8;
    match p {
        Prim::Bool | Prim::Float32 | Prim::Float64 => false,
        _ if p.is_signed() => v >= -(1i128 << (bits - 1)) && v < (1i128 << (bits - 1)),
        _ => v >= 0 && v < (1i128 << bits),
    }
}

fn int_json(v: i128) -> Json {
    match i64::try_from(v) {
        Ok(i) => json!(i),
        Err(_) => json!(v as u64),
    }
}

/// A float as JSON; `nan_bits` are the bits of a NaN (of its own width), kept unless they are
/// the canonical quiet NaN's.
fn float(f: f64, nan_bits: Option<u64>) -> Json {
    if let Some(bits) = nan_bits {
        match bits == f64::NAN.to_bits() || bits == u64::from(f32::NAN.to_bits()) {
            true => json!("NaN"),
            false => json!(format!("NaN:{bits:#x}")),
        }
    } else if f.is_infinite() {
        json!(if f > 0.0 { "inf" } else { "-inf" })
    } else {
        json!(f)
    }
}

/// A float read from JSON: a value, or the exact bits of a NaN.
enum Float {
    Value(f64),
    NanBits(u64),
}

fn read_float(j: &Json) -> Option<Float> {
    match j {
        Json::Number(n) => n.as_f64().map(Float::Value),
        Json::String(s) => match s.as_str() {
            "NaN" => Some(Float::Value(f64::NAN)),
            "inf" => Some(Float::Value(f64::INFINITY)),
            "-inf" => Some(Float::Value(f64::NEG_INFINITY)),
            s => {
                let hex = s.strip_prefix("NaN:0x")?;
                u64::from_str_radix(hex, 16).ok().map(Float::NanBits)
            }
        },
        _ => None,
    }
}

/// A short rendering of some JSON for errors.
fn short(j: &Json) -> String {
    let s = j.to_string();
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}
