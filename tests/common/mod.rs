//! Helpers shared by the integration tests.
#![allow(dead_code)]

use fidlwire::{Decode, Encode, ErrorKind, HandleInfo};
use std::fmt::Debug;

/// Parses hex like `"01 00 | ff ff  # comment"`: whitespace and `|` separate, `#` starts a
/// comment running to the end of the line.
pub fn hex(s: &str) -> Vec<u8> {
    let digits: String = s
        .lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .flat_map(|l| l.chars())
        .filter(|c| c.is_ascii_hexdigit())
        .collect();
    assert!(
        digits.len().is_multiple_of(2),
        "odd number of hex digits in {s:?}"
    );
    (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).unwrap())
        .collect()
}

/// Asserts the full success contract for a value type: encodes to exactly `bytes`; owned decode
/// and view decode both give `value`; validate-only accepts; re-encoding is byte-identical.
pub fn round_trip<T>(value: &T, bytes: &[u8])
where
    T: Encode + Decode + PartialEq + Debug,
{
    let mut out = Vec::new();
    let mut handles = Vec::new();
    fidlwire::encode_into(value, &mut out, &mut handles).expect("encode");
    assert_eq!(hexdump(&out), hexdump(bytes), "encoded bytes differ");
    assert!(handles.is_empty());
    fidlwire::validate::<T>(bytes).expect("validate");
    let owned: T = fidlwire::decode(bytes).expect("owned decode");
    assert_eq!(&owned, value, "owned decode differs");
    let mut buf = bytes.to_vec();
    let view = fidlwire::view::<T>(&mut buf).expect("view decode");
    let from_view = T::from_view(view);
    assert_eq!(&from_view, value, "view decode differs");
    let mut again = Vec::new();
    fidlwire::encode_into(&owned, &mut again, &mut handles).expect("re-encode");
    assert_eq!(again, bytes, "re-encoding differs");
}

/// Asserts that decoding `bytes` as `T` fails with `kind` in all three decode tiers.
pub fn decode_fails<T: Decode + Debug>(bytes: &[u8], kind: ErrorKind) {
    let e = fidlwire::decode::<T>(bytes).expect_err("owned decode should fail");
    assert_eq!(e.kind(), kind, "owned: {e}");
    let e = fidlwire::validate::<T>(bytes).expect_err("validate should fail");
    assert_eq!(e.kind(), kind, "validate: {e}");
    let mut buf = bytes.to_vec();
    let e = fidlwire::view::<T>(&mut buf)
        .map(drop)
        .expect_err("view should fail");
    assert_eq!(e.kind(), kind, "view: {e}");
}

/// Decoding with handles must fail with `kind` (owned tier).
pub fn decode_fails_with_handles<T: Decode + Debug>(
    bytes: &[u8],
    handles: Vec<HandleInfo>,
    kind: ErrorKind,
) {
    let e = fidlwire::decode_with_handles::<T>(bytes, handles).expect_err("decode should fail");
    assert_eq!(e.kind(), kind, "{e}");
}

/// Encoding must fail with `kind`.
pub fn encode_fails<T: Encode>(value: &T, kind: ErrorKind) {
    let mut out = Vec::new();
    let mut handles = Vec::new();
    let e = fidlwire::encode_into(value, &mut out, &mut handles).expect_err("encode should fail");
    assert_eq!(e.kind(), kind, "{e}");
    assert!(
        out.is_empty() && handles.is_empty(),
        "buffers are cleared on error"
    );
}

/// Hex dump, 8 bytes per line, for readable assertion diffs.
pub fn hexdump(b: &[u8]) -> String {
    b.chunks(8)
        .map(|c| {
            c.iter()
                .map(|x| format!("{x:02x}"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}
