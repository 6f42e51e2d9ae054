//! Channels between processes: a listening seqpacket socket at a Unix path, and connecting to
//! it. Every accepted connection is a [`Channel`], exactly like one end of a channel pair.

use crate::channel::Channel;
use crate::error::Error;
use fidlwire::{ClientEnd, ProtocolMarker, ServerEnd};
use rustix::net::{AddressFamily, SocketAddrUnix, SocketFlags, SocketType};
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::io::unix::AsyncFd;

/// Connections queued by the kernel before `accept`.
const BACKLOG: i32 = 1024;

/// A listening `SOCK_SEQPACKET` socket bound to a filesystem path. The path is removed when
/// the listener is dropped.
#[derive(Debug)]
pub struct Listener {
    io: AsyncFd<OwnedFd>,
    path: PathBuf,
}

fn seqpacket_socket() -> Result<OwnedFd, Error> {
    Ok(rustix::net::socket_with(
        AddressFamily::UNIX,
        SocketType::SEQPACKET,
        SocketFlags::CLOEXEC | SocketFlags::NONBLOCK,
        None,
    )?)
}

impl Listener {
    /// Binds to `path` (which must not exist) and listens. Needs a tokio runtime.
    pub fn bind(path: impl AsRef<Path>) -> Result<Listener, Error> {
        tokio::runtime::Handle::try_current().map_err(|_| Error::NoRuntime)?;
        let path = path.as_ref().to_path_buf();
        let fd = seqpacket_socket()?;
        rustix::net::bind(&fd, &SocketAddrUnix::new(&path)?)?;
        rustix::net::listen(&fd, BACKLOG)?;
        Ok(Listener {
            io: crate::transport::register(fd)?,
            path,
        })
    }

    /// The path it listens on.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Waits for the next connection.
    pub async fn accept(&self) -> Result<Channel, Error> {
        loop {
            let mut guard = self.io.readable().await?;
            let accepted = guard.try_io(|fd| {
                rustix::net::accept_with(fd.get_ref(), SocketFlags::CLOEXEC | SocketFlags::NONBLOCK)
                    .map_err(std::io::Error::from)
            });
            match accepted {
                Ok(Ok(fd)) => return Channel::from_fd(fd),
                Ok(Err(e)) => return Err(e.into()),
                Err(_would_block) => continue,
            }
        }
    }

    /// Waits for the next connection, as the server end of protocol `P`.
    pub async fn accept_end<P: ProtocolMarker>(&self) -> Result<ServerEnd<P>, Error> {
        Ok(self.accept().await?.into())
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Connects to a [`Listener`] at `path`. While the listener's queue is full the attempt is
/// retried (the kernel refuses with `EAGAIN` rather than waiting); wrap it in a timeout to
/// bound the wait.
pub async fn connect(path: impl AsRef<Path>) -> Result<Channel, Error> {
    let addr = SocketAddrUnix::new(path.as_ref())?;
    let mut backoff = Duration::from_micros(100);
    loop {
        let fd = seqpacket_socket()?;
        match rustix::net::connect(&fd, &addr) {
            Ok(()) => return Channel::from_fd(fd),
            Err(rustix::io::Errno::AGAIN) => {
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_millis(50));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Connects to a [`Listener`] at `path` as the client end of protocol `P`.
pub async fn connect_end<P: ProtocolMarker>(path: impl AsRef<Path>) -> Result<ClientEnd<P>, Error> {
    Ok(connect(path).await?.into())
}
