//! Transactional headers, ordinals, epitaphs and the unknown-method reply (spec §12).

mod common;
use common::*;
use fidlwire::header::{self, TransactionHeader};
use fidlwire::ordinal::{method_ordinal, selector_ordinal};
use fidlwire::{ErrorKind, Struct};

#[derive(Struct, Debug, PartialEq)]
struct Payload {
    v: u32,
}

#[test]
fn ordinals_match_the_spec_vectors() {
    assert_eq!(
        method_ordinal("a.b.c", "protocol", "s0"),
        0x3b1625372e15f1ae
    );
    assert_eq!(
        method_ordinal("a.b.c", "protocol", "s1"),
        0x4199e504fa71b5a4
    );
    assert_eq!(
        method_ordinal("a.b.c", "protocol", "s2"),
        0x247ca8a890628135
    );
    assert_eq!(
        method_ordinal("a.b.c", "protocol", "s6"),
        0x09e1d4b200770def
    );
    // A selector containing '/' replaces the whole string.
    assert_eq!(
        method_ordinal("x.y", "Other", "a.b.c/protocol.s0"),
        0x3b1625372e15f1ae
    );
    assert_eq!(selector_ordinal("a.b.c/protocol.s0") >> 63, 0);
}

#[test]
fn worked_example_17_4_request() {
    let h = TransactionHeader::new(1, 0x3b1625372e15f1ae, false);
    let (mut bytes, mut handles) = (Vec::new(), Vec::new());
    header::encode_message(&h, Some(&Payload { v: 42 }), &mut bytes, &mut handles).unwrap();
    assert_eq!(
        bytes,
        hex("01 00 00 00 02 00 00 01 ae f1 15 2e 37 25 16 3b | 2a 00 00 00 00 00 00 00")
    );
    let (back, p): (TransactionHeader, Payload) = header::decode_message(&bytes, vec![]).unwrap();
    assert_eq!((back, p), (h, Payload { v: 42 }));
    let flexible = TransactionHeader::new(1, 0x3b1625372e15f1ae, true);
    assert_eq!(flexible.to_bytes()[6], 0x80);
    assert!(flexible.is_flexible());
}

#[test]
fn message_without_payload_is_exactly_the_header() {
    let h = TransactionHeader::new(0, 5, true);
    let (mut bytes, mut handles) = (Vec::new(), Vec::new());
    header::encode_message::<Payload>(&h, None, &mut bytes, &mut handles).unwrap();
    assert_eq!(bytes.len(), 16);
    let (_, body) = TransactionHeader::parse(&bytes).unwrap();
    header::check_empty_body(body, &[]).unwrap();
    let mut extra = bytes.clone();
    extra.push(0);
    let (_, body) = TransactionHeader::parse(&extra).unwrap();
    assert_eq!(
        header::check_empty_body(body, &[]).unwrap_err().kind(),
        ErrorKind::TooManyBytesInMessage
    );
}

#[test]
fn header_validation() {
    let good = TransactionHeader::new(7, 9, false).to_bytes();
    assert_eq!(
        TransactionHeader::parse(&good[..15]).unwrap_err().kind(),
        ErrorKind::HeaderTooShort
    );
    let mut bad = good;
    bad[7] = 2;
    assert_eq!(
        TransactionHeader::parse(&bad).unwrap_err().kind(),
        ErrorKind::IncompatibleMagicNumber
    );
    let mut v1 = good;
    v1[4] = 0;
    assert_eq!(
        TransactionHeader::parse(&v1).unwrap_err().kind(),
        ErrorKind::UnsupportedWireFormatVersion
    );
    // Dynamic flags are not validated (strict/flexible migrations).
    let mut odd = good;
    odd[6] = 0x7f;
    assert!(TransactionHeader::parse(&odd).is_ok());
}

#[test]
fn body_errors_report_offsets_in_the_whole_message() {
    let mut bytes = TransactionHeader::new(1, 2, false).to_bytes().to_vec();
    bytes.extend_from_slice(&hex("2a 00 00 00 00 00 01 00"));
    let err = header::decode_message::<Payload>(&bytes, vec![]).unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (ErrorKind::InvalidPaddingByte, 22)
    );
}

#[test]
fn epitaph() {
    let bytes = header::encode_epitaph(-28);
    assert_eq!(
        bytes.to_vec(),
        hex("00 00 00 00 02 00 00 01 ff ff ff ff ff ff ff ff e4 ff ff ff 00 00 00 00")
    );
    assert_eq!(header::decode_epitaph(&bytes).unwrap(), -28);
    assert_eq!(
        header::decode_epitaph(&header::encode_epitaph(0)).unwrap(),
        0
    );
    let mut bad = bytes;
    bad[23] = 1;
    assert_eq!(
        header::decode_epitaph(&bad).unwrap_err().kind(),
        ErrorKind::InvalidPaddingByte
    );
    assert_eq!(
        header::decode_epitaph(&bytes[..20]).unwrap_err().kind(),
        ErrorKind::TooFewBytesInPrimaryObject
    );
}

#[test]
fn unknown_method_reply_is_framework_err() {
    let request = TransactionHeader::new(0x1234, 0x3b1625372e15f1ae, true);
    let reply = header::unknown_method_reply(&request);
    assert_eq!(
        reply.to_vec(),
        hex("34 12 00 00 02 00 80 01 ae f1 15 2e 37 25 16 3b
             03 00 00 00 00 00 00 00 fe ff ff ff 00 00 01 00")
    );
}
