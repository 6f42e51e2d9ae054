//! The `fidlwire` command line: versions, warnings, experimental switches, library groups and
//! include directories.

use std::process::{Command, Output};

fn run(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fidlwire"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &std::path::Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn available_selects_the_version_that_is_generated() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "v.fidl",
        "@available(added=1)\nlibrary acme.garden;\n@available(added=2)\ntype Later = struct {};\ntype Always = struct {};\n",
    );
    let at1 = run(
        dir.path(),
        &["gen", "v.fidl", "--no-bindings", "--available", "acme:1"],
    );
    assert!(at1.status.success(), "{}", stderr(&at1));
    let code = String::from_utf8_lossy(&at1.stdout);
    assert!(
        code.contains("pub struct Always") && !code.contains("pub struct Later"),
        "{code}"
    );
    let head = run(dir.path(), &["gen", "v.fidl", "--no-bindings"]);
    assert!(String::from_utf8_lossy(&head.stdout).contains("pub struct Later"));
    let bad = run(dir.path(), &["check", "v.fidl", "--available", "acme:0"]);
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
    let malformed = run(dir.path(), &["check", "v.fidl", "--available", "acme"]);
    assert_eq!(malformed.status.code(), Some(2));
}

#[test]
fn warnings_are_printed_and_werror_fails() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "w.fidl",
        "library a;\n@transprt(\"Channel\")\nprotocol P {};\n",
    );
    let ok = run(dir.path(), &["check", "w.fidl"]);
    assert!(ok.status.success());
    assert!(
        stderr(&ok).contains("w.fidl:2:1: warning[fi-0145]"),
        "{}",
        stderr(&ok)
    );
    let strict = run(dir.path(), &["check", "w.fidl", "--werror"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        stderr(&strict).contains("0 errors, 1 warning"),
        "{}",
        stderr(&strict)
    );
}

#[test]
fn experimental_switches() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "n.fidl", "library a;\ntype Depth = uint32;\n");
    let without = run(dir.path(), &["check", "n.fidl"]);
    assert!(stderr(&without).contains("error[fi-0062]"));
    let with = run(
        dir.path(),
        &["check", "n.fidl", "--experimental", "allow_new_types"],
    );
    assert!(with.status.success(), "{}", stderr(&with));
    let unknown = run(
        dir.path(),
        &["check", "n.fidl", "--experimental", "time_travel"],
    );
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn files_groups_are_one_library_each() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.fidl", "library a;\n");
    write(dir.path(), "b.fidl", "library b;\n");
    let out = run(dir.path(), &["check", "--files", "a.fidl", "b.fidl"]);
    assert!(
        stderr(&out).contains("b.fidl:1:9: error[fi-0040]"),
        "{}",
        stderr(&out)
    );
    let out = run(
        dir.path(),
        &["check", "--files", "a.fidl", "--files", "b.fidl"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn unknown_imports_name_the_directories_searched() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "u.fidl", "library a;\nusing acme.weather;\n");
    std::fs::create_dir(dir.path().join("deps")).unwrap();
    let out = run(dir.path(), &["gen", "u.fidl", "-I", "deps"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error[fi-0046]") && err.contains("deps"),
        "{err}"
    );
    // With the library in the include directory, it is found.
    write(
        &dir.path().join("deps"),
        "w.fidl",
        "library acme.weather;\ntype Forecast = struct {};\n",
    );
    write(
        dir.path(),
        "u.fidl",
        "library a;\nusing acme.weather;\nalias F = acme.weather.Forecast;\n",
    );
    let out = run(
        dir.path(),
        &["gen", "u.fidl", "-I", "deps", "--no-bindings"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
}
