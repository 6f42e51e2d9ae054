//! `Channel`: one datagram per message with descriptors as handles, the 64 KiB / 64-handle
//! limits checked before sending, truncated datagrams refused, and every received descriptor
//! owned by a handle or closed (`/proc/self/fd` counted).

use fidlwire::{HandleDisposition, ObjectType, Rights};
use fidlwire_bindings::fd::{handle_from_fd, open_handle_count};
use fidlwire_bindings::{Channel, Error, MAX_MESSAGE_BYTES, MAX_MESSAGE_HANDLES, Received};
use rustix::net::{SendAncillaryBuffer, SendAncillaryMessage, SendFlags};
use std::io::IoSlice;
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::sync::Mutex;

/// These tests count the process's descriptors, so they run one at a time.
static LOCK: Mutex<()> = Mutex::new(());

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

fn eventfd() -> OwnedFd {
    rustix::event::eventfd(0, rustix::event::EventfdFlags::CLOEXEC).unwrap()
}

fn disposition(fd: OwnedFd) -> HandleDisposition {
    HandleDisposition {
        handle: handle_from_fd(fd),
        object_type: ObjectType::NONE,
        rights: Rights::SAME_RIGHTS,
    }
}

fn recv(c: &Channel) -> Result<Received, Error> {
    let mut buf = Vec::new();
    let r = c.try_recv(&mut buf);
    if let Ok(Received::Message(len, _)) = &r {
        assert_eq!(buf.len(), *len, "the buffer holds exactly the message");
    }
    r
}

/// Sends raw bytes and descriptors with `sendmsg`, bypassing every check of `Channel`.
fn raw_send(to: &Channel, bytes: &[u8], fds: &[OwnedFd]) {
    let borrowed: Vec<BorrowedFd<'_>> = fds.iter().map(AsFd::as_fd).collect();
    let mut space = vec![MaybeUninit::<u8>::uninit(); rustix::cmsg_space!(ScmRights(fds.len()))];
    let mut control = SendAncillaryBuffer::new(&mut space);
    if !borrowed.is_empty() {
        assert!(control.push(SendAncillaryMessage::ScmRights(&borrowed)));
    }
    rustix::net::sendmsg(to, &[IoSlice::new(bytes)], &mut control, SendFlags::empty()).unwrap();
}

#[test]
fn messages_and_handles_arrive_whole_and_in_order() {
    let _l = LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let (a, b) = Channel::create().unwrap();
    a.write(b"first", vec![disposition(eventfd())]).unwrap();
    a.write(b"second", Vec::new()).unwrap();
    match recv(&b).unwrap() {
        Received::Message(5, handles) => {
            assert_eq!(handles.len(), 1);
            assert_eq!(handles[0].object_type, ObjectType::EVENT);
            assert_eq!(handles[0].rights, Rights::EVENT_DEFAULT);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(recv(&b).unwrap(), Received::Message(6, h) if h.is_empty()));
    assert!(matches!(recv(&b), Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::WouldBlock));
    drop(a);
    assert!(matches!(recv(&b).unwrap(), Received::Closed));
}

#[test]
fn the_byte_limit_is_checked_before_sending_and_the_handles_closed() {
    let _l = LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let baseline = open_fds();
    let (a, b) = Channel::create().unwrap();
    a.write(&vec![0; MAX_MESSAGE_BYTES], Vec::new()).unwrap();
    assert!(matches!(
        recv(&b).unwrap(),
        Received::Message(MAX_MESSAGE_BYTES, _)
    ));
    match a.write(
        &vec![0; MAX_MESSAGE_BYTES + 1],
        vec![disposition(eventfd())],
    ) {
        Err(Error::MessageTooLarge { bytes, limit }) => {
            assert_eq!((bytes, limit), (MAX_MESSAGE_BYTES + 1, MAX_MESSAGE_BYTES))
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(recv(&b), Err(Error::Io(_))), "nothing was sent");
    drop((a, b));
    assert_eq!(open_fds(), baseline);
    assert_eq!(open_handle_count(), 0);
}

#[test]
fn the_handle_limit_is_checked_before_sending_and_the_handles_closed() {
    let _l = LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let baseline = open_fds();
    let (a, b) = Channel::create().unwrap();
    let at_limit = (0..MAX_MESSAGE_HANDLES)
        .map(|_| disposition(eventfd()))
        .collect();
    a.write(b"ok", at_limit).unwrap();
    match recv(&b).unwrap() {
        Received::Message(2, handles) => assert_eq!(handles.len(), MAX_MESSAGE_HANDLES),
        other => panic!("{other:?}"),
    }
    let over = (0..=MAX_MESSAGE_HANDLES)
        .map(|_| disposition(eventfd()))
        .collect();
    match a.write(b"no", over) {
        Err(Error::TooManyHandles { count, limit }) => {
            assert_eq!(
                (count, limit),
                (MAX_MESSAGE_HANDLES + 1, MAX_MESSAGE_HANDLES)
            )
        }
        other => panic!("{other:?}"),
    }
    drop((a, b));
    assert_eq!(open_fds(), baseline);
    assert_eq!(open_handle_count(), 0);
}

#[test]
fn a_truncated_datagram_is_an_error_and_its_descriptors_are_closed() {
    let _l = LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let baseline = open_fds();
    let (a, b) = Channel::create().unwrap();
    raw_send(&a, &vec![1; MAX_MESSAGE_BYTES + 8], &[eventfd(), eventfd()]);
    assert!(matches!(recv(&b), Err(Error::Truncated)));
    // More descriptors than a message may carry: refused, all closed.
    let fds: Vec<OwnedFd> = (0..MAX_MESSAGE_HANDLES + 3).map(|_| eventfd()).collect();
    raw_send(&a, b"x", &fds);
    drop(fds);
    assert!(matches!(
        recv(&b),
        Err(Error::TooManyHandles { .. }) | Err(Error::Truncated)
    ));
    // The channel still carries the next message.
    a.write(b"next", Vec::new()).unwrap();
    assert!(matches!(recv(&b).unwrap(), Received::Message(4, _)));
    drop((a, b));
    assert_eq!(open_fds(), baseline);
    assert_eq!(open_handle_count(), 0);
}

#[test]
fn channels_convert_to_and_from_handles_and_endpoints() {
    let _l = LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let (a, b) = Channel::create().unwrap();
    let handle = a.into_handle();
    assert_eq!(
        fidlwire_bindings::fd::handle_basic_info(&handle),
        Some((ObjectType::CHANNEL, Rights::CHANNEL_DEFAULT))
    );
    let a = Channel::from_handle(handle).unwrap();
    a.write(b"hi", Vec::new()).unwrap();
    assert!(matches!(recv(&b).unwrap(), Received::Message(2, _)));
    // Not a channel: an eventfd, an emulated handle.
    assert!(matches!(
        Channel::from_handle(handle_from_fd(eventfd())),
        Err(Error::NotAChannel)
    ));
    let emulated = fidlwire::emulated::create(ObjectType::CHANNEL, Rights::CHANNEL_DEFAULT);
    assert!(matches!(
        Channel::from_handle(emulated),
        Err(Error::NotAChannel)
    ));
}
