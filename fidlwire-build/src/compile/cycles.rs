//! Include cycles (`fidl-checks.md` §3.12, `fi-0057`): a declaration that depends on itself
//! through links that must all be present. Aliases, constants and composed protocols are
//! followed while resolving (a declaration met again while still being resolved closes a
//! cycle); layouts are checked afterwards on the graph of their by-value members, where
//! `box`, optional unions, optional vectors and strings, and endpoints break the chain.

use super::{Compiler, Kind};
use crate::diagnostic::{Diagnostic, Span};
use crate::ids;
use crate::ir::*;

impl Compiler<'_> {
    /// Reports the cycle closed by meeting `id` again, from the resolution stack.
    pub(super) fn report_cycle(&mut self, id: DeclId, at: Span) {
        let start = self.stack.iter().position(|d| *d == id).unwrap_or(0);
        let mut chain: Vec<DeclId> = self.stack[start..].to_vec();
        let mut key = chain.clone();
        key.sort_unstable();
        self.cycles_reported += 1;
        if !self.cycles_seen.insert(key) {
            return;
        }
        chain.push(id);
        let names: Vec<String> = chain
            .iter()
            .map(|d| self.ir.decls[*d].name.clone())
            .collect();
        let _ = at;
        let span = self.ir.decls[id].span;
        self.report(Diagnostic::error(
            ids::INCLUDE_CYCLE,
            span,
            format!("there is an include cycle: {}", names.join(" -> ")),
        ));
    }
}

/// The declarations a layout holds by value.
fn by_value(kinds: &[Kind], t: &Ty, out: &mut Vec<DeclId>) {
    match t {
        Ty::Array { elem, .. }
        | Ty::Vector {
            elem,
            optional: false,
            ..
        } => by_value(kinds, elem, out),
        Ty::Decl {
            id,
            optional: false,
        } if matches!(
            kinds[*id],
            Kind::Struct | Kind::Table | Kind::Union | Kind::Overlay
        ) =>
        {
            out.push(*id)
        }
        _ => {}
    }
}

/// Cycles among layouts.
pub(super) fn check(c: &mut Compiler<'_>) {
    let n = c.ir.decls.len();
    let edges: Vec<Vec<DeclId>> = (0..n)
        .map(|d| {
            let mut out = Vec::new();
            let tys: Vec<&Ty> = match &c.ir.decls[d].kind {
                DeclKind::Struct(s) => s.members.iter().map(|m| &m.ty).collect(),
                DeclKind::Table(t) => t.members.iter().filter_map(|m| m.ty.as_ref()).collect(),
                DeclKind::Union(u) => u.members.iter().filter_map(|m| m.ty.as_ref()).collect(),
                _ => Vec::new(),
            };
            for t in tys {
                by_value(&c.kinds, t, &mut out);
            }
            out
        })
        .collect();
    for mut comp in crate::graph::cycles(&edges) {
        comp.sort_by_key(|d| (c.ir.decls[*d].span.file, c.ir.decls[*d].span.start));
        let first = comp[0];
        // The chain, following edges from the first declaration back to it.
        let mut chain = vec![first];
        let mut cur = first;
        while chain.len() <= comp.len() {
            let Some(&nx) = edges[cur].iter().find(|w| comp.contains(w)) else {
                break;
            };
            chain.push(nx);
            if nx == first {
                break;
            }
            cur = nx;
        }
        let names: Vec<String> = chain.iter().map(|d| c.ir.decls[*d].name.clone()).collect();
        let span = c.ir.decls[first].span;
        c.report(Diagnostic::error(
            ids::INCLUDE_CYCLE,
            span,
            format!("there is an include cycle: {}", names.join(" -> ")),
        ));
    }
}
