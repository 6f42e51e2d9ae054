//! The arguments of one `@available` (`fidl-checks.md` §5.2, §5.4 steps 1–3 and 5): which are
//! allowed where, their values as versions, and their order.

use super::*;

impl Ctx<'_> {
    /// Turns an `@available` into written values; false when a blocking check failed.
    pub(super) fn written(&mut self, a: &Attribute, kind: Element, name: &str) -> (Written, bool) {
        let mut w = Written::default();
        let mut ok = true;
        if a.args.is_empty() {
            if kind == Element::Library {
                self.err(
                    ids::LIBRARY_AVAILABILITY_MISSING_ADDED,
                    a.span,
                    "the library's @available must give `added`",
                );
                return (w, false);
            }
            self.err(
                ids::AVAILABLE_MISSING_ARGUMENTS,
                a.span,
                "@available needs at least one argument",
            );
            return (w, true);
        }
        if kind != Element::Library && !self.versioned {
            self.err(
                ids::MISSING_LIBRARY_AVAILABILITY,
                a.span,
                "@available is only allowed in a library whose `library` declaration has @available",
            );
            return (w, false);
        }
        let mut seen: Vec<String> = Vec::new();
        for arg in &a.args {
            let Some(n) = &arg.name else {
                self.err(
                    ids::ATTRIBUTE_ARG_NOT_NAMED,
                    arg.span,
                    "@available takes named arguments: added, deprecated, removed, replaced, renamed, note, platform",
                );
                ok = false;
                continue;
            };
            if seen.contains(&n.text) {
                self.err(
                    ids::DUPLICATE_ATTRIBUTE_ARG,
                    a.span,
                    format!("argument `{}` given twice", n.text),
                );
                continue;
            }
            seen.push(n.text.clone());
            if kind == Element::Modifier && !matches!(n.text.as_str(), "added" | "removed") {
                self.err(
                    ids::INVALID_MODIFIER_AVAILABLE_ARGUMENT,
                    n.span,
                    format!(
                        "a modifier's availability takes only `added` and `removed`, not `{}`",
                        n.text
                    ),
                );
                ok = false;
                continue;
            }
            match n.text.as_str() {
                "added" | "deprecated" | "removed" | "replaced" => {
                    let Some(v) = self.version(&arg.value) else {
                        continue;
                    };
                    let slot = Some((v, arg.span));
                    match n.text.as_str() {
                        "added" => w.added = slot,
                        "deprecated" => w.deprecated = slot,
                        "removed" => w.removed = slot,
                        _ => w.replaced = slot,
                    }
                }
                "platform" | "renamed" | "note" => {
                    let Some(s) = self.literal_string(&arg.value) else {
                        continue;
                    };
                    match n.text.as_str() {
                        "platform" => w.platform = Some((s, arg.span)),
                        "renamed" => w.renamed = Some((s, arg.span)),
                        _ => w.note = true,
                    }
                }
                other => {
                    self.err(
                        ids::UNKNOWN_ATTRIBUTE_ARG,
                        n.span,
                        format!(
                            "@available has no argument `{other}` (added, deprecated, removed, replaced, renamed, note, platform)"
                        ),
                    );
                }
            }
        }
        if w.note && w.deprecated.is_none() && w.removed.is_none() && w.replaced.is_none() {
            self.err(
                ids::NOTE_WITHOUT_DEPRECATION_OR_REMOVAL,
                a.span,
                "`note` needs `deprecated`, `removed` or `replaced`",
            );
        }
        match kind {
            Element::Library => {
                if w.added.is_none() {
                    self.err(
                        ids::LIBRARY_AVAILABILITY_MISSING_ADDED,
                        a.span,
                        "the library's @available must give `added`",
                    );
                    ok = false;
                }
                if let Some((_, span)) = w.replaced {
                    self.err(
                        ids::LIBRARY_REPLACED,
                        span,
                        "a library cannot be `replaced`; use `removed`",
                    );
                    ok = false;
                }
            }
            _ => {
                if let Some((_, span)) = &w.platform {
                    self.err(
                        ids::PLATFORM_NOT_ON_LIBRARY,
                        *span,
                        "`platform` is only allowed on the library's @available",
                    );
                    ok = false;
                }
            }
        }
        if w.removed.is_some() && w.replaced.is_some() {
            self.err(
                ids::REMOVED_AND_REPLACED,
                a.span,
                "an element cannot be both `removed` and `replaced`",
            );
            ok = false;
        }
        if let Some((new, span)) = &w.renamed {
            if kind != Element::Member {
                self.err(
                    ids::CANNOT_BE_RENAMED,
                    *span,
                    "only members can be `renamed`",
                );
                ok = false;
            } else if w.removed.is_none() && w.replaced.is_none() {
                self.err(
                    ids::RENAMED_WITHOUT_REPLACED_OR_REMOVED,
                    *span,
                    "`renamed` needs `removed` or `replaced`",
                );
                ok = false;
            } else if new == name {
                self.err(
                    ids::RENAMED_TO_SAME_NAME,
                    *span,
                    format!("`{name}` cannot be renamed to itself"),
                );
                ok = false;
            }
        }
        (w, ok)
    }

    /// A version argument (`fi-0153` and friends); `None` when invalid.
    pub(super) fn version(&mut self, c: &Constant) -> Option<Version> {
        match c {
            Constant::Ident(n) if n.dotted() == "NEXT" => Some(NEXT),
            Constant::Ident(n) if n.dotted() == "HEAD" => Some(HEAD),
            Constant::Ident(n) => {
                self.err(
                    ids::INVALID_VERSION,
                    n.span,
                    format!(
                        "invalid version `{}`: use 1 to 2147483647, NEXT or HEAD",
                        n.dotted()
                    ),
                );
                None
            }
            Constant::Literal(Literal::Number(text), span) => match parse_int(text) {
                Some(v) if (1..=MAX_NUMBERED as i128).contains(&v) => Some(v as Version),
                Some(v) if (0..=u32::MAX as i128).contains(&v) => {
                    self.err(
                        ids::INVALID_VERSION,
                        *span,
                        format!("invalid version {v}: use 1 to 2147483647, NEXT or HEAD"),
                    );
                    None
                }
                _ => {
                    self.err(
                        ids::CONSTANT_OVERFLOWS_TYPE,
                        *span,
                        format!("`{text}` does not fit a version (uint32)"),
                    );
                    self.err(
                        ids::COULD_NOT_RESOLVE_ATTRIBUTE_ARG,
                        *span,
                        "could not resolve the argument of @available",
                    );
                    None
                }
            },
            other => {
                self.err(
                    ids::TYPE_CANNOT_BE_CONVERTED_TO_TYPE,
                    other.span(),
                    "a version must be a number, NEXT or HEAD",
                );
                self.err(
                    ids::COULD_NOT_RESOLVE_ATTRIBUTE_ARG,
                    other.span(),
                    "could not resolve the argument of @available",
                );
                None
            }
        }
    }

    pub(super) fn literal_string(&mut self, c: &Constant) -> Option<String> {
        match c {
            Constant::Literal(Literal::Str(s), _) => Some(s.clone()),
            Constant::Ident(n) => {
                self.err(
                    ids::ATTRIBUTE_ARG_REQUIRES_LITERAL,
                    n.span,
                    "@available takes literals only, not constants",
                );
                None
            }
            other => {
                self.err(
                    ids::TYPE_CANNOT_BE_CONVERTED_TO_TYPE,
                    other.span(),
                    "expected a string",
                );
                self.err(
                    ids::COULD_NOT_RESOLVE_ATTRIBUTE_ARG,
                    other.span(),
                    "could not resolve the argument of @available",
                );
                None
            }
        }
    }

    /// `added ≤ deprecated < removed|replaced` among the written arguments (`fi-0154`).
    pub(super) fn order(&mut self, a: &Attribute, w: &Written) -> bool {
        let added = w.added.map(|x| x.0);
        let deprecated = w.deprecated.map(|x| x.0);
        let end = w.removed.or(w.replaced);
        let end_name = if w.removed.is_some() {
            "removed"
        } else {
            "replaced"
        };
        let bad = match (added, deprecated, end.map(|x| x.0)) {
            (Some(a), Some(d), _) if a > d => Some(format!(
                "added ({}) must be ≤ deprecated ({})",
                show(a),
                show(d)
            )),
            (_, Some(d), Some(r)) if d >= r => Some(format!(
                "deprecated ({}) must be < {end_name} ({})",
                show(d),
                show(r)
            )),
            (Some(a), _, Some(r)) if a >= r => Some(format!(
                "added ({}) must be < {end_name} ({})",
                show(a),
                show(r)
            )),
            _ => None,
        };
        if let Some(msg) = bad {
            self.err(ids::INVALID_AVAILABILITY_ORDER, a.span, msg);
            return false;
        }
        true
    }
}
