//! One server, many clients (`bindings.md` §4–7): a [`Server`] accepts connections, serves
//! each with its own binding and handler, and owns every binding it started — including those
//! on channels that arrived inside requests — so that it can count them, limit them and shut
//! them all down gracefully.
//!
//! * One handler per connection, made by a factory from a [`Connection`] (its id, its control
//!   handle, and the server itself, to serve channels received later): per-connection state
//!   lives in the handler, shared state in whatever the factory captures.
//! * A binding that fails (malformed message, protocol error, handler error or panic, a client
//!   that stopped reading past the write timeout) is removed and logged (`tracing`, target
//!   `fidlwire_bindings`); the others never notice.
//! * Limits ([`ServerConfig`]): connections (over the limit, a connection is closed at once
//!   with epitaph `ZX_ERR_NO_RESOURCES`), unanswered two-way requests per connection (the
//!   binding stops reading: backpressure), bytes buffered per connection (the socket's send
//!   buffer, or the stream queue), message size, and the write timeout.
//! * [`Server::shutdown`]: stop accepting, let every binding finish the requests it has taken
//!   (their responders reply) until the deadline, then close what is left; every connection
//!   ends with epitaph `ZX_ERR_UNAVAILABLE`.

use crate::binding::{Binding, ControlHandle, Dispatch, ServeOptions, Shared};
use crate::channel::{Channel, MAX_MESSAGE_BYTES};
use crate::error::Error;
use crate::listener::Listener;
use crate::status::Status;
use crate::transport::{StreamLimits, Transport};
use fidlwire::{ProtocolMarker, ServerEnd};
use std::collections::HashMap;
use std::future::Future;
use std::os::fd::AsFd;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{Notify, watch};

/// A server's limits; `Default` gives values sized for thousands of clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerConfig {
    /// Connections served at once (default 16,384); more are closed with `NO_RESOURCES`.
    pub max_connections: usize,
    /// Unanswered two-way requests per connection before its binding stops reading (256).
    pub max_outstanding: usize,
    /// Largest message on a byte-stream connection (64 KiB; channels are limited to that).
    pub max_message_bytes: usize,
    /// Bytes waiting to be sent per connection (256 KiB): the socket send buffer of a channel,
    /// the writer queue of a stream. A client that does not read fills it, and sends wait.
    pub max_buffered_bytes: usize,
    /// How long a send may wait on a client that does not read before its connection is
    /// closed (30 s); `None` waits forever.
    pub write_timeout: Option<Duration>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            max_connections: 16_384,
            max_outstanding: crate::binding::DEFAULT_MAX_OUTSTANDING,
            max_message_bytes: MAX_MESSAGE_BYTES,
            max_buffered_bytes: 256 * 1024,
            write_timeout: Some(crate::binding::DEFAULT_WRITE_TIMEOUT),
        }
    }
}

/// What a [`Server`] has done so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServerStats {
    /// Connections served now.
    pub active: u64,
    /// Connections ever served (accepted ones and channels added from inside).
    pub served: u64,
    /// Connections refused because the limit was reached.
    pub refused: u64,
    /// Bindings that ended normally (the client closed, or the server shut down).
    pub completed: u64,
    /// Bindings that ended with an error (and were logged).
    pub failed: u64,
}

/// How a shutdown went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ShutdownReport {
    /// Connections that finished their requests before the deadline.
    pub drained: u64,
    /// Connections closed at the deadline with requests still in flight.
    pub cut: u64,
}

/// Where a server gets connections from: a channel [`Listener`] (Unix seqpacket path) or a TCP
/// listener (length-prefixed streams, for protocols without handles).
pub trait Accept: Send + Sync {
    /// Waits for the next connection and makes it a transport with the server's limits.
    fn accept(
        &self,
        config: &ServerConfig,
    ) -> impl Future<Output = Result<Transport, Error>> + Send;
}

impl Accept for Listener {
    async fn accept(&self, config: &ServerConfig) -> Result<Transport, Error> {
        let channel = Listener::accept(self).await?;
        set_send_buffer(&channel, config.max_buffered_bytes);
        Transport::channel(channel)
    }
}

impl Accept for tokio::net::TcpListener {
    async fn accept(&self, config: &ServerConfig) -> Result<Transport, Error> {
        let (stream, _) = tokio::net::TcpListener::accept(self).await?;
        Transport::tcp_with(
            stream,
            StreamLimits {
                max_message_bytes: config.max_message_bytes,
                max_buffered_bytes: config.max_buffered_bytes,
            },
        )
    }
}

fn set_send_buffer(channel: &Channel, bytes: usize) {
    // The kernel doubles the value and applies its own floor; a failure keeps its default.
    let _ = rustix::net::sockopt::set_socket_send_buffer_size(channel.as_fd(), bytes);
}

/// What a handler factory gets for each new connection.
pub struct Connection<P: ProtocolMarker> {
    /// The connection's id, unique within the server.
    pub id: u64,
    /// Sends events to this client and closes its connection.
    pub control: ControlHandle<P>,
    /// The server, to serve channels that arrive in requests ([`Server::add`]).
    pub server: Server,
}

impl<P: ProtocolMarker> std::fmt::Debug for Connection<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("protocol", &P::NAME)
            .field("id", &self.id)
            .finish()
    }
}

/// Serves many connections; cheap to clone (clones share the server).
#[derive(Clone)]
pub struct Server {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("config", &self.inner.config)
            .field("stats", &self.stats())
            .finish()
    }
}

struct Inner {
    config: ServerConfig,
    bindings: Mutex<HashMap<u64, Arc<Shared>>>,
    next_id: AtomicU64,
    stats: Mutex<ServerStats>,
    /// Becomes true when shutdown starts; every binding drains then.
    stopping: watch::Sender<bool>,
    /// Signalled whenever a binding ends.
    ended: Notify,
}

impl Server {
    /// A server with `config`'s limits.
    pub fn new(config: ServerConfig) -> Server {
        Server {
            inner: Arc::new(Inner {
                config,
                bindings: Mutex::new(HashMap::new()),
                next_id: AtomicU64::new(1),
                stats: Mutex::new(ServerStats::default()),
                stopping: watch::Sender::new(false),
                ended: Notify::new(),
            }),
        }
    }

    /// The limits.
    pub fn config(&self) -> &ServerConfig {
        &self.inner.config
    }

    /// The counters.
    pub fn stats(&self) -> ServerStats {
        *lock(&self.inner.stats)
    }

    /// True once [`Server::shutdown`] has started.
    pub fn is_stopping(&self) -> bool {
        *self.inner.stopping.borrow()
    }

    /// Accepts connections from `listener` until shutdown, serving each with a handler made
    /// by `factory`. Accept errors (e.g. out of descriptors) are logged and retried after a
    /// pause, so that one bad moment does not end the server.
    pub async fn serve<P, S, L, F>(&self, listener: L, mut factory: F)
    where
        P: Dispatch<S>,
        S: Send + 'static,
        L: Accept,
        F: FnMut(Connection<P>) -> S,
    {
        let mut stopping = self.inner.stopping.subscribe();
        loop {
            if *stopping.borrow_and_update() {
                return;
            }
            let accepted = tokio::select! {
                biased;
                _ = stopping.changed() => return,
                t = listener.accept(&self.inner.config) => t,
            };
            match accepted {
                Ok(transport) => {
                    let _ = self.serve_transport::<P, S, _>(transport, &mut factory);
                }
                Err(e) => {
                    tracing::warn!(target: "fidlwire_bindings", error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            }
        }
    }

    /// Serves one more connection of protocol `Q` with `handler` — typically a `server_end`
    /// that arrived inside a request, so the set of bindings grows from inside. Refused with
    /// [`Error::Shutdown`] once the server is stopping, and with `NO_RESOURCES` over the
    /// connection limit.
    pub fn add<Q, S>(&self, server_end: ServerEnd<Q>, handler: S) -> Result<u64, Error>
    where
        Q: Dispatch<S>,
        S: Send + 'static,
    {
        self.add_with(server_end, |_| handler)
    }

    /// Like [`Server::add`], with a handler made from the new [`Connection`] (e.g. to keep its
    /// control handle).
    pub fn add_with<Q, S>(
        &self,
        server_end: ServerEnd<Q>,
        factory: impl FnOnce(Connection<Q>) -> S,
    ) -> Result<u64, Error>
    where
        Q: Dispatch<S>,
        S: Send + 'static,
    {
        let channel = Channel::from_handle(server_end.into_handle())?;
        set_send_buffer(&channel, self.inner.config.max_buffered_bytes);
        self.add_transport(Transport::channel(channel)?, factory)
    }

    /// Serves one more connection of protocol `Q` on any transport.
    pub fn add_transport<Q, S>(
        &self,
        transport: Transport,
        factory: impl FnOnce(Connection<Q>) -> S,
    ) -> Result<u64, Error>
    where
        Q: Dispatch<S>,
        S: Send + 'static,
    {
        let mut factory = Some(factory);
        self.serve_transport::<Q, S, _>(transport, &mut |c| match factory.take() {
            Some(f) => f(c),
            None => unreachable!("serve_transport calls its factory once"),
        })
    }

    fn serve_transport<P, S, F>(&self, transport: Transport, factory: &mut F) -> Result<u64, Error>
    where
        P: Dispatch<S>,
        S: Send + 'static,
        F: FnMut(Connection<P>) -> S,
    {
        let config = self.inner.config;
        let binding = Binding::<P>::with_options(
            transport,
            ServeOptions {
                max_outstanding: config.max_outstanding,
                write_timeout: config.write_timeout,
            },
        );
        if self.is_stopping() {
            binding
                .control_handle()
                .shutdown_with_epitaph(Status::UNAVAILABLE);
            return Err(Error::Shutdown);
        }
        let id = self.inner.next_id.fetch_add(1, Ordering::Relaxed);
        {
            let mut bindings = lock(&self.inner.bindings);
            if bindings.len() >= config.max_connections {
                drop(bindings);
                lock(&self.inner.stats).refused += 1;
                binding
                    .control_handle()
                    .shutdown_with_epitaph(Status::NO_RESOURCES);
                return Err(Error::Shutdown);
            }
            bindings.insert(id, binding.shared());
            let mut stats = lock(&self.inner.stats);
            stats.active += 1;
            stats.served += 1;
        }
        let handler = factory(Connection {
            id,
            control: binding.control_handle(),
            server: self.clone(),
        });
        let mut stopping = self.inner.stopping.subscribe();
        let stop = async move {
            let _ = stopping.wait_for(|s| *s).await;
        };
        let guard = Ended {
            inner: self.inner.clone(),
            id,
            failed: true,
        };
        tokio::spawn(async move {
            let mut guard = guard;
            match binding.serve_until(handler, stop).await {
                Ok(()) => guard.failed = false,
                Err(e) => tracing::warn!(
                    target: "fidlwire_bindings",
                    connection = id,
                    protocol = P::NAME,
                    error = %e,
                    "binding failed; connection closed"
                ),
            }
        });
        Ok(id)
    }

    /// Shuts down gracefully: stops accepting (every [`Server::serve`] returns), lets every
    /// binding finish the requests it has taken until `deadline`, then closes the rest. Every
    /// connection ends with epitaph `ZX_ERR_UNAVAILABLE`.
    pub async fn shutdown(&self, deadline: Duration) -> ShutdownReport {
        let before = lock(&self.inner.bindings).len() as u64;
        self.inner.stopping.send_replace(true);
        let drained = tokio::time::timeout(deadline, self.wait_idle())
            .await
            .is_ok();
        let mut report = ShutdownReport::default();
        if !drained {
            let left: Vec<Arc<Shared>> = lock(&self.inner.bindings).values().cloned().collect();
            report.cut = left.len() as u64;
            for shared in left {
                shared.close(Some(Status::UNAVAILABLE));
            }
            // Closed bindings end as soon as their handlers return.
            let _ = tokio::time::timeout(Duration::from_secs(1), self.wait_idle()).await;
        }
        report.drained = before.saturating_sub(report.cut);
        report
    }

    /// Completes when no binding is left.
    pub async fn wait_idle(&self) {
        loop {
            let ended = self.inner.ended.notified();
            tokio::pin!(ended);
            ended.as_mut().enable();
            if lock(&self.inner.bindings).is_empty() {
                return;
            }
            ended.await;
        }
    }
}

/// Removes a binding from the server when its task ends, however it ends (even aborted).
struct Ended {
    inner: Arc<Inner>,
    id: u64,
    failed: bool,
}

impl Drop for Ended {
    fn drop(&mut self) {
        lock(&self.inner.bindings).remove(&self.id);
        {
            let mut stats = lock(&self.inner.stats);
            stats.active -= 1;
            if self.failed {
                stats.failed += 1;
            } else {
                stats.completed += 1;
            }
        }
        self.inner.ended.notify_waiters();
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // Nothing panics while these locks are held; recover the data if something ever does.
    m.lock().unwrap_or_else(|p| p.into_inner())
}
