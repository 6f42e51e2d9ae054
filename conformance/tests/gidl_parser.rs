//! The GIDL parser: every construct the suite uses, `file:line:col` errors for malformed
//! input, and no panics on mutated or random input.

use fidlwire_conformance::gidl::{FieldKey, FieldValue, SectionKind, Subtype, Value, parse};
use fidlwire_conformance::harness::Rng;
use std::path::Path;

const SAMPLE: &str = r#"
// a comment
success("Everything") {
    handle_defs = { #0 = event(rights: basic + signal - wait), #1 = channel() },
    value = S{
        a: -5, b: 0x10, c: 0b101, d: 017, e: 1_000, f: 1.5, g: raw_float(0x7fc00000),
        h: "a\x80\u00e9\n", i: null, j: true, k: [1, repeat(2):3], l: #1,
        m: U{ 7: { bytes = [ 0x01, padding:3 ], handles = [#0] } }, n: U{ 8: null },
    },
    bytes = { v2 = [ num(-1):2, repeat(0xab):3, padding:2, 'x', raw(0x01, 0x02) ] },
    handles = { v2 = [ #1, #0 ] },
    bindings_allowlist = [rust, go],
    bindings_denylist = [dart],
}

encode_success("Dispositions") {
    handle_defs = { #0 = event() },
    value = S{ a: decode({ type = T, bytes = { v2 = [ 0x00 ] }, handles = { v2 = [#0] } }) },
    bytes = { v2 = [ 0x00 ] },
    handle_dispositions = { v2 = [ { #0, type: event, rights: same_rights } ] },
}

decode_success("Restrict") {
    handle_defs = { #0 = event() },
    value = S{ h: restrict(#0, type: event, rights: basic) },
    bytes = { v2 = [ 0xff ] },
    handles = { v2 = [ #0 ] },
}

decode_failure("Failure") { type = S, bytes = { v2 = [ 0x01 ] }, err = TOO_FEW_BYTES }
encode_failure("EncodeFailure") { value = S{}, err = STRING_TOO_LONG, bindings_skip = [go] }
benchmark("Bench") { value = S{}, enable_echo_call_benchmark = true }
"#;

#[test]
fn parses_every_construct() {
    let f = parse("sample.gidl", SAMPLE).unwrap();
    assert_eq!(f.sections.len(), 6);
    let s = &f.sections[0];
    assert_eq!(s.kind, Some(SectionKind::Success));
    assert_eq!(s.handle_defs.len(), 2);
    assert_eq!(s.handle_defs[0].subtype, Subtype::Event);
    // basic + signal - wait
    assert_eq!(
        s.handle_defs[0].rights,
        Some(((1 << 1) | 1 | (1 << 15) | (1 << 12)) as u32)
    );
    assert_eq!(
        s.bytes.as_deref(),
        Some(&[0xff, 0xff, 0xab, 0xab, 0xab, 0, 0, b'x', 1, 2][..])
    );
    assert_eq!(s.handles.as_deref(), Some(&[1, 0][..]));
    assert!(s.runs_for("rust") && !s.runs_for("dart") && !s.runs_for("llcpp"));
    let Some(Value::Record { name, fields }) = &s.value else {
        panic!()
    };
    assert_eq!(name, "S");
    let get = |n: &str| {
        fields
            .iter()
            .find(|f| f.key == FieldKey::Name(n.into()))
            .map(|f| f.value.clone())
    };
    assert_eq!(
        get("a"),
        Some(FieldValue::Value(Value::Int {
            negative: true,
            magnitude: 5
        }))
    );
    assert_eq!(
        get("d"),
        Some(FieldValue::Value(Value::Int {
            negative: false,
            magnitude: 15
        })),
        "a leading 0 is octal"
    );
    assert_eq!(
        get("e"),
        Some(FieldValue::Value(Value::Int {
            negative: false,
            magnitude: 1000
        }))
    );
    assert_eq!(
        get("g"),
        Some(FieldValue::Value(Value::RawFloat(0x7fc0_0000)))
    );
    assert_eq!(
        get("h"),
        Some(FieldValue::Value(Value::Str(vec![
            b'a', 0x80, 0xc3, 0xa9, b'\n'
        ])))
    );
    let Some(FieldValue::Value(Value::List(k))) = get("k") else {
        panic!()
    };
    assert_eq!(k.len(), 4);
    let Some(FieldValue::Value(Value::Record { fields: m, .. })) = get("m") else {
        panic!()
    };
    assert_eq!(m[0].key, FieldKey::Ordinal(7));
    assert_eq!(
        m[0].value,
        FieldValue::Unknown {
            bytes: Some(vec![1, 0, 0, 0]),
            handles: vec![0]
        }
    );
    assert!(
        matches!(&f.sections[1].value, Some(Value::Record { fields, .. }) if matches!(&fields[0].value, FieldValue::Value(Value::Decode { .. })))
    );
    assert_eq!(
        f.sections[1].dispositions.as_ref().unwrap()[0].rights,
        Some(1 << 31)
    );
    assert!(
        matches!(&f.sections[2].value, Some(Value::Record { fields, .. }) if matches!(fields[0].value, FieldValue::Value(Value::Restrict { handle: 0, .. })))
    );
    assert_eq!(f.sections[3].err.as_deref(), Some("TOO_FEW_BYTES"));
    assert_eq!(f.sections[4].skip.as_deref(), Some(&["go".to_string()][..]));
    assert!(f.sections[5].echo_call);
}

fn error(text: &str) -> String {
    parse("bad.gidl", text).unwrap_err().to_string()
}

/// `(input, the token the error must point at, message)`: the expected position is that of
/// the token's first occurrence.
const MALFORMED: &[(&str, &str, &str)] = &[
    (
        "succes(\"x\") {}",
        "succes",
        "unknown section kind `succes`",
    ),
    (
        "success(\"x\") {\n  valeu = S{},\n}",
        "valeu",
        "unknown key `valeu`",
    ),
    (
        "success(\"x\") {\n  value = S{},\n}",
        "success",
        "success section needs `bytes`",
    ),
    (
        "decode_failure(\"x\") { type = S, bytes = { v1 = [] }, err = X }",
        "v1",
        "unsupported wire format `v1` (only v2 exists)",
    ),
    (
        "success(\"x\") { bytes = { v2 = [ num(256):1 ] } }",
        "num",
        "256 does not fit in 1 bytes",
    ),
    (
        "success(\"x\") { bytes = { v2 = [ 300 ] } }",
        "300",
        "300 is not a byte",
    ),
    (
        "success(\"x\") { handle_defs = { #1 = event() } }",
        "#1",
        "handle_defs must number handles #0, #1, ... in order; expected #0",
    ),
    (
        "success(\"x\") { handle_defs = { #0 = socket() } }",
        "socket",
        "unknown handle subtype `socket`",
    ),
    (
        "success(\"x\") { handle_defs = { #0 = event(rights: fly) } }",
        "fly",
        "unknown right",
    ),
    (
        "success(\"x\") { value = S{ a: 1, b: 2, a: 3 } }",
        "a: 3",
        "field given twice",
    ),
    (
        "success(\"x\") { value = \"unterminated } }",
        "\"unterminated",
        "unterminated string",
    ),
    (
        "success(\"x\") { err = X, err = Y }",
        "err = Y",
        "`err` given twice",
    ),
    (
        "success(\"x\") { value = S{ a: [repeat(1):0] } }",
        "0]",
        "size must be at least 1",
    ),
    (
        "success(\"x\") { value = ~ }",
        "~",
        "unexpected character `~`",
    ),
    (
        "success(\"x\") {\n  value = S{ a: b }\n}",
        "b }",
        "unexpected `b` in a value",
    ),
];

#[test]
fn malformed_input_is_located() {
    for (text, token, message) in MALFORMED {
        let offset = text.find(token).expect("token occurs in the input");
        let line = text[..offset].matches('\n').count() + 1;
        let col = offset - text[..offset].rfind('\n').map_or(0, |n| n + 1) + 1;
        assert_eq!(
            error(text),
            format!("bad.gidl:{line}:{col}: error: {message}"),
            "input: {text}"
        );
    }
}

#[test]
fn expansion_and_nesting_are_bounded() {
    let huge = "success(\"x\") { bytes = { v2 = [ repeat(0):4000000, repeat(0):4000000 ] } }";
    assert!(error(huge).contains("expands to more than"));
    let deep = format!(
        "success(\"x\") {{ value = {}1{} }}",
        "[".repeat(500),
        "]".repeat(500)
    );
    assert!(error(&deep).contains("nest deeper"));
}

#[test]
fn mutated_files_never_panic() {
    let mut texts = vec![SAMPLE.to_string()];
    for dir in ["gidl", "../../shared/gidl"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            if e.path().extension().is_some_and(|x| x == "gidl") {
                texts.push(std::fs::read_to_string(e.path()).unwrap());
            }
        }
    }
    let frags = [
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        ",",
        ":",
        "=",
        "#",
        "-",
        "+",
        "\"",
        "'",
        "repeat",
        "num",
        "padding",
        "0x",
        "99999999999999999999",
        "null",
        "raw_float(",
        "é",
    ];
    let mut rng = Rng::new(0x1234_5678_9abc_def1);
    for _ in 0..3000 {
        let t = &texts[rng.index(texts.len())];
        let mut chars: Vec<char> = t.chars().collect();
        for _ in 0..1 + rng.index(3) {
            let at = rng.index(chars.len());
            match rng.index(3) {
                0 => {
                    let end = (at + 1 + rng.index(20)).min(chars.len());
                    chars.drain(at..end);
                }
                1 => {
                    for (i, c) in frags[rng.index(frags.len())].chars().enumerate() {
                        chars.insert((at + i).min(chars.len()), c);
                    }
                }
                _ => chars.truncate(at),
            }
        }
        let text: String = chars.into_iter().collect();
        let _ = parse("mutated.gidl", &text);
    }
}

#[test]
fn sections_know_their_position() {
    let f = parse(
        "p.gidl",
        "\n\n  success(\"a\") { value = S{}, bytes = { v2 = [] } }",
    )
    .unwrap();
    assert_eq!(f.sections[0].pos, (3, 3));
}
