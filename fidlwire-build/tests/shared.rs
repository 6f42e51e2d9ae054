//! Every `.fidl` file under `../shared` compiles, and method ordinals of the example protocols
//! match SHA-256 computed here independently. Skipped, with a notice, when `../shared` is absent.

use fidlwire_build::ir::DeclKind;
use fidlwire_build::{Options, compile_files};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    if p.join("gidl").is_dir() {
        Some(p)
    } else {
        println!("notice: ../shared is absent; skipping the shared .fidl files");
        None
    }
}

fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    v.sort();
    v
}

#[test]
fn conformance_libraries_compile() {
    let Some(s) = shared() else { return };
    let f = files(&s.join("gidl"), ".test.fidl");
    assert!(f.len() >= 27);
    let ir = compile_files(&f, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(ir.find("test.conformance", "StructOfSimpleTable").is_some());
    assert!(
        ir.find("test.conformance", "EmptyBits").is_some(),
        "overlay.test.fidl declarations are included"
    );
}

#[test]
fn benchmark_libraries_compile() {
    let Some(s) = shared() else { return };
    let ir = compile_files(
        &files(&s.join("benchmark_suite"), ".fidl"),
        &Options::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(ir.find("test.benchmarkfidl", "StreamPacket").is_some());
}

#[test]
fn example_libraries_compile_and_ordinals_match_independent_sha256() {
    let Some(s) = shared() else { return };
    for file in files(&s.join("fidl-examples"), ".fidl") {
        let ir = compile_files(&[&file], &Options::default()).unwrap_or_else(|e| panic!("{e}"));
        let mut methods = 0;
        for d in &ir.decls {
            let DeclKind::Protocol(p) = &d.kind else {
                continue;
            };
            for m in &p.methods {
                let lib = &ir.libraries[ir.decls[m.declared_in].library].name;
                let selector = format!("{lib}/{}.{}", ir.decls[m.declared_in].name, m.name);
                let digest = Sha256::digest(selector.as_bytes());
                let expected =
                    u64::from_le_bytes(digest[..8].try_into().unwrap()) & 0x7fff_ffff_ffff_ffff;
                assert_eq!(m.ordinal, expected, "{selector}");
                methods += 1;
            }
        }
        assert!(methods > 0, "{} declares methods", file.display());
    }
}

#[test]
fn keyvaluestore_shapes_and_names() {
    let Some(s) = shared() else { return };
    let ir = compile_files(
        &[s.join("fidl-examples/examples.keyvaluestore.additerator.fidl")],
        &Options::default(),
    )
    .unwrap();
    let lib = "examples.keyvaluestore.additerator";
    for name in [
        "StoreWriteItemRequest",
        // fidlc's names for a method's result union and its success payload (§2.6).
        "Store_WriteItem_Result",
        "Store_WriteItem_Response",
        "StoreIterateRequest",
        "IteratorGetResponse",
    ] {
        assert!(ir.find(lib, name).is_some(), "{name}");
    }
    let DeclKind::Struct(item) = &ir.decls[ir.find(lib, "Item").unwrap()].kind else {
        panic!()
    };
    // key string:128 + value vector<byte>:64000
    assert_eq!(
        (
            item.shape.inline_size,
            item.shape.alignment,
            item.shape.depth
        ),
        (32, 8, 1)
    );
    assert_eq!(item.shape.max_out_of_line, 128 + 64000);
    let DeclKind::Struct(req) = &ir.decls[ir.find(lib, "StoreIterateRequest").unwrap()].kind else {
        panic!()
    };
    assert_eq!(
        (req.shape.inline_size, req.shape.max_handles, req.resource),
        (24, 1, true)
    );
}
