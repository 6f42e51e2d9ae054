//! Generates the examples' Rust from `fidl/` and, when the shared reference material sits
//! beside the repository, from `../shared/fidl-examples` — as any user's build.rs would.

use std::path::{Path, PathBuf};

fn fidl_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "fidl"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    println!("cargo::rustc-check-cfg=cfg(shared)");
    // New files in `fidl/` must regenerate too, not only edits of the known ones.
    println!(
        "cargo::rerun-if-changed={}",
        manifest.join("fidl").display()
    );
    fidlwire_build::Config::new()
        // The README's build.rs snippet (tests/readme.rs keeps the two identical).
        .type_attribute(
            "fidlwire.examples.kvstore.Item",
            "#[derive(Eq, Hash, PartialOrd, Ord)]",
        )
        .compile(
            &fidl_files(&manifest.join("fidl")),
            &[manifest.join("fidl")],
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let shared = manifest.join("../../shared/fidl-examples");
    println!("cargo::rerun-if-changed={}", shared.display());
    let files = fidl_files(&shared);
    if files.is_empty() {
        println!("cargo::warning=../shared/fidl-examples is absent: its protocols are not built");
        let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
        std::fs::write(out.join("shared.rs"), "").unwrap();
    } else {
        println!("cargo::rustc-cfg=shared");
        fidlwire_build::Config::new()
            .include_file("shared.rs")
            .compile(&files, &[] as &[&Path])
            .unwrap_or_else(|e| panic!("{e}"));
    }
}
