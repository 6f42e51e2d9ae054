//! The out-of-line depth limit (spec §7): 32 levels allowed, 33 rejected, through every kind of
//! indirection, on encode and decode; and the configurable limit.

mod common;
use fidlwire::{DecodeOptions, EncodeOptions, ErrorKind, Struct, Table, Union};

#[derive(Struct, Debug, PartialEq, Clone)]
struct Chain {
    next: Option<Box<Chain>>,
}

#[derive(Table, Debug, PartialEq, Clone, Default)]
struct TChain {
    #[fidl(ordinal = 1)]
    next: Option<Box<TChain>>,
    #[fidl(ordinal = 2)]
    leaf: Option<u8>,
}

#[derive(Union, Debug, PartialEq, Clone)]
enum UChain {
    #[fidl(ordinal = 1)]
    Next(Box<UChain>),
    #[fidl(ordinal = 2)]
    Leaf(u64),
    #[fidl(unknown)]
    Unknown(u64),
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct VChain {
    v: Vec<VChain>,
}

/// A chain of `n` boxed structs below the primary one: depth n.
fn chain(n: usize) -> Chain {
    (0..n).fold(Chain { next: None }, |c, _| Chain {
        next: Some(Box::new(c)),
    })
}

/// `levels` nested tables; the innermost one sits at depth `2 * levels`. Each level costs two:
/// the envelope array and the out-of-line field value. A set inline `leaf` in the innermost
/// table adds its envelope array one level further down.
fn tchain(levels: usize, leaf: bool) -> TChain {
    let innermost = TChain {
        next: None,
        leaf: leaf.then_some(1),
    };
    (0..levels).fold(innermost, |t, _| TChain {
        next: Some(Box::new(t)),
        leaf: None,
    })
}

fn uchain(levels: usize) -> UChain {
    (0..levels).fold(UChain::Leaf(1), |u, _| UChain::Next(Box::new(u)))
}

fn vchain(levels: usize) -> VChain {
    (0..levels).fold(VChain { v: vec![] }, |c, _| VChain { v: vec![c] })
}

fn depth_ok<
    T: fidlwire::Encode + fidlwire::Decode + fidlwire::ValueType + PartialEq + std::fmt::Debug,
>(
    ok: &T,
    too_deep: &T,
) {
    let bytes = fidlwire::to_vec(ok).unwrap();
    let back: T = fidlwire::decode(&bytes).unwrap();
    assert_eq!(&back, ok);
    let mut out = Vec::new();
    let err = fidlwire::encode_into(too_deep, &mut out, &mut Vec::new()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ExceededMaxOutOfLineDepth);
    // Encode the too-deep value with a raised limit, then decode it with the default one.
    EncodeOptions { max_depth: 64 }
        .encode_into(too_deep, &mut out, &mut Vec::new())
        .unwrap();
    assert_eq!(
        fidlwire::decode::<T>(&out).unwrap_err().kind(),
        ErrorKind::ExceededMaxOutOfLineDepth
    );
    assert_eq!(
        fidlwire::validate::<T>(&out).unwrap_err().kind(),
        ErrorKind::ExceededMaxOutOfLineDepth
    );
    // And the configurable limit accepts it.
    assert_eq!(
        &DecodeOptions {
            max_depth: 64,
            ..Default::default()
        }
        .decode::<T>(&out)
        .unwrap(),
        too_deep
    );
}

#[test]
fn boxes_32_ok_33_rejected() {
    depth_ok(&chain(32), &chain(33));
}

#[test]
fn unions_32_ok_33_rejected() {
    // Union at depth 0; each nested out-of-line variant adds one; the u64 leaf is out of line too.
    depth_ok(&uchain(31), &uchain(32));
}

#[test]
fn tables_cost_two_levels() {
    // Innermost table at depth 32: fine while empty; with a field its array is at depth 33.
    depth_ok(&tchain(16, false), &tchain(16, true));
    depth_ok(&tchain(15, true), &tchain(17, false));
}

#[test]
fn vectors_32_ok_33_rejected() {
    depth_ok(&vchain(32), &vchain(33));
}

#[test]
fn a_smaller_limit_is_honoured() {
    let bytes = fidlwire::to_vec(&chain(5)).unwrap();
    let opts = DecodeOptions {
        max_depth: 4,
        ..Default::default()
    };
    assert_eq!(
        opts.decode::<Chain>(&bytes).unwrap_err().kind(),
        ErrorKind::ExceededMaxOutOfLineDepth
    );
    assert!(
        DecodeOptions {
            max_depth: 5,
            ..Default::default()
        }
        .decode::<Chain>(&bytes)
        .is_ok()
    );
}
