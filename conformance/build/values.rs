//! GIDL values as Rust expressions over the types `fidlwire-build` generates.
//!
//! Shared by the build scripts of `fidlwire-conformance` (expected values of test cases) and
//! `fidlwire-bench` (benchmark workloads), which include this file with `#[path]`.
//! Handles are written as calls on a value `h` in scope: `h.take(n)` (move handle `#n`),
//! `h.same(n)` and `h.restrict(..)` (duplicates for expected values).

use super::gidl::{FieldKey, FieldValue, Subtype, Value};
use fidlwire_build::codegen::Naming;
use fidlwire_build::ir::{DeclId, DeclKind, Ir, Prim, Ty};
/// The zircon object type code of a GIDL subtype.
pub fn subtype_code(s: Subtype) -> u32 {
    match s {
        Subtype::Event => 5,
        Subtype::Channel => 4,
    }
}

/// Emits Rust expressions for GIDL values.
pub struct Gen<'a> {
    /// The compiled libraries.
    pub ir: &'a Ir,
    /// Their Rust names.
    pub naming: Naming<'a>,
}

/// A result whose error says why a value cannot be expressed.
pub type R<T> = Result<T, String>;

impl Gen<'_> {
    /// The declaration named `name` (outside built-in libraries).
    pub fn find(&self, name: &str) -> R<DeclId> {
        let found: Vec<DeclId> = (0..self.ir.decls.len())
            .filter(|&id| {
                self.ir.decls[id].name == name
                    && !self.ir.libraries[self.ir.decls[id].library].builtin
            })
            .collect();
        match found.as_slice() {
            [id] => Ok(*id),
            [] => Err(format!("no type named `{name}`")),
            _ => Err(format!("`{name}` is declared in several libraries")),
        }
    }

    /// The Rust path of declaration `id` (under `crate::fidl`).
    pub fn path(&self, id: DeclId) -> String {
        format!(
            "crate::fidl::{}::{}",
            self.naming.module(self.ir.decls[id].library),
            self.naming.type_name(id)
        )
    }

    /// The declaration of a top-level value: a record, or (in `encode_success` and
    /// `encode_failure`, gidl.md §3.1) a whole `decode({ type = T, … })`.
    pub fn top_type(&self, v: &Value) -> R<DeclId> {
        match v {
            Value::Record { name, .. } => self.find(name),
            Value::Decode { ty, .. } => self.find(ty),
            _ => Err("the top-level value must be a record or a decode(...)".into()),
        }
    }

    /// A Rust expression of type `ty` for GIDL value `v`. `expect` builds an expected value for
    /// a decode (handles become duplicates; unknown table data is dropped, as Rust does).
    pub fn value(&self, v: &Value, ty: &Ty, expect: bool) -> R<String> {
        if let Value::Null = v {
            return match ty {
                _ if optional(ty) => Ok("None".into()),
                // Rust can hold an invalid handle in a required slot; encoding rejects it.
                Ty::Handle { .. } => Ok("::fidlwire::Handle::invalid()".into()),
                Ty::Endpoint { server, .. } => Ok(format!(
                    "::fidlwire::{}::new(::fidlwire::Handle::invalid())",
                    if *server { "ServerEnd" } else { "ClientEnd" }
                )),
                _ => Err("null for a required member".into()),
            };
        }
        if let Value::Decode {
            ty: name,
            bytes,
            handles,
        } = v
        {
            let id = self.find(name)?;
            let b: Vec<String> = bytes.iter().map(|x| format!("{x:#04x}")).collect();
            let o: Vec<String> = handles.iter().map(|x| x.to_string()).collect();
            let inner = format!(
                "crate::harness::decode_value::<{}>(&[{}], h.infos(&[{}]))",
                self.path(id),
                b.join(", "),
                o.join(", ")
            );
            return Ok(wrap(ty, self, inner));
        }
        let some = |e: String| {
            if optional(ty) {
                format!("Some({e})")
            } else {
                e
            }
        };
        match ty {
            Ty::Prim(p) => prim(*p, v),
            Ty::String { .. } => match v {
                Value::Str(bytes) => {
                    let s = std::str::from_utf8(bytes)
                        .map_err(|_| "a string that is not UTF-8".to_string())?;
                    Ok(some(format!("String::from({s:?})")))
                }
                _ => Err("expected a string".into()),
            },
            Ty::Vector { elem, .. } => match v {
                Value::List(items) => {
                    let parts = items
                        .iter()
                        .map(|i| self.value(i, elem, expect))
                        .collect::<R<Vec<_>>>()?;
                    Ok(some(format!("vec![{}]", parts.join(", "))))
                }
                _ => Err("expected a list".into()),
            },
            Ty::Array { elem, len } => match v {
                Value::List(items) if items.len() == *len as usize => {
                    let parts = items
                        .iter()
                        .map(|i| self.value(i, elem, expect))
                        .collect::<R<Vec<_>>>()?;
                    Ok(format!("[{}]", parts.join(", ")))
                }
                _ => Err(format!("expected a list of {len}")),
            },
            Ty::Handle { .. } => Ok(some(handle(v, expect)?)),
            Ty::Endpoint { server, .. } => {
                let end = if *server { "ServerEnd" } else { "ClientEnd" };
                Ok(some(format!(
                    "::fidlwire::{end}::new({})",
                    handle(v, expect)?
                )))
            }
            Ty::Decl { id, optional } => {
                let e = self.decl_value(*id, v, expect)?;
                let boxed = *optional
                    && !matches!(
                        self.ir.decls[*id].kind,
                        DeclKind::Enum(_) | DeclKind::Bits(_)
                    );
                Ok(if boxed {
                    format!("Some(Box::new({e}))")
                } else {
                    e
                })
            }
        }
    }

    fn decl_value(&self, id: DeclId, v: &Value, expect: bool) -> R<String> {
        let path = self.path(id);
        match &self.ir.decls[id].kind {
            DeclKind::Struct(s) => {
                let Value::Record { fields, .. } = v else {
                    return Err("expected a struct".into());
                };
                for f in fields {
                    match &f.key {
                        FieldKey::Name(n) if s.members.iter().any(|m| &m.name == n) => {}
                        other => {
                            return Err(format!(
                                "struct `{}` has no member {other:?}",
                                self.ir.decls[id].name
                            ));
                        }
                    }
                }
                let mut parts = Vec::new();
                for m in &s.members {
                    let given = fields
                        .iter()
                        .find(|f| f.key == FieldKey::Name(m.name.clone()));
                    let e = match given {
                        Some(f) => match &f.value {
                            FieldValue::Value(v) => self.value(v, &m.ty, expect)?,
                            FieldValue::Unknown { .. } => {
                                return Err("unknown data in a struct".into());
                            }
                        },
                        None if optional(&m.ty) => "None".to_string(),
                        None => return Err(format!("missing member `{}`", m.name)),
                    };
                    parts.push(format!("{}: {e}", self.naming.field(&m.name)));
                }
                Ok(format!("{path} {{ {} }}", parts.join(", ")))
            }
            DeclKind::Table(t) => {
                let Value::Record { fields, .. } = v else {
                    return Err("expected a table".into());
                };
                let mut parts = Vec::new();
                for f in fields {
                    match (&f.key, &f.value) {
                        (FieldKey::Name(n), FieldValue::Value(fv)) => {
                            let m = t
                                .members
                                .iter()
                                .find(|m| &m.name == n && m.ty.is_some())
                                .ok_or(format!("table has no member `{n}`"))?;
                            let mty = m.ty.as_ref().expect("checked");
                            let mut e = self.value(fv, mty, expect)?;
                            if self.naming.boxed(mty, id) {
                                e = format!("Box::new({e})");
                            }
                            parts.push(format!("{}: Some({e})", self.naming.field(n)));
                        }
                        // Rust drops unknown table fields on decode and cannot set them.
                        (FieldKey::Ordinal(_), _) if expect => {}
                        _ => return Err("Rust bindings cannot set unknown table fields".into()),
                    }
                }
                parts.push("..::core::default::Default::default()".into());
                Ok(format!("{path} {{ {} }}", parts.join(", ")))
            }
            DeclKind::Union(u) => {
                let Value::Record { fields, .. } = v else {
                    return Err("expected a union".into());
                };
                let [f] = fields.as_slice() else {
                    return Err("a union value names exactly one member".into());
                };
                match (&f.key, &f.value) {
                    (FieldKey::Name(n), FieldValue::Value(fv)) => {
                        let m = u
                            .members
                            .iter()
                            .find(|m| &m.name == n && m.ty.is_some())
                            .ok_or(format!("union has no member `{n}`"))?;
                        let mty = m.ty.as_ref().expect("checked");
                        let mut e = self.value(fv, mty, expect)?;
                        if self.naming.boxed(mty, id) {
                            e = format!("Box::new({e})");
                        }
                        Ok(format!("{path}::{}({e})", self.naming.variant(n)))
                    }
                    (FieldKey::Ordinal(o), _) if !u.strict => {
                        Ok(format!("{path}::{}({o})", self.naming.unknown_variant(id)))
                    }
                    _ => Err("unknown variant of a strict union".into()),
                }
            }
            DeclKind::Enum(e) => {
                let raw = int_value(v)?;
                match e.members.iter().find(|m| m.value == raw) {
                    Some(m) => Ok(format!("{path}::{}", self.naming.variant(&m.name))),
                    None if !e.strict => Ok(format!(
                        "{path}::{}({raw}{})",
                        self.naming.unknown_variant(id),
                        e.subtype.rust()
                    )),
                    None => Err("Rust cannot construct an unknown value of a strict enum".into()),
                }
            }
            DeclKind::Bits(b) => Ok(format!(
                "{path}::from_bits_retain({}{})",
                int_value(v)?,
                b.subtype.rust()
            )),
            _ => Err("not a value type".into()),
        }
    }
}

/// Whether `ty` is nullable.
pub fn optional(ty: &Ty) -> bool {
    matches!(
        ty,
        Ty::String { optional: true, .. }
            | Ty::Vector { optional: true, .. }
            | Ty::Handle { optional: true, .. }
            | Ty::Endpoint { optional: true, .. }
            | Ty::Decl { optional: true, .. }
    )
}

/// Wraps a value of `ty`'s inner type as `ty` (Some / Box).
pub fn wrap(ty: &Ty, g: &Gen<'_>, inner: String) -> String {
    match ty {
        Ty::Decl { id, optional: true }
            if !matches!(g.ir.decls[*id].kind, DeclKind::Enum(_) | DeclKind::Bits(_)) =>
        {
            format!("Some(Box::new({inner}))")
        }
        t if optional(t) => format!("Some({inner})"),
        _ => inner,
    }
}

fn handle(v: &Value, expect: bool) -> R<String> {
    match (v, expect) {
        (Value::Handle(n), false) => Ok(format!("h.take({n})")),
        (Value::Handle(n), true) => Ok(format!("h.same({n})")),
        (
            Value::Restrict {
                handle,
                subtype,
                rights,
            },
            true,
        ) => Ok(format!(
            "h.restrict({handle}, {:?}, {rights:?})",
            subtype.map(subtype_code)
        )),
        _ => Err("expected a handle".into()),
    }
}

fn int_value(v: &Value) -> R<i128> {
    match v {
        Value::Int {
            negative,
            magnitude,
        } => Ok(if *negative {
            -(*magnitude as i128)
        } else {
            *magnitude as i128
        }),
        _ => Err("expected an integer".into()),
    }
}

fn prim(p: Prim, v: &Value) -> R<String> {
    match (p, v) {
        (Prim::Bool, Value::Bool(b)) => Ok(b.to_string()),
        (Prim::Float32, Value::Float(f)) => {
            Ok(format!("f32::from_bits({:#x})", (*f as f32).to_bits()))
        }
        (Prim::Float64, Value::Float(f)) => Ok(format!("f64::from_bits({:#x})", f.to_bits())),
        (Prim::Float32, Value::RawFloat(b)) => Ok(format!(
            "f32::from_bits({:#x})",
            u32::try_from(*b).map_err(|_| "raw_float too wide")?
        )),
        (Prim::Float64, Value::RawFloat(b)) => Ok(format!("f64::from_bits({b:#x})")),
        (Prim::Float32, Value::Int { .. }) => Ok(format!(
            "f32::from_bits({:#x})",
            (int_value(v)? as f32).to_bits()
        )),
        (Prim::Float64, Value::Int { .. }) => Ok(format!(
            "f64::from_bits({:#x})",
            (int_value(v)? as f64).to_bits()
        )),
        (p, Value::Int { .. }) if p.is_integer() => {
            let i = int_value(v)?;
            let (lo, hi) = p.range();
            if i < lo || i > hi {
                return Err(format!("{i} does not fit in {}", p.fidl()));
            }
            Ok(format!("{i}{}", p.rust()))
        }
        _ => Err(format!("value does not fit {}", p.fidl())),
    }
}
