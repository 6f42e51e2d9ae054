//! Versioning with `@available` (`fidl-checks.md` §5): every element's availability, compiled
//! from its attribute and inherited down the element tree (library → declarations → members,
//! methods, `compose` entries and modifiers; inline layouts take their member's), with every
//! consistency check; then the version snapshots to compile.
//!
//! Versions are `1`…`2^31−1`, then `NEXT`, then `HEAD`. An element exists at `v` when
//! `added ≤ v < removed`. A library without `@available` is on the platform `unversioned` and
//! everything in it exists at `HEAD` only.

use super::Options;
use super::libraries::{LibrarySource, Program};
use crate::diagnostic::{Diagnostic, Span};
use crate::ids;
use crate::syntax::ast::{self, Attribute, Constant, Decl, LayoutRef, Literal};
use crate::syntax::parse_int;
use std::collections::{BTreeMap, BTreeSet, HashMap};

mod arguments;

/// A version: `1`…`2^31−1`, [`NEXT`], [`HEAD`], or the ends of the line.
pub type Version = u64;
/// The largest numbered version.
pub const MAX_NUMBERED: Version = (1 << 31) - 1;
/// `NEXT`: the release being prepared.
pub const NEXT: Version = 1 << 31;
/// `HEAD`: unstable work.
pub const HEAD: Version = (1 << 31) + 1;
/// Past every version (`removed` of an element never removed).
pub const INFINITY: Version = u64::MAX;

/// Reads a version as the command line writes it: `1`…`2147483647`, `NEXT` or `HEAD`.
pub fn parse_version(text: &str) -> Option<Version> {
    match text {
        "NEXT" => Some(NEXT),
        "HEAD" => Some(HEAD),
        _ => text
            .parse::<Version>()
            .ok()
            .filter(|v| (1..NEXT).contains(v)),
    }
}

/// A version as written: a number, `NEXT` or `HEAD`.
pub fn show(v: Version) -> String {
    match v {
        NEXT => "NEXT".into(),
        HEAD => "HEAD".into(),
        INFINITY => "+inf".into(),
        v => v.to_string(),
    }
}

/// The availability of one element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Availability {
    /// Index into [`Versions::platforms`].
    pub platform: usize,
    /// First version where it exists.
    pub added: Version,
    /// First version where it no longer exists.
    pub removed: Version,
    /// From this version on it is deprecated.
    pub deprecated: Option<Version>,
    /// `removed`/`replaced` was written on the element itself (not inherited).
    pub ends_explicitly: Option<(EndKind, Span)>,
    /// The `renamed` argument.
    pub renamed: Option<String>,
}

/// How an element's availability ends when its own attribute says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndKind {
    /// `removed=N`
    Removed,
    /// `replaced=N`
    Replaced,
}

impl Availability {
    /// True when the element exists at `v`.
    pub fn exists_at(&self, v: Version) -> bool {
        self.added <= v && v < self.removed
    }

    /// True when the element is deprecated at `v`.
    pub fn deprecated_at(&self, v: Version) -> bool {
        self.exists_at(v) && self.deprecated.is_some_and(|d| d <= v)
    }

    /// True when the two availabilities share a version.
    pub fn overlaps(&self, other: &Availability) -> bool {
        self.platform == other.platform && self.added < other.removed && other.added < self.removed
    }

    /// `[added, removed)` as text.
    pub fn range(&self) -> String {
        match self.removed {
            INFINITY => format!("from {} on", show(self.added)),
            removed => format!("from {} until {}", show(self.added), show(removed)),
        }
    }
}

/// One version per platform: the libraries as they are at these versions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Snapshot(pub Vec<Version>);

/// Every element's availability, and the version selection.
#[derive(Debug, Default)]
pub struct Versions {
    /// Element key (the span of its name or keyword) → availability.
    table: HashMap<Span, Availability>,
    /// Platform names; index 0 is `unversioned`.
    pub platforms: Vec<String>,
    /// Platform of each library of the program.
    pub library_platform: Vec<usize>,
    /// The selected version of each platform.
    selected: Vec<Version>,
    /// The versions at which something changes, per platform.
    points: Vec<BTreeSet<Version>>,
}

impl Versions {
    /// The availability of the element keyed `key`, if it was computed.
    pub fn get(&self, key: Span) -> Option<&Availability> {
        self.table.get(&key)
    }

    /// True when the element keyed `key` exists at `snapshot` (elements without an entry,
    /// such as generated ones, always do).
    pub fn exists(&self, key: Span, snapshot: &Snapshot) -> bool {
        self.table
            .get(&key)
            .is_none_or(|a| a.exists_at(snapshot.0[a.platform]))
    }

    /// True when the element keyed `key` is deprecated at `snapshot`.
    pub fn deprecated(&self, key: Span, snapshot: &Snapshot) -> bool {
        self.table
            .get(&key)
            .is_some_and(|a| a.deprecated_at(snapshot.0[a.platform]))
    }

    /// The selected versions.
    pub fn selected(&self) -> Snapshot {
        Snapshot(self.selected.clone())
    }

    /// Every snapshot to check: for each platform, each version at which something starts,
    /// ends or becomes deprecated (the others at their selected version).
    pub fn snapshots(&self) -> Vec<Snapshot> {
        let mut out = Vec::new();
        for (p, points) in self.points.iter().enumerate() {
            for &v in points {
                let mut s = self.selected.clone();
                s[p] = v;
                let s = Snapshot(s);
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
        out
    }
}

/// What one `@available` says, before inheritance.
#[derive(Debug, Default, Clone)]
struct Written {
    added: Option<(Version, Span)>,
    deprecated: Option<(Version, Span)>,
    removed: Option<(Version, Span)>,
    replaced: Option<(Version, Span)>,
    renamed: Option<(String, Span)>,
    note: bool,
    platform: Option<(String, Span)>,
}

/// Where each final bound of an element was written (for fi-0155 messages).
#[derive(Debug, Clone, Copy, Default)]
struct Origins {
    added: Option<Span>,
    deprecated: Option<Span>,
    removed: Option<Span>,
}

/// The kinds of elements, as far as `@available` cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Element {
    Library,
    Declaration,
    Member,
    Modifier,
}

struct Ctx<'a> {
    options: &'a Options,
    diags: &'a mut Vec<Diagnostic>,
    versions: Versions,
    /// Whether the library being compiled has an `@available`.
    versioned: bool,
    platform: usize,
}

/// Computes every availability of `program`.
pub fn compile(program: &Program, options: &Options, diags: &mut Vec<Diagnostic>) -> Versions {
    let mut cx = Ctx {
        options,
        diags,
        versions: Versions {
            platforms: vec!["unversioned".into()],
            ..Versions::default()
        },
        versioned: false,
        platform: 0,
    };
    cx.versions.selected.push(HEAD);
    cx.versions.points.push(BTreeSet::from([HEAD]));
    for lib in &program.libraries {
        cx.library(lib);
    }
    cx.versions
}

impl Ctx<'_> {
    fn err(&mut self, id: &'static str, span: Span, msg: impl Into<String>) {
        self.diags.push(Diagnostic::error(id, span, msg));
    }

    fn library(&mut self, lib: &LibrarySource) {
        let attr = ast::find_attribute(&lib.attributes, "available").cloned();
        self.versioned = attr.is_some();
        self.platform = 0;
        let root = match &attr {
            None => Availability {
                platform: 0,
                added: HEAD,
                removed: INFINITY,
                deprecated: None,
                ends_explicitly: None,
                renamed: None,
            },
            Some(a) => {
                let (w, ok) = self.written(a, Element::Library, &lib.name);
                let platform = self.platform_of(lib, &w);
                self.platform = platform;
                let added = w.added.map_or(HEAD, |(v, _)| v);
                let mut avail = Availability {
                    platform,
                    added,
                    removed: w.removed.map_or(INFINITY, |(v, _)| v),
                    deprecated: w.deprecated.map(|(v, _)| v),
                    ends_explicitly: None,
                    renamed: None,
                };
                if ok {
                    self.order(a, &w);
                } else {
                    avail.removed = INFINITY;
                }
                avail
            }
        };
        let origins = Origins {
            added: attr.as_ref().map(|a| a.span),
            deprecated: attr.as_ref().map(|a| a.span),
            removed: attr.as_ref().map(|a| a.span),
        };
        self.versions.library_platform.push(self.platform);
        self.record(lib.key, root.clone());
        for file in &lib.files {
            for d in &file.ast.decls {
                self.decl(d, &root, origins);
            }
        }
    }

    fn platform_of(&mut self, lib: &LibrarySource, w: &Written) -> usize {
        let (name, span) = match &w.platform {
            Some((p, span)) => {
                if !crate::names::is_valid_library_component(p) {
                    self.err(
                        ids::INVALID_PLATFORM,
                        *span,
                        format!("invalid platform `{p}`: use lower-case letters and digits"),
                    );
                }
                (p.clone(), *span)
            }
            None => (
                lib.name.split('.').next().unwrap_or_default().to_string(),
                lib.key,
            ),
        };
        if name == "unversioned" {
            self.err(
                ids::RESERVED_PLATFORM,
                span,
                "the platform `unversioned` is reserved for libraries without @available",
            );
        }
        if let Some(i) = self.versions.platforms.iter().position(|p| *p == name) {
            return i;
        }
        if self.options.require_available
            && self.options.version.is_none()
            && !self.options.available.contains_key(&name)
        {
            self.err(
                ids::PLATFORM_VERSION_NOT_SELECTED,
                span,
                format!(
                    "the library is versioned: select a version with `--available {name}:<version>`"
                ),
            );
        }
        self.versions.platforms.push(name.clone());
        let selected = self
            .options
            .available
            .get(&name)
            .copied()
            .or(self.options.version.map(|v| v.min(HEAD)))
            .unwrap_or(HEAD);
        self.versions.selected.push(selected);
        self.versions.points.push(BTreeSet::from([selected]));
        self.versions.platforms.len() - 1
    }

    fn record(&mut self, key: Span, a: Availability) {
        let points = &mut self.versions.points[a.platform];
        for v in [Some(a.added), Some(a.removed), a.deprecated]
            .into_iter()
            .flatten()
        {
            if (1..=HEAD).contains(&v) {
                points.insert(v);
            }
        }
        self.versions.table.insert(key, a);
    }

    /// Compiles an element's `@available` (if any) against its parent and records it.
    fn element(
        &mut self,
        key: Span,
        name: &str,
        attrs: Option<&Attribute>,
        kind: Element,
        parent: &Availability,
        origins: Origins,
    ) -> (Availability, Origins) {
        // Without an attribute, or after a blocking error, the element takes its parent's.
        let inherit_all = |cx: &mut Self| {
            let inherited = Availability {
                ends_explicitly: None,
                renamed: None,
                ..parent.clone()
            };
            cx.record(key, inherited.clone());
            (inherited, origins)
        };
        let Some(a) = attrs else {
            return inherit_all(self);
        };
        let (w, ok) = self.written(a, kind, name);
        if !ok || !self.order(a, &w) {
            return inherit_all(self);
        }
        let (avail, origins) = self.inherit(&w, parent, origins, a.span);
        self.record(key, avail.clone());
        (avail, origins)
    }

    /// Inheritance (§5.5), with `fi-0155` for each argument that contradicts the parent.
    fn inherit(
        &mut self,
        w: &Written,
        parent: &Availability,
        origins: Origins,
        attr_span: Span,
    ) -> (Availability, Origins) {
        let (pa, pr, pd) = (parent.added, parent.removed, parent.deprecated);
        let mut out_origins = origins;
        let conflict = |cx: &mut Self,
                        span: Span,
                        what: &str,
                        value: Version,
                        rel: &str,
                        anc: &str,
                        origin: Option<Span>| {
            let mut d = Diagnostic::error(
                ids::AVAILABILITY_CONFLICTS_WITH_PARENT,
                span,
                format!("{what}={} is {rel} the parent is {anc}", show(value)),
            );
            if let Some(o) = origin {
                d = d.with_note(o, "the parent's availability");
            }
            cx.diags.push(d);
        };
        let added = match w.added {
            Some((a, span)) => {
                if a < pa {
                    conflict(self, span, "added", a, "before", "added", origins.added);
                } else if a >= pr {
                    conflict(self, span, "added", a, "after", "removed", origins.removed);
                }
                out_origins.added = Some(attr_span);
                a.max(pa)
            }
            None => pa,
        };
        let (removed, ends) = match (w.removed, w.replaced) {
            (Some((r, span)), None) | (None, Some((r, span))) => {
                let replaced = w.replaced.is_some();
                let what = if replaced { "replaced" } else { "removed" };
                if r <= pa {
                    conflict(self, span, what, r, "before", "added", origins.added);
                } else if r > pr || (replaced && r == pr) {
                    conflict(self, span, what, r, "after", "removed", origins.removed);
                }
                out_origins.removed = Some(attr_span);
                let kind = if replaced {
                    EndKind::Replaced
                } else {
                    EndKind::Removed
                };
                // §5.8 reports at the old element's `@available`.
                (r.min(pr), Some((kind, attr_span)))
            }
            _ => (pr, None),
        };
        let deprecated = match w.deprecated {
            Some((d, span)) => {
                if d < pa {
                    conflict(
                        self,
                        span,
                        "deprecated",
                        d,
                        "before",
                        "added",
                        origins.added,
                    );
                } else if d >= pr {
                    conflict(
                        self,
                        span,
                        "deprecated",
                        d,
                        "after",
                        "removed",
                        origins.removed,
                    );
                } else if pd.is_some_and(|p| d > p) {
                    conflict(
                        self,
                        span,
                        "deprecated",
                        d,
                        "after",
                        "deprecated",
                        origins.deprecated,
                    );
                }
                out_origins.deprecated = Some(attr_span);
                Some(d)
            }
            None => pd.filter(|p| *p < removed).map(|p| p.max(added)),
        };
        (
            Availability {
                platform: parent.platform,
                added,
                removed,
                deprecated,
                ends_explicitly: ends,
                renamed: w.renamed.as_ref().map(|(s, _)| s.clone()),
            },
            out_origins,
        )
    }

    // ------------------------------------------------------------------ the element tree

    fn decl(&mut self, d: &Decl, lib: &Availability, origins: Origins) {
        let name = d.name();
        let attr = ast::find_attribute(d.attributes(), "available");
        let (avail, origins) = self.element(
            name.span,
            &name.text,
            attr,
            Element::Declaration,
            lib,
            origins,
        );
        match d {
            Decl::Type { ty, .. } => {
                if let LayoutRef::Inline(layout) = &ty.layout {
                    self.layout(layout, &avail, origins);
                }
            }
            Decl::Alias { ty, .. } | Decl::Const { ty, .. } => self.ctor(ty, &avail, origins),
            Decl::Protocol {
                modifiers,
                composes,
                methods,
                ..
            } => {
                self.modifiers(modifiers, &avail, origins);
                for c in composes {
                    let attr = ast::find_attribute(&c.attributes, "available");
                    self.element(
                        c.protocol.span,
                        &c.protocol.dotted(),
                        attr,
                        Element::Declaration,
                        &avail,
                        origins,
                    );
                }
                for m in methods {
                    let attr = ast::find_attribute(&m.attributes, "available");
                    let (ma, mo) = self.element(
                        m.name.span,
                        &m.name.text,
                        attr,
                        Element::Member,
                        &avail,
                        origins,
                    );
                    self.modifiers(&m.modifiers, &ma, mo);
                    for t in m
                        .request
                        .iter()
                        .chain(m.response.iter().flatten())
                        .chain(&m.error)
                    {
                        self.ctor(t, &ma, mo);
                    }
                }
            }
            Decl::Service { members, .. }
            | Decl::Resource {
                properties: members,
                ..
            } => {
                for m in members {
                    let attr = ast::find_attribute(&m.attributes, "available");
                    self.element(
                        m.name.span,
                        &m.name.text,
                        attr,
                        Element::Member,
                        &avail,
                        origins,
                    );
                }
            }
        }
    }

    fn modifiers(&mut self, modifiers: &[ast::Modifier], parent: &Availability, origins: Origins) {
        for m in modifiers {
            self.element(
                m.name.span,
                &m.name.text,
                m.availability.as_ref(),
                Element::Modifier,
                parent,
                origins,
            );
        }
    }

    fn layout(&mut self, layout: &ast::Layout, parent: &Availability, origins: Origins) {
        self.modifiers(&layout.modifiers, parent, origins);
        for m in &layout.members {
            let attr = ast::find_attribute(&m.attributes, "available");
            let (ma, mo) = self.element(
                m.name.span,
                &m.name.text,
                attr,
                Element::Member,
                parent,
                origins,
            );
            if let Some(t) = &m.ty {
                self.ctor(t, &ma, mo);
            }
        }
    }

    /// Inline layouts inside a type constructor take the availability of what contains them.
    fn ctor(&mut self, t: &ast::TypeCtor, parent: &Availability, origins: Origins) {
        if let LayoutRef::Inline(layout) = &t.layout {
            self.layout(layout, parent, origins);
        }
        for p in &t.params {
            self.ctor(p, parent, origins);
        }
    }
}

/// The platform → selected version map, for reports.
pub fn selection(versions: &Versions) -> BTreeMap<String, String> {
    versions
        .platforms
        .iter()
        .zip(&versions.selected)
        .map(|(p, v)| (p.clone(), show(*v)))
        .collect()
}
