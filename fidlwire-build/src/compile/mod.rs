//! From parsed files to the [`Ir`], in fidlc's phases (`fidl-checks.md` §1.3). Each phase
//! reports every problem it finds; a phase runs only when every earlier one finished without
//! errors, so a mistake is reported once, where fidlc reports it.
//!
//! 1. **syntax** ([`crate::syntax`]): lex and parse every file.
//! 2. **consume** ([`libraries`]): files into libraries, `using`, import scopes, and the checks
//!    fidlc makes while reading declarations.
//! 3. **availability** ([`availability`], `collisions`): every `@available`, inherited down
//!    the element tree; names and modifiers that collide at some version.
//! 4. **resolve, compile, verify** (`Compiler`): for every version at which something starts,
//!    ends or becomes deprecated, the libraries as they are at that version are compiled like
//!    unversioned ones — references (`lookup`), attributes, constants, types, layouts,
//!    protocols, services, resources, include cycles, then resourceness, transports, attribute
//!    placement, type-shape limits and unused imports (`verify`). The [`Ir`] is the one of
//!    the selected versions (HEAD by default).

mod attributes;
pub mod availability;
mod builtins;
mod collisions;
mod constants;
mod constraints;
mod cycles;
mod declare;
mod layouts;
pub mod libraries;
mod lookup;
mod protocols;
mod resources;
mod types;
mod verify;

pub use builtins::{FIDL_SOURCE, ZX_SOURCE};

use crate::diagnostic::{Diagnostic, Errors, SourceMap, Span};
use crate::ir::*;
use crate::syntax::{self, ast};
use availability::{Snapshot, Version, Versions};
use libraries::Program;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Options of a compilation.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The version to compile every versioned library at (`None`: HEAD). Per-platform
    /// selections in [`Options::available`] take precedence.
    pub version: Option<u64>,
    /// Per platform, the version to compile at (`--available platform:version`).
    pub available: BTreeMap<String, Version>,
    /// fidlc's rule that every versioned library's platform must be selected (`fi-0201`).
    /// Off by default: an unselected platform is compiled at `HEAD`, which is what a
    /// `build.rs` usually wants.
    pub require_available: bool,
    /// The directories searched for imported libraries (by [`crate::Config`]); an unknown
    /// import (`fi-0046`) names them.
    pub include_dirs: Vec<String>,
    /// Treat warnings as errors (`--werror`).
    pub werror: bool,
    /// `--experimental` switches: `allow_new_types`, `zx_c_types`,
    /// `allow_arbitrary_error_types`, `no_resource_attribute`, `output_index_json`.
    pub experimental: BTreeSet<String>,
}

impl Options {
    fn experimental(&self, flag: &str) -> bool {
        self.experimental.contains(flag)
    }
}

/// The `--experimental` switches fidlc knows.
pub const EXPERIMENTAL_FLAGS: &[&str] = &[
    "allow_new_types",
    "zx_c_types",
    "allow_arbitrary_error_types",
    "no_resource_attribute",
    "output_index_json",
];

/// The stack the compiler runs on. Resolution recurses once per declaration a declaration
/// refers to (bounded by [`MAX_DECL_DEPTH`]); debug builds use several KiB per level, more than
/// a build script's or a test's thread may have.
const COMPILER_STACK: usize = 64 << 20;

/// Compiles all files in `sources` (several libraries, in any order).
pub fn compile(sources: &SourceMap, options: &Options) -> Result<Ir, Errors> {
    std::thread::scope(|scope| {
        match std::thread::Builder::new()
            .name("fidlwire-build".into())
            .stack_size(COMPILER_STACK)
            .spawn_scoped(scope, || compile_here(sources, options))
        {
            Ok(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: compile on this one.
            Err(_) => compile_here(sources, options),
        }
    })
}

fn compile_here(sources: &SourceMap, options: &Options) -> Result<Ir, Errors> {
    let mut sources = sources.clone();
    let mut diags = Vec::new();
    // 1. Syntax.
    let mut files = Vec::new();
    for i in 0..sources.files.len() {
        let (file, d) = syntax::parse(i, &sources.files[i].text);
        diags.extend(d);
        files.extend(file.map(|f| (i, f)));
    }
    if failed(&diags, options) {
        return Err(Errors::new(diags, &sources));
    }
    builtins::add_used(&mut sources, &mut files);
    // 2. Consume.
    let groups: Vec<Option<usize>> = sources.files.iter().map(|f| f.group).collect();
    let files = libraries::check_groups(files, &groups, &mut diags);
    let program = libraries::consume(files, options, &mut diags);
    if failed(&diags, options) {
        return Err(Errors::new(diags, &sources));
    }
    // 3. Availability and collisions.
    let versions = availability::compile(&program, options, &mut diags);
    if failed(&diags, options) {
        return Err(Errors::new(diags, &sources));
    }
    collisions::check(&program, &versions, &mut diags);
    if failed(&diags, options) {
        return Err(Errors::new(diags, &sources));
    }
    // 4. Every version snapshot; the selected one last, to keep its IR.
    let selected = versions.selected();
    // A mistake seen at several versions is one mistake: what an earlier snapshot reported
    // with the same ID at the same place is not reported again.
    let mut seen: HashSet<(Option<&'static str>, Span)> = HashSet::new();
    let mut merge = |diags: &mut Vec<Diagnostic>, new: Vec<Diagnostic>| {
        let new: Vec<Diagnostic> = new
            .into_iter()
            .filter(|d| !seen.contains(&(d.id, d.span)))
            .collect();
        seen.extend(new.iter().map(|d| (d.id, d.span)));
        diags.extend(new);
    };
    for snapshot in versions.snapshots() {
        if snapshot != selected {
            let mut c = Compiler::new(&program, &versions, snapshot, options);
            c.run();
            merge(&mut diags, c.diags);
        }
    }
    let mut c = Compiler::new(&program, &versions, selected, options);
    c.run();
    merge(&mut diags, std::mem::take(&mut c.diags));
    if !diags.iter().any(Diagnostic::is_error) {
        // The last check, only on otherwise correct libraries (fidlc's order).
        verify::unused_imports(&mut c);
        diags.extend(std::mem::take(&mut c.diags));
    }
    if failed(&diags, options) {
        return Err(Errors::new(diags, &sources));
    }
    crate::diagnostic::sort(&mut diags);
    let mut ir = c.ir;
    ir.sources = sources;
    ir.warnings = diags;
    Ok(ir)
}

fn failed(diags: &[Diagnostic], options: &Options) -> bool {
    diags.iter().any(|d| d.is_error() || options.werror)
}

/// What a pending declaration will become.
#[derive(Debug, Clone)]
enum Pending {
    Layout(ast::Layout),
    Alias(ast::TypeCtor),
    Const(ast::TypeCtor, ast::Constant),
    Protocol {
        modifiers: Vec<ast::Modifier>,
        composes: Vec<ast::Compose>,
        methods: Vec<ast::Method>,
    },
    Service(Vec<ast::Member>),
    Resource(Option<ast::TypeCtor>, Vec<ast::Member>),
    /// The result union of a method: its protocol and method names, success type, error
    /// type, flexibility.
    Result {
        method: Span,
        success: Option<ast::TypeCtor>,
        error: Option<ast::TypeCtor>,
        flexible: bool,
    },
    /// `type X = SomeOtherType;` (experimental new type).
    NewType(ast::TypeCtor),
    Done,
}

/// What kind of declaration a name stands for, known before it is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Struct,
    Table,
    Union,
    Overlay,
    Enum,
    Bits,
    Const,
    Alias,
    NewType,
    Protocol,
    Service,
    Resource,
}

impl Kind {
    fn of(p: &Pending) -> Kind {
        match p {
            Pending::Layout(l) => match l.kind {
                ast::LayoutKind::Struct => Kind::Struct,
                ast::LayoutKind::Table => Kind::Table,
                ast::LayoutKind::Union => Kind::Union,
                ast::LayoutKind::Overlay => Kind::Overlay,
                ast::LayoutKind::Enum => Kind::Enum,
                ast::LayoutKind::Bits => Kind::Bits,
            },
            Pending::Alias(_) | Pending::Done => Kind::Alias,
            Pending::NewType(_) => Kind::NewType,
            Pending::Const(..) => Kind::Const,
            Pending::Protocol { .. } => Kind::Protocol,
            Pending::Service(_) => Kind::Service,
            Pending::Resource(..) => Kind::Resource,
            Pending::Result { .. } => Kind::Union,
        }
    }

    /// How diagnostics name the kind.
    fn noun(self) -> &'static str {
        match self {
            Kind::Struct => "struct",
            Kind::Table => "table",
            Kind::Union => "union",
            Kind::Overlay => "overlay",
            Kind::Enum => "enum",
            Kind::Bits => "bits",
            Kind::Const => "constant",
            Kind::Alias => "alias",
            Kind::NewType => "new type",
            Kind::Protocol => "protocol",
            Kind::Service => "service",
            Kind::Resource => "resource_definition",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Todo,
    Active,
    Done,
}

/// Declarations of one library (at one snapshot), by name.
#[derive(Default)]
struct Scope {
    names: HashMap<String, DeclId>,
}

/// Compiles the libraries as they are at one version [`Snapshot`].
pub(crate) struct Compiler<'a> {
    program: &'a Program,
    versions: &'a Versions,
    snapshot: Snapshot,
    options: &'a Options,
    diags: Vec<Diagnostic>,
    ir: Ir,
    scopes: Vec<Scope>,
    pending: Vec<Pending>,
    kinds: Vec<Kind>,
    state: Vec<State>,
    /// Inline layouts: the layout's span → its generated declaration.
    inline: HashMap<Span, DeclId>,
    /// Source attributes of each declaration (compiled into `ir` attributes by `attributes`).
    source_attrs: Vec<ast::Attributes>,
    /// `(file, library)` pairs whose import some reference of the file used.
    used_imports: HashSet<(usize, usize)>,
    /// The availability key of each declaration (for deprecation and version checks).
    decl_keys: Vec<Span>,
    /// Declarations generated for methods: `(method name span, what)` → declaration.
    generated: HashMap<(Span, declare::Generated), DeclId>,
    /// Diagnostics fidlc reports only on otherwise correct libraries (attribute placement
    /// and attribute-specific values), flushed by `verify`.
    deferred: Vec<Diagnostic>,
    /// Where the attributes of the declaration being resolved sit.
    current_place: Option<attributes::Place>,
    /// The declaration whose references are being resolved.
    referrer: Option<DeclId>,
    /// Declarations being resolved, innermost last (include cycles).
    stack: Vec<DeclId>,
    /// Cycles reported so far (their sorted members), and how many times one was met.
    cycles_seen: HashSet<Vec<DeclId>>,
    cycles_reported: usize,
    /// Structs some of whose members failed to resolve.
    incomplete: HashSet<DeclId>,
    /// The enum or bits whose member values are being evaluated (`fi-0064`).
    value_owner: Option<DeclId>,
    /// Enum/bits members whose value failed to resolve.
    failed_members: HashSet<(DeclId, String)>,
    /// Aliases whose type failed to resolve.
    alias_failed: HashSet<DeclId>,
    /// Type constructors (by span) that name an alias with no further constraints.
    alias_uses: HashMap<Span, DeclId>,
    /// Type constructors (by span) whose size bound names a constant.
    bound_uses: HashMap<Span, DeclId>,
    /// The constant of each alias's size bound.
    alias_bounds: HashMap<DeclId, DeclId>,
    /// The constant the last [`Compiler::size_bound`] named, if any.
    last_bound: Option<DeclId>,
    /// Structs with member defaults.
    has_defaults: HashSet<DeclId>,
    /// Layouts declared `resource`, known before they are resolved.
    layout_resource: HashMap<DeclId, bool>,
    /// Current depth of nested resolution (bounded by [`MAX_DECL_DEPTH`]).
    depth: usize,
    depth_reported: bool,
}

/// Deepest chain of declarations that refer to each other the compiler follows before
/// reporting an error (hostile chains cannot exhaust the stack).
pub const MAX_DECL_DEPTH: usize = 256;

impl<'a> Compiler<'a> {
    fn new(
        program: &'a Program,
        versions: &'a Versions,
        snapshot: Snapshot,
        options: &'a Options,
    ) -> Self {
        Compiler {
            program,
            versions,
            snapshot,
            options,
            diags: Vec::new(),
            ir: Ir {
                libraries: Vec::new(),
                decls: Vec::new(),
                sources: SourceMap::default(),
                warnings: Vec::new(),
                member_names: Default::default(),
            },
            scopes: Vec::new(),
            pending: Vec::new(),
            kinds: Vec::new(),
            state: Vec::new(),
            inline: HashMap::new(),
            source_attrs: Vec::new(),
            used_imports: HashSet::new(),
            decl_keys: Vec::new(),
            generated: HashMap::new(),
            deferred: Vec::new(),
            current_place: None,
            referrer: None,
            stack: Vec::new(),
            cycles_seen: HashSet::new(),
            cycles_reported: 0,
            value_owner: None,
            incomplete: HashSet::new(),
            alias_uses: HashMap::new(),
            bound_uses: HashMap::new(),
            alias_bounds: HashMap::new(),
            last_bound: None,
            failed_members: HashSet::new(),
            alias_failed: HashSet::new(),
            has_defaults: HashSet::new(),
            layout_resource: HashMap::new(),
            depth: 0,
            depth_reported: false,
        }
    }

    pub(super) fn report(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    pub(super) fn err(&mut self, id: &'static str, span: Span, msg: impl Into<String>) {
        self.diags.push(Diagnostic::error(id, span, msg));
    }

    /// True when the element whose key span is `key` exists at this snapshot.
    fn exists(&self, key: Span) -> bool {
        self.versions.exists(key, &self.snapshot)
    }

    fn run(&mut self) {
        declare::declare_all(self);
        for lib in 0..self.program.libraries.len() {
            let attrs = self.program.libraries[lib].attributes.clone();
            self.compile_attributes_at(lib, &attrs, attributes::Place::Library);
        }
        for id in 0..self.ir.decls.len() {
            self.resolve(id);
        }
        if self.diags.iter().any(Diagnostic::is_error) {
            return;
        }
        cycles::check(self);
        if self.diags.iter().any(Diagnostic::is_error) {
            return;
        }
        crate::shape::compute(&mut self.ir, &mut self.diags);
        verify::run(self);
    }

    // ------------------------------------------------------------------ resolution

    /// Enters one level of declaration nesting; false (with one diagnostic) past the limit.
    fn enter(&mut self, id: DeclId) -> bool {
        // Past the limit once, nothing else is resolved: every declaration still waiting would
        // hit it again and report a cascade.
        if self.depth_reported {
            return false;
        }
        if self.depth >= MAX_DECL_DEPTH {
            // Like a cycle, the limit explains every failure on the stack (no fi-0060).
            self.cycles_reported += 1;
            if !self.depth_reported {
                self.depth_reported = true;
                let span = self.ir.decls[id].span;
                self.report(Diagnostic::new(
                    span,
                    format!(
                        "declarations refer to each other more than {MAX_DECL_DEPTH} levels deep"
                    ),
                ));
            }
            return false;
        }
        self.depth += 1;
        true
    }

    /// Resolves declaration `id` (once; on demand, so source order never matters).
    fn resolve(&mut self, id: DeclId) {
        if self.state[id] != State::Todo || !self.enter(id) {
            return;
        }
        self.state[id] = State::Active;
        self.stack.push(id);
        let saved = (self.referrer.replace(id), self.current_place);
        let pending = std::mem::replace(&mut self.pending[id], Pending::Done);
        let lib = self.ir.decls[id].library;
        self.current_place = Some(self.place_of(id, &pending));
        let kind = match pending {
            Pending::Layout(layout) => self.resolve_layout(lib, id, &layout),
            Pending::Alias(ty) => DeclKind::Alias(match self.resolve_ty(lib, &ty) {
                Some(t) => {
                    if let Some(&c) = self.bound_uses.get(&ty.span) {
                        self.alias_bounds.insert(id, c);
                    }
                    t
                }
                None => {
                    self.alias_failed.insert(id);
                    Ty::Prim(Prim::Uint8)
                }
            }),
            Pending::NewType(ty) => {
                let t = self.resolve_ty(lib, &ty).unwrap_or(Ty::Prim(Prim::Uint8));
                if !ty.constraints.is_empty() {
                    self.err(
                        crate::ids::NEW_TYPE_CANNOT_HAVE_CONSTRAINT,
                        ty.span,
                        "a new type cannot have constraints",
                    );
                }
                DeclKind::Alias(t)
            }
            Pending::Const(ty, value) => self.resolve_const_decl(lib, id, &ty, &value),
            Pending::Protocol {
                modifiers,
                composes,
                methods,
            } => self.resolve_protocol(lib, id, &modifiers, &composes, &methods),
            Pending::Service(members) => self.resolve_service(lib, id, &members),
            Pending::Resource(subtype, props) => {
                self.resolve_resource(lib, id, subtype.as_ref(), &props)
            }
            Pending::Result {
                method,
                success,
                error,
                flexible,
            } => self.resolve_result(lib, id, method, success.as_ref(), error.as_ref(), flexible),
            Pending::Done => DeclKind::Unresolved,
        };
        self.ir.decls[id].kind = kind;
        let attrs = self.source_attrs[id].clone();
        self.ir.decls[id].attributes = self.compile_attributes(lib, &attrs);
        if self.kind(id) == Kind::Protocol {
            let compiled = self.ir.decls[id].attributes.clone();
            self.protocol_attribute_values(&compiled, &attrs);
        }
        self.state[id] = State::Done;
        self.stack.pop();
        (self.referrer, self.current_place) = saved;
        self.depth -= 1;
    }

    /// Where the attributes of declaration `id` sit.
    fn place_of(&self, id: DeclId, pending: &Pending) -> attributes::Place {
        use attributes::Place;
        match pending {
            Pending::Layout(l) if self.ir.decls[id].anonymous => Place::InlineLayout(l.kind),
            Pending::Layout(l) => Place::Layout(l.kind),
            Pending::Alias(_) | Pending::Done => Place::Alias,
            Pending::NewType(_) => Place::NewType,
            Pending::Const(..) => Place::Const,
            Pending::Protocol { .. } => Place::Protocol,
            Pending::Service(_) => Place::Service,
            Pending::Resource(..) => Place::Resource,
            Pending::Result { .. } => Place::InlineLayout(ast::LayoutKind::Union),
        }
    }

    /// The kind of `id` as known before resolution.
    fn kind(&self, id: DeclId) -> Kind {
        self.kinds[id]
    }

    /// How a type is called in diagnostics.
    fn describe_ty(&self, t: &Ty) -> String {
        match t {
            Ty::Prim(p) => p.fidl().to_string(),
            Ty::String { max, .. } => match max {
                Some(m) => format!("string:{m}"),
                None => "string".into(),
            },
            Ty::Vector { .. } => "vector".into(),
            Ty::Array { .. } => "array".into(),
            Ty::Handle { .. } => "handle".into(),
            Ty::Endpoint { server: false, .. } => "client_end".into(),
            Ty::Endpoint { server: true, .. } => "server_end".into(),
            Ty::Decl { id, .. } => format!("`{}`", self.ir.decls[*id].name),
        }
    }
}
