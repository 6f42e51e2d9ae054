//! Every live fidlc ID is asserted by some test of this suite, or is listed here with the
//! reason it cannot be.

use fidlwire_build::ids;
use std::collections::BTreeSet;

/// IDs no test can produce, and why.
const UNTESTABLE: &[(&str, &str)] = &[
    (
        "fi-0080",
        "needs a selector whose SHA-256 starts with 63 zero bits",
    ),
    (
        "fi-0127",
        "no official attribute has a required named argument (fidl-checks.md §3.5)",
    ),
    (
        "fi-0191",
        "never emitted by current fidlc (fidl-checks.md §3.9)",
    ),
    (
        "fi-0192",
        "never emitted by current fidlc (fidl-checks.md §3.9)",
    ),
];

#[test]
fn every_live_id_is_asserted() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/checks");
    let mut asserted = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        // Expectations are string literals: `"2:1 error[fi-0001]"` or `"x.fidl:1:9 fi-0040"`.
        for (i, _) in text.match_indices("fi-0").chain(text.match_indices("fi-1")) {
            let id = &text[i..(i + 7).min(text.len())];
            let quoted = text[..i]
                .rfind('"')
                .is_some_and(|q| !text[q..i].contains('\n'));
            if quoted && !text[..i].ends_with("(\"") {
                asserted.insert(id.to_string());
            }
        }
    }
    let untestable: BTreeSet<&str> = UNTESTABLE.iter().map(|(id, _)| *id).collect();
    let missing: Vec<&str> = ids::ALL
        .iter()
        .copied()
        .filter(|id| !asserted.contains(*id) && !untestable.contains(id))
        .collect();
    assert!(missing.is_empty(), "IDs without a test: {missing:?}");
}
