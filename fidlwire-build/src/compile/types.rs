//! Type constructors (`fidl-checks.md` §3.7): what each type takes as layout parameters and
//! which constraint slots (matched in [`super::constraints`]), what an alias leaves open, and
//! boxes.

use super::constraints::{Slot, is_optional};
use super::lookup::Target;
use super::{Compiler, Kind, State};
use crate::diagnostic::Span;
use crate::ids;
use crate::ir::*;
use crate::syntax::ast::{Constant, LayoutRef, Literal, TypeCtor};

impl Compiler<'_> {
    /// Resolves a type constructor.
    pub(super) fn resolve_ty(&mut self, lib: usize, ctor: &TypeCtor) -> Option<Ty> {
        let target = match &ctor.layout {
            LayoutRef::Literal(l) => {
                let shown = match l {
                    Literal::Number(n) => n.clone(),
                    Literal::Str(s) => format!("{s:?}"),
                    Literal::Bool(b) => b.to_string(),
                };
                self.err(
                    ids::EXPECTED_TYPE,
                    ctor.span,
                    format!("expected a type, found `{shown}`"),
                );
                return None;
            }
            LayoutRef::Inline(layout) => match self.inline.get(&layout.span) {
                Some(&id) => Target::Decl(id),
                None => return None,
            },
            LayoutRef::Named(c) => self.lookup(lib, c)?,
        };
        match target {
            Target::Builtin(b) => self.resolve_builtin(lib, b, ctor),
            Target::Member(_, _, span) => {
                self.err(
                    ids::EXPECTED_TYPE,
                    span,
                    "expected a type, found an enum or bits member",
                );
                None
            }
            Target::Decl(id) => self.resolve_decl_ty(lib, id, ctor),
        }
    }

    fn no_params(&mut self, ctor: &TypeCtor, what: &str) -> bool {
        if ctor.params.is_empty() {
            return true;
        }
        self.err(
            ids::WRONG_NUMBER_OF_LAYOUT_PARAMETERS,
            ctor.params_span.unwrap_or(ctor.span),
            format!("{what} takes no layout parameters"),
        );
        false
    }

    fn resolve_decl_ty(&mut self, lib: usize, id: DeclId, ctor: &TypeCtor) -> Option<Ty> {
        let name = self.ir.decls[id].name.clone();
        let kind = self.kind(id);
        if !self.no_params(ctor, &format!("`{name}`")) {
            return None;
        }
        let plain = Ty::Decl {
            id,
            optional: false,
        };
        match kind {
            Kind::Const | Kind::Service | Kind::Protocol => {
                let hint = if kind == Kind::Protocol {
                    format!("; use `client_end:{name}` or `server_end:{name}`")
                } else {
                    String::new()
                };
                self.err(
                    ids::EXPECTED_TYPE,
                    ctor.span,
                    format!("{} `{name}` is not a type{hint}", kind.noun()),
                );
                None
            }
            Kind::Struct => {
                if let Some(c) = ctor.constraints.iter().find(|c| is_optional(c)) {
                    self.err(
                        ids::STRUCT_CANNOT_BE_OPTIONAL,
                        c.span(),
                        format!("struct `{name}` cannot be optional; use `box<{name}>`"),
                    );
                    return None;
                }
                self.match_slots(ctor, &[], &format!("struct `{name}`"))?;
                Some(plain)
            }
            Kind::Union => {
                let m = self.match_slots(ctor, &[Slot::Optional], &format!("union `{name}`"))?;
                Some(Ty::Decl {
                    id,
                    optional: m.optional.is_some(),
                })
            }
            Kind::Table | Kind::Enum | Kind::Bits | Kind::Overlay => {
                self.match_slots(ctor, &[], &format!("{} `{name}`", kind.noun()))?;
                Some(plain)
            }
            Kind::Resource => self.resolve_handle(lib, id, ctor, None),
            Kind::NewType => {
                if !ctor.constraints.is_empty() {
                    self.err(
                        ids::NEW_TYPE_CANNOT_HAVE_CONSTRAINT,
                        ctor.constraints[0].span(),
                        format!("new type `{name}` cannot have constraints"),
                    );
                    return None;
                }
                self.resolve_alias_target(id, ctor.span)
            }
            Kind::Alias => {
                let t = self.resolve_alias_target(id, ctor.span)?;
                if ctor.constraints.is_empty() {
                    self.alias_uses.insert(ctor.span, id);
                }
                self.constrain_alias(lib, t, ctor, &name)
            }
        }
    }

    /// The type alias (or new type) `id` stands for, with cycle detection.
    fn resolve_alias_target(&mut self, id: DeclId, at: Span) -> Option<Ty> {
        if self.state[id] == State::Active {
            self.report_cycle(id, at);
            return None;
        }
        self.resolve(id);
        match self.ir.decls[id].kind.clone() {
            DeclKind::Alias(t) if !self.alias_failed.contains(&id) => Some(t),
            _ => None,
        }
    }

    /// `optional` written at the use of an alias that already is optional (`fi-0160`).
    fn optional_once(&mut self, written: Option<Span>, already: bool, what: &str) -> Option<()> {
        match written {
            Some(s) if already => {
                self.err(
                    ids::CANNOT_INDICATE_OPTIONAL_TWICE,
                    s,
                    format!("{what} is already optional"),
                );
                None
            }
            _ => Some(()),
        }
    }

    /// Applies the constraints written at the use of an alias to what the alias left open.
    fn constrain_alias(&mut self, lib: usize, t: Ty, ctor: &TypeCtor, name: &str) -> Option<Ty> {
        let what = format!("alias `{name}`");
        Some(match t {
            Ty::String { max, optional } | Ty::Vector { max, optional, .. } => {
                let m = self.match_slots(ctor, &[Slot::Size, Slot::Optional], &what)?;
                if let (Some(c), Some(_)) = (&m.size, max) {
                    self.err(
                        ids::CANNOT_BOUND_TWICE,
                        c.span(),
                        format!("{what} is already bounded"),
                    );
                    return None;
                }
                self.optional_once(m.optional, optional, &what)?;
                let max = match &m.size {
                    Some(c) => self.size_bound_at(lib, ctor.span, c)?,
                    None => max,
                };
                let optional = optional || m.optional.is_some();
                match t {
                    Ty::Vector { elem, .. } => Ty::Vector {
                        elem,
                        max,
                        optional,
                    },
                    _ => Ty::String { max, optional },
                }
            }
            Ty::Decl { id, optional } if self.kind(id) == Kind::Union => {
                let m = self.match_slots(ctor, &[Slot::Optional], &what)?;
                self.optional_once(m.optional, optional, &what)?;
                Ty::Decl {
                    id,
                    optional: optional || m.optional.is_some(),
                }
            }
            Ty::Decl { id, optional: true } if self.kind(id) == Kind::Struct => {
                self.match_slots(ctor, &[], &what)?;
                Ty::Decl { id, optional: true }
            }
            Ty::Handle {
                resource,
                subtype,
                rights,
                optional,
            } => {
                return self.resolve_handle(lib, resource, ctor, Some((subtype, rights, optional)));
            }
            Ty::Endpoint {
                server,
                protocol,
                optional,
            } => {
                let m = self.match_slots(ctor, &[Slot::Protocol, Slot::Optional], &what)?;
                if let Some(c) = &m.protocol {
                    self.err(
                        ids::CANNOT_CONSTRAIN_TWICE,
                        c.span(),
                        format!("{what} already names its protocol"),
                    );
                    return None;
                }
                self.optional_once(m.optional, optional, &what)?;
                Ty::Endpoint {
                    server,
                    protocol,
                    optional: optional || m.optional.is_some(),
                }
            }
            other => {
                self.match_slots(ctor, &[], &what)?;
                other
            }
        })
    }

    fn resolve_builtin(&mut self, lib: usize, b: &str, ctor: &TypeCtor) -> Option<Ty> {
        let params_wanted = match b {
            "vector" | "box" | "experimental_pointer" => 1,
            "array" => 2,
            "string_array" => 1,
            _ => 0,
        };
        if matches!(b, "MAX" | "optional" | "NEXT" | "HEAD") {
            self.err(
                ids::EXPECTED_TYPE,
                ctor.span,
                format!("expected a type, found `{b}`"),
            );
            return None;
        }
        if super::builtins::ZX_C_TYPES.contains(&b) && !self.options.experimental("zx_c_types") {
            self.err(
                ids::EXPERIMENTAL_ZX_C_TYPES_DISALLOWED,
                ctor.span,
                format!("`{b}` needs `--experimental zx_c_types`"),
            );
            return None;
        }
        if ctor.params.len() != params_wanted {
            self.err(
                ids::WRONG_NUMBER_OF_LAYOUT_PARAMETERS,
                ctor.params_span.unwrap_or(ctor.span),
                format!(
                    "`{b}` takes {params_wanted} layout parameter{}, not {}",
                    if params_wanted == 1 { "" } else { "s" },
                    ctor.params.len()
                ),
            );
            return None;
        }
        Some(match b {
            "string" => {
                let m = self.match_slots(ctor, &[Slot::Size, Slot::Optional], "string")?;
                let max = match &m.size {
                    Some(c) => self.size_bound_at(lib, ctor.span, c)?,
                    None => None,
                };
                Ty::String {
                    max,
                    optional: m.optional.is_some(),
                }
            }
            "vector" | "bytes" => {
                let elem = match b {
                    "bytes" => Ty::Prim(Prim::Uint8),
                    _ => self.resolve_ty(lib, &ctor.params[0])?,
                };
                let m = self.match_slots(ctor, &[Slot::Size, Slot::Optional], "vector")?;
                let max = match &m.size {
                    Some(c) => self.size_bound_at(lib, ctor.span, c)?,
                    None => None,
                };
                Ty::Vector {
                    elem: Box::new(elem),
                    max,
                    optional: m.optional.is_some(),
                }
            }
            "array" | "string_array" => {
                let (elem, size) = if b == "array" {
                    (self.resolve_ty(lib, &ctor.params[0])?, &ctor.params[1])
                } else {
                    (Ty::Prim(Prim::Uint8), &ctor.params[0])
                };
                let len = self.array_len(lib, size)?;
                self.match_slots(ctor, &[], "an array")?;
                Ty::Array {
                    elem: Box::new(elem),
                    len,
                }
            }
            "box" => {
                let inner = self.resolve_ty(lib, &ctor.params[0])?;
                let inner_span = ctor.params[0].span;
                match &inner {
                    Ty::Decl {
                        id,
                        optional: false,
                    } if self.kind(*id) == Kind::Struct => {}
                    Ty::Decl { id, .. } if self.kind(*id) == Kind::Union => {
                        return self.cannot_box(inner_span, &inner, true);
                    }
                    Ty::String { .. }
                    | Ty::Vector { .. }
                    | Ty::Handle { .. }
                    | Ty::Endpoint { .. } => {
                        return self.cannot_box(inner_span, &inner, true);
                    }
                    Ty::Decl { optional: true, .. } => {
                        return self.cannot_box(inner_span, &inner, true);
                    }
                    _ => return self.cannot_box(inner_span, &inner, false),
                }
                if let Some(c) = ctor.constraints.iter().find(|c| is_optional(c)) {
                    self.err(
                        ids::BOX_CANNOT_BE_OPTIONAL,
                        c.span(),
                        "a box is already optional",
                    );
                    return None;
                }
                self.match_slots(ctor, &[], "box")?;
                let Ty::Decl { id, .. } = inner else {
                    return None;
                };
                Ty::Decl { id, optional: true }
            }
            "client_end" | "server_end" => {
                let m = self.match_slots(ctor, &[Slot::Protocol, Slot::Optional], b)?;
                let Some(p) = m.protocol else {
                    self.err(
                        ids::PROTOCOL_CONSTRAINT_REQUIRED,
                        ctor.span,
                        format!("`{b}` needs a protocol: `{b}:Protocol`"),
                    );
                    return None;
                };
                let target = match &p {
                    Constant::Ident(name) => self.lookup(lib, name),
                    _ => None,
                };
                let Some(Target::Decl(id)) = target
                    .filter(|t| matches!(t, Target::Decl(id) if self.kind(*id) == Kind::Protocol))
                else {
                    self.err(
                        ids::MUST_BE_A_PROTOCOL,
                        p.span(),
                        format!("the constraint of `{b}` must be a protocol"),
                    );
                    return None;
                };
                Ty::Endpoint {
                    server: b == "server_end",
                    protocol: id,
                    optional: m.optional.is_some(),
                }
            }
            prim => {
                let p = match prim {
                    "usize64" | "uintptr64" | "experimental_pointer" => Prim::Uint64,
                    "uchar" => Prim::Uint8,
                    _ => Prim::from_name(prim)?,
                };
                self.match_slots(ctor, &[], &format!("`{prim}`"))?;
                Ty::Prim(p)
            }
        })
    }

    fn cannot_box(&mut self, span: Span, inner: &Ty, has_optional: bool) -> Option<Ty> {
        let what = self.describe_ty(inner);
        if has_optional {
            self.err(
                ids::CANNOT_BE_BOXED_SHOULD_BE_OPTIONAL,
                span,
                format!("{what} cannot be boxed; make it optional instead"),
            );
        } else {
            self.err(
                ids::CANNOT_BE_BOXED_NOR_OPTIONAL,
                span,
                format!("{what} can be neither boxed nor optional"),
            );
        }
        None
    }
}
