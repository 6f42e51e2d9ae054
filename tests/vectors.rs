//! Vectors: element bounds, optional vs required, huge counts, primitive and nested bodies.

mod common;
use common::*;
use fidlwire::{ErrorKind, Struct, VecConstraint};

#[derive(Struct, Debug, PartialEq, Clone)]
struct Bytes {
    v: Vec<u8>,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Words {
    #[fidl(max_len = 2)]
    v: Vec<u32>,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct OptWords {
    v: Option<Vec<u32>>,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Pair {
    a: u8,
    b: u16,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Pairs {
    v: Vec<Pair>,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Nested {
    #[fidl(constraint = VecConstraint::new(2, fidlwire::StringConstraint::new(3)))]
    v: Vec<String>,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct VecOfOptStrings {
    v: Vec<Option<String>>,
}

#[test]
fn byte_vector() {
    round_trip(
        &Bytes { v: vec![1, 2, 3] },
        &hex("03 00 00 00 00 00 00 00 ffffffffffffffff 01 02 03 00 00 00 00 00"),
    );
    round_trip(
        &Bytes { v: vec![] },
        &hex("00 00 00 00 00 00 00 00 ffffffffffffffff"),
    );
}

#[test]
fn u32_vector_at_and_over_its_bound() {
    round_trip(
        &Words { v: vec![1, 2] },
        &hex("02 00 00 00 00 00 00 00 ffffffffffffffff 01 00 00 00 02 00 00 00"),
    );
    encode_fails(&Words { v: vec![1, 2, 3] }, ErrorKind::CountExceedsLimit);
    decode_fails::<Words>(
        &hex(
            "03 00 00 00 00 00 00 00 ffffffffffffffff 01 00 00 00 02 00 00 00 03 00 00 00 00 00 00 00",
        ),
        ErrorKind::CountExceedsLimit,
    );
}

#[test]
fn optional_vector() {
    round_trip(
        &OptWords { v: None },
        &hex("00 00 00 00 00 00 00 00 0000000000000000"),
    );
    round_trip(
        &OptWords { v: Some(vec![]) },
        &hex("00 00 00 00 00 00 00 00 ffffffffffffffff"),
    );
    decode_fails::<OptWords>(
        &hex("01 00 00 00 00 00 00 00 0000000000000000"),
        ErrorKind::NonEmptyVectorWithNullBody,
    );
    decode_fails::<Words>(
        &hex("00 00 00 00 00 00 00 00 0000000000000000"),
        ErrorKind::NonNullableTypeWithNullValue,
    );
    decode_fails::<OptWords>(
        &hex("00 00 00 00 00 00 00 00 ffffffffffffff00"),
        ErrorKind::InvalidPresenceIndicator,
    );
}

#[test]
fn count_over_32_bits_and_huge_counts() {
    decode_fails::<OptWords>(
        &hex("00 00 00 00 01 00 00 00 ffffffffffffffff"),
        ErrorKind::VectorCountExceeds32BitLimit,
    );
    // 2^30 + 4 u32s wraps to 16 bytes in 32-bit arithmetic; it must still be TOO_FEW_BYTES.
    let mut b = hex("04 00 00 40 00 00 00 00 ffffffffffffffff");
    b.extend_from_slice(&[0; 16]);
    decode_fails::<OptWords>(&b, ErrorKind::TooFewBytes);
}

#[test]
fn struct_elements_use_their_stride_and_padding() {
    let v = Pairs {
        v: vec![Pair { a: 1, b: 0x0302 }, Pair { a: 4, b: 0x0605 }],
    };
    let bytes = hex("02 00 00 00 00 00 00 00 ffffffffffffffff 01 00 02 03 04 00 05 06");
    round_trip(&v, &bytes);
    let mut bad = bytes.clone();
    bad[21] = 9;
    decode_fails::<Pairs>(&bad, ErrorKind::InvalidPaddingByte);
    let err = fidlwire::decode::<Pairs>(&bad).unwrap_err();
    assert_eq!(
        err.to_string(),
        "INVALID_PADDING_BYTE at byte offset 21 (at vectors::Pairs.v[1]): value 0x9"
    );
}

#[test]
fn element_constraints_apply_to_each_element() {
    round_trip(
        &Nested {
            v: vec!["abc".into(), "d".into()],
        },
        &hex("02 00 00 00 00 00 00 00 ffffffffffffffff
              03 00 00 00 00 00 00 00 ffffffffffffffff
              01 00 00 00 00 00 00 00 ffffffffffffffff
              61 62 63 00 00 00 00 00  64 00 00 00 00 00 00 00"),
    );
    encode_fails(
        &Nested {
            v: vec!["abcd".into()],
        },
        ErrorKind::StringTooLong,
    );
    encode_fails(
        &Nested {
            v: vec!["a".into(), "b".into(), "c".into()],
        },
        ErrorKind::CountExceedsLimit,
    );
}

#[test]
fn vector_of_optional_strings() {
    round_trip(
        &VecOfOptStrings {
            v: vec![Some("a".into()), None, Some(String::new())],
        },
        &hex("03 00 00 00 00 00 00 00 ffffffffffffffff
              01 00 00 00 00 00 00 00 ffffffffffffffff
              00 00 00 00 00 00 00 00 0000000000000000
              00 00 00 00 00 00 00 00 ffffffffffffffff
              61 00 00 00 00 00 00 00"),
    );
}

#[test]
fn primitive_vector_views_are_slices() {
    let mut bytes = fidlwire::to_vec(&OptWords {
        v: Some(vec![7, 8, 9]),
    })
    .unwrap();
    let v = fidlwire::view::<OptWords>(&mut bytes).unwrap();
    let slice = v.v().unwrap().as_slice();
    assert_eq!(slice.iter().map(|x| x.get()).collect::<Vec<_>>(), [7, 8, 9]);
    let mut bytes = fidlwire::to_vec(&Bytes { v: b"xyz".to_vec() }).unwrap();
    assert_eq!(
        fidlwire::view::<Bytes>(&mut bytes).unwrap().v().as_bytes(),
        b"xyz"
    );
}
