//! The input side shared by the GIDL-driven build scripts (`fidlwire-conformance`,
//! `fidlwire-bench`): find `.test.fidl` and `.gidl` files in directories, compile the FIDL and
//! generate its Rust types into `OUT_DIR/fidl.rs`.

use fidlwire_build::ir::Ir;
use std::path::{Path, PathBuf};

/// Files in `dir` whose names end with `suffix`, sorted (none if `dir` is missing).
pub fn files_in(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.to_string_lossy().ends_with(suffix))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Compiles every `.test.fidl` in `dirs`, writes the generated types to `out/fidl.rs`, and
/// returns the IR with every `.gidl` file found. Panics (failing the build) on any error.
pub fn compile(dirs: &[PathBuf], out: &Path, ignore_denylist: bool) -> (Ir, Vec<PathBuf>) {
    let mut fidl = Vec::new();
    let mut gidl = Vec::new();
    for d in dirs {
        println!("cargo::rerun-if-changed={}", d.display());
        fidl.extend(files_in(d, ".test.fidl"));
        gidl.extend(files_in(d, ".gidl"));
    }
    let ir =
        fidlwire_build::compile_files(&fidl, &Default::default()).unwrap_or_else(|e| panic!("{e}"));
    fidlwire_build::Config::new()
        .out_dir(out)
        .include_file("fidl.rs")
        .format(false)
        // The codec is under test here: protocols need only their method metadata.
        .bindings(false)
        .ignore_bindings_denylist(ignore_denylist)
        .compile(&fidl, &[] as &[&Path])
        .unwrap_or_else(|e| panic!("{e}"));
    (ir, gidl)
}
