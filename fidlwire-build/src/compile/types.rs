//! Type constructors and constraints (`fidl-checks.md` §3.7): what each type takes as layout
//! parameters, its constraint slots in order (size, protocol, subtype, rights, `optional`),
//! what an alias leaves open, and boxes.

use super::lookup::Target;
use super::{Compiler, Kind, State};
use crate::diagnostic::Span;
use crate::ids;
use crate::ir::*;
use crate::syntax::ast::{Constant, LayoutRef, Literal, TypeCtor};
use crate::syntax::parse_int;

/// A constraint slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Size,
    Protocol,
    Subtype,
    Rights,
    Optional,
}

/// Constraints matched to slots.
#[derive(Default)]
struct Matched {
    size: Option<Constant>,
    protocol: Option<Constant>,
    subtype: Option<Constant>,
    rights: Option<Constant>,
    optional: Option<Span>,
}

fn is_optional(c: &Constant) -> bool {
    matches!(c, Constant::Ident(n) if n.parts.len() == 1 && n.parts[0].text == "optional")
}

impl Compiler<'_> {
    /// Matches `ctor`'s constraints to `slots` in order (`fi-0164`, `fi-0166`); `what` names the
    /// type. `None` after an error.
    fn match_slots(&mut self, ctor: &TypeCtor, slots: &[Slot], what: &str) -> Option<Matched> {
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
                if let (Some(s), true) = (m.optional, optional) {
                    self.err(
                        ids::CANNOT_INDICATE_OPTIONAL_TWICE,
                        s,
                        format!("{what} is already optional"),
                    );
                    return None;
                }
                let max = match &m.size {
                    Some(c) => self.size_bound(lib, c)?,
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
                if let (Some(s), true) = (m.optional, optional) {
                    self.err(
                        ids::CANNOT_INDICATE_OPTIONAL_TWICE,
                        s,
                        format!("{what} is already optional"),
                    );
                    return None;
                }
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
                if let (Some(s), true) = (m.optional, optional) {
                    self.err(
                        ids::CANNOT_INDICATE_OPTIONAL_TWICE,
                        s,
                        format!("{what} is already optional"),
                    );
                    return None;
                }
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

    /// A string/vector bound: a `uint32` constant or `MAX` (`fi-0101`).
    fn size_bound(&mut self, lib: usize, c: &Constant) -> Option<Option<u32>> {
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
                    Some(c) => self.size_bound(lib, c)?,
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
                    Some(c) => self.size_bound(lib, c)?,
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

    /// An array length: a `uint32` constant, at least 1.
    fn array_len(&mut self, lib: usize, size: &TypeCtor) -> Option<u32> {
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
    fn resolve_handle(
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
    fn handle_subtype(&mut self, lib: usize, r: &Resource, c: &Constant) -> Option<u32> {
        let Some(en) = r.subtype_enum else {
            self.err(
                ids::UNEXPECTED_CONSTRAINT,
                c.span(),
                "this resource has no subtype property",
            );
            return None;
        };
        self.resolve(en);
        if let Constant::Ident(n) = c {
            if n.parts.len() == 1 && !self.scopes[lib].names.contains_key(&n.parts[0].text) {
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
                        if let Some(s) = crate::names::suggest(
                            &n.parts[0].text,
                            names.iter().map(String::as_str),
                        ) {
                            msg.push_str(&format!("; did you mean `{s}`?"));
                        }
                        self.err(ids::NAME_NOT_FOUND, n.span, msg);
                        None
                    }
                };
            }
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
