//! Many echo clients at once, every reply checked against its request, then a one-screen
//! summary (calls, errors, throughput, latency percentiles):
//!
//! ```text
//! cargo run --release --example echo_clients                  # 100 clients, own server process
//! cargo run --release --example echo_clients -- 1000 --calls 100 --size 64 --tcp
//! cargo run --release --example echo_clients -- 500 --threads # against a thread-per-client server
//! cargo run --release --example echo_clients -- 100 --connect unix:/tmp/fidlwire-echo.sock
//! ```

use fidlwire_bindings::BoxError;
use fidlwire_examples::load::{Target, connect_all, raise_fd_limit, resident_bytes, run_calls};
use fidlwire_examples::process::{ChildServer, exit_with_parent, socket_path};
use std::time::Duration;

struct Options {
    clients: usize,
    calls: usize,
    size: usize,
    tcp: bool,
    threads: bool,
    connect: Option<String>,
}

fn parse() -> Result<Options, BoxError> {
    let mut o = Options {
        clients: 100,
        calls: 100,
        size: 32,
        tcp: false,
        threads: false,
        connect: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--calls" => o.calls = args.next().ok_or("--calls N")?.parse()?,
            "--size" => o.size = args.next().ok_or("--size BYTES")?.parse()?,
            "--tcp" => o.tcp = true,
            "--threads" => o.threads = true,
            "--connect" => o.connect = Some(args.next().ok_or("--connect ADDRESS")?),
            n => o.clients = n.parse().map_err(|_| format!("unknown argument {n}"))?,
        }
    }
    Ok(o)
}

fn main() -> Result<(), BoxError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [mode, address] = args.as_slice()
        && let Some(design) = fidlwire_examples::echo::design_of(mode)
    {
        // Started by this example as its server process.
        exit_with_parent(Duration::from_secs(600));
        raise_fd_limit();
        return fidlwire_examples::echo::run_server(design, address);
    }
    let o = parse()?;
    let limit = raise_fd_limit();
    let (server, address) = match &o.connect {
        Some(a) => (None, a.clone()),
        None => {
            let address = if o.tcp {
                "tcp:127.0.0.1:0".to_string()
            } else {
                format!("unix:{}", socket_path("echo").display())
            };
            let mode = if o.threads { "echo-threads" } else { "echo" };
            let exe = std::env::current_exe()?;
            let (child, address) = ChildServer::start_listening(&exe, &[mode, &address])?;
            (Some(child), address)
        }
    };
    let target: Target = address.parse()?;
    let rt = tokio::runtime::Runtime::new()?;
    let report = rt.block_on(async {
        let proxies = connect_all(&target, o.clients).await?;
        Ok::<_, BoxError>(run_calls(&proxies, o.calls, o.size).await)
    })?;
    println!(
        "echo over {target} ({} server{}), open-file limit {limit}",
        if o.threads {
            "thread-per-client"
        } else {
            "event-loop"
        },
        server
            .as_ref()
            .map_or(String::new(), |s| format!(", pid {}", s.id())),
    );
    println!("{}", report.summary());
    if let Some(rss) = server.as_ref().and_then(|s| resident_bytes(s.id())) {
        println!("server resident memory: {:.1} MiB", rss as f64 / 1048576.0);
    }
    if report.errors + report.mismatches > 0 {
        return Err("some calls failed".into());
    }
    Ok(())
}
