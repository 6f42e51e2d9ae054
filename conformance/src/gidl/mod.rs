//! The GIDL conformance-test format (`spec/gidl.md`): lexer, syntax tree and parser. The
//! parser never panics: malformed input yields a `file:line:col` error. Shared by the build
//! script (which turns cases into tests) and the library (for the fuzz targets).

mod ast;
mod lexer;
mod parser;

pub use ast::*;
#[allow(unused_imports)] // the build script only parses
pub use parser::{ParseError, parse};
