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
    /// `String`, `Vec<Key>` rather than `Vec<String>`), else its resolved type.
    pub(super) fn member_ty(&self, member: Span, ty: &Ty, lib: usize, boxed: bool) -> String {
        match self.ir.member_names.get(&member) {
            Some(names) if !boxed => self.named_ty(ty, names, lib),
            _ => self.rust_ty(ty, lib, boxed),
        }
    }

    fn named_ty(&self, ty: &Ty, names: &TypeNames, lib: usize) -> String {
        if let Some(alias) = names
            .alias
            .filter(|&a| !self.denied(&self.ir.decls[a].attributes))
        {
            return self.path(alias, lib);
        }
        let elem = |e: &Ty| match &names.elem {
            Some(n) => self.named_ty(e, n, lib),
            None => self.rust_ty(e, lib, false),
        };
        match ty {
            Ty::Vector {
                elem: e, optional, ..
            } => {
                let v = format!("Vec<{}>", elem(e));
                if *optional { format!("Option<{v}>") } else { v }
            }
            Ty::Array { elem: e, len } => format!("[{}; {len}]", elem(e)),
            _ => self.rust_ty(ty, lib, false),
        }
    }

    /// The constraint of a member, naming the constants of its size bounds when it had them
    /// (`StringConstraint::new(MAX_KEY_LEN as u32)`).
    pub(super) fn member_constraint(&self, member: Span, ty: &Ty, lib: usize) -> Option<String> {
        self.constraint_named(ty, self.ir.member_names.get(&member), lib)
    }

    /// The constraint expression for a member of type `ty` (`None` when unconstrained), with
    /// size bounds spelled by the constants in `names` (paths from library `lib`).
    fn constraint_named(&self, ty: &Ty, names: Option<&TypeNames>, lib: usize) -> Option<String> {
        let bound = names
            .and_then(|n| n.bound)
            .filter(|&c| !self.denied(&self.ir.decls[c].attributes))
            .map(|c| format!("{} as u32", self.path(c, lib)));
        let elem_names = names.and_then(|n| n.elem.as_deref());
        match ty {
            Ty::String { max: Some(m), .. } => Some(format!(
                "::fidlwire::StringConstraint::new({})",
                bound.unwrap_or_else(|| m.to_string())
            )),
            Ty::Vector { elem, max, .. } => {
                let e = self.constraint_named(elem, elem_names, lib);
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
            Ty::Array { elem, .. } => self.constraint_named(elem, elem_names, lib),
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
