//! `#[derive(Union)]`.

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
    let vis = &input.vis;
    let view = format_ident!("{}View", name);
    let strict = c.strict.unwrap_or(false);
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            name,
            "#[derive(Union)] needs an enum",
        ));
    };
    let mut known = Vec::new();
    let mut unknown = None;
    for var in &data.variants {
        let m = attrs::member(&var.attrs)?;
        let Fields::Unnamed(f) = &var.fields else {
            return Err(syn::Error::new_spanned(
                var,
                "union variants hold exactly one value: `Name(T)`",
            ));
        };
        if f.unnamed.len() != 1 {
            return Err(syn::Error::new_spanned(
                var,
                "union variants hold exactly one value: `Name(T)`",
            ));
        }
        let ty = f.unnamed[0].ty.clone();
        if m.unknown {
            if strict {
                return Err(syn::Error::new_spanned(
                    var,
                    "strict unions have no unknown variant",
                ));
            }
            unknown = Some(var.ident.clone());
            continue;
        }
        let ord = m.ordinal.ok_or_else(|| {
            syn::Error::new_spanned(var, "union variants need #[fidl(ordinal = N)]")
        })?;
        let constraint = m.constraint(&k, &ty)?;
        known.push((ord, var.ident.clone(), ty, constraint));
    }
    if strict && known.is_empty() {
        return Err(syn::Error::new_spanned(
            name,
            "a strict union needs at least one variant",
        ));
    }
    let mut sorted: Vec<_> = known.iter().map(|k| k.0).collect();
    sorted.sort_unstable();
    if sorted.windows(2).any(|w| w[0] == w[1]) {
        return Err(syn::Error::new_spanned(name, "duplicate union ordinal"));
    }
    let Some(unknown) = unknown.or_else(|| strict.then(|| format_ident!("__Unreachable"))) else {
        return Err(syn::Error::new_spanned(
            name,
            "flexible unions need a `#[fidl(unknown)] Unknown(u64)` variant",
        ));
    };
    let ords: Vec<_> = known.iter().map(|k| k.0).collect();
    let vars: Vec<_> = known.iter().map(|k| &k.1).collect();
    let names: Vec<_> = vars.iter().map(|v| v.to_string()).collect();
    let tys: Vec<_> = known.iter().map(|k| &k.2).collect();
    let constraints: Vec<_> = known.iter().map(|k| &k.3).collect();
    let value_check = attrs::value_type_check(&k, name, &c, &tys);
    let (unknown_view_variant, encode_unknown, view_fallback, from_unknown, ordinal_unknown) =
        if strict {
            (
                quote!(),
                quote!(),
                quote!(_ => panic!("fidlwire: union view over a slot that was not validated")),
                quote!(),
                quote!(),
            )
        } else {
            (
                quote!(
                    /// A variant this code does not know, by ordinal (its data was dropped).
                    #unknown(u64),
                ),
                quote!(#name::#unknown(ordinal) => #k::__private::union::unknown_variant(*ordinal, offset),),
                quote!(ordinal => #view::#unknown(ordinal)),
                quote!(#view::#unknown(ordinal) => #name::#unknown(ordinal),),
                quote!(#name::#unknown(ordinal) => *ordinal,),
            )
        };

    let decode_unknown = if strict {
        quote!(#k::__private::err_value(#k::ErrorKind::StrictUnionUnknownField, offset, v.u64_at(offset)))
    } else {
        quote!(Ok(Some(#name::#unknown(v.u64_at(offset)))))
    };
    // A union with no variants still needs its view to mention `'a`; this variant is
    // uninhabited.
    let phantom_variant = if known.is_empty() {
        quote!(#[doc(hidden)] __Lifetime(::core::marker::PhantomData<&'a ()>, ::core::convert::Infallible),)
    } else {
        quote!()
    };
    let codec = Codec {
        krate: &k,
        name,
        inline_size: quote!(#k::__private::union::INLINE_SIZE),
        align: quote!(8),
        resource: c.resource,
        view: quote!(#view<'a>),
        encode: quote! {
            match self {
                #(
                    #name::#vars(value) => #k::__private::union::encode(value, e, offset, depth, #ords, #constraints)
                        .map_err(|err| err.in_field(#names)),
                )*
                #encode_unknown
            }
        },
        validate: quote!(Self::__validate(v, offset, depth, false).map(drop)),
        view_fn: quote! {
            match slot.u64() {
                #(#ords => #view::#vars(#k::__private::envelope::view::<#tys>(slot.at(8))),)*
                #view_fallback
            }
        },
        from_view: quote! {
            match view {
                #(#view::#vars(v) => #name::#vars(<#tys as #k::Decode>::from_view(v)),)*
                #from_unknown
            }
        },
        decode_fused: quote! {
            match Self::__decode(v, offset, depth, false)? {
                Some(value) => Ok(value),
                None => #k::__private::err(#k::ErrorKind::NonNullableTypeWithNullValue, offset),
            }
        },
        plain: false,
        encode_extra: quote!(),
        decode_extra: quote!(),
    }
    .emit();
    let to_owned = emit::to_owned(&k, name, &view);
    let debug = emit::view_debug(
        &k,
        &view,
        quote! {
            match self {
                #(#view::#vars(v) => f.debug_tuple(#names).field((&#k::__private::DebugView(v)).view_debug()).finish(),)*
                #[allow(unreachable_patterns)]
                _ => f.write_str("Unknown"),
            }
        },
    );
    let view_doc =
        format!("Zero-copy view of the union [`{name}`], borrowed from a decoded message.");

    Ok(quote! {
        #[doc = #view_doc]
        #[derive(Clone, Copy)]
        #vis enum #view<'a> {
            #(
                #[doc = concat!("The `", #names, "` variant.")]
                #vars(<#tys as #k::Decode>::View<'a>),
            )*
            #unknown_view_variant
            #phantom_variant
        }

        const _: () = {
            impl #name {
                /// The ordinal of the selected variant.
                pub fn ordinal(&self) -> u64 {
                    match self {
                        #(#name::#vars(_) => #ords,)*
                        #ordinal_unknown
                    }
                }

                fn __validate<B: #k::__private::Buffer>(
                    v: &mut #k::__private::Validator<'_, B>,
                    offset: usize,
                    depth: u32,
                    optional: bool,
                ) -> #k::Result<bool> {
                    #k::__private::union::validate(v, offset, depth, #strict, optional, |v, ordinal, env, depth, header| {
                        match ordinal {
                            #(
                                #ords => #k::__private::envelope::validate_known::<#tys, B>(v, env, depth, #constraints, header, <Self as #k::Type>::RESOURCE)
                                    .map(|()| true)
                                    .map_err(|err| err.in_field(#names)),
                            )*
                            _ => Ok(false),
                        }
                    })
                }
            }

            impl #name {
                /// `__validate` building the value in the same pass.
                fn __decode(
                    v: &mut #k::__private::Validator<'_, #k::__private::Linked<'_>>,
                    offset: usize,
                    depth: u32,
                    optional: bool,
                ) -> #k::Result<Option<Self>> {
                    #[allow(unused_mut)]
                    let mut out: Option<Self> = None;
                    let present = #k::__private::union::validate(v, offset, depth, #strict, optional, |v, ordinal, env, depth, header| {
                        match ordinal {
                            #(
                                #ords => {
                                    out = #k::__private::envelope::decode_known::<#tys>(v, env, depth, #constraints, header, <Self as #k::Type>::RESOURCE)
                                        .map_err(|err| err.in_field(#names))?
                                        .map(#name::#vars);
                                    Ok(true)
                                }
                            )*
                            _ => Ok(false),
                        }
                    })?;
                    match (present, out) {
                        (false, _) => Ok(None),
                        (true, Some(value)) => Ok(Some(value)),
                        // A present envelope of an ordinal this type does not know (skipped).
                        (true, None) => #decode_unknown,
                    }
                }
            }

            #codec

            // Unions are naturally optional: absence is 16 zero bytes.
            impl #k::Nullable for #name {
                fn validate_optional<B: #k::__private::Buffer>(
                    v: &mut #k::__private::Validator<'_, B>,
                    offset: usize,
                    depth: u32,
                    _: (),
                ) -> #k::Result<bool> {
                    Self::__validate(v, offset, depth, true)
                }

                fn view_optional(slot: #k::Slot<'_>) -> Option<#view<'_>> {
                    (slot.u64() != 0).then(|| <Self as #k::Decode>::view(slot))
                }

                fn decode_optional(
                    v: &mut #k::__private::Validator<'_, #k::__private::Linked<'_>>,
                    offset: usize,
                    depth: u32,
                    _: (),
                ) -> #k::Result<Option<Self>> {
                    Self::__decode(v, offset, depth, true)
                }
            }

            #to_owned
            #debug
            #value_check
        };
    })
}
