//! Primitives: little-endian integers, bit-exact floats, validated bools.

mod common;
use common::*;
use fidlwire::{ErrorKind, Struct};

#[derive(Struct, Debug, PartialEq)]
struct Ints {
    a: u8,
    b: i16,
    c: u32,
    d: i64,
}

#[derive(Struct, Debug, PartialEq)]
struct Flag {
    b: bool,
}

#[derive(Struct, Debug)]
struct Floats {
    a: f32,
    b: f64,
}

#[derive(Struct, Debug, PartialEq)]
struct Bools {
    v: Vec<bool>,
    a: [bool; 3],
}

#[test]
fn integers_are_little_endian_at_natural_alignment() {
    round_trip(
        &Ints {
            a: 0x01,
            b: -2,
            c: 0x0a0b0c0d,
            d: -1,
        },
        &hex("01 00 fe ff 0d 0c 0b 0a | ff ff ff ff ff ff ff ff"),
    );
}

#[test]
fn bool_accepts_only_zero_and_one() {
    round_trip(&Flag { b: true }, &hex("01 00 00 00 00 00 00 00"));
    round_trip(&Flag { b: false }, &hex("00 00 00 00 00 00 00 00"));
    for bad in [2u8, 0x80, 0xff] {
        let mut b = hex("00 00 00 00 00 00 00 00");
        b[0] = bad;
        decode_fails::<Flag>(&b, ErrorKind::InvalidBoolean);
    }
}

#[test]
fn bools_in_vectors_and_arrays_are_each_validated() {
    round_trip(
        &Bools {
            v: vec![true, false],
            a: [false, true, true],
        },
        &hex(
            "02 00 00 00 00 00 00 00 | ff ff ff ff ff ff ff ff | 00 01 01 00 00 00 00 00 | 01 00 00 00 00 00 00 00",
        ),
    );
    let mut b = hex(
        "02 00 00 00 00 00 00 00 | ff ff ff ff ff ff ff ff | 00 01 01 00 00 00 00 00 | 01 02 00 00 00 00 00 00",
    );
    decode_fails::<Bools>(&b, ErrorKind::InvalidBoolean);
    b[25] = 0;
    b[17] = 7;
    decode_fails::<Bools>(&b, ErrorKind::InvalidBoolean);
}

#[test]
fn floats_are_copied_bit_exact_including_signalling_nan() {
    let signalling = f32::from_bits(0x7fa0_0000);
    let quiet64 = f64::from_bits(0x7ff8_0000_0000_0001);
    let bytes = fidlwire::to_vec(&Floats {
        a: signalling,
        b: quiet64,
    })
    .unwrap();
    assert_eq!(
        bytes,
        hex("00 00 a0 7f 00 00 00 00 | 01 00 00 00 00 00 f8 7f")
    );
    let back: Floats = fidlwire::decode(&bytes).unwrap();
    assert_eq!(
        back.a.to_bits(),
        0x7fa0_0000,
        "signalling NaN must stay signalling"
    );
    assert_eq!(back.b.to_bits(), 0x7ff8_0000_0000_0001);
    let neg_zero = fidlwire::to_vec(&Floats {
        a: -0.0,
        b: f64::INFINITY,
    })
    .unwrap();
    assert_eq!(
        neg_zero,
        hex("00 00 00 80 00 00 00 00 | 00 00 00 00 00 00 f0 7f")
    );
    let mut buf = neg_zero.clone();
    let v = fidlwire::view::<Floats>(&mut buf).unwrap();
    assert_eq!(v.a().to_bits(), 0x8000_0000);
}
