//! One-pass owned decoding (`fidlwire::decode`, validation and construction fused) against the
//! two-pass tiers (validate in place, then build from the view): same values, same errors
//! (code, offset, field path), same handle bookkeeping, on every corruption of a message.

use fidlwire::{
    Bits, DecodeOptions, Enum, Handle, HandleConstraint, HandleInfo, ObjectType, Rights, Struct,
    Table, Union, emulated,
};

#[derive(
    Struct,
    Debug,
    PartialEq,
    Clone,
    Copy,
    fidlwire::zerocopy::IntoBytes,
    fidlwire::zerocopy::FromBytes,
    fidlwire::zerocopy::Immutable,
    fidlwire::zerocopy::KnownLayout,
)]
#[zerocopy(crate = "fidlwire::zerocopy")]
#[fidl(plain)]
#[repr(C)]
struct Vec3 {
    x: f32,
    y: f32,
    z: f32,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Padded {
    a: u8,
    b: u32,
    c: u16,
}

#[derive(Enum, Debug, PartialEq, Clone, Copy)]
#[fidl(strict)]
#[repr(u16)]
enum Color {
    Red = 1,
    Green = 2,
}

#[derive(Bits, Debug, PartialEq, Clone, Copy)]
#[fidl(flexible)]
struct Flags(u32);

#[derive(Table, Debug, PartialEq, Clone, Default)]
struct Meta {
    #[fidl(ordinal = 1)]
    title: Option<String>,
    #[fidl(ordinal = 3)]
    small: Option<u16>,
    #[fidl(ordinal = 4)]
    padded: Option<Padded>,
    #[fidl(ordinal = 5)]
    on: Option<bool>,
}

#[derive(Union, Debug, PartialEq, Clone)]
#[fidl(flexible)]
enum Shape {
    #[fidl(ordinal = 1)]
    Label(String),
    #[fidl(ordinal = 2)]
    Path(Vec<Vec3>),
    #[fidl(ordinal = 3)]
    Tiny(u8),
    #[fidl(unknown)]
    Unknown(u64),
}

#[derive(Union, Debug, PartialEq, Clone)]
#[fidl(strict)]
enum Either {
    #[fidl(ordinal = 1)]
    Left(u64),
    #[fidl(ordinal = 2)]
    Right(Padded),
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Doc {
    name: String,
    mesh: Vec<Vec3>,
    corner: Vec3,
    padded: Vec<Padded>,
    flags: Vec<bool>,
    color: Color,
    bits: Flags,
    meta: Meta,
    shape: Shape,
    either: Option<Either>,
    boxed: Option<Box<Padded>>,
    words: Option<Vec<String>>,
    grid: [[u16; 3]; 2],
    bytes: Vec<u8>,
}

fn doc() -> Doc {
    Doc {
        name: "ünï".into(),
        mesh: vec![
            Vec3 {
                x: 1.0,
                y: 2.0,
                z: 3.0
            };
            3
        ],
        corner: Vec3 {
            x: -1.0,
            y: 0.5,
            z: 9.0,
        },
        padded: vec![Padded { a: 1, b: 2, c: 3 }, Padded { a: 4, b: 5, c: 6 }],
        flags: vec![true, false, true],
        color: Color::Green,
        bits: Flags(5),
        meta: Meta {
            title: Some("t".into()),
            small: Some(7),
            padded: Some(Padded { a: 9, b: 8, c: 7 }),
            on: Some(true),
        },
        shape: Shape::Path(vec![Vec3 {
            x: 0.0,
            y: 1.0,
            z: 2.0,
        }]),
        either: Some(Either::Right(Padded { a: 1, b: 1, c: 1 })),
        boxed: Some(Box::new(Padded { a: 3, b: 3, c: 3 })),
        words: Some(vec!["a".into(), "bc".into(), String::new()]),
        grid: [[1, 2, 3], [4, 5, 6]],
        bytes: b"hello".to_vec(),
    }
}

/// The two-pass result: validate in place, then build from the view.
fn two_pass<T: fidlwire::Decode>(bytes: &[u8]) -> fidlwire::Result<T> {
    DecodeOptions::default().decode_in_place(&mut bytes.to_vec(), Vec::new())
}

fn same<T: fidlwire::Decode + PartialEq + std::fmt::Debug>(bytes: &[u8], what: &str) {
    let one = fidlwire::decode::<T>(bytes);
    let two = two_pass::<T>(bytes);
    match (one, two) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{what}"),
        (Err(a), Err(b)) => {
            assert_eq!((a.code(), a.offset()), (b.code(), b.offset()), "{what}");
            // The message names the field path too.
            assert_eq!(a.to_string(), b.to_string(), "{what}");
        }
        (a, b) => panic!("{what}: one pass {a:?} vs two passes {b:?}"),
    }
}

#[test]
fn one_pass_round_trips_every_kind_of_member() {
    let value = doc();
    let bytes = fidlwire::to_vec(&value).unwrap();
    assert_eq!(fidlwire::decode::<Doc>(&bytes).unwrap(), value);
    assert_eq!(two_pass::<Doc>(&bytes).unwrap(), value);
}

#[test]
fn every_bit_flip_gives_the_two_pass_verdict() {
    let bytes = fidlwire::to_vec(&doc()).unwrap();
    for i in 0..bytes.len() {
        for bit in 0..8 {
            let mut bad = bytes.clone();
            bad[i] ^= 1 << bit;
            same::<Doc>(&bad, &format!("byte {i} bit {bit}"));
        }
    }
}

#[test]
fn every_truncation_and_extension_gives_the_two_pass_verdict() {
    let bytes = fidlwire::to_vec(&doc()).unwrap();
    for len in 0..bytes.len() {
        same::<Doc>(&bytes[..len], &format!("first {len} bytes"));
    }
    let mut longer = bytes.clone();
    longer.extend_from_slice(&[0; 8]);
    same::<Doc>(&longer, "8 extra bytes");
}

#[test]
fn unknown_table_fields_and_union_variants_are_skipped_alike() {
    // A table with fields 1..=6 where 2 and 6 are unknown to `Meta`, a union variant 9.
    #[derive(Table, Debug, PartialEq, Clone, Default)]
    struct Wider {
        #[fidl(ordinal = 1)]
        title: Option<String>,
        #[fidl(ordinal = 2)]
        extra: Option<Vec<u32>>,
        #[fidl(ordinal = 6)]
        later: Option<u64>,
    }
    #[derive(Union, Debug, PartialEq, Clone)]
    #[fidl(flexible)]
    enum WiderShape {
        #[fidl(ordinal = 9)]
        Other(String),
        #[fidl(unknown)]
        Unknown(u64),
    }
    let meta = fidlwire::to_vec(&Wider {
        title: Some("x".into()),
        extra: Some(vec![1, 2, 3]),
        later: Some(42),
    })
    .unwrap();
    assert_eq!(
        fidlwire::decode::<Meta>(&meta).unwrap(),
        Meta {
            title: Some("x".into()),
            ..Meta::default()
        }
    );
    same::<Meta>(&meta, "wider table");
    let shape = fidlwire::to_vec(&WiderShape::Other("zz".into())).unwrap();
    assert_eq!(
        fidlwire::decode::<Shape>(&shape).unwrap(),
        Shape::Unknown(9)
    );
    same::<Shape>(&shape, "unknown variant");
    // A strict union rejects it, in both passes alike.
    let err = fidlwire::decode::<Either>(&shape).unwrap_err();
    assert_eq!(err.code(), "STRICT_UNION_UNKNOWN_FIELD");
    same::<Either>(&shape, "strict union, unknown variant");
}

#[derive(Struct, Debug)]
#[fidl(resource)]
struct Pair {
    a: Handle,
    #[fidl(constraint = EVENT_BASIC)]
    b: Option<Handle>,
    c: Vec<Handle>,
}

const EVENT_BASIC: HandleConstraint = HandleConstraint::new(ObjectType::EVENT, Rights::BASIC);

fn events(n: usize) -> Vec<HandleInfo> {
    (0..n)
        .map(|_| emulated::create_info(ObjectType::EVENT, Rights::EVENT_DEFAULT))
        .collect()
}

/// Open, and closed at most once.
fn is_open(raw: u32) -> bool {
    let s = emulated::state(raw).expect("emulated handle");
    assert!(
        s.close_count <= 1,
        "handle {raw} closed {} times",
        s.close_count
    );
    s.open
}

/// `a`, `b` present, `c` of three: five handles.
fn pair_bytes() -> Vec<u8> {
    let (bytes, hs) = fidlwire::encode(Pair {
        a: emulated::create(ObjectType::EVENT, Rights::SAME_RIGHTS),
        b: Some(emulated::create(ObjectType::EVENT, Rights::SAME_RIGHTS)),
        c: (0..3)
            .map(|_| emulated::create(ObjectType::EVENT, Rights::SAME_RIGHTS))
            .collect(),
    })
    .unwrap();
    assert_eq!(hs.len(), 5);
    bytes
}

#[test]
fn handles_are_taken_in_order_and_reduced_in_one_pass() {
    let infos = events(5);
    let raws: Vec<u32> = infos.iter().map(|h| h.handle.raw()).collect();
    let value = fidlwire::decode_with_handles::<Pair>(&pair_bytes(), infos).unwrap();
    assert_eq!(value.a.raw(), raws[0]);
    // `b` was reduced to BASIC: a replacement handle, the original closed.
    let b = value.b.as_ref().unwrap();
    assert_ne!(b.raw(), raws[1]);
    assert_eq!(emulated::state(b.raw()).unwrap().rights, Rights::BASIC);
    assert!(!is_open(raws[1]));
    assert_eq!(
        value.c.iter().map(Handle::raw).collect::<Vec<_>>(),
        raws[2..]
    );
    let kept: Vec<u32> = [value.a.raw(), b.raw()]
        .into_iter()
        .chain(value.c.iter().map(Handle::raw))
        .collect();
    drop(value);
    assert!(
        kept.iter().all(|r| !is_open(*r)),
        "dropping the value closes them"
    );
}

#[test]
fn on_error_every_handle_is_closed_including_those_already_taken() {
    let bytes = pair_bytes();
    // One handle too few: `a`, `b` and two of `c` are taken before the last is missing.
    let infos = events(4);
    let raws: Vec<u32> = infos.iter().map(|h| h.handle.raw()).collect();
    let err = fidlwire::decode_with_handles::<Pair>(&bytes, infos).unwrap_err();
    assert_eq!(err.code(), "TOO_FEW_HANDLES");
    assert!(raws.iter().all(|r| !is_open(*r)));
    // One too many: the value is built, then the whole-message check fails.
    let infos = events(6);
    let raws: Vec<u32> = infos.iter().map(|h| h.handle.raw()).collect();
    let err = fidlwire::decode_with_handles::<Pair>(&bytes, infos).unwrap_err();
    assert_eq!(err.code(), "TOO_MANY_HANDLES_IN_MESSAGE");
    assert!(raws.iter().all(|r| !is_open(*r)));
    // A wrong object type for `b`.
    let mut infos = events(5);
    infos[1] = emulated::create_info(ObjectType::CHANNEL, Rights::CHANNEL_DEFAULT);
    let raws: Vec<u32> = infos.iter().map(|h| h.handle.raw()).collect();
    let err = fidlwire::decode_with_handles::<Pair>(&bytes, infos).unwrap_err();
    assert_eq!(err.code(), "INCORRECT_HANDLE_TYPE");
    assert!(raws.iter().all(|r| !is_open(*r)));
}

/// Types without their own one-pass decoder (arrays of out-of-line values here) are built from
/// a view inside one-pass decoding: the links their view reads must be recorded there, and only
/// there (regression guard for the recording flag of the side table).
#[test]
fn fallback_types_inside_one_pass_types_still_see_their_links() {
    #[derive(Table, Debug, PartialEq, Clone, Default)]
    struct Holder {
        #[fidl(ordinal = 1)]
        pairs: Option<[Vec<String>; 2]>,
        #[fidl(ordinal = 2)]
        boxed: Option<Vec<[String; 2]>>,
    }
    #[derive(Struct, Debug, PartialEq, Clone)]
    struct Outer {
        holder: Holder,
        names: [String; 3],
    }
    let value = Outer {
        holder: Holder {
            pairs: Some([vec!["a".into()], vec!["bc".into(), "d".into()]]),
            boxed: Some(vec![["x".into(), "y".into()], ["zz".into(), String::new()]]),
        },
        names: ["p".into(), "qq".into(), "r".into()],
    };
    let bytes = fidlwire::to_vec(&value).unwrap();
    assert_eq!(fidlwire::decode::<Outer>(&bytes).unwrap(), value);
    for i in 0..bytes.len() {
        let mut bad = bytes.clone();
        bad[i] ^= 0x41;
        same::<Outer>(&bad, &format!("byte {i}"));
    }
}
