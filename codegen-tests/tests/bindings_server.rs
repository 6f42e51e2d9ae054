//! `Server` and `ClientSet`: the connection limit, graceful shutdown (in-flight calls finish,
//! the rest is cut at the deadline, every connection gets epitaph `UNAVAILABLE`), bindings
//! added from inside a request, and a client set dropping members whose connection closed.

mod support;

use fidlwire_bindings::{
    Binding, Channel, Client, ClientSet, Connection, Error, Listener, Server, ServerConfig, Status,
    create_endpoints,
};
use fidlwire_codegen_tests::own::fidlwire::test::bindings::*;
use fidlwire_codegen_tests::servers::{EchoImpl, FilesImpl};
use std::path::PathBuf;
use std::time::Duration;
use support::run;

fn path(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("fidlwire-{}-{name}.sock", std::process::id()));
    let _ = std::fs::remove_file(&p);
    p
}

/// A server of `Echo` on a fresh Unix path.
fn echo_server(config: ServerConfig, name: &str) -> (Server, PathBuf) {
    let server = Server::new(config);
    let p = path(name);
    let listener = Listener::bind(&p).unwrap();
    let s = server.clone();
    tokio::spawn(async move {
        s.serve(listener, |c: Connection<EchoMarker>| EchoImpl {
            control: c.control,
        })
        .await
    });
    (server, p)
}

async fn echo_proxy(p: &PathBuf) -> EchoProxy {
    EchoProxy::from(Client::connect(p).await.unwrap())
}

#[test]
fn connections_over_the_limit_are_refused_with_no_resources() {
    run(async {
        let config = ServerConfig {
            max_connections: 2,
            ..ServerConfig::default()
        };
        let (server, p) = echo_server(config, "limit");
        let a = echo_proxy(&p).await;
        let b = echo_proxy(&p).await;
        assert_eq!(a.echo(1).await.unwrap().value, 1);
        assert_eq!(b.echo(2).await.unwrap().value, 2);
        let c = echo_proxy(&p).await;
        match c.echo(3).await {
            Err(Error::PeerClosed {
                epitaph: Some(Status::NO_RESOURCES),
            }) => {}
            other => panic!("{other:?}"),
        }
        assert_eq!(server.stats().refused, 1);
        // A slot frees when a client leaves.
        drop(a);
        while server.stats().active > 1 {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        let d = echo_proxy(&p).await;
        assert_eq!(d.echo(4).await.unwrap().value, 4);
    });
}

#[test]
fn shutdown_lets_calls_in_flight_finish_then_closes_with_unavailable() {
    run(async {
        let (server, p) = echo_server(ServerConfig::default(), "drain");
        let proxies = [echo_proxy(&p).await, echo_proxy(&p).await];
        // Warm up: both connections are established and served.
        for (i, proxy) in proxies.iter().enumerate() {
            assert_eq!(proxy.echo(i as u64).await.unwrap().value, i as u64);
        }
        let slow: Vec<_> = proxies
            .iter()
            .enumerate()
            .map(|(i, proxy)| {
                let proxy = proxy.clone();
                tokio::spawn(async move { proxy.slow(10 + i as u64, 150).await })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(30)).await; // the requests are taken
        let report = server.shutdown(Duration::from_secs(5)).await;
        assert_eq!((report.drained, report.cut), (2, 0));
        for (i, call) in slow.into_iter().enumerate() {
            assert_eq!(call.await.unwrap().unwrap().value, 10 + i as u64);
        }
        for proxy in &proxies {
            match proxy.echo(0).await {
                Err(Error::PeerClosed {
                    epitaph: Some(Status::UNAVAILABLE),
                }) => {}
                other => panic!("{other:?}"),
            }
        }
        // No more connections: `serve` returned and dropped its listener (and its path).
        assert!(server.is_stopping());
        assert_eq!(server.stats().active, 0);
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while p.exists() && std::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        assert!(fidlwire_bindings::connect(&p).await.is_err());
    });
}

#[test]
fn shutdown_cuts_calls_still_running_at_the_deadline() {
    run(async {
        let (server, p) = echo_server(ServerConfig::default(), "cut");
        let proxy = echo_proxy(&p).await;
        assert_eq!(proxy.echo(1).await.unwrap().value, 1);
        let p2 = proxy.clone();
        let slow = tokio::spawn(async move { p2.slow(1, 10_000).await });
        tokio::time::sleep(Duration::from_millis(30)).await;
        let report = server.shutdown(Duration::from_millis(100)).await;
        assert_eq!((report.drained, report.cut), (0, 1));
        match slow.await.unwrap() {
            Err(Error::PeerClosed {
                epitaph: Some(Status::UNAVAILABLE),
            }) => {}
            other => panic!("{other:?}"),
        }
    });
}

#[test]
fn channels_received_in_requests_join_the_server() {
    run(async {
        let server = Server::new(ServerConfig::default());
        let p = path("grow");
        let listener = Listener::bind(&p).unwrap();
        let s = server.clone();
        tokio::spawn(async move {
            s.serve(listener, |c: Connection<FilesMarker>| FilesImpl {
                server: Some(c.server),
            })
            .await
        });
        let files = FilesProxy::from(Client::connect(&p).await.unwrap());
        let (client_end, server_end) = create_endpoints::<EchoMarker>().unwrap();
        let echo = EchoProxy::new(client_end).unwrap();
        files.connect(server_end).await.unwrap();
        assert_eq!(echo.echo(5).await.unwrap().value, 5);
        let stats = server.stats();
        assert_eq!((stats.active, stats.served), (2, 2), "{stats:?}");
        // Shutdown reaches the binding that grew from inside too.
        let report = server.shutdown(Duration::from_secs(2)).await;
        assert_eq!(report.drained, 2);
        assert!(echo.echo(6).await.unwrap_err().is_closed());
    });
}

#[test]
fn a_client_set_reaches_every_member_and_drops_closed_ones() {
    run(async {
        let set = ClientSet::<EchoMarker>::new();
        let mut controls = Vec::new();
        for _ in 0..3 {
            let (client, server) = Channel::create().unwrap();
            let binding = Binding::<EchoMarker>::new(server.into()).unwrap();
            let control = binding.control_handle();
            controls.push(control.clone());
            tokio::spawn(binding.serve(EchoImpl { control }));
            set.add(EchoProxy::new(client.into()).unwrap());
        }
        let replies = set.call::<echo::Echo>(&EchoEchoRequest { value: 7 }).await;
        assert_eq!(replies.len(), 3);
        assert!(replies.iter().all(|r| r.as_ref().unwrap().value == 7));
        // One server goes away: the next broadcast reports it and drops it.
        controls[1].shutdown_with_epitaph(Status::UNAVAILABLE);
        let replies = set.call::<echo::Echo>(&EchoEchoRequest { value: 8 }).await;
        assert!(replies[0].is_ok() && replies[2].is_ok());
        assert!(matches!(
            replies[1],
            Err(Error::PeerClosed {
                epitaph: Some(Status::UNAVAILABLE)
            })
        ));
        assert_eq!(set.len(), 2);
        // One-way sends reach the remaining members.
        let events: Vec<_> = set
            .clients()
            .iter()
            .map(|c| c.take_event_stream().unwrap())
            .collect();
        assert_eq!(
            set.send::<echo::Fire>(&EchoFireRequest { value: 9 }).await,
            2
        );
        for mut stream in events {
            match stream.next().await.unwrap().unwrap() {
                EchoEvent::OnFired(e) => assert_eq!(e.value, 9),
            }
        }
    });
}
