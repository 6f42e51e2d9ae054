//! # fidlwire
//!
//! The Fuchsia Interface Definition Language (FIDL) **V2 wire format** for Rust, usable
//! anywhere Rust runs.
//!
//! * Encode any type implementing [`Encode`]; decode it as an owned value ([`decode()`]), as a
//!   zero-copy view over read-only bytes ([`ViewBuffer::view`]: offsets recorded in a reusable
//!   side table, the bytes untouched), or as a view validated in place over `&mut [u8]`
//!   ([`view()`]: presence markers rewritten into offsets). Every tier runs the same validator,
//!   so they always agree about what is valid; a view exists only after validation.
//! * `#[fidl(plain)]` structs (padding-free integers and floats, proven by zerocopy's derives)
//!   make vectors and arrays of them one copy each way; `fidlwire-build` marks them itself.
//! * Derive the codec for your own types with [`Struct`], [`Table`], [`Union`], [`Enum`] and
//!   [`Bits`]; derived code contains no `unsafe`.
//! * Every malformed input yields a typed [`Error`] whose [`code`](Error::code) is the GIDL
//!   conformance code (`"STRING_TOO_LONG"`, …), with the byte offset and field path.
//! * Handles carry object type and rights; decoding checks and reduces them and closes every
//!   handle on error. [`emulated`] provides a handle table for tests and hosts.
//!
//! ```
//! use fidlwire::{Struct, Table, Union};
//!
//! #[derive(Struct, Debug, PartialEq)]
//! struct Item {
//!     #[fidl(max_len = 128)]
//!     key: String,
//!     value: Vec<u8>,
//! }
//!
//! #[derive(Table, Debug, PartialEq, Default)]
//! struct Options {
//!     #[fidl(ordinal = 1)]
//!     overwrite: Option<bool>,
//!     #[fidl(ordinal = 2)]
//!     tags: Option<Vec<String>>,
//! }
//!
//! #[derive(Union, Debug, PartialEq)]
//! #[fidl(flexible)]
//! enum Request {
//!     #[fidl(ordinal = 1)]
//!     Put(Item),
//!     #[fidl(ordinal = 2)]
//!     Configure(Options),
//!     #[fidl(unknown)]
//!     Unknown(u64),
//! }
//!
//! let req = Request::Put(Item { key: "greeting".into(), value: b"hello".to_vec() });
//! let mut bytes = fidlwire::to_vec(&req)?;
//!
//! // Owned decoding.
//! let owned: Request = fidlwire::decode(&bytes)?;
//! assert_eq!(owned, req);
//!
//! // Zero-copy over read-only bytes: fields are borrowed from `bytes`.
//! let mut views = fidlwire::ViewBuffer::new();
//! if let RequestView::Put(item) = views.view::<Request>(&bytes)? {
//!     assert_eq!(item.key(), "greeting");
//! }
//!
//! // Zero-copy in place: validation rewrites presence markers, so `bytes` is consumed.
//! match fidlwire::view::<Request>(&mut bytes)? {
//!     RequestView::Put(item) => {
//!         assert_eq!(item.key(), "greeting");
//!         assert_eq!(item.value().as_bytes(), b"hello");
//!     }
//!     _ => unreachable!(),
//! }
//!
//! // Errors carry the GIDL code and where it happened.
//! let err = fidlwire::decode::<Request>(&[0u8; 8]).unwrap_err();
//! assert_eq!(err.code(), "TOO_FEW_BYTES_IN_PRIMARY_OBJECT");
//! # Ok::<(), fidlwire::Error>(())
//! ```
#![deny(unsafe_code)]
#![warn(missing_docs)]

mod array;
pub mod decode;
pub mod emulated;
pub mod encode;
pub mod endpoint;
pub mod envelope;
mod error;
pub mod fidl;
pub mod handle;
mod handle_wire;
pub mod header;
pub mod layout;
mod links;
mod optional;
pub mod ordinal;
pub mod persist;
mod primitive;
mod private;
pub mod protocol;
pub mod rules;
pub mod table;
pub mod union;
pub mod vector;
pub mod view;
mod view_buffer;
mod wire;

pub use decode::{DecodeOptions, decode, decode_with_handles, validate, view, view_with_handles};
pub use encode::{EncodeOptions, encode, encode_into, to_vec};
pub use endpoint::{ClientEnd, ProtocolMarker, ServerEnd};
pub use error::{Error, ErrorKind, Numbers, PathSegment, Result};
pub use handle::{Handle, HandleConstraint, HandleDisposition, HandleInfo, ObjectType, Rights};
pub use header::TransactionHeader;
pub use optional::Lazy;
pub use persist::{persist, unpersist};
pub use vector::{StringConstraint, VecConstraint};
pub use view::{SeqView, Slot};
pub use view_buffer::ViewBuffer;
pub use wire::{Decode, Encode, Nullable, Type, ValueType};

pub use fidlwire_derive::{Bits, Enum, Struct, Table, Union};

/// zerocopy, whose derives make `#[fidl(plain)]` structs one copy each way: derive
/// `IntoBytes, FromBytes, Immutable, KnownLayout` with
/// `#[zerocopy(crate = "fidlwire::zerocopy")]` and `#[repr(C)]`.
pub use zerocopy;

/// Maximum out-of-line depth allowed by the spec (`MAX_RECURSION`).
pub const MAX_DEPTH: u32 = 32;
/// Presence marker of an out-of-line object.
pub const ALLOC_PRESENT_U64: u64 = u64::MAX;
/// Presence marker of a handle.
pub const ALLOC_PRESENT_U32: u32 = u32::MAX;

/// Items used by derived code. Not part of the public API; may change without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::ErrorKind;
    pub use crate::decode::{Buffer, Linked, Validator};
    pub use crate::encode::Encoder;
    pub use crate::envelope::{self, EnvelopeHeader};
    pub use crate::error::{err, err_value};
    pub use crate::layout::{self, StructLayout};
    pub use crate::private::*;
    pub use crate::table;
    pub use crate::union;
    pub use crate::view::Slot;
    pub use zerocopy;
}

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

// Lets derived code inside this crate (tests) name the crate as `::fidlwire`.
extern crate self as fidlwire;
