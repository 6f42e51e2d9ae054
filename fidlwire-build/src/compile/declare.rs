//! Declaring names: every declaration that exists at the snapshot, and the declarations
//! fidlc generates — inline layouts, method payloads, result unions — under the names of
//! `fidl-checks.md` §2.6. The naming is a function of the syntax alone ([`plan`]), so that the
//! collision checks see the same names as the snapshots.

use super::{Compiler, Kind, Pending, Scope, State};
use crate::diagnostic::Span;
use crate::ir::{Decl, DeclKind, Library};
use crate::names::upper_camel;
use crate::syntax::ast::{self, Decl as AstDecl, LayoutKind, LayoutRef};

/// A declaration to create.
#[derive(Debug, Clone)]
pub(super) struct Planned {
    /// Its name.
    pub name: String,
    /// Where diagnostics about it point.
    pub span: Span,
    /// The element whose availability it has (itself, or the member or method holding it).
    pub key: Span,
    /// True for generated names.
    pub anonymous: bool,
    /// Its attributes.
    pub attributes: ast::Attributes,
    /// What it becomes.
    pub pending: Pending,
    /// For inline layouts, the layout's span (how type constructors find it).
    pub inline: Option<Span>,
    /// For generated result unions and empty success structs: the method's name span.
    pub method: Option<(Span, Generated)>,
}

/// Declarations generated for a method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Generated {
    Result,
    EmptySuccess,
}

/// Every declaration `d` makes, given which elements exist (`keep`).
pub(super) fn plan(d: &AstDecl, keep: &dyn Fn(Span) -> bool) -> Vec<Planned> {
    let name = d.name();
    let mut out = Vec::new();
    let top = |pending: Pending, inline: Option<Span>| Planned {
        name: name.text.clone(),
        span: name.span,
        key: name.span,
        anonymous: false,
        attributes: d.attributes().clone(),
        pending,
        inline,
        method: None,
    };
    match d {
        AstDecl::Const { ty, value, .. } => {
            out.push(top(Pending::Const(ty.clone(), value.clone()), None));
            hoist_ctor(ty, &name.text, name.span, keep, &mut out);
        }
        AstDecl::Alias { ty, .. } => {
            out.push(top(Pending::Alias(ty.clone()), None));
            hoist_ctor(ty, &name.text, name.span, keep, &mut out);
        }
        AstDecl::Type { ty, .. } => match &ty.layout {
            LayoutRef::Inline(layout) => {
                out.push(top(
                    Pending::Layout(filter_layout(layout, keep)),
                    Some(layout.span),
                ));
                hoist_members(layout, keep, &mut out);
            }
            _ => {
                out.push(top(Pending::NewType(ty.clone()), None));
                hoist_ctor(ty, &name.text, name.span, keep, &mut out);
            }
        },
        AstDecl::Protocol {
            modifiers,
            composes,
            methods,
            ..
        } => {
            let methods: Vec<ast::Method> = methods
                .iter()
                .filter(|m| keep(m.name.span))
                .map(|m| ast::Method {
                    modifiers: m
                        .modifiers
                        .iter()
                        .filter(|x| keep(x.name.span))
                        .cloned()
                        .collect(),
                    ..m.clone()
                })
                .collect();
            out.push(top(
                Pending::Protocol {
                    modifiers: modifiers
                        .iter()
                        .filter(|x| keep(x.name.span))
                        .cloned()
                        .collect(),
                    composes: composes
                        .iter()
                        .filter(|c| keep(c.protocol.span))
                        .cloned()
                        .collect(),
                    methods: methods.clone(),
                },
                None,
            ));
            for m in &methods {
                hoist_method(&name.text, m, keep, &mut out);
            }
        }
        AstDecl::Service { members, .. } => {
            let members: Vec<ast::Member> = members
                .iter()
                .filter(|m| keep(m.name.span))
                .cloned()
                .collect();
            out.push(top(Pending::Service(members), None));
        }
        AstDecl::Resource {
            subtype,
            properties,
            ..
        } => {
            let props: Vec<ast::Member> = properties
                .iter()
                .filter(|m| keep(m.name.span))
                .cloned()
                .collect();
            out.push(top(Pending::Resource(subtype.clone(), props), None));
        }
    }
    out
}

/// The layout with only the members and modifiers that exist.
fn filter_layout(layout: &ast::Layout, keep: &dyn Fn(Span) -> bool) -> ast::Layout {
    ast::Layout {
        modifiers: layout
            .modifiers
            .iter()
            .filter(|m| keep(m.name.span))
            .cloned()
            .collect(),
        members: layout
            .members
            .iter()
            .filter(|m| keep(m.name.span))
            .cloned()
            .collect(),
        ..layout.clone()
    }
}

/// Declares the inline layouts inside `ctor`, named `name` unless `@generated_name` says
/// otherwise; they have the availability of `key`.
fn hoist_ctor(
    ctor: &ast::TypeCtor,
    name: &str,
    key: Span,
    keep: &dyn Fn(Span) -> bool,
    out: &mut Vec<Planned>,
) {
    match &ctor.layout {
        LayoutRef::Inline(layout) => {
            let final_name = ast::attribute_string(&layout.attributes, "generated_name")
                .unwrap_or_else(|| name.to_string());
            out.push(Planned {
                name: final_name,
                span: layout.span,
                key,
                anonymous: true,
                attributes: layout.attributes.clone(),
                pending: Pending::Layout(filter_layout(layout, keep)),
                inline: Some(layout.span),
                method: None,
            });
            hoist_members(layout, keep, out);
        }
        _ => {
            for p in &ctor.params {
                hoist_ctor(p, name, key, keep, out);
            }
        }
    }
}

fn hoist_members(layout: &ast::Layout, keep: &dyn Fn(Span) -> bool, out: &mut Vec<Planned>) {
    for m in layout.members.iter().filter(|m| keep(m.name.span)) {
        if let Some(ty) = &m.ty {
            hoist_ctor(ty, &upper_camel(&m.name.text), m.name.span, keep, out);
        }
    }
}

/// True when `m` (as it exists) is flexible: its last `strict`/`flexible` modifier, or the
/// default (flexible).
pub(super) fn method_is_flexible(m: &ast::Method) -> bool {
    m.modifiers.last().is_none_or(|x| x.name.text == "flexible")
}

fn hoist_method(
    protocol: &str,
    m: &ast::Method,
    keep: &dyn Fn(Span) -> bool,
    out: &mut Vec<Planned>,
) {
    let key = m.name.span;
    let camel = format!("{}{}", upper_camel(protocol), upper_camel(&m.name.text));
    if let Some(req) = &m.request {
        hoist_ctor(req, &format!("{camel}Request"), key, keep, out);
    }
    let Some(resp) = &m.response else {
        return;
    };
    let flexible = method_is_flexible(m);
    let wrapped = m.error.is_some() || flexible;
    let underscored = format!("{protocol}_{}", m.name.text);
    let success_name = if wrapped {
        format!("{underscored}_Response")
    } else {
        format!("{camel}Response")
    };
    if let Some(t) = resp {
        hoist_ctor(t, &success_name, key, keep, out);
    } else if wrapped {
        // `-> ()` inside a result union: fidlc generates an empty struct for the success.
        out.push(Planned {
            name: success_name,
            span: m.name.span,
            key,
            anonymous: true,
            attributes: Vec::new(),
            pending: Pending::Layout(ast::Layout {
                attributes: Vec::new(),
                modifiers: Vec::new(),
                kind: LayoutKind::Struct,
                subtype: None,
                members: Vec::new(),
                span: m.name.span,
            }),
            inline: None,
            method: Some((m.name.span, Generated::EmptySuccess)),
        });
    }
    if let Some(e) = &m.error {
        hoist_ctor(e, &format!("{underscored}_Error"), key, keep, out);
    }
    if wrapped {
        out.push(Planned {
            name: format!("{underscored}_Result"),
            span: m.name.span,
            key,
            anonymous: true,
            attributes: Vec::new(),
            pending: Pending::Result {
                method: m.name.span,
                success: resp.clone(),
                error: m.error.clone(),
                flexible,
            },
            inline: None,
            method: Some((m.name.span, Generated::Result)),
        });
    }
}

/// Creates the libraries, scopes and declarations of the snapshot.
pub(super) fn declare_all(c: &mut Compiler<'_>) {
    let program = c.program;
    for (index, lib) in program.libraries.iter().enumerate() {
        c.ir.libraries.push(Library {
            name: lib.name.clone(),
            decls: Vec::new(),
            dependencies: lib
                .files
                .iter()
                .flat_map(|f| f.usings.iter().map(|(_, _, n)| n.clone()))
                .collect(),
            builtin: lib.builtin,
        });
        c.scopes.push(Scope::default());
        let lib_exists = c.exists(lib.key);
        for file in &lib.files {
            for d in &file.ast.decls {
                if !lib_exists || !c.exists(d.name().span) {
                    continue;
                }
                let versions = c.versions;
                let snapshot = c.snapshot.clone();
                let keep = |s: Span| versions.exists(s, &snapshot);
                for p in plan(d, &keep) {
                    add(c, index, p);
                }
            }
        }
    }
}

fn add(c: &mut Compiler<'_>, lib: usize, p: Planned) {
    let kind = Kind::of(&p.pending);
    let id = c.ir.decls.len();
    c.ir.decls.push(Decl {
        name: p.name.clone(),
        library: lib,
        span: p.span,
        attributes: Vec::new(),
        anonymous: p.anonymous,
        kind: DeclKind::Unresolved,
    });
    if let Pending::Layout(l) = &p.pending {
        c.layout_resource
            .insert(id, l.modifiers.iter().any(|m| m.name.text == "resource"));
    }
    c.pending.push(p.pending);
    c.kinds.push(kind);
    c.state.push(State::Todo);
    c.source_attrs.push(p.attributes);
    c.decl_keys.push(p.key);
    c.ir.libraries[lib].decls.push(id);
    if let Some(span) = p.inline {
        c.inline.insert(span, id);
    }
    if let Some((method, what)) = p.method {
        c.generated.insert((method, what), id);
    }
    // Collisions were reported by the availability phase; the first one wins here.
    c.scopes[lib].names.entry(p.name).or_insert(id);
}
