//! Derive macros for [fidlwire](https://docs.rs/fidlwire): `Struct`, `Table`, `Union`, `Enum`
//! and `Bits`. Use them through the `fidlwire` crate, which re-exports them.
//!
//! Layout (sizes, offsets, padding masks) is computed at compile time by `const` evaluation in
//! the runtime, and every expansion is plain safe Rust: all byte-level work happens in
//! fidlwire's runtime helpers.

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

mod attrs;
mod bits;
mod emit;
mod enums;
mod structs;
mod tables;
mod unions;

fn expand(
    input: TokenStream,
    f: fn(&DeriveInput) -> syn::Result<proc_macro2::TokenStream>,
) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    f(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Derives the codec for a FIDL struct (named fields in declaration order; an empty struct is
/// the 1-byte empty struct). Also generates `{Name}View<'a>`, a zero-copy view with one
/// accessor per field. Attributes: `#[fidl(resource)]` on the type; `#[fidl(max_len = N)]` or
/// `#[fidl(constraint = EXPR)]` on fields.
#[proc_macro_derive(Struct, attributes(fidl))]
pub fn derive_struct(input: TokenStream) -> TokenStream {
    expand(input, structs::expand)
}

/// Derives the codec for a FIDL table: a struct whose fields are all `Option<T>` with
/// `#[fidl(ordinal = N)]`. Generates `{Name}View<'a>` with `Option` accessors.
#[proc_macro_derive(Table, attributes(fidl))]
pub fn derive_table(input: TokenStream) -> TokenStream {
    expand(input, tables::expand)
}

/// Derives the codec for a FIDL union: an enum of one-field tuple variants with
/// `#[fidl(ordinal = N)]`. `#[fidl(strict)]` or `#[fidl(flexible)]` (the default; it then needs
/// a `#[fidl(unknown)] Unknown(u64)` variant). Generates the `{Name}View<'a>` enum.
#[proc_macro_derive(Union, attributes(fidl))]
pub fn derive_union(input: TokenStream) -> TokenStream {
    expand(input, unions::expand)
}

/// Derives the codec for a FIDL enum (`Copy` required). Values come from discriminants or
/// `#[fidl(value = V)]`; the underlying type from `#[fidl(repr = T)]` or `#[repr(T)]` (default
/// `u32`). Flexible enums (the default) need a `#[fidl(unknown)] Unknown(T)` variant.
#[proc_macro_derive(Enum, attributes(fidl))]
pub fn derive_enum(input: TokenStream) -> TokenStream {
    expand(input, enums::expand)
}

/// Derives the codec for FIDL bits on a one-field tuple struct over an unsigned integer
/// (`Copy` required). Members: `#[fidl(members(A = 1, B = 2))]`; `#[fidl(strict)]` rejects
/// unknown bits. Generates member constants and flag operations.
#[proc_macro_derive(Bits, attributes(fidl))]
pub fn derive_bits(input: TokenStream) -> TokenStream {
    expand(input, bits::expand)
}
