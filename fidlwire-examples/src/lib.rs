//! Protocols served for real, from `.fidl` files through `fidlwire-build` and
//! `fidlwire-bindings`:
//!
//! * [`kvstore`]: a key-value store whose `Iterate` method takes the `server_end` of a paging
//!   iterator, which the client calls before `Iterate` returns (request pipelining);
//! * [`echo`]: the echo service of the many-clients examples and measurements;
//! * [`canvas`]: a canvas with acknowledged batches and a flow-control window, events
//!   (`OnDrawn`) and `Ready`;
//! * `shared` (when `../shared/fidl-examples` is present): servers of the API rubric's own
//!   libraries, so that every protocol there is served and called between processes.
//!
//! The examples (`cargo run --release --example kvstore`, `--example canvas`) run the server
//! in a child process by default; [`process`] has the helpers.

/// Generated from `fidl/`.
pub mod fidl {
    include!(concat!(env!("OUT_DIR"), "/fidl.rs"));
}

/// Generated from `../shared/fidl-examples`.
#[cfg(shared)]
pub mod shared_fidl {
    include!(concat!(env!("OUT_DIR"), "/shared.rs"));
}

pub mod canvas;
pub mod echo;
pub mod kvstore;
pub mod load;
pub mod process;
#[cfg(shared)]
pub mod shared;
pub mod threaded;
