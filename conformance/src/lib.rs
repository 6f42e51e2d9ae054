//! GIDL conformance for fidlwire.
//!
//! The build script compiles every `.test.fidl` it finds (this crate's `gidl/`, `../shared/gidl`
//! when present, and each directory in `FIDLWIRE_GIDL_PATH`) with `fidlwire-build`, parses every
//! `.gidl` file, and turns each case into a function that builds its value with the generated
//! types and runs it through fidlwire. `tests/cases.rs` runs them as `#[test]`s named
//! `<file>__<case>__<check>`; `tests/summary.rs` runs them all and prints
//! `conformance: N passed, N failed, N skipped`.

pub mod fuzz;

include!(concat!(env!("OUT_DIR"), "/sources.rs"));
pub mod gidl;
pub mod harness;

/// Rust generated from the conformance `.test.fidl` files.
#[allow(clippy::all)]
pub mod fidl {
    include!(concat!(env!("OUT_DIR"), "/fidl.rs"));
}

/// One generated function per GIDL check, and the table of all of them.
#[allow(clippy::all, non_snake_case, unused_mut, unused_variables)]
pub mod cases {
    include!(concat!(env!("OUT_DIR"), "/cases.rs"));
}

/// A random-value generator for every conformance type, and the round-trip property table.
#[allow(
    clippy::all,
    unused_parens,
    unused_braces,
    unreachable_code,
    unused_comparisons,
    unused_variables
)]
pub mod arbitrary {
    include!(concat!(env!("OUT_DIR"), "/arbitrary.rs"));
}
