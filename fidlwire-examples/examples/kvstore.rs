//! The key-value store, served for real: a server process, several concurrent clients, each
//! pulling pages from its iterator before the `Iterate` call that creates it has returned.
//!
//! ```text
//! cargo run --release --example kvstore                    # server in a child process, 4 clients here
//! cargo run --release --example kvstore -- --in-process    # everything in one process
//! cargo run --release --example kvstore -- serve PATH      # only the server, until interrupted
//! cargo run --release --example kvstore -- client PATH [N] # N clients against a running server
//! ```

use fidlwire_bindings::{BoxError, Listener};
use fidlwire_examples::fidl::fidlwire::examples::kvstore::StoreProxy;
use fidlwire_examples::kvstore::{self, Items};
use fidlwire_examples::process::{ChildServer, connect_retrying, exit_with_parent, socket_path};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const CLIENTS: usize = 4;
const ITEMS_PER_CLIENT: usize = 12;

fn main() -> Result<(), BoxError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rt = tokio::runtime::Runtime::new()?;
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => rt.block_on(with_child_server()),
        ["--in-process"] => rt.block_on(in_process()),
        ["serve", path] => rt.block_on(serve(path, false)),
        // Started by this example as its server process: stop with the parent.
        ["child-serve", path] => rt.block_on(serve(path, true)),
        ["client", path] => rt.block_on(clients(Path::new(path), CLIENTS)),
        ["client", path, n] => rt.block_on(clients(Path::new(path), n.parse()?)),
        _ => Err("usage: kvstore [--in-process | serve PATH | client PATH [N]]".into()),
    }
}

async fn serve(path: &str, child: bool) -> Result<(), BoxError> {
    if child {
        exit_with_parent(Duration::from_secs(60));
    }
    let listener = Listener::bind(path)?;
    println!("server (pid {}): listening on {path}", std::process::id());
    kvstore::serve(&listener, Items::default(), None).await;
    Ok(())
}

async fn with_child_server() -> Result<(), BoxError> {
    let path: PathBuf = socket_path("kvstore");
    let exe = std::env::current_exe()?;
    let server = ChildServer::start(&exe, &["child-serve", path.to_str().ok_or("path")?], &path)?;
    println!(
        "kvstore: server in process {}, {CLIENTS} clients in process {}, over {}",
        server.id(),
        std::process::id(),
        path.display()
    );
    let result = clients(&path, CLIENTS).await;
    let status = server.stop()?;
    println!("server process exited: {status}");
    result
}

async fn in_process() -> Result<(), BoxError> {
    let path = socket_path("kvstore-in-process");
    let listener = Listener::bind(&path)?;
    println!(
        "kvstore: server and {CLIENTS} clients in process {}",
        std::process::id()
    );
    let server =
        tokio::spawn(async move { kvstore::serve(&listener, Items::default(), None).await });
    let result = clients(&path, CLIENTS).await;
    server.abort();
    result
}

/// Runs `n` clients at once and prints what each did, in client order.
async fn clients(path: &Path, n: usize) -> Result<(), BoxError> {
    let start = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..n {
        let path = path.to_path_buf();
        tasks.push(tokio::spawn(async move {
            let channel = connect_retrying(&path, Duration::from_secs(10)).await?;
            let proxy = StoreProxy::new(channel.into())?;
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
