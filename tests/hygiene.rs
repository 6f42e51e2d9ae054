//! Release hygiene that would otherwise regress silently (issue 15): a plain `cargo test` does
//! not build the benchmark peers, the declared license is shipped, the changelog exists, the
//! manifest carries no placeholder URL, and docs.rs builds every feature.

fn manifest() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap()
}

#[test]
fn default_members_leave_out_the_benchmark_crate() {
    let text = manifest();
    let line = text
        .lines()
        .find(|l| l.starts_with("default-members"))
        .expect("default-members is set");
    assert!(
        !line.contains("\"benches\""),
        "benches (criterion, rkyv, prost, …) must not build on a plain `cargo test`: {line}"
    );
    let members = text.lines().find(|l| l.starts_with("members")).unwrap();
    assert!(
        members.contains("\"benches\""),
        "but it stays a workspace member"
    );
}

#[test]
fn the_declared_license_is_shipped() {
    assert!(manifest().contains("license = \"BSD-2-Clause\""));
    let license = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/LICENSE")).unwrap();
    assert!(license.starts_with("BSD 2-Clause License"));
}

#[test]
fn changelog_docs_rs_and_no_placeholder_urls() {
    let changelog =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/CHANGELOG.md")).unwrap();
    assert!(changelog.contains("## [Unreleased]"));
    let text = manifest();
    assert!(
        !text.contains("example.invalid"),
        "placeholder URL in Cargo.toml"
    );
    assert!(text.contains("[package.metadata.docs.rs]"));
}

#[test]
fn the_msrv_is_what_ci_checks() {
    // `.ci/msrv` reads rust-version from this manifest; keep it a plain "X.Y" it can parse.
    let text = manifest();
    let v = text
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("rust-version = \"X.Y\"");
    assert!(
        v.split('.').all(|p| p.parse::<u32>().is_ok()),
        "rust-version {v:?}"
    );
    let ci = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/run")).unwrap();
    assert!(ci.contains(".ci/msrv") && ci.contains("RUSTDOCFLAGS=\"-D warnings\" cargo doc"));
}

#[test]
fn the_cli_does_not_replace_the_library_docs() {
    // The `fidlwire` CLI (in fidlwire-build) shares the library's name; documented, its page
    // would replace the library's in `cargo doc`.
    let build = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fidlwire-build/Cargo.toml"
    ))
    .unwrap();
    let bin = build.split("[[bin]]").nth(1).expect("the CLI target");
    assert!(
        bin.contains("name = \"fidlwire\"") && bin.contains("doc = false"),
        "{bin}"
    );
}
