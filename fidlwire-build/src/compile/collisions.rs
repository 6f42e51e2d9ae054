//! Names and modifiers over versions (`fidl-checks.md` §2.3, §5.6–5.8): two elements of one
//! scope may share a name (exactly or canonically) only if they never exist at the same
//! version; two modifiers of one family may not be in force at once; and an element written
//! `removed`/`replaced` must be followed (or not) by a definition as §5.8 requires.

use super::availability::{Availability, EndKind, Versions};
use super::declare::plan;
use super::libraries::Program;
use crate::diagnostic::{Diagnostic, Span};
use crate::ids;
use crate::names::canonical;
use crate::syntax::ast::{self, Decl, LayoutRef};
use crate::syntax::parse_int;

/// Runs every check of this module over `program`.
pub fn check(program: &Program, versions: &Versions, diags: &mut Vec<Diagnostic>) {
    for lib in &program.libraries {
        // Declarations, with every generated name, at every version.
        let mut decls: Vec<Named> = Vec::new();
        for file in &lib.files {
            for d in &file.ast.decls {
                for p in plan(d, &|_| true) {
                    decls.push(Named {
                        name: p.name,
                        span: p.span,
                        key: p.key,
                        kind: if p.anonymous {
                            "generated declaration"
                        } else {
                            "declaration"
                        },
                        abi: None,
                    });
                }
            }
        }
        scope(&decls, versions, diags);
        replacements(&decls, versions, false, diags);
        for file in &lib.files {
            for d in &file.ast.decls {
                decl_members(d, versions, diags);
            }
        }
    }
}

/// One element of a scope.
struct Named {
    name: String,
    span: Span,
    key: Span,
    kind: &'static str,
    /// The ABI identity of a member (§5.8): ordinal, value or selector.
    abi: Option<String>,
}

fn availability(versions: &Versions, key: Span) -> Availability {
    versions.get(key).cloned().unwrap_or(Availability {
        platform: 0,
        added: 0,
        removed: super::availability::INFINITY,
        deprecated: None,
        ends_explicitly: None,
        renamed: None,
    })
}

/// fi-0034…fi-0037 within one scope: each element against those visited before it.
fn scope(items: &[Named], versions: &Versions, diags: &mut Vec<Diagnostic>) {
    let mut order: Vec<&Named> = items.iter().collect();
    order.sort_by_key(|n| (n.span.file, n.span.start));
    // Only names with the same canonical form can collide: compare within those groups, so a
    // library of n declarations costs O(n), not O(n²).
    let mut earlier: std::collections::HashMap<String, Vec<&Named>> = Default::default();
    for b in order {
        let group = earlier.entry(canonical(&b.name)).or_default();
        let bv = availability(versions, b.key);
        for a in group.iter() {
            let exact = a.name == b.name;
            let av = availability(versions, a.key);
            if !av.overlaps(&bv) {
                continue;
            }
            let same = av.added == bv.added && av.removed == bv.removed;
            let id = match (exact, same) {
                (true, true) => ids::NAME_COLLISION,
                (false, true) => ids::NAME_COLLISION_CANONICAL,
                (true, false) => ids::NAME_OVERLAP,
                (false, false) => ids::NAME_OVERLAP_CANONICAL,
            };
            let mut msg = if exact {
                format!(
                    "the {} `{}` collides with the {} declared earlier",
                    b.kind, b.name, a.kind
                )
            } else {
                format!(
                    "the {} `{}` collides with the {} `{}`: both are `{}` in canonical form",
                    b.kind,
                    b.name,
                    a.kind,
                    a.name,
                    canonical(&b.name)
                )
            };
            if !same {
                msg.push_str(&format!(
                    " (both exist from {} to {})",
                    super::availability::show(av.added.max(bv.added)),
                    super::availability::show(av.removed.min(bv.removed))
                ));
            }
            diags.push(Diagnostic::error(id, b.span, msg).with_note(a.span, "the other one"));
            break; // one collision per element
        }
        group.push(b);
    }
}

/// The member scopes and modifiers of one declaration.
fn decl_members(d: &Decl, versions: &Versions, diags: &mut Vec<Diagnostic>) {
    match d {
        Decl::Type { ty, .. } | Decl::Alias { ty, .. } | Decl::Const { ty, .. } => {
            ctor_members(ty, versions, diags)
        }
        Decl::Protocol {
            modifiers,
            methods,
            composes,
            name: pname,
            ..
        } => {
            modifier_families(modifiers, versions, diags);
            let items: Vec<Named> = methods
                .iter()
                .map(|m| Named {
                    name: m.name.text.clone(),
                    span: m.name.span,
                    key: m.name.span,
                    kind: "method",
                    abi: Some(
                        ast::attribute_string(&m.attributes, "selector")
                            .unwrap_or_else(|| format!("{}.{}", pname.text, m.name.text)),
                    ),
                })
                .collect();
            scope(&items, versions, diags);
            replacements(&items, versions, true, diags);
            let composed: Vec<Named> = composes
                .iter()
                .map(|c| Named {
                    name: c.protocol.dotted(),
                    span: c.protocol.span,
                    key: c.protocol.span,
                    kind: "composed protocol",
                    abi: None,
                })
                .collect();
            scope(&composed, versions, diags);
            for m in methods {
                modifier_families(&m.modifiers, versions, diags);
                for t in m
                    .request
                    .iter()
                    .chain(m.response.iter().flatten())
                    .chain(&m.error)
                {
                    ctor_members(t, versions, diags);
                }
            }
        }
        Decl::Service { members, .. }
        | Decl::Resource {
            properties: members,
            ..
        } => {
            let items: Vec<Named> = members.iter().map(|m| member(m, "member")).collect();
            scope(&items, versions, diags);
            replacements(&items, versions, true, diags);
        }
    }
}

fn member(m: &ast::Member, kind: &'static str) -> Named {
    let abi = if let Some((o, _)) = m.ordinal {
        Some(o.to_string())
    } else if let Some(ast::Constant::Literal(ast::Literal::Number(n), _)) = &m.value {
        parse_int(n).map(|v| v.to_string())
    } else {
        None
    };
    Named {
        name: m.name.text.clone(),
        span: m.name.span,
        key: m.name.span,
        kind,
        abi,
    }
}

fn ctor_members(t: &ast::TypeCtor, versions: &Versions, diags: &mut Vec<Diagnostic>) {
    if let LayoutRef::Inline(layout) = &t.layout {
        modifier_families(&layout.modifiers, versions, diags);
        let items: Vec<Named> = layout
            .members
            .iter()
            .filter(|m| !m.reserved)
            .map(|m| member(m, "member"))
            .collect();
        scope(&items, versions, diags);
        replacements(&items, versions, true, diags);
        for m in &layout.members {
            if let Some(t) = &m.ty {
                ctor_members(t, versions, diags);
            }
        }
    }
    for p in &t.params {
        ctor_members(p, versions, diags);
    }
}

/// fi-0032 (the same modifier twice) and fi-0033 (two of one family) at overlapping versions.
fn modifier_families(
    modifiers: &[ast::Modifier],
    versions: &Versions,
    diags: &mut Vec<Diagnostic>,
) {
    let family = |m: &str| match m {
        "strict" | "flexible" => 0,
        "resource" => 1,
        _ => 2,
    };
    for (i, b) in modifiers.iter().enumerate() {
        let bv = availability(versions, b.name.span);
        for a in &modifiers[..i] {
            if family(&a.name.text) != family(&b.name.text)
                || !availability(versions, a.name.span).overlaps(&bv)
            {
                continue;
            }
            let (id, msg) = if a.name.text == b.name.text {
                (
                    ids::DUPLICATE_MODIFIER,
                    format!("duplicate modifier `{}`", b.name.text),
                )
            } else {
                (
                    ids::CONFLICTING_MODIFIER,
                    format!("`{}` conflicts with `{}`", b.name.text, a.name.text),
                )
            };
            diags.push(Diagnostic::error(id, b.name.span, msg));
            break;
        }
    }
}

/// §5.8: removal, replacement and renaming, for elements whose own `@available` ends them.
fn replacements(items: &[Named], versions: &Versions, members: bool, diags: &mut Vec<Diagnostic>) {
    for old in items {
        let oa = availability(versions, old.key);
        let Some((end, span)) = oa.ends_explicitly else {
            continue;
        };
        let at = oa.removed;
        let target = oa.renamed.clone().unwrap_or_else(|| old.name.clone());
        let renamed = oa.renamed.is_some();
        let successor = items.iter().find(|n| {
            n.name == target
                && !std::ptr::eq(*n, old)
                && if members {
                    availability(versions, n.key).exists_at(at)
                } else {
                    availability(versions, n.key).added == at
                }
        });
        let problem = match (end, successor, members) {
            (EndKind::Replaced, None, _) => Some((
                if renamed { ids::INVALID_REPLACED_AND_RENAMED } else { ids::INVALID_REPLACED },
                format!(
                    "`{}` is replaced at {}, but no `{target}` is added at {}",
                    old.name,
                    super::availability::show(at),
                    super::availability::show(at)
                ),
            )),
            (EndKind::Replaced, Some(new), true) if new.abi.is_some() && new.abi != old.abi => Some((
                ids::INVALID_REPLACED_ABI,
                format!(
                    "`{}` is replaced by `{target}` with a different ABI identity ({} → {})",
                    old.name,
                    old.abi.clone().unwrap_or_default(),
                    new.abi.clone().unwrap_or_default()
                ),
            )),
            (EndKind::Removed, Some(_), _) => Some((
                if renamed && members { ids::INVALID_REMOVED_AND_RENAMED } else { ids::INVALID_REMOVED },
                format!(
                    "`{}` is removed at {}, but `{target}` is added at {}: use `replaced`",
                    old.name,
                    super::availability::show(at),
                    super::availability::show(at)
                ),
            )),
            (EndKind::Removed, None, true) => items
                .iter()
                .find(|n| {
                    n.name != old.name
                        && n.abi.is_some()
                        && n.abi == old.abi
                        && availability(versions, n.key).exists_at(at)
                })
                .map(|n| {
                    (
                        ids::INVALID_REMOVED_ABI,
                        format!(
                            "`{}` is removed at {}, but `{}` reuses its ABI identity {}: use `replaced={}, renamed=\"{}\"`",
                            old.name,
                            super::availability::show(at),
                            n.name,
                            old.abi.clone().unwrap_or_default(),
                            super::availability::show(at),
                            n.name
                        ),
                    )
                }),
            _ => None,
        };
        if let Some((id, msg)) = problem {
            diags.push(Diagnostic::error(id, span, msg));
        }
    }
}
