//! `#[derive(Table)]`.

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
    // Envelopes and their out-of-line values are laid out in ordinal order.
    fields.sort_by_key(|f| f.0);
    if let Some(w) = fields.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(syn::Error::new_spanned(&w[1].1, "duplicate table ordinal"));
    }
    if let Some(f) = fields.iter().find(|f| f.0 > 64) {
        return Err(syn::Error::new_spanned(
            &f.1,
            "table ordinals are at most 64 (the FIDL limit)",
        ));
    }
    let ords: Vec<_> = fields.iter().map(|f| f.0).collect();
    let idents: Vec<_> = fields.iter().map(|f| &f.1).collect();
    let names: Vec<_> = idents
        .iter()
        .map(|i| i.to_string().trim_start_matches("r#").to_string())
        .collect();
    let tys: Vec<_> = fields.iter().map(|f| &f.2).collect();
    let constraints: Vec<_> = fields.iter().map(|f| &f.3).collect();
    let max_known = ords.last().copied().unwrap_or(0);
    let codec = Codec {
        krate: &k,
        name,
        inline_size: quote!(#k::__private::table::INLINE_SIZE),
        align: quote!(8),
        resource: c.resource,
        view: quote!(#view<'a>),
        encode: quote! {
            let mut max_ordinal = 0u64;
            #(if self.#idents.is_some() { max_ordinal = #ords; })*
            let Some(array) = #k::__private::table::encode_header(e, offset, depth, max_ordinal)? else {
                return Ok(());
            };
            #(
                if let Some(value) = &self.#idents {
                    let env = #k::__private::table::envelope_offset(array, #ords);
                    #k::__private::envelope::encode(value, e, env, depth + 1, #constraints)
                        .map_err(|err| err.in_field(#names))?;
                }
            )*
            Ok(())
        },
        validate: {
            let steps = steps(&k, &fields, |ident, ty, ord, constraint| {
                let name = ident.to_string().trim_start_matches("r#").to_string();
                quote! {
                    #k::__private::table::validate_field::<#ty, B>(
                        v, array, #ord, depth, #constraint, <Self as #k::Type>::RESOURCE,
                    )
                    .map_err(|err| err.in_field(#name))?;
                }
            });
            quote! {
                #k::__private::table::validate(
                    v,
                    offset,
                    depth,
                    #max_known,
                    |v: &mut #k::__private::Validator<'_, B>, array: usize, count: u64, depth: u32| {
                        let _ = (array, depth);
                        #steps
                        Ok(())
                    },
                )
            }
        },
        view_fn: quote!(#view { slot }),
        from_view: quote! {
            #name { #(#idents: view.#idents().map(<#tys as #k::Decode>::from_view),)* }
        },
        decode_fused: {
            // The same steps as `validate`, storing each known field.
            let steps = steps(&k, &fields, |ident, ty, ord, constraint| {
                let name = ident.to_string().trim_start_matches("r#").to_string();
                quote! {
                    out.#ident = #k::__private::table::decode_field::<#ty>(
                        v, array, #ord, depth, #constraint, <Self as #k::Type>::RESOURCE,
                    )
                    .map_err(|err| err.in_field(#name))?;
                }
            });
            quote! {
                let mut out = #name { #(#idents: None,)* };
                #k::__private::table::validate(
                    v,
                    offset,
                    depth,
                    #max_known,
                    |v: &mut #k::__private::Validator<'_, #k::__private::Linked<'_>>, array: usize, count: u64, depth: u32| {
                        let _ = (array, depth);
                        #steps
                        Ok(())
                    },
                )?;
                Ok(out)
            }
        },
        plain: false,
        encode_extra: quote!(),
        decode_extra: quote!(),
    }
    .emit();
    let view_struct = emit::view_struct(&k, &input.vis, name, &view, "table");
    let to_owned = emit::to_owned(&k, name, &view);
    let debug = emit::view_debug(
        &k,
        &view,
        quote! {
            let mut s = f.debug_struct(stringify!(#view));
            #(
                if let Some(v) = self.#idents() {
                    s.field(#names, (&#k::__private::DebugView(&v)).view_debug());
                }
            )*
            s.finish()
        },
    );
    let value_check = attrs::value_type_check(&k, name, &c, &tys);

    Ok(quote! {
        #view_struct

        const _: () = {
            #codec

            impl<'a> #view<'a> {
                #(
                    #[doc = concat!("The `", #names, "` member, if present.")]
                    #[inline]
                    pub fn #idents(&self) -> Option<<#tys as #k::Decode>::View<'a>> {
                        #k::__private::table::field::<#tys>(self.slot, #ords)
                    }
                )*
            }

            #to_owned
            #debug
            #value_check
        };
    })
}

/// The straight-line steps over ordinals `1..=max_known`, in order (out-of-line data follows
/// it): `known` for each known field, a skip for each gap (an unknown ordinal), and a stop
/// after the last envelope present. No per-field dispatch to mispredict.
fn steps(
    k: &TokenStream,
    fields: &[(u64, syn::Ident, syn::Type, TokenStream)],
    known: impl Fn(&syn::Ident, &syn::Type, u64, &TokenStream) -> TokenStream,
) -> TokenStream {
    let max_known = fields.last().map_or(0, |f| f.0);
    let steps = (1..=max_known).map(|ord| {
        let body = match fields.iter().find(|f| f.0 == ord) {
            Some((_, ident, ty, constraint)) => known(ident, ty, ord, constraint),
            None => quote! {
                #k::__private::table::validate_unknown_field(v, array, #ord, depth)?;
            },
        };
        quote! {
            if count < #ord {
                return Ok(());
            }
            #body
        }
    });
    quote!(#(#steps)*)
}
