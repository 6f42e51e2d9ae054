//! The consume phase (`fidl-checks.md` §3.3): files grouped into libraries, libraries ordered
//! so that each comes after the ones it imports, each file's import scope, and the checks
//! fidlc makes while reading declarations (struct defaults, new types, method strictness,
//! attribute typos, generated names).
//!
//! # Finding libraries
//!
//! Every file given to the compiler belongs to the library its `library` line names; files
//! naming the same library are one library. A `using a.b;` must name a library among those
//! files (or the built-in `zx`/`fidl`); `fidlwire_build::Config::compile` adds the `.fidl`
//! files of its include directories whose library is imported, transitively. Otherwise the
//! import is `fi-0046`, and the message lists the libraries that were searched.

use super::Options;
use super::builtins;
use crate::diagnostic::{Diagnostic, Span};
use crate::ids;
use crate::names::{canonical, edit_distance};
use crate::syntax::ast::{self, Attribute, Decl, LayoutRef};
use std::collections::{BTreeMap, HashMap};

/// The libraries of a compilation, dependencies first.
#[derive(Debug)]
pub struct Program {
    /// The libraries in dependency order.
    pub libraries: Vec<LibrarySource>,
}

/// One library's files and imports.
#[derive(Debug)]
pub struct LibrarySource {
    /// The dotted name.
    pub name: String,
    /// Its files.
    pub files: Vec<FileSource>,
    /// The attributes of the `library` lines of all files, as one list.
    pub attributes: ast::Attributes,
    /// The span of the library name in the file whose `library` line carries attributes
    /// (else the first file): the library's element key for availability.
    pub key: Span,
    /// True for the built-in `zx`/`fidl`.
    pub builtin: bool,
}

/// One file and the libraries visible in it.
#[derive(Debug)]
pub struct FileSource {
    /// Index in the source map.
    pub id: usize,
    /// The syntax tree.
    pub ast: ast::File,
    /// Import name (full dotted name, or the alias) → library index.
    pub imports: HashMap<String, usize>,
    /// Every import: library index, the span of its path, and its name.
    pub usings: Vec<Import>,
}

/// One `using` of a file: the library's index, the span of its path, and its name.
pub type Import = (usize, Span, String);

impl LibrarySource {
    /// The file with source-map index `file`.
    pub fn file(&self, file: usize) -> Option<&FileSource> {
        self.files.iter().find(|f| f.id == file)
    }
}

/// Official attribute names (`fidl-checks.md` §4).
pub const OFFICIAL_ATTRIBUTES: &[&str] = &[
    "available",
    "discoverable",
    "doc",
    "generated_name",
    "selector",
    "serializable",
    "transport",
    "unknown",
    "no_resource",
    "sensitive",
    "transitional",
    "example_deprecated_attribute",
];

/// Checks the explicit library groups (`groups[file]`, see
/// [`crate::diagnostic::SourceFile::group`]): every file of a group names the library of the
/// group's first file (`fi-0040`; a file that does not is dropped), and no two groups build
/// the same library (`fi-0041`).
pub fn check_groups(
    files: Vec<(usize, ast::File)>,
    groups: &[Option<usize>],
    diags: &mut Vec<Diagnostic>,
) -> Vec<(usize, ast::File)> {
    let mut group_library: BTreeMap<usize, String> = BTreeMap::new();
    let mut library_group: HashMap<String, usize> = HashMap::new();
    let mut rejected = std::collections::HashSet::new();
    let mut kept = Vec::with_capacity(files.len());
    for (id, f) in files {
        let Some(group) = groups.get(id).copied().flatten() else {
            kept.push((id, f));
            continue;
        };
        if rejected.contains(&group) {
            continue;
        }
        let name = f.library.dotted();
        match group_library.get(&group) {
            Some(first) if *first != name => {
                diags.push(Diagnostic::error(
                    ids::FILES_DISAGREE_ON_LIBRARY_NAME,
                    f.library.span,
                    format!(
                        "this file is compiled as part of library `{first}` but names `{name}`"
                    ),
                ));
                continue;
            }
            Some(_) => {}
            None => {
                group_library.insert(group, name.clone());
                if let Some(other) = library_group.insert(name.clone(), group)
                    && other != group
                {
                    diags.push(Diagnostic::error(
                        ids::MULTIPLE_LIBRARIES_WITH_SAME_NAME,
                        f.library.span,
                        format!("library `{name}` is built twice, by two groups of files"),
                    ));
                    rejected.insert(group);
                    continue;
                }
            }
        }
        kept.push((id, f));
    }
    kept
}

/// Groups and orders `files`, builds import scopes, and runs the consume checks.
pub fn consume(
    files: Vec<(usize, ast::File)>,
    options: &Options,
    diags: &mut Vec<Diagnostic>,
) -> Program {
    let mut by_lib: BTreeMap<String, Vec<(usize, ast::File)>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for (id, f) in files {
        let name = f.library.dotted();
        if !by_lib.contains_key(&name) {
            order.push(name.clone());
        }
        by_lib.entry(name).or_default().push((id, f));
    }
    // Dependency order. A library may only import libraries compiled before it, so imports
    // of unknown libraries, of itself, or that close a cycle are `fi-0046`.
    let mut sorted: Vec<String> = Vec::new();
    let mut state: HashMap<String, bool> = HashMap::new(); // false = in progress
    for name in &order {
        visit(
            name,
            &options.include_dirs,
            &by_lib,
            &mut state,
            &mut sorted,
            diags,
        );
    }
    let index: HashMap<String, usize> = sorted
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), i))
        .collect();
    let mut program = Program {
        libraries: Vec::new(),
    };
    for name in &sorted {
        let files = by_lib.remove(name).unwrap_or_default();
        let mut attributes = Vec::new();
        let mut key = files
            .first()
            .map(|(_, f)| f.library.span)
            .unwrap_or_default();
        for (_, f) in &files {
            if !f.attributes.is_empty() {
                key = f.library.span;
            }
            attributes.extend(f.attributes.iter().cloned());
        }
        let mut lib = LibrarySource {
            name: name.clone(),
            files: Vec::new(),
            attributes,
            key,
            builtin: builtins::is_builtin(name),
        };
        for (id, f) in files {
            let (imports, usings) = file_imports(&f, name, &index, diags);
            lib.files.push(FileSource {
                id,
                ast: f,
                imports,
                usings,
            });
        }
        for file in &lib.files {
            decl_vs_import_names(file, &sorted, diags);
            for d in &file.ast.decls {
                consume_decl(d, options, diags);
            }
        }
        typo_warnings(&lib.attributes, diags);
        program.libraries.push(lib);
    }
    program
}

fn visit(
    name: &str,
    include_dirs: &[String],
    libs: &BTreeMap<String, Vec<(usize, ast::File)>>,
    state: &mut HashMap<String, bool>,
    out: &mut Vec<String>,
    diags: &mut Vec<Diagnostic>,
) {
    if state.contains_key(name) {
        return;
    }
    state.insert(name.to_string(), false);
    let usings: Vec<(String, Span)> = libs[name]
        .iter()
        .flat_map(|(_, f)| {
            f.usings
                .iter()
                .map(|u| (u.library.dotted(), u.library.span))
        })
        .collect();
    for (dep, span) in usings {
        let problem = if dep == name {
            Some(format!("library `{name}` cannot import itself"))
        } else if !libs.contains_key(&dep) {
            let known: Vec<&str> = libs.keys().map(String::as_str).collect();
            let dirs = if include_dirs.is_empty() {
                "no include directories were given".to_string()
            } else {
                format!("searched the .fidl files of {}", include_dirs.join(", "))
            };
            Some(format!(
                "unknown library `{dep}`: no file declares it ({dirs}; libraries found: {})",
                known.join(", ")
            ))
        } else if state.get(&dep) == Some(&false) {
            Some(format!("importing `{dep}` here closes an import cycle"))
        } else {
            visit(&dep, include_dirs, libs, state, out, diags);
            None
        };
        if let Some(msg) = problem {
            diags.push(Diagnostic::error(ids::UNKNOWN_LIBRARY, span, msg));
        }
    }
    state.insert(name.to_string(), true);
    out.push(name.to_string());
}

/// The import scope of one file (`fidl-checks.md` §2.5), with fi-0042/43/44/45.
fn file_imports(
    f: &ast::File,
    this: &str,
    index: &HashMap<String, usize>,
    diags: &mut Vec<Diagnostic>,
) -> (HashMap<String, usize>, Vec<Import>) {
    let mut imports: HashMap<String, usize> = HashMap::new();
    let mut usings = Vec::new();
    for u in &f.usings {
        if let Some(a) = u.attributes.first() {
            diags.push(Diagnostic::error(
                ids::ATTRIBUTES_NOT_ALLOWED_ON_LIBRARY_IMPORT,
                a.span,
                "attributes and doc comments are not allowed on `using`",
            ));
        }
        let dotted = u.library.dotted();
        let Some(&lib) = index.get(&dotted) else {
            continue; // unknown: reported while ordering
        };
        if dotted == this {
            continue;
        }
        if usings.iter().any(|(l, _, _)| *l == lib) {
            diags.push(Diagnostic::error(
                ids::DUPLICATE_LIBRARY_IMPORT,
                u.span,
                format!("library `{dotted}` is imported twice"),
            ));
            continue;
        }
        let key = u.alias.as_ref().map_or(dotted.clone(), |a| a.text.clone());
        if imports.contains_key(&key) {
            let (id, what) = match &u.alias {
                Some(_) => (ids::CONFLICTING_LIBRARY_IMPORT_ALIAS, "alias"),
                None => (ids::CONFLICTING_LIBRARY_IMPORT, "name"),
            };
            diags.push(Diagnostic::error(
                id,
                u.span,
                format!(
                    "the import {what} `{key}` is already taken by another import of this file"
                ),
            ));
            continue;
        }
        imports.insert(key, lib);
        usings.push((lib, u.library.span, dotted));
    }
    (imports, usings)
}

/// fi-0038/fi-0039: a declaration named like a one-component import name of its file.
fn decl_vs_import_names(file: &FileSource, libraries: &[String], diags: &mut Vec<Diagnostic>) {
    let single: Vec<(&String, usize)> = file
        .imports
        .iter()
        .filter(|(k, _)| !k.contains('.'))
        .map(|(k, v)| (k, *v))
        .collect();
    for d in &file.ast.decls {
        let name = d.name();
        for (import, lib) in &single {
            let id = if name.text == **import {
                ids::DECL_NAME_CONFLICTS_WITH_LIBRARY_IMPORT
            } else if canonical(&name.text) == canonical(import) {
                ids::DECL_NAME_CONFLICTS_WITH_LIBRARY_IMPORT_CANONICAL
            } else {
                continue;
            };
            diags.push(Diagnostic::error(
                id,
                name.span,
                format!(
                    "declaration `{}` conflicts with the import of library `{}` under the name `{import}`",
                    name.text, libraries[*lib]
                ),
            ));
        }
    }
}

/// Checks made while reading one declaration.
fn consume_decl(d: &Decl, options: &Options, diags: &mut Vec<Diagnostic>) {
    typo_warnings(d.attributes(), diags);
    match d {
        Decl::Type { ty, .. } => match &ty.layout {
            LayoutRef::Inline(layout) => {
                consume_layout(layout, diags);
                // `type S = struct {}:optional;`: a declaration is not a use; optionality and
                // bounds belong where the layout is used.
                if let (Some(first), Some(last)) = (ty.constraints.first(), ty.constraints.last()) {
                    diags.push(Diagnostic::error(
                        ids::TOO_MANY_CONSTRAINTS,
                        first.span().to(last.span()),
                        "a layout declaration takes no constraints; constrain its uses instead",
                    ));
                }
            }
            _ if !options.experimental("allow_new_types") => diags.push(Diagnostic::error(
                ids::NEW_TYPES_NOT_ALLOWED,
                d.name().span,
                format!(
                    "new types are not allowed: `type {} = …` must be a layout; write `alias {} = …`",
                    d.name().text,
                    d.name().text
                ),
            )),
            _ => {}
        },
        Decl::Alias { ty, .. } | Decl::Const { ty, .. } => consume_ctor(ty, diags),
        Decl::Protocol { methods, composes, .. } => {
            for c in composes {
                typo_warnings(&c.attributes, diags);
            }
            for m in methods {
                typo_warnings(&m.attributes, diags);
                for t in m.request.iter().chain(m.response.iter().flatten()).chain(&m.error) {
                    consume_ctor(t, diags);
                }
                let versioned = m.modifiers.iter().any(|x| x.availability.is_some());
                if m.response.is_some() && m.error.is_none() && (m.modifiers.len() > 1 || versioned) {
                    diags.push(Diagnostic::error(
                        ids::CANNOT_CHANGE_METHOD_STRICTNESS,
                        m.modifiers[0].name.span,
                        format!(
                            "the strictness of two-way method `{}` cannot change over versions: it decides whether the response is a result union",
                            m.name.text
                        ),
                    ));
                }
            }
        }
        Decl::Service { members, .. } | Decl::Resource { properties: members, .. } => {
            for m in members {
                typo_warnings(&m.attributes, diags);
            }
        }
    }
}

fn consume_ctor(t: &ast::TypeCtor, diags: &mut Vec<Diagnostic>) {
    if let LayoutRef::Inline(layout) = &t.layout {
        consume_layout(layout, diags);
        if let Some(name) = ast::find_attribute(&layout.attributes, "generated_name") {
            check_generated_name(name, diags);
        }
    }
    for p in &t.params {
        consume_ctor(p, diags);
    }
}

fn consume_layout(layout: &ast::Layout, diags: &mut Vec<Diagnostic>) {
    typo_warnings(&layout.attributes, diags);
    for m in &layout.members {
        typo_warnings(&m.attributes, diags);
        if layout.kind == ast::LayoutKind::Struct
            && m.value.is_some()
            && ast::find_attribute(&m.attributes, "allow_deprecated_struct_defaults").is_none()
        {
            diags.push(Diagnostic::error(
                ids::DEPRECATED_STRUCT_DEFAULTS,
                m.name.span,
                format!(
                    "struct member `{}` has a default value; defaults are deprecated",
                    m.name.text
                ),
            ));
        }
        if let Some(t) = &m.ty {
            consume_ctor(t, diags);
        }
    }
}

fn check_generated_name(a: &Attribute, diags: &mut Vec<Diagnostic>) {
    if let [arg] = a.args.as_slice()
        && let ast::Constant::Literal(ast::Literal::Str(s), span) = &arg.value
        && !crate::names::is_valid_identifier(s)
    {
        diags.push(Diagnostic::error(
            ids::INVALID_GENERATED_NAME,
            *span,
            format!("@generated_name(\"{s}\") is not a valid identifier"),
        ));
    }
}

/// fi-0145: a non-official attribute one edit away from an official one.
fn typo_warnings(attrs: &[Attribute], diags: &mut Vec<Diagnostic>) {
    for a in attrs {
        let name = a.name.text.as_str();
        if OFFICIAL_ATTRIBUTES.contains(&name) {
            continue;
        }
        for official in OFFICIAL_ATTRIBUTES {
            if edit_distance(name, official) == 1 {
                diags.push(Diagnostic::warning(
                    ids::ATTRIBUTE_TYPO,
                    a.span,
                    format!("attribute `@{name}` looks like a misspelling of `@{official}`"),
                ));
            }
        }
    }
}
