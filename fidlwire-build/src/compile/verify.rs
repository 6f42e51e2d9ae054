//! The verify step (`fidl-checks.md` §1.3, step 7), on libraries that compiled: resourceness,
//! handles and endpoints against transports, the attribute checks deferred until now, and
//! unused imports.

use super::{Compiler, Kind};
use crate::diagnostic::Diagnostic;
use crate::ids;
use crate::ir::*;
use std::collections::HashSet;

pub(super) fn run(c: &mut Compiler<'_>) {
    resourceness(c);
    transports(c);
    let deferred = std::mem::take(&mut c.deferred);
    c.diags.extend(deferred);
}

/// fi-0110: a value layout with a resource member.
fn resourceness(c: &mut Compiler<'_>) {
    for id in 0..c.ir.decls.len() {
        let (resource, members): (bool, Vec<(Ty, String)>) = match &c.ir.decls[id].kind {
            DeclKind::Struct(s) => (
                s.resource,
                s.members
                    .iter()
                    .map(|m| (m.ty.clone(), m.name.clone()))
                    .collect(),
            ),
            DeclKind::Table(t) => (
                t.resource,
                t.members
                    .iter()
                    .filter_map(|m| Some((m.ty.clone()?, m.name.clone())))
                    .collect(),
            ),
            DeclKind::Union(u) if !u.is_result => (
                u.resource,
                u.members
                    .iter()
                    .filter_map(|m| Some((m.ty.clone()?, m.name.clone())))
                    .collect(),
            ),
            _ => continue,
        };
        if resource {
            continue;
        }
        for (t, name) in members {
            if c.ty_is_resource(&t) {
                let decl = c.ir.decls[id].name.clone();
                let kind = c.kind(id).noun();
                c.err(
                    ids::TYPE_MUST_BE_RESOURCE,
                    c.ir.decls[id].span,
                    format!(
                        "`{decl}` must be a resource: member `{name}` can hold handles; write `type {decl} = resource {kind} {{…}}`"
                    ),
                );
            }
        }
    }
}

/// The class of handles a transport carries and the class of its own ends.
fn transport_carries(transport: &str, class: &str) -> bool {
    match transport {
        "Driver" => matches!(class, "zircon" | "driver"),
        "Channel" | "Banjo" | "Syscall" => class == "zircon",
        _ => false,
    }
}

fn end_class(transport: &str) -> &'static str {
    match transport {
        "Driver" => "driver",
        "Banjo" => "banjo",
        "Syscall" => "none",
        _ => "zircon",
    }
}

/// fi-0117/fi-0118: handles and endpoints reachable from a payload must suit the transport.
fn transports(c: &mut Compiler<'_>) {
    for id in 0..c.ir.decls.len() {
        let DeclKind::Protocol(p) = &c.ir.decls[id].kind else {
            continue;
        };
        let transport = c.transport_of(id);
        let methods: Vec<Method> = p
            .methods
            .iter()
            .filter(|m| m.declared_in == id)
            .cloned()
            .collect();
        for m in methods {
            let mut found = Vec::new();
            let mut seen = HashSet::new();
            for t in [&m.request, &m.response_body].into_iter().flatten() {
                reachable(c, t, &mut found, &mut seen);
            }
            for item in found {
                match item {
                    Reach::Handle(resource) => {
                        let lib = &c.ir.libraries[c.ir.decls[resource].library].name;
                        let class = match lib.as_str() {
                            "zx" => "zircon",
                            "fdf" => "driver",
                            _ => "none",
                        };
                        if !transport_carries(&transport, class) {
                            c.err(
                                ids::HANDLE_USED_IN_INCOMPATIBLE_TRANSPORT,
                                m.span,
                                format!("method `{}` carries a handle that transport {transport} cannot carry", m.name),
                            );
                            break;
                        }
                    }
                    Reach::End(protocol) => {
                        let other = c.transport_of(protocol);
                        if !transport_carries(&transport, end_class(&other)) {
                            c.err(
                                ids::TRANSPORT_END_USED_IN_INCOMPATIBLE_TRANSPORT,
                                m.span,
                                format!(
                                    "method `{}` carries an end of `{}` ({other}), which transport {transport} cannot carry",
                                    m.name, c.ir.decls[protocol].name
                                ),
                            );
                            break;
                        }
                    }
                }
            }
        }
    }
}

enum Reach {
    Handle(DeclId),
    End(DeclId),
}

fn reachable(c: &Compiler<'_>, t: &Ty, out: &mut Vec<Reach>, seen: &mut HashSet<DeclId>) {
    match t {
        Ty::Handle { resource, .. } => out.push(Reach::Handle(*resource)),
        Ty::Endpoint { protocol, .. } => out.push(Reach::End(*protocol)),
        Ty::Vector { elem, .. } | Ty::Array { elem, .. } => reachable(c, elem, out, seen),
        Ty::Decl { id, .. } => {
            if !seen.insert(*id) {
                return;
            }
            let tys: Vec<Ty> = match &c.ir.decls[*id].kind {
                DeclKind::Struct(s) => s.members.iter().map(|m| m.ty.clone()).collect(),
                DeclKind::Table(t) => t.members.iter().filter_map(|m| m.ty.clone()).collect(),
                DeclKind::Union(u) => u.members.iter().filter_map(|m| m.ty.clone()).collect(),
                DeclKind::Alias(a) if c.kind(*id) == Kind::NewType => vec![a.clone()],
                _ => Vec::new(),
            };
            for t in &tys {
                reachable(c, t, out, seen);
            }
        }
        _ => {}
    }
}

/// fi-0178: an import no reference of its file used (only reported on correct libraries).
pub(super) fn unused_imports(c: &mut Compiler<'_>) {
    let program = c.program;
    for lib in &program.libraries {
        if lib.builtin {
            continue;
        }
        for file in &lib.files {
            for (other, span, name) in &file.usings {
                if !c.used_imports.contains(&(file.id, *other)) {
                    c.diags.push(Diagnostic::error(
                        ids::UNUSED_IMPORT,
                        *span,
                        format!("library `{name}` is imported but not used in this file"),
                    ));
                }
            }
        }
    }
}
