//! `#[derive(Struct)]`.

use crate::attrs;
use crate::emit::{self, Codec};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Data, DeriveInput, Fields};

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    attrs::no_generics(input)?;
    let c = attrs::container(&input.attrs)?;
    let k = c.krate();
    let name = &input.ident;
    let view = format_ident!("{}View", name);
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            name,
            "#[derive(Struct)] needs a struct",
        ));
    };
    let fields: Vec<_> = match &data.fields {
        Fields::Named(f) => f.named.iter().collect(),
        Fields::Unit => Vec::new(),
        Fields::Unnamed(f) => {
            return Err(syn::Error::new_spanned(f, "FIDL struct members need names"));
        }
    };
    let n = fields.len();
    let p = n + 1;
    let idents: Vec<_> = fields
        .iter()
        .map(|f| f.ident.clone().expect("named"))
        .collect();
    let names: Vec<_> = idents
        .iter()
        .map(|i| i.to_string().trim_start_matches("r#").to_string())
        .collect();
    let tys: Vec<_> = fields.iter().map(|f| &f.ty).collect();
    let mut constraints = Vec::new();
    for f in &fields {
        constraints.push(attrs::member(&f.attrs)?.constraint(&k, &f.ty)?);
    }
    let idx: Vec<_> = (0..n).map(syn::Index::from).collect();
    let (construct, construct_fused) = if matches!(data.fields, Fields::Unit) {
        (quote!(#name), quote!(#name))
    } else {
        (
            quote!(#name { #(#idents: <#tys as #k::Decode>::from_view(view.#idents()),)* }),
            // Fields are evaluated in the order written: the order `validate` checks them.
            quote!(#name { #(
                #idents: <#tys as #k::Decode>::decode_fused(v, offset + LAYOUT.offsets[#idx], depth, #constraints)
                    .map_err(|err| err.in_field(#names))?,
            )* }),
        )
    };
    let plain = c.plain;
    if plain && c.resource {
        return Err(syn::Error::new_spanned(
            name,
            "a plain struct cannot be a resource",
        ));
    }
    let zc = quote!(#k::__private::zerocopy);
    // The bulk paths of `#[fidl(plain)]`: the memory form *is* the wire form on little-endian
    // targets (checked at compile time below), so slices are one copy each way.
    let (encode_extra, decode_extra) = if plain {
        (
            quote! {
                #[inline]
                fn encode_slice(
                    items: &[Self],
                    e: &mut #k::__private::Encoder<'_>,
                    offset: usize,
                    depth: u32,
                    c: (),
                ) -> #k::Result<()> {
                    if cfg!(target_endian = "little") {
                        let bytes = #zc::IntoBytes::as_bytes(items);
                        e.bytes_mut(offset, bytes.len()).copy_from_slice(bytes);
                        return Ok(());
                    }
                    #k::encode::encode_each(items, e, offset, depth, c)
                }

                #[inline]
                fn wire_bytes(items: &[Self]) -> Option<&[u8]> {
                    cfg!(target_endian = "little").then(|| #zc::IntoBytes::as_bytes(items))
                }
            },
            quote! {
                #[inline]
                fn validate_slice<B: #k::__private::Buffer>(
                    _: &mut #k::__private::Validator<'_, B>,
                    _: usize,
                    _: usize,
                    _: u32,
                    _: (),
                ) -> #k::Result<()> {
                    // No padding and every bit pattern is a valid value: nothing to check
                    // beyond the bounds the caller claimed.
                    Ok(())
                }

                #[inline]
                fn from_slice_view(slot: #k::Slot<'_>, count: usize) -> Vec<Self> {
                    if let Some(items) = plain_vec(slot.bytes(count * LAYOUT.size), count) {
                        return items;
                    }
                    (0..count)
                        .map(|i| <Self as #k::Decode>::from_view(<Self as #k::Decode>::view(slot.at(i * LAYOUT.size))))
                        .collect()
                }

                #[inline]
                fn decode_slice(
                    v: &mut #k::__private::Validator<'_, #k::__private::Linked<'_>>,
                    offset: usize,
                    count: usize,
                    depth: u32,
                    c: (),
                ) -> #k::Result<Vec<Self>> {
                    if let Some(items) = plain_vec(&v.bytes()[offset..offset + count * LAYOUT.size], count) {
                        return Ok(items);
                    }
                    (0..count)
                        .map(|i| <Self as #k::Decode>::decode_fused(v, offset + i * LAYOUT.size, depth, c))
                        .collect()
                }
            },
        )
    } else {
        (
            quote! {
                #[inline]
                fn encode_slice(
                    items: &[Self],
                    e: &mut #k::__private::Encoder<'_>,
                    offset: usize,
                    depth: u32,
                    c: (),
                ) -> #k::Result<()> {
                    // Structs with padding whose members are all in wire form (e.g.
                    // `{ uint8; uint16 }`): each element is its members copied to constant
                    // offsets of a fixed-size chunk, with no error path or encoder call, so the
                    // loop needs one bounds check for the whole body. The `wire_bytes(&[])`
                    // tests are constants per member type.
                    if true #(&& <#tys as #k::Encode>::wire_bytes(&[]).is_some())* {
                        let body = e.bytes_mut(offset, items.len() * LAYOUT.size);
                        for (chunk, item) in body.chunks_exact_mut(LAYOUT.size).zip(items) {
                            #(
                                if let Some(bytes) = <#tys as #k::Encode>::wire_bytes(::core::slice::from_ref(&item.#idents)) {
                                    chunk[LAYOUT.offsets[#idx]..][..<#tys as #k::Type>::INLINE_SIZE].copy_from_slice(bytes);
                                }
                            )*
                        }
                        return Ok(());
                    }
                    #k::encode::encode_each(items, e, offset, depth, c)
                }
            },
            quote!(),
        )
    };
    let plain_check = if plain {
        quote! {
            /// `count` values from their wire bytes with one copy (little-endian targets).
            #[inline]
            fn plain_vec(bytes: &[u8], count: usize) -> Option<Vec<#name>> {
                if !cfg!(target_endian = "little") {
                    return None;
                }
                if let Ok(items) = <[#name] as #zc::FromBytes>::ref_from_bytes(bytes) {
                    return Some(items.to_vec());
                }
                // Misaligned buffer: copy into a fresh, aligned vector.
                let mut items = <#name as #zc::FromZeros>::new_vec_zeroed(count).ok()?;
                #zc::IntoBytes::as_mut_bytes(items.as_mut_slice()).copy_from_slice(bytes);
                Some(items)
            }

            const _: () = assert!(
                true #(&& <#tys as #k::Type>::PLAIN)*
                    && 0 #(+ <#tys as #k::Type>::INLINE_SIZE)* == LAYOUT.size
                    && ::core::mem::size_of::<#name>() == LAYOUT.size,
                concat!(
                    "#[fidl(plain)] struct ", stringify!(#name),
                    ": every member must be plain (integers, floats, arrays and plain structs) ",
                    "with no padding, and the struct #[repr(C)]"
                ),
            );
        }
    } else {
        quote!()
    };
    let codec = Codec {
        krate: &k,
        name,
        inline_size: quote!(LAYOUT.size),
        align: quote!(LAYOUT.align),
        resource: c.resource,
        view: quote!(#view<'a>),
        encode: quote! {
            // Members whose memory form is their wire form (numbers, bools, plain structs and
            // arrays of them) are copied into the struct's block behind one bounds check: the
            // offsets and sizes are constants, so the copies compile to plain stores. The
            // padding is the zeros the block was claimed with. `wire_bytes` is a constant
            // `Some`/`None` per type, so each member takes exactly one of the two paths.
            {
                let block = e.bytes_mut(offset, LAYOUT.size);
                #(
                    if let Some(bytes) = <#tys as #k::Encode>::wire_bytes(::core::slice::from_ref(&self.#idents)) {
                        block[LAYOUT.offsets[#idx]..][..<#tys as #k::Type>::INLINE_SIZE].copy_from_slice(bytes);
                    }
                )*
            }
            #(
                if <#tys as #k::Encode>::wire_bytes(::core::slice::from_ref(&self.#idents)).is_none() {
                    #k::Encode::encode(&self.#idents, e, offset + LAYOUT.offsets[#idx], depth, #constraints)
                        .map_err(|err| err.in_field(#names))?;
                }
            )*
            Ok(())
        },
        validate: quote! {
            LAYOUT.check_padding(v, offset)?;
            #(
                <#tys as #k::Decode>::validate(v, offset + LAYOUT.offsets[#idx], depth, #constraints)
                    .map_err(|err| err.in_field(#names))?;
            )*
            Ok(())
        },
        view_fn: quote!(#view { slot }),
        from_view: construct,
        decode_fused: if plain {
            quote! {
                if cfg!(target_endian = "little") {
                    if let Ok(value) = <Self as #zc::FromBytes>::read_from_bytes(&v.bytes()[offset..offset + LAYOUT.size]) {
                        return Ok(value);
                    }
                }
                Ok(#construct_fused)
            }
        } else {
            quote! {
                LAYOUT.check_padding(v, offset)?;
                Ok(#construct_fused)
            }
        },
        plain,
        encode_extra,
        decode_extra,
    }
    .emit();
    let view_struct = emit::view_struct(&k, &input.vis, name, &view, "struct");
    let to_owned = emit::to_owned(&k, name, &view);
    let debug = emit::view_debug(
        &k,
        &view,
        quote! {
            f.debug_struct(stringify!(#view))
                #(.field(#names, (&#k::__private::DebugView(&self.#idents())).view_debug()))*
                .finish()
        },
    );
    let value_check = attrs::value_type_check(&k, name, &c, &tys);

    Ok(quote! {
        #view_struct

        const _: () = {
            const LAYOUT: #k::__private::StructLayout<#n, #p> = #k::__private::StructLayout::new([
                #((<#tys as #k::Type>::INLINE_SIZE, <#tys as #k::Type>::ALIGN),)*
            ]);

            #codec
            #plain_check

            // A struct's optional form is `box<S>`: a presence word and an out-of-line block.
            impl #k::Nullable for #name {
                const OPTIONAL_INLINE_SIZE: usize = 8;
                const OPTIONAL_ALIGN: usize = 8;

                fn encode_present(
                    &self,
                    e: &mut #k::__private::Encoder<'_>,
                    offset: usize,
                    depth: u32,
                    _: (),
                ) -> #k::Result<()> {
                    #k::__private::layout::encode_box(self, e, offset, depth)
                }

                fn validate_optional<B: #k::__private::Buffer>(
                    v: &mut #k::__private::Validator<'_, B>,
                    offset: usize,
                    depth: u32,
                    _: (),
                ) -> #k::Result<bool> {
                    #k::__private::layout::validate_box::<Self, B>(v, offset, depth)
                }

                fn view_optional(slot: #k::Slot<'_>) -> Option<#view<'_>> {
                    #k::__private::layout::view_box::<Self>(slot)
                }

                fn decode_optional(
                    v: &mut #k::__private::Validator<'_, #k::__private::Linked<'_>>,
                    offset: usize,
                    depth: u32,
                    _: (),
                ) -> #k::Result<Option<Self>> {
                    #k::__private::layout::decode_box::<Self>(v, offset, depth)
                }
            }

            impl<'a> #view<'a> {
                #(
                    #[doc = concat!("The `", #names, "` member.")]
                    #[inline]
                    pub fn #idents(&self) -> <#tys as #k::Decode>::View<'a> {
                        <#tys as #k::Decode>::view(self.slot.at(LAYOUT.offsets[#idx]))
                    }
                )*
            }

            #to_owned
            #debug
            #value_check
        };
    })
}
