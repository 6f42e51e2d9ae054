//! Parsing of `#[fidl(...)]` attributes.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Attribute, Expr, Ident, LitInt, Type};

/// Container-level attributes.
#[derive(Default)]
pub struct Container {
    pub resource: bool,
    pub strict: Option<bool>,
    pub repr: Option<Type>,
    pub members: Vec<(Ident, Expr)>,
    pub krate: Option<syn::Path>,
    /// `#[fidl(plain)]`: padding-free little-endian numbers; copied in bulk.
    pub plain: bool,
}

/// Field- or variant-level attributes.
#[derive(Default)]
pub struct Member {
    pub ordinal: Option<u64>,
    pub constraint: Option<Expr>,
    pub max_len: Option<Expr>,
    pub unknown: bool,
    pub value: Option<Expr>,
}

pub fn container(attrs: &[Attribute]) -> syn::Result<Container> {
    let mut c = Container::default();
    for attr in attrs {
        if attr.path().is_ident("repr") {
            if let Ok(ty) = attr.parse_args::<Type>() {
                c.repr.get_or_insert(ty);
            }
            continue;
        }
        if !attr.path().is_ident("fidl") {
            continue;
        }
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("resource") {
                c.resource = true;
            } else if meta.path.is_ident("plain") {
                c.plain = true;
            } else if meta.path.is_ident("strict") {
                c.strict = Some(true);
            } else if meta.path.is_ident("flexible") {
                c.strict = Some(false);
            } else if meta.path.is_ident("repr") {
                c.repr = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("crate") {
                let s: syn::LitStr = meta.value()?.parse()?;
                c.krate = Some(s.parse()?);
            } else if meta.path.is_ident("members") {
                // `members()` (no members) is valid: flexible bits may declare none.
                let content;
                syn::parenthesized!(content in meta.input);
                let list = content.parse_terminated(
                    |input: syn::parse::ParseStream<'_>| {
                        let name: Ident = input.parse()?;
                        input.parse::<syn::Token![=]>()?;
                        Ok((name, input.parse::<Expr>()?))
                    },
                    syn::Token![,],
                )?;
                c.members.extend(list);
            } else {
                return Err(meta.error("unknown fidl attribute"));
            }
            Ok(())
        })?;
    }
    Ok(c)
}

pub fn member(attrs: &[Attribute]) -> syn::Result<Member> {
    let mut m = Member::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("fidl")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("ordinal") {
                let lit: LitInt = meta.value()?.parse()?;
                let n: u64 = lit.base10_parse()?;
                if n == 0 {
                    return Err(meta.error("ordinals start at 1"));
                }
                m.ordinal = Some(n);
            } else if meta.path.is_ident("constraint") {
                m.constraint = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("max_len") {
                m.max_len = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("unknown") {
                m.unknown = true;
            } else if meta.path.is_ident("value") {
                m.value = Some(meta.value()?.parse()?);
            } else {
                return Err(meta.error("unknown fidl attribute"));
            }
            Ok(())
        })?;
    }
    Ok(m)
}

impl Container {
    /// The path of the runtime crate.
    pub fn krate(&self) -> TokenStream {
        match &self.krate {
            Some(p) => quote!(#p),
            None => quote!(::fidlwire),
        }
    }
}

impl Member {
    /// The constraint expression for a member of type `ty`.
    pub fn constraint(&self, krate: &TokenStream, ty: &Type) -> syn::Result<TokenStream> {
        match (&self.constraint, &self.max_len) {
            (Some(_), Some(e)) => Err(syn::Error::new_spanned(
                e,
                "use either constraint or max_len",
            )),
            (Some(c), None) => Ok(quote!(#c)),
            (None, Some(n)) => Ok(quote!(#krate::__private::with_max_len::<#ty>(#n))),
            (None, None) => Ok(
                quote!(<<#ty as #krate::Type>::Constraint as ::core::default::Default>::default()),
            ),
        }
    }
}

/// The `T` of `Option<T>`, if `ty` is written that way.
pub fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(p) = ty else { return None };
    let seg = p.path.segments.last()?;
    if seg.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &seg.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    }
}

pub fn no_generics(input: &syn::DeriveInput) -> syn::Result<()> {
    if input.generics.params.is_empty() {
        Ok(())
    } else {
        Err(syn::Error::new_spanned(
            &input.generics,
            "fidlwire derives do not support generic types",
        ))
    }
}

/// For a type declared without `resource`: implements `ValueType` and checks, through trait
/// bounds (which, unlike const evaluation, cope with recursive types), that every member type
/// is a value type too. A handle in a non-resource type is then a compile error.
pub fn value_type_check<T: quote::ToTokens>(
    krate: &TokenStream,
    name: &Ident,
    c: &Container,
    members: &[T],
) -> TokenStream {
    if c.resource {
        return quote!();
    }
    quote! {
        impl #krate::ValueType for #name {}
        const _: fn() = || {
            fn member_is_a_value_type_mark_the_type_resource<T: #krate::ValueType>() {}
            #(member_is_a_value_type_mark_the_type_resource::<#members>();)*
        };
    }
}
