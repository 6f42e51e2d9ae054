//! An emulated handle table: kernel objects with koids, types and rights, and handles that can
//! be open or closed. Tests use it to prove that the codec never leaks or double-closes a
//! handle; hosts without a kernel can use it to exercise resource types.
//!
//! The table is process-global (handles must be `'static` to move freely), so tests running in
//! parallel each create their own objects and only inspect the koids they own.

use crate::handle::{
    Handle, HandleDisposition, HandleInfo, HandleOpError, HandleOps, ObjectType, Rights,
};
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

/// The emulated backend. Use [`create`] to make handles.
pub struct Emulated;

/// The single emulated backend instance.
pub static EMULATED: Emulated = Emulated;

#[derive(Debug, Clone, Copy)]
struct Entry {
    koid: u64,
    object_type: ObjectType,
    rights: Rights,
    open: bool,
    close_count: u32,
}

/// Handles by raw value. A map, not a vector, so that long-running users (fuzzers) can
/// [`forget_object`] what they no longer inspect and keep memory bounded.
static TABLE: Mutex<Option<HashMap<u32, Entry>>> = Mutex::new(None);
static NEXT_KOID: AtomicU64 = AtomicU64::new(1024);
static NEXT_RAW: AtomicU32 = AtomicU32::new(1);

fn with_table<R>(f: impl FnOnce(&mut HashMap<u32, Entry>) -> R) -> R {
    // A poisoned lock only means another test panicked while holding it; the data is intact.
    let mut guard = TABLE.lock().unwrap_or_else(|p| p.into_inner());
    f(guard.get_or_insert_with(HashMap::new))
}

fn push(entry: Entry) -> u32 {
    // Raw values start at 1 so that 0 stays `ZX_HANDLE_INVALID`; they are never reused.
    let raw = NEXT_RAW.fetch_add(1, Ordering::Relaxed);
    assert!(raw != 0, "emulated handle table exhausted u32 raw values");
    with_table(|t| t.insert(raw, entry));
    raw
}

/// Forgets every handle (open or closed) to the object `koid`: afterwards [`state`] knows
/// nothing of them and closing them is a no-op. For long-running users such as fuzzers.
pub fn forget_object(koid: u64) {
    with_table(|t| t.retain(|_, e| e.koid != koid));
}

/// What the table knows about one raw handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandleState {
    /// The kernel object id; shared by handles to the same object.
    pub koid: u64,
    /// The object's type.
    pub object_type: ObjectType,
    /// This handle's rights.
    pub rights: Rights,
    /// False once closed (or replaced).
    pub open: bool,
    /// How many times it was closed; anything above 1 is a double close.
    pub close_count: u32,
}

/// Creates a new object of `object_type` and returns a handle to it with `rights`.
pub fn create(object_type: ObjectType, rights: Rights) -> Handle {
    let koid = NEXT_KOID.fetch_add(1, Ordering::Relaxed);
    let raw = push(Entry {
        koid,
        object_type,
        rights,
        open: true,
        close_count: 0,
    });
    Handle::from_raw(raw, &EMULATED)
}

/// Creates a new object and returns it as received-handle info (type and rights attached).
pub fn create_info(object_type: ObjectType, rights: Rights) -> HandleInfo {
    HandleInfo {
        handle: create(object_type, rights),
        object_type,
        rights,
    }
}

/// Looks up a raw emulated handle.
pub fn state(raw: u32) -> Option<HandleState> {
    with_table(|t| {
        let e = t.get(&raw)?;
        Some(HandleState {
            koid: e.koid,
            object_type: e.object_type,
            rights: e.rights,
            open: e.open,
            close_count: e.close_count,
        })
    })
}

/// Converts dispositions of emulated handles into the infos a receiver would see, as the kernel
/// does on a channel write: checks type, applies rights reduction. Fails like `zx_channel_write_etc`
/// would on a type mismatch or missing rights (and then every handle is closed).
pub fn transfer(dispositions: Vec<HandleDisposition>) -> Result<Vec<HandleInfo>, HandleOpError> {
    let mut out = Vec::with_capacity(dispositions.len());
    let mut failed = None;
    for d in dispositions {
        if failed.is_some() {
            continue; // dropped: closed
        }
        let Some(st) = state(d.handle.raw()) else {
            failed = Some(HandleOpError(-11));
            continue;
        };
        if d.object_type != ObjectType::NONE && d.object_type != st.object_type {
            failed = Some(HandleOpError(-12)); // ZX_ERR_WRONG_TYPE
            continue;
        }
        let (handle, rights) = if d.rights == Rights::SAME_RIGHTS || d.rights == st.rights {
            (d.handle, st.rights)
        } else if st.rights.contains(d.rights) {
            match d.handle.replace(d.rights) {
                Ok(h) => (h, d.rights),
                Err(e) => {
                    failed = Some(e);
                    continue;
                }
            }
        } else {
            failed = Some(HandleOpError(-30));
            continue;
        };
        out.push(HandleInfo {
            handle,
            object_type: st.object_type,
            rights,
        });
    }
    match failed {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

impl HandleOps for Emulated {
    fn close(&self, raw: u32) {
        with_table(|t| {
            if let Some(e) = t.get_mut(&raw) {
                e.open = false;
                e.close_count += 1;
            }
        });
    }

    fn replace(&self, raw: u32, rights: Rights) -> Result<u32, HandleOpError> {
        let old = with_table(|t| {
            let e = t.get_mut(&raw).filter(|e| e.open)?;
            let old = *e;
            // zx_handle_replace invalidates the old handle whether or not it succeeds.
            e.open = false;
            e.close_count += 1;
            Some(old)
        })
        .ok_or(HandleOpError(-11))?;
        if !old.rights.contains(rights) && rights != Rights::SAME_RIGHTS {
            return Err(HandleOpError(-30));
        }
        let rights = if rights == Rights::SAME_RIGHTS {
            old.rights
        } else {
            rights
        };
        Ok(push(Entry {
            rights,
            open: true,
            close_count: 0,
            ..old
        }))
    }

    fn name(&self) -> &'static str {
        "emulated"
    }

    /// The object's koid, type and this handle's rights: equal for handles to the same object
    /// with the same rights, whatever their raw values (rights reduction replaces handles).
    fn describe(&self, raw: u32) -> String {
        match state(raw) {
            Some(s) => format!(
                "koid {} type {} rights {:#x}",
                s.koid, s.object_type.0, s.rights.0
            ),
            None => format!("invalid {raw:#x}"),
        }
    }
}

/// A new handle to the object `raw` refers to, with `rights` (like `zx_handle_duplicate`).
pub fn duplicate(raw: u32, rights: Rights) -> Option<Handle> {
    let s = state(raw)?;
    let raw = push(Entry {
        koid: s.koid,
        object_type: s.object_type,
        rights,
        open: true,
        close_count: 0,
    });
    Some(Handle::from_raw(raw, &EMULATED))
}
