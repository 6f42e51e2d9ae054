//! Protocols, methods, payloads and services (`fidl-checks.md` §3.9–3.10).

use super::attributes::Place;
use super::declare::Generated;
use super::lookup::Target;
use super::{Compiler, Kind, State};
use crate::diagnostic::Diagnostic;
use crate::ids;
use crate::ir::*;
use crate::names::canonical;
use crate::syntax::ast;
use std::collections::HashMap;

impl Compiler<'_> {
    pub(super) fn resolve_protocol(
        &mut self,
        lib: usize,
        id: DeclId,
        modifiers: &[ast::Modifier],
        composes: &[ast::Compose],
        methods: &[ast::Method],
    ) -> DeclKind {
        let openness = match modifiers.last().map(|m| m.name.text.as_str()) {
            Some("ajar") => Openness::Ajar,
            Some("closed") => Openness::Closed,
            _ => Openness::Open,
        };
        let pname = self.ir.decls[id].name.clone();
        let lib_name = self.ir.libraries[lib].name.clone();
        let mut out: Vec<Method> = Vec::new();
        let mut composed = Vec::new();
        for c in composes {
            self.compile_attributes_at(lib, &c.attributes, Place::Compose);
            let Some(target) = self.lookup(lib, &c.protocol) else {
                continue;
            };
            let pid = match target {
                Target::Decl(pid) if self.kind(pid) == Kind::Protocol => pid,
                _ => {
                    self.err(
                        ids::COMPOSING_NON_PROTOCOL,
                        c.protocol.span,
                        format!(
                            "`{}` is not a protocol and cannot be composed",
                            c.protocol.dotted()
                        ),
                    );
                    continue;
                }
            };
            if self.state[pid] == State::Active {
                self.report_cycle(pid, c.protocol.span);
                continue;
            }
            self.resolve(pid);
            let DeclKind::Protocol(p) = self.ir.decls[pid].kind.clone() else {
                continue;
            };
            let rank = |o: Openness| match o {
                Openness::Closed => 0,
                Openness::Ajar => 1,
                Openness::Open => 2,
            };
            if ast::find_attribute(&self.source_attrs[id], "no_resource").is_some()
                && ast::find_attribute(&self.source_attrs[pid], "no_resource").is_none()
            {
                self.err(
                    ids::NO_RESOURCE_FORBIDS_COMPOSE,
                    c.protocol.span,
                    format!(
                        "a @no_resource protocol cannot compose `{}`, which is not @no_resource",
                        c.protocol.dotted()
                    ),
                );
            }
            if rank(p.openness) > rank(openness) {
                self.err(
                    ids::COMPOSED_PROTOCOL_TOO_OPEN,
                    c.protocol.span,
                    format!(
                        "`{pname}` cannot compose `{}`, which is more open than it",
                        c.protocol.dotted()
                    ),
                );
            }
            composed.push(pid);
            for m in p.methods {
                // A protocol reached along two paths (a diamond) contributes its methods once.
                if !out
                    .iter()
                    .any(|x| x.declared_in == m.declared_in && x.name == m.name)
                {
                    out.push(m);
                }
            }
        }
        let no_resource = ast::find_attribute(&self.source_attrs[id], "no_resource").is_some();
        if no_resource {
            self.no_resource_layouts(methods);
        }
        let own_start = out.len();
        for m in methods {
            if let Some(method) = self.method(lib, id, &pname, &lib_name, openness, m) {
                out.push(method);
            }
        }
        self.method_collisions(&out, own_start, id);
        let attrs_src = self.source_attrs[id].clone();
        let discoverable = ast::find_attribute(&attrs_src, "discoverable").map(|a| {
            a.args
                .iter()
                .find(|x| x.name.as_ref().is_some_and(|n| n.text == "name"))
                .and_then(|x| match &x.value {
                    ast::Constant::Literal(ast::Literal::Str(s), _) => Some(s.clone()),
                    _ => None,
                })
                .unwrap_or_else(|| format!("{lib_name}.{pname}"))
        });
        DeclKind::Protocol(Protocol {
            openness,
            methods: out,
            composed,
            discoverable,
        })
    }

    /// The layouts compiled as part of a `@no_resource` protocol — its inline payloads and the
    /// inline layouts inside them — are not `resource` (`fi-0221`).
    fn no_resource_layouts(&mut self, methods: &[ast::Method]) {
        let mut stack: Vec<&ast::TypeCtor> = Vec::new();
        for m in methods {
            stack.extend(m.request.iter());
            stack.extend(m.response.iter().flatten());
            stack.extend(m.error.iter());
        }
        while let Some(t) = stack.pop() {
            stack.extend(t.params.iter());
            let ast::LayoutRef::Inline(layout) = &t.layout else {
                continue;
            };
            if let Some(m) = layout.modifiers.iter().find(|m| m.name.text == "resource") {
                self.err(
                    ids::RESOURCE_FORBIDDEN_HERE,
                    m.name.span,
                    "a @no_resource protocol cannot use `resource` layouts",
                );
            }
            stack.extend(layout.members.iter().filter_map(|m| m.ty.as_ref()));
        }
    }

    fn method(
        &mut self,
        lib: usize,
        id: DeclId,
        pname: &str,
        lib_name: &str,
        openness: Openness,
        m: &ast::Method,
    ) -> Option<Method> {
        let attributes = self.compile_attributes_at(lib, &m.attributes, Place::Method);
        let strict = !super::declare::method_is_flexible(m);
        let two_way = m.response.is_some();
        if !strict {
            let (bad, id_, what) = match openness {
                Openness::Open => (
                    false,
                    ids::FLEXIBLE_TWO_WAY_METHOD_REQUIRES_OPEN_PROTOCOL,
                    "",
                ),
                Openness::Ajar => (
                    two_way,
                    ids::FLEXIBLE_TWO_WAY_METHOD_REQUIRES_OPEN_PROTOCOL,
                    "ajar",
                ),
                Openness::Closed if two_way => (
                    true,
                    ids::FLEXIBLE_TWO_WAY_METHOD_REQUIRES_OPEN_PROTOCOL,
                    "closed",
                ),
                Openness::Closed => (
                    true,
                    ids::FLEXIBLE_ONE_WAY_METHOD_IN_CLOSED_PROTOCOL,
                    "closed",
                ),
            };
            if bad {
                let kind = if m.is_event {
                    "event"
                } else if two_way {
                    "two-way method"
                } else {
                    "one-way method"
                };
                self.err(
                    id_,
                    m.name.span,
                    format!("flexible {kind} `{}` is not allowed in a {what} protocol; make it `strict`", m.name.text),
                );
            }
        }
        let selector_attr = ast::find_attribute(&m.attributes, "selector");
        let written = ast::attribute_string(&m.attributes, "selector");
        if let (Some(a), Some(s)) = (selector_attr, &written) {
            let valid = crate::names::is_valid_identifier(s) || valid_full_selector(s);
            if !valid {
                self.err(
                    ids::INVALID_SELECTOR_VALUE,
                    a.args.first().map_or(a.span, |x| x.span),
                    format!("invalid selector \"{s}\": use a method name or `library.name/Protocol.Method`"),
                );
            }
        }
        if lib_name == "fuchsia.io" && !written.as_deref().is_some_and(valid_full_selector) {
            self.err(
                ids::FUCHSIA_IO_EXPLICIT_ORDINALS,
                m.name.span,
                format!(
                    "methods of fuchsia.io need a fully qualified @selector: `{}`",
                    m.name.text
                ),
            );
        }
        let selector =
            crate::ordinal::selector(lib_name, pname, written.as_deref().unwrap_or(&m.name.text));
        let ordinal = crate::ordinal::ordinal(&selector);
        if ordinal == 0 {
            self.err(
                ids::GENERATED_ZERO_VALUE_ORDINAL,
                m.name.span,
                "the method's ordinal hashes to 0; rename it or use @selector",
            );
        }
        let request = m.request.as_ref().and_then(|t| self.payload(lib, t));
        let response = m
            .response
            .as_ref()
            .and_then(|r| r.as_ref())
            .and_then(|t| self.payload(lib, t));
        let error = m.error.as_ref().and_then(|t| self.resolve_ty(lib, t));
        let response_body = if two_way && (m.error.is_some() || !strict) {
            self.generated
                .get(&(m.name.span, Generated::Result))
                .copied()
                .map(|rid| {
                    self.resolve(rid);
                    Ty::Decl {
                        id: rid,
                        optional: false,
                    }
                })
        } else {
            response.clone()
        };
        Some(Method {
            name: m.name.text.clone(),
            ordinal,
            selector,
            strict,
            is_event: m.is_event,
            two_way,
            request,
            response,
            response_body,
            error,
            declared_in: id,
            attributes,
            span: m.name.span,
        })
    }

    /// A payload must be a struct, table or union (`fi-0074`, `fi-0075`), not an empty struct
    /// (`fi-0077`), and a struct payload has no defaults (`fi-0084`).
    fn payload(&mut self, lib: usize, t: &ast::TypeCtor) -> Option<Ty> {
        let ty = self.resolve_ty(lib, t)?;
        match &ty {
            Ty::Decl {
                id,
                optional: false,
            } => match self.kind(*id) {
                Kind::Struct => {
                    self.resolve(*id);
                    if let DeclKind::Struct(s) = &self.ir.decls[*id].kind
                        && s.members.is_empty()
                        && !self.incomplete.contains(id)
                    {
                        self.err(
                            ids::EMPTY_PAYLOAD_STRUCTS,
                            t.span,
                            "an empty struct is not a valid payload; write `()`",
                        );
                    }
                    if self.has_defaults.contains(id) {
                        self.err(
                            ids::PAYLOAD_STRUCT_HAS_DEFAULT_MEMBERS,
                            t.span,
                            "a payload struct cannot have member defaults",
                        );
                    }
                }
                Kind::Table | Kind::Union => {}
                Kind::Enum | Kind::Bits | Kind::NewType | Kind::Overlay => {
                    self.err(
                        ids::INVALID_METHOD_PAYLOAD_LAYOUT_CLASS,
                        t.span,
                        format!(
                            "a payload must be a struct, table or union, not {}",
                            self.kind(*id).noun()
                        ),
                    );
                }
                _ => self.err(
                    ids::INVALID_METHOD_PAYLOAD_TYPE,
                    t.span,
                    "a payload must be a struct, table or union",
                ),
            },
            _ => self.err(
                ids::INVALID_METHOD_PAYLOAD_TYPE,
                t.span,
                "a payload must be a struct, table or union",
            ),
        }
        Some(ty)
    }

    /// Method names (exact and canonical) and ordinals, own and composed, are unique.
    fn method_collisions(&mut self, methods: &[Method], own_start: usize, id: DeclId) {
        let mut names: HashMap<String, usize> = HashMap::new();
        let mut ordinals: HashMap<u64, usize> = HashMap::new();
        for (i, m) in methods.iter().enumerate() {
            let at = if i >= own_start {
                m.span
            } else {
                self.ir.decls[id].span
            };
            if let Some(&j) = names.get(&canonical(&m.name)) {
                let other = &methods[j];
                let code = if other.name == m.name {
                    ids::NAME_COLLISION
                } else {
                    ids::NAME_COLLISION_CANONICAL
                };
                self.report(
                    Diagnostic::error(
                        code,
                        at,
                        format!("method `{}` collides with `{}`", m.name, other.name),
                    )
                    .with_note(other.span, "the other method"),
                );
                continue;
            }
            names.insert(canonical(&m.name), i);
            if let Some(&j) = ordinals.get(&m.ordinal) {
                let other = &methods[j];
                self.report(
                    Diagnostic::error(
                        ids::DUPLICATE_METHOD_ORDINAL,
                        at,
                        format!(
                            "method `{}` has the same ordinal as `{}`; change one with @selector",
                            m.name, other.name
                        ),
                    )
                    .with_note(other.span, "the other method"),
                );
                continue;
            }
            ordinals.insert(m.ordinal, i);
        }
    }

    pub(super) fn resolve_service(
        &mut self,
        lib: usize,
        _id: DeclId,
        members: &[ast::Member],
    ) -> DeclKind {
        let mut out = Vec::new();
        let mut first_transport: Option<(String, String)> = None;
        for m in members {
            self.compile_attributes_at(lib, &m.attributes, Place::ServiceMember);
            let Some(t) = m.ty.as_ref().and_then(|t| self.resolve_ty(lib, t)) else {
                continue;
            };
            match t {
                Ty::Endpoint {
                    server: false,
                    protocol,
                    optional,
                } => {
                    if optional {
                        self.err(
                            ids::OPTIONAL_SERVICE_MEMBER,
                            m.name.span,
                            format!("service member `{}` cannot be optional", m.name.text),
                        );
                    }
                    let transport = self.transport_of(protocol);
                    match &first_transport {
                        None => first_transport = Some((m.name.text.clone(), transport)),
                        Some((first, ft)) if *ft != transport => {
                            let msg = format!(
                                "service member `{}` uses transport {transport}, but `{first}` uses {ft}",
                                m.name.text
                            );
                            self.err(ids::MISMATCHED_TRANSPORT_IN_SERVICES, m.name.span, msg);
                        }
                        Some(_) => {}
                    }
                    out.push((m.name.text.clone(), protocol));
                }
                _ => self.err(
                    ids::ONLY_CLIENT_ENDS_IN_SERVICES,
                    m.name.span,
                    format!(
                        "service member `{}` must be a `client_end:Protocol`",
                        m.name.text
                    ),
                ),
            }
        }
        DeclKind::Service(Service { members: out })
    }

    /// A protocol's `@transport` (default `Channel`).
    pub(super) fn transport_of(&self, protocol: DeclId) -> String {
        let written = ast::attribute_string(&self.source_attrs[protocol], "transport")
            .or_else(|| attribute_string(&self.ir.decls[protocol].attributes, "transport"));
        written.unwrap_or_else(|| "Channel".into())
    }
}

/// `library.name/Protocol.Method`.
fn valid_full_selector(s: &str) -> bool {
    let Some((lib, rest)) = s.split_once('/') else {
        return false;
    };
    let Some((p, m)) = rest.split_once('.') else {
        return false;
    };
    lib.split('.').all(crate::names::is_valid_library_component)
        && crate::names::is_valid_identifier(p)
        && crate::names::is_valid_identifier(m)
}
