//! Enums: strict/flexible, underlying types, unknown values preserved.

mod common;
use common::*;
use fidlwire::{Enum, ErrorKind, Struct};

#[derive(Enum, Debug, PartialEq, Clone, Copy)]
#[fidl(strict, repr = i8)]
enum Signed {
    Neg = -1,
    Pos = 1,
}

#[derive(Enum, Debug, PartialEq, Clone, Copy)]
#[repr(u16)]
enum Flex {
    A = 1,
    B = 0x100,
    #[fidl(unknown)]
    Unknown(u16),
}

#[derive(Enum, Debug, PartialEq, Clone, Copy)]
#[fidl(strict)]
enum Default32 {
    #[fidl(value = 7)]
    Seven,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Holder {
    s: Signed,
    f: Flex,
    d: Default32,
}

#[test]
fn enums_encode_as_their_underlying_type() {
    round_trip(
        &Holder {
            s: Signed::Neg,
            f: Flex::B,
            d: Default32::Seven,
        },
        &hex("ff 00 00 01 07 00 00 00"),
    );
}

#[test]
fn strict_enum_rejects_unknown_values() {
    decode_fails::<Holder>(
        &hex("02 00 00 01 07 00 00 00"),
        ErrorKind::StrictEnumUnknownValue,
    );
    decode_fails::<Holder>(
        &hex("01 00 00 01 08 00 00 00"),
        ErrorKind::StrictEnumUnknownValue,
    );
}

#[test]
fn flexible_enum_preserves_unknown_values() {
    let bytes = hex("01 00 34 12 07 00 00 00");
    let v: Holder = fidlwire::decode(&bytes).unwrap();
    assert_eq!(v.f, Flex::Unknown(0x1234));
    assert!(v.f.is_unknown());
    assert_eq!(fidlwire::to_vec(&v).unwrap(), bytes);
    assert_eq!(Flex::from_known(0x100), Some(Flex::B));
    assert_eq!(Signed::Pos.into_primitive(), 1);
}
