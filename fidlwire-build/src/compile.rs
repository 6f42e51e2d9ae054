//! Resolution and checking: from parsed files to the [`Ir`].
//!
//! Steps: parse every file; group files into libraries; order libraries by `using`; declare
//! every name (hoisting inline layouts under their generated names); resolve declarations on
//! demand (so order in the source never matters and alias/constant cycles are caught);
//! compute shapes; check protocols.

use crate::ast::{self, Attributes, Compound, Constant, LayoutKind, LayoutRef, Literal, TypeCtor};
use crate::diagnostic::{Diagnostic, Errors, SourceMap, Span};
use crate::ir::*;
use crate::names::{canonical, upper_camel};
use crate::parser::{parse, parse_int};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Options of a compilation.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Target version for `@available` (`None` = HEAD: everything not removed).
    pub version: Option<u64>,
}

/// The built-in `zx` library (a subset of Zircon's, enough for handles and common aliases).
pub const ZX_SOURCE: &str = include_str!("zx.fidl");
/// The built-in `fidl` library (framework error of flexible methods).
pub const FIDL_SOURCE: &str = "library fidl;\n\n/// The framework error of flexible two-way methods.\ntype FrameworkErr = strict enum : int32 {\n    UNKNOWN_METHOD = -2;\n};\n";

/// Compiles all files in `sources` (several libraries, any order).
pub fn compile(sources: &SourceMap, options: &Options) -> Result<Ir, Errors> {
    let mut sources = sources.clone();
    let mut diags = Vec::new();
    let mut files = Vec::new();
    for i in 0..sources.files.len() {
        match parse(i, &sources.files[i].text) {
            Ok(f) => files.push((i, f)),
            Err(d) => diags.push(d),
        }
    }
    if !diags.is_empty() {
        return Err(Errors::new(diags, &sources));
    }
    // Built-in libraries, when used and not supplied.
    for (lib, text, file_name) in [
        ("zx", ZX_SOURCE, "<builtin>/zx.fidl"),
        ("fidl", FIDL_SOURCE, "<builtin>/fidl.fidl"),
    ] {
        let defined = files.iter().any(|(_, f)| f.library.dotted() == lib);
        let needed = lib == "fidl"
            || files
                .iter()
                .any(|(_, f)| f.usings.iter().any(|u| u.library.dotted() == lib));
        if needed && !defined {
            let id = sources.add(file_name, text);
            let f = parse(id, text).map_err(|d| Errors::new(vec![d], &sources))?;
            files.push((id, f));
        }
    }
    let mut c = Compiler::new(options.clone());
    c.run(files);
    if c.diags.is_empty() {
        c.ir.sources = sources;
        Ok(c.ir)
    } else {
        Err(Errors::new(c.diags, &sources))
    }
}

/// What a pending declaration will become.
#[derive(Debug, Clone)]
enum Pending {
    Layout(ast::Layout),
    Alias(TypeCtor),
    Const(TypeCtor, Constant),
    Protocol {
        modifiers: Vec<ast::Name>,
        composes: Vec<ast::Compose>,
        methods: Vec<ast::Method>,
    },
    Service(Vec<ast::Member>),
    Resource(TypeCtor, Vec<ast::Member>),
    /// The result union of a method: success type, error type, flexible.
    Result {
        success: TypeCtor,
        error: Option<TypeCtor>,
        flexible: bool,
    },
    /// `type X = SomeOtherType;` (a new name for an existing layout).
    NewType(TypeCtor),
    Done,
}

impl Pending {
    /// The kind of declaration this will resolve to.
    fn kind(&self) -> Kind {
        match self {
            Pending::Layout(l) => layout_kind(l.kind),
            Pending::Alias(_) | Pending::NewType(_) => Kind::Alias,
            Pending::Const(..) => Kind::Const,
            Pending::Protocol { .. } => Kind::Protocol,
            Pending::Service(_) => Kind::Service,
            Pending::Resource(..) => Kind::Resource,
            Pending::Result { .. } => Kind::Union,
            Pending::Done => Kind::Alias,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Struct,
    Table,
    Union,
    Enum,
    Bits,
    Const,
    Alias,
    Protocol,
    Service,
    Resource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Todo,
    Active,
    Done,
}

struct Scope {
    names: HashMap<String, DeclId>,
    canonical: HashMap<String, (String, Span)>,
    /// Import name (full dotted or alias) → library index.
    imports: HashMap<String, usize>,
    used_imports: HashSet<usize>,
    using_spans: Vec<(usize, Span, String)>,
}

struct Compiler {
    options: Options,
    diags: Vec<Diagnostic>,
    ir: Ir,
    scopes: Vec<Scope>,
    pending: Vec<Pending>,
    kinds: Vec<Kind>,
    state: Vec<State>,
    /// Inline layouts: (file, start offset) of the layout → its hoisted declaration.
    inline: HashMap<(usize, usize), DeclId>,
    /// Per-decl shape computation state for recursion detection.
    shape_state: Vec<State>,
    /// Current depth of nested resolution / layout computation (bounded by
    /// [`MAX_DECL_DEPTH`] so hostile chains cannot exhaust the stack).
    depth: usize,
    depth_reported: bool,
}

/// Deepest chain of declarations that refer to each other (aliases, constants, inline
/// structs) the compiler follows before reporting an error.
pub const MAX_DECL_DEPTH: usize = 256;

/// What a name refers to.
#[derive(Debug, Clone)]
enum Target {
    Builtin(&'static str),
    Decl(DeclId),
    Member(DeclId, String),
}

const BUILTINS: &[&str] = &[
    "bool",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "float32",
    "float64",
    "byte",
    "string",
    "vector",
    "array",
    "box",
    "client_end",
    "server_end",
    "bytes",
];

fn decl_attrs(d: &ast::Decl) -> &Attributes {
    d.attributes()
}

impl Compiler {
    fn new(options: Options) -> Self {
        Compiler {
            options,
            diags: Vec::new(),
            ir: Ir {
                libraries: Vec::new(),
                decls: Vec::new(),
                sources: SourceMap::default(),
            },
            scopes: Vec::new(),
            pending: Vec::new(),
            kinds: Vec::new(),
            state: Vec::new(),
            inline: HashMap::new(),
            shape_state: Vec::new(),
            depth: 0,
            depth_reported: false,
        }
    }

    fn err(&mut self, span: Span, msg: impl Into<String>) {
        self.diags.push(Diagnostic::new(span, msg));
    }

    // ------------------------------------------------------------------ availability

    /// Whether an element with these attributes exists at the target version; also checks the
    /// attribute's arguments.
    fn available(&mut self, attrs: &Attributes) -> bool {
        let Some(a) = ast::find_attribute(attrs, "available") else {
            return true;
        };
        let mut added = None;
        let mut removed = None;
        let mut ok = true;
        for arg in &a.args {
            let Some(name) = &arg.name else {
                self.err(a.span, "@available takes named arguments (added, removed, deprecated, replaced, platform, note)");
                return true;
            };
            let num = match &arg.value {
                Constant::Literal(Literal::Int(s), _) => {
                    parse_int(s).and_then(|v| u64::try_from(v).ok())
                }
                Constant::Ident(c) if c.dotted() == "HEAD" => Some(u64::MAX - 1),
                Constant::Ident(c) if c.dotted() == "NEXT" => Some(u64::MAX - 2),
                _ => None,
            };
            match name.text.as_str() {
                "added" => added = num,
                "removed" | "replaced" => removed = num,
                "deprecated" | "platform" | "note" | "renamed" | "legacy" => {}
                other => {
                    self.err(name.span, format!("unknown @available argument `{other}`"));
                    ok = false;
                }
            }
            if matches!(
                name.text.as_str(),
                "added" | "removed" | "replaced" | "deprecated"
            ) && num.is_none()
            {
                self.err(
                    arg.value.span(),
                    format!(
                        "@available({}=...) needs a version number, HEAD or NEXT",
                        name.text
                    ),
                );
                ok = false;
            }
        }
        if let (Some(a2), Some(r)) = (added, removed) {
            if a2 >= r {
                self.err(
                    a.span,
                    format!("invalid @available range: added={a2} is not before removed={r}"),
                );
                return ok;
            }
        }
        let target = self.options.version.unwrap_or(u64::MAX - 1);
        added.is_none_or(|v| v <= target) && removed.is_none_or(|v| target < v)
    }

    // ------------------------------------------------------------------ driver

    fn run(&mut self, files: Vec<(usize, ast::File)>) {
        // Group by library, keeping first-seen order.
        let mut order: Vec<String> = Vec::new();
        let mut by_lib: BTreeMap<String, Vec<(usize, ast::File)>> = BTreeMap::new();
        for (id, f) in files {
            let name = f.library.dotted();
            if !by_lib.contains_key(&name) {
                order.push(name.clone());
            }
            by_lib.entry(name).or_default().push((id, f));
        }
        // Dependency order (and cycle detection).
        let mut sorted = Vec::new();
        let mut mark: HashMap<String, State> = HashMap::new();
        for name in &order {
            self.visit_library(name, &by_lib, &mut mark, &mut sorted, None);
        }
        for name in &sorted {
            let files = &by_lib[name];
            let index = self.ir.libraries.len();
            let deps: Vec<String> = files
                .iter()
                .flat_map(|(_, f)| f.usings.iter().map(|u| u.library.dotted()))
                .collect();
            self.ir.libraries.push(Library {
                name: name.clone(),
                decls: Vec::new(),
                dependencies: deps,
                builtin: files.iter().all(|(id, _)| self.is_builtin_file(*id, name)),
            });
            let mut scope = Scope {
                names: HashMap::new(),
                canonical: HashMap::new(),
                imports: HashMap::new(),
                used_imports: HashSet::new(),
                using_spans: Vec::new(),
            };
            for (_, f) in files {
                let mut in_file = HashSet::new();
                for u in &f.usings {
                    let dotted = u.library.dotted();
                    let Some(lib) = self.ir.libraries.iter().position(|l| l.name == dotted) else {
                        // Unknown library: reported by visit_library.
                        continue;
                    };
                    if dotted == *name {
                        self.err(u.library.span, "a library cannot import itself");
                        continue;
                    }
                    if !in_file.insert(lib) {
                        self.err(u.library.span, format!("library `{dotted}` imported twice"));
                        continue;
                    }
                    let key = u.alias.as_ref().map_or(dotted.clone(), |a| a.text.clone());
                    scope.imports.insert(key, lib);
                    if !scope.using_spans.iter().any(|(l, _, _)| *l == lib) {
                        scope.using_spans.push((lib, u.library.span, dotted));
                    }
                }
            }
            self.scopes.push(scope);
            for (_, f) in files {
                for d in &f.decls {
                    self.declare(index, d);
                }
            }
        }
        // Resolve everything.
        for id in 0..self.ir.decls.len() {
            self.resolve(id);
        }
        // Struct offsets and inline layouts, then aggregate shapes.
        for id in 0..self.ir.decls.len() {
            self.compute_shape(id);
        }
        self.aggregate_shapes();
        self.check_resourceness();
        for lib in 0..self.scopes.len() {
            let unused: Vec<(Span, String)> = self.scopes[lib]
                .using_spans
                .iter()
                .filter(|(l, _, _)| !self.scopes[lib].used_imports.contains(l))
                .map(|(_, s, n)| (*s, n.clone()))
                .collect();
            for (span, n) in unused {
                if !self.ir.libraries[lib].builtin {
                    self.err(span, format!("library `{n}` is imported but not used"));
                }
            }
        }
    }

    fn is_builtin_file(&self, _file: usize, lib: &str) -> bool {
        // Built-in sources are appended after the user's files; their names start with `<builtin>`.
        lib == "zx" || lib == "fidl"
    }

    fn visit_library(
        &mut self,
        name: &str,
        libs: &BTreeMap<String, Vec<(usize, ast::File)>>,
        mark: &mut HashMap<String, State>,
        out: &mut Vec<String>,
        from: Option<Span>,
    ) {
        match mark.get(name) {
            Some(State::Done) => return,
            Some(State::Active) => {
                if let Some(span) = from {
                    self.err(span, format!("library import cycle through `{name}`"));
                }
                return;
            }
            _ => {}
        }
        mark.insert(name.to_string(), State::Active);
        let usings: Vec<(String, Span)> = libs[name]
            .iter()
            .flat_map(|(_, f)| {
                f.usings
                    .iter()
                    .map(|u| (u.library.dotted(), u.library.span))
            })
            .collect();
        for (dep, span) in usings {
            if dep == name {
                continue; // reported as a self-import
            }
            if libs.contains_key(&dep) {
                self.visit_library(&dep, libs, mark, out, Some(span));
            } else {
                self.err(
                    span,
                    format!("unknown library `{dep}` (no file declares it)"),
                );
            }
        }
        mark.insert(name.to_string(), State::Done);
        out.push(name.to_string());
    }

    // ------------------------------------------------------------------ declaring

    fn add_decl(
        &mut self,
        lib: usize,
        name: &str,
        span: Span,
        attributes: Attributes,
        anonymous: bool,
        pending: Pending,
    ) -> DeclId {
        let kind = pending.kind();
        let id = self.ir.decls.len();
        self.ir.decls.push(Decl {
            name: name.to_string(),
            library: lib,
            span,
            attributes,
            anonymous,
            kind: DeclKind::Unresolved,
        });
        self.pending.push(pending);
        self.kinds.push(kind);
        self.state.push(State::Todo);
        self.shape_state.push(State::Todo);
        self.ir.libraries[lib].decls.push(id);
        let canon = canonical(name);
        let scope = &mut self.scopes[lib];
        if let Some((other, _)) = scope.canonical.get(&canon) {
            let msg = if other == name {
                format!("`{name}` is declared twice")
            } else {
                format!(
                    "`{name}` collides with `{other}` (names are compared case-insensitively, ignoring underscores)"
                )
            };
            self.err(span, msg);
        } else {
            scope.canonical.insert(canon, (name.to_string(), span));
            scope.names.insert(name.to_string(), id);
        }
        id
    }

    fn declare(&mut self, lib: usize, d: &ast::Decl) {
        if !self.available(decl_attrs(d)) {
            return;
        }
        let name = d.name().clone();
        let attrs = d.attributes().clone();
        match d {
            ast::Decl::Const { ty, value, .. } => {
                self.add_decl(
                    lib,
                    &name.text,
                    name.span,
                    attrs,
                    false,
                    Pending::Const(ty.clone(), value.clone()),
                );
            }
            ast::Decl::Alias { ty, .. } => {
                self.add_decl(
                    lib,
                    &name.text,
                    name.span,
                    attrs,
                    false,
                    Pending::Alias(ty.clone()),
                );
            }
            ast::Decl::Type { ty, .. } => match &ty.layout {
                LayoutRef::Inline(layout) => {
                    if !ty.constraints.is_empty() || !ty.params.is_empty() {
                        self.err(ty.span, "a layout declaration takes no constraints");
                    }
                    let id = self.add_decl(
                        lib,
                        &name.text,
                        name.span,
                        attrs,
                        false,
                        Pending::Layout((**layout).clone()),
                    );
                    self.inline
                        .insert((layout.span.file, layout.span.start), id);
                    self.hoist_members(lib, layout);
                }
                _ => {
                    self.add_decl(
                        lib,
                        &name.text,
                        name.span,
                        attrs,
                        false,
                        Pending::NewType(ty.clone()),
                    );
                }
            },
            ast::Decl::Protocol {
                modifiers,
                composes,
                methods,
                ..
            } => {
                let methods: Vec<ast::Method> = methods
                    .iter()
                    .filter(|m| self.available(&m.attributes))
                    .cloned()
                    .collect();
                let composes: Vec<ast::Compose> = composes
                    .iter()
                    .filter(|c| self.available(&c.attributes))
                    .cloned()
                    .collect();
                self.add_decl(
                    lib,
                    &name.text,
                    name.span,
                    attrs,
                    false,
                    Pending::Protocol {
                        modifiers: modifiers.clone(),
                        composes,
                        methods: methods.clone(),
                    },
                );
                for m in &methods {
                    self.hoist_method(lib, &name.text, m);
                }
            }
            ast::Decl::Service { members, .. } => {
                self.add_decl(
                    lib,
                    &name.text,
                    name.span,
                    attrs,
                    false,
                    Pending::Service(members.clone()),
                );
            }
            ast::Decl::Resource {
                subtype,
                properties,
                ..
            } => {
                self.add_decl(
                    lib,
                    &name.text,
                    name.span,
                    attrs,
                    false,
                    Pending::Resource(subtype.clone(), properties.clone()),
                );
            }
        }
    }

    /// Declares the inline layouts inside `ctor` (named `name` unless `@generated_name`).
    fn hoist_ctor(&mut self, lib: usize, ctor: &TypeCtor, name: &str) {
        match &ctor.layout {
            LayoutRef::Inline(layout) => {
                let generated = ast::attribute_string(&layout.attributes, "generated_name");
                let final_name = generated.unwrap_or_else(|| name.to_string());
                let id = self.add_decl(
                    lib,
                    &final_name,
                    layout.span,
                    layout.attributes.clone(),
                    true,
                    Pending::Layout((**layout).clone()),
                );
                self.inline
                    .insert((layout.span.file, layout.span.start), id);
                self.hoist_members(lib, layout);
            }
            _ => {
                for p in &ctor.params {
                    self.hoist_ctor(lib, p, name);
                }
            }
        }
    }

    fn hoist_members(&mut self, lib: usize, layout: &ast::Layout) {
        for m in &layout.members {
            if let Some(ty) = &m.ty {
                self.hoist_ctor(lib, ty, &upper_camel(&m.name.text));
            }
        }
    }

    fn hoist_method(&mut self, lib: usize, protocol: &str, m: &ast::Method) {
        let base = format!("{protocol}{}", upper_camel(&m.name.text));
        if let Some(req) = &m.request {
            self.hoist_ctor(lib, req, &format!("{base}Request"));
        }
        let flexible = m.strictness.as_ref().is_none_or(|s| s.text == "flexible");
        if let Some(resp) = &m.response {
            let success_name = format!("{base}Response");
            let success = match resp {
                Some(t) => {
                    self.hoist_ctor(lib, t, &success_name);
                    Some(t.clone())
                }
                None => None,
            };
            if m.error.is_some() || flexible {
                // The success payload of `-> ()` inside a result union is an empty struct.
                let success = success.unwrap_or_else(|| {
                    let layout = ast::Layout {
                        attributes: Vec::new(),
                        modifiers: Vec::new(),
                        kind: LayoutKind::Struct,
                        subtype: None,
                        members: Vec::new(),
                        span: Span {
                            start: m.span.start + 1_000_000_000,
                            ..m.span
                        },
                    };
                    let ctor = TypeCtor {
                        layout: LayoutRef::Inline(Box::new(layout)),
                        params: vec![],
                        constraints: vec![],
                        span: m.span,
                    };
                    self.hoist_ctor(lib, &ctor, &success_name);
                    ctor
                });
                let span = Span {
                    start: m.span.start + 2_000_000_000,
                    ..m.span
                };
                let id = self.add_decl(
                    lib,
                    &format!("{base}Result"),
                    m.span,
                    Vec::new(),
                    true,
                    Pending::Result {
                        success,
                        error: m.error.clone(),
                        flexible,
                    },
                );
                self.inline.insert((span.file, span.start), id);
            }
            if let Some(e) = &m.error {
                self.hoist_ctor(lib, e, &format!("{base}Error"));
            }
        }
    }

    // ------------------------------------------------------------------ lookup

    fn lookup(&mut self, lib: usize, c: &Compound) -> Option<Target> {
        let parts: Vec<&str> = c.parts.iter().map(|p| p.text.as_str()).collect();
        if parts.len() == 1 {
            if let Some(&id) = self.scopes[lib].names.get(parts[0]) {
                return Some(Target::Decl(id));
            }
            if let Some(b) = BUILTINS.iter().find(|b| **b == parts[0]) {
                return Some(Target::Builtin(b));
            }
        }
        // Local `Decl.MEMBER`.
        if parts.len() == 2 {
            if let Some(&id) = self.scopes[lib].names.get(parts[0]) {
                return Some(Target::Member(id, parts[1].to_string()));
            }
        }
        // `library.Decl` or `library.Decl.MEMBER`, longest library prefix first.
        for split in (1..parts.len()).rev() {
            let lib_name = parts[..split].join(".");
            let Some(&other) = self.scopes[lib].imports.get(&lib_name) else {
                continue;
            };
            self.scopes[lib].used_imports.insert(other);
            let rest = &parts[split..];
            let Some(&id) = self.scopes[other].names.get(rest[0]) else {
                self.err(
                    c.span,
                    format!(
                        "`{}` is not declared in library `{}`",
                        rest[0], self.ir.libraries[other].name
                    ),
                );
                return None;
            };
            return match rest.len() {
                1 => Some(Target::Decl(id)),
                2 => Some(Target::Member(id, rest[1].to_string())),
                _ => {
                    self.err(c.span, format!("cannot resolve `{}`", c.dotted()));
                    None
                }
            };
        }
        self.err(
            c.span,
            format!("cannot find `{}` in this scope", c.dotted()),
        );
        None
    }

    // ------------------------------------------------------------------ resolution

    /// Enters one level of declaration nesting; false (with one diagnostic) past the limit.
    fn enter(&mut self, id: DeclId) -> bool {
        if self.depth >= MAX_DECL_DEPTH {
            if !self.depth_reported {
                self.depth_reported = true;
                let span = self.ir.decls[id].span;
                self.err(
                    span,
                    format!(
                        "declarations refer to each other more than {MAX_DECL_DEPTH} levels deep"
                    ),
                );
            }
            return false;
        }
        self.depth += 1;
        true
    }

    /// Runs `step` on `id` once (per `state`), one declaration level deeper, unless the
    /// nesting limit is reached.
    fn guarded(
        &mut self,
        id: DeclId,
        state: fn(&Self) -> &Vec<State>,
        step: fn(&mut Self, DeclId),
    ) {
        if state(self)[id] != State::Todo || !self.enter(id) {
            return;
        }
        step(self, id);
        self.depth -= 1;
    }

    fn resolve(&mut self, id: DeclId) {
        self.guarded(id, |c| &c.state, Self::resolve_entered);
    }

    fn resolve_entered(&mut self, id: DeclId) {
        self.state[id] = State::Active;
        let pending = std::mem::replace(&mut self.pending[id], Pending::Done);
        let lib = self.ir.decls[id].library;
        let kind = match pending {
            Pending::Layout(layout) => self.resolve_layout(lib, id, &layout),
            Pending::Alias(ty) | Pending::NewType(ty) => match self.resolve_ty(lib, &ty) {
                Some(t) => DeclKind::Alias(t),
                None => DeclKind::Alias(Ty::Prim(Prim::Uint8)),
            },
            Pending::Const(ty, value) => self.resolve_const_decl(lib, &ty, &value),
            Pending::Protocol {
                modifiers,
                composes,
                methods,
            } => self.resolve_protocol(lib, id, &modifiers, &composes, &methods),
            Pending::Service(members) => {
                let mut out = Vec::new();
                let mut seen = HashSet::new();
                for m in members {
                    if !seen.insert(canonical(&m.name.text)) {
                        self.err(
                            m.name.span,
                            format!("duplicate service member `{}`", m.name.text),
                        );
                    }
                    match m.ty.as_ref().and_then(|t| self.resolve_ty(lib, t)) {
                        Some(Ty::Endpoint {
                            server: false,
                            protocol,
                            optional: false,
                        }) => out.push((m.name.text.clone(), protocol)),
                        Some(_) => {
                            self.err(m.span, "service members must be `client_end:Protocol`")
                        }
                        None => {}
                    }
                }
                DeclKind::Service(Service { members: out })
            }
            Pending::Resource(subtype, props) => self.resolve_resource(lib, &subtype, &props),
            Pending::Result {
                success,
                error,
                flexible,
                ..
            } => self.resolve_result(lib, id, &success, error.as_ref(), flexible),
            Pending::Done => DeclKind::Unresolved,
        };
        self.ir.decls[id].kind = kind;
        self.state[id] = State::Done;
    }

    fn modifiers(&mut self, layout: &ast::Layout) -> (Option<bool>, bool) {
        let mut strict = None;
        let mut resource = false;
        for m in &layout.modifiers {
            let allowed = matches!(
                (m.text.as_str(), layout.kind),
                (
                    "resource",
                    LayoutKind::Struct
                        | LayoutKind::Table
                        | LayoutKind::Union
                        | LayoutKind::Overlay
                ) | (
                    "strict" | "flexible",
                    LayoutKind::Union | LayoutKind::Enum | LayoutKind::Bits
                ) | ("strict", LayoutKind::Overlay)
            );
            if !allowed {
                self.err(
                    m.span,
                    format!("`{}` is not allowed on {}", m.text, layout.kind.keyword()),
                );
                continue;
            }
            match m.text.as_str() {
                "resource" => resource = true,
                "strict" | "flexible" => {
                    if strict.is_some() {
                        self.err(m.span, "conflicting strictness modifiers");
                    }
                    strict = Some(m.text == "strict");
                }
                _ => {}
            }
        }
        (strict, resource)
    }

    fn resolve_layout(&mut self, lib: usize, id: DeclId, layout: &ast::Layout) -> DeclKind {
        let (strict, resource) = self.modifiers(layout);
        let members: Vec<&ast::Member> = layout
            .members
            .iter()
            .filter(|m| self.available(&m.attributes))
            .collect();
        let mut seen: HashMap<String, Span> = HashMap::new();
        for m in &members {
            if m.reserved {
                continue;
            }
            if seen.insert(canonical(&m.name.text), m.name.span).is_some() {
                self.err(
                    m.name.span,
                    format!(
                        "duplicate member `{}` in {}",
                        m.name.text,
                        layout.kind.keyword()
                    ),
                );
            }
        }
        if layout.subtype.is_some() && !matches!(layout.kind, LayoutKind::Enum | LayoutKind::Bits) {
            self.err(
                layout.span,
                format!("{} does not take an underlying type", layout.kind.keyword()),
            );
        }
        match layout.kind {
            LayoutKind::Struct => {
                let mut out = Vec::new();
                for m in members {
                    let Some(ty) = m.ty.as_ref().and_then(|t| self.resolve_ty(lib, t)) else {
                        continue;
                    };
                    if let Some(v) = &m.value {
                        // Deprecated defaults: checked for type, otherwise ignored.
                        self.eval_const(lib, v, &ty);
                    }
                    out.push(StructMember {
                        name: m.name.text.clone(),
                        ty,
                        offset: 0,
                        attributes: m.attributes.clone(),
                        span: m.span,
                    });
                }
                DeclKind::Struct(Struct {
                    resource,
                    members: out,
                    shape: Shape::default(),
                })
            }
            LayoutKind::Table | LayoutKind::Union | LayoutKind::Overlay => {
                let is_table = layout.kind == LayoutKind::Table;
                let out = self.ordinal_members(lib, &members, is_table);
                if is_table {
                    DeclKind::Table(Table {
                        resource,
                        members: out,
                        shape: Shape::default(),
                    })
                } else {
                    let strict = strict.unwrap_or(layout.kind == LayoutKind::Overlay);
                    if strict && out.iter().all(|m| m.ty.is_none()) {
                        self.err(layout.span, "a strict union must have at least one member");
                    }
                    DeclKind::Union(Union {
                        strict,
                        resource,
                        members: out,
                        shape: Shape::default(),
                        is_result: false,
                    })
                }
            }
            LayoutKind::Enum | LayoutKind::Bits => {
                let subtype = match &layout.subtype {
                    None => Prim::Uint32,
                    Some(t) => match self.resolve_ty(lib, t) {
                        Some(Ty::Prim(p)) if p.is_integer() => p,
                        Some(_) => {
                            self.err(
                                t.span,
                                format!(
                                    "{} underlying type must be an integer type",
                                    layout.kind.keyword()
                                ),
                            );
                            Prim::Uint32
                        }
                        None => Prim::Uint32,
                    },
                };
                let strict = strict.unwrap_or(false);
                let is_bits = layout.kind == LayoutKind::Bits;
                if is_bits && !subtype.is_unsigned() {
                    self.err(
                        layout.subtype.as_ref().map_or(layout.span, |t| t.span),
                        format!(
                            "bits must have an unsigned integer underlying type, not `{}`",
                            subtype.fidl()
                        ),
                    );
                }
                let mut values = Vec::new();
                let mut by_value: HashMap<i128, String> = HashMap::new();
                let mut unknown_count = 0;
                for m in members {
                    let Some(vc) = &m.value else { continue };
                    let Some(Value::Int(v)) = self.eval_const(lib, vc, &Ty::Prim(subtype)) else {
                        continue;
                    };
                    if let Some(other) = by_value.insert(v, m.name.text.clone()) {
                        self.err(
                            vc.span(),
                            format!("value {v} of `{}` duplicates member `{other}`", m.name.text),
                        );
                    }
                    if is_bits && (v <= 0 || v & (v - 1) != 0) {
                        self.err(
                            vc.span(),
                            format!(
                                "bits member `{}` must be a power of two, not {v}",
                                m.name.text
                            ),
                        );
                    }
                    if ast::find_attribute(&m.attributes, "unknown").is_some() {
                        unknown_count += 1;
                        if is_bits {
                            self.err(m.name.span, "@unknown is only allowed on enum members");
                        } else if strict {
                            self.err(m.name.span, "@unknown is only allowed on flexible enums");
                        }
                    }
                    values.push(ValueMember {
                        name: m.name.text.clone(),
                        value: v,
                        attributes: m.attributes.clone(),
                    });
                }
                if unknown_count > 1 {
                    self.err(layout.span, "only one member may be marked @unknown");
                }
                if strict && values.is_empty() {
                    self.err(
                        layout.span,
                        format!(
                            "a strict {} must have at least one member",
                            layout.kind.keyword()
                        ),
                    );
                }
                let _ = id;
                if is_bits {
                    let mask = values.iter().fold(0u64, |m, v| m | v.value as u64);
                    DeclKind::Bits(Bits {
                        strict,
                        subtype,
                        members: values,
                        mask,
                    })
                } else {
                    DeclKind::Enum(Enum {
                        strict,
                        subtype,
                        members: values,
                    })
                }
            }
        }
    }

    fn ordinal_members(
        &mut self,
        lib: usize,
        members: &[&ast::Member],
        is_table: bool,
    ) -> Vec<OrdinalMember> {
        let mut out: Vec<OrdinalMember> = Vec::new();
        let mut seen: HashMap<u64, Span> = HashMap::new();
        for m in members {
            let Some((ord, ospan)) = m.ordinal else {
                continue;
            };
            if ord == 0 {
                self.err(ospan, "ordinals start at 1");
                continue;
            }
            if seen.insert(ord, ospan).is_some() {
                self.err(ospan, format!("duplicate ordinal {ord}"));
                continue;
            }
            if is_table && ord > 64 {
                self.err(
                    ospan,
                    format!("table ordinal {ord} exceeds the maximum of 64"),
                );
            }
            let ty = if m.reserved {
                None
            } else {
                m.ty.as_ref().and_then(|t| self.resolve_ty(lib, t))
            };
            if let Some(t) = &ty {
                if is_table
                    && ord == 64
                    && !matches!(t, Ty::Decl { id, .. } if self.kinds[*id] == Kind::Table)
                {
                    self.err(ospan, "table ordinal 64 is reserved for a table extension: its member must be a table");
                }
                if is_table
                    && matches!(
                        t,
                        Ty::Decl { optional: true, .. }
                            | Ty::String { optional: true, .. }
                            | Ty::Vector { optional: true, .. }
                            | Ty::Handle { optional: true, .. }
                            | Ty::Endpoint { optional: true, .. }
                    )
                {
                    self.err(m.span, "table members cannot be optional");
                }
                if !is_table
                    && matches!(
                        t,
                        Ty::Decl { optional: true, .. }
                            | Ty::String { optional: true, .. }
                            | Ty::Vector { optional: true, .. }
                            | Ty::Handle { optional: true, .. }
                            | Ty::Endpoint { optional: true, .. }
                    )
                {
                    self.err(m.span, "union members cannot be optional");
                }
            } else if !m.reserved {
                continue;
            }
            out.push(OrdinalMember {
                ordinal: ord,
                name: m.name.text.clone(),
                ty,
                attributes: m.attributes.clone(),
                span: m.span,
            });
        }
        out.sort_by_key(|m| m.ordinal);
        out
    }

    fn resolve_result(
        &mut self,
        lib: usize,
        id: DeclId,
        success: &TypeCtor,
        error: Option<&TypeCtor>,
        flexible: bool,
    ) -> DeclKind {
        let mut members = Vec::new();
        let span = self.ir.decls[id].span;
        if let Some(t) = self.resolve_ty(lib, success) {
            self.check_payload(&t, success.span);
            members.push(OrdinalMember {
                ordinal: 1,
                name: "response".into(),
                ty: Some(t),
                attributes: Vec::new(),
                span,
            });
        }
        if let Some(e) = error {
            if let Some(t) = self.resolve_ty(lib, e) {
                let ok = match &t {
                    Ty::Prim(Prim::Int32 | Prim::Uint32) => true,
                    Ty::Decl {
                        id,
                        optional: false,
                    } if self.kinds[*id] == Kind::Enum => {
                        self.resolve(*id);
                        matches!(&self.ir.decls[*id].kind, DeclKind::Enum(en) if matches!(en.subtype, Prim::Int32 | Prim::Uint32))
                    }
                    _ => false,
                };
                if !ok {
                    self.err(
                        e.span,
                        "the error type must be int32, uint32, or an enum of one of those",
                    );
                }
                members.push(OrdinalMember {
                    ordinal: 2,
                    name: "err".into(),
                    ty: Some(t),
                    attributes: Vec::new(),
                    span,
                });
            }
        } else {
            members.push(OrdinalMember {
                ordinal: 2,
                name: "err".into(),
                ty: None,
                attributes: Vec::new(),
                span,
            });
        }
        if flexible {
            let fidl = self
                .ir
                .libraries
                .iter()
                .position(|l| l.name == "fidl")
                .and_then(|l| self.scopes[l].names.get("FrameworkErr").copied());
            if let Some(fe) = fidl {
                members.push(OrdinalMember {
                    ordinal: 3,
                    name: "framework_err".into(),
                    ty: Some(Ty::Decl {
                        id: fe,
                        optional: false,
                    }),
                    attributes: Vec::new(),
                    span,
                });
            }
        }
        let resource = members
            .iter()
            .filter_map(|m| m.ty.as_ref())
            .any(|t| self.ty_is_resource(t));
        DeclKind::Union(Union {
            strict: true,
            resource,
            members,
            shape: Shape::default(),
            is_result: true,
        })
    }

    fn check_payload(&mut self, t: &Ty, span: Span) {
        match t {
            Ty::Decl {
                id,
                optional: false,
            } if matches!(self.kinds[*id], Kind::Struct | Kind::Table | Kind::Union) => {}
            _ => self.err(span, "a method payload must be a struct, table or union"),
        }
    }

    fn resolve_resource(
        &mut self,
        lib: usize,
        subtype: &TypeCtor,
        props: &[ast::Member],
    ) -> DeclKind {
        let sub = match self.resolve_ty(lib, subtype) {
            Some(Ty::Prim(Prim::Uint32)) => Prim::Uint32,
            Some(_) => {
                self.err(
                    subtype.span,
                    "a resource_definition's underlying type must be uint32",
                );
                Prim::Uint32
            }
            None => Prim::Uint32,
        };
        let mut subtype_enum = None;
        let mut rights_bits = None;
        for p in props {
            let ty = p.ty.as_ref().and_then(|t| self.resolve_ty(lib, t));
            match (p.name.text.as_str(), ty) {
                ("subtype", Some(Ty::Decl { id, .. })) if self.kinds[id] == Kind::Enum => {
                    subtype_enum = Some(id)
                }
                ("rights", Some(Ty::Decl { id, .. })) if self.kinds[id] == Kind::Bits => {
                    rights_bits = Some(id)
                }
                ("rights", Some(Ty::Prim(Prim::Uint32))) => {}
                ("subtype" | "rights", Some(_)) => self.err(
                    p.span,
                    format!("resource property `{}` has the wrong type", p.name.text),
                ),
                (_, Some(_)) => self.err(
                    p.name.span,
                    format!("unknown resource property `{}`", p.name.text),
                ),
                (_, None) => {}
            }
        }
        if subtype_enum.is_none() {
            self.err(
                subtype.span,
                "a resource_definition needs a `subtype` property of an enum type",
            );
        }
        DeclKind::Resource(Resource {
            subtype: sub,
            subtype_enum,
            rights_bits,
        })
    }

    fn resolve_const_decl(&mut self, lib: usize, ty: &TypeCtor, value: &Constant) -> DeclKind {
        let Some(t) = self.resolve_ty(lib, ty) else {
            return DeclKind::Const(Const {
                ty: Ty::Prim(Prim::Uint8),
                value: Value::Int(0),
            });
        };
        let ok = match &t {
            Ty::Prim(_)
            | Ty::String {
                optional: false, ..
            } => true,
            Ty::Decl {
                id,
                optional: false,
            } => matches!(self.kinds[*id], Kind::Enum | Kind::Bits),
            _ => false,
        };
        if !ok {
            self.err(
                ty.span,
                "constants must be of a primitive, string, enum or bits type",
            );
            return DeclKind::Const(Const {
                ty: t,
                value: Value::Int(0),
            });
        }
        let v = self.eval_const(lib, value, &t).unwrap_or(Value::Int(0));
        DeclKind::Const(Const { ty: t, value: v })
    }

    // ------------------------------------------------------------------ constants

    fn eval_const(&mut self, lib: usize, c: &Constant, expected: &Ty) -> Option<Value> {
        match c {
            Constant::Literal(lit, span) => self.eval_literal(lit, *span, expected),
            Constant::Or(a, b, span) => {
                let ok = match expected {
                    Ty::Prim(p) => p.is_unsigned(),
                    Ty::Decl { id, .. } => self.kinds[*id] == Kind::Bits,
                    _ => false,
                };
                if !ok {
                    self.err(
                        *span,
                        "`|` is only allowed on bits and unsigned integer constants",
                    );
                    return None;
                }
                let (Some(Value::Int(x)), Some(Value::Int(y))) = (
                    self.eval_const(lib, a, expected),
                    self.eval_const(lib, b, expected),
                ) else {
                    return None;
                };
                Some(Value::Int(x | y))
            }
            Constant::Ident(name) => {
                let target = self.lookup(lib, name)?;
                match target {
                    Target::Decl(id) if self.kinds[id] == Kind::Const => {
                        if self.state[id] == State::Active {
                            self.err(
                                name.span,
                                format!("constant `{}` refers to itself", name.dotted()),
                            );
                            return None;
                        }
                        self.resolve(id);
                        let DeclKind::Const(k) = &self.ir.decls[id].kind else {
                            return None;
                        };
                        let (kt, kv) = (k.ty.clone(), k.value.clone());
                        self.check_const_compat(&kt, &kv, expected, name.span)
                    }
                    Target::Member(id, member)
                        if matches!(self.kinds[id], Kind::Enum | Kind::Bits) =>
                    {
                        self.resolve(id);
                        let (value, kind_ty) = match &self.ir.decls[id].kind {
                            DeclKind::Enum(e) => (
                                e.members.iter().find(|m| m.name == member).map(|m| m.value),
                                Ty::Decl {
                                    id,
                                    optional: false,
                                },
                            ),
                            DeclKind::Bits(b) => (
                                b.members.iter().find(|m| m.name == member).map(|m| m.value),
                                Ty::Decl {
                                    id,
                                    optional: false,
                                },
                            ),
                            _ => (None, Ty::Prim(Prim::Uint8)),
                        };
                        let Some(v) = value else {
                            self.err(
                                name.span,
                                format!("`{}` has no member `{member}`", self.ir.decls[id].name),
                            );
                            return None;
                        };
                        self.check_const_compat(&kind_ty, &Value::Int(v), expected, name.span)
                    }
                    _ => {
                        self.err(name.span, format!("`{}` is not a constant", name.dotted()));
                        None
                    }
                }
            }
        }
    }

    fn check_const_compat(
        &mut self,
        from: &Ty,
        v: &Value,
        expected: &Ty,
        span: Span,
    ) -> Option<Value> {
        let same = from == expected;
        let compatible = same
            || match (from, expected, v) {
                // Numeric constants convert when the value fits.
                (Ty::Prim(_), Ty::Prim(_), _) => true,
                (Ty::String { .. }, Ty::String { .. }, _) => true,
                // Bits/enum values may initialize their underlying type.
                (Ty::Decl { id, .. }, Ty::Prim(p), _)
                    if matches!(self.kinds[*id], Kind::Enum | Kind::Bits) =>
                {
                    p.is_integer()
                }
                _ => false,
            };
        if !compatible {
            self.err(
                span,
                format!(
                    "constant of type {} cannot be used as {}",
                    self.describe_ty(from),
                    self.describe_ty(expected)
                ),
            );
            return None;
        }
        self.fit(v.clone(), expected, span)
    }

    fn eval_literal(&mut self, lit: &Literal, span: Span, expected: &Ty) -> Option<Value> {
        match (lit, expected) {
            (Literal::Int(s), _) => {
                let Some(v) = parse_int(s) else {
                    self.err(span, format!("invalid integer literal `{s}`"));
                    return None;
                };
                if let Ty::Prim(Prim::Float32 | Prim::Float64) = expected {
                    return Some(Value::Float(v as f64));
                }
                self.fit(Value::Int(v), expected, span)
            }
            (Literal::Float(s), Ty::Prim(Prim::Float32 | Prim::Float64)) => {
                match s.replace('_', "").parse::<f64>() {
                    Ok(f) => Some(Value::Float(f)),
                    Err(_) => {
                        self.err(span, format!("invalid float literal `{s}`"));
                        None
                    }
                }
            }
            (Literal::Str(s), Ty::String { max, .. }) => {
                if max.is_some_and(|m| s.len() as u64 > m as u64) {
                    self.err(
                        span,
                        format!(
                            "string constant of {} bytes exceeds the bound {}",
                            s.len(),
                            max.unwrap_or(0)
                        ),
                    );
                    return None;
                }
                Some(Value::Str(s.clone()))
            }
            (Literal::Bool(b), Ty::Prim(Prim::Bool)) => Some(Value::Bool(*b)),
            _ => {
                self.err(
                    span,
                    format!("literal cannot be used as {}", self.describe_ty(expected)),
                );
                None
            }
        }
    }

    /// Checks that an integer value fits `ty`.
    fn fit(&mut self, v: Value, ty: &Ty, span: Span) -> Option<Value> {
        let Value::Int(i) = v else { return Some(v) };
        let prim = match ty {
            Ty::Prim(p) => Some(*p),
            Ty::Decl { id, .. } => {
                self.resolve(*id);
                match &self.ir.decls[*id].kind {
                    DeclKind::Enum(e) => Some(e.subtype),
                    DeclKind::Bits(b) => Some(b.subtype),
                    _ => None,
                }
            }
            _ => None,
        };
        match prim {
            Some(Prim::Bool) => {
                self.err(span, "an integer cannot be used as bool");
                None
            }
            Some(p) if p.is_integer() => {
                let (lo, hi) = p.range();
                if i < lo || i > hi {
                    self.err(span, format!("{i} does not fit in {}", p.fidl()));
                    return None;
                }
                Some(Value::Int(i))
            }
            Some(_) => Some(Value::Float(i as f64)),
            None => {
                self.err(
                    span,
                    format!("an integer cannot be used as {}", self.describe_ty(ty)),
                );
                None
            }
        }
    }

    fn describe_ty(&self, t: &Ty) -> String {
        match t {
            Ty::Prim(p) => p.fidl().to_string(),
            Ty::String { .. } => "string".into(),
            Ty::Vector { .. } => "vector".into(),
            Ty::Array { .. } => "array".into(),
            Ty::Handle { .. } => "handle".into(),
            Ty::Endpoint { .. } => "endpoint".into(),
            Ty::Decl { id, .. } => format!("`{}`", self.ir.decls[*id].name),
        }
    }

    // ------------------------------------------------------------------ types

    fn resolve_ty(&mut self, lib: usize, ctor: &TypeCtor) -> Option<Ty> {
        let target = match &ctor.layout {
            LayoutRef::Literal(_) => {
                self.err(ctor.span, "expected a type, found a literal");
                return None;
            }
            LayoutRef::Inline(layout) => {
                let Some(&id) = self.inline.get(&(layout.span.file, layout.span.start)) else {
                    self.err(
                        layout.span,
                        "inline layouts are only allowed in member and payload positions",
                    );
                    return None;
                };
                Target::Decl(id)
            }
            LayoutRef::Named(c) => self.lookup(lib, c)?,
        };
        let mut cons = Constraints::new(&ctor.constraints);
        let ty = match target {
            Target::Builtin(b) => self.resolve_builtin(lib, b, ctor, &mut cons)?,
            Target::Member(..) => {
                self.err(ctor.span, "expected a type, found a member");
                return None;
            }
            Target::Decl(id) => {
                if !ctor.params.is_empty() {
                    self.err(
                        ctor.span,
                        format!("`{}` takes no parameters", self.ir.decls[id].name),
                    );
                }
                match self.kinds[id] {
                    Kind::Alias => {
                        if self.state[id] == State::Active {
                            self.err(
                                ctor.span,
                                format!("alias `{}` refers to itself", self.ir.decls[id].name),
                            );
                            return None;
                        }
                        self.resolve(id);
                        let DeclKind::Alias(t) = self.ir.decls[id].kind.clone() else {
                            return None;
                        };
                        self.constrain_alias(lib, t, &mut cons, ctor.span)?
                    }
                    Kind::Struct => {
                        if let Some(span) = cons.take_optional() {
                            self.err(
                                span,
                                format!(
                                    "structs cannot be optional; use `box<{}>`",
                                    self.ir.decls[id].name
                                ),
                            );
                        }
                        Ty::Decl {
                            id,
                            optional: false,
                        }
                    }
                    Kind::Union => Ty::Decl {
                        id,
                        optional: cons.take_optional().is_some(),
                    },
                    Kind::Table | Kind::Enum | Kind::Bits => {
                        if let Some(span) = cons.take_optional() {
                            self.err(
                                span,
                                format!("`{}` cannot be optional", self.ir.decls[id].name),
                            );
                        }
                        Ty::Decl {
                            id,
                            optional: false,
                        }
                    }
                    Kind::Resource => self.resolve_handle(lib, id, &mut cons)?,
                    Kind::Protocol => {
                        self.err(ctor.span, format!("protocol `{}` is not a type; use `client_end:{0}` or `server_end:{0}`", self.ir.decls[id].name));
                        return None;
                    }
                    Kind::Const | Kind::Service => {
                        self.err(
                            ctor.span,
                            format!("`{}` is not a type", self.ir.decls[id].name),
                        );
                        return None;
                    }
                }
            }
        };
        if let Some(extra) = cons.rest() {
            self.err(extra, "too many constraints for this type");
        }
        Some(ty)
    }

    fn constrain_alias(
        &mut self,
        lib: usize,
        t: Ty,
        cons: &mut Constraints,
        span: Span,
    ) -> Option<Ty> {
        Some(match t {
            Ty::String { max, optional } => {
                let (m2, o2) = self.size_constraints(lib, cons);
                Ty::String {
                    max: m2.or(max),
                    optional: optional || o2,
                }
            }
            Ty::Vector {
                elem,
                max,
                optional,
            } => {
                let (m2, o2) = self.size_constraints(lib, cons);
                Ty::Vector {
                    elem,
                    max: m2.or(max),
                    optional: optional || o2,
                }
            }
            Ty::Decl { id, optional } if self.kinds[id] == Kind::Union => Ty::Decl {
                id,
                optional: optional || cons.take_optional().is_some(),
            },
            Ty::Handle {
                resource,
                subtype,
                rights,
                optional,
            } => Ty::Handle {
                resource,
                subtype,
                rights,
                optional: optional || cons.take_optional().is_some(),
            },
            Ty::Endpoint {
                server,
                protocol,
                optional,
            } => Ty::Endpoint {
                server,
                protocol,
                optional: optional || cons.take_optional().is_some(),
            },
            other => {
                if let Some(s) = cons.take_rest() {
                    let _ = span;
                    self.err(s, "this type takes no constraints");
                }
                other
            }
        })
    }

    /// `[bound][, optional]` for strings and vectors.
    fn size_constraints(&mut self, lib: usize, cons: &mut Constraints) -> (Option<u32>, bool) {
        let optional = cons.take_optional().is_some();
        let mut max = None;
        if let Some(c) = cons.next() {
            if matches!(&c, Constant::Ident(n) if n.dotted() == "MAX") {
                max = None;
            } else {
                match self.eval_const(lib, &c, &Ty::Prim(Prim::Uint32)) {
                    Some(Value::Int(0)) => self.err(c.span(), "a bound must be at least 1"),
                    Some(Value::Int(v)) => max = Some(v as u32),
                    _ => {}
                }
            }
        }
        (max, optional || cons.take_optional().is_some())
    }

    fn resolve_builtin(
        &mut self,
        lib: usize,
        b: &str,
        ctor: &TypeCtor,
        cons: &mut Constraints,
    ) -> Option<Ty> {
        let nparams = match b {
            "vector" | "box" => 1,
            "array" => 2,
            _ => 0,
        };
        if ctor.params.len() != nparams {
            self.err(
                ctor.span,
                format!(
                    "`{b}` takes {nparams} parameter{}",
                    if nparams == 1 { "" } else { "s" }
                ),
            );
            return None;
        }
        Some(match b {
            "string" => {
                let (max, optional) = self.size_constraints(lib, cons);
                Ty::String { max, optional }
            }
            "bytes" => {
                let (max, optional) = self.size_constraints(lib, cons);
                Ty::Vector {
                    elem: Box::new(Ty::Prim(Prim::Uint8)),
                    max,
                    optional,
                }
            }
            "vector" => {
                let elem = self.resolve_ty(lib, &ctor.params[0])?;
                let (max, optional) = self.size_constraints(lib, cons);
                Ty::Vector {
                    elem: Box::new(elem),
                    max,
                    optional,
                }
            }
            "array" => {
                let elem = self.resolve_ty(lib, &ctor.params[0])?;
                let size = &ctor.params[1];
                let len_const = match &size.layout {
                    LayoutRef::Literal(l) => Constant::Literal(l.clone(), size.span),
                    LayoutRef::Named(c) => Constant::Ident(c.clone()),
                    LayoutRef::Inline(_) => {
                        self.err(size.span, "expected an array size");
                        return None;
                    }
                };
                let len = match self.eval_const(lib, &len_const, &Ty::Prim(Prim::Uint32))? {
                    Value::Int(0) => {
                        self.err(size.span, "array size must be at least 1");
                        return None;
                    }
                    Value::Int(v) => v as u32,
                    _ => return None,
                };
                if let Some(s) = cons.take_optional() {
                    self.err(s, "arrays cannot be optional");
                }
                Ty::Array {
                    elem: Box::new(elem),
                    len,
                }
            }
            "box" => {
                let inner = self.resolve_ty(lib, &ctor.params[0])?;
                match inner {
                    Ty::Decl { id, .. } if self.kinds[id] == Kind::Struct => {
                        cons.take_optional();
                        Ty::Decl { id, optional: true }
                    }
                    _ => {
                        self.err(ctor.params[0].span, "`box` only takes a struct");
                        return None;
                    }
                }
            }
            "client_end" | "server_end" => {
                let optional = cons.take_optional().is_some();
                let Some(p) = cons.next() else {
                    self.err(ctor.span, format!("`{b}` needs a protocol: `{b}:Protocol`"));
                    return None;
                };
                let Constant::Ident(name) = &p else {
                    self.err(p.span(), "expected a protocol name");
                    return None;
                };
                let Some(Target::Decl(id)) = self.lookup(lib, name) else {
                    return None;
                };
                if self.kinds[id] != Kind::Protocol {
                    self.err(name.span, format!("`{}` is not a protocol", name.dotted()));
                    return None;
                }
                Ty::Endpoint {
                    server: b == "server_end",
                    protocol: id,
                    optional: optional || cons.take_optional().is_some(),
                }
            }
            prim => {
                let p = Prim::from_name(prim).expect("builtin primitive");
                if let Some(s) = cons.take_optional() {
                    self.err(s, format!("`{prim}` cannot be optional"));
                }
                Ty::Prim(p)
            }
        })
    }

    fn resolve_handle(&mut self, lib: usize, id: DeclId, cons: &mut Constraints) -> Option<Ty> {
        self.resolve(id);
        let DeclKind::Resource(r) = self.ir.decls[id].kind.clone() else {
            return None;
        };
        let optional = cons.take_optional().is_some();
        let mut subtype = 0u32;
        let mut rights = 0x8000_0000u32;
        if let Some(c) = cons.next() {
            match (&c, r.subtype_enum) {
                (Constant::Ident(n), Some(en)) if n.parts.len() == 1 => {
                    self.resolve(en);
                    let v = match &self.ir.decls[en].kind {
                        DeclKind::Enum(e) => e
                            .members
                            .iter()
                            .find(|m| m.name == n.parts[0].text)
                            .map(|m| m.value),
                        _ => None,
                    };
                    match v {
                        Some(v) => subtype = v as u32,
                        None => self.err(
                            n.span,
                            format!(
                                "`{}` is not a member of `{}`",
                                n.dotted(),
                                self.ir.decls[en].name
                            ),
                        ),
                    }
                }
                (_, Some(en)) => {
                    if let Some(Value::Int(v)) = self.eval_const(
                        lib,
                        &c,
                        &Ty::Decl {
                            id: en,
                            optional: false,
                        },
                    ) {
                        subtype = v as u32;
                    }
                }
                (_, None) => self.err(c.span(), "this resource has no subtype property"),
            }
        }
        if let Some(c) = cons.next() {
            let rt = r.rights_bits.map_or(Ty::Prim(Prim::Uint32), |b| Ty::Decl {
                id: b,
                optional: false,
            });
            if let Some(Value::Int(v)) = self.eval_const(lib, &c, &rt) {
                rights = v as u32;
            }
        }
        Some(Ty::Handle {
            resource: id,
            subtype,
            rights,
            optional: optional || cons.take_optional().is_some(),
        })
    }

    // ------------------------------------------------------------------ protocols

    fn resolve_protocol(
        &mut self,
        lib: usize,
        id: DeclId,
        modifiers: &[ast::Name],
        composes: &[ast::Compose],
        methods: &[ast::Method],
    ) -> DeclKind {
        let mut openness = Openness::Open;
        if modifiers.len() > 1 {
            self.err(
                modifiers[1].span,
                "a protocol takes at most one of `open`, `ajar`, `closed`",
            );
        }
        if let Some(m) = modifiers.first() {
            openness = match m.text.as_str() {
                "ajar" => Openness::Ajar,
                "closed" => Openness::Closed,
                _ => Openness::Open,
            };
        }
        let pname = self.ir.decls[id].name.clone();
        let lib_name = self.ir.libraries[lib].name.clone();
        let attrs = self.ir.decls[id].attributes.clone();
        let discoverable = ast::find_attribute(&attrs, "discoverable").map(|_| {
            ast::attribute_string(&attrs, "discoverable")
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| format!("{lib_name}.{pname}"))
        });
        let mut out: Vec<Method> = Vec::new();
        let mut composed = Vec::new();
        for c in composes {
            let Some(Target::Decl(pid)) = self.lookup(lib, &c.protocol) else {
                continue;
            };
            if self.kinds[pid] != Kind::Protocol {
                self.err(
                    c.protocol.span,
                    format!("`{}` is not a protocol", c.protocol.dotted()),
                );
                continue;
            }
            if self.state[pid] == State::Active {
                self.err(
                    c.protocol.span,
                    format!("protocol `{pname}` composes itself"),
                );
                continue;
            }
            self.resolve(pid);
            let DeclKind::Protocol(p) = self.ir.decls[pid].kind.clone() else {
                continue;
            };
            let more_open = matches!(
                (openness, p.openness),
                (Openness::Closed, Openness::Ajar | Openness::Open)
                    | (Openness::Ajar, Openness::Open)
            );
            if more_open {
                self.err(
                    c.protocol.span,
                    format!(
                        "`{pname}` cannot compose `{}`, which is more open",
                        c.protocol.dotted()
                    ),
                );
            }
            composed.push(pid);
            out.extend(p.methods);
        }
        for m in methods {
            let strict = m.strictness.as_ref().is_some_and(|s| s.text == "strict");
            let two_way = m.response.is_some();
            if !strict {
                let bad = match openness {
                    Openness::Closed => true,
                    Openness::Ajar => two_way,
                    Openness::Open => false,
                };
                if bad {
                    let what = if m.is_event {
                        "event"
                    } else if two_way {
                        "two-way method"
                    } else {
                        "one-way method"
                    };
                    let open = if openness == Openness::Closed {
                        "closed"
                    } else {
                        "ajar"
                    };
                    self.err(
                        m.name.span,
                        format!(
                            "flexible {what} `{}` is not allowed in a {open} protocol",
                            m.name.text
                        ),
                    );
                }
            }
            let selector_attr = ast::attribute_string(&m.attributes, "selector");
            if let Some(a) = ast::find_attribute(&m.attributes, "selector") {
                if selector_attr.as_deref().is_none_or(str::is_empty) {
                    self.err(a.span, "@selector needs a non-empty string argument");
                }
            }
            let selector = crate::ordinal::selector(
                &lib_name,
                &pname,
                selector_attr
                    .as_deref()
                    .filter(|s| !s.is_empty())
                    .unwrap_or(&m.name.text),
            );
            let ordinal = crate::ordinal::ordinal(&selector);
            if ordinal == 0 {
                self.err(
                    m.name.span,
                    "method ordinal hashes to 0; rename it or use @selector",
                );
            }
            let base = format!("{pname}{}", upper_camel(&m.name.text));
            let request = m.request.as_ref().and_then(|t| {
                let ty = self.resolve_ty(lib, t)?;
                self.check_payload(&ty, t.span);
                if let Ty::Decl { id, .. } = &ty {
                    self.resolve(*id);
                    if let DeclKind::Struct(s) = &self.ir.decls[*id].kind {
                        if s.members.is_empty() {
                            self.err(t.span, "an empty struct is not a valid payload; write `()`");
                        }
                    }
                }
                Some(ty)
            });
            let response = m.response.as_ref().and_then(|r| r.as_ref()).and_then(|t| {
                let ty = self.resolve_ty(lib, t)?;
                self.check_payload(&ty, t.span);
                Some(ty)
            });
            let error = m.error.as_ref().and_then(|t| self.resolve_ty(lib, t));
            let response_body = if two_way && (m.error.is_some() || !strict) {
                let rid = self.scopes[lib]
                    .names
                    .get(&format!("{base}Result"))
                    .copied();
                rid.map(|rid| {
                    self.resolve(rid);
                    Ty::Decl {
                        id: rid,
                        optional: false,
                    }
                })
            } else {
                response.clone()
            };
            out.push(Method {
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
                attributes: m.attributes.clone(),
                span: m.name.span,
            });
        }
        // Names and ordinals must be unique across declared and composed methods.
        let mut names: HashMap<String, usize> = HashMap::new();
        let mut ordinals: HashMap<u64, usize> = HashMap::new();
        for (i, m) in out.iter().enumerate() {
            if let Some(j) = names.insert(canonical(&m.name), i) {
                let (a, b) = (&out[j], m);
                let span = if b.declared_in == id {
                    b.span
                } else {
                    self.ir.decls[id].span
                };
                self.diags.push(Diagnostic::new(
                    span,
                    format!(
                        "method `{}` conflicts with `{}` in protocol `{pname}`",
                        b.name, a.name
                    ),
                ));
            } else if let Some(j) = ordinals.insert(m.ordinal, i) {
                let span = if m.declared_in == id {
                    m.span
                } else {
                    self.ir.decls[id].span
                };
                self.diags.push(Diagnostic::new(
                    span,
                    format!(
                        "method `{}` has the same ordinal as `{}`; use @selector to change one",
                        m.name, out[j].name
                    ),
                ));
            }
        }
        DeclKind::Protocol(Protocol {
            openness,
            methods: out,
            composed,
            discoverable,
        })
    }

    // ------------------------------------------------------------------ shapes

    fn ty_is_resource(&self, t: &Ty) -> bool {
        match t {
            Ty::Handle { .. } | Ty::Endpoint { .. } => true,
            Ty::Vector { elem, .. } | Ty::Array { elem, .. } => self.ty_is_resource(elem),
            Ty::Decl { id, .. } => match &self.ir.decls[*id].kind {
                DeclKind::Struct(s) => s.resource,
                DeclKind::Table(t) => t.resource,
                DeclKind::Union(u) => u.resource,
                _ => false,
            },
            _ => false,
        }
    }

    fn check_resourceness(&mut self) {
        for id in 0..self.ir.decls.len() {
            let (resource, members): (bool, Vec<(Ty, Span, String)>) = match &self.ir.decls[id].kind
            {
                DeclKind::Struct(s) => (
                    s.resource,
                    s.members
                        .iter()
                        .map(|m| (m.ty.clone(), m.span, m.name.clone()))
                        .collect(),
                ),
                DeclKind::Table(t) => (
                    t.resource,
                    t.members
                        .iter()
                        .filter_map(|m| Some((m.ty.clone()?, m.span, m.name.clone())))
                        .collect(),
                ),
                DeclKind::Union(u) if !u.is_result => (
                    u.resource,
                    u.members
                        .iter()
                        .filter_map(|m| Some((m.ty.clone()?, m.span, m.name.clone())))
                        .collect(),
                ),
                _ => continue,
            };
            if resource {
                continue;
            }
            for (t, span, name) in members {
                if self.ty_is_resource(&t) {
                    let decl = self.ir.decls[id].name.clone();
                    self.err(span, format!("member `{name}` holds a handle, so `{decl}` must be declared `resource`"));
                }
            }
        }
    }

    /// Computes the inline layout (and member offsets) of struct `id`, detecting recursion
    /// without indirection.
    fn compute_shape(&mut self, id: DeclId) {
        self.guarded(id, |c| &c.shape_state, Self::compute_shape_entered);
    }

    fn compute_shape_entered(&mut self, id: DeclId) {
        self.shape_state[id] = State::Active;
        if let DeclKind::Struct(s) = &self.ir.decls[id].kind {
            let members = s.members.clone();
            let mut offsets = Vec::new();
            let mut end = 0u32;
            let mut align = 1u32;
            for m in &members {
                let Some((size, a)) = self.inline_layout(&m.ty, id, m.span) else {
                    self.shape_state[id] = State::Done;
                    return;
                };
                let off = end.div_ceil(a) * a;
                offsets.push(off);
                end = off + size;
                align = align.max(a);
            }
            let size = if members.is_empty() {
                1
            } else {
                end.div_ceil(align) * align
            };
            if let DeclKind::Struct(s) = &mut self.ir.decls[id].kind {
                for (m, off) in s.members.iter_mut().zip(offsets) {
                    m.offset = off;
                }
                s.shape.inline_size = size;
                s.shape.alignment = align;
            }
        }
        self.shape_state[id] = State::Done;
    }

    /// Aggregate shapes (depth, handles, out-of-line bytes, padding, envelopes), once every
    /// struct's inline layout is known.
    fn aggregate_shapes(&mut self) {
        if !self.diags.is_empty() {
            return;
        }
        let mut cache = crate::shape::Cache::default();
        for id in 0..self.ir.decls.len() {
            let shape = crate::shape::of_decl(&self.ir, id, &mut cache);
            match &mut self.ir.decls[id].kind {
                DeclKind::Struct(s) => s.shape = shape,
                DeclKind::Table(t) => t.shape = shape,
                DeclKind::Union(u) => u.shape = shape,
                _ => {}
            }
        }
    }

    fn inline_layout(&mut self, t: &Ty, container: DeclId, span: Span) -> Option<(u32, u32)> {
        Some(match t {
            Ty::Prim(p) => (p.size(), p.size()),
            Ty::String { .. } | Ty::Vector { .. } => (16, 8),
            Ty::Handle { .. } | Ty::Endpoint { .. } => (4, 4),
            Ty::Array { elem, len } => {
                let (s, a) = self.inline_layout(elem, container, span)?;
                (s.saturating_mul(*len), a)
            }
            Ty::Decl { id, optional } => match self.kinds[*id] {
                Kind::Struct if *optional => (8, 8),
                Kind::Struct => {
                    if self.shape_state[*id] == State::Active {
                        let name = self.ir.decls[container].name.clone();
                        self.err(span, format!("`{name}` contains itself without indirection (use `box`, a vector, or an optional union)"));
                        return None;
                    }
                    self.compute_shape(*id);
                    let DeclKind::Struct(s) = &self.ir.decls[*id].kind else {
                        return None;
                    };
                    if s.shape.inline_size == 0 {
                        return None;
                    }
                    (s.shape.inline_size, s.shape.alignment)
                }
                Kind::Table | Kind::Union => (16, 8),
                Kind::Enum | Kind::Bits => {
                    let p = match &self.ir.decls[*id].kind {
                        DeclKind::Enum(e) => e.subtype,
                        DeclKind::Bits(b) => b.subtype,
                        _ => Prim::Uint32,
                    };
                    (p.size(), p.size())
                }
                _ => return None,
            },
        })
    }
}

fn layout_kind(k: LayoutKind) -> Kind {
    match k {
        LayoutKind::Struct => Kind::Struct,
        LayoutKind::Table => Kind::Table,
        LayoutKind::Union | LayoutKind::Overlay => Kind::Union,
        LayoutKind::Enum => Kind::Enum,
        LayoutKind::Bits => Kind::Bits,
    }
}

/// Constraints of one type constructor, consumed as they are interpreted.
struct Constraints {
    items: Vec<Constant>,
}

impl Constraints {
    fn new(items: &[Constant]) -> Self {
        Constraints {
            items: items.to_vec(),
        }
    }

    fn take_optional(&mut self) -> Option<Span> {
        let i = self
            .items
            .iter()
            .position(|c| matches!(c, Constant::Ident(n) if n.dotted() == "optional"))?;
        Some(self.items.remove(i).span())
    }

    fn next(&mut self) -> Option<Constant> {
        (!self.items.is_empty()).then(|| self.items.remove(0))
    }

    fn rest(&self) -> Option<Span> {
        self.items.first().map(Constant::span)
    }

    fn take_rest(&mut self) -> Option<Span> {
        let first = self.rest();
        self.items.clear();
        first
    }
}
