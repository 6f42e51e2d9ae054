//! Tables: envelopes by ordinal, inline vs out-of-line, unknown fields, header rules.

mod common;
use common::*;
use fidlwire::{ErrorKind, Struct, Table};

/// Spec §17.2.
#[derive(Table, Debug, PartialEq, Clone, Default)]
struct T {
    #[fidl(ordinal = 1)]
    a: Option<u8>,
    #[fidl(ordinal = 3)]
    c: Option<u64>,
}

#[derive(Table, Debug, PartialEq, Clone, Default)]
struct Rich {
    #[fidl(ordinal = 2)]
    s: Option<String>,
    #[fidl(ordinal = 1)]
    e: Option<Empty>,
    #[fidl(ordinal = 4)]
    inner: Option<T>,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Empty {}

/// Only knows ordinal 1 of `T`: ordinal 3 is unknown to it.
#[derive(Table, Debug, PartialEq, Clone, Default)]
struct OldT {
    #[fidl(ordinal = 1)]
    a: Option<u8>,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Holder {
    t: T,
}

const WORKED: &str = "03 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff
                      05 00 00 00 00 00 01 00
                      00 00 00 00 00 00 00 00
                      08 00 00 00 00 00 00 00
                      09 00 00 00 00 00 00 00";

#[test]
fn worked_example_17_2() {
    round_trip(
        &T {
            a: Some(5),
            c: Some(9),
        },
        &hex(WORKED),
    );
}

#[test]
fn empty_table_and_max_ordinal_is_highest_present() {
    round_trip(
        &T::default(),
        &hex("00 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff"),
    );
    round_trip(
        &T {
            a: Some(5),
            c: None,
        },
        &hex("01 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff 05 00 00 00 00 00 01 00"),
    );
}

#[test]
fn out_of_line_fields_follow_in_ordinal_order_with_recursive_num_bytes() {
    let v = Rich {
        s: Some("before".into()),
        e: Some(Empty {}),
        inner: Some(T {
            a: Some(1),
            c: None,
        }),
    };
    round_trip(
        &v,
        &hex("04 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff
              00 00 00 00 00 00 01 00   # 1: empty struct inline
              18 00 00 00 00 00 00 00   # 2: string, 16 + 8 bytes
              00 00 00 00 00 00 00 00   # 3: absent
              18 00 00 00 00 00 00 00   # 4: table, 16 header + 8 envelope (u8 inline)
              06 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff
              62 65 66 6f 72 65 00 00
              01 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff
              01 00 00 00 00 00 01 00"),
    );
}

#[test]
fn unknown_fields_are_skipped_and_dropped_on_reencode() {
    let old: OldT = fidlwire::decode(&hex(WORKED)).unwrap();
    assert_eq!(old, OldT { a: Some(5) });
    assert_eq!(
        fidlwire::to_vec(&old).unwrap(),
        hex("01 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff 05 00 00 00 00 00 01 00")
    );
    // Unknown payloads are opaque: no padding or marker checks inside them.
    let opaque = hex("02 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff
                      ff 00 00 00 00 00 01 00
                      08 00 00 00 00 00 00 00
                      ff ff ff ff ff ff ff ff");
    assert_eq!(
        fidlwire::decode::<OldT>(&opaque).unwrap(),
        OldT { a: Some(0xff) }
    );
}

#[test]
fn header_errors() {
    decode_fails::<T>(
        &hex("00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"),
        ErrorKind::NonNullableTypeWithNullValue,
    );
    decode_fails::<T>(
        &hex("01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"),
        ErrorKind::NonEmptyVectorWithNullBody,
    );
    decode_fails::<T>(
        &hex("00 00 00 00 00 00 00 00 ff ff ff ff ff ff ff 00"),
        ErrorKind::InvalidPresenceIndicator,
    );
    decode_fails::<T>(
        &hex("00 00 00 00 01 00 00 00 ff ff ff ff ff ff ff ff"),
        ErrorKind::TableCountExceeds32BitLimit,
    );
    decode_fails::<T>(
        &hex("ff ff ff 0f 00 00 00 00 ff ff ff ff ff ff ff ff"),
        ErrorKind::TooFewBytes,
    );
}

#[test]
fn envelope_errors_in_known_fields() {
    let with = |env: &str, tail: &str| {
        hex(&format!(
            "01 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff {env} {tail}"
        ))
    };
    // u8 must be inline.
    decode_fails::<T>(
        &with("08 00 00 00 00 00 00 00", "05 00 00 00 00 00 00 00"),
        ErrorKind::InvalidInlineBitInEnvelope,
    );
    // Inline tail bytes must be zero for a known type.
    decode_fails::<T>(
        &with("05 01 00 00 00 00 01 00", ""),
        ErrorKind::InvalidPaddingByte,
    );
    // Flags other than 0/1.
    decode_fails::<T>(
        &with("05 00 00 00 00 00 ff 00", ""),
        ErrorKind::InvalidInlineMarkerInEnvelope,
    );
    decode_fails::<T>(
        &with("05 00 00 00 00 00 01 ee", ""),
        ErrorKind::InvalidInlineMarkerInEnvelope,
    );
    // A handle count in a value table is wrong whatever the message carries.
    decode_fails::<T>(
        &with("05 00 00 00 01 00 01 00", ""),
        ErrorKind::InvalidNumHandlesInEnvelope,
    );
    let c = |env: &str, tail: &str| {
        hex(&format!(
            "03 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 {env} {tail}"
        ))
    };
    // u64 must be out of line; num_bytes must be a multiple of 8 and exact.
    decode_fails::<T>(
        &c("09 00 00 00 00 00 01 00", ""),
        ErrorKind::InvalidInlineBitInEnvelope,
    );
    decode_fails::<T>(
        &c("0c 00 00 00 00 00 00 00", "09 00 00 00 00 00 00 00"),
        ErrorKind::InvalidNumBytesInEnvelope,
    );
    decode_fails::<T>(
        &c("10 00 00 00 00 00 00 00", "09 00 00 00 00 00 00 00"),
        ErrorKind::InvalidNumBytesInEnvelope,
    );
    decode_fails::<T>(
        &c("00 00 00 00 01 00 00 00", ""),
        ErrorKind::InvalidNumBytesInEnvelope,
    );
}

#[test]
fn unknown_envelope_errors() {
    let u = |env: &str| {
        hex(&format!(
            "02 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff 00 00 00 00 00 00 00 00 {env}"
        ))
    };
    decode_fails::<OldT>(
        &u("10 00 00 00 00 00 00 00"),
        ErrorKind::EnvelopeBytesExceedMessageLength,
    );
    decode_fails::<OldT>(
        &u("14 00 00 00 00 00 00 00"),
        ErrorKind::InvalidNumBytesInEnvelope,
    );
    decode_fails::<OldT>(
        &u("00 00 00 00 02 00 01 00"),
        ErrorKind::EnvelopeHandlesExceedMessageLength,
    );
}

#[test]
fn table_views() {
    let mut bytes = fidlwire::to_vec(&Holder {
        t: T {
            a: None,
            c: Some(42),
        },
    })
    .unwrap();
    let v = fidlwire::view::<Holder>(&mut bytes).unwrap();
    assert_eq!(v.t().a(), None);
    assert_eq!(v.t().c(), Some(42));
    assert_eq!(format!("{:?}", v.t()), "TView { c: 42 }");
}

#[derive(Table, Debug, PartialEq, Default)]
#[fidl(resource)]
struct ResourceT {
    #[fidl(ordinal = 1)]
    a: Option<u8>,
}

/// Regression (found by the GIDL suite): a known envelope of a value type with a nonzero
/// handle count is INVALID_NUM_HANDLES_IN_ENVELOPE even when the message has no handles; a
/// resource type first checks that the handles exist (ENVELOPE_HANDLES_EXCEED_MESSAGE_LENGTH).
#[test]
fn envelope_handle_count_depends_on_resourceness() {
    let bytes = hex("01 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff 05 00 00 00 01 00 01 00");
    decode_fails::<T>(&bytes, ErrorKind::InvalidNumHandlesInEnvelope);
    decode_fails::<ResourceT>(&bytes, ErrorKind::EnvelopeHandlesExceedMessageLength);
}
