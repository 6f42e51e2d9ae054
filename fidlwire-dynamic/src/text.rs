//! An indented, FIDL-flavoured rendering of values for people (the JSON form is for tools).

use crate::schema::{DeclKind, Schema, Ty};
use crate::value::{Field, FieldValue, Value};
use std::fmt::Write;

/// `value` (of type `ty`) as indented text: `Name { member: value, … }` for structs and
/// tables, `Name.variant(value)` for unions, `Name.MEMBER` for enums, quoted strings.
///
/// ```
/// use fidlwire_dynamic::{Schema, Ty, Value, Prim, to_text};
/// let schema = Schema::new(vec![], vec![]).unwrap();
/// let ty = Ty::Array { elem: Box::new(Ty::Prim(Prim::Uint8)), len: 2 };
/// assert_eq!(to_text(&schema, &ty, &Value::List(vec![Value::Uint(1), Value::Uint(2)])), "[1, 2]");
/// ```
pub fn to_text(schema: &Schema, ty: &Ty, value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, schema, ty, value, 0);
    out
}

fn decl_name<'s>(schema: &'s Schema, ty: &Ty) -> &'s str {
    match ty {
        Ty::Decl { id, .. } => &schema.decl(*id).name,
        _ => "",
    }
}

fn write_value(out: &mut String, schema: &Schema, ty: &Ty, value: &Value, indent: usize) {
    let pad = "    ".repeat(indent + 1);
    let end = "    ".repeat(indent);
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Uint(u) => {
            let _ = write!(out, "{u}");
        }
        Value::Float32(f) => {
            let _ = write!(out, "{f:?}");
        }
        Value::Float64(f) => {
            let _ = write!(out, "{f:?}");
        }
        Value::String(s) => {
            let _ = write!(out, "{s:?}");
        }
        Value::Handle => out.push_str("handle"),
        Value::Bits(b) => {
            let _ = write!(out, "{}({b:#x})", decl_name(schema, ty));
        }
        Value::Enum { name, value } => {
            let _ = match name {
                Some(n) => write!(out, "{}.{n}", decl_name(schema, ty)),
                None => write!(out, "{}({value})", decl_name(schema, ty)),
            };
        }
        Value::List(items) => {
            let elem = match ty {
                Ty::Vector { elem, .. } | Ty::Array { elem, .. } => elem.as_ref(),
                other => other,
            };
            let scalar = items.iter().all(|i| {
                !matches!(
                    i,
                    Value::List(_) | Value::Struct(_) | Value::Table { .. } | Value::Union(_)
                )
            });
            if scalar {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write_value(out, schema, elem, item, indent);
                }
                out.push(']');
            } else {
                out.push_str("[\n");
                for item in items {
                    out.push_str(&pad);
                    write_value(out, schema, elem, item, indent + 1);
                    out.push_str(",\n");
                }
                let _ = write!(out, "{end}]");
            }
        }
        Value::Struct(members) => {
            let tys = member_tys(schema, ty);
            let _ = write!(out, "{} {{", decl_name(schema, ty));
            if members.is_empty() {
                out.push('}');
                return;
            }
            out.push('\n');
            for (name, v) in members {
                let t = tys.iter().find(|(n, _)| *n == &**name).map(|(_, t)| *t);
                let _ = write!(out, "{pad}{name}: ");
                write_value(out, schema, t.unwrap_or(ty), v, indent + 1);
                out.push_str(",\n");
            }
            let _ = write!(out, "{end}}}");
        }
        Value::Table { fields, .. } => {
            let _ = write!(out, "{} {{", decl_name(schema, ty));
            if fields.is_empty() {
                out.push('}');
                return;
            }
            out.push('\n');
            for f in fields {
                out.push_str(&pad);
                write_field(out, schema, ty, f, indent + 1, ": ");
                out.push_str(",\n");
            }
            let _ = write!(out, "{end}}}");
        }
        Value::Union(f) => {
            let _ = write!(out, "{}.", decl_name(schema, ty));
            write_field(out, schema, ty, f, indent, "(");
            out.push(')');
        }
    }
}

fn write_field(out: &mut String, schema: &Schema, ty: &Ty, f: &Field, indent: usize, sep: &str) {
    let member_ty = match ty {
        Ty::Decl { id, .. } => match &schema.decl(*id).kind {
            DeclKind::Table { members, .. } | DeclKind::Union { members, .. } => members
                .iter()
                .find(|m| m.ordinal == f.ordinal)
                .map(|m| &m.ty),
            _ => None,
        },
        _ => None,
    };
    match (&f.name, &f.value, member_ty) {
        (Some(name), FieldValue::Known(v), Some(t)) => {
            let _ = write!(out, "{name}{sep}");
            write_value(out, schema, t, v, indent);
        }
        (_, FieldValue::Unknown(raw), _) => {
            let _ = write!(
                out,
                "#{}{sep}unknown {} bytes {}, {} handles",
                f.ordinal,
                if raw.inline { "inline" } else { "out-of-line" },
                crate::hex::format(&raw.bytes),
                raw.handles
            );
        }
        _ => {
            let _ = write!(out, "#{}{sep}?", f.ordinal);
        }
    }
}

fn member_tys<'s>(schema: &'s Schema, ty: &Ty) -> Vec<(&'s str, &'s Ty)> {
    match ty {
        Ty::Decl { id, .. } => match &schema.decl(*id).kind {
            DeclKind::Struct { members, .. } => members.iter().map(|m| (&*m.name, &m.ty)).collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}
