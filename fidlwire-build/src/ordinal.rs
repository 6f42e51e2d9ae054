//! Method ordinals: the runtime's algorithm (spec §12.3), re-exported so the compiler and the
//! runtime can never disagree.

pub use fidlwire::ordinal::{selector, selector_ordinal as ordinal};
