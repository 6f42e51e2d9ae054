//! An emulated handle table: kernel objects with koids, types and rights, and handles that can
//! be open or closed. Tests use it to prove that the codec never leaks or double-closes a
//! handle; hosts without a kernel can use it to exercise resource types.
//!
//! The table is process-global (handles must be `'static` to move freely), so tests running in
//! parallel each create their own objects and only inspect the koids they own.

use crate::handle::{
    Handle, HandleDisposition, HandleInfo, HandleOpError, HandleOps, ObjectType, Rights,
};
use std::sync::Mutex;

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

static TABLE: Mutex<Vec<Entry>> = Mutex::new(Vec::new());
static NEXT_KOID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1024);

fn table() -> std::sync::MutexGuard<'static, Vec<Entry>> {
    // A poisoned lock only means another test panicked while holding it; the data is intact.
    TABLE.lock().unwrap_or_else(|p| p.into_inner())
}

fn push(entry: Entry) -> u32 {
    let mut t = table();
    t.push(entry);
    // Raw values are 1-based indices so that 0 stays `ZX_HANDLE_INVALID`.
    u32::try_from(t.len()).expect("emulated handle table exceeds u32::MAX handles")
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
    let koid = NEXT_KOID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
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
    let t = table();
    let e = t.get((raw as usize).checked_sub(1)?)?;
    Some(HandleState {
        koid: e.koid,
        object_type: e.object_type,
        rights: e.rights,
        open: e.open,
        close_count: e.close_count,
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
            failed = Some(HandleOpError(-40));
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
        let mut t = table();
        if let Some(e) = (raw as usize).checked_sub(1).and_then(|i| t.get_mut(i)) {
            e.open = false;
            e.close_count += 1;
        }
    }

    fn replace(&self, raw: u32, rights: Rights) -> Result<u32, HandleOpError> {
        let mut t = table();
        let Some(e) = (raw as usize).checked_sub(1).and_then(|i| t.get_mut(i)) else {
            return Err(HandleOpError(-11));
        };
        if !e.open {
            return Err(HandleOpError(-11));
        }
        let old = *e;
        // zx_handle_replace invalidates the old handle whether or not it succeeds.
        e.open = false;
        e.close_count += 1;
        if !old.rights.contains(rights) && rights != Rights::SAME_RIGHTS {
            return Err(HandleOpError(-30));
        }
        let rights = if rights == Rights::SAME_RIGHTS {
            old.rights
        } else {
            rights
        };
        t.push(Entry {
            rights,
            open: true,
            close_count: 0,
            ..old
        });
        Ok(u32::try_from(t.len()).expect("emulated handle table exceeds u32::MAX handles"))
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
