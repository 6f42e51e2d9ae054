//! What generated cases call: handle bookkeeping over the emulated handle table and the checks
//! of each section kind. Every check panics with a precise message on failure.

use fidlwire::emulated;
use fidlwire::{Decode, Encode, Handle, HandleInfo, ObjectType, Rights};
use std::fmt::Debug;

/// A case's outcome in the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Run it.
    Run,
    /// Skipped for the `rust` binding by the file's allow/deny lists.
    Skipped(&'static str),
}

/// One generated check.
pub struct Case {
    /// `<file>__<case>__<check>`.
    pub name: &'static str,
    /// The GIDL file and section, for messages.
    pub origin: &'static str,
    /// Whether it runs.
    pub status: Status,
    /// The check.
    pub run: fn(),
}

/// The handles of one case (`handle_defs`), created in the emulated table.
pub struct Handles {
    defs: Vec<(ObjectType, Rights)>,
    originals: Vec<Option<Handle>>,
    raws: Vec<u32>,
    koids: Vec<u64>,
    /// Every handle this case made (originals and duplicates), to check they end up closed.
    made: Vec<u32>,
}

fn object_type(subtype: u32) -> ObjectType {
    ObjectType(subtype)
}

impl Handles {
    /// Creates `defs`: `(object type, rights)`; `None` rights mean the object's defaults.
    pub fn new(defs: &[(u32, Option<u32>)]) -> Handles {
        let mut h = Handles {
            defs: Vec::new(),
            originals: Vec::new(),
            raws: Vec::new(),
            koids: Vec::new(),
            made: Vec::new(),
        };
        for &(subtype, rights) in defs {
            let ty = object_type(subtype);
            let rights = Rights(rights.unwrap_or(match ty {
                ObjectType::CHANNEL => Rights::CHANNEL_DEFAULT.0,
                _ => Rights::EVENT_DEFAULT.0,
            }));
            let handle = emulated::create(ty, rights);
            let raw = handle.raw();
            h.koids
                .push(emulated::state(raw).expect("just created").koid);
            h.raws.push(raw);
            h.made.push(raw);
            h.defs.push((ty, rights));
            h.originals.push(Some(handle));
        }
        h
    }

    /// Moves handle `#i` out (into a value being encoded, or into a decode's handle table).
    pub fn take(&mut self, i: usize) -> Handle {
        self.originals[i]
            .take()
            .unwrap_or_else(|| panic!("GIDL case uses #{i} twice"))
    }

    /// The infos a receiver would see for handles `order` (the originals move).
    pub fn infos(&mut self, order: &[usize]) -> Vec<HandleInfo> {
        order
            .iter()
            .map(|&i| HandleInfo {
                handle: self.take(i),
                object_type: self.defs[i].0,
                rights: self.defs[i].1,
            })
            .collect()
    }

    /// Infos for a second decode of the same message: new handles to the same objects.
    pub fn duplicate_infos(&mut self, order: &[usize]) -> Vec<HandleInfo> {
        order
            .iter()
            .map(|&i| {
                let (ty, rights) = self.defs[i];
                let handle = self.dup(i, rights);
                HandleInfo {
                    handle,
                    object_type: ty,
                    rights,
                }
            })
            .collect()
    }

    fn dup(&mut self, i: usize, rights: Rights) -> Handle {
        let h = emulated::duplicate(self.raws[i], rights).expect("emulated handle");
        self.made.push(h.raw());
        h
    }

    /// For expected values: a handle to `#i`'s object with its defined rights.
    pub fn same(&mut self, i: usize) -> Handle {
        let rights = self.defs[i].1;
        self.dup(i, rights)
    }

    /// For expected values: `restrict(#i, type, rights)`.
    pub fn restrict(&mut self, i: usize, subtype: Option<u32>, rights: Option<u32>) -> Handle {
        if let Some(t) = subtype {
            assert_eq!(
                self.defs[i].0,
                object_type(t),
                "restrict(#{i}) names a different object type"
            );
        }
        let rights = rights.map_or(self.defs[i].1, Rights);
        self.dup(i, rights)
    }

    /// The koid of `#i`.
    pub fn koid(&self, i: usize) -> u64 {
        self.koids[i]
    }

    /// Panics unless every handle this case made is closed, and none twice.
    pub fn assert_all_closed(&self, what: &str) {
        for &raw in &self.made {
            let s = emulated::state(raw).expect("emulated handle");
            assert!(
                !s.open,
                "{what}: handle {raw:#x} (koid {}) left open",
                s.koid
            );
            assert!(
                s.close_count <= 1,
                "{what}: handle {raw:#x} closed {} times",
                s.close_count
            );
        }
    }
}

fn hexdump(b: &[u8]) -> String {
    b.chunks(8)
        .map(|c| {
            c.iter()
                .map(|x| format!("{x:02x}"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Expected handle in an encode result: `#i`, with the type and rights of its disposition when
/// the case checks them.
pub type ExpectedHandle = (usize, Option<(u32, u32)>);

/// Encodes `value` and checks bytes and handle dispositions.
pub fn check_encode<T: Encode>(
    value: T,
    bytes: &[u8],
    handles: &Handles,
    expected: &[ExpectedHandle],
) {
    let (out, dispositions) =
        fidlwire::encode(value).unwrap_or_else(|e| panic!("encode failed: {e}"));
    assert_eq!(hexdump(&out), hexdump(bytes), "encoded bytes differ");
    assert_eq!(dispositions.len(), expected.len(), "number of handles");
    for (k, (d, &(i, ty_rights))) in dispositions.iter().zip(expected).enumerate() {
        let koid = emulated::state(d.handle.raw()).map(|s| s.koid);
        assert_eq!(koid, Some(handles.koid(i)), "handle {k} should be #{i}");
        if let Some((ty, rights)) = ty_rights {
            assert_eq!(
                d.object_type,
                ObjectType(ty),
                "handle {k} (#{i}) disposition type"
            );
            assert_eq!(
                d.rights,
                Rights(rights),
                "handle {k} (#{i}) disposition rights"
            );
        }
    }
}

/// Decodes `bytes` with handles `order` in the owned and the view tier and compares both with
/// `expected` (handles compare by object, type and rights).
pub fn check_decode<T: Decode + Debug>(
    fidl_name: &str,
    bytes: &[u8],
    handles: &mut Handles,
    order: &[usize],
    expected: impl FnOnce(&mut Handles) -> T,
) {
    let expected = format!("{:?}", expected(handles));
    let infos = handles.infos(order);
    let owned = fidlwire::decode_with_handles::<T>(bytes, infos)
        .unwrap_or_else(|e| panic!("owned decode failed: {e}"));
    assert_eq!(format!("{owned:?}"), expected, "owned decode differs");
    drop(owned);
    let mut infos = handles.duplicate_infos(order);
    let mut buf = bytes.to_vec();
    let view = fidlwire::view_with_handles::<T>(&mut buf, &mut infos)
        .unwrap_or_else(|e| panic!("view decode failed: {e}"));
    let from_view = T::from_view(view);
    assert_eq!(format!("{from_view:?}"), expected, "view decode differs");
    drop(from_view);
    // The read-only tier: a view over `&[u8]`, which must leave the bytes as they were.
    let mut infos = handles.duplicate_infos(order);
    let mut views = fidlwire::ViewBuffer::new();
    let view = views
        .view_with_handles::<T>(bytes, &mut infos)
        .unwrap_or_else(|e| panic!("read-only view failed: {e}"));
    let from_view = T::from_view(view);
    assert_eq!(format!("{from_view:?}"), expected, "read-only view differs");
    drop(from_view);
    // The dynamic tier: decoded from the schema alone, re-encoded to the same bytes (unknown
    // fields and variants included, kept raw), moving the same number of handles.
    let infos = handles.duplicate_infos(order);
    let ty = dynamic_type(fidl_name);
    let schema = schema();
    let m = fidlwire_dynamic::decode(schema, &ty, bytes, infos)
        .unwrap_or_else(|e| panic!("dynamic decode failed: {e}"));
    let moved = m.handles.into_iter().map(|i| i.handle).collect();
    let (again, dispositions) = fidlwire_dynamic::encode(schema, &ty, &m.value, moved)
        .unwrap_or_else(|e| panic!("dynamic re-encode failed: {e}"));
    assert_eq!(hexdump(&again), hexdump(bytes), "dynamic re-encode differs");
    assert_eq!(
        dispositions.len(),
        order.len(),
        "dynamic re-encode moved other handles"
    );
}

/// The schema of the conformance libraries, compiled once from their sources.
pub fn schema() -> &'static fidlwire_dynamic::Schema {
    static SCHEMA: std::sync::OnceLock<fidlwire_dynamic::Schema> = std::sync::OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut sources = fidlwire_build::SourceMap::default();
        for (name, text) in crate::FIDL_SOURCES {
            sources.add(*name, *text);
        }
        let ir = fidlwire_build::compile(&sources, &Default::default())
            .unwrap_or_else(|e| panic!("conformance FIDL: {e}"));
        fidlwire_build::schema(&ir).unwrap_or_else(|e| panic!("{e}"))
    })
}

/// The schema type named `fidl_name` (`library/Name`).
pub fn dynamic_type(fidl_name: &str) -> fidlwire_dynamic::Ty {
    schema()
        .ty(fidl_name)
        .unwrap_or_else(|| panic!("no type {fidl_name} in the schema"))
}

/// Encoding `value` must fail with `code`; then every handle must be closed.
pub fn check_encode_failure<T: Encode>(value: T, code: &str, handles: &Handles) {
    match fidlwire::encode(value) {
        Ok((bytes, _)) => panic!("encode succeeded ({} bytes); expected {code}", bytes.len()),
        Err(e) => assert_eq!(e.code(), code, "wrong error: {e}"),
    }
    handles.assert_all_closed("after the failed encode");
}

/// Decoding must fail with `code` in every tier; then every handle must be closed.
pub fn check_decode_failure<T: Decode + Debug>(
    fidl_name: &str,
    bytes: &[u8],
    handles: &mut Handles,
    order: &[usize],
    code: &str,
) {
    let infos = handles.infos(order);
    match fidlwire::decode_with_handles::<T>(bytes, infos) {
        Ok(v) => panic!("decode succeeded: {v:?}; expected {code}"),
        Err(e) => assert_eq!(e.code(), code, "owned tier, wrong error: {e}"),
    }
    let mut infos = handles.duplicate_infos(order);
    let mut buf = bytes.to_vec();
    match fidlwire::view_with_handles::<T>(&mut buf, &mut infos) {
        Ok(_) => panic!("view decode succeeded; expected {code}"),
        Err(e) => assert_eq!(e.code(), code, "view tier, wrong error: {e}"),
    }
    let mut infos = handles.duplicate_infos(order);
    match fidlwire::ViewBuffer::new().view_with_handles::<T>(bytes, &mut infos) {
        Ok(_) => panic!("read-only view succeeded; expected {code}"),
        Err(e) => assert_eq!(e.code(), code, "read-only view tier, wrong error: {e}"),
    }
    let mut infos = handles.duplicate_infos(order);
    let static_error =
        match fidlwire::DecodeOptions::default().validate_with_handles::<T>(bytes, &mut infos) {
            Ok(()) => panic!("validation succeeded; expected {code}"),
            Err(e) => {
                assert_eq!(e.code(), code, "validate tier, wrong error: {e}");
                e
            }
        };
    // The dynamic tier: the same rule fails, at the same byte.
    let infos = handles.duplicate_infos(order);
    match fidlwire_dynamic::decode(schema(), &dynamic_type(fidl_name), bytes, infos) {
        Ok(m) => panic!("dynamic decode succeeded: {:?}; expected {code}", m.value),
        Err(e) => assert_eq!(
            (e.code(), e.byte_offset()),
            (code, static_error.byte_offset()),
            "dynamic tier, wrong error: {e} (static: {static_error})"
        ),
    }
    handles.assert_all_closed("after the failed decode");
}

/// `decode({...})` inside a value: the value a decode of `bytes` produces.
pub fn decode_value<T: Decode>(bytes: &[u8], infos: Vec<HandleInfo>) -> T {
    fidlwire::decode_with_handles(bytes, infos)
        .unwrap_or_else(|e| panic!("decode(...) in a value failed: {e}"))
}

/// A small deterministic generator for the property tests' values (xorshift64*).
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }

    /// 64 random bits.
    pub fn u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.u64() % n.max(1)
    }

    /// An index in `0..n` (`n > 0`).
    pub fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// True one time in `n`.
    pub fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }

    /// A length for a vector bounded by `max`: at most 3, and 0 when `budget` is spent.
    pub fn len(&mut self, max: u32, budget: u32) -> usize {
        if budget == 0 {
            0
        } else {
            self.below(u64::from(max.min(3)) + 1) as usize
        }
    }

    /// A string of at most `max` bytes, mixing ASCII and multi-byte characters.
    pub fn string(&mut self, max: u32) -> String {
        const CHARS: &[char] = &['a', 'Z', '0', ' ', '\0', 'é', '€', '😀', '\u{feff}'];
        let mut s = String::new();
        let target = self.below(u64::from(max.min(12)) + 1) as usize;
        while s.len() < target {
            let c = CHARS[self.below(CHARS.len() as u64) as usize];
            if s.len() + c.len_utf8() > max as usize {
                break;
            }
            s.push(c);
        }
        s
    }

    /// A new emulated handle of `subtype` (0 = an event) with `rights` (same rights = defaults).
    pub fn handle(&mut self, subtype: u32, rights: u32) -> Handle {
        let ty = if subtype == 0 {
            ObjectType::EVENT
        } else {
            ObjectType(subtype)
        };
        let rights = if rights == Rights::SAME_RIGHTS.0 {
            Rights::EVENT_DEFAULT
        } else {
            Rights(rights)
        };
        emulated::create(ty, rights)
    }
}

/// The property every generated value must have: it encodes; the owned and view tiers decode
/// it back to the same value (handles compared by object, type and rights); re-encoding the
/// decoded value reproduces the bytes exactly.
pub fn round_trip<T: Encode + Decode + Debug>(fidl_name: &str, value: T) -> Result<(), String> {
    let expected = format!("{value:?}");
    let (bytes, dispositions) =
        fidlwire::encode(value).map_err(|e| format!("encode: {e} for {expected}"))?;
    let infos = emulated::transfer(dispositions).map_err(|e| format!("transfer: {e:?}"))?;
    let koids: Vec<u64> = infos
        .iter()
        .filter_map(|i| emulated::state(i.handle.raw()).map(|s| s.koid))
        .collect();
    let dynamic_infos = duplicates(&infos);
    let result = check_round_trip::<T>(&expected, bytes.clone(), infos)
        .and_then(|()| check_dynamic_round_trip(fidl_name, &bytes, dynamic_infos));
    // Everything is closed by now; keep the emulated table small across millions of runs.
    for koid in koids {
        emulated::forget_object(koid);
    }
    result
}

/// The dynamic codec's leg of the property: static bytes → dynamic value → JSON text →
/// dynamic value → bytes must be the identity (handles travel in message order).
fn check_dynamic_round_trip(
    fidl_name: &str,
    bytes: &[u8],
    infos: Vec<HandleInfo>,
) -> Result<(), String> {
    let schema = schema();
    let ty = dynamic_type(fidl_name);
    let m = fidlwire_dynamic::decode(schema, &ty, bytes, infos)
        .map_err(|e| format!("dynamic decode: {e}"))?;
    let text = fidlwire_dynamic::to_json(schema, &ty, &m.value).to_string();
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("JSON {text}: {e}"))?;
    let value = fidlwire_dynamic::from_json(schema, &ty, &json)
        .map_err(|e| format!("from JSON {text}: {e}"))?;
    let moved = m.handles.into_iter().map(|i| i.handle).collect();
    let (again, _) = fidlwire_dynamic::encode(schema, &ty, &value, moved)
        .map_err(|e| format!("dynamic encode of {text}: {e}"))?;
    if again != bytes {
        return Err(format!(
            "static → dynamic → JSON → dynamic → bytes changed the bytes:\n  {}\n  {}\n  via {text}",
            hexdump(bytes),
            hexdump(&again)
        ));
    }
    Ok(())
}

/// Duplicates of `infos` (same objects, types and rights) for another decode tier.
fn duplicates(infos: &[HandleInfo]) -> Vec<HandleInfo> {
    infos
        .iter()
        .map(|i| HandleInfo {
            handle: emulated::duplicate(i.handle.raw(), i.rights).expect("emulated handle"),
            object_type: i.object_type,
            rights: i.rights,
        })
        .collect()
}

fn check_round_trip<T: Encode + Decode + Debug>(
    expected: &str,
    bytes: Vec<u8>,
    infos: Vec<HandleInfo>,
) -> Result<(), String> {
    let mut dups = duplicates(&infos);
    let owned = fidlwire::decode_with_handles::<T>(&bytes, infos)
        .map_err(|e| format!("decode: {e} for {expected}"))?;
    if format!("{owned:?}") != expected {
        return Err(format!("owned decode differs:\n  {owned:?}\n  {expected}"));
    }
    let mut dups2 = duplicates(&dups);
    let mut buf = bytes.clone();
    let view =
        fidlwire::view_with_handles::<T>(&mut buf, &mut dups).map_err(|e| format!("view: {e}"))?;
    let from_view = T::from_view(view);
    if format!("{from_view:?}") != expected {
        return Err(format!(
            "view decode differs:\n  {from_view:?}\n  {expected}"
        ));
    }
    drop(from_view);
    let mut views = fidlwire::ViewBuffer::new();
    let view = views
        .view_with_handles::<T>(&bytes, &mut dups2)
        .map_err(|e| format!("read-only view: {e}"))?;
    let from_view = T::from_view(view);
    if format!("{from_view:?}") != expected {
        return Err(format!(
            "read-only view differs:\n  {from_view:?}\n  {expected}"
        ));
    }
    let (again, _) = fidlwire::encode(owned).map_err(|e| format!("re-encode: {e}"))?;
    if again != bytes {
        return Err("re-encoding the decoded value changed the bytes".into());
    }
    Ok(())
}
