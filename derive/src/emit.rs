//! The trait-impl scaffolding every derive emits. Each derive supplies only the bodies, so the
//! signatures of `Type`, `Encode` and `Decode` live in one place.

use proc_macro2::TokenStream;
use quote::quote;
use syn::Ident;

/// What one derive contributes to the `Type`/`Encode`/`Decode` impls of `name`.
pub struct Codec<'a> {
    pub krate: &'a TokenStream,
    pub name: &'a Ident,
    pub inline_size: TokenStream,
    pub align: TokenStream,
    pub resource: bool,
    /// The `View<'a>` type.
    pub view: TokenStream,
    /// Body of `encode`; in scope: `self`, `e`, `offset`, `depth`.
    pub encode: TokenStream,
    /// Body of `validate`; in scope: `v`, `offset`, `depth`, type parameter `B`.
    pub validate: TokenStream,
    /// Body of `view`; in scope: `slot`.
    pub view_fn: TokenStream,
    /// Body of `from_view`; in scope: `view`.
    pub from_view: TokenStream,
    /// Body of `decode_fused` (one-pass owned decoding), or empty for the trait's default;
    /// in scope: `v` (a `Validator` over `Linked`), `offset`, `depth`.
    pub decode_fused: TokenStream,
    /// Whether the wire form is the little-endian memory form (`Type::PLAIN`).
    pub plain: bool,
    /// Extra items of the `Encode` impl (bulk overrides).
    pub encode_extra: TokenStream,
    /// Extra items of the `Decode` impl (bulk overrides).
    pub decode_extra: TokenStream,
}

impl Codec<'_> {
    pub fn emit(&self) -> TokenStream {
        let Codec {
            krate: k,
            name,
            inline_size,
            align,
            resource,
            view,
            encode,
            validate,
            view_fn,
            from_view,
            decode_fused,
            plain,
            encode_extra,
            decode_extra,
        } = self;
        let decode_fused = if decode_fused.is_empty() {
            quote!()
        } else {
            quote! {
                #[inline]
                fn decode_fused(
                    v: &mut #k::__private::Validator<'_, #k::__private::Linked<'_>>,
                    offset: usize,
                    depth: u32,
                    _: (),
                ) -> #k::Result<Self> {
                    #decode_fused
                }
            }
        };
        quote! {
            impl #k::Type for #name {
                const INLINE_SIZE: usize = #inline_size;
                const ALIGN: usize = #align;
                const RESOURCE: bool = #resource;
                const PLAIN: bool = #plain;
                type Constraint = ();
            }

            impl #k::Encode for #name {
                #[inline]
                fn encode(
                    &self,
                    e: &mut #k::__private::Encoder<'_>,
                    offset: usize,
                    depth: u32,
                    _: (),
                ) -> #k::Result<()> {
                    #encode
                }

                #encode_extra
            }

            impl #k::Decode for #name {
                type View<'a> = #view;

                #[inline]
                fn validate<B: #k::__private::Buffer>(
                    v: &mut #k::__private::Validator<'_, B>,
                    offset: usize,
                    depth: u32,
                    _: (),
                ) -> #k::Result<()> {
                    #validate
                }

                #[inline]
                fn view(slot: #k::Slot<'_>) -> Self::View<'_> {
                    #view_fn
                }

                fn from_view(view: Self::View<'_>) -> Self {
                    #from_view
                }

                #decode_fused
                #decode_extra
            }
        }
    }
}

/// A slot-holding view struct (`{Name}View<'a>`) with `to_owned`.
pub fn view_struct(
    krate: &TokenStream,
    vis: &syn::Visibility,
    name: &Ident,
    view: &Ident,
    what: &str,
) -> TokenStream {
    let doc = format!("Zero-copy view of the {what} [`{name}`], borrowed from a decoded message.");
    quote! {
        #[doc = #doc]
        #[derive(Clone, Copy)]
        #vis struct #view<'a> {
            slot: #krate::Slot<'a>,
        }
    }
}

/// `to_owned` for a view type.
pub fn to_owned(krate: &TokenStream, name: &Ident, view: &Ident) -> TokenStream {
    quote! {
        impl<'a> #view<'a> {
            /// Converts the view into an owned value (taking its handles).
            pub fn to_owned(&self) -> #name {
                <#name as #krate::Decode>::from_view(*self)
            }
        }
    }
}

/// A `Debug` impl for a view; `body` writes to `f` with `ViaDebug`/`ViaOpaque` in scope.
pub fn view_debug(krate: &TokenStream, view: &Ident, body: TokenStream) -> TokenStream {
    quote! {
        impl<'a> ::core::fmt::Debug for #view<'a> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                #[allow(unused_imports)]
                use #krate::__private::{ViaDebug as _, ViaOpaque as _};
                #body
            }
        }
    }
}
