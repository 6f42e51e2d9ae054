//! `fidlwire-bench load`: one server, many clients, measured (`bindings.md` §7).
//!
//! Every server runs in a child process (this program, re-executed as `serve-echo`), so that
//! its resident memory is its own; the clients run here on a tokio runtime. Every reply is
//! checked against its request.
//!
//! 1. The headline run: 1,000 concurrent clients making 100,000 two-way calls in total against
//!    one event-loop server, over a Unix socket path and over TCP loopback.
//! 2. The seeds' comparison: the same echo protocol served by the event loop (tokio) and by a
//!    thread per client, with 100, 1,000 and 10,000 connected clients — idle (all connected,
//!    one calling) and busy (all calling) — reporting throughput, latency percentiles and
//!    resident memory per client.

use fidlwire_examples::echo::Design;
use fidlwire_examples::load::{
    LoadReport, Target, connect_all, micros, raise_fd_limit, resident_bytes, run_calls,
};
use fidlwire_examples::process::{ChildServer, socket_path};
use std::fmt::Write;
use std::time::Duration;

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Client counts of the comparison.
    pub clients: Vec<usize>,
    /// Calls in the headline run.
    pub headline_calls: usize,
    /// Clients in the headline run.
    pub headline_clients: usize,
    /// Calls made by the busy runs of the comparison, in total.
    pub busy_calls: usize,
    /// Calls made by the one active client of the idle runs.
    pub idle_calls: usize,
    /// Payload bytes per call.
    pub size: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            clients: vec![100, 1_000, 10_000],
            headline_calls: 100_000,
            headline_clients: 1_000,
            busy_calls: 100_000,
            idle_calls: 2_000,
            size: 32,
        }
    }
}

impl Options {
    /// A fast smoke-sized run.
    pub fn quick() -> Self {
        Options {
            clients: vec![10, 100],
            headline_calls: 5_000,
            headline_clients: 100,
            busy_calls: 5_000,
            idle_calls: 200,
            size: 32,
        }
    }
}

/// Runs a server of `design` on `transport` (`unix` or `tcp`) in a child process.
fn start(design: Design, transport: &str) -> Result<(ChildServer, Target), String> {
    let mode = match design {
        Design::EventLoop => "echo",
        Design::ThreadPerClient => "echo-threads",
    };
    let address = match transport {
        "unix" => format!("unix:{}", socket_path(&format!("load-{mode}")).display()),
        _ => "tcp:127.0.0.1:0".to_string(),
    };
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let (child, address) = ChildServer::start_listening(&exe, &["serve-echo", mode, &address])
        .map_err(|e| e.to_string())?;
    Ok((child, address.parse()?))
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / 1048576.0)
}

/// One comparison row.
struct Row {
    design: &'static str,
    transport: &'static str,
    clients: usize,
    base_rss: u64,
    idle_rss: u64,
    busy_rss: u64,
    idle: LoadReport,
    busy: LoadReport,
}

fn row_line(r: &Row) -> String {
    let per_client = r.idle_rss.saturating_sub(r.base_rss) as f64 / r.clients as f64;
    format!(
        "| {} | {} | {} | {:.1} KiB | {} | {:.0} | {} | {} | {:.0} | {} | {} | {} | {} |",
        r.design,
        r.transport,
        r.clients,
        per_client / 1024.0,
        mib(r.idle_rss),
        r.idle.throughput(),
        micros(r.idle.percentile(50.0)),
        micros(r.idle.percentile(99.0)),
        r.busy.throughput(),
        micros(r.busy.percentile(50.0)),
        micros(r.busy.percentile(99.0)),
        micros(r.busy.percentile(99.9)),
        mib(r.busy_rss),
    )
}

fn check(what: &str, r: &LoadReport, expected: usize) -> Result<(), String> {
    if r.ok != expected || r.errors != 0 || r.mismatches != 0 {
        return Err(format!(
            "{what}: {} ok of {expected}, {} errors, {} mismatches",
            r.ok, r.errors, r.mismatches
        ));
    }
    Ok(())
}

/// Runs everything and returns the report as Markdown.
pub fn run(opts: &Options) -> Result<String, String> {
    let limit = raise_fd_limit();
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Open-file limit raised to {limit}; payload {} bytes per call; servers in child processes; \
         clients on a tokio runtime in the measuring process; every reply checked against its request.\n",
        opts.size
    );

    // 1. The headline run.
    let _ = writeln!(
        out,
        "## {} clients, {} two-way calls, one event-loop server\n",
        opts.headline_clients, opts.headline_calls
    );
    let _ = writeln!(
        out,
        "| transport | calls ok | errors | lost/duplicated/misrouted | calls/s | p50 | p99 | p99.9 | max | server RSS idle → after |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|");
    for transport in ["unix", "tcp"] {
        let (server, target) = start(Design::EventLoop, transport)?;
        let per_client = opts.headline_calls / opts.headline_clients;
        let report = rt.block_on(async {
            let proxies = connect_all(&target, opts.headline_clients)
                .await
                .map_err(|e| e.to_string())?;
            tokio::time::sleep(Duration::from_millis(200)).await;
            let idle = resident_bytes(server.id()).unwrap_or(0);
            let report = run_calls(&proxies, per_client, opts.size).await;
            let after = resident_bytes(server.id()).unwrap_or(0);
            Ok::<_, String>((report, idle, after))
        })?;
        let (report, idle, after) = report;
        check("headline", &report, per_client * opts.headline_clients)?;
        eprintln!("headline {transport}: {}", report.summary());
        let _ = writeln!(
            out,
            "| {transport} | {} | {} | {} | {:.0} | {} | {} | {} | {} | {} → {} |",
            report.ok,
            report.errors,
            report.mismatches,
            report.throughput(),
            micros(report.percentile(50.0)),
            micros(report.percentile(99.0)),
            micros(report.percentile(99.9)),
            micros(report.percentile(100.0)),
            mib(idle),
            mib(after),
        );
        server.stop().map_err(|e| e.to_string())?;
    }

    // 2. The comparison.
    let _ = writeln!(
        out,
        "\n## Event loop vs thread per client\n\nIdle: every client connected, one of them making {} calls. Busy: all clients calling, {} calls in total. \
         Memory per client = (server RSS with every client connected and idle − RSS before any client) ÷ clients.\n",
        opts.idle_calls, opts.busy_calls
    );
    let _ = writeln!(
        out,
        "| design | transport | clients | memory per client | RSS idle | idle calls/s | idle p50 | idle p99 | busy calls/s | busy p50 | busy p99 | busy p99.9 | RSS busy |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for transport in ["unix", "tcp"] {
        for &clients in &opts.clients {
            for (design, name) in [
                (Design::EventLoop, "event loop (tokio)"),
                (Design::ThreadPerClient, "thread per client"),
            ] {
                let (server, target) = start(design, transport)?;
                let row = rt.block_on(async {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    let base_rss = resident_bytes(server.id()).unwrap_or(0);
                    let proxies = connect_all(&target, clients)
                        .await
                        .map_err(|e| e.to_string())?;
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    let idle_rss = resident_bytes(server.id()).unwrap_or(0);
                    let idle = run_calls(&proxies[..1], opts.idle_calls, opts.size).await;
                    check("idle", &idle, opts.idle_calls)?;
                    let per_client = (opts.busy_calls / clients).max(1);
                    let busy = run_calls(&proxies, per_client, opts.size).await;
                    check("busy", &busy, per_client * clients)?;
                    let busy_rss = resident_bytes(server.id()).unwrap_or(0);
                    Ok::<_, String>(Row {
                        design: name,
                        transport,
                        clients,
                        base_rss,
                        idle_rss,
                        busy_rss,
                        idle,
                        busy,
                    })
                })?;
                let line = row_line(&row);
                eprintln!("{line}");
                let _ = writeln!(out, "{line}");
                server.stop().map_err(|e| e.to_string())?;
            }
        }
    }
    Ok(out)
}
