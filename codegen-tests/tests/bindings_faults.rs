//! Peers that break the rules. A client facing a server that answers with an unknown txid, the
//! wrong ordinal, an unknown strict event, a malformed reply, or that closes mid-call fails its
//! pending calls with the right error; a server facing a client that sends garbage, wrong txids
//! or epitaphs closes that connection with the documented epitaph. Nothing hangs (every test
//! runs under a timeout) and every descriptor is closed again (`/proc/self/fd` counted).

mod support;

use fidlwire::ServerEnd;
use fidlwire_bindings::{Binding, Channel, Error, ProtocolError, Status};
use fidlwire_codegen_tests::own::fidlwire::test::bindings::*;
use fidlwire_codegen_tests::servers::EchoImpl;
use std::future::Future;
use support::{FD_LOCK, RawPeer, message, open_fds, run, settle_fds};
use tokio::task::JoinHandle;

/// Runs `test` and checks that it leaves no descriptor open.
fn without_leaks<F: Future<Output = ()> + Send + 'static>(test: F) {
    let _lock = FD_LOCK.lock().unwrap_or_else(|p| p.into_inner());
    run(async move {
        let baseline = open_fds();
        test.await;
        assert_eq!(settle_fds(baseline).await, baseline, "descriptors leaked");
    });
}

/// Starts two `Echo` calls against a raw server and returns them with the raw peer, after
/// reading both requests (txids 1 and 2).
async fn two_pending_calls() -> (
    JoinHandle<Result<EchoEchoResponse, Error>>,
    JoinHandle<Result<EchoEchoResponse, Error>>,
    RawPeer,
) {
    let (client, server) = Channel::create().unwrap();
    let proxy = EchoProxy::new(client.into()).unwrap();
    let p = proxy.clone();
    let first = tokio::spawn(async move { p.echo(1).await });
    let mut raw = RawPeer::new(server);
    assert_eq!(&raw.recv().await.unwrap().0[..4], &[1, 0, 0, 0]);
    let second = tokio::spawn(async move { proxy.echo(2).await });
    assert_eq!(&raw.recv().await.unwrap().0[..4], &[2, 0, 0, 0]);
    (first, second, raw)
}

fn echo_reply(txid: u32, ordinal: u64, value: u64) -> Vec<u8> {
    message(txid, false, ordinal, &value.to_le_bytes())
}

#[test]
fn a_reply_with_an_unknown_txid_fails_every_pending_call_and_closes() {
    without_leaks(async {
        let (first, second, mut raw) = two_pending_calls().await;
        raw.send(&echo_reply(99, echo::ECHO_ORDINAL, 0));
        for call in [first, second] {
            match call.await.unwrap() {
                Err(Error::Protocol(ProtocolError::UnexpectedTxid { txid: 99 })) => {}
                other => panic!("{other:?}"),
            }
        }
        assert!(raw.recv().await.is_none(), "the client closed the channel");
    });
}

#[test]
fn a_reply_with_another_ordinal_fails_every_pending_call_and_closes() {
    without_leaks(async {
        let (first, second, mut raw) = two_pending_calls().await;
        raw.send(&echo_reply(2, echo::SLOW_ORDINAL, 2));
        for call in [first, second] {
            match call.await.unwrap() {
                Err(Error::Protocol(ProtocolError::WrongReplyOrdinal { expected, actual })) => {
                    assert_eq!((expected, actual), (echo::ECHO_ORDINAL, echo::SLOW_ORDINAL));
                }
                other => panic!("{other:?}"),
            }
        }
        assert!(raw.recv().await.is_none());
    });
}

#[test]
fn an_unknown_strict_event_closes_the_client() {
    without_leaks(async {
        let (first, second, mut raw) = two_pending_calls().await;
        raw.send(&message(0, false, 0x4242, &[]));
        for call in [first, second] {
            match call.await.unwrap() {
                Err(Error::Protocol(ProtocolError::UnknownEvent { ordinal: 0x4242 })) => {}
                other => panic!("{other:?}"),
            }
        }
        assert!(raw.recv().await.is_none());
    });
}

#[test]
fn an_unknown_flexible_event_still_closes_a_closed_protocol() {
    without_leaks(async {
        let (first, second, mut raw) = two_pending_calls().await;
        raw.send(&message(0, true, 0x4242, &[]));
        for call in [first, second] {
            assert!(matches!(
                call.await.unwrap(),
                Err(Error::Protocol(ProtocolError::UnknownEvent { .. }))
            ));
        }
        assert!(raw.recv().await.is_none());
    });
}

#[test]
fn a_malformed_reply_fails_its_call_with_the_decode_error() {
    without_leaks(async {
        let (first, second, raw) = two_pending_calls().await;
        // Four bytes of body where eight are needed.
        raw.send(&message(1, false, echo::ECHO_ORDINAL, &[1, 0, 0, 0]));
        match first.await.unwrap() {
            Err(Error::Decode(e)) => {
                assert_eq!(e.code(), "TOO_FEW_BYTES_IN_PRIMARY_OBJECT");
                assert_eq!(e.offset(), 20, "offsets count from the message start");
            }
            other => panic!("{other:?}"),
        }
        // The other call is unaffected.
        raw.send(&echo_reply(2, echo::ECHO_ORDINAL, 22));
        assert_eq!(second.await.unwrap().unwrap().value, 22);
    });
}

#[test]
fn a_peer_closing_mid_call_fails_pending_calls_with_peer_closed() {
    without_leaks(async {
        let (first, second, raw) = two_pending_calls().await;
        drop(raw);
        for call in [first, second] {
            assert!(matches!(
                call.await.unwrap(),
                Err(Error::PeerClosed { epitaph: None })
            ));
        }
    });
}

#[test]
fn an_epitaph_mid_call_fails_pending_calls_with_its_status() {
    without_leaks(async {
        let (first, second, raw) = two_pending_calls().await;
        raw.send(&fidlwire::header::encode_epitaph(Status::UNAVAILABLE.0));
        drop(raw);
        for call in [first, second] {
            match call.await.unwrap() {
                Err(Error::PeerClosed {
                    epitaph: Some(Status::UNAVAILABLE),
                }) => {}
                other => panic!("{other:?}"),
            }
        }
    });
}

#[test]
fn calls_after_the_close_fail_at_once() {
    without_leaks(async {
        let (client, server) = Channel::create().unwrap();
        let proxy = EchoProxy::new(client.into()).unwrap();
        drop(server);
        // The first call may fail on the write or on the close; every call fails.
        for _ in 0..3 {
            assert!(proxy.echo(1).await.unwrap_err().is_closed());
        }
    });
}

#[test]
fn dropping_a_call_abandons_it_and_its_late_reply_is_discarded() {
    without_leaks(async {
        let (client, server) = Channel::create().unwrap();
        let proxy = EchoProxy::new(client.into()).unwrap();
        let mut raw = RawPeer::new(server);
        let p = proxy.clone();
        let abandoned = tokio::spawn(async move { p.echo(1).await });
        raw.recv().await.unwrap();
        abandoned.abort();
        let _ = abandoned.await;
        // The late reply to txid 1 is not a protocol error: the client still works.
        raw.send(&echo_reply(1, echo::ECHO_ORDINAL, 1));
        let next = tokio::spawn(async move { proxy.echo(3).await });
        let (request, _) = raw.recv().await.unwrap();
        assert_eq!(&request[..4], &[2, 0, 0, 0]);
        raw.send(&echo_reply(2, echo::ECHO_ORDINAL, 3));
        assert_eq!(next.await.unwrap().unwrap().value, 3);
    });
}

#[test]
fn many_outstanding_calls_complete_out_of_order() {
    without_leaks(async {
        let (client, server) = Channel::create().unwrap();
        let binding = Binding::<EchoMarker>::new(ServerEnd::from(server)).unwrap();
        let control = binding.control_handle();
        let served = tokio::spawn(binding.serve(EchoImpl { control }));
        let proxy = EchoProxy::new(client.into()).unwrap();
        let calls: Vec<_> = (0..50u64)
            .map(|i| {
                let p = proxy.clone();
                // Earlier calls wait longer: replies come back in reverse.
                tokio::spawn(async move { p.slow(i, (50 - i) as u32).await })
            })
            .collect();
        for (i, call) in calls.into_iter().enumerate() {
            assert_eq!(call.await.unwrap().unwrap().value, i as u64);
        }
        drop(proxy);
        assert!(
            served.await.unwrap().is_ok(),
            "the client closing ends the binding cleanly"
        );
    });
}

/// Serves `Echo` on a new channel and returns the raw client end and the binding's task.
fn raw_client_of_echo() -> (RawPeer, JoinHandle<Result<(), Error>>) {
    let (client, server) = Channel::create().unwrap();
    let binding = Binding::<EchoMarker>::new(ServerEnd::from(server)).unwrap();
    let control = binding.control_handle();
    let served = tokio::spawn(binding.serve(EchoImpl { control }));
    (RawPeer::new(client), served)
}

/// What a case expects of the error that ended the binding.
type Check = fn(&Error) -> bool;

/// Sends `request` and expects the server to close with an epitaph of `status`.
async fn expect_epitaph(request: &[u8], status: Status) -> Error {
    let (mut raw, served) = raw_client_of_echo();
    raw.send(request);
    let (epitaph, _) = raw.recv().await.expect("an epitaph");
    assert_eq!(
        fidlwire::header::decode_epitaph(&epitaph).unwrap(),
        status.0,
        "request {request:02x?}"
    );
    assert!(raw.recv().await.is_none(), "closed after the epitaph");
    served
        .await
        .unwrap()
        .expect_err("the binding ended with an error")
}

#[test]
fn garbage_and_protocol_violations_close_the_connection_with_invalid_args() {
    without_leaks(async {
        let too_short = vec![1, 2, 3];
        let bad_magic = {
            let mut m = echo_reply(1, echo::ECHO_ORDINAL, 1);
            m[7] = 9;
            m
        };
        let one_way_with_txid = message(5, false, echo::FIRE_ORDINAL, &[0; 8]);
        let two_way_without_txid = message(0, false, echo::ECHO_ORDINAL, &[0; 8]);
        let truncated_body = message(1, false, echo::ECHO_ORDINAL, &[0; 4]);
        let bad_padding = message(1, false, echo::MISBEHAVE_ORDINAL, &[1, 0, 0, 0, 0, 0, 0, 1]);
        let from_client = fidlwire::header::encode_epitaph(0).to_vec();
        let cases: [(&[u8], Check); 7] = [
            (&too_short, |e| {
                matches!(e, Error::Protocol(ProtocolError::InvalidHeader(_)))
            }),
            (&bad_magic, |e| {
                matches!(e, Error::Protocol(ProtocolError::InvalidHeader(_)))
            }),
            (&one_way_with_txid, |e| {
                matches!(
                    e,
                    Error::Protocol(ProtocolError::InvalidRequestTxid { txid: 5, .. })
                )
            }),
            (&two_way_without_txid, |e| {
                matches!(
                    e,
                    Error::Protocol(ProtocolError::InvalidRequestTxid { txid: 0, .. })
                )
            }),
            (
                &truncated_body,
                |e| matches!(e, Error::Protocol(ProtocolError::MalformedRequest(d)) if d.offset() == 20),
            ),
            (
                &bad_padding,
                |e| matches!(e, Error::Protocol(ProtocolError::MalformedRequest(d)) if d.code() == "INVALID_PADDING_BYTE"),
            ),
            (&from_client, |e| {
                matches!(e, Error::Protocol(ProtocolError::EpitaphFromClient))
            }),
        ];
        for (request, check) in cases {
            let error = expect_epitaph(request, Status::INVALID_ARGS).await;
            assert!(check(&error), "{request:02x?} gave {error:?}");
        }
    });
}

fn misbehave(how: u32) -> Vec<u8> {
    let mut body = how.to_le_bytes().to_vec();
    body.extend_from_slice(&[0; 4]);
    message(1, false, echo::MISBEHAVE_ORDINAL, &body)
}

#[test]
fn handler_failures_close_the_connection_with_internal() {
    without_leaks(async {
        // A dropped responder ends the connection; the binding itself ends cleanly.
        let (mut raw, served) = raw_client_of_echo();
        raw.send(&misbehave(1));
        let (epitaph, _) = raw.recv().await.unwrap();
        assert_eq!(
            fidlwire::header::decode_epitaph(&epitaph).unwrap(),
            Status::INTERNAL.0
        );
        assert!(raw.recv().await.is_none());
        assert!(served.await.unwrap().is_ok());

        let error = expect_epitaph(&misbehave(2), Status::INTERNAL).await;
        assert!(matches!(&error, Error::Handler(e) if e.to_string() == "asked to fail"));
        let error = expect_epitaph(&misbehave(3), Status::INTERNAL).await;
        assert!(matches!(&error, Error::Panic(m) if &**m == "asked to panic"));
    });
}

#[test]
fn a_dropped_responder_fails_the_call_instead_of_hanging_it() {
    without_leaks(async {
        let (client, server) = Channel::create().unwrap();
        let binding = Binding::<EchoMarker>::new(ServerEnd::from(server)).unwrap();
        let control = binding.control_handle();
        tokio::spawn(binding.serve(EchoImpl { control }));
        let proxy = EchoProxy::new(client.into()).unwrap();
        match proxy.misbehave(Misbehavior::DropResponder).await {
            Err(Error::PeerClosed {
                epitaph: Some(Status::INTERNAL),
            }) => {}
            other => panic!("{other:?}"),
        }
    });
}

#[test]
fn one_failing_binding_leaves_the_others_working() {
    without_leaks(async {
        let mut proxies = Vec::new();
        for _ in 0..5 {
            let (client, server) = Channel::create().unwrap();
            let binding = Binding::<EchoMarker>::new(ServerEnd::from(server)).unwrap();
            let control = binding.control_handle();
            tokio::spawn(binding.serve(EchoImpl { control }));
            proxies.push(EchoProxy::new(client.into()).unwrap());
        }
        assert!(proxies[2].misbehave(Misbehavior::Panic).await.is_err());
        for (i, p) in proxies.iter().enumerate() {
            let r = p.echo(i as u64).await;
            if i == 2 {
                assert!(r.unwrap_err().is_closed());
            } else {
                assert_eq!(r.unwrap().value, i as u64);
            }
        }
    });
}

/// Regression: a server that closes with requests still unread in its queue makes the kernel
/// report ECONNRESET before the epitaph it sent; the client must read on and report the
/// epitaph, not a bare "peer closed".
#[test]
fn an_epitaph_sent_with_requests_unread_still_reaches_the_pending_call() {
    without_leaks(async {
        let (client, server) = Channel::create().unwrap();
        let proxy = EchoProxy::new(client.into()).unwrap();
        let call = tokio::spawn(async move { proxy.echo(1).await });
        // Wait until the request sits, unread, in the server end's queue.
        let mut pending = 0;
        for _ in 0..1000 {
            pending = rustix::net::recv(
                &server,
                &mut [0u8; 64][..],
                rustix::net::RecvFlags::PEEK | rustix::net::RecvFlags::DONTWAIT,
            )
            .map_or(0, |(n, _)| n);
            if pending > 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
        assert_eq!(pending, 24, "the request is queued");
        server
            .write(
                &fidlwire::header::encode_epitaph(Status::UNAVAILABLE.0),
                Vec::new(),
            )
            .unwrap();
        drop(server);
        match call.await.unwrap() {
            Err(Error::PeerClosed {
                epitaph: Some(Status::UNAVAILABLE),
            }) => {}
            other => panic!("{other:?}"),
        }
    });
}
