//! Constraints (`fidl-checks.md` §3.7): a type's constraint slots in order (size, protocol,
//! subtype, rights, `optional`), size bounds, array lengths, and handle constraints.

use super::lookup::Target;
use super::{Compiler, Kind};
use crate::diagnostic::Span;
use crate::ids;
use crate::ir::*;
use crate::syntax::ast::{Constant, LayoutRef, Literal, TypeCtor};
use crate::syntax::parse_int;

/// A constraint slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    Size,
    Protocol,
    Subtype,
    Rights,
    Optional,
}

/// Constraints matched to slots.
#[derive(Default)]
pub(super) struct Matched {
    pub(super) size: Option<Constant>,
    pub(super) protocol: Option<Constant>,
    pub(super) subtype: Option<Constant>,
    pub(super) rights: Option<Constant>,
    pub(super) optional: Option<Span>,
}

pub(super) fn is_optional(c: &Constant) -> bool {
    matches!(c, Constant::Ident(n) if n.parts.len() == 1 && n.parts[0].text == "optional")
}

impl Compiler<'_> {
    /// Matches `ctor`'s constraints to `slots` in order (`fi-0164`, `fi-0166`); `what` names the
    /// type. `None` after an error.
    pub(super) fn match_slots(
        &mut self,
        ctor: &TypeCtor,
        slots: &[Slot],
        what: &str,
    ) -> Option<Matched> {
        let cons = &ctor.constraints;
        let mut m = Matched::default();
        if cons.len() > slots.len() {
            if slots.is_empty() && cons.iter().any(is_optional) {
                let span = cons
                    .iter()
                    .find(|c| is_optional(c))
                    .map_or(ctor.span, Constant::span);
                self.err(
                    ids::CANNOT_BE_OPTIONAL,
                    span,
                    format!("{what} cannot be optional"),
                );
            } else {
                self.err(
                    ids::TOO_MANY_CONSTRAINTS,
                    cons[slots.len().min(cons.len() - 1)].span(),
                    format!(
                        "{what} takes at most {} constraint{}",
                        slots.len(),
                        if slots.len() == 1 { "" } else { "s" }
                    ),
                );
            }
            return None;
        }
        let mut next = 0;
        for c in cons {
            let found = if is_optional(c) {
                slots[next..].iter().position(|s| *s == Slot::Optional)
            } else {
                slots[next..].iter().position(|s| *s != Slot::Optional)
            };
            let Some(i) = found.map(|i| i + next) else {
                if is_optional(c) && !slots.contains(&Slot::Optional) {
                    self.err(
                        ids::CANNOT_BE_OPTIONAL,
                        c.span(),
                        format!("{what} cannot be optional"),
                    );
                } else {
                    self.err(
                        ids::UNEXPECTED_CONSTRAINT,
                        c.span(),
                        format!(
                            "unexpected constraint on {what} (constraints go in the order {})",
                            order(slots)
                        ),
                    );
                }
                return None;
            };
            match slots[i] {
                Slot::Size => m.size = Some(c.clone()),
                Slot::Protocol => m.protocol = Some(c.clone()),
                Slot::Subtype => m.subtype = Some(c.clone()),
                Slot::Rights => m.rights = Some(c.clone()),
                Slot::Optional => m.optional = Some(c.span()),
            }
            next = i + 1;
        }
        Some(m)
    }

    /// A string/vector bound: a `uint32` constant or `MAX` (`fi-0101`).
    /// [`Compiler::size_bound`] of the type constructor at `ctor`, remembering a bound that
    /// names a constant (generated code then names it too).
    pub(super) fn size_bound_at(
        &mut self,
        lib: usize,
        ctor: Span,
        c: &Constant,
    ) -> Option<Option<u32>> {
        self.last_bound = None;
        let bound = self.size_bound(lib, c)?;
        if let Some(id) = self.last_bound.take() {
            self.bound_uses.insert(ctor, id);
        }
        Some(bound)
    }

    pub(super) fn size_bound(&mut self, lib: usize, c: &Constant) -> Option<Option<u32>> {
        match c {
            Constant::Ident(n) if n.dotted() == "MAX" => return Some(None),
            Constant::Literal(Literal::Number(text), span) => {
                return match parse_int(text) {
                    Some(v) if (0..=u32::MAX as i128).contains(&v) => Some(Some(v as u32)),
                    _ => {
                        self.err(
                            ids::CONSTANT_OVERFLOWS_TYPE,
                            *span,
                            format!("`{text}` does not fit in uint32"),
                        );
                        None
                    }
                };
            }
            Constant::Literal(..) => {}
            Constant::Ident(n) => match self.lookup(lib, n) {
                None => return None, // reported by the lookup
                Some(Target::Decl(id)) if self.kind(id) == Kind::Const => {
                    let errors = self.error_count();
                    if let Some(Value::Int(v)) = self.eval_const(lib, c, &Ty::Prim(Prim::Uint32)) {
                        self.last_bound = Some(id);
                        return Some(Some(v as u32));
                    }
                    if self.error_count() != errors {
                        return None;
                    }
                }
                // `string:Bed`: a type where the size goes (then the generic error below).
                Some(Target::Decl(_)) => self.err(
                    ids::EXPECTED_VALUE_BUT_GOT_TYPE,
                    n.span,
                    format!("`{}` is a type, not a size", n.dotted()),
                ),
                Some(_) => {}
            },
            Constant::Or(..) => {}
        }
        self.err(
            ids::COULD_NOT_RESOLVE_SIZE_BOUND,
            c.span(),
            "a size must be a uint32 constant or MAX",
        );
        None
    }

    /// An array length: a `uint32` constant, at least 1.
    pub(super) fn array_len(&mut self, lib: usize, size: &TypeCtor) -> Option<u32> {
        let c = match &size.layout {
            LayoutRef::Literal(l) => Constant::Literal(l.clone(), size.span),
            LayoutRef::Named(n) => Constant::Ident(n.clone()),
            LayoutRef::Inline(_) => {
                self.err(
                    ids::COULD_NOT_RESOLVE_SIZE_BOUND,
                    size.span,
                    "an array size must be a uint32 constant",
                );
                return None;
            }
        };
        match self.size_bound(lib, &c)? {
            Some(0) => {
                self.err(
                    ids::MUST_HAVE_NON_ZERO_SIZE,
                    size.span,
                    "an array must have at least one element",
                );
                None
            }
            Some(n) => Some(n),
            None => Some(u32::MAX),
        }
    }

    /// A handle of resource `id`: `:<subtype, rights, optional>`; `inherited` is what an alias
    /// already fixed.
    pub(super) fn resolve_handle(
        &mut self,
        lib: usize,
        id: DeclId,
        ctor: &TypeCtor,
        inherited: Option<(u32, u32, bool)>,
    ) -> Option<Ty> {
        self.resolve(id);
        let DeclKind::Resource(r) = self.ir.decls[id].kind.clone() else {
            return None;
        };
        let what = format!("`{}`", self.ir.decls[id].name);
        let m = self.match_slots(ctor, &[Slot::Subtype, Slot::Rights, Slot::Optional], &what)?;
        let (mut subtype, mut rights, mut optional) = inherited.unwrap_or((0, 0x8000_0000, false));
        if let Some((s, r, o)) = inherited {
            let twice = [
                (m.subtype.as_ref(), s != 0),
                (m.rights.as_ref(), r != 0x8000_0000),
            ];
            for (c, set) in twice {
                if let (Some(c), true) = (c, set) {
                    self.err(
                        ids::CANNOT_CONSTRAIN_TWICE,
                        c.span(),
                        format!("the alias already constrains {what}"),
                    );
                    return None;
                }
            }
            if let (Some(span), true) = (m.optional, o) {
                self.err(
                    ids::CANNOT_INDICATE_OPTIONAL_TWICE,
                    span,
                    "the alias is already optional",
                );
                return None;
            }
        }
        if let Some(c) = &m.subtype {
            subtype = self.handle_subtype(lib, &r, c)?;
        }
        if let Some(c) = &m.rights {
            let rt = r.rights_bits.map_or(Ty::Prim(Prim::Uint32), |b| Ty::Decl {
                id: b,
                optional: false,
            });
            let Some(Value::Int(v)) = self.eval_const(lib, c, &rt) else {
                return None;
            };
            rights = v as u32;
        }
        optional = optional || m.optional.is_some();
        Some(Ty::Handle {
            resource: id,
            subtype,
            rights,
            optional,
        })
    }

    /// A handle subtype: a bare member name of the resource's subtype enum (`VMO`), or any
    /// constant of that enum.
    pub(super) fn handle_subtype(&mut self, lib: usize, r: &Resource, c: &Constant) -> Option<u32> {
        let Some(en) = r.subtype_enum else {
            self.err(
                ids::UNEXPECTED_CONSTRAINT,
                c.span(),
                "this resource has no subtype property",
            );
            return None;
        };
        self.resolve(en);
        if let Constant::Ident(n) = c
            && n.parts.len() == 1
            && !self.scopes[lib].names.contains_key(&n.parts[0].text)
        {
            let member = match &self.ir.decls[en].kind {
                DeclKind::Enum(e) => e
                    .members
                    .iter()
                    .find(|m| m.name == n.parts[0].text)
                    .map(|m| m.value),
                _ => None,
            };
            return match member {
                Some(v) => Some(v as u32),
                None => {
                    let mut msg = format!(
                        "`{}` is not a member of `{}`",
                        n.dotted(),
                        self.ir.decls[en].name
                    );
                    let names: Vec<String> = match &self.ir.decls[en].kind {
                        DeclKind::Enum(e) => e.members.iter().map(|m| m.name.clone()).collect(),
                        _ => Vec::new(),
                    };
                    if let Some(s) =
                        crate::names::suggest(&n.parts[0].text, names.iter().map(String::as_str))
                    {
                        msg.push_str(&format!("; did you mean `{s}`?"));
                    }
                    self.err(ids::NAME_NOT_FOUND, n.span, msg);
                    None
                }
            };
        }
        match self.eval_const(
            lib,
            c,
            &Ty::Decl {
                id: en,
                optional: false,
            },
        ) {
            Some(Value::Int(v)) => Some(v as u32),
            _ => None,
        }
    }
}

fn order(slots: &[Slot]) -> String {
    slots
        .iter()
        .map(|s| match s {
            Slot::Size => "size",
            Slot::Protocol => "protocol",
            Slot::Subtype => "subtype",
            Slot::Rights => "rights",
            Slot::Optional => "optional",
        })
        .collect::<Vec<_>>()
        .join(", ")
}
