//! The syntax step: lexing and parsing one file into its [`ast`]. Nothing here knows about
//! other files or resolves names.

pub mod ast;
pub mod lexer;
mod parse_protocols;
mod parse_types;
pub mod parser;

pub use parser::{parse, parse_int};
