//! The `fidlwire decode` and `fidlwire encode` commands, run as a user runs them: the README's
//! annotated dumps are exactly what the tool prints, values round-trip through the text forms,
//! and bad input of every kind ends with an error message and exit code 1, never a panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const KVSTORE: &str = "fidlwire-examples/fidl/kvstore.fidl";
const STORE: &str = "fidlwire.examples.kvstore/Store";
const ITEM: &str = "fidlwire.examples.kvstore/Item";
const WRITE_ITEM: &str = r#"{"attempt": {"key": "fruit/apple", "value": [1, 2, 3]}}"#;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs the tool from the workspace root with `stdin`.
fn run(args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_fidlwire"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "the tool panicked: {stderr}");
    out
}

fn text(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).unwrap()
}

/// The ```text block after the README line containing `marker`.
fn readme_block(marker: &str) -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let after = &readme[readme
        .find(marker)
        .unwrap_or_else(|| panic!("README: {marker}"))..];
    let start = after.find("```text\n").unwrap() + "```text\n".len();
    let end = after[start..].find("\n```").unwrap();
    after[start..start + end].to_string()
}

fn write_item_hex() -> String {
    let out = run(
        &[
            "encode",
            KVSTORE,
            "--protocol",
            STORE,
            "--method",
            "WriteItem",
            "--value",
            WRITE_ITEM,
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn the_readme_shows_what_decode_annotate_prints() {
    let hex = write_item_hex();
    let args = [
        "decode",
        KVSTORE,
        "--protocol",
        STORE,
        "--hex",
        "-",
        "--annotate",
    ];
    let out = run(&args, &hex);
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout).trim_end(),
        readme_block("fidlwire decode --annotate: checked")
    );

    // Byte 62 (a padding byte of the key) set to 0x2a.
    let mut bytes = fidlwire_dynamic::hex::parse(&hex).unwrap();
    assert_eq!(bytes[62], 0);
    bytes[62] = 0x2a;
    let bad = fidlwire_dynamic::hex::format(&bytes);
    let out = run(&args, &bad);
    assert_eq!(out.status.code(), Some(1));
    let shown = text(&out.stdout) + &text(&out.stderr);
    assert_eq!(
        shown.trim_end(),
        readme_block("fidlwire decode --annotate, failing: checked")
    );
}

#[test]
fn values_round_trip_through_json_and_text() {
    let value = r#"{"key": "a/b", "value": [255, 0]}"#;
    let out = run(&["encode", KVSTORE, "--type", ITEM, "--value", value], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let hex = text(&out.stdout);
    let json = run(
        &["decode", KVSTORE, "--type", ITEM, "--hex", &hex, "--json"],
        "",
    );
    assert!(json.status.success());
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        parsed,
        serde_json::from_str::<serde_json::Value>(value).unwrap()
    );
    let plain = run(&["decode", KVSTORE, "--type", ITEM, "--hex", &hex], "");
    assert_eq!(
        text(&plain.stdout),
        "fidlwire.examples.kvstore/Item {\n    key: \"a/b\",\n    value: [255, 0],\n}\n"
    );
    // Raw bytes on stdout, read back from a file with --in.
    let raw = run(
        &["encode", KVSTORE, "--type", ITEM, "--value", value, "--raw"],
        "",
    );
    let dir = std::env::temp_dir().join(format!("fidlwire-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("item.bin");
    std::fs::write(&file, &raw.stdout).unwrap();
    let back = run(
        &[
            "decode",
            KVSTORE,
            "--type",
            ITEM,
            "--in",
            file.to_str().unwrap(),
            "--json",
        ],
        "",
    );
    assert_eq!(back.stdout, json.stdout);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn responses_and_empty_payloads() {
    // WriteItem's response is a result union: success is an empty struct.
    let out = run(
        &[
            "encode",
            KVSTORE,
            "--protocol",
            STORE,
            "--method",
            "WriteItem",
            "--response",
            "--value",
            r#"{"response": {}}"#,
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let hex = text(&out.stdout);
    let json = run(
        &[
            "decode",
            KVSTORE,
            "--protocol",
            STORE,
            "--response",
            "--hex",
            &hex,
            "--json",
        ],
        "",
    );
    assert!(json.status.success(), "{}", text(&json.stderr));
    assert!(text(&json.stdout).contains("response WriteItem"));
    assert!(text(&json.stdout).contains("\"response\": {}"));
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let hex = write_item_hex();
    let truncated: String = hex.lines().take(5).collect::<Vec<_>>().join("\n");
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["decode", KVSTORE, "--type", ITEM, "--hex", "0"],
            "",
            "odd number of hex digits",
        ),
        (
            &["decode", KVSTORE, "--type", ITEM, "--hex", "zz"],
            "",
            "not a hex digit",
        ),
        (
            &["decode", KVSTORE, "--type", "no/Such", "--hex", ""],
            "",
            "no type `no/Such`",
        ),
        (
            &["decode", KVSTORE, "--type", ITEM, "--hex", ""],
            "",
            "TOO_FEW_BYTES_IN_PRIMARY_OBJECT",
        ),
        (
            &["decode", KVSTORE, "--protocol", STORE, "--hex", "-"],
            &truncated,
            "TOO_FEW_BYTES",
        ),
        (
            &["decode", KVSTORE, "--protocol", STORE, "--hex", "0100"],
            "",
            "HEADER_TOO_SHORT",
        ),
        (
            &["decode", KVSTORE, "--protocol", "x/Y", "--hex", ""],
            "",
            "no protocol `x/Y`",
        ),
        (
            &["decode", KVSTORE, "--hex", ""],
            "",
            "exactly one of --type",
        ),
        (
            &["decode", KVSTORE, "--type", ITEM, "--handle", "x"],
            "",
            "--handle takes TYPE:RIGHTS",
        ),
        (
            &["decode", KVSTORE, "--type", ITEM, "--in", "/nonexistent/x"],
            "",
            "cannot read",
        ),
        (
            &["encode", KVSTORE, "--type", ITEM, "--value", "{"],
            "",
            "invalid JSON",
        ),
        (
            &[
                "encode",
                KVSTORE,
                "--type",
                ITEM,
                "--value",
                r#"{"key": 1}"#,
            ],
            "",
            "VALUE_MISMATCH",
        ),
        (
            &[
                "encode",
                KVSTORE,
                "--type",
                ITEM,
                "--value",
                r#"{"key": "k", "value": [256]}"#,
            ],
            "",
            "VALUE_MISMATCH",
        ),
        (
            &["encode", KVSTORE, "--protocol", STORE, "--method", "Nope"],
            "",
            "no method `Nope`",
        ),
        (&["encode", KVSTORE], "", "encode needs --type"),
    ];
    for (args, stdin, expected) in cases {
        let out = run(args, stdin);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?}: {}",
            text(&out.stderr)
        );
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(expected),
            "{args:?}: expected {expected:?} in {stderr}"
        );
    }
    // Random bytes as every type of the library: errors, never a panic.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for len in (0..200).step_by(7) {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        let hex = fidlwire_dynamic::hex::format(&bytes);
        for ty in [ITEM, "fidlwire.examples.kvstore/StoreWriteItemRequest"] {
            let out = run(
                &["decode", KVSTORE, "--type", ty, "--hex", &hex, "--annotate"],
                "",
            );
            assert!(matches!(out.status.code(), Some(0 | 1)));
        }
        let out = run(&["decode", KVSTORE, "--protocol", STORE, "--hex", &hex], "");
        assert!(matches!(out.status.code(), Some(0 | 1)));
    }
}
