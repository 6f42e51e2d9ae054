//! The client side of a protocol: typed calls, one-way sends and events (`bindings.md` §3).
//!
//! A [`Client`] owns one connection. A reader task (spawned on the current tokio runtime)
//! matches replies to calls by txid and queues events; callers write their own requests, so
//! any number of calls can be outstanding and replies may come in any order. The client closes
//! the connection and fails every pending call when the peer breaks the protocol: a reply
//! whose txid no call is waiting for, a reply with another ordinal than its call, an unknown
//! strict event (or any unknown event of a closed protocol), a malformed event or header. When
//! the peer closes, pending calls fail with [`Error::PeerClosed`] carrying its epitaph, if it
//! sent one.
//!
//! A call's request is written when its future is first polled; futures polled one after
//! another write in that order. Dropping a call's future abandons it: its reply, when it comes,
//! is discarded (and its handles closed).

use crate::error::{Error, ProtocolError};
use crate::transport::{Receiver, Sender, Transport};
use fidlwire::header::{TransactionHeader, decode_epitaph};
use fidlwire::protocol::{self, DecodeMessage, MethodKind, OneWay, Openness, TwoWay};
use fidlwire::{ClientEnd, HandleInfo, ProtocolMarker};
use std::collections::HashMap;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use tokio::sync::{Notify, mpsc, oneshot};

/// Events buffered before the event stream is taken (later ones are dropped), and buffered
/// for a taken stream before the reader waits for it (backpressure).
pub const EVENT_BUFFER: usize = 64;

/// A client of protocol `P` over one connection. Cloning shares the connection; the
/// connection closes when the last clone (and the event stream) is dropped.
pub struct Client<P: ProtocolMarker> {
    user: Arc<UserHandle<P>>,
}

impl<P: ProtocolMarker> Clone for Client<P> {
    fn clone(&self) -> Self {
        Client {
            user: self.user.clone(),
        }
    }
}

impl<P: ProtocolMarker> std::fmt::Debug for Client<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("protocol", &P::NAME)
            .field("closed", &self.user.shared.closed_reason())
            .finish()
    }
}

/// Held by every user-facing value; when the last one goes, the reader is told to stop.
struct UserHandle<P: ProtocolMarker> {
    shared: Arc<Shared<P>>,
}

impl<P: ProtocolMarker> Drop for UserHandle<P> {
    fn drop(&mut self) {
        self.shared.stop.notify_one();
    }
}

type Reply = Result<(Vec<u8>, Vec<HandleInfo>), Error>;

/// The queue between the reader and the event stream.
type EventQueue<P> = mpsc::Receiver<Result<<P as ProtocolMarker>::Event, Error>>;

struct Shared<P: ProtocolMarker> {
    sender: Sender,
    state: Mutex<State>,
    /// Tells the reader to stop (all users gone).
    stop: Notify,
    /// Signalled when the connection closes.
    closed_notify: Notify,
    /// Per-call sequence numbers, so that a call only ever touches its own slot.
    seq: AtomicU64,
    events_taken: AtomicBool,
    events: Mutex<Option<EventQueue<P>>>,
}

struct State {
    calls: HashMap<u32, Call>,
    next_txid: u32,
    closed: Option<Error>,
}

struct Call {
    seq: u64,
    ordinal: u64,
    /// `None` once the caller gave up (its future was dropped).
    reply: Option<oneshot::Sender<Reply>>,
}

impl<P: ProtocolMarker> Shared<P> {
    fn closed_reason(&self) -> Option<Error> {
        self.lock().closed.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // No code path panics while holding the lock; recover the data if one ever does.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Closes the connection for good: records why, fails every pending call, shuts the
    /// socket down.
    fn close(&self, reason: Error) {
        let calls = {
            let mut st = self.lock();
            if st.closed.is_none() {
                st.closed = Some(reason.clone());
            }
            std::mem::take(&mut st.calls)
        };
        for call in calls.into_values() {
            if let Some(tx) = call.reply {
                let _ = tx.send(Err(reason.clone()));
            }
        }
        self.sender.close(None);
        self.closed_notify.notify_waiters();
    }

    /// Sends a message. A peer that is gone usually left an epitaph in the socket, which the
    /// reader is about to see: report the reason the reader records (briefly waited for)
    /// rather than a bare "peer closed".
    async fn send(&self, bytes: &[u8], handles: Vec<HandleInfoOut>) -> Result<(), Error> {
        match self.sender.send(bytes, handles).await {
            Err(Error::PeerClosed { epitaph: None }) => {
                let reason = async {
                    loop {
                        let notified = self.closed_notify.notified();
                        tokio::pin!(notified);
                        notified.as_mut().enable();
                        if let Some(reason) = self.closed_reason() {
                            return reason;
                        }
                        notified.await;
                    }
                };
                Err(tokio::time::timeout(CLOSE_REASON_WAIT, reason)
                    .await
                    .unwrap_or(Error::PeerClosed { epitaph: None }))
            }
            other => other,
        }
    }
}

/// How long a failed send waits for the reader to learn why the peer closed.
const CLOSE_REASON_WAIT: std::time::Duration = std::time::Duration::from_secs(1);

type HandleInfoOut = fidlwire::HandleDisposition;

impl<P: ProtocolMarker> Client<P> {
    /// A client speaking over `client_end`. Must be called inside a tokio runtime: the reader
    /// task is spawned on it.
    pub fn new(client_end: ClientEnd<P>) -> Result<Client<P>, Error> {
        let channel = crate::Channel::from_handle(client_end.into_handle())?;
        Ok(Client::from_transport(Transport::channel(channel)?))
    }

    /// A client of the server listening on the Unix socket `path` (see [`crate::Listener`]).
    pub async fn connect(path: impl AsRef<std::path::Path>) -> Result<Client<P>, Error> {
        let channel = crate::connect(path).await?;
        Ok(Client::from_transport(Transport::channel(channel)?))
    }

    /// A client of a TCP server (length-prefixed messages; the protocol's messages must carry
    /// no handles, or sending them fails with [`Error::HandlesOverStream`]).
    pub async fn connect_tcp(addr: impl tokio::net::ToSocketAddrs) -> Result<Client<P>, Error> {
        let stream = tokio::net::TcpStream::connect(addr).await?;
        Ok(Client::from_transport(Transport::tcp(stream)?))
    }

    /// A client over any transport (a channel, or a TCP stream for handle-free protocols).
    pub fn from_transport(transport: Transport) -> Client<P> {
        let (events_tx, events_rx) = mpsc::channel(EVENT_BUFFER);
        let shared = Arc::new(Shared {
            sender: transport.sender,
            state: Mutex::new(State {
                calls: HashMap::new(),
                next_txid: 1,
                closed: None,
            }),
            stop: Notify::new(),
            closed_notify: Notify::new(),
            seq: AtomicU64::new(0),
            events_taken: AtomicBool::new(false),
            events: Mutex::new(Some(events_rx)),
        });
        tokio::spawn(read_loop(shared.clone(), transport.receiver, events_tx));
        Client {
            user: Arc::new(UserHandle { shared }),
        }
    }

    /// Calls two-way method `M` and waits for its reply. Methods declared with `error` give
    /// `Ok(Err(e))` for the application error; a flexible method the server does not know gives
    /// [`Error::UnknownMethod`].
    pub async fn call<M: TwoWay<Protocol = P>>(
        &self,
        request: &M::Request,
    ) -> Result<M::Output, Error> {
        let (bytes, handles) = self.call_raw::<M>(request).await?;
        let (_, response) =
            protocol::decode_response::<M>(&bytes, handles).map_err(Error::Decode)?;
        M::into_output(response).map_err(|_| Error::UnknownMethod {
            ordinal: M::ORDINAL,
        })
    }

    /// Calls `M` and returns the whole reply message undecoded (header included), e.g. to view
    /// it in place with [`protocol::view_response`].
    pub async fn call_raw<M: TwoWay<Protocol = P>>(
        &self,
        request: &M::Request,
    ) -> Result<(Vec<u8>, Vec<HandleInfo>), Error> {
        let shared = &self.user.shared;
        let seq = shared.seq.fetch_add(1, Ordering::Relaxed);
        let (txid, reply) = {
            let mut st = shared.lock();
            if let Some(reason) = &st.closed {
                return Err(reason.clone());
            }
            let txid = loop {
                let t = st.next_txid;
                // txids are nonzero with bit 31 clear (bindings.md §3).
                st.next_txid = if t >= 0x7FFF_FFFF { 1 } else { t + 1 };
                if !st.calls.contains_key(&t) {
                    break t;
                }
            };
            let (tx, rx) = oneshot::channel();
            st.calls.insert(
                txid,
                Call {
                    seq,
                    ordinal: M::ORDINAL,
                    reply: Some(tx),
                },
            );
            (txid, rx)
        };
        let mut guard = CallGuard {
            shared,
            txid,
            seq,
            sent: false,
        };
        let (mut bytes, mut handles) = (Vec::new(), Vec::new());
        protocol::encode_request::<M>(txid, request, &mut bytes, &mut handles)
            .map_err(Error::Encode)?;
        shared.send(&bytes, handles).await?;
        guard.sent = true;
        let result = reply.await.unwrap_or(Err(Error::Shutdown));
        guard.txid = 0; // answered: nothing to clean up
        result
    }

    /// Sends one-way method `M`.
    pub async fn send<M: OneWay<Protocol = P>>(&self, request: &M::Request) -> Result<(), Error> {
        let shared = &self.user.shared;
        if let Some(reason) = shared.closed_reason() {
            return Err(reason);
        }
        let (mut bytes, mut handles) = (Vec::new(), Vec::new());
        protocol::encode_request::<M>(0, request, &mut bytes, &mut handles)
            .map_err(Error::Encode)?;
        shared.send(&bytes, handles).await
    }

    /// The events of this connection, once. Until it is taken, up to [`EVENT_BUFFER`] events
    /// are kept and later ones dropped; once taken, a full stream makes the reader wait (so a
    /// slow consumer slows the connection down instead of growing memory); once dropped,
    /// events are discarded. The stream ends after the connection closes, with the reason as
    /// its last item.
    pub fn take_event_stream(&self) -> Option<EventStream<P>> {
        let shared = &self.user.shared;
        let rx = shared
            .events
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()?;
        shared.events_taken.store(true, Ordering::Release);
        Some(EventStream {
            rx,
            _user: self.user.clone(),
        })
    }

    /// Why the connection closed, once it has.
    pub fn closed_reason(&self) -> Option<Error> {
        self.user.shared.closed_reason()
    }

    /// True once the connection is closed.
    pub fn is_closed(&self) -> bool {
        self.closed_reason().is_some()
    }

    /// Closes the connection now; pending calls fail with [`Error::Shutdown`].
    pub fn close(&self) {
        self.user.shared.close(Error::Shutdown);
    }
}

/// Cleans up after a call whose future is dropped early.
struct CallGuard<'a, P: ProtocolMarker> {
    shared: &'a Shared<P>,
    txid: u32,
    seq: u64,
    sent: bool,
}

impl<P: ProtocolMarker> Drop for CallGuard<'_, P> {
    fn drop(&mut self) {
        if self.txid == 0 {
            return;
        }
        let mut st = self.shared.lock();
        let mine = st.calls.get(&self.txid).is_some_and(|c| c.seq == self.seq);
        if !mine {
            return;
        }
        if self.sent {
            // The reply will still come: keep the txid reserved and discard the reply then.
            if let Some(call) = st.calls.get_mut(&self.txid) {
                call.reply = None;
            }
        } else {
            st.calls.remove(&self.txid);
        }
    }
}

/// The events of a connection (see [`Client::take_event_stream`]).
pub struct EventStream<P: ProtocolMarker> {
    rx: EventQueue<P>,
    _user: Arc<UserHandle<P>>,
}

impl<P: ProtocolMarker> EventStream<P> {
    /// The next event; `None` after the connection closed and its reason was returned.
    pub async fn next(&mut self) -> Option<Result<P::Event, Error>> {
        self.rx.recv().await
    }
}

impl<P: ProtocolMarker> futures_core::Stream for EventStream<P> {
    type Item = Result<P::Event, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.rx.poll_recv(cx)
    }
}

impl<P: ProtocolMarker> std::fmt::Debug for EventStream<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("protocol", &P::NAME)
            .finish()
    }
}

async fn read_loop<P: ProtocolMarker>(
    shared: Arc<Shared<P>>,
    mut receiver: Receiver,
    events: mpsc::Sender<Result<P::Event, Error>>,
) {
    let mut buf = Vec::new();
    let reason = loop {
        let received = tokio::select! {
            r = receiver.recv(&mut buf) => r,
            () = shared.stop.notified() => break Error::Shutdown,
        };
        let (len, handles) = match received {
            Ok(Some(message)) => message,
            Ok(None) => break Error::PeerClosed { epitaph: None },
            Err(e) => break e,
        };
        if let Err(reason) = on_message(&shared, &buf[..len], handles, &events).await {
            break reason;
        }
    };
    if !matches!(reason, Error::Shutdown) {
        let _ = events.try_send(Err(reason.clone()));
    }
    shared.close(reason);
}

/// Handles one incoming message; an `Err` closes the connection with that reason.
async fn on_message<P: ProtocolMarker>(
    shared: &Shared<P>,
    message: &[u8],
    handles: Vec<HandleInfo>,
    events: &mpsc::Sender<Result<P::Event, Error>>,
) -> Result<(), Error> {
    let (header, body) = TransactionHeader::parse(message)
        .map_err(|e| Error::Protocol(ProtocolError::InvalidHeader(e)))?;
    if header.is_epitaph() {
        drop(handles);
        let status = decode_epitaph(message)
            .map_err(|e| Error::Protocol(ProtocolError::MalformedEpitaph(e)))?;
        return Err(Error::PeerClosed {
            epitaph: Some(crate::Status(status)),
        });
    }
    if header.txid != 0 {
        return deliver_reply(shared, &header, message, handles);
    }
    let event = match protocol::method_info::<P>(header.ordinal) {
        Some(info) if info.kind == MethodKind::Event => {
            P::Event::decode_message(&header, body, handles)
                .map_err(|e| Error::Protocol(ProtocolError::MalformedEvent(e)))?
        }
        _ => {
            // Unknown events: close their handles first (wire-format spec §12.6).
            drop(handles);
            let tolerated = header.is_flexible() && P::OPENNESS != Openness::Closed;
            match P::Event::unknown(header.ordinal) {
                Some(event) if tolerated => event,
                _ if tolerated => return Ok(()),
                _ => {
                    return Err(Error::Protocol(ProtocolError::UnknownEvent {
                        ordinal: header.ordinal,
                    }));
                }
            }
        }
    };
    if shared.events_taken.load(Ordering::Acquire) {
        // A dropped stream discards events; a slow one makes this reader wait.
        let _ = events.send(Ok(event)).await;
    } else {
        let _ = events.try_send(Ok(event));
    }
    Ok(())
}

fn deliver_reply<P: ProtocolMarker>(
    shared: &Shared<P>,
    header: &TransactionHeader,
    message: &[u8],
    handles: Vec<HandleInfo>,
) -> Result<(), Error> {
    let call = shared.lock().calls.remove(&header.txid);
    let Some(call) = call else {
        return Err(ProtocolError::UnexpectedTxid { txid: header.txid }.into());
    };
    if call.ordinal != header.ordinal {
        let e: Error = ProtocolError::WrongReplyOrdinal {
            expected: call.ordinal,
            actual: header.ordinal,
        }
        .into();
        if let Some(tx) = call.reply {
            let _ = tx.send(Err(e.clone()));
        }
        return Err(e);
    }
    if let Some(tx) = call.reply {
        // The caller decodes; a caller that went away drops the reply and its handles.
        let _ = tx.send(Ok((message.to_vec(), handles)));
    }
    Ok(())
}
