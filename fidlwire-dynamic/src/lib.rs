//! Schema-driven (dynamic) FIDL: decode any message of a type chosen at run time into a
//! [`Value`], encode such a value back to exactly the same bytes, read and write values as
//! JSON, and label every byte of a message ([`annotate`]).
//!
//! The rules are the runtime's: this crate walks the schema and calls
//! [`fidlwire::rules`] (vector and string headers, UTF-8, envelopes, boxes, handles, struct
//! padding through [`fidlwire::layout::Layout`], tables and unions through
//! [`fidlwire::table::validate`] and [`fidlwire::union::validate`]) inside
//! [`fidlwire::DecodeOptions::run_dynamic`], so errors have the static codec's codes and byte
//! offsets. Schemas come from compiled FIDL: `fidlwire_build::schema` (or the `fidlwire decode`
//! command line).
//!
//! ```
//! use fidlwire_dynamic::*;
//! let schema = Schema::new(vec![], vec![]).unwrap();
//! let ty = Ty::Vector { elem: Box::new(Ty::String { max: 8, optional: false }), max: 4, optional: false };
//! let value = from_json(&schema, &ty, &serde_json::json!(["a", "bc"])).unwrap();
//! let (bytes, _) = encode(&schema, &ty, &value, vec![]).unwrap();
//! assert_eq!(bytes, fidlwire::to_vec(&vec![String::from("a"), String::from("bc")]).unwrap());
//! assert_eq!(decode(&schema, &ty, &bytes, vec![]).unwrap().value, value);
//! ```
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod annotate;
mod decode;
mod encode;
mod error;
pub mod hex;
mod json;
mod message;
mod read;
mod schema;
mod text;
mod value;

pub use decode::{Message, Region, decode, decode_annotated};
pub use encode::encode;
pub use error::{Error, ErrorKind, Result};
pub use json::{from_json, to_json};
pub use message::{Direction, Transaction, decode_transaction};
pub use schema::{
    Decl, DeclId, DeclKind, Member, Method, OrdinalMember, Prim, Protocol, Schema, SchemaError, Ty,
    ValueMember,
};
pub use text::to_text;
pub use value::{Field, FieldValue, RawEnvelope, Value};
