//! Strings: header validation order, bounds in bytes, UTF-8, optional vs required.

mod common;
use common::*;
use fidlwire::{ErrorKind, Struct};

#[derive(Struct, Debug, PartialEq, Clone)]
struct Bounded {
    #[fidl(max_len = 4)]
    s: String,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Opt {
    s: Option<String>,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Req {
    s: String,
}

fn header(count: u64, presence: u64) -> Vec<u8> {
    let mut b = count.to_le_bytes().to_vec();
    b.extend_from_slice(&presence.to_le_bytes());
    b
}

#[test]
fn string_body_is_out_of_line_and_padded() {
    round_trip(
        &Req { s: "hello".into() },
        &hex("05 00 00 00 00 00 00 00 ffffffffffffffff 68 65 6c 6c 6f 00 00 00"),
    );
    round_trip(
        &Req {
            s: "12345678".into(),
        },
        &hex("08 00 00 00 00 00 00 00 ffffffffffffffff 31 32 33 34 35 36 37 38"),
    );
}

#[test]
fn empty_string_has_no_body_and_differs_from_absent() {
    round_trip(&Req { s: String::new() }, &header(0, u64::MAX));
    round_trip(
        &Opt {
            s: Some(String::new()),
        },
        &header(0, u64::MAX),
    );
    round_trip(&Opt { s: None }, &header(0, 0));
}

#[test]
fn presence_marker_must_be_all_ones_or_zero() {
    let mut b = header(0, 0x0100_0000_0000_0000);
    decode_fails::<Opt>(&b, ErrorKind::InvalidPresenceIndicator);
    b = header(1, 0xabab_abab_abab_abab);
    b.extend_from_slice(&[b'a', 0, 0, 0, 0, 0, 0, 0]);
    decode_fails::<Req>(&b, ErrorKind::InvalidPresenceIndicator);
}

#[test]
fn absent_with_nonzero_count_is_rejected_even_when_optional() {
    decode_fails::<Opt>(&header(3, 0), ErrorKind::NonEmptyStringWithNullBody);
    decode_fails::<Req>(&header(3, 0), ErrorKind::NonEmptyStringWithNullBody);
}

#[test]
fn required_absent_string_is_rejected() {
    decode_fails::<Req>(&header(0, 0), ErrorKind::NonNullableTypeWithNullValue);
}

#[test]
fn count_over_32_bits() {
    decode_fails::<Req>(
        &header(1 << 32, u64::MAX),
        ErrorKind::StringCountExceeds32BitLimit,
    );
}

#[test]
fn bound_is_in_bytes_and_checked_before_the_body() {
    round_trip(
        &Bounded { s: "abcd".into() },
        &hex("04 00 00 00 00 00 00 00 ffffffffffffffff 61 62 63 64 00 00 00 00"),
    );
    // "éé" is 2 code points but 4 bytes: fits. "ééé" is 6 bytes: too long.
    round_trip(
        &Bounded { s: "éé".into() },
        &hex("04 00 00 00 00 00 00 00 ffffffffffffffff c3 a9 c3 a9 00 00 00 00"),
    );
    encode_fails(&Bounded { s: "ééé".into() }, ErrorKind::StringTooLong);
    // Count 5 with no body at all: the bound is reported, not the missing bytes.
    decode_fails::<Bounded>(&header(5, u64::MAX), ErrorKind::StringTooLong);
}

#[test]
fn body_beyond_the_message_is_too_few_bytes() {
    let mut b = header(9, u64::MAX);
    b.extend_from_slice(b"abcdefgh");
    decode_fails::<Req>(&b, ErrorKind::TooFewBytes);
    // A count close to 2^32 claims far more than the message: rejected before any allocation.
    decode_fails::<Req>(&header(0xffff_fff0, u64::MAX), ErrorKind::TooFewBytes);
}

#[test]
fn body_padding_must_be_zero() {
    let mut b = hex("05 00 00 00 00 00 00 00 ffffffffffffffff 68 65 6c 6c 6f 00 00 00");
    b[23] = 1;
    decode_fails::<Req>(&b, ErrorKind::InvalidPaddingByte);
}

#[test]
fn invalid_utf8_is_rejected_with_offset_of_the_bad_byte() {
    let cases: &[&[u8]] = &[
        b"\xc0\xaf",
        b"\xe0\x80\xaf",
        b"\xf0\x80\x80\xaf",
        b"\xed\xa0\x80",
        b"\xf4\x90\x80\x80",
        b"\xf8\x88\x80\x80\x80",
        b"\x80",
        b"\xfe\xff",
        b"ab\xc3",
    ];
    for case in cases {
        let mut b = header(case.len() as u64, u64::MAX);
        b.extend_from_slice(case);
        b.resize(16 + case.len().div_ceil(8) * 8, 0);
        decode_fails::<Req>(&b, ErrorKind::StringNotUtf8);
    }
}

#[test]
fn nul_and_utf8_bom_are_preserved() {
    let s = "\u{feff}a\0b\u{10ffff}".to_string();
    let bytes = fidlwire::to_vec(&Req { s: s.clone() }).unwrap();
    assert_eq!(&bytes[16..19], b"\xef\xbb\xbf");
    round_trip(&Req { s }, &bytes);
}

#[test]
fn string_views_borrow_the_message() {
    let mut bytes = fidlwire::to_vec(&Opt {
        s: Some("borrowed".into()),
    })
    .unwrap();
    let range = bytes.as_ptr_range();
    let v = fidlwire::view::<Opt>(&mut bytes).unwrap();
    let s = v.s().unwrap();
    assert_eq!(s, "borrowed");
    assert!(
        range.contains(&s.as_ptr()),
        "the view points into the message buffer"
    );
}

#[test]
fn strings_of_every_short_length_encode_with_zero_padding() {
    // Short blocks take a word-by-word path (no memcpy/memset); its padding must be exact.
    for len in 0..=80usize {
        let s: String = (0..len).map(|i| (b'a' + (i % 26) as u8) as char).collect();
        let bytes = fidlwire::to_vec(&s).unwrap();
        let mut expected = Vec::new();
        expected.extend_from_slice(&(len as u64).to_le_bytes());
        expected.extend_from_slice(&u64::MAX.to_le_bytes());
        expected.extend_from_slice(s.as_bytes());
        expected.resize(16 + len.div_ceil(8) * 8, 0);
        assert_eq!(bytes, expected, "length {len}");
        assert_eq!(fidlwire::decode::<String>(&bytes).unwrap(), s);
    }
}

/// Regression: padding after an out-of-line block was reported at the first padding byte with
/// the whole padding word as its value; it now names the first nonzero byte and its value, as
/// struct padding does (found by `fidlwire decode --annotate`, whose caret pointed at a zero).
#[test]
fn block_padding_errors_name_the_first_nonzero_byte() {
    let mut b = hex("05 00 00 00 00 00 00 00 ffffffffffffffff 68 65 6c 6c 6f 00 00 00");
    b[22] = 7;
    let e = fidlwire::decode::<Req>(&b).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidPaddingByte, 22));
    assert_eq!(e.numbers(), Some(fidlwire::Numbers::Value(7)));
}
