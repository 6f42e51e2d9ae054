//! # fidlwire-build
//!
//! A pure-Rust compiler for the Fuchsia Interface Definition Language (FIDL) and a Rust code
//! generator for `build.rs`, in the style of prost-build: no external compiler binary. What it
//! generates for each construct is in [the guide](crate::guide).
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), fidlwire_build::Errors> {
//!     fidlwire_build::Config::new().compile(&["fidl/store.fidl"], &["fidl/"])
//! }
//! ```
//! (`Errors` prints as rendered diagnostics, `file:line:col: error[fi-NNNN]: …`, through both
//! `Display` and `Debug`), and in the crate:
//! ```text
//! include!(concat!(env!("OUT_DIR"), "/fidl.rs"));
//! ```

#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod codegen;
pub mod compile;
/// The FIDL → Rust guide: what is generated for each construct, naming rules, derives, views,
/// handles, protocols and attributes (every example runs as a doc test).
#[doc = include_str!("guide.md")]
pub mod guide {}
mod config;
pub mod diagnostic;
mod graph;
pub mod ids;
pub mod ir;
pub mod names;
pub mod ordinal;
mod schema;
pub mod shape;
pub mod syntax;

pub use syntax::{ast, lexer, parser};

pub use compile::{Options, compile};
pub use config::Config;
pub use diagnostic::{Diagnostic, Errors, SourceFile, SourceMap, Span};
pub use ir::Ir;
pub use schema::schema;

/// Reads `paths` and compiles them (files of several libraries, any order).
pub fn compile_files<P: AsRef<std::path::Path>>(
    paths: &[P],
    options: &Options,
) -> Result<Ir, Errors> {
    let mut sources = SourceMap::default();
    for p in paths {
        let p = p.as_ref();
        let text = std::fs::read_to_string(p)
            .map_err(|e| Errors::plain(format!("cannot read {}: {e}", p.display())))?;
        sources.add(p.display().to_string(), text);
    }
    compile(&sources, options)
}
