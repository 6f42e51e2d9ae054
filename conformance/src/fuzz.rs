//! Fuzz-target logic as plain functions: the cargo-fuzz targets in `fuzz/` call them, and so do
//! the stable tests (corpus replay and seeded random loops). They panic only when an invariant
//! breaks — never because the input is malformed.
//!
//! Decode inputs are `[type selector][handle count][3 bytes per handle][message bytes...]`.
//! The types come from this crate's own library (always present) and together reach every
//! wire construct: deep recursive boxes and unions, tables with gaps and unknown fields,
//! flexible and strict unions, vectors of strings, arrays, handles, enums and bits.

use crate::fidl::fidlwire::conformance as c;
use fidlwire::{Decode, DecodeOptions, HandleInfo, ObjectType, Rights, emulated};
use std::fmt::Debug;

/// The types decode inputs select from (by index), with their names.
pub const DECODE_TYPES: &[&str] = &[
    "FwBoxChain",
    "FwVectorChain",
    "FwUnionChainStruct",
    "FwOptionalUnionChain",
    "FwTableChainStruct",
    "FwStringAtDepth",
    "FwGappyTableStruct",
    "FwEmptyTableStruct",
    "FwFlexUnionStruct",
    "FwOptFlexUnionStruct",
    "FwStrictUnionStruct",
    "FwStrings2x2",
    "FwNestedVectors",
    "FwArrayOfVectors",
    "FwOptionalString",
    "FwEvent",
    "FwAnyHandle",
    "FwHandleVector",
    "FwHandleTableStruct",
    "FwHandleUnionStruct",
    "FwEmptyResourceTableStruct",
    "FwEmptyResourceUnionStruct",
    "FwEnums",
    "FwBits",
    "FwPadded",
    "FwBoolArray",
    "FwUnknownMethodReply",
    "FwPersisted",
];

/// Calls `$f::<T>(args)` for the type selected by `$sel`.
macro_rules! with_type {
    ($sel:expr, $f:ident($($arg:expr),*)) => {
        match $sel as usize % DECODE_TYPES.len() {
            0 => $f::<c::FwBoxChain>($($arg),*),
            1 => $f::<c::FwVectorChain>($($arg),*),
            2 => $f::<c::FwUnionChainStruct>($($arg),*),
            3 => $f::<c::FwOptionalUnionChain>($($arg),*),
            4 => $f::<c::FwTableChainStruct>($($arg),*),
            5 => $f::<c::FwStringAtDepth>($($arg),*),
            6 => $f::<c::FwGappyTableStruct>($($arg),*),
            7 => $f::<c::FwEmptyTableStruct>($($arg),*),
            8 => $f::<c::FwFlexUnionStruct>($($arg),*),
            9 => $f::<c::FwOptFlexUnionStruct>($($arg),*),
            10 => $f::<c::FwStrictUnionStruct>($($arg),*),
            11 => $f::<c::FwStrings2x2>($($arg),*),
            12 => $f::<c::FwNestedVectors>($($arg),*),
            13 => $f::<c::FwArrayOfVectors>($($arg),*),
            14 => $f::<c::FwOptionalString>($($arg),*),
            15 => $f::<c::FwEvent>($($arg),*),
            16 => $f::<c::FwAnyHandle>($($arg),*),
            17 => $f::<c::FwHandleVector>($($arg),*),
            18 => $f::<c::FwHandleTableStruct>($($arg),*),
            19 => $f::<c::FwHandleUnionStruct>($($arg),*),
            20 => $f::<c::FwEmptyResourceTableStruct>($($arg),*),
            21 => $f::<c::FwEmptyResourceUnionStruct>($($arg),*),
            22 => $f::<c::FwEnums>($($arg),*),
            23 => $f::<c::FwBits>($($arg),*),
            24 => $f::<c::FwPadded>($($arg),*),
            25 => $f::<c::FwBoolArray>($($arg),*),
            26 => $f::<c::FwUnknownMethodReply>($($arg),*),
            _ => $f::<c::FwPersisted>($($arg),*),
        }
    };
}

/// A decode input split into its parts.
pub struct DecodeInput<'a> {
    /// Index into [`DECODE_TYPES`].
    pub selector: u8,
    /// `(object type code, rights)` of each handle the message comes with.
    pub handles: Vec<(u32, u32)>,
    /// The message.
    pub bytes: &'a [u8],
}

impl<'a> DecodeInput<'a> {
    /// Splits raw fuzz input; `None` when too short to hold the prefix.
    pub fn parse(data: &'a [u8]) -> Option<Self> {
        let (&selector, rest) = data.split_first()?;
        let (&count, mut rest) = rest.split_first()?;
        let mut handles = Vec::new();
        for _ in 0..count % 5 {
            let (meta, tail) = rest.split_first_chunk::<3>()?;
            let ty = [0, 4, 5, 3][meta[0] as usize % 4];
            // Rights from two bytes, spread over the rights bits the suite uses.
            let bits = u16::from_le_bytes([meta[1], meta[2]]) as u32;
            let rights = (bits & 0x3)
                | ((bits >> 2 & 0xf) << 12)
                | if bits & 0x8000 != 0 { 0x8000_0000 } else { 0 };
            handles.push((ty, rights));
            rest = tail;
        }
        Some(DecodeInput {
            selector,
            handles,
            bytes: rest,
        })
    }

    /// Encodes the parts back into raw input (for building corpora).
    pub fn to_bytes(selector: u8, handles: &[(u8, u16)], bytes: &[u8]) -> Vec<u8> {
        let mut out = vec![selector, handles.len() as u8];
        for (ty, rights) in handles {
            out.push(*ty);
            out.extend_from_slice(&rights.to_le_bytes());
        }
        out.extend_from_slice(bytes);
        out
    }

    /// One handle table per tier, all naming the same objects (so values compare equal).
    fn tables(&self, koids: &mut Vec<u64>) -> [(Vec<HandleInfo>, Vec<u32>); 4] {
        let originals: Vec<HandleInfo> = self
            .handles
            .iter()
            .map(|&(t, r)| emulated::create_info(ObjectType(t), Rights(r)))
            .collect();
        koids.extend(
            originals
                .iter()
                .filter_map(|i| emulated::state(i.handle.raw()).map(|s| s.koid)),
        );
        let copy = |infos: &[HandleInfo]| -> Vec<HandleInfo> {
            infos
                .iter()
                .map(|i| HandleInfo {
                    handle: emulated::duplicate(i.handle.raw(), i.rights).expect("emulated handle"),
                    object_type: i.object_type,
                    rights: i.rights,
                })
                .collect()
        };
        let (a, b, c) = (copy(&originals), copy(&originals), copy(&originals));
        let raws =
            |infos: &[HandleInfo]| infos.iter().map(|i| i.handle.raw()).collect::<Vec<u32>>();
        let (ra, rb, rc, ro) = (raws(&a), raws(&b), raws(&c), raws(&originals));
        [(originals, ro), (a, ra), (b, rb), (c, rc)]
    }
}

fn assert_closed(raws: &[u32], tier: &str) {
    for &raw in raws {
        let s = emulated::state(raw).expect("emulated handle");
        assert!(!s.open, "{tier}: handle {raw:#x} left open");
        assert!(
            s.close_count == 1,
            "{tier}: handle {raw:#x} closed {} times",
            s.close_count
        );
    }
}

/// Outcome of one tier: the value's `Debug` text, or the error code.
type Outcome = Result<String, &'static str>;

thread_local! {
    /// One side table for every run: views must never see a previous input's entries.
    static VIEWS: std::cell::RefCell<fidlwire::ViewBuffer> =
        std::cell::RefCell::new(fidlwire::ViewBuffer::new());
}

fn tiers<T: Decode + Debug>(input: &DecodeInput<'_>) -> [Outcome; 4] {
    let options = DecodeOptions::default();
    let mut koids = Vec::new();
    let [
        (infos, raws),
        (mut view_infos, view_raws),
        (mut check_infos, check_raws),
        (mut linked_infos, linked_raws),
    ] = input.tables(&mut koids);
    let owned = options
        .decode_with_handles::<T>(input.bytes, infos)
        .map(|v| format!("{v:?}"))
        .map_err(|e| e.code());
    assert_closed(&raws, "owned decode");

    let mut buf = input.bytes.to_vec();
    let view = options
        .view_with_handles::<T>(&mut buf, &mut view_infos)
        .map(|v| format!("{:?}", T::from_view(v)))
        .map_err(|e| e.code());
    drop(view_infos);
    assert_closed(&view_raws, "view decode");

    let checked = options
        .validate_with_handles::<T>(input.bytes, &mut check_infos)
        .map(|()| String::new())
        .map_err(|e| e.code());
    drop(check_infos);
    assert_closed(&check_raws, "validate");

    let linked = VIEWS.with(|views| {
        let mut views = views.borrow_mut();
        views
            .view_with_handles::<T>(input.bytes, &mut linked_infos)
            .map(|v| format!("{:?}", T::from_view(v)))
            .map_err(|e| e.code())
    });
    drop(linked_infos);
    assert_closed(&linked_raws, "read-only view");
    // Keep the emulated table small over millions of runs.
    for koid in koids {
        emulated::forget_object(koid);
    }
    [owned, view, checked, linked]
}

/// Decode target: owned, view and validate-only decoding of the selected type with arbitrary
/// handle metadata; no panics, and every handle is closed exactly once afterwards.
pub fn decode(data: &[u8]) {
    if let Some(input) = DecodeInput::parse(data) {
        let _outcomes = with_type!(input.selector, tiers(&input));
    }
}

fn agree<T: Decode + Debug>(input: &DecodeInput<'_>) {
    let [owned, view, checked, linked] = tiers::<T>(input);
    let name = DECODE_TYPES[input.selector as usize % DECODE_TYPES.len()];
    let dynamic = dynamic_tier(name, input);
    assert_eq!(
        owned.as_ref().err(),
        dynamic.as_ref().err(),
        "the dynamic codec disagrees: {owned:?} vs {dynamic:?}"
    );
    assert_eq!(owned, view, "owned and view decoding disagree");
    assert_eq!(linked, view, "read-only and in-place views disagree");
    assert_eq!(
        owned.is_ok(),
        checked.is_ok(),
        "validation disagrees: {owned:?} vs {checked:?}"
    );
    if let (Err(a), Err(b)) = (&owned, &checked) {
        assert_eq!(a, b, "validation reports a different error");
    }
}

/// The dynamic codec on `input` as type `name`: the error code, or (when it decodes) the check
/// that re-encoding gives the same bytes and moves every handle; every handle is closed after.
fn dynamic_tier(name: &str, input: &DecodeInput<'_>) -> Result<(), &'static str> {
    let schema = crate::harness::schema();
    let ty = crate::harness::dynamic_type(&format!("fidlwire.conformance/{name}"));
    let infos: Vec<HandleInfo> = input
        .handles
        .iter()
        .map(|&(t, r)| emulated::create_info(ObjectType(t), Rights(r)))
        .collect();
    let raws: Vec<u32> = infos.iter().map(|i| i.handle.raw()).collect();
    let koids: Vec<u64> = raws
        .iter()
        .filter_map(|&r| emulated::state(r).map(|s| s.koid))
        .collect();
    let result = match fidlwire_dynamic::decode(schema, &ty, input.bytes, infos) {
        Err(e) => Err(e.code()),
        Ok(m) => {
            let count = m.handles.len();
            let moved = m.handles.into_iter().map(|i| i.handle).collect();
            let (again, dispositions) = fidlwire_dynamic::encode(schema, &ty, &m.value, moved)
                .unwrap_or_else(|e| panic!("a decoded dynamic value does not re-encode: {e}"));
            assert_eq!(again, input.bytes, "dynamic re-encoding changed the bytes");
            assert_eq!(
                dispositions.len(),
                count,
                "dynamic re-encoding lost handles"
            );
            Ok(())
        }
    };
    assert_closed(&raws, "dynamic");
    for koid in koids {
        emulated::forget_object(koid);
    }
    result
}

/// Text target: JSON (as a person would write it) for a selected type is read without
/// panicking; what reads encodes or fails with a typed error, and what encodes decodes back
/// to the same value. Hex text parses or fails with a message.
pub fn dynamic_text(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let _ = fidlwire_dynamic::hex::parse(&text);
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
        return;
    };
    let schema = crate::harness::schema();
    let name = DECODE_TYPES[selector as usize % DECODE_TYPES.len()];
    let ty = crate::harness::dynamic_type(&format!("fidlwire.conformance/{name}"));
    let Ok(value) = fidlwire_dynamic::from_json(schema, &ty, &json) else {
        return;
    };
    let _ = fidlwire_dynamic::to_text(schema, &ty, &value);
    let handles: Vec<_> = (0..64)
        .map(|_| emulated::create(ObjectType::NONE, Rights::SAME_RIGHTS))
        .collect();
    let koids: Vec<u64> = handles
        .iter()
        .filter_map(|h| emulated::state(h.raw()).map(|s| s.koid))
        .collect();
    // 64 handles: encoding either moves exactly as many as the value holds (handle slots and
    // the counts of unknown envelopes) or fails with a code; the handles are closed either way.
    let _ = fidlwire_dynamic::encode(schema, &ty, &value, handles);
    // Without handles, what encodes must decode to the same value.
    let no_handles = fidlwire_dynamic::encode(schema, &ty, &value, Vec::new());
    if let Ok((bytes, _)) = no_handles {
        let m = fidlwire_dynamic::decode(schema, &ty, &bytes, Vec::new())
            .unwrap_or_else(|e| panic!("encoded bytes do not decode: {e}"));
        let mut expected = value;
        normalize(&mut expected);
        let mut got = m.value;
        normalize(&mut got);
        assert_eq!(
            got, expected,
            "JSON value changed through encode and decode"
        );
    }
    for koid in koids {
        emulated::forget_object(koid);
    }
}

/// Clears what encoding does not keep exactly: a table's envelope count given by hand.
fn normalize(v: &mut fidlwire_dynamic::Value) {
    use fidlwire_dynamic::{FieldValue, Value};
    match v {
        Value::Table { fields, envelopes } => {
            *envelopes = 0;
            for f in fields {
                if let FieldValue::Known(v) = &mut f.value {
                    normalize(v);
                }
            }
        }
        Value::Union(f) => {
            if let FieldValue::Known(v) = &mut f.value {
                normalize(v);
            }
        }
        Value::List(items) => items.iter_mut().for_each(normalize),
        Value::Struct(members) => members.iter_mut().for_each(|(_, v)| normalize(v)),
        _ => {}
    }
}

/// Differential target: the tiers accept with equal values or reject with the same code.
pub fn differential(data: &[u8]) {
    if let Some(input) = DecodeInput::parse(data) {
        with_type!(input.selector, agree(&input));
    }
}

/// Round-trip target: a value of the conformance type `selector` generated from `seed`
/// encodes, decodes back to itself in both tiers, and re-encodes to identical bytes.
pub fn round_trip(selector: u16, seed: u64) {
    let table = crate::arbitrary::ROUND_TRIPS;
    let (name, check) = table[selector as usize % table.len()];
    if let Err(e) = check(seed) {
        panic!("{name} (seed {seed}): {e}");
    }
}

/// Header target: transactional headers, epitaphs and persistence metadata parse without
/// panicking, and what parses re-serializes to the same bytes.
pub fn headers(data: &[u8]) {
    if let Ok((h, body)) = fidlwire::TransactionHeader::parse(data) {
        assert_eq!(&h.to_bytes()[..], &data[..16]);
        assert_eq!(body.len(), data.len() - 16);
        let _ = fidlwire::header::check_empty_body(body, &[]);
    }
    if let Ok(status) = fidlwire::header::decode_epitaph(data) {
        // Header fields other than magic, V2 flag and ordinal are not validated (spec §12.1),
        // so only the body must round-trip.
        let again = fidlwire::header::encode_epitaph(status);
        assert_eq!(&again[16..], &data[16..]);
        assert_eq!(fidlwire::header::decode_epitaph(&again), Ok(status));
    }
    let _ = fidlwire::persist::check_metadata(data);
    if let Ok(settings) = fidlwire::unpersist::<c::FwSettings>(data) {
        // Unknown fields may be dropped, so compare by decoding the re-persisted bytes.
        let again = fidlwire::persist(&settings).expect("a decoded value re-encodes");
        assert_eq!(
            fidlwire::unpersist::<c::FwSettings>(&again).expect("re-persisted bytes decode"),
            settings
        );
    }
}

/// `.fidl` target: the compiler returns diagnostics or an IR, and rendering never panics.
pub fn fidl_compiler(data: &[u8]) {
    let mut sources = fidlwire_build::SourceMap::default();
    sources.add("fuzz.fidl", String::from_utf8_lossy(data).into_owned());
    if let Err(e) = fidlwire_build::compile(&sources, &Default::default()) {
        assert!(!e.rendered.is_empty());
    }
}

/// GIDL target: the parser returns a file or a located error.
pub fn gidl_parser(data: &[u8]) {
    if let Err(e) = crate::gidl::parse("fuzz.gidl", &String::from_utf8_lossy(data)) {
        assert!(e.line >= 1 && e.col >= 1);
    }
}
