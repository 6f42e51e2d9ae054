//! The `build.rs` entry point, in the prost-build style.

use crate::codegen::{GenOptions, generate, module_tree};
use crate::compile::{Options, compile};
use crate::diagnostic::{Errors, SourceMap};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// `(library name, generated code)` pairs.
type Libraries = Vec<(String, String)>;

/// Configures and runs FIDL → Rust generation.
///
/// ```no_run
/// // build.rs
/// fidlwire_build::Config::new()
///     .type_attribute(".", "#[derive(Hash)]")
///     .compile(&["fidl/store.fidl"], &["fidl/"])
///     .unwrap();
/// ```
#[derive(Debug, Clone)]
pub struct Config {
    out_dir: Option<PathBuf>,
    include_file: String,
    generator: GenOptions,
    options: Options,
    format: bool,
    emit_rerun: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config::new()
    }
}

impl Config {
    /// A configuration writing to `$OUT_DIR`, with `fidl.rs` as the module-tree file.
    pub fn new() -> Config {
        Config {
            out_dir: None,
            include_file: "fidl.rs".into(),
            generator: GenOptions {
                bindings: true,
                ..GenOptions::default()
            },
            options: Options::default(),
            format: true,
            emit_rerun: true,
        }
    }

    /// Whether to generate, for every protocol, an async client (`…Proxy`) and a server trait
    /// (`…Server`) on top of `fidlwire-bindings` (default true; the crate then needs
    /// `fidlwire-bindings` as a dependency). Method metadata (`Method` types, ordinals) and the
    /// `…Request`/`…Event` enums are generated either way and need only `fidlwire`.
    pub fn bindings(&mut self, bindings: bool) -> &mut Self {
        self.generator.bindings = bindings;
        self
    }

    /// Also generate declarations marked `@bindings_denylist("rust")` (default: skip them, as
    /// upstream bindings do). Benchmarks use this to port workloads upstream Rust left out.
    pub fn ignore_bindings_denylist(&mut self, ignore: bool) -> &mut Self {
        self.generator.ignore_bindings_denylist = ignore;
        self
    }

    /// Where to write (default: the `OUT_DIR` environment variable).
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Name of the module-tree file (default `fidl.rs`); include it with
    /// `include!(concat!(env!("OUT_DIR"), "/fidl.rs"));`.
    pub fn include_file(&mut self, name: impl Into<String>) -> &mut Self {
        self.include_file = name.into();
        self
    }

    /// Adds `attribute` (e.g. `"#[derive(serde::Serialize)]"`) to matching types: `"."` for
    /// all, `"lib.name"` for a library, `"lib.name.Type"` (or FIDL's `"lib.name/Type"`) for one
    /// type. A path that selects nothing makes [`Config::compile`] fail, so a typo cannot go
    /// unnoticed.
    ///
    /// Generated types already derive what every instance of their kind supports (see the
    /// README): enums and bits are `Copy + Eq + Hash`, value types `Clone`,
    /// padding-free number structs `Copy + Default + Eq + Hash` when their members allow it. An
    /// attribute given for `"."` must suit every type, resource types with handles included.
    pub fn type_attribute(
        &mut self,
        path: impl Into<String>,
        attribute: impl Into<String>,
    ) -> &mut Self {
        self.generator
            .type_attributes
            .push((path.into(), attribute.into()));
        self
    }

    /// Adds `attribute` to matching fields and variants (`"lib.name.Type.member"`, or a prefix
    /// of it for all members of a type or library). A path that selects nothing makes
    /// [`Config::compile`] fail.
    pub fn field_attribute(
        &mut self,
        path: impl Into<String>,
        attribute: impl Into<String>,
    ) -> &mut Self {
        self.generator
            .field_attributes
            .push((path.into(), attribute.into()));
        self
    }

    /// Derives `serde::Serialize` and `serde::Deserialize` for every value type (structs,
    /// tables, unions, enums, bits; not resource types, whose handles cannot be serialized,
    /// nor layouts with an array member longer than serde's 32). The crate then needs `serde`
    /// (with `derive`) as a dependency, and `fidlwire` with its `serde` feature (result unions
    /// hold `fidlwire::fidl::FrameworkErr`). Default false.
    pub fn serde(&mut self, serde: bool) -> &mut Self {
        self.generator.serde = serde;
        self
    }

    /// Uses the types of FIDL library `library` from the Rust module `rust_path` (e.g. another
    /// crate's generated code) instead of generating them.
    pub fn extern_path(
        &mut self,
        library: impl Into<String>,
        rust_path: impl Into<String>,
    ) -> &mut Self {
        self.generator
            .extern_paths
            .insert(library.into(), rust_path.into());
        self
    }

    /// Compiles every versioned library at `version` (default: HEAD), unless
    /// [`Config::available`] selects another for its platform.
    pub fn version(&mut self, version: u64) -> &mut Self {
        self.options.version = Some(version);
        self
    }

    /// Compiles the libraries of `platform` at `version` (`--available platform:version`);
    /// versions above 2^31−1 stand for `NEXT` and `HEAD`, see
    /// [`crate::compile::availability::NEXT`].
    pub fn available(&mut self, platform: impl Into<String>, version: u64) -> &mut Self {
        self.options.available.insert(platform.into(), version);
        self
    }

    /// Turns warnings into errors (fidlc's `--werror`).
    pub fn werror(&mut self, werror: bool) -> &mut Self {
        self.options.werror = werror;
        self
    }

    /// Enables an `--experimental` switch of fidlc, e.g. `"allow_new_types"`; see
    /// [`crate::compile::EXPERIMENTAL_FLAGS`].
    pub fn experimental(&mut self, flag: impl Into<String>) -> &mut Self {
        self.options.experimental.insert(flag.into());
        self
    }

    /// Whether to run the output through `rustfmt` when it is installed (default true).
    pub fn format(&mut self, format: bool) -> &mut Self {
        self.format = format;
        self
    }

    /// Whether to print `cargo:rerun-if-changed` lines (default true).
    pub fn emit_rerun_if_changed(&mut self, emit: bool) -> &mut Self {
        self.emit_rerun = emit;
        self
    }

    /// Compiles `files` (plus the libraries they use, found in `includes`) and writes one
    /// `<library>.rs` per library and the module-tree file into the output directory.
    pub fn compile(
        &self,
        files: &[impl AsRef<Path>],
        includes: &[impl AsRef<Path>],
    ) -> Result<(), Errors> {
        let out_dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| Errors::plain("OUT_DIR is not set; call out_dir()"))?,
        };
        let (libraries, paths) = self.generate_libraries(files, includes)?;
        if self.emit_rerun {
            for p in &paths {
                println!("cargo:rerun-if-changed={}", p.display());
            }
        }
        let write = |name: &str, text: &str| {
            std::fs::write(out_dir.join(name), text).map_err(|e| {
                Errors::plain(format!(
                    "cannot write {}: {e}",
                    out_dir.join(name).display()
                ))
            })
        };
        let names: Vec<String> = libraries.iter().map(|(n, _)| n.clone()).collect();
        for (name, code) in &libraries {
            write(&format!("{name}.rs"), code)?;
        }
        let tree = module_tree(&names, &|lib| {
            format!("include!(concat!(env!(\"OUT_DIR\"), \"/{lib}.rs\"));")
        });
        write(&self.include_file, &tree)
    }

    /// Compiles and returns the generated Rust as one self-contained module tree.
    pub fn generate(
        &self,
        files: &[impl AsRef<Path>],
        includes: &[impl AsRef<Path>],
    ) -> Result<String, Errors> {
        let (libraries, _) = self.generate_libraries(files, includes)?;
        Ok(self.tree(&libraries))
    }

    /// The files a compilation of `files` reads: `files` themselves, then every `.fidl` file
    /// of `includes` whose library they import, transitively.
    pub fn sources(
        &self,
        files: &[impl AsRef<Path>],
        includes: &[impl AsRef<Path>],
    ) -> Result<Vec<PathBuf>, Errors> {
        collect_sources(files, includes)
    }

    fn generate_libraries(
        &self,
        files: &[impl AsRef<Path>],
        includes: &[impl AsRef<Path>],
    ) -> Result<(Libraries, Vec<PathBuf>), Errors> {
        let paths = collect_sources(files, includes)?;
        let mut sources = SourceMap::default();
        for p in &paths {
            let text = std::fs::read_to_string(p)
                .map_err(|e| Errors::plain(format!("cannot read {}: {e}", p.display())))?;
            sources.add(p.display().to_string(), text);
        }
        let includes: Vec<String> = includes
            .iter()
            .map(|d| d.as_ref().display().to_string())
            .collect();
        Ok((self.generate_sources(&sources, includes)?, paths))
    }

    /// Compiles `sources` and generates one formatted module per library.
    fn generate_sources(
        &self,
        sources: &SourceMap,
        include_dirs: Vec<String>,
    ) -> Result<Libraries, Errors> {
        let mut options = self.options.clone();
        options.include_dirs = include_dirs;
        let ir = compile(sources, &options)?;
        if self.emit_rerun {
            // Inside a build script: warnings show in cargo's output.
            for w in &ir.warnings {
                println!("cargo:warning={}", w.headline(&ir.sources));
            }
        }
        let generated = generate(&ir, &self.generator);
        if !generated.unmatched.is_empty() {
            return Err(Errors::plain(format!(
                "type_attribute/field_attribute paths that select no declaration: {} \
                 (paths are `library.Type` or `library.Type.member`, `.` for everything)",
                generated
                    .unmatched
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        Ok(generated
            .libraries
            .into_iter()
            .map(|(n, code)| (n, self.rustfmt(code)))
            .collect())
    }

    /// Compiles FIDL source text held in memory (`name` is the file name diagnostics use) and
    /// returns the generated Rust as one module tree, like [`Config::generate`]. Handy in
    /// tests and tools; a `using` can only name `zx` and `fidl` (there are no include
    /// directories).
    ///
    /// ```
    /// let rust = fidlwire_build::Config::new()
    ///     .bindings(false)
    ///     .generate_source("point.fidl", "library geo; type Point = struct { x int32; y int32; };")
    ///     .unwrap();
    /// assert!(rust.contains("pub struct Point {"));
    /// ```
    pub fn generate_source(&self, name: &str, source: &str) -> Result<String, Errors> {
        let mut sources = SourceMap::default();
        sources.add(name.to_string(), source.to_string());
        let libraries = self.generate_sources(&sources, Vec::new())?;
        Ok(self.tree(&libraries))
    }

    /// The libraries as one self-contained module tree.
    fn tree(&self, libraries: &Libraries) -> String {
        let names: Vec<String> = libraries.iter().map(|(n, _)| n.clone()).collect();
        let tree = module_tree(&names, &|lib| {
            libraries
                .iter()
                .find(|(n, _)| n == lib)
                .map(|(_, c)| c.clone())
                .unwrap_or_default()
        });
        self.rustfmt(tree)
    }

    fn rustfmt(&self, code: String) -> String {
        if !self.format {
            return code;
        }
        let rustfmt = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
        let Ok(mut child) = Command::new(rustfmt)
            .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
        else {
            return code;
        };
        let wrote = child
            .stdin
            .take()
            .is_some_and(|mut stdin| stdin.write_all(code.as_bytes()).is_ok());
        match child.wait_with_output() {
            Ok(out) if wrote && out.status.success() && !out.stdout.is_empty() => {
                String::from_utf8(out.stdout).unwrap_or(code)
            }
            _ => code,
        }
    }
}

/// `files`, plus every `.fidl` file in `includes` whose library they (transitively) use.
fn collect_sources(
    files: &[impl AsRef<Path>],
    includes: &[impl AsRef<Path>],
) -> Result<Vec<PathBuf>, Errors> {
    let mut chosen: Vec<PathBuf> = files.iter().map(|f| f.as_ref().to_path_buf()).collect();
    let mut candidates: Vec<(PathBuf, String, Vec<String>)> = Vec::new();
    for dir in includes {
        let Ok(entries) = std::fs::read_dir(dir.as_ref()) else {
            continue;
        };
        let mut entries: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "fidl"))
            .collect();
        entries.sort();
        for p in entries {
            if let Some((lib, usings)) = std::fs::read_to_string(&p)
                .ok()
                .and_then(|t| library_and_usings(&t))
            {
                candidates.push((p, lib, usings));
            }
        }
    }
    let mut needed: Vec<String> = Vec::new();
    for f in &chosen {
        let text = std::fs::read_to_string(f)
            .map_err(|e| Errors::plain(format!("cannot read {}: {e}", f.display())))?;
        if let Some((_, usings)) = library_and_usings(&text) {
            needed.extend(usings);
        }
    }
    let mut done: BTreeSet<String> = BTreeSet::new();
    while let Some(lib) = needed.pop() {
        if !done.insert(lib.clone()) {
            continue;
        }
        for (p, l, usings) in &candidates {
            if *l == lib && !chosen.contains(p) {
                chosen.push(p.clone());
                needed.extend(usings.iter().cloned());
            }
        }
    }
    Ok(chosen)
}

fn library_and_usings(text: &str) -> Option<(String, Vec<String>)> {
    let f = crate::parser::parse(0, text).0?;
    Some((
        f.library.dotted(),
        f.usings.iter().map(|u| u.library.dotted()).collect(),
    ))
}
