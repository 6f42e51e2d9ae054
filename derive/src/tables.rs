//! `#[derive(Table)]`.

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
            "#[derive(Table)] needs a struct",
        ));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new_spanned(name, "table members need names"));
    };
    let mut fields = Vec::new();
    for f in &named.named {
        let m = attrs::member(&f.attrs)?;
        let ord = m
            .ordinal
            .ok_or_else(|| syn::Error::new_spanned(f, "table members need #[fidl(ordinal = N)]"))?;
        let inner = attrs::option_inner(&f.ty)
            .ok_or_else(|| syn::Error::new_spanned(&f.ty, "table members must be Option<T>"))?;
        let constraint = m.constraint(&k, inner)?;
        fields.push((
            ord,
            f.ident.clone().expect("named"),
            inner.clone(),
            constraint,
        ));
    }
    fields.sort_by_key(|f| f.0);
    if let Some(w) = fields.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(syn::Error::new_spanned(&w[1].1, "duplicate table ordinal"));
    }
    let ords: Vec<_> = fields.iter().map(|f| f.0).collect();
    let idents: Vec<_> = fields.iter().map(|f| &f.1).collect();
    let names: Vec<_> = idents
        .iter()
        .map(|i| i.to_string().trim_start_matches("r#").to_string())
        .collect();
    let tys: Vec<_> = fields.iter().map(|f| &f.2).collect();
    let constraints: Vec<_> = fields.iter().map(|f| &f.3).collect();
    let resource = c.resource;
    let value_check = attrs::value_type_check(&k, name, &c, &tys);
    let view_doc =
        format!("Zero-copy view of the table [`{name}`], borrowed from a decoded message.");

    Ok(quote! {
        #[doc = #view_doc]
        #[derive(Clone, Copy)]
        #vis struct #view<'a> {
            slot: #k::Slot<'a>,
        }

        const _: () = {
            impl #k::Type for #name {
                const INLINE_SIZE: usize = #k::__private::table::INLINE_SIZE;
                const ALIGN: usize = 8;
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
                    let mut max_ordinal = 0u64;
                    #(if self.#idents.is_some() { max_ordinal = #ords; })*
                    let Some(array) = #k::__private::table::encode_header(e, offset, depth, max_ordinal)? else {
                        return Ok(());
                    };
                    #(
                        if let Some(value) = &self.#idents {
                            #k::__private::envelope::encode(
                                value,
                                e,
                                #k::__private::table::envelope_offset(array, #ords),
                                depth + 1,
                                #constraints,
                            )
                            .map_err(|err| err.in_field(#names))?;
                        }
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
                    #k::__private::table::validate(v, offset, depth, |v, ordinal, env, depth, header| {
                        match ordinal {
                            #(
                                #ords => #k::__private::envelope::validate_known::<#tys, B>(
                                    v, env, depth, #constraints, header,
                                )
                                .map(|()| true)
                                .map_err(|err| err.in_field(#names)),
                            )*
                            _ => Ok(false),
                        }
                    })
                }

                #[inline]
                fn view(slot: #k::Slot<'_>) -> #view<'_> {
                    #view { slot }
                }

                fn from_view(view: #view<'_>) -> Self {
                    #name {
                        #(#idents: view.#idents().map(<#tys as #k::Decode>::from_view),)*
                    }
                }
            }

            impl<'a> #view<'a> {
                #(
                    #[doc = concat!("The `", #names, "` member, if present.")]
                    #[inline]
                    pub fn #idents(&self) -> Option<<#tys as #k::Decode>::View<'a>> {
                        #k::__private::table::field::<#tys>(self.slot, #ords)
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
                    let mut s = f.debug_struct(stringify!(#view));
                    #(
                        if let Some(v) = self.#idents() {
                            s.field(#names, (&#k::__private::DebugView(&v)).view_debug());
                        }
                    )*
                    s.finish()
                }
            }

            #value_check
        };
    })
}
