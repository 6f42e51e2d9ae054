//! How members are spelled in generated code (the alias or constant they were written with,
//! their constraints) and the attributes added to types and members (`Config::type_attribute`,
//! `field_attribute`, serde).

use super::Gen;
use crate::diagnostic::Span;
use crate::ir::*;
use std::fmt::Write;

/// Whether attribute path `pattern` selects `full` (`lib.Type` or `lib.Type.member`): `"."`
/// selects everything, a prefix selects what it names and everything inside it. FIDL's own
/// `library/Type` spelling is accepted too.
fn matches(pattern: &str, full: &str) -> bool {
    if pattern == "." {
        return true;
    }
    let pattern = pattern.replace('/', ".");
    full == pattern
        || full
            .strip_prefix(pattern.as_str())
            .is_some_and(|rest| rest.starts_with('.'))
}

/// The paths of `attrs` whose `used` flag is false.
pub(super) fn unused<'a>(
    attrs: &'a [(String, String)],
    used: &'a [bool],
) -> impl Iterator<Item = String> + 'a {
    attrs
        .iter()
        .zip(used)
        .filter(|(_, u)| !**u)
        .map(|((p, _), _)| p.clone())
}

impl Gen<'_> {
    /// The Rust type of a member as written: the alias it names, if any (`Key` rather than
    /// `String`), else its resolved type.
    pub(super) fn member_ty(&self, member: Span, ty: &Ty, lib: usize, boxed: bool) -> String {
        match self.ir.member_names.get(&member).and_then(|n| n.alias) {
            Some(alias) if !boxed && !self.denied(&self.ir.decls[alias].attributes) => {
                self.path(alias, lib)
            }
            _ => self.rust_ty(ty, lib, boxed),
        }
    }

    /// The constraint of a member, naming the constant of its size bound when it had one
    /// (`StringConstraint::new(MAX_KEY_LEN as u32)`).
    pub(super) fn member_constraint(&self, member: Span, ty: &Ty, lib: usize) -> Option<String> {
        let bound = self
            .ir
            .member_names
            .get(&member)
            .and_then(|n| n.bound)
            .filter(|&c| !self.denied(&self.ir.decls[c].attributes))
            .map(|c| format!("{} as u32", self.path(c, lib)));
        self.constraint_with(ty, bound)
    }

    /// The constraint expression for a member of type `ty`, or `None` when unconstrained.
    pub(super) fn constraint(&self, ty: &Ty) -> Option<String> {
        self.constraint_with(ty, None)
    }

    /// [`Gen::constraint`] with the outermost size bound spelled `bound` (a constant's name).
    pub(super) fn constraint_with(&self, ty: &Ty, bound: Option<String>) -> Option<String> {
        match ty {
            Ty::String { max: Some(m), .. } => Some(format!(
                "::fidlwire::StringConstraint::new({})",
                bound.unwrap_or_else(|| m.to_string())
            )),
            Ty::Vector { elem, max, .. } => {
                let e = self.constraint(elem);
                if max.is_none() && e.is_none() {
                    return None;
                }
                let max = match (max, bound) {
                    (Some(_), Some(b)) => b,
                    _ => max.map_or("u32::MAX".to_string(), |m| m.to_string()),
                };
                Some(format!(
                    "::fidlwire::VecConstraint::new({max}, {})",
                    e.unwrap_or_else(|| "::core::default::Default::default()".into())
                ))
            }
            Ty::Array { elem, .. } => self.constraint(elem),
            Ty::Handle {
                subtype, rights, ..
            } if *subtype != 0 || *rights != 0x8000_0000 => Some(format!(
                "::fidlwire::HandleConstraint::new(::fidlwire::ObjectType({subtype}), ::fidlwire::Rights({rights:#x}))"
            )),
            _ => None,
        }
    }

    /// serde's derives for value type `id` when [`GenOptions::serde`] is on. serde implements
    /// arrays only up to 32 elements, so a layout with a longer array member gets none.
    pub(super) fn serde_derive(&self, out: &mut String, id: DeclId) {
        fn long_array(ty: &Ty) -> bool {
            match ty {
                Ty::Array { elem, len } => *len > 32 || long_array(elem),
                Ty::Vector { elem, .. } => long_array(elem),
                _ => false,
            }
        }
        if !self.options.serde {
            return;
        }
        let long = match &self.ir.decls[id].kind {
            DeclKind::Struct(s) => s.members.iter().any(|m| long_array(&m.ty)),
            DeclKind::Table(t) => t
                .members
                .iter()
                .filter_map(|m| m.ty.as_ref())
                .any(long_array),
            DeclKind::Union(u) => u
                .members
                .iter()
                .filter_map(|m| m.ty.as_ref())
                .any(long_array),
            _ => false,
        };
        if !long {
            out.push_str("#[derive(::serde::Serialize, ::serde::Deserialize)]\n");
        }
    }

    pub(super) fn extra_type_attrs(&self, out: &mut String, full: &str) {
        for (i, (p, a)) in self.options.type_attributes.iter().enumerate() {
            if matches(p, full) {
                self.used_type_attrs.borrow_mut()[i] = true;
                let _ = writeln!(out, "{a}");
            }
        }
    }

    pub(super) fn extra_field_attrs(&self, out: &mut String, full: &str) {
        for (i, (p, a)) in self.options.field_attributes.iter().enumerate() {
            if matches(p, full) {
                self.used_field_attrs.borrow_mut()[i] = true;
                let _ = writeln!(out, "    {a}");
            }
        }
    }
}
