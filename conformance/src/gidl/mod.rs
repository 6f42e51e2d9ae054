//! The GIDL conformance-test format (`spec/gidl.md`): lexer, syntax tree and parser. The
//! parser never panics: malformed input yields a `file:line:col` error. Shared by the build
//! script (which turns cases into tests) and the library (for the fuzz targets).

mod ast;
mod lexer;
mod parser;

pub use ast::*;
pub use parser::{parse, ParseError};
