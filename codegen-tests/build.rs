//! Generates Rust from this crate's `.fidl` files and, when the shared reference material sits
//! beside the repository, from every `.fidl` file in it — through `fidlwire_build::Config`,
//! exactly as a user's build.rs would.

use std::path::{Path, PathBuf};

fn fidl_files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.to_string_lossy().ends_with(suffix))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    println!("cargo::rustc-check-cfg=cfg(shared)");
    // New files in `fidl/` must regenerate too, not only edits of the known ones.
    println!(
        "cargo::rerun-if-changed={}",
        manifest.join("fidl").display()
    );

    let own = fidl_files(&manifest.join("fidl"), ".fidl");
    fidlwire_build::Config::new()
        .include_file("own.rs")
        .serde(true)
        // `library/Type` is FIDL's own spelling; Point (plain) already has Eq.
        .type_attribute("fidlwire.kitchen/Point", "#[derive(PartialOrd, Ord)]")
        .field_attribute(
            "fidlwire.kitchen.Shape.name",
            "/// Injected by field_attribute.",
        )
        .compile(&own, &[manifest.join("fidl")])
        .unwrap_or_else(|e| panic!("{e}"));

    let shared = manifest.join("../../shared");
    println!("cargo::rerun-if-changed={}", shared.display());
    if shared.join("gidl").is_dir() {
        println!("cargo::rustc-cfg=shared");
        let sets = [
            (
                "conformance.rs",
                fidl_files(&shared.join("gidl"), ".test.fidl"),
            ),
            (
                "benchmarks.rs",
                fidl_files(&shared.join("benchmark_suite"), ".fidl"),
            ),
            (
                "examples.rs",
                fidl_files(&shared.join("fidl-examples"), ".fidl"),
            ),
        ];
        for (include, files) in sets {
            if files.is_empty() {
                panic!("{} has no .fidl files", shared.display());
            }
            fidlwire_build::Config::new()
                .include_file(include)
                .compile(&files, &[] as &[&Path])
                .unwrap_or_else(|e| panic!("{e}"));
        }
    } else {
        println!(
            "cargo::warning=../shared is absent: skipping generated code for the shared .fidl files"
        );
        for include in ["conformance.rs", "benchmarks.rs", "examples.rs"] {
            std::fs::write(out.join(include), "").unwrap();
        }
    }
}
