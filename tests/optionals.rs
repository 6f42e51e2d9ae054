//! Boxes: `box<S>` as `Option<S>` / `Option<Box<S>>`, presence words, empty-struct boxes.

mod common;
use common::*;
use fidlwire::{ErrorKind, Struct, Type};

#[derive(Struct, Debug, PartialEq, Clone)]
struct Inner {
    x: u16,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Outer {
    a: Option<Inner>,
    b: u8,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct BoxedOuter {
    a: Option<Box<Inner>>,
    b: u8,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Empty {}

#[derive(Struct, Debug, PartialEq, Clone)]
struct BoxEmpty {
    e: Option<Empty>,
}

#[test]
fn box_is_a_presence_word_and_goes_after_the_whole_primary_block() {
    assert_eq!(Outer::INLINE_SIZE, 16);
    let bytes = hex("ff ff ff ff ff ff ff ff 07 00 00 00 00 00 00 00 | 34 12 00 00 00 00 00 00");
    round_trip(
        &Outer {
            a: Some(Inner { x: 0x1234 }),
            b: 7,
        },
        &bytes,
    );
    round_trip(
        &BoxedOuter {
            a: Some(Box::new(Inner { x: 0x1234 })),
            b: 7,
        },
        &bytes,
    );
    round_trip(
        &Outer { a: None, b: 7 },
        &hex("00 00 00 00 00 00 00 00 07 00 00 00 00 00 00 00"),
    );
}

#[test]
fn box_presence_errors() {
    decode_fails::<Outer>(
        &hex("01 00 00 00 00 00 00 00 07 00 00 00 00 00 00 00"),
        ErrorKind::InvalidPresenceIndicator,
    );
    decode_fails::<Outer>(
        &hex("ff ff ff ff ff ff ff ff 07 00 00 00 00 00 00 00"),
        ErrorKind::TooFewBytes,
    );
    decode_fails::<Outer>(
        &hex("ff ff ff ff ff ff ff ff 07 00 00 00 00 00 00 00 | 34 12 00 00 00 00 00 01"),
        ErrorKind::InvalidPaddingByte,
    );
}

#[test]
fn boxed_empty_struct_takes_an_eight_byte_block() {
    round_trip(
        &BoxEmpty { e: Some(Empty {}) },
        &hex("ff ff ff ff ff ff ff ff 00 00 00 00 00 00 00 00"),
    );
    decode_fails::<BoxEmpty>(
        &hex("ff ff ff ff ff ff ff ff 01 00 00 00 00 00 00 00"),
        ErrorKind::InvalidEmptyStruct,
    );
}
