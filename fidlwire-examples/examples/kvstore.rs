//! The key-value store, served for real: a server process, several concurrent clients, each
//! pulling pages from its iterator before the `Iterate` call that creates it has returned.
//!
//! ```text
//! cargo run --release --example kvstore                      # server in a child process, 4 clients here
//! cargo run --release --example kvstore -- --tcp             # the same over TCP (Iterate, which
//!                                                            #   carries a handle, is refused)
//! cargo run --release --example kvstore -- --in-process      # everything in one process
//! cargo run --release --example kvstore -- serve ADDRESS     # only the server (unix:PATH or tcp:HOST:PORT)
//! cargo run --release --example kvstore -- client ADDRESS [N]  # N clients against a running server
//! ```

use fidlwire_bindings::{BoxError, Listener, Server};
use fidlwire_examples::fidl::fidlwire::examples::kvstore::{StoreMarker, StoreProxy};
use fidlwire_examples::kvstore::{self, Items};
use fidlwire_examples::load::Target;
use fidlwire_examples::process::{ChildServer, exit_with_parent, socket_path};
use std::time::{Duration, Instant};

const CLIENTS: usize = 4;
const ITEMS_PER_CLIENT: usize = 12;

fn main() -> Result<(), BoxError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rt = tokio::runtime::Runtime::new()?;
    let unix = || format!("unix:{}", socket_path("kvstore").display());
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => rt.block_on(with_child_server(&unix())),
        ["--tcp"] => rt.block_on(with_child_server("tcp:127.0.0.1:0")),
        ["--in-process"] => rt.block_on(in_process()),
        ["serve", address] => rt.block_on(serve(address)),
        // Started by this example as its server process: stop with the parent.
        ["child-serve", address] => {
            exit_with_parent(Duration::from_secs(60));
            rt.block_on(serve(address))
        }
        ["client", address] => rt.block_on(clients(&address.parse()?, CLIENTS)),
        ["client", address, n] => rt.block_on(clients(&address.parse()?, n.parse()?)),
        _ => {
            Err("usage: kvstore [--tcp | --in-process | serve ADDRESS | client ADDRESS [N]]".into())
        }
    }
}

/// Serves on `address` (`unix:PATH` or `tcp:HOST:PORT`) until the process ends.
async fn serve(address: &str) -> Result<(), BoxError> {
    let server = Server::new(Default::default());
    match address.split_once(':') {
        Some(("unix", path)) => {
            let listener = Listener::bind(path)?;
            println!("listening unix:{path}");
            kvstore::serve(&server, listener, Items::default()).await;
        }
        Some(("tcp", addr)) => {
            let listener = tokio::net::TcpListener::bind(addr).await?;
            println!("listening tcp:{}", listener.local_addr()?);
            kvstore::serve(&server, listener, Items::default()).await;
        }
        _ => return Err(format!("bad address {address}: want unix:PATH or tcp:HOST:PORT").into()),
    }
    Ok(())
}

async fn with_child_server(address: &str) -> Result<(), BoxError> {
    let exe = std::env::current_exe()?;
    let (server, address) = ChildServer::start_listening(&exe, &["child-serve", address])?;
    println!(
        "kvstore: server in process {} at {address}, {CLIENTS} clients in process {}",
        server.id(),
        std::process::id()
    );
    let result = clients(&address.parse()?, CLIENTS).await;
    println!("server process exited: {}", server.stop()?);
    result
}

async fn in_process() -> Result<(), BoxError> {
    let path = socket_path("kvstore-in-process");
    let listener = Listener::bind(&path)?;
    println!(
        "kvstore: server and {CLIENTS} clients in process {}",
        std::process::id()
    );
    let server = Server::new(Default::default());
    let serving = {
        let server = server.clone();
        tokio::spawn(async move { kvstore::serve(&server, listener, Items::default()).await })
    };
    let result = clients(&Target::Unix(path), CLIENTS).await;
    let report = server.shutdown(Duration::from_secs(1)).await;
    serving.await?;
    println!("server shut down: {} connections drained", report.drained);
    result
}

/// Runs `n` clients at once and prints what each did, in client order.
async fn clients(target: &Target, n: usize) -> Result<(), BoxError> {
    let start = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..n {
        let target = target.clone();
        tasks.push(tokio::spawn(async move {
            let proxy = StoreProxy::from(target.client::<StoreMarker>().await?);
            kvstore::run_client(&proxy, client, ITEMS_PER_CLIENT).await
        }));
    }
    for task in tasks {
        for line in task.await?? {
            println!("  {line}");
        }
    }
    println!(
        "{n} clients finished in {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    Ok(())
}
