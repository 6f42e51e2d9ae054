//! `#[derive(Enum)]`.

use crate::attrs;
use crate::emit::Codec;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Data, DeriveInput, Fields};

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    attrs::no_generics(input)?;
    let c = attrs::container(&input.attrs)?;
    let k = c.krate();
    let name = &input.ident;
    let strict = c.strict.unwrap_or(false);
    let repr = c.repr.clone().unwrap_or_else(|| syn::parse_quote!(u32));
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            name,
            "#[derive(Enum)] needs an enum",
        ));
    };
    let mut members = Vec::new();
    let mut unknown = None;
    for var in &data.variants {
        let m = attrs::member(&var.attrs)?;
        if m.unknown {
            if strict {
                return Err(syn::Error::new_spanned(
                    var,
                    "strict enums have no unknown variant",
                ));
            }
            if !matches!(&var.fields, Fields::Unnamed(f) if f.unnamed.len() == 1) {
                return Err(syn::Error::new_spanned(
                    var,
                    "the unknown variant holds the raw value: `Unknown(T)`",
                ));
            }
            unknown = Some(var.ident.clone());
            continue;
        }
        if !matches!(var.fields, Fields::Unit) {
            return Err(syn::Error::new_spanned(
                var,
                "enum members are unit variants",
            ));
        }
        let value = m
            .value
            .or_else(|| var.discriminant.as_ref().map(|d| d.1.clone()))
            .ok_or_else(|| {
                syn::Error::new_spanned(
                    var,
                    "enum members need a value: `A = 1` or #[fidl(value = 1)]",
                )
            })?;
        members.push((var.ident.clone(), value));
    }
    if !strict && unknown.is_none() {
        return Err(syn::Error::new_spanned(
            name,
            "flexible enums need a `#[fidl(unknown)] Unknown(T)` variant",
        ));
    }
    let vars: Vec<_> = members.iter().map(|m| &m.0).collect();
    let consts: Vec<_> = (0..members.len())
        .map(|i| format_ident!("__VALUE_{}", i))
        .collect();
    let values: Vec<_> = members.iter().map(|m| &m.1).collect();
    let value_check = attrs::value_type_check::<syn::Type>(&k, name, &c, &[]);
    let (to_raw_unknown, from_raw_fallback, validate_check) = match &unknown {
        Some(u) => (
            quote!(#name::#u(raw) => raw,),
            quote!(raw => #name::#u(raw)),
            quote!(),
        ),
        None => (
            quote!(),
            quote!(_ => panic!("fidlwire: enum view over a slot that was not validated")),
            quote! {
                let raw = #k::__private::read_int::<#repr, B>(v, offset);
                if Self::from_known(raw).is_none() {
                    return #k::__private::err_value(#k::ErrorKind::StrictEnumUnknownValue, offset, raw as u64);
                }
            },
        ),
    };

    // Flexible enums hold every value: a total conversion (strict ones have `from_known`).
    let from_primitive = if unknown.is_some() {
        quote! {
            /// The member with value `raw`, or the unknown variant holding it.
            pub fn from_primitive(raw: #repr) -> Self {
                Self::__from_raw(raw)
            }
        }
    } else {
        quote!()
    };
    let codec = Codec {
        krate: &k,
        name,
        inline_size: quote!(<#repr as #k::Type>::INLINE_SIZE),
        align: quote!(<#repr as #k::Type>::ALIGN),
        resource: false,
        view: quote!(#name),
        encode: quote!(#k::Encode::encode(&self.into_primitive(), e, offset, depth, ())),
        validate: quote! {
            #validate_check
            let _ = (v, offset, depth);
            Ok(())
        },
        view_fn: quote!(Self::__from_raw(<#repr as #k::Decode>::view(slot))),
        from_view: quote!(view),
        decode_fused: quote!(),
        plain: false,
        encode_extra: quote!(),
        decode_extra: quote!(),
    }
    .emit();

    Ok(quote! {
        const _: () = {
            #(#[allow(non_upper_case_globals)] const #consts: #repr = #values;)*

            impl #name {
                /// The underlying integer value.
                pub const fn into_primitive(self) -> #repr {
                    match self {
                        #(#name::#vars => #consts,)*
                        #to_raw_unknown
                    }
                }

                /// The declared member with value `raw`, if any.
                pub const fn from_known(raw: #repr) -> Option<Self> {
                    match raw {
                        #(#consts => Some(#name::#vars),)*
                        _ => None,
                    }
                }

                /// True when this value is not a declared member.
                pub const fn is_unknown(self) -> bool {
                    Self::from_known(self.into_primitive()).is_none()
                }

                #from_primitive

                #[allow(unreachable_patterns)]
                fn __from_raw(raw: #repr) -> Self {
                    match raw {
                        #(#consts => #name::#vars,)*
                        #from_raw_fallback
                    }
                }
            }

            #codec

            #value_check
        };
    })
}
