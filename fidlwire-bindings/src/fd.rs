//! Handles as file descriptors (`bindings.md` §2).
//!
//! Every [`Handle`] this crate creates refers to an entry of one process-wide descriptor table:
//! the raw handle value is the entry's key, never the descriptor number. The table owns the
//! [`OwnedFd`]; closing the handle removes the entry and closes the descriptor. Because a raw
//! value is only a key, a forged or stale handle can at worst miss the table; it can never close
//! a descriptor someone else owns, and the crate needs no `unsafe` to move descriptors in and out.
//!
//! # Object types and rights
//!
//! A received descriptor is classified once, when it enters the table, so that the codec's type
//! and rights checks (wire-format spec §11.4) apply to real descriptors:
//!
//! | descriptor | object type | rights |
//! |---|---|---|
//! | `AF_UNIX` `SOCK_SEQPACKET` socket (a channel) | `CHANNEL` (4) | `ZX_DEFAULT_CHANNEL_RIGHTS` |
//! | other socket (stream, datagram, TCP…) | `SOCKET` (14) | `ZX_DEFAULT_SOCKET_RIGHTS` |
//! | pipe / FIFO | `SOCKET` (14) | socket rights, `READ`/`WRITE` by access mode |
//! | `memfd` / regular file | `VMO` (3) | VMO rights; `READ`+`MAP` if readable, `WRITE` if writable and not sealed against writes |
//! | `eventfd` | `EVENT` (5) | `ZX_DEFAULT_EVENT_RIGHTS` |
//! | anything else (directory, device, timerfd…) | [`OTHER_OBJECT`] | `ZX_RIGHTS_BASIC` |
//!
//! # Rights reduction
//!
//! A descriptor cannot lose rights the way `zx_handle_replace` removes them. When decoding
//! reduces a handle's rights, the table *records* the reduced rights: later sends of that handle
//! are checked against them (a read-only handle cannot be forwarded where the message declares
//! `WRITE`). The descriptor itself keeps what the kernel allows, and a receiving process derives
//! rights from the descriptor again. Sending checks, as Zircon's `zx_channel_write_etc` does,
//! that every handle has the declared object type, the declared rights and `TRANSFER`.

use crate::error::Error;
use fidlwire::handle::{HandleOpError, HandleOps};
use fidlwire::{Handle, HandleDisposition, HandleInfo, ObjectType, Rights};
use rustix::fs::{FileType, OFlags, SealFlags};
use rustix::net::{AddressFamily, SocketType};
use std::collections::HashMap;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

/// The object type of descriptors that map to no Zircon object (directories, devices, …):
/// distinct from every real type, so that only untyped `zx.Handle` slots accept them.
pub const OTHER_OBJECT: ObjectType = ObjectType(u32::MAX);

/// `ZX_DEFAULT_SOCKET_RIGHTS`.
pub const SOCKET_DEFAULT_RIGHTS: Rights = Rights(
    Rights::BASIC.0
        | Rights::IO.0
        | Rights::GET_PROPERTY.0
        | Rights::SET_PROPERTY.0
        | Rights::SIGNAL.0
        | Rights::SIGNAL_PEER.0,
);

/// `ZX_DEFAULT_VMO_RIGHTS`.
pub const VMO_DEFAULT_RIGHTS: Rights = Rights(
    Rights::BASIC.0
        | Rights::IO.0
        | Rights::MAP.0
        | Rights::GET_PROPERTY.0
        | Rights::SET_PROPERTY.0
        | Rights::SIGNAL.0,
);

/// The handle backend of this crate: raw handle values are keys of the descriptor table.
pub struct FdHandles;

/// The single instance of [`FdHandles`]; every descriptor handle refers to it.
pub static FD_HANDLES: FdHandles = FdHandles;

struct Entry {
    fd: OwnedFd,
    object_type: ObjectType,
    rights: Rights,
}

static TABLE: Mutex<Option<HashMap<u32, Entry>>> = Mutex::new(None);
static NEXT_KEY: AtomicU32 = AtomicU32::new(1);

fn with_table<R>(f: impl FnOnce(&mut HashMap<u32, Entry>) -> R) -> R {
    // A poisoned lock only means a thread panicked while holding it; the map is intact
    // (no operation leaves it half-updated).
    let mut guard = TABLE.lock().unwrap_or_else(|p| p.into_inner());
    f(guard.get_or_insert_with(HashMap::new))
}

fn insert(entry: Entry) -> u32 {
    with_table(|t| {
        loop {
            // Keys wrap after 2^32 handles; 0 stays "invalid" and live keys are skipped.
            let key = NEXT_KEY.fetch_add(1, Ordering::Relaxed);
            if key != 0 && !t.contains_key(&key) {
                t.insert(key, entry);
                return key;
            }
        }
    })
}

impl HandleOps for FdHandles {
    fn close(&self, raw: u32) {
        // Dropping the entry closes the descriptor; outside the lock, since close can block.
        let entry = with_table(|t| t.remove(&raw));
        drop(entry);
    }

    /// Records the reduced rights (see the module docs); the key stays the same.
    fn replace(&self, raw: u32, rights: Rights) -> Result<u32, HandleOpError> {
        with_table(|t| {
            let e = t.get_mut(&raw).ok_or(HandleOpError(-11))?;
            if rights != Rights::SAME_RIGHTS {
                if !e.rights.contains(rights) {
                    return Err(HandleOpError(-30));
                }
                e.rights = rights;
            }
            Ok(raw)
        })
    }

    fn name(&self) -> &'static str {
        "fd"
    }

    fn describe(&self, raw: u32) -> String {
        with_table(|t| match t.get(&raw) {
            Some(e) => format!(
                "fd {:?} type {} rights {:#x}",
                e.fd, e.object_type.0, e.rights.0
            ),
            None => format!("fd-handle {raw:#x} (closed)"),
        })
    }
}

/// True when `handle` belongs to this crate's descriptor table.
pub fn is_fd_handle(handle: &Handle) -> bool {
    std::ptr::addr_eq(handle.ops(), &FD_HANDLES as &dyn HandleOps)
}

/// Wraps a descriptor as a handle, classified by [`classify`]; returns it with its type and
/// rights, as a receiver sees it.
pub fn handle_info_from_fd(fd: OwnedFd) -> HandleInfo {
    let (object_type, rights) = classify(fd.as_fd());
    handle_info_from_fd_as(fd, object_type, rights)
}

/// Wraps a descriptor as a handle with an explicit object type and rights.
pub fn handle_info_from_fd_as(fd: OwnedFd, object_type: ObjectType, rights: Rights) -> HandleInfo {
    let key = insert(Entry {
        fd,
        object_type,
        rights,
    });
    HandleInfo {
        handle: Handle::from_raw(key, &FD_HANDLES),
        object_type,
        rights,
    }
}

/// Wraps a descriptor as a handle (see [`handle_info_from_fd`]).
pub fn handle_from_fd(fd: OwnedFd) -> Handle {
    handle_info_from_fd(fd).handle
}

/// Takes the descriptor back out of a handle. Fails (closing nothing) for handles of other
/// backends; an invalid or already-closed handle is [`Error::ForeignHandle`] too.
pub fn fd_from_handle(handle: Handle) -> Result<OwnedFd, Error> {
    if !is_fd_handle(&handle) {
        return Err(Error::ForeignHandle { index: 0 });
    }
    let raw = handle.into_raw();
    with_table(|t| t.remove(&raw))
        .map(|e| e.fd)
        .ok_or(Error::ForeignHandle { index: 0 })
}

/// The object type and (recorded) rights of a descriptor handle.
pub fn handle_basic_info(handle: &Handle) -> Option<(ObjectType, Rights)> {
    if !is_fd_handle(handle) {
        return None;
    }
    with_table(|t| t.get(&handle.raw()).map(|e| (e.object_type, e.rights)))
}

/// Runs `f` on the descriptor behind `handle` (e.g. to read a memfd) without taking it out.
pub fn with_fd<R>(handle: &Handle, f: impl FnOnce(BorrowedFd<'_>) -> R) -> Option<R> {
    if !is_fd_handle(handle) {
        return None;
    }
    with_table(|t| t.get(&handle.raw()).map(|e| f(e.fd.as_fd())))
}

/// How many descriptor handles are open in this process (for leak tests).
pub fn open_handle_count() -> usize {
    with_table(|t| t.len())
}

/// Moves the descriptors of an outgoing message out of the table, after the checks the kernel
/// makes on `zx_channel_write_etc`: the limit of `max` handles, every handle a descriptor
/// handle of the declared object type with the declared rights plus `TRANSFER`. On any failure
/// every handle is closed, as a failed channel write consumes them.
pub(crate) fn take_for_send(
    handles: Vec<HandleDisposition>,
    max: usize,
) -> Result<Vec<OwnedFd>, Error> {
    if handles.len() > max {
        return Err(Error::TooManyHandles {
            count: handles.len(),
            limit: max,
        });
    }
    let mut fds = Vec::with_capacity(handles.len());
    let mut failure = None;
    for (index, d) in handles.into_iter().enumerate() {
        if failure.is_some() {
            continue; // dropped: closed
        }
        match check_disposition(index, &d) {
            Ok(()) => match fd_from_handle(d.handle) {
                Ok(fd) => fds.push(fd),
                Err(_) => failure = Some(Error::ForeignHandle { index }),
            },
            Err(e) => failure = Some(e),
        }
    }
    match failure {
        Some(e) => Err(e), // `fds` dropped: every descriptor closed
        None => Ok(fds),
    }
}

fn check_disposition(index: usize, d: &HandleDisposition) -> Result<(), Error> {
    let (actual, rights) = handle_basic_info(&d.handle).ok_or(Error::ForeignHandle { index })?;
    if d.object_type != ObjectType::NONE && d.object_type != actual {
        return Err(Error::WrongHandleType {
            index,
            expected: d.object_type,
            actual,
        });
    }
    let mut required = Rights::TRANSFER;
    if d.rights != Rights::SAME_RIGHTS {
        required = required | d.rights;
    }
    if !rights.contains(required) {
        return Err(Error::MissingHandleRights {
            index,
            missing: Rights(required.0 & !rights.0),
        });
    }
    Ok(())
}

/// The object type and rights of a descriptor, by the table in the module docs.
pub fn classify(fd: BorrowedFd<'_>) -> (ObjectType, Rights) {
    let Ok(stat) = rustix::fs::fstat(fd) else {
        return (OTHER_OBJECT, Rights::BASIC);
    };
    let access = rustix::fs::fcntl_getfl(fd).unwrap_or(OFlags::empty()) & OFlags::RWMODE;
    let (readable, writable) = if access == OFlags::RDONLY {
        (true, false)
    } else if access == OFlags::WRONLY {
        (false, true)
    } else {
        (true, true)
    };
    match FileType::from_raw_mode(stat.st_mode) {
        FileType::Socket => {
            let seqpacket =
                rustix::net::sockopt::socket_type(fd).is_ok_and(|t| t == SocketType::SEQPACKET);
            let unix =
                rustix::net::sockopt::socket_domain(fd).is_ok_and(|d| d == AddressFamily::UNIX);
            if seqpacket && unix {
                (ObjectType::CHANNEL, Rights::CHANNEL_DEFAULT)
            } else {
                (ObjectType::SOCKET, SOCKET_DEFAULT_RIGHTS)
            }
        }
        FileType::Fifo => (
            ObjectType::SOCKET,
            io_rights(SOCKET_DEFAULT_RIGHTS, readable, writable),
        ),
        FileType::RegularFile => {
            let sealed = rustix::fs::fcntl_get_seals(fd)
                .is_ok_and(|s| s.intersects(SealFlags::WRITE | SealFlags::FUTURE_WRITE));
            let mut rights = io_rights(VMO_DEFAULT_RIGHTS, readable, writable && !sealed);
            if !readable {
                rights = Rights(rights.0 & !Rights::MAP.0);
            }
            (ObjectType::VMO, rights)
        }
        _ if is_eventfd(fd) => (ObjectType::EVENT, Rights::EVENT_DEFAULT),
        _ => (OTHER_OBJECT, Rights::BASIC),
    }
}

fn io_rights(base: Rights, readable: bool, writable: bool) -> Rights {
    let mut r = base.0 & !Rights::IO.0;
    if readable {
        r |= Rights::READ.0;
    }
    if writable {
        r |= Rights::WRITE.0;
    }
    Rights(r)
}

/// An eventfd is an anonymous inode whose `/proc/self/fd` link names it.
fn is_eventfd(fd: BorrowedFd<'_>) -> bool {
    use std::os::fd::AsRawFd;
    std::fs::read_link(format!("/proc/self/fd/{}", fd.as_raw_fd()))
        .is_ok_and(|p| p.as_os_str() == "anon_inode:[eventfd]")
}
