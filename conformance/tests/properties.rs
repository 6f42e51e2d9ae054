//! Property-tested conformance: for every struct, table and union of the conformance
//! libraries, proptest drives a generator (by seed) and each value must round-trip through
//! encode, owned decode, view decode and canonical re-encode.

use fidlwire_conformance::arbitrary::ROUND_TRIPS;
use proptest::prelude::*;

/// The committed seeds of past failures, replayed first (relative to the package directory,
/// where `cargo test` runs). `regression_seeds_are_the_committed_file` keeps this pointing at
/// a file that exists.
const REGRESSIONS: &str = "proptest-regressions/properties.txt";

#[test]
fn regression_seeds_are_the_committed_file() {
    let text = std::fs::read_to_string(REGRESSIONS)
        .unwrap_or_else(|e| panic!("{REGRESSIONS} (the configured seed file): {e}"));
    // Every line is a comment or a seed proptest can read back.
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        assert!(
            line.starts_with('#') || line.starts_with("cc "),
            "{REGRESSIONS}: not a proptest seed line: {line}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        // Failures are saved here and replayed first on every later run (commit them).
        failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::Direct(
            REGRESSIONS,
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_conformance_type_round_trips(seed in any::<u64>()) {
        for (name, check) in ROUND_TRIPS {
            if let Err(e) = check(seed) {
                prop_assert!(false, "{name} (seed {seed}): {e}");
            }
        }
    }
}

#[test]
fn the_property_covers_the_libraries() {
    // Every layout of the conformance libraries that can be generated takes part. Without
    // ../shared (a user's clone) only this crate's own library is there.
    let floor = if env!("FIDLWIRE_SHARED_GIDL") == "1" {
        100
    } else {
        println!("notice: ../shared/gidl is absent; only this crate's own types are covered");
        40
    };
    assert!(
        ROUND_TRIPS.len() >= floor,
        "only {} types",
        ROUND_TRIPS.len()
    );
    println!(
        "round-trip property over {} conformance types",
        ROUND_TRIPS.len()
    );
}
