//! Every benchmark workload measures real work: it encodes, validates, views and decodes, the
//! owned value re-encodes to the same bytes, and encode / view make no allocation.

use fidlwire_bench::alloc::Counting;
use fidlwire_bench::suite;
use fidlwire_bench::workloads::WORKLOADS;

#[global_allocator]
static ALLOC: Counting = Counting;

#[test]
fn every_workload_round_trips_without_allocating_on_encode_or_view() {
    for w in WORKLOADS {
        let counts = suite::check(w);
        let ops: Vec<&str> = counts.iter().map(|c| c.op.as_str()).collect();
        assert_eq!(
            ops,
            ["encode", "validate", "decode_view", "decode_owned"],
            "{}",
            w.name
        );
        for c in &counts {
            let n = c.allocs.expect("the counting allocator is installed");
            if c.op != "decode_owned" {
                assert_eq!(n, 0, "{}: {} allocated {n} times", w.name, c.op);
            }
        }
    }
}

#[test]
fn own_workloads_are_always_present() {
    let own: Vec<&str> = WORKLOADS
        .iter()
        .filter(|w| w.origin == "own.gidl")
        .map(|w| w.name)
        .collect();
    assert_eq!(
        own,
        [
            "fidlwire/PeerMessage",
            "fidlwire/Table/Mixed",
            "fidlwire/String/4096",
            "fidlwire/ByteVector/8192"
        ]
    );
}

#[test]
fn upstream_suite_is_ported_when_present() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/benchmark_suite");
    if !dir.is_dir() || std::env::var_os("FIDLWIRE_BENCH_OWN_ONLY").is_some() {
        println!("notice: ../shared/benchmark_suite is absent; skipping the upstream port check");
        return;
    }
    let upstream = WORKLOADS.iter().filter(|w| w.origin != "own.gidl").count();
    // Every `benchmark` section, including those whose upstream allowlist omits Rust.
    let sections: usize = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "gidl"))
        .map(|e| {
            std::fs::read_to_string(e.path())
                .unwrap()
                .matches("\nbenchmark(\"")
                .count()
        })
        .sum();
    assert_eq!(upstream, sections);
    for name in [
        "ByteVector/65280",
        "StructArray/256",
        "Table/AllSet/63",
        "Union/LastSet/256",
        "StructTree/Depth8",
        "GPUMagma/ExecuteImmediateCommandsRequest/CommandByte1024/Semaphore32",
        "HandleArray/Event/64",
    ] {
        assert!(WORKLOADS.iter().any(|w| w.name == name), "{name} missing");
    }
}

#[test]
fn peer_message_workload_is_the_peer_sample() {
    // The GIDL workload and the peer comparison's Rust value encode to the same bytes.
    let w = WORKLOADS
        .iter()
        .find(|w| w.name == "fidlwire/PeerMessage")
        .unwrap();
    let _ = suite::check(w);
    let sample = fidlwire_bench::peers::PeerMessage::sample();
    let from_gidl = fidlwire_bench::fidl::fidlwire::bench::PeerMessage {
        id: sample.id,
        name: sample.name.clone(),
        payload: sample.payload.clone(),
        values: sample.values.clone(),
        tags: sample.tags.clone(),
    };
    assert_eq!(
        fidlwire::to_vec(&from_gidl).unwrap(),
        fidlwire::to_vec(&sample).unwrap()
    );
}
