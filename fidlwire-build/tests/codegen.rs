//! Generated output: a committed snapshot of a representative library (fails on drift; re-bless
//! with `FIDLWIRE_BLESS=1 cargo test -p fidlwire-build --test codegen`), rustfmt-cleanliness,
//! the @generated marker, no `unsafe`, and the CLI.

use std::path::{Path, PathBuf};
use std::process::Command;

fn kitchen() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen-tests/fidl");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        // The binding tests' library has its own tests; the snapshot stays on the kitchen.
        .filter(|p| !p.ends_with("bindings.fidl"))
        .collect();
    v.sort();
    v
}

/// The snapshot is of formatted output, and formatting is part of what is tested: without
/// rustfmt these tests fail (they used to pass silently, checking nothing).
fn require_rustfmt() {
    let found = Command::new("rustfmt")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "rustfmt is not installed (`rustup component add rustfmt`): the codegen snapshot and \
         formatting tests need it"
    );
}

fn generated() -> String {
    fidlwire_build::Config::new()
        .generate(&kitchen(), &[] as &[&Path])
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn snapshot_matches() {
    require_rustfmt();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/kitchen.rs");
    let code = generated();
    if std::env::var_os("FIDLWIRE_BLESS").is_some() {
        std::fs::write(&path, &code).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if code != expected {
        let line = code
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .map_or(0, |i| i + 1);
        panic!(
            "generated code differs from {} (first difference at line {line}).\n\
             If the change is intended, re-bless with:\n  FIDLWIRE_BLESS=1 cargo test -p fidlwire-build --test codegen",
            path.display()
        );
    }
}

#[test]
fn output_is_rustfmt_clean_marked_generated_and_safe() {
    let code = generated();
    assert!(code.starts_with("// @generated"));
    assert!(
        !code.contains("unsafe"),
        "generated code must not contain unsafe"
    );
    require_rustfmt();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.rs");
    std::fs::write(&file, &code).unwrap();
    let status = Command::new("rustfmt")
        .args(["--edition", "2024", "--check"])
        .arg(&file)
        .status()
        .unwrap();
    assert!(status.success(), "rustfmt --check failed on generated code");
}

#[test]
fn cli_check_and_gen() {
    let exe = env!("CARGO_BIN_EXE_fidlwire");
    let files = kitchen();
    let ok = Command::new(exe)
        .arg("check")
        .args(&files)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.fidl");
    std::fs::write(&bad, "library bad;\ntype S = struct { x Missing; };\n").unwrap();
    let out = Command::new(exe).arg("check").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "{}:2:21: error[fi-0052]: no declaration named `Missing` is visible in library `bad`",
            bad.display()
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("                    ^^^^^^^"),
        "caret under the span: {stderr}"
    );

    let target = dir.path().join("out.rs");
    let generate = Command::new(exe)
        .arg("gen")
        .args(files.iter().rev())
        .arg("-o")
        .arg(&target)
        .output()
        .unwrap();
    assert!(
        generate.status.success(),
        "{}",
        String::from_utf8_lossy(&generate.stderr)
    );
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("pub struct ShapesMarker;")
    );

    let usage = Command::new(exe).output().unwrap();
    assert_eq!(usage.status.code(), Some(2));
    let missing = Command::new(exe)
        .args(["check", "/nonexistent.fidl"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn extern_path_reuses_types_from_elsewhere() {
    let code = fidlwire_build::Config::new()
        .format(false)
        .extern_path("fidlwire.kitchen.units", "::units_crate")
        .generate(&kitchen(), &[] as &[&Path])
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        code.contains("pub size: ::units_crate::Size"),
        "references go to the extern path"
    );
    assert!(
        !code.contains("pub mod units"),
        "the extern library is not generated"
    );
    assert!(!code.contains("pub struct Size"));
}

#[test]
fn field_and_type_attributes_are_injected_where_the_path_matches() {
    let code = fidlwire_build::Config::new()
        .format(false)
        .type_attribute("fidlwire.kitchen.Point", "#[derive(Default)]")
        .field_attribute("fidlwire.kitchen.Shape.name", "#[doc = \"injected\"]")
        .generate(&kitchen(), &[] as &[&Path])
        .unwrap_or_else(|e| panic!("{e}"));
    let point = code.find("pub struct Point").unwrap();
    assert!(
        code[..point].trim_end().ends_with("#[derive(Default)]"),
        "type attribute sits right above Point"
    );
    assert_eq!(
        code.matches("#[derive(Default)]").count(),
        1,
        "and nowhere else"
    );
    // Shape.name is written with the alias `Name`.
    let name = code.find("pub name: Name").unwrap();
    assert!(code[..name].trim_end().ends_with("#[doc = \"injected\"]"));
}

#[test]
fn bindings_denylist_is_honoured_unless_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deny.fidl");
    std::fs::write(
        &file,
        "library deny.test;\n\
         @bindings_denylist(\"rust, hlcpp\")\ntype Skipped = struct { a uint8; };\n\
         @bindings_denylist(\"go\")\ntype Kept = struct { b uint8; };\n",
    )
    .unwrap();
    let generate = |ignore: bool| {
        fidlwire_build::Config::new()
            .format(false)
            .ignore_bindings_denylist(ignore)
            .generate(&[&file], &[] as &[&Path])
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let default = generate(false);
    assert!(default.contains("pub struct Kept"));
    assert!(!default.contains("pub struct Skipped"));
    let all = generate(true);
    assert!(all.contains("pub struct Kept") && all.contains("pub struct Skipped"));
}

#[test]
fn attribute_paths_that_select_nothing_are_errors() {
    let err = fidlwire_build::Config::new()
        .format(false)
        .type_attribute("fidlwire.kitchen.Pointt", "#[derive(Default)]")
        .field_attribute("fidlwire.kitchen.Shape.nmae", "#[doc = \"x\"]")
        .generate(&kitchen(), &[] as &[&Path])
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("`fidlwire.kitchen.Pointt`"), "{text}");
    assert!(text.contains("`fidlwire.kitchen.Shape.nmae`"), "{text}");
    // FIDL's `library/Type` spelling selects the same type.
    let code = fidlwire_build::Config::new()
        .format(false)
        .type_attribute("fidlwire.kitchen/Shape", "#[doc = \"slash\"]")
        .generate(&kitchen(), &[] as &[&Path])
        .unwrap_or_else(|e| panic!("{e}"));
    let shape = code.find("pub struct Shape {").unwrap();
    assert!(
        code[..shape].trim_end().ends_with("#[doc = \"slash\"]"),
        "the attribute sits right above Shape"
    );
}

#[test]
fn errors_debug_is_the_rendered_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.fidl");
    std::fs::write(&file, "library bad;\ntype X = struct { y Nope; };\n").unwrap();
    let err = fidlwire_build::Config::new()
        .generate(&[&file], &[] as &[&Path])
        .unwrap_err();
    // What `fn main() -> Result<(), Errors>` and `.unwrap()` print.
    let debug = format!("{err:?}");
    assert!(debug.contains("error[fi-"), "{debug}");
    assert!(debug.contains("bad.fidl:2:"), "{debug}");
    assert!(!debug.contains("Span"), "{debug}");
}

#[test]
fn aliases_and_bound_constants_keep_their_names() {
    let code = fidlwire_build::Config::new()
        .format(false)
        .bindings(false)
        .generate_source(
            "names.fidl",
            "library names;
             const MAX_KEY uint32 = 64;
             alias Key = string:MAX_KEY;
             type Item = struct { key Key; other string:MAX_KEY; plain string:7; keys vector<Key>:MAX_KEY; };
             type Meta = table { 1: key Key; };
             type Pick = flexible union { 1: key Key; };",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let code = code.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(code.contains("pub type Key = String;"), "{code}");
    // A member written with the alias has the alias's type and the constant's bound.
    assert!(code.contains("pub key: Key,"), "{code}");
    assert!(
        code.contains("StringConstraint::new(MAX_KEY as u32))] pub key: Key,"),
        "{code}"
    );
    // A bound written with the constant names it; a literal stays a literal.
    assert!(
        code.contains("StringConstraint::new(MAX_KEY as u32))] pub other: String,"),
        "{code}"
    );
    assert!(
        code.contains("StringConstraint::new(7))] pub plain: String,"),
        "{code}"
    );
    assert!(code.contains("pub key: Option<Key>,"), "{code}");
    // Element types keep theirs too.
    assert!(
        code.contains(
            "VecConstraint::new(MAX_KEY as u32, ::fidlwire::StringConstraint::new(MAX_KEY as u32)))] pub keys: Vec<Key>,"
        ),
        "{code}"
    );
    assert!(code.contains("Key(Key),"), "{code}");
}

#[test]
fn the_unknown_variant_is_always_unknown() {
    let code = fidlwire_build::Config::new()
        .format(false)
        .bindings(false)
        .generate_source(
            "unknown.fidl",
            "library unknowns;
             type A = flexible enum { UNKNOWN = 0; ONE = 1; };
             type B = flexible enum { ONE = 1; };
             type C = flexible union { 1: unknown uint32; 2: other string; };",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let code = code.split_whitespace().collect::<Vec<_>>().join(" ");
    // A member named UNKNOWN becomes `Unknown_`; the catch-all is `Unknown` everywhere.
    assert!(code.contains("Unknown_,"), "{code}");
    assert!(code.contains("Unknown_(u32),"), "{code}");
    assert_eq!(
        code.matches("#[fidl(unknown)] Unknown(").count(),
        3,
        "{code}"
    );
}
