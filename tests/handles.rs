//! Handles: presence words, type and rights checks, rights reduction, and closing every handle
//! on any error, proven with the emulated handle table.

mod common;
use common::*;
use fidlwire::emulated::{self, state};
use fidlwire::{
    ClientEnd, ErrorKind, Handle, HandleConstraint, HandleInfo, ObjectType, Rights, Struct, Table,
    Union,
};

const EVENT_BASIC: HandleConstraint = HandleConstraint::new(ObjectType::EVENT, Rights::BASIC);

#[derive(Struct, Debug, PartialEq)]
#[fidl(resource)]
struct One {
    h: Handle,
}

#[derive(Struct, Debug, PartialEq)]
#[fidl(resource)]
struct Typed {
    #[fidl(constraint = EVENT_BASIC)]
    h: Handle,
}

#[derive(Struct, Debug, PartialEq)]
#[fidl(resource)]
struct Several {
    a: Handle,
    #[fidl(max_len = 1)]
    s: String,
    b: Option<Handle>,
    v: Vec<Handle>,
}

#[derive(Table, Debug, PartialEq, Default)]
#[fidl(resource)]
struct ResTable {
    #[fidl(ordinal = 1)]
    h: Option<Handle>,
}

/// Knows nothing: every field is unknown.
#[derive(Table, Debug, PartialEq, Default)]
struct EmptyTable {}

#[derive(Union, Debug, PartialEq)]
#[fidl(resource)]
enum ResUnion {
    #[fidl(ordinal = 1)]
    H(Handle),
    #[fidl(unknown)]
    Unknown(u64),
}

#[derive(Union, Debug, PartialEq)]
enum NoHandles {
    #[fidl(ordinal = 5)]
    X(u32),
    #[fidl(unknown)]
    Unknown(u64),
}

struct Proto;
impl fidlwire::ProtocolMarker for Proto {
    const NAME: &'static str = "test/Proto";
    type Request = fidlwire::protocol::NoMessages;
    type Event = fidlwire::protocol::NoMessages;
}

#[derive(Struct, Debug, PartialEq)]
#[fidl(resource)]
struct Endpoint {
    c: ClientEnd<Proto>,
}

fn event(rights: Rights) -> HandleInfo {
    emulated::create_info(ObjectType::EVENT, rights)
}

fn is_closed(raw: u32) -> bool {
    let s = state(raw).expect("emulated handle");
    assert!(
        s.close_count <= 1,
        "handle {raw} closed {} times",
        s.close_count
    );
    !s.open
}

#[test]
fn handle_round_trip_through_dispositions() {
    let h = emulated::create(ObjectType::EVENT, Rights::EVENT_DEFAULT);
    let koid = state(h.raw()).unwrap().koid;
    let (bytes, dispositions) = fidlwire::encode(One { h }).unwrap();
    assert_eq!(bytes, hex("ff ff ff ff 00 00 00 00"));
    assert_eq!(dispositions.len(), 1);
    assert_eq!(
        (dispositions[0].object_type, dispositions[0].rights),
        (ObjectType::NONE, Rights::SAME_RIGHTS)
    );
    let infos = emulated::transfer(dispositions).unwrap();
    let back: One = fidlwire::decode_with_handles(&bytes, infos).unwrap();
    assert_eq!(state(back.h.raw()).unwrap().koid, koid);
}

#[test]
fn encode_fills_declared_type_and_rights_and_moves_the_handle() {
    let value = Typed {
        h: emulated::create(ObjectType::EVENT, Rights::EVENT_DEFAULT),
    };
    let raw = value.h.raw();
    let mut bytes = Vec::new();
    let mut dispositions = Vec::new();
    fidlwire::encode_into(&value, &mut bytes, &mut dispositions).unwrap();
    assert!(
        !value.h.is_valid(),
        "encoding moves the handle out of the value"
    );
    assert_eq!(dispositions[0].handle.raw(), raw);
    assert_eq!(
        (dispositions[0].object_type, dispositions[0].rights),
        (ObjectType::EVENT, Rights::BASIC)
    );
}

#[test]
fn presence_word_errors() {
    decode_fails_with_handles::<One>(
        &hex("01 00 00 00 00 00 00 00"),
        vec![event(Rights::BASIC)],
        ErrorKind::InvalidHandlePresenceIndicator,
    );
    decode_fails_with_handles::<One>(
        &hex("00 00 00 00 00 00 00 00"),
        vec![],
        ErrorKind::NonNullableTypeWithNullValue,
    );
    decode_fails_with_handles::<One>(
        &hex("ff ff ff ff 00 00 00 00"),
        vec![],
        ErrorKind::TooFewHandles,
    );
    decode_fails_with_handles::<One>(
        &hex("ff ff ff ff 00 00 00 01"),
        vec![event(Rights::BASIC)],
        ErrorKind::InvalidPaddingByte,
    );
    decode_fails_with_handles::<One>(
        &hex("ff ff ff ff 00 00 00 00"),
        vec![event(Rights::BASIC), event(Rights::BASIC)],
        ErrorKind::TooManyHandlesInMessage,
    );
    encode_fails(
        &One {
            h: Handle::invalid(),
        },
        ErrorKind::NonNullableTypeWithNullValue,
    );
}

#[test]
fn type_and_rights_checks() {
    let bytes = hex("ff ff ff ff 00 00 00 00");
    let wrong = emulated::create_info(ObjectType::CHANNEL, Rights::BASIC);
    let raw = wrong.handle.raw();
    decode_fails_with_handles::<Typed>(&bytes, vec![wrong], ErrorKind::IncorrectHandleType);
    assert!(is_closed(raw));
    let weak = event(Rights::TRANSFER);
    let raw = weak.handle.raw();
    decode_fails_with_handles::<Typed>(&bytes, vec![weak], ErrorKind::MissingRequiredHandleRights);
    assert!(is_closed(raw));
    // Type NONE on the received side disables the type check; SAME_RIGHTS the rights check.
    let any = emulated::create_info(ObjectType::EVENT, Rights::SAME_RIGHTS);
    let v: Typed = fidlwire::decode_with_handles(
        &bytes,
        vec![HandleInfo {
            object_type: ObjectType::NONE,
            ..any
        }],
    )
    .unwrap();
    assert!(v.h.is_valid());
}

#[test]
fn extra_rights_are_reduced_with_replace() {
    let info = event(Rights::EVENT_DEFAULT);
    let original = info.handle.raw();
    let koid = state(original).unwrap().koid;
    let v: Typed =
        fidlwire::decode_with_handles(&hex("ff ff ff ff 00 00 00 00"), vec![info]).unwrap();
    let s = state(v.h.raw()).unwrap();
    assert_eq!((s.koid, s.rights, s.open), (koid, Rights::BASIC, true));
    assert!(
        is_closed(original),
        "zx_handle_replace invalidates the original"
    );
    assert_ne!(v.h.raw(), original);
}

#[test]
fn every_handle_is_closed_when_decode_fails_midway() {
    // a, then a string over its bound, then b and v: the failure comes after `a` is consumed.
    let bytes = hex(
        "ff ff ff ff 00 00 00 00 | 02 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff
                     ff ff ff ff 00 00 00 00 | 01 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff
                     61 62 00 00 00 00 00 00 | ff ff ff ff 00 00 00 00",
    );
    let infos: Vec<_> = (0..3).map(|_| event(Rights::BASIC)).collect();
    let raws: Vec<_> = infos.iter().map(|i| i.handle.raw()).collect();
    decode_fails_with_handles::<Several>(&bytes, infos, ErrorKind::StringTooLong);
    assert!(
        raws.iter().all(|r| is_closed(*r)),
        "consumed and unconsumed handles are all closed"
    );

    // The view tier closes them too and clears the vector.
    let mut infos: Vec<_> = (0..3).map(|_| event(Rights::BASIC)).collect();
    let raws: Vec<_> = infos.iter().map(|i| i.handle.raw()).collect();
    let mut buf = bytes.clone();
    assert!(fidlwire::view_with_handles::<Several>(&mut buf, &mut infos).is_err());
    assert!(infos.is_empty());
    assert!(raws.iter().all(|r| is_closed(*r)));
}

#[test]
fn every_handle_is_closed_when_encode_fails_midway() {
    let v = Several {
        a: emulated::create(ObjectType::EVENT, Rights::BASIC),
        s: "too long".into(),
        b: Some(emulated::create(ObjectType::EVENT, Rights::BASIC)),
        v: vec![emulated::create(ObjectType::EVENT, Rights::BASIC)],
    };
    let raws = [v.a.raw(), v.b.as_ref().unwrap().raw(), v.v[0].raw()];
    let err = fidlwire::encode(v).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::StringTooLong);
    assert!(
        raws.iter().all(|r| is_closed(*r)),
        "handles before and after the failure are closed"
    );
}

#[test]
fn handles_in_vectors_keep_traversal_order() {
    let v = Several {
        a: emulated::create(ObjectType::EVENT, Rights::BASIC),
        s: "x".into(),
        b: None,
        v: vec![
            emulated::create(ObjectType::EVENT, Rights::BASIC),
            emulated::create(ObjectType::EVENT, Rights::BASIC),
        ],
    };
    let order = [v.a.raw(), v.v[0].raw(), v.v[1].raw()];
    let (bytes, dispositions) = fidlwire::encode(v).unwrap();
    assert_eq!(
        dispositions
            .iter()
            .map(|d| d.handle.raw())
            .collect::<Vec<_>>(),
        order
    );
    let mut infos = emulated::transfer(dispositions).unwrap();
    let mut buf = bytes.clone();
    let view = fidlwire::view_with_handles::<Several>(&mut buf, &mut infos).unwrap();
    assert_eq!(view.b(), None);
    assert_eq!(
        view.v().iter().map(|h| h.handle.raw()).collect::<Vec<_>>(),
        order[1..]
    );
}

#[test]
fn unknown_table_fields_and_union_variants_close_their_handles() {
    let (bytes, d) = fidlwire::encode(ResTable {
        h: Some(emulated::create(ObjectType::EVENT, Rights::BASIC)),
    })
    .unwrap();
    assert_eq!(
        bytes,
        hex("01 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff ff ff ff ff 01 00 01 00")
    );
    let infos = emulated::transfer(d).unwrap();
    let raw = infos[0].handle.raw();
    let t: EmptyTable = fidlwire::decode_with_handles(&bytes, infos).unwrap();
    assert_eq!(t, EmptyTable {});
    assert!(
        is_closed(raw),
        "value types accept unknown handles and close them"
    );

    let (bytes, d) = fidlwire::encode(ResUnion::H(emulated::create(
        ObjectType::EVENT,
        Rights::BASIC,
    )))
    .unwrap();
    let infos = emulated::transfer(d).unwrap();
    let raw = infos[0].handle.raw();
    let u: NoHandles = fidlwire::decode_with_handles(&bytes, infos).unwrap();
    assert_eq!(u, NoHandles::Unknown(1));
    assert!(is_closed(raw));
}

#[test]
fn envelope_handle_counts_are_exact() {
    let bytes = hex("01 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff ff ff ff ff 02 00 01 00");
    decode_fails_with_handles::<ResTable>(
        &bytes,
        vec![event(Rights::BASIC), event(Rights::BASIC)],
        ErrorKind::InvalidNumHandlesInEnvelope,
    );
    let bytes = hex("01 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff ff ff ff ff 00 00 01 00");
    decode_fails_with_handles::<ResTable>(
        &bytes,
        vec![event(Rights::BASIC)],
        ErrorKind::InvalidNumHandlesInEnvelope,
    );
}

#[test]
fn client_end_is_a_channel_with_default_rights() {
    let c = ClientEnd::<Proto>::new(emulated::create(
        ObjectType::CHANNEL,
        Rights::CHANNEL_DEFAULT,
    ));
    let (bytes, d) = fidlwire::encode(Endpoint { c }).unwrap();
    assert_eq!(
        (d[0].object_type, d[0].rights),
        (ObjectType::CHANNEL, Rights::CHANNEL_DEFAULT)
    );
    let infos = emulated::transfer(d).unwrap();
    let back: Endpoint = fidlwire::decode_with_handles(&bytes, infos).unwrap();
    assert!(back.c.handle().is_valid());
    decode_fails_with_handles::<Endpoint>(
        &bytes,
        vec![event(Rights::CHANNEL_DEFAULT)],
        ErrorKind::IncorrectHandleType,
    );
}

/// Regression (decode campaign: out of memory after 3.6M runs): the emulated table kept every
/// handle ever created. `forget_object` drops an object's records so long-running users stay
/// bounded; unrelated objects are untouched.
#[test]
fn forgetting_an_object_drops_its_records() {
    let keep = emulated::create(ObjectType::EVENT, Rights::BASIC);
    let h = emulated::create(ObjectType::EVENT, Rights::EVENT_DEFAULT);
    let koid = state(h.raw()).unwrap().koid;
    let dup = emulated::duplicate(h.raw(), Rights::BASIC).unwrap();
    let (raw, dup_raw) = (h.raw(), dup.raw());
    drop((h, dup));
    emulated::forget_object(koid);
    assert_eq!(state(raw), None);
    assert_eq!(state(dup_raw), None);
    assert!(state(keep.raw()).unwrap().open);
}
