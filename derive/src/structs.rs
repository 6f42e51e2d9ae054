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
    let construct = if matches!(data.fields, Fields::Unit) {
        quote!(#name)
    } else {
        quote!(#name { #(#idents: <#tys as #k::Decode>::from_view(view.#idents()),)* })
    };
    let codec = Codec {
        krate: &k,
        name,
        inline_size: quote!(LAYOUT.size),
        align: quote!(LAYOUT.align),
        resource: c.resource,
        view: quote!(#view<'a>),
        encode: quote! {
            #(
                #k::Encode::encode(&self.#idents, e, offset + LAYOUT.offsets[#idx], depth, #constraints)
                    .map_err(|err| err.in_field(#names))?;
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
