//! Generated Rust, compiled. `own` comes from this crate's `.fidl` files; the others from
//! `../shared` when it is present (`cfg(shared)`).

/// Libraries from `fidl/`.
pub mod own {
    include!(concat!(env!("OUT_DIR"), "/own.rs"));
}

/// The conformance libraries (`../shared/gidl/*.test.fidl`).
pub mod conformance {
    include!(concat!(env!("OUT_DIR"), "/conformance.rs"));
}

/// The benchmark libraries (`../shared/benchmark_suite`).
pub mod benchmarks {
    include!(concat!(env!("OUT_DIR"), "/benchmarks.rs"));
}

/// The example libraries (`../shared/fidl-examples`).
pub mod examples {
    include!(concat!(env!("OUT_DIR"), "/examples.rs"));
}

pub mod servers;
