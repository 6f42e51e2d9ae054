//! The dynamic codec against schemas compiled from FIDL: values, unknown data, handles, errors
//! with paths, the JSON and text forms, annotations and transactional messages.

use fidlwire::{ObjectType, Rights, emulated};
use fidlwire_dynamic::*;
use serde_json::json;

const LIB: &str = r#"
library demo;
using zx;

type Color = flexible enum : uint8 { RED = 1; GREEN = 2; };
type Mode = strict enum : uint16 { ON = 1; OFF = 2; };
type Flags = strict bits : uint8 { A = 1; B = 2; };

type Point = struct { x int8; y uint32; };
type Named = struct { name string:4; points vector<Point>:3; color Color; };

type Settings = table {
    1: level uint8;
    2: label string;
    4: point Point;
};

type Shape = flexible union {
    1: circle uint32;
    2: named Named;
};

type Holder = resource struct {
    channel zx.Handle:<CHANNEL, zx.Rights.READ | zx.Rights.WRITE>;
    maybe zx.Handle:<EVENT, optional>;
};

type Every = struct {
    settings Settings;
    shape Shape;
    maybe_shape Shape:optional;
    boxed box<Point>;
    mode Mode;
    flags Flags;
    floats array<float64, 2>;
    texts vector<string:8>:optional;
};

open protocol Store {
    flexible Put(struct { named Named; }) -> (struct { ok bool; });
    strict Clear();
    flexible -> OnChange(struct { color Color; });
};
"#;

/// The library above with `Settings` and `Shape` as an older peer knows them.
const OLD: &str = r#"
library demo;
type Point = struct { x int8; y uint32; };
type Settings = table { 1: level uint8; };
type Shape = flexible union { 1: circle uint32; };
"#;

fn schema_of(text: &str) -> Schema {
    let mut sources = fidlwire_build::SourceMap::default();
    sources.add("demo.fidl", text);
    let ir = fidlwire_build::compile(&sources, &Default::default()).unwrap();
    fidlwire_build::schema(&ir).unwrap()
}

fn schema() -> Schema {
    schema_of(LIB)
}

fn every_json() -> serde_json::Value {
    json!({
        "settings": {"level": 3, "label": "hi", "point": {"x": -1, "y": 7}},
        "shape": {"named": {"name": "ab", "points": [{"x": 1, "y": 2}], "color": "GREEN"}},
        "maybe_shape": null,
        "boxed": {"x": 5, "y": 6},
        "mode": "OFF",
        "flags": 3,
        "floats": [1.5, "-inf"],
        "texts": ["a", "bcdefgh"],
    })
}

fn encode_json(s: &Schema, ty: &str, j: serde_json::Value) -> Vec<u8> {
    let ty = s.ty(ty).unwrap();
    let v = from_json(s, &ty, &j).unwrap();
    encode(s, &ty, &v, vec![]).unwrap().0
}

#[test]
fn json_encode_decode_json_is_the_identity() {
    let s = schema();
    let ty = s.ty("demo/Every").unwrap();
    let bytes = encode_json(&s, "demo/Every", every_json());
    let m = decode(&s, &ty, &bytes, vec![]).unwrap();
    assert_eq!(to_json(&s, &ty, &m.value), every_json());
    let again = encode(&s, &ty, &m.value, vec![]).unwrap().0;
    assert_eq!(again, bytes);
}

#[test]
fn struct_bytes_are_exact() {
    let s = schema();
    // int8 at 0, 3 padding bytes, uint32 at 4.
    let bytes = encode_json(&s, "demo/Point", json!({"x": -2, "y": 0x01020304}));
    assert_eq!(bytes, [0xfe, 0, 0, 0, 4, 3, 2, 1]);
}

#[test]
fn unknown_fields_and_variants_are_kept_raw_and_re_encode_exactly() {
    let new = schema();
    let old = schema_of(OLD);
    for (ty, j, unknown) in [
        (
            "demo/Settings",
            json!({"level": 1, "label": "xyz", "point": {"x": 1, "y": 2}}),
            vec!["#2", "#4"],
        ),
        (
            "demo/Shape",
            json!({"named": {"name": "n", "points": [], "color": 9}}),
            vec!["#2"],
        ),
    ] {
        let bytes = encode_json(&new, ty, j);
        let old_ty = old.ty(ty).unwrap();
        let m = decode(&old, &old_ty, &bytes, vec![]).unwrap();
        let text = to_json(&old, &old_ty, &m.value);
        for key in unknown {
            assert!(text.get(key).is_some(), "{ty}: {key} missing in {text}");
        }
        // Value → bytes, and JSON → value → bytes, keep the unknown data exactly.
        assert_eq!(encode(&old, &old_ty, &m.value, vec![]).unwrap().0, bytes);
        let back = from_json(&old, &old_ty, &text).unwrap();
        assert_eq!(encode(&old, &old_ty, &back, vec![]).unwrap().0, bytes);
    }
}

#[test]
fn strict_unions_enums_and_bits_reject_unknown_values_with_the_static_codes() {
    let s = schema();
    let every = s.ty("demo/Every").unwrap();
    let mut j = every_json();
    j["mode"] = json!(3);
    let v = from_json(&s, &every, &j).unwrap();
    assert_eq!(
        encode(&s, &every, &v, vec![]).unwrap_err().code(),
        "STRICT_ENUM_UNKNOWN_VALUE"
    );
    let mut j = every_json();
    j["flags"] = json!(4);
    let v = from_json(&s, &every, &j).unwrap();
    let e = encode(&s, &every, &v, vec![]).unwrap_err();
    assert_eq!(
        (e.code(), e.path_string().as_str()),
        ("STRICT_BITS_UNKNOWN_BIT", "flags")
    );
    // On the wire: flip the bits byte of a valid message.
    let bytes = encode_json(&s, "demo/Every", every_json());
    let m = decode_annotated(&s, &every, &bytes, vec![]).1;
    let flags_at = m.iter().find(|r| r.path == "flags").unwrap().start;
    let mut bad = bytes.clone();
    bad[flags_at] = 0x83;
    let e = decode(&s, &every, &bad, vec![]).unwrap_err();
    assert_eq!(
        (e.code(), e.byte_offset()),
        ("STRICT_BITS_UNKNOWN_BIT", Some(flags_at))
    );
    assert_eq!(
        e.codec().unwrap().numbers(),
        Some(fidlwire::Numbers::Value(0x80))
    );
}

#[test]
fn errors_carry_the_member_path() {
    let s = schema();
    let named = s.ty("demo/Named").unwrap();
    let j = json!({"name": "toolong", "points": [], "color": "RED"});
    let v = from_json(&s, &named, &j).unwrap();
    let e = encode(&s, &named, &v, vec![]).unwrap_err();
    assert_eq!(
        (e.code(), e.path_string().as_str()),
        ("STRING_TOO_LONG", "name")
    );
    assert!(e.to_string().contains("7 exceeds the limit of 4"), "{e}");
    // A bad padding byte inside the second point of the vector.
    let bytes = encode_json(
        &s,
        "demo/Named",
        json!({"name": "a", "points": [{"x": 1, "y": 1}, {"x": 2, "y": 2}], "color": "RED"}),
    );
    let mut bad = bytes.clone();
    let second_point = bytes.len() - 8;
    bad[second_point + 1] = 9;
    let e = decode(&s, &named, &bad, vec![]).unwrap_err();
    assert_eq!(e.code(), "INVALID_PADDING_BYTE");
    assert_eq!(e.byte_offset(), Some(second_point + 1));
    assert_eq!(e.path_string(), "points[1]");
}

#[test]
fn json_that_does_not_fit_the_type_is_a_mismatch() {
    let s = schema();
    let point = s.ty("demo/Point").unwrap();
    for j in [
        json!({"x": 128, "y": 0}),
        json!({"x": 1}),
        json!({"x": 1, "y": 2, "z": 3}),
        json!({"x": 1, "y": -1}),
        json!([1, 2]),
        json!({"x": 1.5, "y": 2}),
    ] {
        let e = from_json(&s, &point, &j).unwrap_err();
        assert_eq!(e.code(), "VALUE_MISMATCH", "{j}");
    }
    let every = s.ty("demo/Every").unwrap();
    let mut j = every_json();
    j["shape"] = json!({"circle": 1, "named": {}});
    assert!(from_json(&s, &every, &j).is_err());
    j["shape"] = json!({"#0": {"bytes": "00000000", "inline": true}});
    assert!(
        from_json(&s, &every, &j).is_err(),
        "ordinal 0 is not a variant"
    );
}

#[test]
fn handles_are_checked_reduced_kept_in_order_and_closed_on_error() {
    let s = schema();
    let holder = s.ty("demo/Holder").unwrap();
    let bytes = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
    let rw = Rights(Rights::READ.0 | Rights::WRITE.0);
    let all = Rights(rw.0 | Rights::TRANSFER.0);
    let infos = vec![
        emulated::create_info(ObjectType::CHANNEL, all),
        emulated::create_info(ObjectType::EVENT, Rights::SAME_RIGHTS),
    ];
    let m = decode(&s, &holder, &bytes, infos).unwrap();
    assert_eq!(m.value.get("channel"), Some(&Value::Handle));
    assert_eq!(m.handles.len(), 2);
    assert_eq!(m.handles[0].rights, rw, "extra rights are reduced");
    let moved = m.handles.into_iter().map(|i| i.handle).collect();
    let (again, dispositions) = encode(&s, &holder, &m.value, moved).unwrap();
    assert_eq!(again, bytes);
    assert_eq!(dispositions[0].object_type, ObjectType::CHANNEL);
    assert_eq!(dispositions[1].object_type, ObjectType::EVENT);

    let wrong = emulated::create_info(ObjectType::EVENT, all);
    let raw = wrong.handle.raw();
    let e = decode(&s, &holder, &bytes[..], vec![wrong]).unwrap_err();
    assert_eq!(e.code(), "INCORRECT_HANDLE_TYPE");
    let state = emulated::state(raw).unwrap();
    assert!(
        !state.open && state.close_count == 1,
        "a rejected message's handles are closed once"
    );
    let e = decode(&s, &holder, &bytes[..], vec![]).unwrap_err();
    assert_eq!(e.code(), "TOO_FEW_HANDLES");
    let none = [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0];
    let one = vec![emulated::create_info(ObjectType::CHANNEL, rw)];
    let m = decode(&s, &holder, &none, one).unwrap();
    assert_eq!(m.value.get("maybe"), Some(&Value::Null));
    assert_eq!(
        encode(&s, &holder, &m.value, vec![]).unwrap_err().code(),
        "TOO_FEW_HANDLES"
    );
}

#[test]
fn floats_are_bit_exact_in_json() {
    let s = schema_of("library demo; type F = struct { a float32; b float64; };");
    let ty = s.ty("demo/F").unwrap();
    for (a, b) in [
        (
            f32::from_bits(0x7fc0_0001),
            f64::from_bits(0x7ff8_0000_0000_0001),
        ),
        (f32::NAN, f64::NAN),
        (f32::NEG_INFINITY, f64::MIN_POSITIVE),
        (0.1, 8.258111452488523e253),
        (-0.0, -0.0),
    ] {
        let v = Value::Struct(vec![
            ("a".into(), Value::Float32(a)),
            ("b".into(), Value::Float64(b)),
        ]);
        let bytes = encode(&s, &ty, &v, vec![]).unwrap().0;
        let text = to_json(&s, &ty, &v).to_string();
        let back = from_json(&s, &ty, &serde_json::from_str(&text).unwrap()).unwrap();
        assert_eq!(
            encode(&s, &ty, &back, vec![]).unwrap().0,
            bytes,
            "via {text}"
        );
    }
}

#[test]
fn text_form_reads_like_fidl() {
    let s = schema();
    let ty = s.ty("demo/Named").unwrap();
    let v = from_json(
        &s,
        &ty,
        &json!({"name": "ab", "points": [{"x": 1, "y": 2}], "color": 7}),
    )
    .unwrap();
    assert_eq!(
        to_text(&s, &ty, &v),
        "demo/Named {\n    name: \"ab\",\n    points: [\n        demo/Point {\n            x: 1,\n            y: 2,\n        },\n    ],\n    color: demo/Color(7),\n}"
    );
}

#[test]
fn annotations_label_every_byte_and_mark_the_failure() {
    let s = schema();
    let ty = s.ty("demo/Point").unwrap();
    let (r, regions) = decode_annotated(&s, &ty, &[0xfe, 0, 0, 0, 4, 3, 2, 1], vec![]);
    r.unwrap();
    let text = annotate::render(&[0xfe, 0, 0, 0, 4, 3, 2, 1], &regions, None);
    assert_eq!(
        text,
        "000000  fe __ __ __ 04 03 02 01   x: int8 = -2 · y: uint32 = 16909060 · padding ×3\n"
    );
    let bad = [0xfe, 0, 5, 0, 4, 3, 2, 1];
    let (r, regions) = decode_annotated(&s, &ty, &bad, vec![]);
    let e = r.unwrap_err();
    let text = annotate::render(&bad, &regions, Some(&e));
    assert_eq!(
        text,
        "000000  fe __ !! __ 04 03 02 01   padding ×3 (1 NOT ZERO) · (not read)\n              ^ INVALID_PADDING_BYTE at byte offset 2: value 0x5\n"
    );
}

#[test]
fn transactional_messages_find_their_method() {
    let s = schema();
    let store = s.protocol("demo.Store").unwrap();
    let put = store.methods.iter().find(|m| m.name == "Put").unwrap();
    let body = json!({"named": {"name": "n", "points": [], "color": "RED"}});
    let ty = put.request.clone().unwrap();
    let value = from_json(&s, &ty, &body).unwrap();
    let mut bytes = fidlwire::TransactionHeader::new(5, put.ordinal, true)
        .to_bytes()
        .to_vec();
    bytes.extend(encode(&s, &ty, &value, vec![]).unwrap().0);
    let mut regions = Vec::new();
    let t =
        decode_transaction(&s, store, Direction::Request, &bytes, vec![], &mut regions).unwrap();
    assert_eq!((t.method.name.as_str(), t.header.txid), ("Put", 5));
    assert_eq!(t.body.unwrap().value, value);
    // A body error is reported at its offset in the whole message.
    let mut bad = bytes.clone();
    bad[16 + 9] = 0; // the presence marker of `name` is no longer all ones
    let e = decode_transaction(&s, store, Direction::Request, &bad, vec![], &mut Vec::new())
        .unwrap_err();
    assert_eq!(
        (e.code(), e.byte_offset()),
        ("INVALID_PRESENCE_INDICATOR", Some(16 + 8))
    );
    // No payload: the body must be empty.
    let clear = store.methods.iter().find(|m| m.name == "Clear").unwrap();
    let mut msg = fidlwire::TransactionHeader::new(0, clear.ordinal, false)
        .to_bytes()
        .to_vec();
    decode_transaction(&s, store, Direction::Request, &msg, vec![], &mut Vec::new()).unwrap();
    msg.push(0);
    let e = decode_transaction(&s, store, Direction::Request, &msg, vec![], &mut Vec::new())
        .unwrap_err();
    assert_eq!(e.code(), "TOO_MANY_BYTES_IN_MESSAGE");
    // An ordinal the protocol does not have.
    let other = fidlwire::TransactionHeader::new(0, 77, false).to_bytes();
    let e = decode_transaction(
        &s,
        store,
        Direction::Request,
        &other,
        vec![],
        &mut Vec::new(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "VALUE_MISMATCH");
}

#[test]
fn schemas_reject_structs_that_contain_themselves() {
    let decl = Decl {
        name: "x/Loop".into(),
        kind: DeclKind::Struct {
            resource: false,
            members: vec![Member {
                name: "again".into(),
                ty: Ty::Decl {
                    id: 0,
                    optional: false,
                },
            }],
            layout: Default::default(),
        },
    };
    assert!(Schema::new(vec![decl], vec![]).is_err());
    let dangling = Decl {
        name: "x/Dangling".into(),
        kind: DeclKind::Table {
            resource: false,
            members: vec![OrdinalMember {
                ordinal: 1,
                name: "m".into(),
                ty: Ty::Decl {
                    id: 9,
                    optional: false,
                },
            }],
        },
    };
    assert!(Schema::new(vec![dangling], vec![]).is_err());
}
