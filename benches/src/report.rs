//! `fidlwire-bench report`: a short criterion run of the suite and the peers, then a table of
//! medians, ratios and allocation counts, and the targets with their measured ratios.

use crate::peers::Paired;
use crate::suite::AllocCount;
use criterion::Criterion;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What to run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only workloads whose name contains this (the peers always run).
    pub filter: String,
    /// Criterion's default (long) measurement instead of the short mode.
    pub full: bool,
}

/// A benchmark's (group, function id).
pub type Id = (String, String);

/// (median ns, throughput bytes) of one benchmark.
pub type Measured = (f64, Option<u64>);

/// Every benchmark's measurement.
pub type Medians = BTreeMap<Id, Measured>;

/// Runs the benches and returns the report as Markdown.
pub fn run(opts: &Options) -> String {
    let dir = std::env::temp_dir().join(format!("fidlwire-bench-report-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut c = Criterion::default().output_directory(&dir);
    if !opts.full {
        c = c
            .warm_up_time(Duration::from_millis(150))
            .measurement_time(Duration::from_millis(500))
            .sample_size(20)
            .nresamples(1000);
    }
    let mut allocs = Vec::new();
    let mut pairs = crate::peers::bench(Some(&mut c), &mut allocs, true);
    pairs.extend(crate::datasets::bench(Some(&mut c), "", &mut allocs, true));
    crate::suite::bench(&mut c, &opts.filter, &mut allocs);
    let medians = read_medians(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    render(&medians, &allocs, &pairs, opts)
}

/// Reads every `new/benchmark.json` + `new/estimates.json` pair under `dir`.
pub fn read_medians(dir: &Path) -> Medians {
    let mut out = Medians::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|n| n == "benchmark.json")
                && p.parent().is_some_and(|q| q.ends_with("new"))
                && let Some((k, v)) = read_one(&p)
            {
                out.insert(k, v);
            }
        }
    }
    out
}

fn read_one(benchmark: &Path) -> Option<(Id, Measured)> {
    let id: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(benchmark).ok()?).ok()?;
    let est: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(benchmark.with_file_name("estimates.json")).ok()?,
    )
    .ok()?;
    let group = id["group_id"].as_str()?.to_string();
    let function = id["function_id"].as_str()?.to_string();
    let bytes = id["throughput"]["Bytes"].as_u64();
    Some((
        (group, function),
        (est["median"]["point_estimate"].as_f64()?, bytes),
    ))
}

fn ns(m: &Medians, g: &str, f: &str) -> Option<f64> {
    m.get(&(g.to_string(), f.to_string())).map(|e| e.0)
}

fn allocs_of(a: &[AllocCount], g: &str, op: &str) -> String {
    a.iter()
        .find(|x| x.group == g && x.op == op)
        .and_then(|x| x.allocs)
        .map_or("?".into(), |n| n.to_string())
}

fn fmt_ns(v: Option<f64>) -> String {
    match v {
        Some(x) if x >= 100.0 => format!("{x:.0}"),
        Some(x) => format!("{x:.1}"),
        None => "–".into(),
    }
}

fn ratio(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    Some(a? / b?)
}

fn fmt_ratio(r: Option<f64>) -> String {
    r.map_or("–".into(), |r| format!("{r:.2}×"))
}

/// Renders the tables.
pub fn render(m: &Medians, allocs: &[AllocCount], pairs: &[Paired], opts: &Options) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "## Machine\n\n{}\n", machine());
    let _ = writeln!(
        s,
        "Mode: {}. Medians in ns per operation; ratios are of medians from this one run.\n",
        if opts.full {
            "full (criterion defaults)"
        } else {
            "short (150 ms warm-up, 500 ms measurement, 20 samples)"
        }
    );

    let _ = writeln!(s, "## Targets\n");
    let _ = writeln!(s, "| target | measured | holds |\n|---|---|---|");
    for (what, measured, holds) in targets(m, allocs, pairs) {
        let _ = writeln!(
            s,
            "| {what} | {measured} | {} |",
            match holds {
                Some(true) => "yes",
                Some(false) => "**no**",
                None => "not measured",
            }
        );
    }

    let _ = writeln!(s, "\n## Peer message\n");
    let _ = writeln!(
        s,
        "`PeerMessage` = `{{ id: u64, name: 32 B, payload: 1 KiB, values: 256 × u32, tags: 8 × 5 B }}`; \
         fidlwire wire size {} B. `view` = validate in place + zero-copy view (buffer copy untimed); \
         `view+copy` includes copying the received bytes.\n",
        crate::peers::encodings(&crate::peers::PeerMessage::sample())[0]
            .1
            .len()
    );
    let _ = writeln!(
        s,
        "| operation | median ns | fidlwire ÷ this | allocs |\n|---|---|---|---|"
    );
    let ours = |op: &str| match op.rsplit('/').next() {
        Some("encode" | "serialize") => Some("fidlwire/encode"),
        Some("decode" | "deserialize") => Some("fidlwire/decode_owned"),
        Some("access") => Some("fidlwire/access"),
        Some("clone") => Some("fidlwire/decode_owned"),
        Some("memcpy") => Some("fidlwire/view+copy"),
        _ => None,
    };
    for ((g, f), (v, _)) in m.iter().filter(|((g, _), _)| g == "PeerMessage") {
        let cmp = if f.starts_with("fidlwire/") {
            "".into()
        } else {
            let o = ours(f).unwrap_or("");
            format!(
                "{} ({})",
                fmt_ratio(ratio(ns(m, g, o), Some(*v))),
                o.trim_start_matches("fidlwire/")
            )
        };
        let _ = writeln!(
            s,
            "| {f} | {} | {cmp} | {} |",
            fmt_ns(Some(*v)),
            allocs_of(allocs, g, f)
        );
    }

    datasets(&mut s, m, allocs, pairs);

    let _ = writeln!(s, "\n## Benchmark suite\n");
    let _ = writeln!(
        s,
        "Per workload: median ns and, in parentheses, time ÷ memcpy of the same bytes \
         (1.00× = the copy floor). allocs = encode/validate/view/owned.\n"
    );
    let _ = writeln!(
        s,
        "| workload | bytes | memcpy | encode | validate | decode_view | decode_owned | allocs |\n|---|---|---|---|---|---|---|---|"
    );
    for w in crate::workloads::WORKLOADS {
        let g = w.name;
        let Some(mc) = ns(m, g, "memcpy") else {
            continue;
        };
        let bytes = m[&(g.to_string(), "memcpy".to_string())]
            .1
            .map_or("?".into(), |n| n.to_string());
        let cell = |op: &str| {
            let v = ns(m, g, op);
            format!("{} ({})", fmt_ns(v), fmt_ratio(ratio(v, Some(mc))))
        };
        let a: Vec<String> = ["encode", "validate", "decode_view", "decode_owned"]
            .iter()
            .map(|op| allocs_of(allocs, g, op))
            .collect();
        let _ = writeln!(
            s,
            "| {g} | {bytes} | {} | {} | {} | {} | {} | {} |",
            fmt_ns(Some(mc)),
            cell("encode"),
            cell("validate"),
            cell("decode_view"),
            cell("decode_owned"),
            a.join("/")
        );
    }
    s
}

const DATASETS: [&str; 4] = ["log", "mesh", "minecraft", "mk48"];

/// The interleaved ratio `label` of dataset `d`.
fn paired(pairs: &[Paired], d: &str, label: &str) -> Option<f64> {
    pairs
        .iter()
        .find(|p| p.group == d && p.label == label)
        .map(|p| p.ratio)
}

fn datasets(s: &mut String, m: &Medians, allocs: &[AllocCount], pairs: &[Paired]) {
    let _ = writeln!(s, "\n## Datasets\n");
    let _ = writeln!(
        s,
        "Shaped like the public Rust serialization benchmark's datasets (own types, seeded \
         generators, same record counts and field mixes; `benches/src/datasets/`). \
         `read` = access + reading every field (checksums agree, tested). Each ratio is the \
         median of 15 rounds that alternate the two operations (about 15 ms each), so that \
         load from other tenants hits both alike; below 1 means fidlwire is faster.\n"
    );
    let _ = writeln!(
        s,
        "| fidlwire ÷ | {} |\n|---|---|---|---|---|",
        DATASETS.join(" | ")
    );
    for (label, _, _) in crate::datasets::PAIRS {
        let cells: Vec<String> = DATASETS
            .iter()
            .map(|d| fmt_ratio(paired(pairs, d, label)))
            .collect();
        let _ = writeln!(s, "| {label} | {} |", cells.join(" | "));
    }
    let _ = writeln!(
        s,
        "\nCriterion medians (ns) and allocations per operation of a warmed-up run:\n\n| operation | {} |\n|---|---|---|---|---|",
        DATASETS.join(" | ")
    );
    let mut ops: Vec<&str> = m
        .keys()
        .filter(|(g, _)| g == "mesh")
        .map(|(_, f)| f.as_str())
        .collect();
    ops.sort();
    for op in ops {
        let cells: Vec<String> = DATASETS
            .iter()
            .map(|d| format!("{} ({})", fmt_ns(ns(m, d, op)), allocs_of(allocs, d, op)))
            .collect();
        let _ = writeln!(s, "| {op} | {} |", cells.join(" | "));
    }
    let bytes: Vec<String> = DATASETS
        .iter()
        .map(|d| {
            m.get(&(d.to_string(), "floor/memcpy".to_string()))
                .and_then(|e| e.1)
                .map_or("?".into(), |b| b.to_string())
        })
        .collect();
    let _ = writeln!(s, "| fidlwire wire bytes | {} |", bytes.join(" | "));
}

type Target = (String, String, Option<bool>);

fn targets(m: &Medians, allocs: &[AllocCount], pairs: &[Paired]) -> Vec<Target> {
    let mut t: Vec<Target> = Vec::new();
    for (label, limit) in [
        ("encode ÷ bincode-fixint encode", 0.9),
        ("view over `&[u8]` (validated) ÷ rkyv validated access", 0.8),
        ("owned decode ÷ clone()", 1.05),
    ] {
        let r = paired(pairs, "PeerMessage", label);
        t.push((
            format!("peer message {label} ≤ {limit}× (interleaved)"),
            fmt_ratio(r),
            r.map(|r| r <= limit),
        ));
    }
    for w in ["StructArray/256", "Int32Array/256", "FloatArray/256"] {
        let r = ratio(ns(m, w, "encode"), ns(m, w, "memcpy"));
        t.push((
            format!("{w} encode ÷ memcpy ≤ 2×"),
            fmt_ratio(r),
            r.map(|r| r <= 2.0),
        ));
    }
    for d in DATASETS {
        for (label, limit) in [
            ("encode ÷ rkyv serialize", 1.0),
            ("owned decode ÷ rkyv deserialize (validated)", 1.0),
            (
                "view over `&[u8]` (validated, no copy) ÷ rkyv access (validated)",
                1.0,
            ),
            ("read every field through the view ÷ rkyv", 1.2),
            ("dynamic decode (schema-driven) ÷ static owned decode", 5.0),
        ] {
            let r = paired(pairs, d, label);
            t.push((
                format!("{d}: {label} ≤ {limit}× (interleaved)"),
                fmt_ratio(r),
                r.map(|r| r <= limit),
            ));
        }
    }
    let r = paired(pairs, "mesh", "encode ÷ memcpy of the wire bytes");
    t.push((
        "mesh encode ÷ memcpy of its bytes ≤ 1.1× (interleaved)".into(),
        fmt_ratio(r),
        r.map(|r| r <= 1.1),
    ));
    for w in [
        "ByteVector/4096",
        "ByteVector/65280",
        "fidlwire/ByteVector/8192",
    ] {
        let r = ratio(ns(m, w, "memcpy"), ns(m, w, "encode"));
        t.push((
            format!("{w} encode throughput ÷ memcpy throughput ≥ 0.8"),
            r.map_or("–".into(), |r| format!("{r:.2}")),
            r.map(|r| r >= 0.8),
        ));
    }
    let views: Vec<String> = [
        "ByteVector/16",
        "ByteVector/256",
        "ByteVector/4096",
        "ByteVector/65280",
    ]
    .iter()
    .map(|w| format!("{w}: {} ns", fmt_ns(ns(m, w, "decode_view"))))
    .collect();
    // O(1): going from 16 B to 65280 B of payload may add at most 5 % of the time it takes
    // to merely copy that payload (a linear-time view would add at least all of it).
    let (small, big, copy) = (
        ns(m, "ByteVector/16", "decode_view"),
        ns(m, "ByteVector/65280", "decode_view"),
        ns(m, "ByteVector/65280", "memcpy"),
    );
    let extra = (|| Some((big? - small?) / copy?))();
    t.push((
        "ByteVector view decode O(1) in the payload: view(65280 B) − view(16 B) ≤ 5 % of memcpy(65280 B)"
            .into(),
        format!(
            "{}; extra = {}",
            views.join(", "),
            extra.map_or("–".into(), |x| format!("{:.1} %", x * 100.0))
        ),
        extra.map(|x| x <= 0.05),
    ));
    for w in ["String/4096", "fidlwire/String/4096"] {
        let rate = ns(m, w, "decode_view").map(|v| 4096.0 / v);
        t.push((
            format!("{w} view decode (UTF-8 validation) ≥ 10 GB/s on ASCII"),
            rate.map_or("–".into(), |r| format!("{r:.1} GB/s")),
            rate.map(|r| r >= 10.0),
        ));
    }
    let per_field = |op: &str| ns(m, "Table/AllSet/63", op).map(|v| v / 63.0);
    for (op, limit) in [("encode", 1.0), ("validate", 1.5)] {
        let v = per_field(op);
        t.push((
            format!("Table/AllSet/63 {op} ≤ {limit} ns per field"),
            v.map_or("–".into(), |v| format!("{v:.2} ns/field")),
            v.map(|v| v <= limit),
        ));
    }
    // (suite op, peer op) pairs that must not allocate.
    for (op, peer_op) in [
        ("encode", "fidlwire/encode"),
        ("decode_view", "fidlwire/view"),
    ] {
        let counted: Vec<u64> = allocs
            .iter()
            .filter(|a| a.op == op || a.op == peer_op)
            .filter_map(|a| a.allocs)
            .collect();
        let max = counted.iter().max().copied();
        t.push((
            format!("0 allocations for {op} (every workload and the peer message)"),
            max.map_or("–".into(), |n| {
                format!("max {n} over {} runs", counted.len())
            }),
            max.map(|n| n == 0),
        ));
    }
    t
}

/// CPU model, core count and toolchain.
pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|x| x.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cmd = |c: &str, args: &[&str]| {
        std::process::Command::new(c)
            .args(args)
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_else(|| "unknown".into())
    };
    format!(
        "- CPU: {cpu}, {cores} cores available\n- OS: {}\n- Toolchain: {}\n- Date: {}",
        cmd("uname", &["-sr"]),
        cmd("rustc", &["-V"]),
        cmd("date", &["-u", "+%Y-%m-%d %H:%M UTC"])
    )
}

/// Where `--out` writes by default: the repository's `BENCHMARKS.md`.
pub fn default_out() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../BENCHMARKS.md")
}
