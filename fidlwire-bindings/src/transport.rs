//! Transports: how whole messages move between two ends.
//!
//! * A **channel** (`AF_UNIX` `SOCK_SEQPACKET`): one datagram per message, handles as
//!   descriptors. Sends are single `sendmsg` calls, atomic per message, so any number of tasks
//!   send directly; a full socket buffer makes senders wait (backpressure).
//! * A **byte stream** (TCP, or a Unix stream socket) for protocols without handles: every
//!   message is preceded by its length as a 4-byte little-endian integer (`bindings.md` §6). A
//!   message that carries handles is refused with [`Error::HandlesOverStream`]. Writes go
//!   through one writer task fed by a queue bounded in bytes ([`StreamLimits`]), so that a
//!   cancelled send can never leave half a frame on the stream, and a peer that does not read
//!   makes senders wait instead of growing memory.
//!
//! A [`Transport`] is split into a sending half (shared by clients, responders and control
//! handles) and a receiving half (owned by the one task that reads).

use crate::channel::{self, Channel, MAX_MESSAGE_BYTES, Received};
use crate::error::Error;
use fidlwire::header::encode_epitaph;
use fidlwire::{HandleDisposition, HandleInfo};
use std::sync::Arc;
use tokio::io::unix::AsyncFd;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, mpsc};

/// How long a closing stream may take to flush its last frames and epitaph.
const CLOSE_GRACE: std::time::Duration = std::time::Duration::from_secs(1);

/// Limits of a byte-stream transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamLimits {
    /// Largest message accepted or sent (default 64 KiB, as on a channel).
    pub max_message_bytes: usize,
    /// Bytes queued for the writer before senders wait (default 256 KiB).
    pub max_buffered_bytes: usize,
}

impl Default for StreamLimits {
    fn default() -> Self {
        StreamLimits {
            max_message_bytes: MAX_MESSAGE_BYTES,
            max_buffered_bytes: 256 * 1024,
        }
    }
}

/// Both halves of a connection.
pub struct Transport {
    pub(crate) sender: Sender,
    pub(crate) receiver: Receiver,
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("kind", &self.sender.kind())
            .finish()
    }
}

impl Transport {
    /// A channel transport. Needs a running tokio runtime (the socket joins its reactor).
    pub fn channel(channel: Channel) -> Result<Transport, Error> {
        tokio::runtime::Handle::try_current().map_err(|_| Error::NoRuntime)?;
        let io = Arc::new(register(channel)?);
        Ok(Transport {
            sender: Sender(Arc::new(SenderKind::Channel(io.clone()))),
            receiver: Receiver(ReceiverKind::Channel(io)),
        })
    }

    /// A length-prefixed byte-stream transport over a TCP connection, with default limits.
    pub fn tcp(stream: tokio::net::TcpStream) -> Result<Transport, Error> {
        Self::tcp_with(stream, StreamLimits::default())
    }

    /// A length-prefixed byte-stream transport over a TCP connection.
    pub fn tcp_with(
        stream: tokio::net::TcpStream,
        limits: StreamLimits,
    ) -> Result<Transport, Error> {
        stream.set_nodelay(true)?;
        let (read, write) = stream.into_split();
        Ok(Self::stream(read, write, limits))
    }

    /// A length-prefixed byte-stream transport over a Unix stream socket.
    pub fn unix_stream(
        stream: tokio::net::UnixStream,
        limits: StreamLimits,
    ) -> Result<Transport, Error> {
        let (read, write) = stream.into_split();
        Ok(Self::stream(read, write, limits))
    }

    /// A byte-stream transport over the two halves of one socket.
    fn stream(
        read: impl AsyncRead + Send + Unpin + 'static,
        write: impl WriteHalf,
        limits: StreamLimits,
    ) -> Transport {
        // The queue is bounded in bytes by `budget`; its message count only needs to cover
        // the smallest messages that fit.
        let (queue, frames) = mpsc::unbounded_channel();
        let budget = Arc::new(Semaphore::new(limits.max_buffered_bytes.max(1)));
        let close_now = Arc::new(Notify::new());
        tokio::spawn(write_frames(write, frames, close_now.clone()));
        Transport {
            sender: Sender(Arc::new(SenderKind::Stream {
                queue,
                budget,
                close_now,
                limits,
            })),
            receiver: Receiver(ReceiverKind::Stream {
                read: Box::new(read),
                max_message: limits.max_message_bytes,
            }),
        }
    }

    /// True for byte-stream transports (which cannot carry handles).
    pub fn is_stream(&self) -> bool {
        matches!(&*self.sender.0, SenderKind::Stream { .. })
    }
}

/// The sending half; cheap to clone.
#[derive(Clone)]
pub(crate) struct Sender(Arc<SenderKind>);

enum SenderKind {
    Channel(Arc<AsyncFd<Channel>>),
    Stream {
        /// Unbounded in messages, bounded in bytes by `budget`: a frame is queued only with
        /// permits for its size, which the writer returns once the frame is written.
        queue: mpsc::UnboundedSender<Frame>,
        budget: Arc<Semaphore>,
        /// Tells the writer to stop writing and shut the socket down at once.
        close_now: Arc<Notify>,
        limits: StreamLimits,
    },
}

enum Frame {
    Message(Vec<u8>, Option<OwnedSemaphorePermit>),
    /// Write what is queued, then shut the socket down.
    Close,
}

impl Sender {
    fn kind(&self) -> &'static str {
        match &*self.0 {
            SenderKind::Channel(_) => "channel",
            SenderKind::Stream { .. } => "stream",
        }
    }

    /// Sends one message, waiting while the peer's buffers are full.
    pub(crate) async fn send(
        &self,
        bytes: &[u8],
        handles: Vec<HandleDisposition>,
    ) -> Result<(), Error> {
        match &*self.0 {
            SenderKind::Channel(io) => {
                let fds = channel::prepare(bytes, handles)?;
                loop {
                    let mut guard = io.writable().await?;
                    match guard.try_io(|c| would_block(c.get_ref().try_send(bytes, &fds))) {
                        Ok(Ok(result)) => return result.map_err(closed_on_pipe),
                        Ok(Err(e)) => return Err(closed_on_pipe(e.into())),
                        Err(_would_block) => continue,
                    }
                }
            }
            SenderKind::Stream {
                queue,
                budget,
                limits,
                ..
            } => {
                let frame = stream_frame(bytes, handles, limits.max_message_bytes)?;
                let cost = frame.len().min(limits.max_buffered_bytes.max(1));
                let permit = budget
                    .clone()
                    .acquire_many_owned(cost as u32)
                    .await
                    .map_err(|_| Error::PeerClosed { epitaph: None })?;
                queue
                    .send(Frame::Message(frame, Some(permit)))
                    .map_err(|_| Error::PeerClosed { epitaph: None })
            }
        }
    }

    /// Closes the connection: sends the epitaph first if there is one and it fits without
    /// waiting (a peer that does not read gets the closure without it), then shuts the socket
    /// down in both directions so that the peer and this end's reader both see it closed.
    pub(crate) fn close(&self, epitaph: Option<i32>) {
        match &*self.0 {
            SenderKind::Channel(io) => {
                if let Some(status) = epitaph {
                    let _ = io.get_ref().try_send(&encode_epitaph(status), &[]);
                }
                let _ = io.get_ref().shutdown();
            }
            SenderKind::Stream {
                queue, close_now, ..
            } => {
                // The epitaph goes after what is queued (24 bytes over the budget, once); the
                // writer then shuts the socket down. A peer that stopped reading would keep the
                // writer (and the epitaph) waiting forever: after a grace period the writer is
                // told to stop regardless. Without an epitaph, it stops now.
                let queued = match epitaph {
                    Some(status) => {
                        let mut frame = Vec::with_capacity(28);
                        frame.extend_from_slice(&24u32.to_le_bytes());
                        frame.extend_from_slice(&encode_epitaph(status));
                        queue.send(Frame::Message(frame, None)).is_ok()
                            && queue.send(Frame::Close).is_ok()
                    }
                    None => false,
                };
                match tokio::runtime::Handle::try_current() {
                    Ok(rt) if queued => {
                        let close_now = close_now.clone();
                        rt.spawn(async move {
                            tokio::time::sleep(CLOSE_GRACE).await;
                            close_now.notify_one();
                        });
                    }
                    _ => close_now.notify_one(),
                }
            }
        }
    }
}

/// Registers a descriptor with tokio's reactor.
///
/// `AsyncFd::new` is deprecated in favour of the `unsafe` `AsyncFd::register`, because an
/// arbitrary `AsRawFd` type could report different descriptors over time. Every type this crate
/// registers ([`Channel`], `OwnedFd`) owns one `OwnedFd` that never changes and is closed only
/// when the `AsyncFd` drops it, which is exactly the I/O-safety condition `register` asks for;
/// the safe constructor keeps this crate free of `unsafe`.
#[allow(deprecated)]
pub(crate) fn register<T: std::os::fd::AsRawFd>(inner: T) -> std::io::Result<AsyncFd<T>> {
    AsyncFd::new(inner)
}

/// The writing half of a stream socket, which can shut the whole socket down (so that the peer
/// and this end's reader both see it closed) without a second descriptor.
pub(crate) trait WriteHalf: AsyncWrite + Send + Unpin + 'static {
    /// `shutdown(SHUT_RDWR)` on the socket.
    fn shutdown_both(&self);
}

impl WriteHalf for tokio::net::tcp::OwnedWriteHalf {
    fn shutdown_both(&self) {
        let _ = rustix::net::shutdown(self.as_ref(), rustix::net::Shutdown::Both);
    }
}

impl WriteHalf for tokio::net::unix::OwnedWriteHalf {
    fn shutdown_both(&self) {
        let _ = rustix::net::shutdown(self.as_ref(), rustix::net::Shutdown::Both);
    }
}

/// A broken pipe on send means the peer is gone.
fn closed_on_pipe(e: Error) -> Error {
    match &e {
        Error::Io(io)
            if matches!(
                io.kind(),
                std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::ConnectionReset
            ) =>
        {
            Error::PeerClosed { epitaph: None }
        }
        _ => e,
    }
}

/// Lets tokio's readiness tracking see `WouldBlock` as an `io::Error` while every other outcome
/// keeps its typed error.
fn would_block<T>(r: Result<T, Error>) -> std::io::Result<Result<T, Error>> {
    match r {
        Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::WouldBlock => {
            Err(std::io::ErrorKind::WouldBlock.into())
        }
        other => Ok(other),
    }
}

fn stream_frame(
    bytes: &[u8],
    handles: Vec<HandleDisposition>,
    max_message: usize,
) -> Result<Vec<u8>, Error> {
    if !handles.is_empty() {
        return Err(Error::HandlesOverStream {
            count: handles.len(),
        }); // `handles` dropped: closed
    }
    if bytes.len() > max_message {
        return Err(Error::MessageTooLarge {
            bytes: bytes.len(),
            limit: max_message,
        });
    }
    let mut frame = Vec::with_capacity(4 + bytes.len());
    frame.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    frame.extend_from_slice(bytes);
    Ok(frame)
}

async fn write_frames(
    mut write: impl WriteHalf,
    mut frames: mpsc::UnboundedReceiver<Frame>,
    close_now: Arc<Notify>,
) {
    loop {
        let frame = tokio::select! {
            f = frames.recv() => f,
            () = close_now.notified() => break,
        };
        match frame {
            Some(Frame::Message(bytes, _permit)) => {
                let written = tokio::select! {
                    r = write.write_all(&bytes) => r.is_ok(),
                    () = close_now.notified() => false,
                };
                if !written {
                    break;
                }
            }
            Some(Frame::Close) | None => break,
        }
    }
    write.shutdown_both();
}

/// The receiving half, owned by one reading task.
pub(crate) struct Receiver(ReceiverKind);

enum ReceiverKind {
    Channel(Arc<AsyncFd<Channel>>),
    Stream {
        read: Box<dyn AsyncRead + Send + Unpin>,
        max_message: usize,
    },
}

impl Receiver {
    /// Receives the next message into `buf`: `Some((length, handles))`, or `None` once the
    /// peer closed. Not cancellation-safe for streams (a frame may be half read): callers only
    /// cancel it to stop reading for good.
    pub(crate) async fn recv(
        &mut self,
        buf: &mut Vec<u8>,
    ) -> Result<Option<(usize, Vec<HandleInfo>)>, Error> {
        match &mut self.0 {
            ReceiverKind::Channel(io) => loop {
                let mut guard = io.readable().await?;
                match guard.try_io(|c| would_block(c.get_ref().try_recv(buf))) {
                    // A peer that closed with requests unread in its queue leaves a one-shot
                    // ECONNRESET, reported before what it sent last (often its epitaph): read
                    // on, to the queued messages and then the end of the stream.
                    Ok(Ok(Err(Error::Io(e))))
                        if e.kind() == std::io::ErrorKind::ConnectionReset =>
                    {
                        continue;
                    }
                    Ok(Ok(Ok(Received::Message(len, handles)))) => {
                        return Ok(Some((len, handles)));
                    }
                    Ok(Ok(Ok(Received::Closed))) => return Ok(None),
                    Ok(Ok(Err(e))) => return Err(closed_on_pipe(e)),
                    Ok(Err(e)) => return Err(closed_on_pipe(e.into())),
                    Err(_would_block) => continue,
                }
            },
            ReceiverKind::Stream { read, max_message } => {
                let mut prefix = [0u8; 4];
                match read.read_exact(&mut prefix).await {
                    Ok(_) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
                    Err(e) => return Err(closed_on_pipe(e.into())),
                }
                let len = u32::from_le_bytes(prefix) as usize;
                if len > *max_message {
                    return Err(Error::MessageTooLarge {
                        bytes: len,
                        limit: *max_message,
                    });
                }
                if buf.len() < len {
                    buf.resize(len, 0);
                }
                match read.read_exact(&mut buf[..len]).await {
                    Ok(_) => Ok(Some((len, Vec::new()))),
                    Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                        Err(Error::Truncated)
                    }
                    Err(e) => Err(closed_on_pipe(e.into())),
                }
            }
        }
    }
}
