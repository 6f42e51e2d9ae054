//! `zx.Status`: the status codes epitaphs carry.

use std::fmt;

/// A Zircon status code (`zx_status_t`), as carried by epitaphs (wire-format spec §12.4).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Status(pub i32);

macro_rules! statuses {
    ($($(#[$doc:meta])* $name:ident = $value:literal,)*) => {
        impl Status {
            $($(#[$doc])* pub const $name: Status = Status($value);)*

            /// The constant's name (`"PEER_CLOSED"`), if the code is one of those above.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($value => Some(stringify!($name)),)*
                    _ => None,
                }
            }
        }
    };
}

statuses! {
    /// `ZX_OK`: success (a valid epitaph: the server closed normally).
    OK = 0,
    /// `ZX_ERR_INTERNAL`: the server failed (handler error or panic, dropped responder).
    INTERNAL = -1,
    /// `ZX_ERR_NOT_SUPPORTED`: an unknown method (the framework error `UNKNOWN_METHOD`).
    NOT_SUPPORTED = -2,
    /// `ZX_ERR_NO_RESOURCES`: a resource limit was reached (connections, outstanding calls).
    NO_RESOURCES = -3,
    /// `ZX_ERR_INVALID_ARGS`: the peer sent a malformed message or broke the protocol.
    INVALID_ARGS = -10,
    /// `ZX_ERR_BAD_STATE`: the operation is not valid in the current state.
    BAD_STATE = -20,
    /// `ZX_ERR_TIMED_OUT`: a deadline passed.
    TIMED_OUT = -21,
    /// `ZX_ERR_PEER_CLOSED`: the other end closed.
    PEER_CLOSED = -24,
    /// `ZX_ERR_CANCELED`: the operation was canceled (graceful shutdown).
    CANCELED = -23,
    /// `ZX_ERR_UNAVAILABLE`: the service is not available.
    UNAVAILABLE = -28,
    /// `ZX_ERR_ACCESS_DENIED`: a handle lacks required rights.
    ACCESS_DENIED = -30,
    /// `ZX_ERR_WRONG_TYPE`: a handle has the wrong object type.
    WRONG_TYPE = -12,
}

impl fmt::Debug for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "Status::{name}"),
            None => write!(f, "Status({})", self.0),
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(
                f,
                "ZX_{}{name} ({})",
                if self.0 == 0 { "" } else { "ERR_" },
                self.0
            ),
            None => write!(f, "status {}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Status;

    #[test]
    fn names_and_display() {
        assert_eq!(Status::PEER_CLOSED.name(), Some("PEER_CLOSED"));
        assert_eq!(Status(7).name(), None);
        assert_eq!(Status::OK.to_string(), "ZX_OK (0)");
        assert_eq!(Status::UNAVAILABLE.to_string(), "ZX_ERR_UNAVAILABLE (-28)");
        assert_eq!(format!("{:?}", Status(-99)), "Status(-99)");
    }
}
