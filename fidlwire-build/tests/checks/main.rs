//! Every check of `fidl-checks.md`, one test (at least) per fidlc ID, asserting the ID, the
//! severity and the exact location of every diagnostic, in order. Messages are free text
//! (`fidl-checks.md` §1.1) and are asserted only where they carry a promise (a "did you mean",
//! the earlier location of a duplicate).
//!
//! Modules follow the spec's sections; `coverage` proves that every live ID is tested here.

#[macro_use]
mod support;

mod attributes;
mod constants;
mod coverage;
mod layouts;
mod libraries;
mod names;
mod protocols;
mod resources;
mod syntax;
mod types;
mod versions;
