//! Turns GIDL benchmark sections into workloads over types generated from their `.test.fidl`.
//!
//! Inputs: `../../shared/benchmark_suite` when present (the upstream workloads, under their
//! upstream names) and this crate's `workloads/` (always; so `cargo bench` runs on a clone
//! without `shared/`). Outputs in `OUT_DIR`: `fidl.rs` (types, via `fidlwire-build` like any
//! user's build.rs) and `workloads.rs` (the `WORKLOADS` table).

#[path = "../conformance/src/gidl/mod.rs"]
#[allow(dead_code)]
mod gidl;
#[path = "../conformance/build/inputs.rs"]
mod inputs;
#[path = "../conformance/build/values.rs"]
#[allow(dead_code)]
mod values;

use fidlwire_build::codegen::Naming;
use fidlwire_build::ir::Ty;
use gidl::SectionKind;
use std::fmt::Write;
use std::path::PathBuf;
use values::{Gen, subtype_code};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let mut dirs = vec![manifest.join("workloads")];
    let shared = manifest.join("../../shared/benchmark_suite");
    println!("cargo::rerun-if-changed={}", shared.display());
    println!("cargo::rerun-if-env-changed=FIDLWIRE_BENCH_OWN_ONLY");
    if shared.is_dir() && std::env::var_os("FIDLWIRE_BENCH_OWN_ONLY").is_none() {
        dirs.push(shared);
    } else {
        println!(
            "cargo::warning=../shared/benchmark_suite is absent: benchmarking only this crate's own workloads"
        );
    }
    // Every workload type, including those upstream marks @bindings_denylist("rust").
    let (ir, gidl_files) = inputs::compile(&dirs, &out, true);
    let g = Gen {
        ir: &ir,
        naming: Naming::new(&ir),
    };

    let mut table = String::new();
    let mut fns = String::new();
    let mut seen = std::collections::HashSet::new();
    for path in &gidl_files {
        let text = std::fs::read_to_string(path).unwrap();
        let file =
            gidl::parse(&path.display().to_string(), &text).unwrap_or_else(|e| panic!("{e}"));
        let origin = path.file_name().unwrap().to_string_lossy().to_string();
        for s in &file.sections {
            // Every workload, whatever its bindings_allowlist says: those lists record which
            // upstream bindings implement a workload, not what the wire format allows.
            if s.kind != Some(SectionKind::Benchmark) {
                continue;
            }
            assert!(
                seen.insert(s.name.clone()),
                "duplicate benchmark name {:?} in {origin}",
                s.name
            );
            let value = s.value.as_ref().expect("a benchmark has a value");
            let expr = g
                .top_type(value)
                .and_then(|id| {
                    let e = g.value(
                        value,
                        &Ty::Decl {
                            id,
                            optional: false,
                        },
                        false,
                    )?;
                    Ok((g.path(id), e))
                })
                .unwrap_or_else(|e| panic!("{origin}: benchmark {:?}: {e}", s.name));
            let f = format!("w{}", seen.len());
            let defs: Vec<String> = s
                .handle_defs
                .iter()
                .map(|d| format!("({}, {:?})", subtype_code(d.subtype), d.rights))
                .collect();
            let _ = writeln!(
                fns,
                "#[allow(unused_variables)]\nfn {f}(r: &mut crate::suite::Runner<'_>) {{\n    \
                 r.run(|h: &mut crate::suite::Handles| -> {} {{ {} }});\n}}\n",
                expr.0, expr.1
            );
            let _ = writeln!(
                table,
                "    crate::suite::Workload {{ name: {:?}, origin: {origin:?}, handles: &[{}], run: {f} }},",
                s.name,
                defs.join(", ")
            );
        }
    }
    let _ = writeln!(
        fns,
        "/// Every benchmark workload, in file order.\npub static WORKLOADS: &[crate::suite::Workload] = &[\n{table}];"
    );
    std::fs::write(out.join("workloads.rs"), fns).unwrap();
}
