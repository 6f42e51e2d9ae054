//! Handles crossing real channels: a memfd sent to another process arrives readable, as a VMO
//! with the declared rights; a handle lacking required rights is refused (before sending, or by
//! the receiver) and every descriptor involved is closed; a `server_end` sent in a request is
//! served while the client already calls on its `client_end` (pipelining).
//!
//! Every test holds `FD_LOCK`: some count this process's descriptors.

mod support;

use fidlwire::{Handle, ObjectType, Rights, ServerEnd};
use fidlwire_bindings::fd::{handle_from_fd, handle_info_from_fd};
use fidlwire_bindings::{Binding, Channel, Error, Status, connect_end, create_endpoints};
use fidlwire_codegen_tests::own::fidlwire::test::bindings::*;
use fidlwire_codegen_tests::servers::FilesImpl;
use rustix::fs::{MemfdFlags, Mode, OFlags};
use std::os::fd::{AsRawFd, OwnedFd};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::{FD_LOCK, RawPeer, message, open_fds, run, settle_fds};

fn memfd(content: &[u8]) -> OwnedFd {
    let fd = rustix::fs::memfd_create("fidlwire-test", MemfdFlags::CLOEXEC).unwrap();
    rustix::io::write(&fd, content).unwrap();
    fd
}

/// A second, read-only descriptor of the same memfd.
fn read_only(fd: &OwnedFd) -> OwnedFd {
    rustix::fs::open(
        format!("/proc/self/fd/{}", fd.as_raw_fd()),
        OFlags::RDONLY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .unwrap()
}

fn socket_path(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("fidlwire-{}-{name}.sock", std::process::id()))
}

#[test]
fn a_memfd_sent_to_another_process_arrives_readable_as_a_vmo_with_the_declared_rights() {
    let _lock = FD_LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let path = socket_path("files");
    let _ = std::fs::remove_file(&path);
    let mut child = Command::new(env!("CARGO_BIN_EXE_peer"))
        .arg("serve-files")
        .arg(&path)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let p = path.clone();
    run(async move {
        let deadline = Instant::now() + Duration::from_secs(10);
        let client_end = loop {
            match connect_end::<FilesMarker>(&p).await {
                Ok(end) => break end,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
                Err(e) => panic!("the peer never listened: {e}"),
            }
        };
        let proxy = FilesProxy::new(client_end).unwrap();
        let content = b"hello from another process";
        let reply = proxy.read(handle_from_fd(memfd(content))).await.unwrap();
        assert_eq!(reply.size, content.len() as u64);
        assert_eq!(reply.head, content);
        assert_eq!(ObjectType(reply.object_type), ObjectType::VMO);
        // The declaration asks for READ | MAP | TRANSFER; the receiver recorded exactly that.
        assert_eq!(
            Rights(reply.rights),
            Rights::READ | Rights::MAP | Rights::TRANSFER
        );
    });
    drop(child.stdin.take());
    let status = child.wait().unwrap();
    assert!(status.success(), "peer exited with {status}");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn a_handle_without_required_rights_is_refused_before_sending_and_closed() {
    let _lock = FD_LOCK.lock().unwrap_or_else(|p| p.into_inner());
    run(async {
        let baseline = open_fds();
        let (client, server) = Channel::create().unwrap();
        let binding = Binding::<FilesMarker>::new(ServerEnd::from(server)).unwrap();
        tokio::spawn(binding.serve(FilesImpl::default()));
        let proxy = FilesProxy::new(client.into()).unwrap();
        let original = memfd(b"x");
        let ro = handle_from_fd(read_only(&original));
        drop(original);
        match proxy.write(ro).await {
            Err(Error::MissingHandleRights { index: 0, missing }) => {
                assert_eq!(missing, Rights::WRITE)
            }
            other => panic!("{other:?}"),
        }
        // Nothing was sent: the connection still works.
        let ok = proxy.write(handle_from_fd(memfd(b"y"))).await;
        assert!(matches!(ok, Ok(())), "{ok:?}");
        drop(proxy);
        assert_eq!(settle_fds(baseline).await, baseline, "descriptors leaked");
    });
}

#[test]
fn a_received_handle_without_required_rights_closes_the_connection_and_every_descriptor() {
    let _lock = FD_LOCK.lock().unwrap_or_else(|p| p.into_inner());
    run(async {
        let baseline = open_fds();
        let (client, server) = Channel::create().unwrap();
        let binding = Binding::<FilesMarker>::new(ServerEnd::from(server)).unwrap();
        let served = tokio::spawn(binding.serve(FilesImpl::default()));
        let mut raw = RawPeer::new(client);
        // A raw sender that declares nothing (SAME_RIGHTS), so no send-side check stops it.
        let original = memfd(b"x");
        let ro = handle_info_from_fd(read_only(&original));
        drop(original);
        let request = message(
            1,
            true,
            files::WRITE_ORDINAL,
            &[0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0],
        );
        raw.channel
            .write(
                &request,
                vec![fidlwire::HandleDisposition {
                    handle: ro.handle,
                    object_type: ObjectType::NONE,
                    rights: Rights::SAME_RIGHTS,
                }],
            )
            .unwrap();
        let (epitaph, _) = raw.recv().await.unwrap();
        assert_eq!(
            fidlwire::header::decode_epitaph(&epitaph).unwrap(),
            Status::INVALID_ARGS.0
        );
        match served.await.unwrap() {
            Err(Error::Protocol(fidlwire_bindings::ProtocolError::MalformedRequest(e))) => {
                assert_eq!(e.code(), "MISSING_REQUIRED_HANDLE_RIGHTS")
            }
            other => panic!("{other:?}"),
        }
        drop(raw);
        assert_eq!(settle_fds(baseline).await, baseline, "descriptors leaked");
        assert_eq!(fidlwire_bindings::fd::open_handle_count(), 0);
    });
}

#[test]
fn a_server_end_sent_in_a_request_is_served_while_the_client_already_calls() {
    let _lock = FD_LOCK.lock().unwrap_or_else(|p| p.into_inner());
    run(async {
        let (client, server) = Channel::create().unwrap();
        let binding = Binding::<FilesMarker>::new(ServerEnd::from(server)).unwrap();
        tokio::spawn(binding.serve(FilesImpl::default()));
        let files = FilesProxy::new(client.into()).unwrap();
        let (echo_client, echo_server) = create_endpoints::<EchoMarker>().unwrap();
        let echo = EchoProxy::new(echo_client).unwrap();
        // The call is issued first: it waits in the channel until the server serves it.
        let call = tokio::spawn(async move { echo.echo(77).await });
        files.connect(echo_server).await.unwrap();
        assert_eq!(call.await.unwrap().unwrap().value, 77);
    });
}

#[test]
fn emulated_handles_cannot_cross_a_channel() {
    let _lock = FD_LOCK.lock().unwrap_or_else(|p| p.into_inner());
    run(async {
        let (client, server) = Channel::create().unwrap();
        let binding = Binding::<FilesMarker>::new(ServerEnd::from(server)).unwrap();
        tokio::spawn(binding.serve(FilesImpl::default()));
        let proxy = FilesProxy::new(client.into()).unwrap();
        let emulated: Handle =
            fidlwire::emulated::create(ObjectType::VMO, Rights(!Rights::SAME_RIGHTS.0));
        let raw = emulated.raw();
        match proxy.read(emulated).await {
            Err(Error::ForeignHandle { index: 0 }) => {}
            other => panic!("{other:?}"),
        }
        assert!(
            !fidlwire::emulated::state(raw).unwrap().open,
            "closed, as a failed write does"
        );
    });
}
