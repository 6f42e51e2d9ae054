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
    match fidlwire::DecodeOptions::default().validate_with_handles::<T>(bytes, &mut infos) {
        Ok(()) => panic!("validation succeeded; expected {code}"),
        Err(e) => assert_eq!(e.code(), code, "validate tier, wrong error: {e}"),
    }
    handles.assert_all_closed("after the failed decode");
}

/// `decode({...})` inside a value: the value a decode of `bytes` produces.
pub fn decode_value<T: Decode>(bytes: &[u8], infos: Vec<HandleInfo>) -> T {
    fidlwire::decode_with_handles(bytes, infos)
        .unwrap_or_else(|e| panic!("decode(...) in a value failed: {e}"))
}
