//! The transport and protocol error type.
//!
//! Codec problems keep the codec's own [`fidlwire::Error`] (with its GIDL code, offset and field
//! path) inside [`Error::Encode`] / [`Error::Decode`]; everything else is about the channel, the
//! peer or the protocol rules of `bindings.md`.

use crate::status::Status;
use fidlwire::{ObjectType, Rights};
use std::sync::Arc;

/// Everything that can go wrong while talking FIDL. `Clone`, because one failure of a
/// connection is reported to every call that was waiting on it.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Encoding an outgoing message failed (e.g. a string over its bound).
    #[error("encoding failed: {0}")]
    Encode(fidlwire::Error),
    /// A received message failed validation.
    #[error("decoding failed: {0}")]
    Decode(fidlwire::Error),
    /// The message exceeds the per-message byte limit (64 KiB, as Zircon's); nothing was sent.
    #[error("message of {bytes} bytes exceeds the limit of {limit} bytes")]
    MessageTooLarge {
        /// Size of the message.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// The message carries more handles than a channel message may (64); nothing was sent and
    /// every handle was closed.
    #[error("message with {count} handles exceeds the limit of {limit}")]
    TooManyHandles {
        /// Handles in the message.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A received datagram or its descriptors did not fit (`MSG_TRUNC`/`MSG_CTRUNC`); every
    /// descriptor that arrived with it was closed.
    #[error("received message was truncated")]
    Truncated,
    /// A handle to send has another object type than the message declares
    /// (`ZX_ERR_WRONG_TYPE`); nothing was sent and every handle was closed.
    #[error("handle #{index} is a {actual:?}, the message declares {expected:?}")]
    WrongHandleType {
        /// Position in the message's handle table.
        index: usize,
        /// The declared type.
        expected: ObjectType,
        /// The handle's type.
        actual: ObjectType,
    },
    /// A handle to send lacks rights the message declares, or the right to be transferred
    /// (`ZX_ERR_ACCESS_DENIED`); nothing was sent and every handle was closed.
    #[error("handle #{index} lacks rights {missing:?}")]
    MissingHandleRights {
        /// Position in the message's handle table.
        index: usize,
        /// The rights it lacks.
        missing: Rights,
    },
    /// A handle to send is not a descriptor of this crate's handle table (e.g. an emulated
    /// handle), so it cannot cross a socket.
    #[error("handle #{index} is not a file-descriptor handle")]
    ForeignHandle {
        /// Position in the message's handle table.
        index: usize,
    },
    /// The handle is not a channel (an `AF_UNIX` `SOCK_SEQPACKET` socket).
    #[error("the handle is not a channel")]
    NotAChannel,
    /// A message with handles was offered to a byte-stream transport (TCP), which cannot carry
    /// them; nothing was sent and every handle was closed.
    #[error("a message carrying handles ({count}) cannot be sent over a byte stream")]
    HandlesOverStream {
        /// Handles in the message.
        count: usize,
    },
    /// The peer closed the connection; `epitaph` is the status it sent first, if any.
    #[error("peer closed{}", epitaph.map(|s| format!(" with epitaph {s}")).unwrap_or_default())]
    PeerClosed {
        /// The epitaph status, if one was received.
        epitaph: Option<Status>,
    },
    /// The peer does not know this flexible method (the framework error `UNKNOWN_METHOD`).
    #[error("the peer does not know flexible method {ordinal:#x}")]
    UnknownMethod {
        /// The method's ordinal.
        ordinal: u64,
    },
    /// The peer broke the protocol; this end closed the connection.
    #[error("protocol error: {0}")]
    Protocol(#[from] ProtocolError),
    /// A server handler returned this error; the connection was closed.
    #[error("handler failed: {0}")]
    Handler(Arc<dyn std::error::Error + Send + Sync>),
    /// A server handler panicked (with this message); the connection was closed.
    #[error("handler panicked: {0}")]
    Panic(Arc<str>),
    /// A send could not complete within the write timeout (the peer stopped reading); the
    /// connection was closed.
    #[error("the peer did not read for too long")]
    WriteTimeout,
    /// This end shut the connection down (e.g. the server is shutting down).
    #[error("the connection was shut down locally")]
    Shutdown,
    /// An operating-system error.
    #[error("I/O error: {0}")]
    Io(Arc<std::io::Error>),
    /// An operation that needs a tokio runtime was called outside of one.
    #[error("no tokio runtime is running")]
    NoRuntime,
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::Io(Arc::new(e))
    }
}

impl From<rustix::io::Errno> for Error {
    fn from(e: rustix::io::Errno) -> Error {
        Error::Io(Arc::new(e.into()))
    }
}

impl Error {
    /// The status this error corresponds to, as a server would put it in an epitaph.
    pub fn status(&self) -> Status {
        match self {
            Error::Encode(_) | Error::Decode(_) | Error::Truncated | Error::Protocol(_) => {
                Status::INVALID_ARGS
            }
            Error::MessageTooLarge { .. } | Error::TooManyHandles { .. } => Status::INVALID_ARGS,
            Error::WrongHandleType { .. } | Error::NotAChannel => Status::WRONG_TYPE,
            Error::MissingHandleRights { .. } => Status::ACCESS_DENIED,
            Error::ForeignHandle { .. } | Error::HandlesOverStream { .. } => Status::NOT_SUPPORTED,
            Error::PeerClosed { epitaph } => epitaph.unwrap_or(Status::PEER_CLOSED),
            Error::UnknownMethod { .. } => Status::NOT_SUPPORTED,
            Error::Shutdown => Status::CANCELED,
            Error::WriteTimeout => Status::TIMED_OUT,
            Error::Handler(_) | Error::Panic(_) | Error::Io(_) | Error::NoRuntime => {
                Status::INTERNAL
            }
        }
    }

    /// True when the connection is gone (closed by the peer or by this end).
    pub fn is_closed(&self) -> bool {
        matches!(
            self,
            Error::PeerClosed { .. } | Error::Protocol(_) | Error::Shutdown | Error::WriteTimeout
        )
    }
}

/// How a peer broke the protocol rules (`bindings.md` §3–4). The end that detects it closes
/// the connection.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProtocolError {
    /// A message header failed validation (length, magic number, wire-format flag).
    #[error("invalid header: {0}")]
    InvalidHeader(fidlwire::Error),
    /// A reply's txid matches no outstanding call.
    #[error("reply with txid {txid:#x}, which no call is waiting for")]
    UnexpectedTxid {
        /// The reply's txid.
        txid: u32,
    },
    /// A reply's ordinal differs from its call's.
    #[error("reply to {expected:#x} carries ordinal {actual:#x}")]
    WrongReplyOrdinal {
        /// The call's ordinal.
        expected: u64,
        /// The reply's ordinal.
        actual: u64,
    },
    /// An unknown event that the protocol does not allow to ignore (strict, or a closed
    /// protocol).
    #[error("unknown event {ordinal:#x}")]
    UnknownEvent {
        /// The event's ordinal.
        ordinal: u64,
    },
    /// A known event failed to decode.
    #[error("malformed event: {0}")]
    MalformedEvent(fidlwire::Error),
    /// An epitaph with a malformed body.
    #[error("malformed epitaph: {0}")]
    MalformedEpitaph(fidlwire::Error),
    /// A request whose txid contradicts its method (one-way with a txid, two-way without).
    #[error("request {ordinal:#x} with invalid txid {txid:#x}")]
    InvalidRequestTxid {
        /// The request's ordinal.
        ordinal: u64,
        /// Its txid.
        txid: u32,
    },
    /// An unknown method the protocol does not allow to ignore.
    #[error("unknown method {ordinal:#x}")]
    UnknownMethod {
        /// The method's ordinal.
        ordinal: u64,
    },
    /// A request failed to decode.
    #[error("malformed request: {0}")]
    MalformedRequest(fidlwire::Error),
    /// A client sent an epitaph (only servers may).
    #[error("a client sent an epitaph")]
    EpitaphFromClient,
    /// A message arrived after the peer's epitaph.
    #[error("a message arrived after the epitaph")]
    MessageAfterEpitaph,
}
