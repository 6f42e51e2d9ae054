//! Name lookup (`fidl-checks.md` §2.4): a reference `c1.c2…cn`, written in some file of some
//! library, names a declaration of that library, a built-in, a member of an enum or bits, or
//! a declaration of a library imported *in that file*. After the target is found: generated
//! names cannot be written (`fi-0058`), and a non-deprecated element cannot use a deprecated
//! one (`fi-0055`/`fi-0056`).

use super::builtins::{ROOT, ZX_C_TYPES};
use super::declare::plan;
use super::{Compiler, Kind};
use crate::diagnostic::{Diagnostic, Span};
use crate::ids;
use crate::ir::DeclId;
use crate::names::suggest;
use crate::syntax::ast::Compound;

/// What a reference names.
#[derive(Debug, Clone)]
pub(super) enum Target {
    /// A root-scope name (`uint8`, `vector`, `MAX`, …).
    Builtin(&'static str),
    /// A declaration.
    Decl(DeclId),
    /// `Decl.MEMBER` of an enum or bits.
    Member(DeclId, String, Span),
}

impl Compiler<'_> {
    fn root_name(&self, name: &str) -> Option<&'static str> {
        // The zx C types are always found, so that using one without `--experimental
        // zx_c_types` is `fi-0180` rather than an unknown name.
        ROOT.iter().chain(ZX_C_TYPES).find(|b| **b == name).copied()
    }

    /// Looks `c` up from library `lib` (in the file `c` is written in).
    pub(super) fn lookup(&mut self, lib: usize, c: &Compound) -> Option<Target> {
        let target = self.lookup_name(lib, c)?;
        if let Target::Decl(id) | Target::Member(id, ..) = &target {
            self.check_target(*id, c.span);
        }
        Some(target)
    }

    fn lookup_name(&mut self, lib: usize, c: &Compound) -> Option<Target> {
        let parts: Vec<&str> = c.parts.iter().map(|p| p.text.as_str()).collect();
        let local = |s: &Self, n: &str| s.scopes[lib].names.get(n).copied();
        match parts.as_slice() {
            [one] => {
                if let Some(id) = local(self, one) {
                    return Some(Target::Decl(id));
                }
                if let Some(b) = self.root_name(one) {
                    return Some(Target::Builtin(b));
                }
                self.not_found(lib, c, one, lib);
                None
            }
            [first, second] => {
                if let Some(id) = local(self, first) {
                    return self.member_of(id, second, c);
                }
                // `fidl.uint8`: the root library under its own name.
                if *first == "fidl"
                    && let Some(b) = self.root_name(second)
                {
                    return Some(Target::Builtin(b));
                }
                if let Some(other) = self.import(c.span.file, lib, first) {
                    return match self.scopes[other].names.get(*second).copied() {
                        Some(id) => Some(Target::Decl(id)),
                        None => {
                            self.not_found(lib, c, second, other);
                            None
                        }
                    };
                }
                self.not_found(lib, c, first, lib);
                None
            }
            _ => {
                let n = parts.len();
                let prefix = parts[..n - 1].join(".");
                if let Some(other) = self.import(c.span.file, lib, &prefix) {
                    return match self.scopes[other].names.get(parts[n - 1]).copied() {
                        Some(id) => Some(Target::Decl(id)),
                        None => {
                            self.not_found(lib, c, parts[n - 1], other);
                            None
                        }
                    };
                }
                let prefix = parts[..n - 2].join(".");
                if let Some(other) = self.import(c.span.file, lib, &prefix) {
                    return match self.scopes[other].names.get(parts[n - 2]).copied() {
                        Some(id) => self.member_of(id, parts[n - 1], c),
                        None => {
                            self.not_found(lib, c, parts[n - 2], other);
                            None
                        }
                    };
                }
                self.err(
                    ids::UNKNOWN_DEPENDENT_LIBRARY,
                    c.span,
                    format!(
                        "unknown library in `{}`: import it with `using {};`",
                        c.dotted(),
                        parts[..n - 1].join(".")
                    ),
                );
                None
            }
        }
    }

    /// The library imported under `name` in `file` (recording the use).
    fn import(&mut self, file: usize, lib: usize, name: &str) -> Option<usize> {
        let other = *self.program.libraries[lib].file(file)?.imports.get(name)?;
        self.used_imports.insert((file, other));
        Some(other)
    }

    fn member_of(&mut self, id: DeclId, member: &str, c: &Compound) -> Option<Target> {
        if !matches!(self.kind(id), Kind::Enum | Kind::Bits) {
            self.err(
                ids::CANNOT_REFER_TO_MEMBER,
                c.span,
                format!(
                    "cannot refer to a member of {} `{}`: only enum and bits members can be referenced",
                    self.kind(id).noun(),
                    self.ir.decls[id].name
                ),
            );
            return None;
        }
        Some(Target::Member(id, member.to_string(), c.span))
    }

    /// fi-0052, or fi-0220 when `name` exists in `in_lib` at other versions only.
    fn not_found(&mut self, lib: usize, c: &Compound, name: &str, in_lib: usize) {
        let ranges = self.ranges_at_other_versions(in_lib, name);
        if !ranges.is_empty() {
            // The referrer's range and the target's, so the fix (narrow one, widen the other)
            // can be read off the message.
            let referrer = match self.referrer.and_then(|r| {
                let a = self.versions.get(self.decl_keys[r])?;
                Some((
                    self.ir.decls[r].name.clone(),
                    a.range(),
                    self.snapshot.0[a.platform],
                ))
            }) {
                Some((r, range, at)) => format!(
                    "at version {}, where `{r}` (available {range}) refers to it",
                    super::availability::show(at)
                ),
                None => "at every version where it is referred to".to_string(),
            };
            self.err(
                ids::NAME_NOT_FOUND_IN_VERSION_RANGE,
                c.span,
                format!(
                    "`{}` does not exist {referrer}; it is available {}",
                    c.dotted(),
                    ranges.join(" and ")
                ),
            );
            return;
        }
        let mut msg = format!(
            "no declaration named `{name}` is visible in library `{}`",
            self.ir.libraries[in_lib].name
        );
        let candidates: Vec<&str> = self.scopes[in_lib]
            .names
            .keys()
            .map(String::as_str)
            .chain(if in_lib == lib { ROOT } else { &[] }.iter().copied())
            .collect();
        if let Some(s) = suggest(name, candidates) {
            msg.push_str(&format!("; did you mean `{s}`?"));
        }
        self.err(ids::NAME_NOT_FOUND, c.span, msg);
    }

    /// The version ranges of the declarations named `name` in `lib` at any version.
    fn ranges_at_other_versions(&self, lib: usize, name: &str) -> Vec<String> {
        let mut ranges = Vec::new();
        for f in &self.program.libraries[lib].files {
            for d in &f.ast.decls {
                for p in plan(d, &|_| true).iter().filter(|p| p.name == name) {
                    ranges.push(
                        self.versions
                            .get(p.key)
                            .map_or_else(|| "at other versions".to_string(), |a| a.range()),
                    );
                }
            }
        }
        ranges
    }

    /// Checks made once a reference has found its declaration.
    fn check_target(&mut self, id: DeclId, span: Span) {
        let decl = &self.ir.decls[id];
        if decl.anonymous {
            self.err(
                ids::ANONYMOUS_NAME_REFERENCE,
                span,
                format!(
                    "`{}` is a generated name and cannot be referenced",
                    decl.name
                ),
            );
            return;
        }
        let Some(referrer) = self.referrer else {
            return;
        };
        let target_key = self.decl_keys[id];
        let snapshot = self.snapshot.clone();
        let deprecated = |s: &Self, key: Span, decl: DeclId| {
            s.versions.deprecated(key, &snapshot)
                || super::attributes::has_attribute(
                    &s.source_attrs[decl],
                    &s.ir.decls[decl].attributes,
                    "deprecated",
                )
        };
        if !deprecated(self, target_key, id) || deprecated(self, self.decl_keys[referrer], referrer)
        {
            return;
        }
        let same = self.versions.get(target_key).map(|a| a.platform)
            == self
                .versions
                .get(self.decl_keys[referrer])
                .map(|a| a.platform);
        let (code, what) = if same {
            (ids::INVALID_REFERENCE_TO_DEPRECATED, "")
        } else {
            (
                ids::INVALID_REFERENCE_TO_DEPRECATED_OTHER_PLATFORM,
                " of another platform",
            )
        };
        let msg = format!(
            "`{}` refers to `{}`{what}, which is deprecated; deprecate `{}` too",
            self.ir.decls[referrer].name, self.ir.decls[id].name, self.ir.decls[referrer].name
        );
        self.report(Diagnostic::error(code, span, msg));
    }
}
