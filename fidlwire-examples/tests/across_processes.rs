//! The example protocols served by a separate process (`example-server`) over Unix socket
//! paths and called from this one: the key-value store with pipelined iterators, the canvas
//! with its flow-control window, and — when `../shared/fidl-examples` is present — every
//! protocol of the API rubric's own libraries.

use fidlwire_examples::canvas::{self, WINDOW};
use fidlwire_examples::fidl::fidlwire::examples::canvas::InstanceProxy;
use fidlwire_examples::fidl::fidlwire::examples::kvstore::*;
use fidlwire_examples::kvstore;
use fidlwire_examples::process::{ChildServer, connect_retrying, socket_path};
use std::future::Future;
use std::path::PathBuf;
use std::time::Duration;

/// Starts `example-server PROTOCOL PATH`; the server stops when the returned value drops.
fn server(protocol: &str) -> (ChildServer, PathBuf) {
    let path = socket_path(protocol);
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_example-server"));
    let child = ChildServer::start(&exe, &[protocol, path.to_str().unwrap()], &path).unwrap();
    (child, path)
}

/// Runs `test` on a runtime, failing it after 30 seconds instead of hanging.
fn run<F: Future<Output = ()>>(test: F) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        tokio::time::timeout(Duration::from_secs(30), test)
            .await
            .expect("test timed out")
    });
}

#[test]
fn concurrent_clients_of_the_store_write_and_iterate_with_pipelining() {
    let (child, path) = server("kvstore");
    run(async {
        let mut tasks = Vec::new();
        for client in 0..3 {
            let path = path.clone();
            tasks.push(tokio::spawn(async move {
                let channel = connect_retrying(&path, Duration::from_secs(10))
                    .await
                    .unwrap();
                let proxy = StoreProxy::new(channel.into()).unwrap();
                kvstore::run_client(&proxy, client, 12).await.unwrap()
            }));
        }
        for (client, task) in tasks.into_iter().enumerate() {
            let transcript = task.await.unwrap();
            assert_eq!(transcript[0], format!("client {client}: wrote 12 items"));
            assert_eq!(
                transcript[1],
                format!(
                    "client {client}: duplicate key -> AlreadyExists, invalid key -> InvalidKey"
                )
            );
        }
        // Everything is there, in order, through one more iterator.
        let channel = connect_retrying(&path, Duration::from_secs(10))
            .await
            .unwrap();
        let proxy = StoreProxy::new(channel.into()).unwrap();
        let (client_end, server_end) =
            fidlwire_bindings::create_endpoints::<IteratorMarker>().unwrap();
        let iterator = IteratorProxy::new(client_end).unwrap();
        let (first, iterate) = tokio::join!(iterator.get(), proxy.iterate(None, server_end));
        iterate.unwrap().unwrap();
        let mut keys = first.unwrap().entries;
        assert_eq!(keys.len(), PAGE_SIZE as usize);
        loop {
            let page = iterator.get().await.unwrap().entries;
            if page.is_empty() {
                break;
            }
            keys.extend(page);
        }
        let mut expected: Vec<String> = (0..3)
            .flat_map(|c| (0..12).map(move |i| format!("client{c}/item{i:02}")))
            .collect();
        expected.sort();
        assert_eq!(keys, expected);
        // An unknown starting key: the error, and the iterator closed.
        let (client_end, server_end) =
            fidlwire_bindings::create_endpoints::<IteratorMarker>().unwrap();
        let iterator = IteratorProxy::new(client_end).unwrap();
        let (page, iterate) = tokio::join!(
            iterator.get(),
            proxy.iterate(Some("nope/none".into()), server_end)
        );
        assert_eq!(
            iterate.unwrap(),
            Err(IterateConnectionError::UnknownStartAt)
        );
        assert!(page.unwrap_err().is_closed());
        assert_eq!(
            proxy
                .read_item("client1/item05".into())
                .await
                .unwrap()
                .unwrap()
                .value,
            b"value 5 of client 1"
        );
        assert_eq!(
            proxy.read_item("missing/key".into()).await.unwrap(),
            Err(ReadError::NotFound)
        );
    });
    assert!(child.stop().unwrap().success());
}

#[test]
fn canvas_clients_stay_within_the_window_and_get_their_drawing() {
    let (child, path) = server("canvas");
    run(async {
        let mut tasks = Vec::new();
        for client in 0..3 {
            let path = path.clone();
            tasks.push(tokio::spawn(async move {
                let channel = connect_retrying(&path, Duration::from_secs(10))
                    .await
                    .unwrap();
                let proxy = InstanceProxy::new(channel.into()).unwrap();
                canvas::run_client(&proxy, client, 30, 10).await.unwrap()
            }));
        }
        for task in tasks {
            let outcome = task.await.unwrap();
            assert!(outcome.max_in_flight <= WINDOW);
            assert_eq!(outcome.drawn, outcome.expected);
        }
    });
    assert!(child.stop().unwrap().success());
}

#[cfg(shared)]
#[test]
fn every_protocol_of_the_shared_examples_is_served_and_called_across_processes() {
    use fidlwire_examples::shared;
    let (store, store_path) = server("shared-store");
    let (metered, metered_path) = server("shared-metered");
    let (draw, draw_path) = server("shared-draw");
    run(async {
        let connect = |p: &PathBuf| {
            let p = p.clone();
            async move { connect_retrying(&p, Duration::from_secs(10)).await.unwrap() }
        };
        assert_eq!(
            shared::call_store(connect(&store_path).await)
                .await
                .unwrap(),
            ["alpha/one", "beta/two", "gamma/three"]
        );
        assert_eq!(
            shared::call_metered(connect(&metered_path).await)
                .await
                .unwrap(),
            ((-5, -4), (4, 9))
        );
        assert_eq!(
            shared::call_draw(connect(&draw_path).await).await.unwrap(),
            ((-1, -3), (9, 7))
        );
    });
    for child in [store, metered, draw] {
        assert!(child.stop().unwrap().success());
    }
}

#[cfg(not(shared))]
#[test]
fn every_protocol_of_the_shared_examples_is_served_and_called_across_processes() {
    println!("notice: ../shared/fidl-examples is absent; its protocols were not built");
}
