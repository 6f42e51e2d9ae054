//! The server side of one connection: a binding (`bindings.md` §4). [`crate::Server`] holds
//! many of them.
//!
//! # Why a handler trait
//!
//! Generated code gives every protocol `P` a trait (`PServer`) with one method per request;
//! [`serve`] reads requests, checks them and calls the trait. A handler object serves one
//! connection and gets `&mut self`, so per-connection state needs no lock, and shared state is
//! whatever the handler holds (an `Arc`). The binding owns the read loop, so it — not every
//! application — enforces the protocol rules, the limit on outstanding two-way requests, panic
//! isolation and graceful shutdown; a request stream would leave each of those to the caller.
//!
//! Requests of one connection are handled in order, one at a time, as Fuchsia's bindings do: a
//! one-way request sent before a two-way one is handled first. A handler that wants to answer
//! later keeps its [`Responder`] and returns; replies can then go out in any order.
//!
//! # What closes a connection, and the epitaph it gets
//!
//! | cause | epitaph |
//! |---|---|
//! | the peer closed | none |
//! | a malformed message, a request whose txid contradicts its method, an epitaph from the client | `ZX_ERR_INVALID_ARGS` |
//! | an unknown strict method, an unknown flexible method of a closed protocol, an unknown flexible two-way method of an ajar protocol | `ZX_ERR_NOT_SUPPORTED` |
//! | the handler returned an error or panicked | `ZX_ERR_INTERNAL` |
//! | a [`Responder`] was dropped without replying | `ZX_ERR_INTERNAL` |
//! | [`ControlHandle::shutdown_with_epitaph`] | the status given |
//!
//! Unknown flexible one-way methods (open and ajar protocols) and unknown flexible two-way
//! methods (open protocols, answered with the framework error `UNKNOWN_METHOD`) keep the
//! connection; their handles are closed first and the handler is told afterwards (wire-format
//! spec §12.6).

use crate::error::{Error, ProtocolError};
use crate::status::Status;
use crate::transport::{Receiver, Sender, Transport};
use fidlwire::header::{HEADER_SIZE, TransactionHeader, unknown_method_reply};
use fidlwire::protocol::{self, Event, MethodKind, OneWay, Openness, TwoWay};
use fidlwire::{HandleInfo, ProtocolMarker, ServerEnd};
use futures_util::FutureExt;
use std::future::Future;
use std::marker::PhantomData;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};

/// The error a handler method may return; it ends the connection (epitaph
/// `ZX_ERR_INTERNAL`) and is what [`serve`] returns.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What every handler method returns.
pub type HandlerResult = Result<(), BoxError>;

/// Outstanding two-way requests (unanswered responders) per connection before the binding
/// stops reading.
pub const DEFAULT_MAX_OUTSTANDING: usize = 256;

/// Why dispatching one request failed.
#[derive(Debug)]
pub enum DispatchError {
    /// The request did not decode.
    Decode(fidlwire::Error),
    /// The handler failed.
    Handler(BoxError),
}

impl From<BoxError> for DispatchError {
    fn from(e: BoxError) -> Self {
        DispatchError::Handler(e)
    }
}

/// How protocol `P` hands a request to a handler of type `S`. Generated code implements it
/// for every `S` implementing the protocol's handler trait.
pub trait Dispatch<S>: ProtocolMarker + Sized {
    /// Decodes `request` and calls the handler method it names. Unknown ordinals reach here
    /// only for tolerated unknown interactions, after the binding handled them.
    fn dispatch<'a>(
        server: &'a mut S,
        request: Incoming<'a, Self>,
    ) -> impl Future<Output = Result<(), DispatchError>> + Send + 'a;
}

/// A request handed to [`Dispatch::dispatch`]: header, body and handles, still encoded.
pub struct Incoming<'a, P: ProtocolMarker> {
    header: TransactionHeader,
    body: &'a [u8],
    handles: Vec<HandleInfo>,
    binding: &'a Arc<Shared>,
    permit: Option<OwnedSemaphorePermit>,
    _p: PhantomData<fn() -> P>,
}

impl<'a, P: ProtocolMarker> Incoming<'a, P> {
    /// The request's ordinal.
    pub fn ordinal(&self) -> u64 {
        self.header.ordinal
    }

    /// The request's header.
    pub fn header(&self) -> &TransactionHeader {
        &self.header
    }

    /// One-way or two-way, by the txid (for unknown methods).
    pub fn kind(&self) -> MethodKind {
        if self.header.txid == 0 {
            MethodKind::OneWay
        } else {
            MethodKind::TwoWay
        }
    }

    /// Decodes the request of one-way method `M`.
    pub fn one_way<M: OneWay<Protocol = P>>(self) -> Result<M::Request, DispatchError> {
        protocol::decode_body(self.body, self.handles).map_err(DispatchError::Decode)
    }

    /// Decodes the request of two-way method `M` and gives the responder for its reply.
    pub fn two_way<M: TwoWay<Protocol = P>>(
        self,
    ) -> Result<(M::Request, Responder<M>), DispatchError> {
        let request = protocol::decode_body(self.body, self.handles);
        let responder = Responder {
            binding: self.binding.clone(),
            txid: self.header.txid,
            permit: self.permit,
            answered: false,
            _m: PhantomData,
        };
        match request {
            Ok(request) => Ok((request, responder)),
            Err(e) => {
                responder.forget(); // the connection closes for the decode error instead
                Err(DispatchError::Decode(e))
            }
        }
    }

    /// The control handle of the connection.
    pub fn control_handle(&self) -> ControlHandle<P> {
        ControlHandle::new(self.binding.clone())
    }
}

/// What a binding shares with its responders and control handles.
pub(crate) struct Shared {
    sender: Sender,
    closed: AtomicBool,
    closed_notify: Notify,
    write_timeout: Option<Duration>,
}

impl Shared {
    /// Closes the connection once; later calls do nothing.
    pub(crate) fn close(&self, epitaph: Option<Status>) {
        if !self.closed.swap(true, Ordering::AcqRel) {
            self.sender.close(epitaph.map(|s| s.0));
            self.closed_notify.notify_waiters();
        }
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }

    /// Completes once the connection is closed.
    async fn wait_closed(&self) {
        loop {
            let notified = self.closed_notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.is_closed() {
                return;
            }
            notified.await;
        }
    }

    /// Sends a message; a peer that does not take it within the write timeout is cut off.
    async fn send(
        &self,
        bytes: &[u8],
        handles: Vec<fidlwire::HandleDisposition>,
    ) -> Result<(), Error> {
        if self.is_closed() {
            return Err(Error::Shutdown);
        }
        let Some(limit) = self.write_timeout else {
            return self.sender.send(bytes, handles).await;
        };
        match tokio::time::timeout(limit, self.sender.send(bytes, handles)).await {
            Ok(result) => result,
            Err(_elapsed) => {
                self.close(None);
                Err(Error::WriteTimeout)
            }
        }
    }
}

/// Sends events and closes the connection, from anywhere (cheap to clone).
pub struct ControlHandle<P: ProtocolMarker> {
    binding: Arc<Shared>,
    _p: PhantomData<fn() -> P>,
}

impl<P: ProtocolMarker> Clone for ControlHandle<P> {
    fn clone(&self) -> Self {
        ControlHandle::new(self.binding.clone())
    }
}

impl<P: ProtocolMarker> std::fmt::Debug for ControlHandle<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ControlHandle")
            .field("protocol", &P::NAME)
            .field("closed", &self.is_closed())
            .finish()
    }
}

impl<P: ProtocolMarker> ControlHandle<P> {
    fn new(binding: Arc<Shared>) -> Self {
        ControlHandle {
            binding,
            _p: PhantomData,
        }
    }

    /// Sends event `M`, waiting while the client's buffer is full.
    pub async fn send_event<M: Event<Protocol = P>>(
        &self,
        event: &M::Request,
    ) -> Result<(), Error> {
        let (mut bytes, mut handles) = (Vec::new(), Vec::new());
        protocol::encode_request::<M>(0, event, &mut bytes, &mut handles).map_err(Error::Encode)?;
        self.binding.send(&bytes, handles).await
    }

    /// Closes the connection with an epitaph carrying `status` (sent if the client's buffer has
    /// room; the closure itself always reaches it). Later sends fail with [`Error::Shutdown`].
    pub fn shutdown_with_epitaph(&self, status: Status) {
        self.binding.close(Some(status));
    }

    /// Closes the connection without an epitaph.
    pub fn shutdown(&self) {
        self.binding.close(None);
    }

    /// True once the connection is closed (by either end).
    pub fn is_closed(&self) -> bool {
        self.binding.is_closed()
    }
}

/// The reply to one two-way request of method `M`.
///
/// Replying consumes it. **Dropping it without replying closes the connection with epitaph
/// `ZX_ERR_INTERNAL`**, as Fuchsia's Rust bindings do, so a client never waits forever for a
/// reply that cannot come.
pub struct Responder<M: TwoWay> {
    binding: Arc<Shared>,
    txid: u32,
    permit: Option<OwnedSemaphorePermit>,
    answered: bool,
    _m: PhantomData<fn() -> M>,
}

impl<M: TwoWay> std::fmt::Debug for Responder<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Responder")
            .field("method", &M::NAME)
            .field("txid", &self.txid)
            .finish()
    }
}

impl<M: TwoWay> Responder<M> {
    /// Sends the reply. If it cannot be encoded (a value over its bounds), the connection
    /// closes with `ZX_ERR_INTERNAL` as for a dropped responder, and the error is returned.
    pub async fn send(mut self, output: M::Output) -> Result<(), Error> {
        let response = M::from_output(output);
        let (mut bytes, mut handles) = (Vec::new(), Vec::new());
        protocol::encode_response::<M>(self.txid, &response, &mut bytes, &mut handles)
            .map_err(Error::Encode)?;
        self.answered = true;
        let permit = self.permit.take();
        let result = self.binding.send(&bytes, handles).await;
        drop(permit);
        result
    }

    /// The control handle of the connection this request came from.
    pub fn control_handle(&self) -> ControlHandle<M::Protocol> {
        ControlHandle::new(self.binding.clone())
    }

    /// The request's txid.
    pub fn txid(&self) -> u32 {
        self.txid
    }

    fn forget(mut self) {
        self.answered = true;
    }
}

impl<M: TwoWay> Drop for Responder<M> {
    fn drop(&mut self) {
        if !self.answered {
            self.binding.close(Some(Status::INTERNAL));
        }
    }
}

/// Options of one binding.
#[derive(Debug, Clone, Copy)]
pub struct ServeOptions {
    /// Unanswered two-way requests allowed before the binding stops reading (backpressure).
    pub max_outstanding: usize,
    /// How long one send (reply or event) may wait for a client that does not read before
    /// the connection is closed ([`Error::WriteTimeout`]); `None` waits forever.
    pub write_timeout: Option<Duration>,
}

/// Default of [`ServeOptions::write_timeout`].
pub const DEFAULT_WRITE_TIMEOUT: Duration = Duration::from_secs(30);

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            max_outstanding: DEFAULT_MAX_OUTSTANDING,
            write_timeout: Some(DEFAULT_WRITE_TIMEOUT),
        }
    }
}

/// One server connection of protocol `P`, not yet serving: take its [`ControlHandle`] first if
/// the handler needs to send events.
pub struct Binding<P: ProtocolMarker> {
    shared: Arc<Shared>,
    receiver: Receiver,
    options: ServeOptions,
    _p: PhantomData<fn() -> P>,
}

impl<P: ProtocolMarker> std::fmt::Debug for Binding<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Binding")
            .field("protocol", &P::NAME)
            .field("options", &self.options)
            .finish()
    }
}

impl<P: ProtocolMarker> Binding<P> {
    /// A binding on `server_end`. Must be called inside a tokio runtime.
    pub fn new(server_end: ServerEnd<P>) -> Result<Self, Error> {
        let channel = crate::Channel::from_handle(server_end.into_handle())?;
        Ok(Self::from_transport(Transport::channel(channel)?))
    }

    /// A binding on any transport, with default options.
    pub fn from_transport(transport: Transport) -> Self {
        Self::with_options(transport, ServeOptions::default())
    }

    /// A binding on any transport.
    pub fn with_options(transport: Transport, options: ServeOptions) -> Self {
        Binding {
            shared: Arc::new(Shared {
                sender: transport.sender,
                closed: AtomicBool::new(false),
                closed_notify: Notify::new(),
                write_timeout: options.write_timeout,
            }),
            receiver: transport.receiver,
            options,
            _p: PhantomData,
        }
    }

    pub(crate) fn shared(&self) -> Arc<Shared> {
        self.shared.clone()
    }

    /// The connection's control handle.
    pub fn control_handle(&self) -> ControlHandle<P> {
        ControlHandle::new(self.shared.clone())
    }

    /// Serves requests with `server` until the connection closes. `Ok` when the client closed
    /// or the server shut the connection down; otherwise the error that closed it (after the
    /// epitaph of the table in the module docs was sent).
    pub async fn serve<S: Send>(self, server: S) -> Result<(), Error>
    where
        P: Dispatch<S>,
    {
        self.serve_until(server, std::future::pending()).await
    }

    /// Like [`Binding::serve`], and when `stop` completes, drains: stops reading requests, lets
    /// the requests already taken finish (their responders reply), then closes the connection
    /// with epitaph `ZX_ERR_UNAVAILABLE`. Closing the connection (e.g. through its control
    /// handle) cuts the wait short.
    pub async fn serve_until<S: Send>(
        self,
        mut server: S,
        stop: impl Future<Output = ()> + Send,
    ) -> Result<(), Error>
    where
        P: Dispatch<S>,
    {
        let Binding {
            shared,
            mut receiver,
            options,
            ..
        } = self;
        let max_outstanding = options.max_outstanding.clamp(1, Semaphore::MAX_PERMITS);
        let outstanding = Arc::new(Semaphore::new(max_outstanding));
        let mut buf = Vec::new();
        tokio::pin!(stop);
        let result = loop {
            let received = tokio::select! {
                biased;
                () = &mut stop => {
                    tokio::select! {
                        _ = outstanding.acquire_many(max_outstanding as u32) => {}
                        () = shared.wait_closed() => {}
                    }
                    shared.close(Some(Status::UNAVAILABLE));
                    return Ok(());
                }
                r = receiver.recv(&mut buf) => r,
            };
            let (len, handles) = match received {
                Ok(Some(message)) => message,
                Ok(None) => break Ok(()),
                Err(e) if shared.is_closed() => break closed_locally(e),
                Err(e) => break Err((e, Some(Status::INVALID_ARGS))),
            };
            if shared.is_closed() {
                break Ok(()); // shut down by a control handle or responder
            }
            if let Err(failure) =
                on_request::<P, S>(&shared, &outstanding, &mut server, &buf[..len], handles).await
            {
                break Err(failure);
            }
        };
        match result.or_else(|(e, epitaph)| closed_locally(e).map_err(|(e, _)| (e, epitaph))) {
            Ok(()) => {
                shared.close(None);
                Ok(())
            }
            Err((error, epitaph)) => {
                shared.close(epitaph);
                Err(error)
            }
        }
    }
}

/// Ends caused by the connection closing are not failures of the binding.
fn closed_locally(e: Error) -> Result<(), (Error, Option<Status>)> {
    match e {
        Error::PeerClosed { .. } | Error::Shutdown => Ok(()),
        e => Err((e, None)),
    }
}

type Failure = (Error, Option<Status>);

async fn on_request<P: Dispatch<S>, S: Send>(
    shared: &Arc<Shared>,
    outstanding: &Arc<Semaphore>,
    server: &mut S,
    message: &[u8],
    handles: Vec<HandleInfo>,
) -> Result<(), Failure> {
    let invalid = |e: ProtocolError| (Error::Protocol(e), Some(Status::INVALID_ARGS));
    let (header, body) =
        TransactionHeader::parse(message).map_err(|e| invalid(ProtocolError::InvalidHeader(e)))?;
    if header.is_epitaph() {
        return Err(invalid(ProtocolError::EpitaphFromClient));
    }
    let known = protocol::method_info::<P>(header.ordinal).filter(|m| m.kind != MethodKind::Event);
    let (body, handles, permit) = match known {
        Some(info) => {
            let two_way = info.kind == MethodKind::TwoWay;
            // The strictness flag is deliberately not checked for known methods (it may change
            // in a strict <-> flexible migration); the txid must fit the method.
            if two_way != (header.txid != 0) {
                return Err(invalid(ProtocolError::InvalidRequestTxid {
                    ordinal: header.ordinal,
                    txid: header.txid,
                }));
            }
            let permit = if two_way {
                outstanding.clone().acquire_owned().await.ok()
            } else {
                None
            };
            (body, handles, permit)
        }
        None => {
            // Unknown interaction (wire-format spec §12.6): close its handles, then reply or
            // close, then tell the handler.
            drop(handles);
            let two_way = header.txid != 0;
            let tolerated = header.is_flexible()
                && match P::OPENNESS {
                    Openness::Open => true,
                    Openness::Ajar => !two_way,
                    Openness::Closed => false,
                };
            if !tolerated {
                return Err((
                    Error::Protocol(ProtocolError::UnknownMethod {
                        ordinal: header.ordinal,
                    }),
                    Some(Status::NOT_SUPPORTED),
                ));
            }
            if two_way {
                let reply = unknown_method_reply(&header);
                if let Err(e) = shared.send(&reply, Vec::new()).await {
                    return Err((e, None));
                }
            }
            (&message[HEADER_SIZE..HEADER_SIZE], Vec::new(), None)
        }
    };
    let incoming = Incoming {
        header,
        body,
        handles,
        binding: shared,
        permit,
        _p: PhantomData,
    };
    match AssertUnwindSafe(P::dispatch(server, incoming))
        .catch_unwind()
        .await
    {
        Ok(Ok(())) => Ok(()),
        Ok(Err(DispatchError::Decode(e))) => Err(invalid(ProtocolError::MalformedRequest(e))),
        Ok(Err(DispatchError::Handler(e))) => match e.downcast::<Error>() {
            // A reply or event that could not be sent because the connection is gone (the
            // client left mid-call, or the binding was closed): the connection simply ends.
            Ok(e) if matches!(*e, Error::PeerClosed { .. } | Error::Shutdown) => Err((*e, None)),
            // A client that stopped reading: already cut off, nothing more to send.
            Ok(e) if matches!(*e, Error::WriteTimeout) => Err((*e, None)),
            Ok(e) => Err((Error::Handler(Arc::new(*e)), Some(Status::INTERNAL))),
            Err(e) => Err((Error::Handler(Arc::from(e)), Some(Status::INTERNAL))),
        },
        Err(panic) => Err((
            Error::Panic(Arc::from(panic_message(&*panic))),
            Some(Status::INTERNAL),
        )),
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "a handler panicked".to_string()
    }
}

/// Serves `server_end` with `server` until the connection closes (see [`Binding::serve`]).
pub async fn serve<P: Dispatch<S>, S: Send>(
    server_end: ServerEnd<P>,
    server: S,
) -> Result<(), Error> {
    Binding::new(server_end)?.serve(server).await
}

/// Serves `server_end` with `server` on a new task — e.g. a `server_end` that arrived inside a
/// request (request pipelining). The task's result says how the connection ended.
pub fn spawn<P, S>(
    server_end: ServerEnd<P>,
    server: S,
) -> Result<tokio::task::JoinHandle<Result<(), Error>>, Error>
where
    P: Dispatch<S>,
    S: Send + 'static,
{
    let binding = Binding::new(server_end)?;
    Ok(tokio::spawn(binding.serve(server)))
}
