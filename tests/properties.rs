//! Property tests over derived types of every shape:
//! * `decode(encode(x)) == x`, and re-encoding the decoded value reproduces the bytes;
//! * the view tier agrees with the owned tier (`from_view(view) == decode`);
//! * arbitrary and mutated inputs never panic, and validate / view / owned decoding agree on
//!   the verdict (same value or same error code);
//! * resource types round-trip their handles through the emulated table, in order.

mod common;
use fidlwire::emulated::{self, state};
use fidlwire::{Bits, Decode, Enum, ErrorKind, Handle, ObjectType, Rights, Struct, Table, Union};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

#[derive(Struct, Debug, PartialEq, Clone)]
struct Leaf {
    a: u8,
    b: u32,
    c: bool,
    d: i16,
}

#[derive(Enum, Debug, PartialEq, Clone, Copy)]
#[repr(u8)]
enum Color {
    Red = 1,
    Blue = 2,
    #[fidl(unknown)]
    Unknown(u8),
}

#[derive(Bits, Debug, PartialEq, Clone, Copy)]
#[fidl(strict, members(X = 1, Y = 4, Z = 0x100))]
struct Flags(u16);

#[derive(Table, Debug, PartialEq, Clone, Default)]
struct Gappy {
    #[fidl(ordinal = 1)]
    small: Option<u8>,
    #[fidl(ordinal = 3, max_len = 40)]
    text: Option<String>,
    #[fidl(ordinal = 7)]
    longs: Option<Vec<u64>>,
    #[fidl(ordinal = 9)]
    leaf: Option<Leaf>,
    #[fidl(ordinal = 10)]
    color: Option<Color>,
}

#[derive(Union, Debug, PartialEq, Clone)]
enum Choice {
    #[fidl(ordinal = 1)]
    Small(u16),
    #[fidl(ordinal = 2)]
    Text(String),
    #[fidl(ordinal = 4)]
    Nested(Leaf),
    #[fidl(ordinal = 5)]
    Table(Gappy),
    #[fidl(unknown)]
    Unknown(u64),
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Root {
    leaf: Leaf,
    table: Gappy,
    choice: Choice,
    opt_choice: Option<Choice>,
    #[fidl(constraint = fidlwire::VecConstraint::new(8, fidlwire::StringConstraint::new(16)))]
    tags: Option<Vec<String>>,
    nested: Vec<Vec<u8>>,
    boxed: Option<Box<Leaf>>,
    arr: [Leaf; 2],
    color: Color,
    flags: Flags,
    f: f64,
    opt_strings: Vec<Option<String>>,
}

#[derive(Union, Debug, PartialEq)]
#[fidl(resource)]
enum ResChoice {
    #[fidl(ordinal = 1)]
    H(Handle),
    #[fidl(ordinal = 2)]
    N(u32),
    #[fidl(unknown)]
    Unknown(u64),
}

#[derive(Table, Debug, PartialEq, Default)]
#[fidl(resource)]
struct ResTable {
    #[fidl(ordinal = 2)]
    h: Option<Handle>,
    #[fidl(ordinal = 4)]
    v: Option<Vec<Handle>>,
}

#[derive(Struct, Debug, PartialEq)]
#[fidl(resource)]
struct WithHandles {
    a: Handle,
    b: Option<Handle>,
    v: Vec<Handle>,
    u: ResChoice,
    t: ResTable,
}

fn leaf() -> impl Strategy<Value = Leaf> {
    (any::<u8>(), any::<u32>(), any::<bool>(), any::<i16>()).prop_map(|(a, b, c, d)| Leaf {
        a,
        b,
        c,
        d,
    })
}

fn color() -> impl Strategy<Value = Color> {
    prop_oneof![
        Just(Color::Red),
        Just(Color::Blue),
        (3u8..).prop_map(Color::Unknown)
    ]
}

fn gappy() -> impl Strategy<Value = Gappy> {
    (
        option::of(any::<u8>()),
        option::of("[a-zé€😀]{0,10}"),
        option::of(vec(any::<u64>(), 0..4)),
        option::of(leaf()),
        option::of(color()),
    )
        .prop_map(|(small, text, longs, leaf, color)| Gappy {
            small,
            text,
            longs,
            leaf,
            color,
        })
}

fn choice() -> impl Strategy<Value = Choice> {
    prop_oneof![
        any::<u16>().prop_map(Choice::Small),
        ".{0,12}".prop_map(Choice::Text),
        leaf().prop_map(Choice::Nested),
        gappy().prop_map(Choice::Table),
    ]
}

fn root() -> impl Strategy<Value = Root> {
    (
        (leaf(), gappy(), choice(), option::of(choice())),
        (
            option::of(vec("[a-z]{0,16}", 0..8)),
            vec(vec(any::<u8>(), 0..20), 0..4),
            option::of(leaf().prop_map(Box::new)),
            [leaf(), leaf()],
        ),
        (
            color(),
            (0u16..8).prop_map(|b| Flags::from_bits_truncate(b | (b << 6))),
            proptest::num::f64::NORMAL | proptest::num::f64::ZERO,
        ),
        vec(option::of("[a-z]{0,9}"), 0..4),
    )
        .prop_map(
            |(
                (leaf, table, choice, opt_choice),
                (tags, nested, boxed, arr),
                (color, flags, f),
                opt_strings,
            )| Root {
                leaf,
                table,
                choice,
                opt_choice,
                tags,
                nested,
                boxed,
                arr,
                color,
                flags,
                f,
                opt_strings,
            },
        )
}

/// Runs all three decode tiers and checks they agree; returns the owned result.
fn decode_all_tiers<T: Decode + PartialEq + std::fmt::Debug>(bytes: &[u8]) -> Result<T, ErrorKind> {
    let owned = fidlwire::decode::<T>(bytes).map_err(|e| e.kind());
    let checked = fidlwire::validate::<T>(bytes).map_err(|e| e.kind());
    let mut buf = bytes.to_vec();
    let viewed = fidlwire::view::<T>(&mut buf)
        .map(T::from_view)
        .map_err(|e| e.kind());
    assert_eq!(
        checked,
        owned.as_ref().map(drop).map_err(|k| *k),
        "validate and owned decode disagree"
    );
    assert_eq!(viewed, owned, "view and owned decode disagree");
    owned
}

/// The committed seeds of past failures, replayed first (relative to the package directory,
/// where `cargo test` runs). `regression_seeds_are_the_committed_file` keeps this pointing at
/// a file that exists.
const REGRESSIONS: &str = "proptest-regressions/properties.txt";

#[test]
fn regression_seeds_are_the_committed_file() {
    let text = std::fs::read_to_string(REGRESSIONS)
        .unwrap_or_else(|e| panic!("{REGRESSIONS} (the configured seed file): {e}"));
    // Every line is a comment or a seed proptest can read back.
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        assert!(
            line.starts_with('#') || line.starts_with("cc "),
            "{REGRESSIONS}: not a proptest seed line: {line}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2048,
        // Failures are saved here and replayed first on every later run (commit them).
        failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::Direct(
            REGRESSIONS,
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn round_trip_and_canonical_reencode(value in root()) {
        let bytes = fidlwire::to_vec(&value).unwrap();
        prop_assert_eq!(bytes.len() % 8, 0);
        let decoded: Root = decode_all_tiers(&bytes).unwrap();
        prop_assert_eq!(&decoded, &value);
        prop_assert_eq!(fidlwire::to_vec(&decoded).unwrap(), bytes);
    }

    #[test]
    fn mutated_messages_never_panic_and_tiers_agree(
        value in root(),
        edits in vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut bytes = fidlwire::to_vec(&value).unwrap();
        for (i, b) in edits {
            let at = i.index(bytes.len());
            bytes[at] = b;
        }
        if truncate {
            bytes.truncate(cut.index(bytes.len() + 1));
        }
        if let Ok(decoded) = decode_all_tiers::<Root>(&bytes) {
            // Whatever was accepted re-encodes canonically, except for unknown union variants,
            // which cannot be re-encoded by design, and unknown table fields, which are dropped.
            if let Ok(again) = fidlwire::to_vec(&decoded) {
                prop_assert_eq!(decode_all_tiers::<Root>(&again).unwrap(), decoded);
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in vec(any::<u8>(), 0..600)) {
        let _ = decode_all_tiers::<Root>(&bytes);
        let _ = decode_all_tiers::<Gappy>(&bytes);
        let _ = decode_all_tiers::<Choice>(&bytes);
        let _ = decode_all_tiers::<Option<Choice>>(&bytes);
    }

    #[test]
    fn handles_round_trip_in_traversal_order(
        b in any::<bool>(),
        n in 0usize..5,
        variant in 0u8..3,
        th in any::<bool>(),
        tv in option::of(0usize..3),
    ) {
        let mk = || emulated::create(ObjectType::EVENT, Rights::BASIC);
        let value = WithHandles {
            a: mk(),
            b: b.then(mk),
            v: (0..n).map(|_| mk()).collect(),
            u: if variant == 0 { ResChoice::N(7) } else { ResChoice::H(mk()) },
            t: ResTable { h: th.then(mk), v: tv.map(|k| (0..k).map(|_| mk()).collect()) },
        };
        let mut order = vec![value.a.raw()];
        order.extend(value.b.as_ref().map(Handle::raw));
        order.extend(value.v.iter().map(Handle::raw));
        if let ResChoice::H(h) = &value.u { order.push(h.raw()); }
        order.extend(value.t.h.as_ref().map(Handle::raw));
        order.extend(value.t.v.iter().flatten().map(Handle::raw));

        let (bytes, dispositions) = fidlwire::encode(value).unwrap();
        prop_assert_eq!(dispositions.iter().map(|d| d.handle.raw()).collect::<Vec<_>>(), order.clone());
        let infos = emulated::transfer(dispositions).unwrap();
        let decoded: WithHandles = fidlwire::decode_with_handles(&bytes, infos).unwrap();
        let (again, dispositions) = fidlwire::encode(decoded).unwrap();
        prop_assert_eq!(&again, &bytes);
        prop_assert_eq!(dispositions.iter().map(|d| d.handle.raw()).collect::<Vec<_>>(), order.clone());
        drop(dispositions);
        prop_assert!(order.iter().all(|r| !state(*r).unwrap().open && state(*r).unwrap().close_count == 1));
    }

    #[test]
    fn failed_handle_decodes_close_everything(
        n in 1usize..5,
        edits in vec((any::<prop::sample::Index>(), any::<u8>()), 1..3),
        extra in 0usize..3,
    ) {
        let mk = || emulated::create(ObjectType::EVENT, Rights::BASIC);
        let value = WithHandles {
            a: mk(), b: None, v: (0..n).map(|_| mk()).collect(), u: ResChoice::H(mk()), t: ResTable::default(),
        };
        let (mut bytes, dispositions) = fidlwire::encode(value).unwrap();
        let mut infos = emulated::transfer(dispositions).unwrap();
        infos.extend((0..extra).map(|_| emulated::create_info(ObjectType::EVENT, Rights::BASIC)));
        let raws: Vec<_> = infos.iter().map(|i| i.handle.raw()).collect();
        for (i, b) in edits {
            let at = i.index(bytes.len());
            bytes[at] = b;
        }
        // Whatever the outcome, the decoded value (if any) is dropped right here.
        let _ = fidlwire::decode_with_handles::<WithHandles>(&bytes, infos);
        // Success or failure, once the value is dropped nothing may stay open or be closed twice.
        for raw in raws {
            let s = state(raw).unwrap();
            prop_assert!(!s.open && s.close_count == 1, "handle {} open={} closed {} times", raw, s.open, s.close_count);
        }
    }
}
