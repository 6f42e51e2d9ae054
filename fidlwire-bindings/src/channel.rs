//! Channels: `AF_UNIX` `SOCK_SEQPACKET` sockets, one datagram per message, descriptors in
//! `SCM_RIGHTS` as the message's handles (`bindings.md` §1–2).

use crate::error::Error;
use crate::fd;
use fidlwire::{Handle, HandleDisposition, HandleInfo, ObjectType};
use rustix::net::{
    AddressFamily, RecvAncillaryBuffer, RecvAncillaryMessage, RecvFlags, ReturnFlags,
    SendAncillaryBuffer, SendAncillaryMessage, SendFlags, SocketFlags, SocketType,
};
use std::io::{IoSlice, IoSliceMut};
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd, RawFd};

/// At most this many bytes per message, header included (`ZX_CHANNEL_MAX_MSG_BYTES`).
pub const MAX_MESSAGE_BYTES: usize = 65536;
/// At most this many handles per message (`ZX_CHANNEL_MAX_MSG_HANDLES`).
pub const MAX_MESSAGE_HANDLES: usize = 64;

/// Room for one more descriptor than allowed, so that an oversized handle table is seen as
/// such (and closed) rather than silently cut to the limit.
const CMSG_SPACE: usize = rustix::cmsg_space!(ScmRights(MAX_MESSAGE_HANDLES + 1));

thread_local! {
    /// Receives land here first (one 64 KiB buffer per thread, not per connection), then move
    /// into the connection's buffer at their real size.
    static SCRATCH: std::cell::RefCell<Vec<u8>> =
        std::cell::RefCell::new(vec![0; MAX_MESSAGE_BYTES]);
}

/// One end of a channel: a non-blocking, close-on-exec seqpacket socket.
///
/// The synchronous methods never block; they report `WouldBlock` as
/// [`std::io::ErrorKind::WouldBlock`] inside [`Error::Io`]. The async client and server wrap a
/// channel in tokio's reactor.
#[derive(Debug)]
pub struct Channel {
    fd: OwnedFd,
}

/// What a receive produced.
#[derive(Debug)]
pub enum Received {
    /// A message: its length in the buffer, and its handles.
    Message(usize, Vec<HandleInfo>),
    /// The peer closed (end of stream).
    Closed,
}

impl Channel {
    /// Creates a connected pair of channel ends.
    pub fn create() -> Result<(Channel, Channel), Error> {
        let (a, b) = rustix::net::socketpair(
            AddressFamily::UNIX,
            SocketType::SEQPACKET,
            SocketFlags::CLOEXEC | SocketFlags::NONBLOCK,
            None,
        )?;
        Ok((Channel { fd: a }, Channel { fd: b }))
    }

    /// Wraps a descriptor after checking that it is a Unix seqpacket socket; makes it
    /// non-blocking.
    pub fn from_fd(fd: OwnedFd) -> Result<Channel, Error> {
        if fd::classify(fd.as_fd()).0 != ObjectType::CHANNEL {
            return Err(Error::NotAChannel);
        }
        rustix::io::ioctl_fionbio(&fd, true)?;
        Ok(Channel { fd })
    }

    /// Takes the channel out of a handle (e.g. a received `client_end`/`server_end`).
    pub fn from_handle(handle: Handle) -> Result<Channel, Error> {
        if !fd::is_fd_handle(&handle) {
            return Err(Error::NotAChannel);
        }
        Channel::from_fd(fd::fd_from_handle(handle)?)
    }

    /// Puts the channel into a handle (to send it, or wrap it as an endpoint).
    pub fn into_handle(self) -> Handle {
        fd::handle_info_from_fd_as(
            self.fd,
            ObjectType::CHANNEL,
            fidlwire::Rights::CHANNEL_DEFAULT,
        )
        .handle
    }

    /// The descriptor.
    pub fn into_fd(self) -> OwnedFd {
        self.fd
    }

    /// Sends one message. Checks the limits and every handle (type, rights, backend) first; on
    /// any failure nothing is sent and every handle is closed. On success the descriptors now
    /// belong to the peer and are closed here.
    pub fn write(&self, bytes: &[u8], handles: Vec<HandleDisposition>) -> Result<(), Error> {
        let fds = prepare(bytes, handles)?;
        self.try_send(bytes, &fds)
    }

    /// Sends a message whose descriptors [`prepare`] already took out of their handles.
    /// `WouldBlock` leaves `fds` untouched so that the caller can retry.
    pub fn try_send(&self, bytes: &[u8], fds: &[OwnedFd]) -> Result<(), Error> {
        let borrowed: Vec<BorrowedFd<'_>> = fds.iter().map(AsFd::as_fd).collect();
        let mut space = [MaybeUninit::<u8>::uninit(); CMSG_SPACE];
        let mut control = SendAncillaryBuffer::new(&mut space);
        if !borrowed.is_empty() && !control.push(SendAncillaryMessage::ScmRights(&borrowed)) {
            return Err(Error::TooManyHandles {
                count: fds.len(),
                limit: MAX_MESSAGE_HANDLES,
            });
        }
        rustix::net::sendmsg(
            &self.fd,
            &[IoSlice::new(bytes)],
            &mut control,
            SendFlags::NOSIGNAL | SendFlags::DONTWAIT,
        )?;
        Ok(())
    }

    /// Receives one message into `buf` (cleared first; it grows to the largest message seen,
    /// so an idle connection holds no buffer). Every received descriptor becomes a handle of
    /// the returned message or is closed: a truncated datagram, truncated descriptors, or more
    /// than [`MAX_MESSAGE_HANDLES`] descriptors are errors.
    pub fn try_recv(&self, buf: &mut Vec<u8>) -> Result<Received, Error> {
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let received = self.recv_into(&mut scratch[..])?;
            if let Received::Message(len, _) = &received {
                buf.clear();
                buf.extend_from_slice(&scratch[..*len]);
            }
            Ok(received)
        })
    }

    fn recv_into(&self, buf: &mut [u8]) -> Result<Received, Error> {
        let mut space = [MaybeUninit::<u8>::uninit(); CMSG_SPACE];
        let mut control = RecvAncillaryBuffer::new(&mut space);
        let msg = rustix::net::recvmsg(
            &self.fd,
            &mut [IoSliceMut::new(buf)],
            &mut control,
            RecvFlags::CMSG_CLOEXEC | RecvFlags::DONTWAIT,
        )?;
        // Take ownership of every descriptor first, so that any error below closes them.
        let mut fds: Vec<OwnedFd> = Vec::new();
        for m in control.drain() {
            if let RecvAncillaryMessage::ScmRights(received) = m {
                fds.extend(received);
            }
        }
        if msg
            .flags
            .intersects(ReturnFlags::TRUNC | ReturnFlags::CTRUNC)
        {
            return Err(Error::Truncated);
        }
        if fds.len() > MAX_MESSAGE_HANDLES {
            return Err(Error::TooManyHandles {
                count: fds.len(),
                limit: MAX_MESSAGE_HANDLES,
            });
        }
        if msg.bytes == 0 && fds.is_empty() {
            return Ok(Received::Closed);
        }
        let handles = fds.into_iter().map(fd::handle_info_from_fd).collect();
        Ok(Received::Message(msg.bytes, handles))
    }

    /// Shuts both directions down: the peer sees the channel closed even while descriptors of
    /// this end are still open elsewhere.
    pub fn shutdown(&self) -> Result<(), Error> {
        rustix::net::shutdown(&self.fd, rustix::net::Shutdown::Both)?;
        Ok(())
    }
}

/// Checks an outgoing message against the channel limits and takes its descriptors out of
/// their handles (see [`fd`](crate::fd) for the checks). On failure every handle is closed.
pub fn prepare(bytes: &[u8], handles: Vec<HandleDisposition>) -> Result<Vec<OwnedFd>, Error> {
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(Error::MessageTooLarge {
            bytes: bytes.len(),
            limit: MAX_MESSAGE_BYTES,
        });
    }
    fd::take_for_send(handles, MAX_MESSAGE_HANDLES)
}

impl AsFd for Channel {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

impl AsRawFd for Channel {
    fn as_raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }
}

impl From<Channel> for OwnedFd {
    fn from(c: Channel) -> OwnedFd {
        c.fd
    }
}
