//! `workloads/datasets.fidl` describes the datasets exactly: the dynamic codec decodes what the
//! static codec encodes from the Rust types, and re-encodes it to the same bytes.

use fidlwire_bench::datasets::{log, mesh, minecraft, mk48, schema};

fn check(name: &str, wire: &[u8]) {
    let s = schema();
    let ty = s.ty(name).unwrap_or_else(|| panic!("no {name}"));
    let m = fidlwire_dynamic::decode(s, &ty, wire, Vec::new())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let (again, _) = fidlwire_dynamic::encode(s, &ty, &m.value, Vec::new()).unwrap();
    assert!(again == wire, "{name}: re-encoding differs");
}

#[test]
fn the_fidl_of_every_dataset_matches_its_rust_types() {
    check(
        "fidlwire.bench.datasets/Logs",
        &fidlwire::to_vec(&log::generate(1)).unwrap(),
    );
    check(
        "fidlwire.bench.datasets/Mesh",
        &fidlwire::to_vec(&mesh::generate(2)).unwrap(),
    );
    check(
        "fidlwire.bench.datasets/Players",
        &fidlwire::to_vec(&minecraft::generate(3)).unwrap(),
    );
    check(
        "fidlwire.bench.datasets/Updates",
        &fidlwire::to_vec(&mk48::generate(4)).unwrap(),
    );
}
