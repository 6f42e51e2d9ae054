//! Unions: strict/flexible/optional, inline and out-of-line variants, unknown variants.

mod common;
use common::*;
use fidlwire::{ErrorKind, Struct, Union};

/// Spec §17.3.
#[derive(Union, Debug, PartialEq, Clone)]
enum U {
    #[fidl(ordinal = 1)]
    N(u32),
    #[fidl(ordinal = 2)]
    S(String),
    #[fidl(unknown)]
    Unknown(u64),
}

#[derive(Union, Debug, PartialEq, Clone)]
#[fidl(strict)]
enum Strict {
    #[fidl(ordinal = 1)]
    A(u8),
    #[fidl(ordinal = 2)]
    B(u64),
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct HasOpt {
    u: Option<U>,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct HasReq {
    u: U,
}

/// Recursion through a union needs `Box` in Rust; on the wire it is the plain type.
#[derive(Union, Debug, PartialEq, Clone)]
enum List {
    #[fidl(ordinal = 1)]
    End(bool),
    #[fidl(ordinal = 2)]
    Next(Box<Node>),
    #[fidl(unknown)]
    Unknown(u64),
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Node {
    value: u32,
    rest: Option<Box<List>>,
}

#[test]
fn worked_example_17_3() {
    round_trip(
        &HasReq {
            u: U::N(0xdeadbeef),
        },
        &hex("01 00 00 00 00 00 00 00 ef be ad de 00 00 01 00"),
    );
    round_trip(
        &HasReq {
            u: U::S("hi".into()),
        },
        &hex("02 00 00 00 00 00 00 00 18 00 00 00 00 00 00 00
              02 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff 68 69 00 00 00 00 00 00"),
    );
    round_trip(&HasOpt { u: None }, &[0; 16]);
    round_trip(
        &HasOpt { u: Some(U::N(1)) },
        &hex("01 00 00 00 00 00 00 00 01 00 00 00 00 00 01 00"),
    );
}

#[test]
fn top_level_union_and_result_shape() {
    round_trip(
        &Strict::A(7),
        &hex("01 00 00 00 00 00 00 00 07 00 00 00 00 00 01 00"),
    );
    round_trip(
        &Strict::B(7),
        &hex("02 00 00 00 00 00 00 00 08 00 00 00 00 00 00 00 07 00 00 00 00 00 00 00"),
    );
}

#[test]
fn absent_and_unset() {
    decode_fails::<HasReq>(&[0; 16], ErrorKind::NonNullableTypeWithNullValue);
    // A nonzero ordinal with a zero envelope is "null", even for an optional union.
    decode_fails::<HasOpt>(
        &hex("01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"),
        ErrorKind::NonNullableTypeWithNullValue,
    );
    decode_fails::<HasOpt>(
        &hex("00 00 00 00 00 00 00 00 01 00 00 00 00 00 01 00"),
        ErrorKind::UnionFieldNotSet,
    );
    decode_fails::<HasReq>(
        &hex("00 00 00 00 00 00 00 00 01 00 00 00 00 00 01 00"),
        ErrorKind::UnionFieldNotSet,
    );
}

#[test]
fn unknown_variants() {
    let bytes = hex("09 00 00 00 00 00 00 00 08 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff");
    let v: HasReq = fidlwire::decode(&bytes).unwrap();
    assert_eq!(v, HasReq { u: U::Unknown(9) });
    let mut buf = bytes.clone();
    assert!(matches!(
        fidlwire::view::<HasReq>(&mut buf).unwrap().u(),
        UView::Unknown(9)
    ));
    encode_fails(&v, ErrorKind::FlexibleUnionUnknownField);
    decode_fails::<Strict>(
        &hex("03 00 00 00 00 00 00 00 01 00 00 00 00 00 01 00"),
        ErrorKind::StrictUnionUnknownField,
    );
    // Unknown inline payload bytes are opaque.
    let v: HasReq =
        fidlwire::decode(&hex("09 00 00 00 00 00 00 00 ff ff ff ff 00 00 01 00")).unwrap();
    assert_eq!(v.u.ordinal(), 9);
    decode_fails::<HasReq>(
        &hex("09 00 00 00 00 00 00 00 14 00 00 00 00 00 00 00"),
        ErrorKind::InvalidNumBytesInEnvelope,
    );
}

#[test]
fn envelope_checks_on_variants() {
    decode_fails::<HasReq>(
        &hex("01 00 00 00 00 00 00 00 08 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00"),
        ErrorKind::InvalidInlineBitInEnvelope,
    );
    decode_fails::<Strict>(
        &hex("02 00 00 00 00 00 00 00 07 00 00 00 00 00 01 00"),
        ErrorKind::InvalidInlineBitInEnvelope,
    );
    decode_fails::<HasReq>(
        &hex("01 00 00 00 00 00 00 00 01 00 00 00 00 00 fe ff"),
        ErrorKind::InvalidInlineMarkerInEnvelope,
    );
    decode_fails::<Strict>(
        &hex("01 00 00 00 00 00 00 00 07 00 01 00 00 00 01 00"),
        ErrorKind::InvalidPaddingByte,
    );
}

#[test]
fn recursive_union_through_box() {
    let v = List::Next(Box::new(Node {
        value: 1,
        rest: Some(Box::new(List::End(true))),
    }));
    let bytes = fidlwire::to_vec(&v).unwrap();
    round_trip(&v, &bytes);
    let mut buf = bytes.clone();
    let ListView::Next(node) = fidlwire::view::<List>(&mut buf).unwrap() else {
        panic!("expected Next")
    };
    // Box<T> views are lazy (a view containing itself would be infinitely large).
    let node = node.get();
    assert_eq!(node.value(), 1);
    assert!(matches!(
        node.rest().map(|l| l.get()),
        Some(ListView::End(true))
    ));
}

/// Regression: a flexible union without variants (legal FIDL) must derive; every value is
/// unknown.
#[derive(Union, Debug, PartialEq, Clone)]
enum NoVariants {
    #[fidl(unknown)]
    Unknown(u64),
}

#[test]
fn union_without_variants_decodes_everything_as_unknown() {
    let bytes = hex("05 00 00 00 00 00 00 00 01 02 03 04 00 00 01 00");
    assert_eq!(
        fidlwire::decode::<NoVariants>(&bytes).unwrap(),
        NoVariants::Unknown(5)
    );
    let mut buf = bytes.clone();
    assert!(matches!(
        fidlwire::view::<NoVariants>(&mut buf).unwrap(),
        NoVariantsView::Unknown(5)
    ));
}

/// Regression (found by the GIDL suite): re-encoding an "unknown" variant with ordinal 0 means
/// no variant is set at all: UNION_FIELD_NOT_SET, not FLEXIBLE_UNION_UNKNOWN_FIELD.
#[test]
fn unknown_variant_with_ordinal_zero_is_union_field_not_set() {
    encode_fails(&HasReq { u: U::Unknown(0) }, ErrorKind::UnionFieldNotSet);
    encode_fails(
        &HasReq { u: U::Unknown(7) },
        ErrorKind::FlexibleUnionUnknownField,
    );
}
