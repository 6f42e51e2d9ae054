//! Structs: layout, padding validation, the empty struct, out-of-line traversal order.

mod common;
use common::*;
use fidlwire::{ErrorKind, Struct, Type};

#[derive(Struct, Debug, PartialEq, Clone)]
struct U32U8 {
    a: u32,
    b: u8,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct BoolString {
    a: bool,
    s: String,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct ThreeBytes {
    a: bool,
    b: u8,
    c: u8,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Triple {
    x: ThreeBytes,
    y: ThreeBytes,
    z: ThreeBytes,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Empty {}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Mixed {
    a: u8,
    b: u16,
    c: u8,
    d: u32,
    e: u8,
    f: u64,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Inner {
    x: u64,
}

/// Spec §17.1.
#[derive(Struct, Debug, PartialEq, Clone)]
struct Worked {
    a: String,
    b: Vec<String>,
    c: Option<Box<Inner>>,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct EmptySandwich {
    before: String,
    es: Empty,
    after: String,
}

#[test]
fn layout_examples_from_spec() {
    assert_eq!((U32U8::INLINE_SIZE, U32U8::ALIGN), (8, 4));
    assert_eq!((BoolString::INLINE_SIZE, BoolString::ALIGN), (24, 8));
    assert_eq!((ThreeBytes::INLINE_SIZE, ThreeBytes::ALIGN), (3, 1));
    assert_eq!((Triple::INLINE_SIZE, Triple::ALIGN), (9, 1));
    assert_eq!((Empty::INLINE_SIZE, Empty::ALIGN), (1, 1));
    assert_eq!((Mixed::INLINE_SIZE, Mixed::ALIGN), (24, 8));
    assert_eq!(
        <[U32U8; 3]>::INLINE_SIZE,
        24,
        "array stride includes trailing padding"
    );
}

#[test]
fn struct_with_trailing_padding() {
    round_trip(
        &U32U8 {
            a: 0x04030201,
            b: 5,
        },
        &hex("01 02 03 04 05 00 00 00"),
    );
}

#[test]
fn nonzero_trailing_padding_is_rejected() {
    for i in 5..8 {
        let mut b = hex("01 02 03 04 05 00 00 00");
        b[i] = 0x10;
        decode_fails::<U32U8>(&b, ErrorKind::InvalidPaddingByte);
        let err = fidlwire::decode::<U32U8>(&b).unwrap_err();
        assert_eq!(
            err.offset(),
            i,
            "offset names the first nonzero padding byte"
        );
    }
}

#[test]
fn interior_padding_every_gap() {
    let v = Mixed {
        a: 1,
        b: 0x0302,
        c: 4,
        d: 0x08070605,
        e: 9,
        f: 0x100f0e0d0c0b0a09,
    };
    let bytes = hex("01 00 02 03 04 00 00 00 | 05 06 07 08 09 00 00 00 | 09 0a 0b 0c 0d 0e 0f 10");
    round_trip(&v, &bytes);
    for i in [1, 5, 6, 7, 13, 14, 15] {
        let mut b = bytes.clone();
        b[i] = 0xff;
        decode_fails::<Mixed>(&b, ErrorKind::InvalidPaddingByte);
    }
}

#[test]
fn structs_of_odd_size_pack_without_padding() {
    let t = ThreeBytes {
        a: true,
        b: 2,
        c: 3,
    };
    let v = Triple {
        x: t.clone(),
        y: ThreeBytes {
            a: false,
            b: 5,
            c: 6,
        },
        z: t,
    };
    round_trip(
        &v,
        &hex("01 02 03 00 05 06 01 02 | 03 00 00 00 00 00 00 00"),
    );
}

#[test]
fn primary_object_trailing_padding_is_checked() {
    round_trip(
        &BoolString {
            a: true,
            s: String::new(),
        },
        &hex("01 00 00 00 00 00 00 00 | 00 00 00 00 00 00 00 00 | ff ff ff ff ff ff ff ff"),
    );
    let bad = hex("01 00 00 00 00 00 01 00 | 00 00 00 00 00 00 00 00 | ff ff ff ff ff ff ff ff");
    decode_fails::<BoolString>(&bad, ErrorKind::InvalidPaddingByte);
}

#[test]
fn empty_struct_is_one_zero_byte_padded_to_eight() {
    round_trip(&Empty {}, &hex("00 00 00 00 00 00 00 00"));
    decode_fails::<Empty>(
        &hex("01 00 00 00 00 00 00 00"),
        ErrorKind::InvalidEmptyStruct,
    );
    decode_fails::<Empty>(&hex("00"), ErrorKind::TooFewBytesInPrimaryObject);
    decode_fails::<Empty>(
        &hex("00 00 00 00 00 00 00 01"),
        ErrorKind::InvalidPaddingByte,
    );
}

#[test]
fn empty_struct_sandwich() {
    let v = EmptySandwich {
        before: "before".into(),
        es: Empty {},
        after: "after".into(),
    };
    round_trip(
        &v,
        &hex(
            "06 00 00 00 00 00 00 00 | ff ff ff ff ff ff ff ff | 00 00 00 00 00 00 00 00
              05 00 00 00 00 00 00 00 | ff ff ff ff ff ff ff ff
              62 65 66 6f 72 65 00 00 | 61 66 74 65 72 00 00 00",
        ),
    );
}

#[test]
fn worked_example_17_1_traversal_order() {
    let v = Worked {
        a: "hi".into(),
        b: vec!["x".into(), "yz".into()],
        c: Some(Box::new(Inner { x: 7 })),
    };
    let bytes = hex("02 00 00 00 00 00 00 00  ff ff ff ff ff ff ff ff   # a
         02 00 00 00 00 00 00 00  ff ff ff ff ff ff ff ff   # b
         ff ff ff ff ff ff ff ff                            # c present
         68 69 00 00 00 00 00 00                            # 'hi'
         01 00 00 00 00 00 00 00  ff ff ff ff ff ff ff ff   # b[0]
         02 00 00 00 00 00 00 00  ff ff ff ff ff ff ff ff   # b[1]
         78 00 00 00 00 00 00 00                            # 'x'
         79 7a 00 00 00 00 00 00                            # 'yz'
         07 00 00 00 00 00 00 00                            # c.x");
    assert_eq!(bytes.len(), 104);
    round_trip(&v, &bytes);

    let mut buf = bytes.clone();
    let view = fidlwire::view::<Worked>(&mut buf).unwrap();
    assert_eq!(view.a(), "hi");
    assert_eq!(view.b().iter().collect::<Vec<_>>(), ["x", "yz"]);
    assert_eq!(view.c().unwrap().get().x(), 7);
}

#[test]
fn too_many_bytes_are_rejected() {
    let mut b = hex("01 02 03 04 05 00 00 00");
    b.extend_from_slice(&[0; 8]);
    decode_fails::<U32U8>(&b, ErrorKind::TooManyBytesInMessage);
    decode_fails::<U32U8>(&b[..4], ErrorKind::TooFewBytesInPrimaryObject);
}

#[test]
fn error_path_names_the_field() {
    let mut bytes = fidlwire::to_vec(&Worked {
        a: "hi".into(),
        b: vec!["x".into(), "yz".into()],
        c: None,
    })
    .unwrap();
    bytes[88] = 0xff; // the 'yz' body: first byte becomes invalid UTF-8
    let err = fidlwire::decode::<Worked>(&bytes).unwrap_err();
    assert_eq!(err.code(), "STRING_NOT_UTF8");
    assert_eq!(err.offset(), 88);
    assert_eq!(
        err.to_string(),
        "STRING_NOT_UTF8 at byte offset 88 (at structs::Worked.b[1]): value 0xff"
    );
    assert_eq!(err.type_name(), Some("structs::Worked"));
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct WithArray {
    a: u8,
    b: [u16; 3],
    c: bool,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Bodies {
    mixed: Vec<Mixed>,
    arrays: Vec<WithArray>,
    strings: Vec<BoolString>,
}

/// Regression for the bulk struct encoders: members in wire form are copied into each element
/// at constant offsets (one bounds check per struct or per vector body); the padding between
/// them must stay zero even when the output buffer held other bytes before.
#[test]
fn vectors_of_structs_with_padding_encode_byte_exact() {
    let v = Bodies {
        mixed: vec![Mixed {
            a: 1,
            b: 0x0302,
            c: 4,
            d: 0x08070605,
            e: 9,
            f: 0x100f0e0d0c0b0a09,
        }],
        arrays: vec![
            WithArray {
                a: 0xa1,
                b: [0x0201, 0x0403, 0x0605],
                c: true,
            },
            WithArray {
                a: 0xa2,
                b: [0x1211, 0x1413, 0x1615],
                c: false,
            },
        ],
        strings: vec![BoolString {
            a: true,
            s: "hi".into(),
        }],
    };
    let bytes = hex("01 00 00 00 00 00 00 00 | ff ff ff ff ff ff ff ff
         02 00 00 00 00 00 00 00 | ff ff ff ff ff ff ff ff
         01 00 00 00 00 00 00 00 | ff ff ff ff ff ff ff ff
         01 00 02 03 04 00 00 00 | 05 06 07 08 09 00 00 00 | 09 0a 0b 0c 0d 0e 0f 10
         a1 00 01 02 03 04 05 06 | 01 00 a2 00 11 12 13 14 | 15 16 00 00 00 00 00 00
         01 00 00 00 00 00 00 00 | 02 00 00 00 00 00 00 00 | ff ff ff ff ff ff ff ff
         68 69 00 00 00 00 00 00");
    round_trip(&v, &bytes);
    let mut reused = vec![0xee; 512];
    let mut handles = Vec::new();
    fidlwire::encode_into(&v, &mut reused, &mut handles).unwrap();
    assert_eq!(hexdump(&reused), hexdump(&bytes));
}
