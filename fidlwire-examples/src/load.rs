//! Load from many echo clients: connect them, run two-way calls from all at once, check every
//! reply against its request, and summarize throughput and latency percentiles.

use crate::fidl::fidlwire::examples::echo::*;
use fidlwire::ProtocolMarker;
use fidlwire_bindings::{BoxError, Client};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// Where the server listens.
#[derive(Debug, Clone)]
pub enum Target {
    /// A channel listener at a Unix socket path.
    Unix(PathBuf),
    /// A TCP listener.
    Tcp(SocketAddr),
}

impl std::str::FromStr for Target {
    type Err = String;

    /// `unix:PATH` or `tcp:HOST:PORT`.
    fn from_str(s: &str) -> Result<Target, String> {
        match s.split_once(':') {
            Some(("unix", p)) => Ok(Target::Unix(PathBuf::from(p))),
            Some(("tcp", a)) => a.parse().map(Target::Tcp).map_err(|e| format!("{a}: {e}")),
            _ => Err(format!("{s:?}: want unix:PATH or tcp:HOST:PORT")),
        }
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Unix(p) => write!(f, "unix:{}", p.display()),
            Target::Tcp(a) => write!(f, "tcp:{a}"),
        }
    }
}

impl Target {
    /// Connects a client of protocol `P`, retrying while the server is not listening yet
    /// (for up to 10 s).
    pub async fn client<P: ProtocolMarker>(&self) -> Result<Client<P>, BoxError> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let client = match self {
                Target::Unix(p) => Client::<P>::connect(p).await,
                Target::Tcp(a) => Client::<P>::connect_tcp(a).await,
            };
            match client {
                Ok(c) => return Ok(c),
                Err(e) if Instant::now() > deadline => return Err(e.into()),
                Err(_) => tokio::time::sleep(Duration::from_millis(5)).await,
            }
        }
    }
}

/// Connects one echo client (see [`Target::client`]).
pub async fn connect(target: &Target) -> Result<EchoProxy, BoxError> {
    Ok(EchoProxy::from(target.client::<EchoMarker>().await?))
}

/// Connects `n` clients, at most 256 connection attempts at a time.
pub async fn connect_all(target: &Target, n: usize) -> Result<Vec<EchoProxy>, BoxError> {
    let gate = Arc::new(Semaphore::new(256));
    let tasks: Vec<_> = (0..n)
        .map(|_| {
            let (target, gate) = (target.clone(), gate.clone());
            tokio::spawn(async move {
                let _permit = gate.acquire_owned().await?;
                connect(&target).await
            })
        })
        .collect();
    let mut proxies = Vec::with_capacity(n);
    for t in tasks {
        proxies.push(t.await??);
    }
    Ok(proxies)
}

/// What a load run measured.
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    /// Clients that made calls.
    pub clients: usize,
    /// Calls answered with the right reply.
    pub ok: usize,
    /// Calls that failed (transport or protocol errors).
    pub errors: usize,
    /// Replies that did not match their request (lost, duplicated or misrouted).
    pub mismatches: usize,
    /// Wall time of the whole run.
    pub elapsed: Duration,
    /// Round-trip times of the successful calls, in nanoseconds, sorted.
    pub latencies_ns: Vec<u64>,
}

impl LoadReport {
    /// Calls per second over the run.
    pub fn throughput(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// The `p`-th percentile (0–100) round trip.
    pub fn percentile(&self, p: f64) -> Duration {
        if self.latencies_ns.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * (self.latencies_ns.len() - 1) as f64).round() as usize;
        Duration::from_nanos(self.latencies_ns[rank.min(self.latencies_ns.len() - 1)])
    }

    /// A one-screen summary.
    pub fn summary(&self) -> String {
        format!(
            "{} clients, {} calls ok, {} errors, {} mismatched replies in {:.2} s: {:.0} calls/s; round trip p50 {} p99 {} p99.9 {} max {}",
            self.clients,
            self.ok,
            self.errors,
            self.mismatches,
            self.elapsed.as_secs_f64(),
            self.throughput(),
            micros(self.percentile(50.0)),
            micros(self.percentile(99.0)),
            micros(self.percentile(99.9)),
            micros(self.percentile(100.0)),
        )
    }
}

/// `Duration` as microseconds with one decimal.
pub fn micros(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

/// The request of `client`'s `seq`-th call: unique, padded to `size` bytes.
pub fn payload(client: usize, seq: usize, size: usize) -> String {
    let mut s = format!("{client}:{seq}:");
    while s.len() < size {
        s.push('.');
    }
    s
}

/// Every client makes `calls_per_client` calls, one after another, all clients at once; each
/// reply is checked against its request.
pub async fn run_calls(proxies: &[EchoProxy], calls_per_client: usize, size: usize) -> LoadReport {
    let start = Instant::now();
    let tasks: Vec<_> = proxies
        .iter()
        .cloned()
        .enumerate()
        .map(|(client, proxy)| {
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(calls_per_client);
                let (mut errors, mut mismatches) = (0, 0);
                for seq in 0..calls_per_client {
                    let value = payload(client, seq, size);
                    let t = Instant::now();
                    match proxy.echo_string(value.clone()).await {
                        Ok(reply) if reply.response == value => {
                            latencies.push(t.elapsed().as_nanos() as u64)
                        }
                        Ok(_) => mismatches += 1,
                        Err(_) => errors += 1,
                    }
                }
                (latencies, errors, mismatches)
            })
        })
        .collect();
    let mut report = LoadReport {
        clients: proxies.len(),
        ..LoadReport::default()
    };
    for t in tasks {
        match t.await {
            Ok((latencies, errors, mismatches)) => {
                report.ok += latencies.len();
                report.latencies_ns.extend(latencies);
                report.errors += errors;
                report.mismatches += mismatches;
            }
            Err(_) => report.errors += calls_per_client,
        }
    }
    report.elapsed = start.elapsed();
    report.latencies_ns.sort_unstable();
    report
}

/// The resident memory of process `pid` in bytes (`VmRSS`), if readable.
pub fn resident_bytes(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Raises this process's soft limit of open descriptors to its hard limit (many clients need
/// many descriptors); returns the new soft limit.
pub fn raise_fd_limit() -> u64 {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut limit = getrlimit(Resource::Nofile);
    if limit.current != limit.maximum {
        limit.current = limit.maximum;
        let _ = setrlimit(Resource::Nofile, limit);
    }
    getrlimit(Resource::Nofile).current.unwrap_or(u64::MAX)
}
