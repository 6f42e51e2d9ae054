//! `#[derive(Struct)]`.

use crate::attrs;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Data, DeriveInput, Fields};

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    attrs::no_generics(input)?;
    let c = attrs::container(&input.attrs)?;
    let k = c.krate();
    let name = &input.ident;
    let vis = &input.vis;
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
    let resource = c.resource;
    let value_check = attrs::value_type_check(&k, name, &c, &tys);
    let construct = if matches!(data.fields, Fields::Unit) {
        quote!(#name)
    } else {
        quote!(#name { #(#idents: <#tys as #k::Decode>::from_view(view.#idents()),)* })
    };
    let view_doc = format!("Zero-copy view of [`{name}`], borrowed from a decoded message.");

    Ok(quote! {
        #[doc = #view_doc]
        #[derive(Clone, Copy)]
        #vis struct #view<'a> {
            slot: #k::Slot<'a>,
        }

        const _: () = {
            const LAYOUT: #k::__private::StructLayout<#n, #p> = #k::__private::StructLayout::new([
                #((<#tys as #k::Type>::INLINE_SIZE, <#tys as #k::Type>::ALIGN),)*
            ]);

            impl #k::Type for #name {
                const INLINE_SIZE: usize = LAYOUT.size;
                const ALIGN: usize = LAYOUT.align;
                const RESOURCE: bool = #resource;
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
                    #(
                        #k::Encode::encode(&self.#idents, e, offset + LAYOUT.offsets[#idx], depth, #constraints)
                            .map_err(|err| err.in_field(#names))?;
                    )*
                    Ok(())
                }
            }

            impl #k::Decode for #name {
                type View<'a> = #view<'a>;

                #[inline]
                fn validate<B: #k::__private::Buffer>(
                    v: &mut #k::__private::Validator<'_, B>,
                    offset: usize,
                    depth: u32,
                    _: (),
                ) -> #k::Result<()> {
                    LAYOUT.check_padding(v, offset)?;
                    #(
                        <#tys as #k::Decode>::validate(v, offset + LAYOUT.offsets[#idx], depth, #constraints)
                            .map_err(|err| err.in_field(#names))?;
                    )*
                    Ok(())
                }

                #[inline]
                fn view(slot: #k::Slot<'_>) -> #view<'_> {
                    #view { slot }
                }

                fn from_view(view: #view<'_>) -> Self {
                    #construct
                }
            }

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

                /// Converts the view into an owned value (taking its handles).
                pub fn to_owned(&self) -> #name {
                    <#name as #k::Decode>::from_view(*self)
                }
            }

            impl<'a> ::core::fmt::Debug for #view<'a> {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    #[allow(unused_imports)]
                    use #k::__private::{ViaDebug as _, ViaOpaque as _};
                    f.debug_struct(stringify!(#view))
                        #(.field(#names, (&#k::__private::DebugView(&self.#idents())).view_debug()))*
                        .finish()
                }
            }

            #value_check
        };
    })
}
