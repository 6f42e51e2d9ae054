//! An echo server for many clients, until Ctrl-C (then a graceful shutdown):
//!
//! ```text
//! cargo run --release --example echo_server                        # unix:/tmp/fidlwire-echo.sock
//! cargo run --release --example echo_server -- tcp:127.0.0.1:7000  # TCP, length-prefixed
//! cargo run --release --example echo_server -- unix:PATH --threads # a thread per client instead
//! ```
//!
//! Connect clients with `cargo run --release --example echo_clients -- 1000 --connect ADDRESS`.

use fidlwire_bindings::{BoxError, Connection, Listener, Server, ServerConfig};
use fidlwire_examples::echo::{Design, EchoImpl, run_server};
use fidlwire_examples::fidl::fidlwire::examples::echo::EchoMarker;
use std::time::Duration;

fn main() -> Result<(), BoxError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let threads = args.iter().any(|a| a == "--threads");
    let address = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| "unix:/tmp/fidlwire-echo.sock".into());
    fidlwire_examples::load::raise_fd_limit();
    if threads {
        // The thread-per-client design has no graceful shutdown: Ctrl-C ends the process.
        return run_server(Design::ThreadPerClient, &address);
    }
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async {
        let server = Server::new(ServerConfig::default());
        let factory = |c: Connection<EchoMarker>| EchoImpl::new(c.control);
        let serving = {
            let server = server.clone();
            let address = address.clone();
            tokio::spawn(async move {
                match address.split_once(':') {
                    Some(("unix", path)) => {
                        let _ = std::fs::remove_file(path);
                        let listener = Listener::bind(path)?;
                        println!("listening unix:{path}");
                        server.serve(listener, factory).await;
                    }
                    Some(("tcp", addr)) => {
                        let listener = tokio::net::TcpListener::bind(addr).await?;
                        println!("listening tcp:{}", listener.local_addr()?);
                        server.serve(listener, factory).await;
                    }
                    _ => return Err::<(), BoxError>(format!("bad address {address}").into()),
                }
                Ok(())
            })
        };
        tokio::select! {
            r = serving => return r?,
            _ = tokio::signal::ctrl_c() => {}
        }
        println!("shutting down: {:?}", server.stats());
        let report = server.shutdown(Duration::from_secs(5)).await;
        println!(
            "{} connections drained, {} cut at the deadline",
            report.drained, report.cut
        );
        Ok(())
    })
}
