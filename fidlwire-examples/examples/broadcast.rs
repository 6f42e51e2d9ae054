//! A client set (Fuchsia's `InterfacePtrSet`): one program holds clients of three echo server
//! processes, broadcasts calls and one-way messages to all of them, and drops the member whose
//! server went away.
//!
//! ```text
//! cargo run --release --example broadcast
//! ```

use fidlwire_bindings::{BoxError, ClientSet};
use fidlwire_examples::fidl::fidlwire::examples::echo::*;
use fidlwire_examples::load::{Target, connect};
use fidlwire_examples::process::{ChildServer, exit_with_parent, socket_path};
use std::time::Duration;

fn main() -> Result<(), BoxError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [mode, address] = args.as_slice()
        && let Some(design) = fidlwire_examples::echo::design_of(mode)
    {
        exit_with_parent(Duration::from_secs(60));
        return fidlwire_examples::echo::run_server(design, address);
    }
    let exe = std::env::current_exe()?;
    let mut servers = Vec::new();
    for i in 0..3 {
        let address = format!("unix:{}", socket_path(&format!("broadcast-{i}")).display());
        servers.push(ChildServer::start_listening(&exe, &["echo", &address])?);
    }
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async {
        let set = ClientSet::<EchoMarker>::new();
        let mut events = Vec::new();
        for (server, address) in &servers {
            let proxy = connect(&address.parse::<Target>()?).await?;
            events.push(proxy.take_event_stream().ok_or("events")?);
            println!("member: echo server process {} at {address}", server.id());
            set.add(proxy);
        }

        let replies = set
            .call::<echo::EchoString>(&EchoEchoStringRequest {
                value: "hello, everyone".into(),
            })
            .await;
        for (i, r) in replies.iter().enumerate() {
            println!("call -> member {i}: {:?}", r.as_ref().map(|r| &r.response));
        }

        let delivered = set
            .send::<echo::SendString>(&EchoSendStringRequest {
                value: "one-way to all".into(),
            })
            .await;
        println!("one-way broadcast delivered to {delivered} members");
        for (i, stream) in events.iter_mut().enumerate() {
            match stream.next().await {
                Some(Ok(EchoEvent::OnString(e))) => {
                    println!("event <- member {i}: {:?}", e.response)
                }
                other => println!("event <- member {i}: {other:?}"),
            }
        }

        let (gone, _) = servers.remove(1);
        println!("stopping the server of member 1 (process {})", gone.id());
        gone.stop()?;
        let replies = set
            .call::<echo::EchoString>(&EchoEchoStringRequest {
                value: "still there?".into(),
            })
            .await;
        for (i, r) in replies.iter().enumerate() {
            match r {
                Ok(r) => println!("call -> member {i}: {:?}", r.response),
                Err(e) => println!("call -> member {i}: {e}"),
            }
        }
        println!("members left in the set: {}", set.len());
        if set.len() != 2 {
            return Err("the closed member was not dropped".into());
        }
        Ok(())
    })
}
