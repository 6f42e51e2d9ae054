//! The other server design of the many-clients comparison: a blocking thread per client (the
//! seeds' TCP server), serving the same echo protocol with the codec alone — the generated
//! `EchoRequest` enum to dispatch, `fidlwire::protocol` to encode replies and events. Each
//! thread owns its connection and blocks in `recv`; the kernel schedules them.

use crate::fidl::fidlwire::examples::echo::*;
use fidlwire::TransactionHeader;
use fidlwire::protocol::{self, DecodeMessage, TwoWay};
use rustix::net::{AddressFamily, RecvFlags, SendFlags, SocketAddrUnix, SocketFlags, SocketType};
use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::path::Path;

/// A blocking connection: whole messages in and out.
trait Connection: Send + 'static {
    /// The next message into `buf`; `None` when the peer closed.
    fn recv(&mut self, buf: &mut Vec<u8>) -> Option<usize>;
    /// Sends one message; false when the peer is gone.
    fn send(&mut self, bytes: &[u8]) -> bool;
}

/// A channel (seqpacket) connection, in blocking mode.
struct Seqpacket(OwnedFd);

impl Connection for Seqpacket {
    fn recv(&mut self, buf: &mut Vec<u8>) -> Option<usize> {
        // Received straight into spare capacity: a connection's memory grows with the
        // messages it gets, not with the 64 KiB it could get.
        buf.clear();
        buf.reserve(fidlwire_bindings::MAX_MESSAGE_BYTES);
        match rustix::net::recv(
            &self.0,
            rustix::buffer::spare_capacity(buf),
            RecvFlags::empty(),
        ) {
            Ok((0, _)) | Err(_) => None,
            Ok((n, _)) => Some(n),
        }
    }

    fn send(&mut self, bytes: &[u8]) -> bool {
        rustix::net::send(&self.0, bytes, SendFlags::NOSIGNAL).is_ok()
    }
}

/// A TCP connection with 4-byte little-endian length prefixes.
struct Framed(std::net::TcpStream);

impl Connection for Framed {
    fn recv(&mut self, buf: &mut Vec<u8>) -> Option<usize> {
        let mut len = [0u8; 4];
        self.0.read_exact(&mut len).ok()?;
        let len = u32::from_le_bytes(len) as usize;
        if len > fidlwire_bindings::MAX_MESSAGE_BYTES {
            return None;
        }
        buf.resize(len, 0);
        self.0.read_exact(&mut buf[..len]).ok()?;
        Some(len)
    }

    fn send(&mut self, bytes: &[u8]) -> bool {
        let mut frame = Vec::with_capacity(4 + bytes.len());
        frame.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        frame.extend_from_slice(bytes);
        self.0.write_all(&frame).is_ok()
    }
}

/// Serves one connection until the peer closes or breaks the protocol.
fn serve_connection(mut conn: impl Connection) {
    let (mut buf, mut out, mut handles) = (Vec::new(), Vec::new(), Vec::new());
    while let Some(len) = conn.recv(&mut buf) {
        let Ok((header, body)) = TransactionHeader::parse(&buf[..len]) else {
            return;
        };
        let reply = match EchoRequest::decode_message(&header, body, Vec::new()) {
            Ok(EchoRequest::EchoString(r)) if header.txid != 0 => {
                // The wire body of a flexible method is its result union.
                let response =
                    echo::EchoString::from_output(EchoEchoStringResponse { response: r.value });
                protocol::encode_response::<echo::EchoString>(
                    header.txid,
                    &response,
                    &mut out,
                    &mut handles,
                )
            }
            Ok(EchoRequest::SendString(r)) if header.txid == 0 => {
                let event = EchoOnStringRequest { response: r.value };
                protocol::encode_request::<echo::OnString>(0, &event, &mut out, &mut handles)
            }
            // Malformed, misdirected or unknown: close, as the async bindings do.
            _ => return,
        };
        if reply.is_err() || !conn.send(&out) {
            return;
        }
    }
}

/// Serves `conn` on a new thread; when no thread can be made, the connection is dropped.
fn spawn(conn: impl Connection) {
    let _ = std::thread::Builder::new()
        .name("echo-connection".into())
        .spawn(move || serve_connection(conn));
}

/// Listens on a Unix socket path and serves every connection on a thread of its own, until
/// the process ends.
pub fn serve_unix(path: &Path) -> std::io::Result<()> {
    let listener = rustix::net::socket_with(
        AddressFamily::UNIX,
        SocketType::SEQPACKET,
        SocketFlags::CLOEXEC,
        None,
    )?;
    rustix::net::bind(&listener, &SocketAddrUnix::new(path)?)?;
    rustix::net::listen(&listener, 1024)?;
    loop {
        let Ok(fd) = rustix::net::accept_with(&listener, SocketFlags::CLOEXEC) else {
            std::thread::sleep(std::time::Duration::from_millis(10));
            continue;
        };
        spawn(Seqpacket(fd));
    }
}

/// Listens on a TCP address and serves every connection on a thread of its own, until the
/// process ends.
pub fn serve_tcp(listener: std::net::TcpListener) -> std::io::Result<()> {
    loop {
        let Ok((stream, _)) = listener.accept() else {
            std::thread::sleep(std::time::Duration::from_millis(10));
            continue;
        };
        let _ = stream.set_nodelay(true);
        spawn(Framed(stream));
    }
}
