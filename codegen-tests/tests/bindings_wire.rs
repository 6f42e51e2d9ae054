//! What the generated clients and servers put on the socket, byte for byte: a call, a reply,
//! an event, an epitaph, the unknown-method reply, and the unknown-interaction rules of open,
//! ajar and closed protocols (wire-format spec §12).

mod support;

use fidlwire::ServerEnd;
use fidlwire::protocol::MethodKind;
use fidlwire_bindings::{Binding, Channel};
use fidlwire_codegen_tests::own::fidlwire::test::bindings::*;
use fidlwire_codegen_tests::servers::{AjarImpl, EchoImpl, OpenImpl, UnknownLog};
use support::{RawPeer, run};

/// Header bytes 4..8 of a strict and of a flexible message: V2 flag, dynamic flags, magic.
const STRICT: [u8; 4] = [0x02, 0x00, 0x00, 0x01];
const FLEXIBLE: [u8; 4] = [0x02, 0x00, 0x80, 0x01];
const EPITAPH_ORDINAL: [u8; 8] = [0xff; 8];

fn bytes(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

fn serve_echo(server: Channel) {
    let binding = Binding::<EchoMarker>::new(ServerEnd::from(server)).unwrap();
    let control = binding.control_handle();
    tokio::spawn(binding.serve(EchoImpl { control }));
}

fn serve_open(server: Channel) -> UnknownLog {
    let unknown = UnknownLog::default();
    let binding = Binding::<OpenMarker>::new(ServerEnd::from(server)).unwrap();
    let control = binding.control_handle();
    tokio::spawn(binding.serve(OpenImpl {
        unknown: unknown.clone(),
        control,
    }));
    unknown
}

#[test]
fn a_call_is_its_header_and_body_and_the_matching_reply_completes_it() {
    run(async {
        let (client, server) = Channel::create().unwrap();
        let proxy = EchoProxy::new(client.into()).unwrap();
        let call = tokio::spawn(async move { proxy.echo(0x1122_3344_5566_7788).await });
        let mut raw = RawPeer::new(server);
        let (request, handles) = raw.recv().await.unwrap();
        assert!(handles.is_empty());
        let ordinal = echo::ECHO_ORDINAL.to_le_bytes();
        assert_eq!(
            request,
            bytes(&[
                &[1, 0, 0, 0],
                &STRICT,
                &ordinal,
                &[0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11]
            ])
        );
        raw.send(&bytes(&[
            &[1, 0, 0, 0],
            &STRICT,
            &ordinal,
            &[7, 0, 0, 0, 0, 0, 0, 0],
        ]));
        assert_eq!(call.await.unwrap().unwrap(), EchoEchoResponse { value: 7 });
    });
}

/// Sends `Open.Call(9)` with the proxy, checks the request bytes, answers with `reply` (the
/// body of a result union) and returns what the proxy made of it.
async fn flexible_call(
    proxy: &OpenProxy,
    raw: &mut RawPeer,
    txid: u32,
    reply: &[u8],
) -> Result<Result<OpenCallResponse, Error>, fidlwire_bindings::Error> {
    let p = proxy.clone();
    let call = tokio::spawn(async move { p.call(9).await });
    let ordinal = open::CALL_ORDINAL.to_le_bytes();
    let (request, _) = raw.recv().await.unwrap();
    assert_eq!(
        request,
        bytes(&[
            &txid.to_le_bytes(),
            &FLEXIBLE,
            &ordinal,
            &[9, 0, 0, 0, 0, 0, 0, 0]
        ])
    );
    raw.send(&bytes(&[&txid.to_le_bytes(), &FLEXIBLE, &ordinal, reply]));
    call.await.unwrap()
}

#[test]
fn a_flexible_call_sets_the_flexible_flag_and_maps_its_result_union() {
    run(async {
        let (client, server) = Channel::create().unwrap();
        let proxy = OpenProxy::new(client.into()).unwrap();
        let mut raw = RawPeer::new(server);
        // {1: response {value: 5}}, out of line.
        let ok = [
            1, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0,
        ];
        assert_eq!(
            flexible_call(&proxy, &mut raw, 1, &ok).await.unwrap(),
            Ok(OpenCallResponse { value: 5 })
        );
        // {2: err NEGATIVE}, inline.
        let err = [2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0];
        assert_eq!(
            flexible_call(&proxy, &mut raw, 2, &err).await.unwrap(),
            Err(Error::Negative)
        );
        // {3: framework_err UNKNOWN_METHOD}, inline -2: its own error variant.
        let framework = [3, 0, 0, 0, 0, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff, 0, 0, 1, 0];
        match flexible_call(&proxy, &mut raw, 3, &framework).await {
            Err(fidlwire_bindings::Error::UnknownMethod { ordinal }) => {
                assert_eq!(ordinal, open::CALL_ORDINAL)
            }
            other => panic!("framework error gave {other:?}"),
        }
    });
}

#[test]
fn a_reply_echoes_the_txid_and_ordinal() {
    run(async {
        let (client, server) = Channel::create().unwrap();
        serve_echo(server);
        let mut raw = RawPeer::new(client);
        let ordinal = echo::ECHO_ORDINAL.to_le_bytes();
        raw.send(&bytes(&[
            &[0x34, 0x12, 0, 0],
            &STRICT,
            &ordinal,
            &[42, 0, 0, 0, 0, 0, 0, 0],
        ]));
        let (reply, _) = raw.recv().await.unwrap();
        assert_eq!(
            reply,
            bytes(&[
                &[0x34, 0x12, 0, 0],
                &STRICT,
                &ordinal,
                &[42, 0, 0, 0, 0, 0, 0, 0]
            ])
        );
    });
}

#[test]
fn an_event_has_txid_zero() {
    run(async {
        let (client, server) = Channel::create().unwrap();
        serve_echo(server);
        let mut raw = RawPeer::new(client);
        raw.send(&bytes(&[
            &[0, 0, 0, 0],
            &STRICT,
            &echo::FIRE_ORDINAL.to_le_bytes(),
            &[5, 0, 0, 0, 0, 0, 0, 0],
        ]));
        let (event, _) = raw.recv().await.unwrap();
        assert_eq!(
            event,
            bytes(&[
                &[0, 0, 0, 0],
                &STRICT,
                &echo::ON_FIRED_ORDINAL.to_le_bytes(),
                &[5, 0, 0, 0, 0, 0, 0, 0]
            ])
        );
    });
}

#[test]
fn an_epitaph_is_the_last_message() {
    run(async {
        let (client, server) = Channel::create().unwrap();
        serve_echo(server);
        let mut raw = RawPeer::new(client);
        // Misbehave { how: EPITAPH (4) }: the server closes with ZX_ERR_UNAVAILABLE.
        raw.send(&bytes(&[
            &[9, 0, 0, 0],
            &STRICT,
            &echo::MISBEHAVE_ORDINAL.to_le_bytes(),
            &[4, 0, 0, 0, 0, 0, 0, 0],
        ]));
        let (epitaph, _) = raw.recv().await.unwrap();
        assert_eq!(
            epitaph,
            bytes(&[
                &[0, 0, 0, 0],
                &[0x02, 0x00, 0x00, 0x01],
                &EPITAPH_ORDINAL,
                &[0xe4, 0xff, 0xff, 0xff, 0, 0, 0, 0]
            ])
        );
        assert!(raw.recv().await.is_none(), "nothing may follow an epitaph");
    });
}

#[test]
fn an_unknown_flexible_two_way_method_of_an_open_protocol_gets_the_framework_error() {
    run(async {
        let (client, server) = Channel::create().unwrap();
        let unknown = serve_open(server);
        let mut raw = RawPeer::new(client);
        let ordinal = 0x0123_4567_89ab_cdefu64.to_le_bytes();
        raw.send(&bytes(&[&[7, 0, 0, 0], &FLEXIBLE, &ordinal]));
        let (reply, _) = raw.recv().await.unwrap();
        assert_eq!(
            reply,
            bytes(&[
                &[7, 0, 0, 0],
                &FLEXIBLE,
                &ordinal,
                &[3, 0, 0, 0, 0, 0, 0, 0],
                &[0xfe, 0xff, 0xff, 0xff, 0, 0, 1, 0]
            ])
        );
        // The connection stays; the handler heard of it after the reply.
        raw.send(&bytes(&[
            &[8, 0, 0, 0],
            &FLEXIBLE,
            &open::PING_ORDINAL.to_le_bytes(),
        ]));
        let (pong, _) = raw.recv().await.unwrap();
        assert_eq!(&pong[..4], &[8, 0, 0, 0]);
        assert_eq!(
            *unknown.lock().unwrap(),
            vec![(0x0123_4567_89ab_cdef, true)]
        );
    });
}

#[test]
fn an_unknown_flexible_one_way_method_is_reported_and_the_connection_kept() {
    run(async {
        for ajar in [false, true] {
            let (client, server) = Channel::create().unwrap();
            let unknown = if ajar {
                let unknown = UnknownLog::default();
                let binding = Binding::<AjarMarker>::new(ServerEnd::from(server)).unwrap();
                tokio::spawn(binding.serve(AjarImpl {
                    unknown: unknown.clone(),
                }));
                unknown
            } else {
                serve_open(server)
            };
            let mut raw = RawPeer::new(client);
            raw.send(&bytes(&[&[0, 0, 0, 0], &FLEXIBLE, &0x55u64.to_le_bytes()]));
            let ping = if ajar {
                ajar::CALL_ORDINAL
            } else {
                open::PING_ORDINAL
            };
            raw.send(&bytes(&[&[3, 0, 0, 0], &FLEXIBLE, &ping.to_le_bytes()]));
            let (pong, _) = raw.recv().await.unwrap();
            assert_eq!(&pong[..4], &[3, 0, 0, 0], "ajar={ajar}");
            assert_eq!(*unknown.lock().unwrap(), vec![(0x55, false)]);
        }
    });
}

/// Cases that close the connection with `ZX_ERR_NOT_SUPPORTED`: `(protocol, flexible, txid)`.
#[test]
fn unknown_interactions_a_protocol_cannot_tolerate_close_it_with_not_supported() {
    run(async {
        let cases = [
            ("open", false, 0u32), // strict one-way
            ("open", false, 5),    // strict two-way
            ("ajar", true, 5),     // flexible two-way in an ajar protocol
            ("closed", true, 0),   // anything in a closed protocol
            ("closed", true, 5),
        ];
        for (protocol, flexible, txid) in cases {
            let (client, server) = Channel::create().unwrap();
            match protocol {
                "open" => drop(serve_open(server)),
                "ajar" => {
                    let binding = Binding::<AjarMarker>::new(ServerEnd::from(server)).unwrap();
                    tokio::spawn(binding.serve(AjarImpl {
                        unknown: UnknownLog::default(),
                    }));
                }
                _ => serve_echo(server),
            }
            let mut raw = RawPeer::new(client);
            let flags = if flexible { FLEXIBLE } else { STRICT };
            raw.send(&bytes(&[
                &txid.to_le_bytes(),
                &flags,
                &0x77u64.to_le_bytes(),
            ]));
            let (epitaph, _) = raw.recv().await.unwrap();
            assert_eq!(
                &epitaph[16..],
                &[0xfe, 0xff, 0xff, 0xff, 0, 0, 0, 0],
                "{protocol} flexible={flexible} txid={txid}"
            );
            assert!(raw.recv().await.is_none());
        }
    });
}

#[test]
fn unknown_flexible_events_reach_the_event_stream_of_an_open_protocol() {
    run(async {
        let (client, server) = Channel::create().unwrap();
        let proxy = OpenProxy::new(client.into()).unwrap();
        let mut events = proxy.take_event_stream().unwrap();
        assert!(proxy.take_event_stream().is_none(), "taken once");
        let raw = RawPeer::new(server);
        raw.send(&bytes(&[&[0, 0, 0, 0], &FLEXIBLE, &0x99u64.to_le_bytes()]));
        raw.send(&bytes(&[
            &[0, 0, 0, 0],
            &FLEXIBLE,
            &open::ON_NOTIFIED_ORDINAL.to_le_bytes(),
            &[6, 0, 0, 0, 0, 0, 0, 0],
        ]));
        match events.next().await.unwrap().unwrap() {
            OpenEvent::Unknown { ordinal } => assert_eq!(ordinal, 0x99),
            e => panic!("unexpected {e:?}"),
        }
        match events.next().await.unwrap().unwrap() {
            OpenEvent::OnNotified(e) => assert_eq!(e.value, 6),
            e => panic!("unexpected {e:?}"),
        }
        // Still connected.
        let pong = tokio::spawn(async move { proxy.ping().await });
        let mut raw = raw;
        let (ping, _) = raw.recv().await.unwrap();
        // The reply to a flexible `-> ()` is the result union's empty success (spec §10.4).
        raw.send(&bytes(&[
            &ping[..16],
            &[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0],
        ]));
        pong.await.unwrap().unwrap();
    });
}

#[test]
fn method_metadata_is_available_without_io() {
    use fidlwire::ProtocolMarker;
    use fidlwire::protocol::{Method, Openness};
    assert_eq!(<EchoMarker as ProtocolMarker>::OPENNESS, Openness::Closed);
    assert_eq!(<AjarMarker as ProtocolMarker>::OPENNESS, Openness::Ajar);
    assert_eq!(<OpenMarker as ProtocolMarker>::OPENNESS, Openness::Open);
    let kinds: Vec<(&str, MethodKind, bool)> = <OpenMarker as ProtocolMarker>::METHODS
        .iter()
        .map(|m| (m.name, m.kind, m.strict))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("Call", MethodKind::TwoWay, false),
            ("Notify", MethodKind::OneWay, false),
            ("Ping", MethodKind::TwoWay, false),
            ("OnNotified", MethodKind::Event, false),
        ]
    );
    assert_eq!(<echo::Fire as Method>::ORDINAL, echo::FIRE_ORDINAL);
    const { assert!(<echo::Fire as Method>::STRICT) };
    assert_eq!(
        fidlwire::ordinal::method_ordinal("fidlwire.test.bindings", "Echo", "Fire"),
        echo::FIRE_ORDINAL
    );
}
