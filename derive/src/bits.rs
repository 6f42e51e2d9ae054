//! `#[derive(Bits)]`.

use crate::attrs;
use crate::emit::Codec;
use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields};

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    attrs::no_generics(input)?;
    let c = attrs::container(&input.attrs)?;
    let k = c.krate();
    let name = &input.ident;
    let strict = c.strict.unwrap_or(false);
    let repr = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Unnamed(f) if f.unnamed.len() == 1 => f.unnamed[0].ty.clone(),
            _ => {
                return Err(syn::Error::new_spanned(
                    name,
                    "#[derive(Bits)] needs a tuple struct `Name(u32)`",
                ));
            }
        },
        _ => {
            return Err(syn::Error::new_spanned(
                name,
                "#[derive(Bits)] needs a tuple struct `Name(u32)`",
            ));
        }
    };
    let names: Vec<_> = c.members.iter().map(|m| &m.0).collect();
    let values: Vec<_> = c.members.iter().map(|m| &m.1).collect();
    let docs: Vec<_> = names.iter().map(|n| format!("The `{n}` member.")).collect();
    let value_check = attrs::value_type_check::<syn::Type>(&k, name, &c, &[]);
    let strict_encode = if strict {
        quote! {
            if self.has_unknown_bits() {
                return #k::__private::err_value(#k::ErrorKind::StrictBitsUnknownBit, offset, (self.0 & !Self::MASK.0) as u64);
            }
        }
    } else {
        quote!()
    };
    let strict_validate = if strict {
        quote! {
            let unknown = #k::__private::read_int::<#repr, B>(v, offset) & !Self::MASK.0;
            if unknown != 0 {
                return #k::__private::err_value(#k::ErrorKind::StrictBitsUnknownBit, offset, unknown as u64);
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
        encode: quote! {
            #strict_encode
            #k::Encode::encode(&self.0, e, offset, depth, ())
        },
        validate: quote! {
            #strict_validate
            let _ = (v, offset, depth);
            Ok(())
        },
        view_fn: quote!(#name(<#repr as #k::Decode>::view(slot))),
        from_view: quote!(view),
        decode_fused: quote!(),
        plain: false,
        encode_extra: quote!(),
        decode_extra: quote!(),
    }
    .emit();

    Ok(quote! {
        #[allow(non_upper_case_globals)]
        impl #name {
            #(#[doc = #docs] pub const #names: #name = #name(#values);)*

            /// Every declared member.
            pub const MASK: #name = #name(0 #(| #values)*);

            /// No bits set.
            pub const fn empty() -> Self {
                #name(0)
            }

            /// The raw value.
            pub const fn bits(self) -> #repr {
                self.0
            }

            /// `raw` if it only has declared bits.
            pub const fn from_bits(raw: #repr) -> Option<Self> {
                if raw & !Self::MASK.0 == 0 { Some(#name(raw)) } else { None }
            }

            /// `raw` with undeclared bits cleared.
            pub const fn from_bits_truncate(raw: #repr) -> Self {
                #name(raw & Self::MASK.0)
            }

            /// `raw` as is, undeclared bits included.
            pub const fn from_bits_retain(raw: #repr) -> Self {
                #name(raw)
            }

            /// True when every bit of `other` is set in `self`.
            pub const fn contains(self, other: Self) -> bool {
                self.0 & other.0 == other.0
            }

            /// True when no bit is set.
            pub const fn is_empty(self) -> bool {
                self.0 == 0
            }

            /// True when bits outside the declared members are set.
            pub const fn has_unknown_bits(self) -> bool {
                self.0 & !Self::MASK.0 != 0
            }

            /// The bits outside the declared members.
            pub const fn get_unknown_bits(self) -> #repr {
                self.0 & !Self::MASK.0
            }
        }

        impl ::core::ops::BitOr for #name {
            type Output = Self;
            fn bitor(self, rhs: Self) -> Self {
                #name(self.0 | rhs.0)
            }
        }

        impl ::core::ops::BitOrAssign for #name {
            fn bitor_assign(&mut self, rhs: Self) {
                self.0 |= rhs.0;
            }
        }

        impl ::core::ops::BitAnd for #name {
            type Output = Self;
            fn bitand(self, rhs: Self) -> Self {
                #name(self.0 & rhs.0)
            }
        }

        impl ::core::ops::Not for #name {
            type Output = Self;
            /// Complement within the declared members.
            fn not(self) -> Self {
                #name(!self.0 & Self::MASK.0)
            }
        }

        const _: () = {
            #codec

            #value_check
        };
    })
}
