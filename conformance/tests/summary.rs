//! Runs every GIDL check and ends with `conformance: N passed, N failed, N skipped`, counting
//! GIDL cases (a `success` case passes only when both its encode and decode checks pass).
//! Arguments filter by substring, like libtest.

use fidlwire_conformance::cases::CASES;
use fidlwire_conformance::harness::Status;
use std::collections::BTreeMap;
use std::panic;

fn main() {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    panic::set_hook(Box::new(|_| {}));
    // case (file + section) → (checks run, checks failed, skipped)
    let mut cases: BTreeMap<&str, (usize, Vec<String>, Option<&str>)> = BTreeMap::new();
    for c in CASES {
        if !filters.is_empty() && !filters.iter().any(|f| c.name.contains(f.as_str())) {
            continue;
        }
        let entry = cases.entry(c.origin).or_default();
        match c.status {
            Status::Skipped(reason) => entry.2 = Some(reason),
            Status::Run => {
                entry.0 += 1;
                if let Err(e) = panic::catch_unwind(c.run) {
                    let msg = e
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    entry.1.push(format!("{}: {msg}", c.name));
                }
            }
        }
    }
    let _ = panic::take_hook();
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for (origin, (_, failures, skip)) in &cases {
        if skip.is_some() {
            skipped += 1;
        } else if failures.is_empty() {
            passed += 1;
        } else {
            failed += 1;
            for f in failures {
                println!("FAILED {origin}\n    {f}");
            }
        }
    }
    if std::env::var_os("CONFORMANCE_LIST_SKIPPED").is_some() {
        for (origin, (_, _, skip)) in &cases {
            if let Some(r) = skip {
                println!("skipped {origin}: {r}");
            }
        }
    }
    println!("conformance: {passed} passed, {failed} failed, {skipped} skipped");
    if failed > 0 {
        std::process::exit(1);
    }
}
