//! The canvas server enforces the flow-control window: a client that sends more batches than
//! `MAX_BATCHES_IN_FLIGHT` without waiting for acknowledgements is cut off with epitaph
//! `ZX_ERR_NO_RESOURCES`.

use fidlwire::ServerEnd;
use fidlwire_bindings::{Binding, Channel, Error, Status};
use fidlwire_examples::canvas::{CanvasImpl, WINDOW, lines};
use fidlwire_examples::fidl::fidlwire::examples::canvas::*;
use std::time::Duration;

#[test]
fn a_client_exceeding_the_window_is_closed_with_no_resources() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        tokio::time::timeout(Duration::from_secs(30), async {
            let (client, server) = Channel::create().unwrap();
            let binding = Binding::<InstanceMarker>::new(ServerEnd::from(server)).unwrap();
            // Acknowledgements take far longer than the test: none arrives in time.
            let canvas = CanvasImpl::new(binding.control_handle(), Duration::from_secs(60));
            let served = tokio::spawn(binding.serve(canvas));
            let proxy = InstanceProxy::new(client.into()).unwrap();
            let calls: Vec<_> = (0..=WINDOW)
                .map(|batch| {
                    let p = proxy.clone();
                    tokio::spawn(async move { p.add_lines(lines(0, batch, 3)).await })
                })
                .collect();
            for call in calls {
                match call.await.unwrap() {
                    Err(Error::PeerClosed {
                        epitaph: Some(Status::NO_RESOURCES),
                    }) => {}
                    other => panic!("{other:?}"),
                }
            }
            assert!(served.await.unwrap().is_ok());
        })
        .await
        .expect("test timed out");
    });
}
