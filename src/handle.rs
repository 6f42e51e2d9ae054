//! Handles: owned kernel-object references that travel beside the message bytes.
//!
//! A [`Handle`] is a raw value plus the [`HandleOps`] backend that owns it. The codec never
//! interprets the raw value; it only moves, closes and (for rights reduction) replaces handles
//! through the backend. [`crate::emulated`] provides a backend for tests and host use; platform
//! backends (file descriptors, Zircon) plug in by implementing [`HandleOps`].

use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering};

/// The raw value of "no handle" (`ZX_HANDLE_INVALID`).
pub const INVALID_RAW: u32 = 0;

/// A Zircon-style object type (`zx_obj_type_t`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ObjectType(pub u32);

impl ObjectType {
    /// Any type: disables the type check.
    pub const NONE: ObjectType = ObjectType(0);
    /// A process.
    pub const PROCESS: ObjectType = ObjectType(1);
    /// A thread.
    pub const THREAD: ObjectType = ObjectType(2);
    /// A virtual memory object.
    pub const VMO: ObjectType = ObjectType(3);
    /// A channel (also every `client_end`/`server_end`).
    pub const CHANNEL: ObjectType = ObjectType(4);
    /// An event.
    pub const EVENT: ObjectType = ObjectType(5);
    /// A port.
    pub const PORT: ObjectType = ObjectType(6);
    /// A socket.
    pub const SOCKET: ObjectType = ObjectType(14);
    /// An event pair.
    pub const EVENTPAIR: ObjectType = ObjectType(16);
}

/// A set of Zircon-style handle rights (`zx_rights_t`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Rights(pub u32);

impl Rights {
    /// No rights.
    pub const NONE: Rights = Rights(0);
    /// `ZX_RIGHT_DUPLICATE`.
    pub const DUPLICATE: Rights = Rights(1 << 0);
    /// `ZX_RIGHT_TRANSFER`.
    pub const TRANSFER: Rights = Rights(1 << 1);
    /// `ZX_RIGHT_READ`.
    pub const READ: Rights = Rights(1 << 2);
    /// `ZX_RIGHT_WRITE`.
    pub const WRITE: Rights = Rights(1 << 3);
    /// `ZX_RIGHT_EXECUTE`.
    pub const EXECUTE: Rights = Rights(1 << 4);
    /// `ZX_RIGHT_MAP`.
    pub const MAP: Rights = Rights(1 << 5);
    /// `ZX_RIGHT_GET_PROPERTY`.
    pub const GET_PROPERTY: Rights = Rights(1 << 6);
    /// `ZX_RIGHT_SET_PROPERTY`.
    pub const SET_PROPERTY: Rights = Rights(1 << 7);
    /// `ZX_RIGHT_ENUMERATE`.
    pub const ENUMERATE: Rights = Rights(1 << 8);
    /// `ZX_RIGHT_DESTROY`.
    pub const DESTROY: Rights = Rights(1 << 9);
    /// `ZX_RIGHT_SET_POLICY`.
    pub const SET_POLICY: Rights = Rights(1 << 10);
    /// `ZX_RIGHT_GET_POLICY`.
    pub const GET_POLICY: Rights = Rights(1 << 11);
    /// `ZX_RIGHT_SIGNAL`.
    pub const SIGNAL: Rights = Rights(1 << 12);
    /// `ZX_RIGHT_SIGNAL_PEER`.
    pub const SIGNAL_PEER: Rights = Rights(1 << 13);
    /// `ZX_RIGHT_WAIT`.
    pub const WAIT: Rights = Rights(1 << 14);
    /// `ZX_RIGHT_INSPECT`.
    pub const INSPECT: Rights = Rights(1 << 15);
    /// `ZX_RIGHT_MANAGE_JOB`.
    pub const MANAGE_JOB: Rights = Rights(1 << 16);
    /// `ZX_RIGHT_MANAGE_PROCESS`.
    pub const MANAGE_PROCESS: Rights = Rights(1 << 17);
    /// `ZX_RIGHT_MANAGE_THREAD`.
    pub const MANAGE_THREAD: Rights = Rights(1 << 18);
    /// `ZX_RIGHT_APPLY_PROFILE`.
    pub const APPLY_PROFILE: Rights = Rights(1 << 19);
    /// `ZX_RIGHT_SAME_RIGHTS`: keep the rights unchanged; disables the rights check.
    pub const SAME_RIGHTS: Rights = Rights(1 << 31);
    /// `ZX_RIGHTS_BASIC` = transfer | duplicate | wait | inspect.
    pub const BASIC: Rights =
        Rights(Self::TRANSFER.0 | Self::DUPLICATE.0 | Self::WAIT.0 | Self::INSPECT.0);
    /// `ZX_RIGHTS_IO` = read | write.
    pub const IO: Rights = Rights(Self::READ.0 | Self::WRITE.0);
    /// `ZX_DEFAULT_CHANNEL_RIGHTS` = transfer | wait | inspect | read | write | signal | signal_peer.
    pub const CHANNEL_DEFAULT: Rights = Rights(
        Self::TRANSFER.0
            | Self::WAIT.0
            | Self::INSPECT.0
            | Self::READ.0
            | Self::WRITE.0
            | Self::SIGNAL.0
            | Self::SIGNAL_PEER.0,
    );
    /// `ZX_DEFAULT_EVENT_RIGHTS` = basic | signal.
    pub const EVENT_DEFAULT: Rights = Rights(Self::BASIC.0 | Self::SIGNAL.0);

    /// True when every right in `other` is also in `self`.
    pub const fn contains(self, other: Rights) -> bool {
        self.0 & other.0 == other.0
    }
}

impl std::ops::BitOr for Rights {
    type Output = Rights;
    fn bitor(self, rhs: Rights) -> Rights {
        Rights(self.0 | rhs.0)
    }
}

impl fmt::Debug for Rights {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Rights({:#x})", self.0)
    }
}

/// Why a handle backend could not perform an operation: a Zircon status (`zx_status_t`,
/// negative), which the emulated backend and descriptor tables use too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandleOpError(pub i32);

impl HandleOpError {
    /// The status name (`"ZX_ERR_BAD_HANDLE"`, …), or `None` for a code Zircon does not define.
    pub fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            -1 => "ZX_ERR_INTERNAL",
            -2 => "ZX_ERR_NOT_SUPPORTED",
            -3 => "ZX_ERR_NO_RESOURCES",
            -4 => "ZX_ERR_NO_MEMORY",
            -10 => "ZX_ERR_INVALID_ARGS",
            -11 => "ZX_ERR_BAD_HANDLE",
            -12 => "ZX_ERR_WRONG_TYPE",
            -14 => "ZX_ERR_OUT_OF_RANGE",
            -15 => "ZX_ERR_BUFFER_TOO_SMALL",
            -20 => "ZX_ERR_BAD_STATE",
            -24 => "ZX_ERR_PEER_CLOSED",
            -25 => "ZX_ERR_NOT_FOUND",
            -30 => "ZX_ERR_ACCESS_DENIED",
            -40 => "ZX_ERR_IO",
            _ => return None,
        })
    }
}

impl std::fmt::Display for HandleOpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.name() {
            Some(name) => write!(f, "handle operation failed: {name} ({})", self.0),
            None => write!(f, "handle operation failed: status {}", self.0),
        }
    }
}

impl std::error::Error for HandleOpError {}

/// A handle backend: what closing and replacing a raw handle mean on a platform.
pub trait HandleOps: Send + Sync + 'static {
    /// Closes `raw`. Called exactly once per live handle.
    fn close(&self, raw: u32);
    /// Replaces `raw` by a new handle to the same object with exactly `rights`; `raw` is
    /// invalidated whether or not this succeeds.
    fn replace(&self, raw: u32, rights: Rights) -> Result<u32, HandleOpError>;
    /// A short name for `Debug` output.
    fn name(&self) -> &'static str;
    /// What `Debug` shows for `raw` (the raw value by default).
    fn describe(&self, raw: u32) -> String {
        format!("{}:{raw:#x}", self.name())
    }
}

/// An owned handle. Dropping it closes it.
///
/// The raw value sits in an atomic so that encoding can *move* a handle out of a value it only
/// borrows (`&T`), exactly as a channel write consumes handles; the value is left holding an
/// invalid handle. The atomic swap makes a double move impossible even under races.
pub struct Handle {
    raw: AtomicU32,
    ops: &'static dyn HandleOps,
}

impl Handle {
    /// Takes ownership of `raw`, to be closed through `ops`.
    pub fn from_raw(raw: u32, ops: &'static dyn HandleOps) -> Handle {
        Handle {
            raw: AtomicU32::new(raw),
            ops,
        }
    }

    /// The invalid handle (raw value 0).
    pub fn invalid() -> Handle {
        Handle::from_raw(INVALID_RAW, &NoOps)
    }

    /// The raw value (0 when invalid or moved out).
    pub fn raw(&self) -> u32 {
        self.raw.load(Ordering::Acquire)
    }

    /// True unless this handle is invalid or has been moved out.
    pub fn is_valid(&self) -> bool {
        self.raw() != INVALID_RAW
    }

    /// The backend that owns this handle.
    pub fn ops(&self) -> &'static dyn HandleOps {
        self.ops
    }

    /// Moves the handle out of `self`, leaving `self` invalid. Works through a shared reference
    /// so that encoding a borrowed resource value can transfer its handles.
    pub fn take(&self) -> Handle {
        Handle {
            raw: AtomicU32::new(self.raw.swap(INVALID_RAW, Ordering::AcqRel)),
            ops: self.ops,
        }
    }

    /// Gives up ownership without closing; returns the raw value.
    pub fn into_raw(self) -> u32 {
        let raw = self.raw.swap(INVALID_RAW, Ordering::AcqRel);
        std::mem::forget(self);
        raw
    }

    /// Replaces this handle by one with exactly `rights` (rights reduction).
    pub fn replace(self, rights: Rights) -> Result<Handle, HandleOpError> {
        let ops = self.ops;
        let raw = self.into_raw();
        ops.replace(raw, rights).map(|r| Handle::from_raw(r, ops))
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        let raw = *self.raw.get_mut();
        if raw != INVALID_RAW {
            self.ops.close(raw);
        }
    }
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Handle({})", self.ops.describe(self.raw()))
    }
}

impl PartialEq for Handle {
    /// Two handles are equal when they are the same raw value of the same backend.
    fn eq(&self, other: &Handle) -> bool {
        self.raw() == other.raw() && self.ops.name() == other.ops.name()
    }
}

impl Eq for Handle {}

impl Default for Handle {
    fn default() -> Handle {
        Handle::invalid()
    }
}

struct NoOps;

impl HandleOps for NoOps {
    fn close(&self, _raw: u32) {}
    fn replace(&self, _raw: u32, _rights: Rights) -> Result<u32, HandleOpError> {
        Err(HandleOpError(-10))
    }
    fn name(&self) -> &'static str {
        "none"
    }
}

/// A handle as received: the handle plus its actual object type and rights
/// (`zx_handle_info_t`). Decoding checks these against the declaration.
#[derive(Debug, PartialEq, Eq)]
pub struct HandleInfo {
    /// The handle.
    pub handle: Handle,
    /// Its actual object type.
    pub object_type: ObjectType,
    /// Its actual rights.
    pub rights: Rights,
}

/// A handle as sent: the handle plus the object type and rights the declaration expects
/// (`zx_handle_disposition_t` with a move operation). The transport enforces them.
#[derive(Debug, PartialEq, Eq)]
pub struct HandleDisposition {
    /// The handle being moved.
    pub handle: Handle,
    /// The declared object type ([`ObjectType::NONE`] = any).
    pub object_type: ObjectType,
    /// The declared rights ([`Rights::SAME_RIGHTS`] = unchanged).
    pub rights: Rights,
}

/// Declared handle constraints: expected object type and rights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandleConstraint {
    /// Expected object type ([`ObjectType::NONE`] = any).
    pub object_type: ObjectType,
    /// Expected rights ([`Rights::SAME_RIGHTS`] = any, unchanged).
    pub rights: Rights,
}

impl HandleConstraint {
    /// A constraint on object type and rights.
    pub const fn new(object_type: ObjectType, rights: Rights) -> Self {
        HandleConstraint {
            object_type,
            rights,
        }
    }
}

impl Default for HandleConstraint {
    fn default() -> Self {
        HandleConstraint {
            object_type: ObjectType::NONE,
            rights: Rights::SAME_RIGHTS,
        }
    }
}

/// What receiving a handle must do under `c` (wire-format spec §11.4).
pub(crate) enum RightsCheck {
    Accept,
    Reduce(Rights),
}

pub(crate) fn check_handle(
    c: HandleConstraint,
    ty: ObjectType,
    rights: Rights,
) -> Result<RightsCheck, crate::ErrorKind> {
    if c.object_type != ObjectType::NONE && ty != ObjectType::NONE && c.object_type != ty {
        return Err(crate::ErrorKind::IncorrectHandleType);
    }
    if c.rights == Rights::SAME_RIGHTS || rights == Rights::SAME_RIGHTS || c.rights == rights {
        return Ok(RightsCheck::Accept);
    }
    if !rights.contains(c.rights) {
        return Err(crate::ErrorKind::MissingRequiredHandleRights);
    }
    Ok(RightsCheck::Reduce(c.rights))
}
