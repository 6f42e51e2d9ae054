//! The canvas, served for real: clients send batches of lines, each acknowledged by the server
//! after "drawing" it, and never have more than `MAX_BATCHES_IN_FLIGHT` unacknowledged (the
//! server closes a connection that exceeds the window); `Ready` then brings one `OnDrawn`.
//!
//! ```text
//! cargo run --release --example canvas                    # server in a child process
//! cargo run --release --example canvas -- --in-process    # everything in one process
//! cargo run --release --example canvas -- serve PATH      # only the server, until interrupted
//! cargo run --release --example canvas -- client PATH [N] # N clients against a running server
//! ```

use fidlwire_bindings::{BoxError, Listener};
use fidlwire_examples::canvas::{self, WINDOW};
use fidlwire_examples::fidl::fidlwire::examples::canvas::InstanceProxy;
use fidlwire_examples::process::{ChildServer, connect_retrying, exit_with_parent, socket_path};
use std::path::Path;
use std::time::{Duration, Instant};

const CLIENTS: usize = 3;
const BATCHES: usize = 40;
const LINES_PER_BATCH: usize = 25;
/// How long the server "draws" a batch before acknowledging it.
const ACK_DELAY: Duration = Duration::from_millis(2);

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
        ["child-serve", path] => rt.block_on(serve(path, true)),
        ["client", path] => rt.block_on(clients(Path::new(path), CLIENTS)),
        ["client", path, n] => rt.block_on(clients(Path::new(path), n.parse()?)),
        _ => Err("usage: canvas [--in-process | serve PATH | client PATH [N]]".into()),
    }
}

async fn serve(path: &str, child: bool) -> Result<(), BoxError> {
    if child {
        exit_with_parent(Duration::from_secs(60));
    }
    let listener = Listener::bind(path)?;
    println!("server (pid {}): listening on {path}", std::process::id());
    canvas::serve(&listener, ACK_DELAY, None).await;
    Ok(())
}

async fn with_child_server() -> Result<(), BoxError> {
    let path = socket_path("canvas");
    let exe = std::env::current_exe()?;
    let server = ChildServer::start(&exe, &["child-serve", path.to_str().ok_or("path")?], &path)?;
    println!(
        "canvas: server in process {}, {CLIENTS} clients in process {}, window {WINDOW}",
        server.id(),
        std::process::id()
    );
    let result = clients(&path, CLIENTS).await;
    println!("server process exited: {}", server.stop()?);
    result
}

async fn in_process() -> Result<(), BoxError> {
    let path = socket_path("canvas-in-process");
    let listener = Listener::bind(&path)?;
    println!(
        "canvas: server and {CLIENTS} clients in process {}",
        std::process::id()
    );
    let server = tokio::spawn(async move { canvas::serve(&listener, ACK_DELAY, None).await });
    let result = clients(&path, CLIENTS).await;
    server.abort();
    result
}

async fn clients(path: &Path, n: usize) -> Result<(), BoxError> {
    let start = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..n {
        let path = path.to_path_buf();
        tasks.push(tokio::spawn(async move {
            let channel = connect_retrying(&path, Duration::from_secs(10)).await?;
            let proxy = InstanceProxy::new(channel.into())?;
            canvas::run_client(&proxy, client, BATCHES, LINES_PER_BATCH).await
        }));
    }
    for (client, task) in tasks.into_iter().enumerate() {
        let outcome = task.await??;
        let b = &outcome.drawn;
        println!(
            "  client {client}: {BATCHES} batches of {LINES_PER_BATCH} lines, at most {} unacknowledged (window {WINDOW}); OnDrawn: ({}, {})..({}, {}){}",
            outcome.max_in_flight,
            b.top_left.x,
            b.top_left.y,
            b.bottom_right.x,
            b.bottom_right.y,
            if outcome.drawn == outcome.expected {
                ", as computed locally"
            } else {
                ", MISMATCH"
            }
        );
        if outcome.drawn != outcome.expected || outcome.max_in_flight > WINDOW {
            return Err("the canvas disagrees with its client".into());
        }
    }
    println!(
        "{n} clients finished in {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    Ok(())
}
