//! The descriptor → object type and rights table of `fidlwire_bindings::fd`, the checks a send
//! makes, and rights reduction recorded by the table.

use fidlwire::{HandleDisposition, ObjectType, Rights};
use fidlwire_bindings::fd::{
    OTHER_OBJECT, SOCKET_DEFAULT_RIGHTS, VMO_DEFAULT_RIGHTS, classify, fd_from_handle,
    handle_basic_info, handle_from_fd,
};
use fidlwire_bindings::{Channel, Error};
use rustix::fs::{MemfdFlags, Mode, OFlags, SealFlags};
use std::os::fd::{AsFd, AsRawFd, OwnedFd};

fn memfd(flags: MemfdFlags) -> OwnedFd {
    rustix::fs::memfd_create("fd-test", flags | MemfdFlags::CLOEXEC).unwrap()
}

fn reopen(fd: &OwnedFd, flags: OFlags) -> OwnedFd {
    rustix::fs::open(
        format!("/proc/self/fd/{}", fd.as_raw_fd()),
        flags | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .unwrap()
}

fn without(r: Rights, gone: Rights) -> Rights {
    Rights(r.0 & !gone.0)
}

#[test]
fn descriptors_map_to_object_types_and_rights() {
    let (a, _b) = Channel::create().unwrap();
    assert_eq!(
        classify(a.as_fd()),
        (ObjectType::CHANNEL, Rights::CHANNEL_DEFAULT)
    );

    let (s, _t) = rustix::net::socketpair(
        rustix::net::AddressFamily::UNIX,
        rustix::net::SocketType::STREAM,
        rustix::net::SocketFlags::CLOEXEC,
        None,
    )
    .unwrap();
    assert_eq!(
        classify(s.as_fd()),
        (ObjectType::SOCKET, SOCKET_DEFAULT_RIGHTS)
    );

    let (r, w) = rustix::pipe::pipe_with(rustix::pipe::PipeFlags::CLOEXEC).unwrap();
    assert_eq!(
        classify(r.as_fd()),
        (
            ObjectType::SOCKET,
            without(SOCKET_DEFAULT_RIGHTS, Rights::WRITE)
        )
    );
    assert_eq!(
        classify(w.as_fd()),
        (
            ObjectType::SOCKET,
            without(SOCKET_DEFAULT_RIGHTS, Rights::READ)
        )
    );

    let m = memfd(MemfdFlags::ALLOW_SEALING);
    assert_eq!(classify(m.as_fd()), (ObjectType::VMO, VMO_DEFAULT_RIGHTS));
    let ro = reopen(&m, OFlags::RDONLY);
    assert_eq!(
        classify(ro.as_fd()),
        (ObjectType::VMO, without(VMO_DEFAULT_RIGHTS, Rights::WRITE))
    );
    let wo = reopen(&m, OFlags::WRONLY);
    assert_eq!(
        classify(wo.as_fd()),
        (
            ObjectType::VMO,
            without(VMO_DEFAULT_RIGHTS, Rights::READ | Rights::MAP)
        )
    );
    rustix::fs::fcntl_add_seals(&m, SealFlags::WRITE).unwrap();
    assert_eq!(
        classify(m.as_fd()),
        (ObjectType::VMO, without(VMO_DEFAULT_RIGHTS, Rights::WRITE)),
        "a write seal removes WRITE"
    );

    let e = rustix::event::eventfd(0, rustix::event::EventfdFlags::CLOEXEC).unwrap();
    assert_eq!(
        classify(e.as_fd()),
        (ObjectType::EVENT, Rights::EVENT_DEFAULT)
    );

    let dir = rustix::fs::open(
        "/",
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .unwrap();
    assert_eq!(classify(dir.as_fd()), (OTHER_OBJECT, Rights::BASIC));
}

#[test]
fn rights_reduction_is_recorded_and_checked_on_the_next_send() {
    let h = handle_from_fd(memfd(MemfdFlags::empty()));
    let raw = h.raw();
    let reduced = h.replace(Rights::READ | Rights::TRANSFER).unwrap();
    assert_eq!(
        reduced.raw(),
        raw,
        "the descriptor stays; the table records the rights"
    );
    assert_eq!(
        handle_basic_info(&reduced),
        Some((ObjectType::VMO, Rights::READ | Rights::TRANSFER))
    );
    // Asking for more than recorded fails, as zx_handle_replace does.
    let again = handle_from_fd(memfd(MemfdFlags::empty()))
        .replace(Rights::READ)
        .unwrap();
    assert!(again.replace(Rights::WRITE).is_err());

    let (a, _b) = Channel::create().unwrap();
    let send = |handle, rights| {
        a.write(
            b"m",
            vec![HandleDisposition {
                handle,
                object_type: ObjectType::VMO,
                rights,
            }],
        )
    };
    match send(reduced, Rights::READ | Rights::WRITE) {
        Err(Error::MissingHandleRights { index: 0, missing }) => assert_eq!(missing, Rights::WRITE),
        other => panic!("{other:?}"),
    }
    // Without TRANSFER a handle cannot be sent at all.
    let no_transfer = handle_from_fd(memfd(MemfdFlags::empty()))
        .replace(Rights::READ)
        .unwrap();
    assert!(matches!(
        send(no_transfer, Rights::SAME_RIGHTS),
        Err(Error::MissingHandleRights {
            missing: Rights::TRANSFER,
            ..
        })
    ));
    // The wrong object type.
    let event =
        handle_from_fd(rustix::event::eventfd(0, rustix::event::EventfdFlags::CLOEXEC).unwrap());
    assert!(matches!(
        send(event, Rights::SAME_RIGHTS),
        Err(Error::WrongHandleType {
            expected: ObjectType::VMO,
            actual: ObjectType::EVENT,
            ..
        })
    ));
}

#[test]
fn descriptors_come_back_out_of_handles_once() {
    let h = handle_from_fd(memfd(MemfdFlags::empty()));
    let fd = fd_from_handle(h).unwrap();
    assert_eq!(classify(fd.as_fd()).0, ObjectType::VMO);
    assert!(matches!(
        fd_from_handle(fidlwire::Handle::invalid()),
        Err(Error::ForeignHandle { .. })
    ));
    // A forged raw value of this backend closes nothing it does not own.
    let forged = fidlwire::Handle::from_raw(u32::MAX - 7, &fidlwire_bindings::fd::FD_HANDLES);
    drop(forged);
    assert_eq!(classify(fd.as_fd()).0, ObjectType::VMO);
}
