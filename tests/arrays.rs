//! Arrays: inline elements, stride, out-of-line element bodies in order.

mod common;
use common::*;
use fidlwire::{ErrorKind, Struct};

#[derive(Struct, Debug, PartialEq, Clone)]
struct Padded {
    a: u32,
    b: u8,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Arrays {
    small: [u8; 3],
    padded: [Padded; 2],
    nested: [[i16; 2]; 2],
    strings: [String; 2],
}

#[test]
fn arrays_are_inline_with_element_stride() {
    let v = Arrays {
        small: [1, 2, 3],
        padded: [Padded { a: 4, b: 5 }, Padded { a: 6, b: 7 }],
        nested: [[-1, 2], [3, -4]],
        strings: ["ab".into(), "c".into()],
    };
    let bytes = hex("01 02 03 00 04 00 00 00 | 05 00 00 00 06 00 00 00
         07 00 00 00 ff ff 02 00 | 03 00 fc ff 00 00 00 00
         02 00 00 00 00 00 00 00 | ff ff ff ff ff ff ff ff
         01 00 00 00 00 00 00 00 | ff ff ff ff ff ff ff ff
         61 62 00 00 00 00 00 00 | 63 00 00 00 00 00 00 00");
    round_trip(&v, &bytes);
    let mut bad = bytes.clone();
    bad[9] = 1; // padding of padded[0]
    decode_fails::<Arrays>(&bad, ErrorKind::InvalidPaddingByte);
    let mut buf = bytes.clone();
    let view = fidlwire::view::<Arrays>(&mut buf).unwrap();
    assert_eq!(view.strings().get(1), Some("c"));
    assert_eq!(view.nested().get(1).unwrap().get(1), Some(-4));
    assert_eq!(view.padded().get(2).map(|p| p.a()), None);
}
