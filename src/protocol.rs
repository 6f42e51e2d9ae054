//! Protocols without I/O: what every method is, and typed transactional messages.
//!
//! Generated code describes each method of a protocol with a zero-sized type implementing
//! [`Method`] (and [`TwoWay`] for methods with a response): its ordinal, strictness, kind and
//! body types. Everything a transport needs follows from those types, so a message can only be
//! encoded with the header its method requires, and decoding a body checks that the header's
//! ordinal is the method's ([`ErrorKind::UnexpectedOrdinal`] otherwise): decoding one method's
//! body with another method's type is a typed error, never a silent misread.
//!
//! ```
//! use fidlwire::protocol::{self, Method, MethodKind, TwoWay};
//! use fidlwire::{Struct, TransactionHeader};
//!
//! # #[derive(Debug, Clone, Copy)] struct EchoMarker;
//! # impl fidlwire::ProtocolMarker for EchoMarker {
//! #     const NAME: &'static str = "test.echo.Echo";
//! #     const METHODS: &'static [protocol::MethodInfo] = &[Ping::INFO];
//! #     type Request = protocol::NoMessages;
//! #     type Event = protocol::NoMessages;
//! # }
//! #[derive(Struct, Debug, PartialEq)]
//! struct PingRequest { value: u64 }
//!
//! /// What generated code writes for `strict Ping(struct { value uint64; }) -> (...)`.
//! struct Ping;
//! impl Method for Ping {
//!     type Protocol = EchoMarker;
//!     const NAME: &'static str = "Ping";
//!     const ORDINAL: u64 = 0x1234;
//!     const STRICT: bool = true;
//!     const KIND: MethodKind = MethodKind::TwoWay;
//!     type Request = PingRequest;
//! }
//!
//! let (mut bytes, mut handles) = (Vec::new(), Vec::new());
//! protocol::encode_request::<Ping>(7, &PingRequest { value: 42 }, &mut bytes, &mut handles)?;
//! assert_eq!(&bytes[..16], &TransactionHeader::new(7, 0x1234, false).to_bytes());
//!
//! let (header, request) = protocol::decode_request::<Ping>(&bytes, Vec::new())?;
//! assert_eq!((header.txid, request), (7, PingRequest { value: 42 }));
//! # Ok::<(), fidlwire::Error>(())
//! ```

use crate::Result;
use crate::decode::DecodeOptions;
use crate::encode::Encoder;
use crate::endpoint::ProtocolMarker;
use crate::error::{ErrorKind, err};
use crate::fidl::FrameworkErr;
use crate::handle::{HandleDisposition, HandleInfo};
use crate::header::{self, HEADER_SIZE, TransactionHeader};
use crate::wire::{Decode, Encode};

/// Whether a protocol accepts interactions it does not know (RFC-0138).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Openness {
    /// Unknown flexible one-way and two-way methods and events are allowed.
    Open,
    /// Unknown flexible one-way methods and events are allowed; two-way ones are not.
    Ajar,
    /// Every unknown interaction is a protocol error.
    Closed,
}

/// The three kinds of interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MethodKind {
    /// A request without a response (`Method(...)`); txid 0.
    OneWay,
    /// A request with a response (`Method(...) -> (...)`); nonzero txid.
    TwoWay,
    /// A message from server to client (`-> Event(...)`); txid 0.
    Event,
}

/// A method's metadata as a value, for dispatch tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MethodInfo {
    /// The FIDL name.
    pub name: &'static str,
    /// The ordinal.
    pub ordinal: u64,
    /// One-way, two-way or event.
    pub kind: MethodKind,
    /// `strict` (false: `flexible`).
    pub strict: bool,
}

/// A method or event of protocol [`Method::Protocol`]. Generated code implements it for one
/// zero-sized type per method.
pub trait Method: 'static {
    /// The protocol the method belongs to.
    type Protocol: ProtocolMarker;
    /// The FIDL name.
    const NAME: &'static str;
    /// The ordinal in the transaction header.
    const ORDINAL: u64;
    /// `strict`; flexible methods set the dynamic flexible flag in their headers.
    const STRICT: bool;
    /// One-way, two-way or event.
    const KIND: MethodKind;
    /// The body of the request (of the event, for events); `()` when there is no payload.
    type Request: Body;

    /// This method as a [`MethodInfo`].
    const INFO: MethodInfo = MethodInfo {
        name: Self::NAME,
        ordinal: Self::ORDINAL,
        kind: Self::KIND,
        strict: Self::STRICT,
    };

    /// The header of a message of this method carrying `txid`.
    fn header(txid: u32) -> TransactionHeader {
        TransactionHeader::new(txid, Self::ORDINAL, !Self::STRICT)
    }
}

/// A one-way method (generated code implements it beside [`Method`]); only these can be sent
/// without waiting for a reply.
pub trait OneWay: Method {}

/// An event (generated code implements it beside [`Method`]); only servers send these.
pub trait Event: Method {}

/// A two-way method: its response body, and what a caller sees of it.
pub trait TwoWay: Method {
    /// The body of the response on the wire: the payload, or the result union for methods
    /// declared with `error` or `flexible`; `()` when there is no payload.
    type Response: Body;
    /// What the caller gets: the success payload (`()` when empty), as `Result<T, E>` for
    /// methods declared with `error`.
    type Output;

    /// Splits a response into the caller's output, or the framework error a flexible method's
    /// result union may carry (the peer did not know the method).
    fn into_output(response: Self::Response) -> Result<Self::Output, FrameworkErr>;

    /// The response body that sends `output`.
    fn from_output(output: Self::Output) -> Self::Response;
}

/// The body of a transactional message: a FIDL type, or `()` for methods without payload
/// (whose messages are exactly the 16-byte header).
pub trait Body: Sized {
    /// The zero-copy view of the body.
    type View<'a>;

    /// Encodes the body right after the header already in `e`.
    fn encode_body(&self, e: &mut Encoder<'_>) -> Result<()>;

    /// Decodes an owned body (offsets in errors count from the body's start).
    fn decode_body(body: &[u8], handles: Vec<HandleInfo>) -> Result<Self>;

    /// Validates the body in place and views it (offsets count from the body's start).
    fn view_body<'a>(
        body: &'a mut [u8],
        handles: &'a mut Vec<HandleInfo>,
    ) -> Result<Self::View<'a>>;
}

impl<T: Encode + Decode> Body for T {
    type View<'a> = T::View<'a>;

    fn encode_body(&self, e: &mut Encoder<'_>) -> Result<()> {
        // A V2 body refers to no absolute offsets, so encoding it after the 8-aligned header in
        // the same buffer is exactly encoding it alone.
        let offset = e.alloc(T::INLINE_SIZE, 0)?;
        self.encode(e, offset, 0, T::Constraint::default())
    }

    fn decode_body(body: &[u8], handles: Vec<HandleInfo>) -> Result<Self> {
        DecodeOptions::default().decode_with_handles(body, handles)
    }

    fn view_body<'a>(
        body: &'a mut [u8],
        handles: &'a mut Vec<HandleInfo>,
    ) -> Result<Self::View<'a>> {
        DecodeOptions::default().view_with_handles::<T>(body, handles)
    }
}

impl Body for () {
    type View<'a> = ();

    fn encode_body(&self, _: &mut Encoder<'_>) -> Result<()> {
        Ok(())
    }

    /// A method without payload has no body: any byte or handle is one too many (the
    /// handles are closed).
    fn decode_body(body: &[u8], handles: Vec<HandleInfo>) -> Result<()> {
        if !body.is_empty() {
            return err(ErrorKind::TooManyBytesInMessage, 0);
        }
        if !handles.is_empty() {
            return err(ErrorKind::TooManyHandlesInMessage, 0);
        }
        Ok(())
    }

    fn view_body<'a>(body: &'a mut [u8], handles: &'a mut Vec<HandleInfo>) -> Result<()> {
        Self::decode_body(body, std::mem::take(handles))
    }
}

/// A decoded message of a protocol, one variant per method: generated request and event
/// enums implement it by dispatching on the header's ordinal.
pub trait DecodeMessage: Sized {
    /// Decodes the body of a message whose header is `header`. An ordinal that names no
    /// method of this set is [`ErrorKind::UnexpectedOrdinal`] (at the header's ordinal field);
    /// body errors count offsets from the message start. On error every handle is closed.
    fn decode_message(
        header: &TransactionHeader,
        body: &[u8],
        handles: Vec<HandleInfo>,
    ) -> Result<Self>;

    /// The value reporting an unknown flexible interaction with `ordinal` to the application,
    /// for sets that have one (events of open and ajar protocols).
    fn unknown(ordinal: u64) -> Option<Self> {
        let _ = ordinal;
        None
    }
}

/// The message set of a protocol without requests or events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoMessages {}

impl DecodeMessage for NoMessages {
    fn decode_message(_: &TransactionHeader, _: &[u8], _: Vec<HandleInfo>) -> Result<Self> {
        err(ErrorKind::UnexpectedOrdinal, ORDINAL_OFFSET)
    }
}

/// Where the ordinal sits in a transactional message (errors about it point there).
pub const ORDINAL_OFFSET: usize = 8;

/// Encodes a request of method `M` (one-way: `txid` must be 0; two-way: nonzero), reusing
/// `bytes` and `handles`. On error both are cleared and every handle of `request` is closed.
pub fn encode_request<M: Method>(
    txid: u32,
    request: &M::Request,
    bytes: &mut Vec<u8>,
    handles: &mut Vec<HandleDisposition>,
) -> Result<()> {
    encode_with(&M::header(txid), request, bytes, handles)
}

/// Encodes the response of two-way method `M` to the request with `txid`.
pub fn encode_response<M: TwoWay>(
    txid: u32,
    response: &M::Response,
    bytes: &mut Vec<u8>,
    handles: &mut Vec<HandleDisposition>,
) -> Result<()> {
    encode_with(&M::header(txid), response, bytes, handles)
}

/// Encodes `body` after `header` into reused buffers.
pub fn encode_with<B: Body>(
    header: &TransactionHeader,
    body: &B,
    bytes: &mut Vec<u8>,
    handles: &mut Vec<HandleDisposition>,
) -> Result<()> {
    let mut e = header::encoder_after_header(header, bytes, handles);
    let r = body.encode_body(&mut e);
    if r.is_err() {
        bytes.clear();
        handles.clear();
    }
    r
}

/// Parses the header of `message` and checks that it belongs to method `M`.
pub fn parse_header<M: Method>(message: &[u8]) -> Result<(TransactionHeader, &[u8])> {
    let (header, body) = TransactionHeader::parse(message)?;
    if header.ordinal != M::ORDINAL {
        return err(ErrorKind::UnexpectedOrdinal, ORDINAL_OFFSET);
    }
    Ok((header, body))
}

/// Decodes a whole request (or event) message of method `M`: header checks, the ordinal must
/// be `M`'s, then the body. Error offsets count from the message start. On error every handle
/// is closed.
pub fn decode_request<M: Method>(
    message: &[u8],
    handles: Vec<HandleInfo>,
) -> Result<(TransactionHeader, M::Request)> {
    let (header, body) = parse_header::<M>(message)?;
    Ok((header, decode_body::<M::Request>(body, handles)?))
}

/// Decodes a whole response message of two-way method `M` (see [`decode_request`]).
pub fn decode_response<M: TwoWay>(
    message: &[u8],
    handles: Vec<HandleInfo>,
) -> Result<(TransactionHeader, M::Response)> {
    let (header, body) = parse_header::<M>(message)?;
    Ok((header, decode_body::<M::Response>(body, handles)?))
}

/// Decodes the body of a message (the bytes after the header) as a `B`; error offsets count
/// from the message start.
pub fn decode_body<B: Body>(body: &[u8], handles: Vec<HandleInfo>) -> Result<B> {
    B::decode_body(body, handles).map_err(|e| e.shifted(HEADER_SIZE))
}

/// Validates a whole request (or event) message of method `M` in place and views its body.
/// Error offsets count from the message start; on error every handle is closed.
pub fn view_request<'a, M: Method>(
    message: &'a mut [u8],
    handles: &'a mut Vec<HandleInfo>,
) -> Result<(TransactionHeader, <M::Request as Body>::View<'a>)> {
    let (header, _) = parse_header::<M>(message)?;
    let body = &mut message[HEADER_SIZE..];
    let view = M::Request::view_body(body, handles).map_err(|e| e.shifted(HEADER_SIZE))?;
    Ok((header, view))
}

/// Validates a whole response message of two-way method `M` in place and views its body.
pub fn view_response<'a, M: TwoWay>(
    message: &'a mut [u8],
    handles: &'a mut Vec<HandleInfo>,
) -> Result<(TransactionHeader, <M::Response as Body>::View<'a>)> {
    let (header, _) = parse_header::<M>(message)?;
    let body = &mut message[HEADER_SIZE..];
    let view = M::Response::view_body(body, handles).map_err(|e| e.shifted(HEADER_SIZE))?;
    Ok((header, view))
}

/// The [`MethodInfo`] of `ordinal` in protocol `P`, if `P` declares it.
pub fn method_info<P: ProtocolMarker>(ordinal: u64) -> Option<&'static MethodInfo> {
    P::METHODS.iter().find(|m| m.ordinal == ordinal)
}
