#![allow(deprecated)] // `AsyncFd::new` on an owned socket: see fidlwire-bindings' transport.rs

//! Round trips over a real channel (an `AF_UNIX` `SOCK_SEQPACKET` socket pair, server on its
//! own thread): the generated echo client calling the generated echo server, beside the floor
//! of a raw `sendmsg`/`recvmsg` round trip of the same bytes between two blocking threads.

use criterion::Criterion;
use fidlwire::protocol;
use fidlwire_bindings::{Binding, Channel, Received};
use fidlwire_examples::echo::EchoImpl;
use fidlwire_examples::fidl::fidlwire::examples::echo::*;
use rustix::net::{AddressFamily, RecvFlags, SendFlags, SocketFlags, SocketType};
use std::time::Duration;
use tokio::io::unix::AsyncFd;

/// String payloads measured, in bytes.
pub const SIZES: [usize; 2] = [32, 4096];

/// The encoded `EchoString` request for a `size`-byte string (the floor sends these bytes).
pub fn request_bytes(size: usize) -> Vec<u8> {
    let (mut bytes, mut handles) = (Vec::new(), Vec::new());
    protocol::encode_request::<echo::EchoString>(
        1,
        &EchoEchoStringRequest {
            value: "x".repeat(size),
        },
        &mut bytes,
        &mut handles,
    )
    .expect("encodes");
    bytes
}

/// Adds the `rpc/echo/<size>` groups to `c`.
pub fn bench(c: &mut Criterion) {
    for size in SIZES {
        let mut g = c.benchmark_group(format!("rpc/echo/{size}"));
        g.warm_up_time(Duration::from_millis(300));
        g.throughput(criterion::Throughput::Elements(1));
        raw_round_trip(&mut g, size);
        tokio_round_trip(&mut g, size);
        fidlwire_round_trip(&mut g, size);
        g.finish();
    }
}

fn raw_round_trip(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    size: usize,
) {
    let (a, b) = rustix::net::socketpair(
        AddressFamily::UNIX,
        SocketType::SEQPACKET,
        SocketFlags::CLOEXEC,
        None,
    )
    .expect("socketpair");
    let echo = std::thread::spawn(move || {
        let mut buf = vec![0u8; 65536];
        while let Ok(n) = rustix::net::recv(&b, &mut buf[..], RecvFlags::empty()) {
            if n.0 == 0 || rustix::net::send(&b, &buf[..n.0], SendFlags::NOSIGNAL).is_err() {
                break;
            }
        }
    });
    let msg = request_bytes(size);
    let mut buf = vec![0u8; 65536];
    g.bench_function("raw sendmsg/recvmsg", |bench| {
        bench.iter(|| {
            rustix::net::send(&a, &msg, SendFlags::NOSIGNAL).expect("send");
            let n = rustix::net::recv(&a, &mut buf[..], RecvFlags::empty()).expect("recv");
            assert_eq!(n.0, msg.len());
        })
    });
    drop(a);
    echo.join().expect("echo thread");
}

/// A current-thread tokio runtime on each side, raw bytes: what the async machinery alone
/// costs on top of the blocking floor.
fn tokio_round_trip(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    size: usize,
) {
    let (client, server) = Channel::create().expect("channel");
    let echo = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let io = AsyncFd::new(server).expect("register");
            let mut buf = Vec::new();
            loop {
                let Ok(mut guard) = io.readable().await else {
                    return;
                };
                match guard.try_io(|c| io_result(c.get_ref().try_recv(&mut buf))) {
                    Ok(Ok(Ok(Received::Message(..)))) => {}
                    Ok(_) => return,
                    Err(_would_block) => continue,
                }
                if io.get_ref().write(&buf, Vec::new()).is_err() {
                    return;
                }
            }
        });
    });
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let io = rt
        .block_on(async { AsyncFd::new(client) })
        .expect("register");
    let msg = request_bytes(size);
    let mut buf = Vec::new();
    g.bench_function("raw tokio AsyncFd", |bench| {
        bench.iter(|| {
            rt.block_on(async {
                io.get_ref().write(&msg, Vec::new()).expect("send");
                loop {
                    let mut guard = io.readable().await.expect("readable");
                    if let Ok(r) = guard.try_io(|c| io_result(c.get_ref().try_recv(&mut buf))) {
                        assert!(matches!(r, Ok(Ok(Received::Message(n, _))) if n == msg.len()));
                        return;
                    }
                }
            })
        })
    });
    drop(io);
    echo.join().expect("echo thread");
}

/// `WouldBlock` as tokio's readiness tracking expects it.
fn io_result<T>(r: Result<T, fidlwire_bindings::Error>) -> std::io::Result<Result<T, ()>> {
    match r {
        Err(fidlwire_bindings::Error::Io(e)) if e.kind() == std::io::ErrorKind::WouldBlock => {
            Err(std::io::ErrorKind::WouldBlock.into())
        }
        Ok(v) => Ok(Ok(v)),
        Err(_) => Ok(Err(())),
    }
}

fn fidlwire_round_trip(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    size: usize,
) {
    let (client, server) = Channel::create().expect("channel");
    let server_thread = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let binding = Binding::<EchoMarker>::new(server.into()).expect("binding");
            let control = binding.control_handle();
            let _ = binding.serve(EchoImpl::new(control)).await;
        });
    });
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let proxy = rt
        .block_on(async { EchoProxy::new(client.into()) })
        .expect("proxy");
    let value = "x".repeat(size);
    g.bench_function("fidlwire echo call", |bench| {
        bench.iter(|| {
            let reply = rt.block_on(proxy.echo_string(value.clone())).expect("echo");
            assert_eq!(reply.response.len(), size);
        })
    });
    drop(proxy);
    rt.block_on(async { tokio::time::sleep(Duration::from_millis(10)).await });
    server_thread.join().expect("server thread");
}
