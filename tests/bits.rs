//! Bits: strict masks on encode and decode, flexible bits preserved.

mod common;
use common::*;
use fidlwire::{Bits, ErrorKind, Struct};

#[derive(Bits, Debug, PartialEq, Clone, Copy)]
#[fidl(strict, members(READ = 1, WRITE = 2, EXEC = 0x10))]
struct Perm(u8);

#[derive(Bits, Debug, PartialEq, Clone, Copy)]
#[fidl(members(A = 1, B = 0x8000_0000_0000_0000))]
struct Wide(u64);

#[derive(Struct, Debug, PartialEq, Clone)]
struct Holder {
    p: Perm,
    w: Wide,
}

#[test]
fn bits_round_trip_and_operations() {
    let p = Perm::READ | Perm::EXEC;
    assert!(p.contains(Perm::READ) && !p.contains(Perm::WRITE));
    assert_eq!(Perm::MASK.bits(), 0x13);
    assert_eq!((!Perm::READ).bits(), 0x12);
    round_trip(
        &Holder { p, w: Wide::B },
        &hex("11 00 00 00 00 00 00 00 00 00 00 00 00 00 00 80"),
    );
}

#[test]
fn strict_bits_reject_unknown_bits_both_ways() {
    decode_fails::<Holder>(
        &hex("04 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"),
        ErrorKind::StrictBitsUnknownBit,
    );
    encode_fails(
        &Holder {
            p: Perm::from_bits_retain(0x80),
            w: Wide::A,
        },
        ErrorKind::StrictBitsUnknownBit,
    );
    assert_eq!(Perm::from_bits(0x80), None);
}

#[test]
fn flexible_bits_keep_unknown_bits() {
    let bytes = hex("01 00 00 00 00 00 00 00 06 00 00 00 00 00 00 00");
    let v: Holder = fidlwire::decode(&bytes).unwrap();
    assert_eq!(v.w.get_unknown_bits(), 6);
    assert_eq!(fidlwire::to_vec(&v).unwrap(), bytes);
}

/// Regression: flexible bits may declare no members (`members()`).
#[derive(Bits, Debug, PartialEq, Clone, Copy)]
#[fidl(members())]
struct NoMembers(u8);

#[test]
fn bits_without_members() {
    assert_eq!(NoMembers::MASK.bits(), 0);
    let v: NoMembers = fidlwire::decode(&hex("ff 00 00 00 00 00 00 00")).unwrap();
    assert_eq!(v.get_unknown_bits(), 0xff);
}
