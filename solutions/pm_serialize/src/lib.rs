//! `#[derive(Serialize)]`: a serialization derive.
//!
//! The derive implements `crate::ser::Serialize` (a trait of the user's crate:
//! see `tests/support/ser.rs`) by calling the methods of `crate::ser::Writer`:
//!
//! * a struct with named fields is an object, its fields in order;
//!   `#[ser(rename = "name")]` changes a key, `#[ser(skip)]` leaves a field out;
//! * a tuple struct is an array, except a newtype (one field), which is its
//!   inner value; a unit struct is `null`;
//! * an enum's unit variants are strings (`rename` works on variants too); a
//!   variant with data is an error on its fields;
//! * generic types work: each serialized field's type must implement
//!   `Serialize` (a where clause), and a skipped field needs nothing;
//! * an unknown option inside `#[ser(...)]` is an error on that option.
//!
//! The tests are in `tests/serialize.rs` and `tests/cfail_*.rs`.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use quote::quote;
use syn::{Attribute, Data, DeriveInput, Fields, Index, LitStr, parse_macro_input, parse_quote};

#[proc_macro_derive(Serialize, attributes(ser))]
pub fn derive_serialize(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(input) {
        Ok(tokens) => tokens.into(),
        Err(err) => err.to_compile_error().into(),
    }
}

/// What `#[ser(...)]` says about one field or variant.
#[derive(Default)]
struct Options {
    rename: Option<String>,
    skip: bool,
}

fn options(attrs: &[Attribute]) -> syn::Result<Options> {
    let mut options = Options::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("ser")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                options.rename = Some(meta.value()?.parse::<LitStr>()?.value());
                Ok(())
            } else if meta.path.is_ident("skip") {
                options.skip = true;
                Ok(())
            } else {
                Err(meta.error(r#"unknown `ser` option: expected `rename = "..."` or `skip`"#))
            }
        })?;
    }
    Ok(options)
}

fn expand(mut input: DeriveInput) -> syn::Result<TokenStream2> {
    let name = &input.ident;
    let mut bounded = Vec::new();
    let body = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => {
                let mut keys = Vec::new();
                for field in &named.named {
                    let opts = options(&field.attrs)?;
                    if opts.skip {
                        continue;
                    }
                    let ident = field.ident.as_ref().expect("named field");
                    let key = opts.rename.unwrap_or_else(|| ident.to_string());
                    bounded.push(field.ty.clone());
                    keys.push(quote! {
                        out.key(#key);
                        crate::ser::Serialize::serialize(&self.#ident, out);
                    });
                }
                quote! {
                    out.begin_object();
                    #(#keys)*
                    out.end_object();
                }
            }
            Fields::Unnamed(unnamed) if unnamed.unnamed.len() == 1 => {
                bounded.push(unnamed.unnamed[0].ty.clone());
                quote! { crate::ser::Serialize::serialize(&self.0, out); }
            }
            Fields::Unnamed(unnamed) => {
                let mut items = Vec::new();
                for (i, field) in unnamed.unnamed.iter().enumerate() {
                    if options(&field.attrs)?.skip {
                        continue;
                    }
                    let index = Index::from(i);
                    bounded.push(field.ty.clone());
                    items.push(quote! { crate::ser::Serialize::serialize(&self.#index, out); });
                }
                quote! {
                    out.begin_array();
                    #(#items)*
                    out.end_array();
                }
            }
            Fields::Unit => quote! { out.null(); },
        },
        Data::Enum(data) => {
            let mut arms = Vec::new();
            for variant in &data.variants {
                if !matches!(variant.fields, Fields::Unit) {
                    return Err(syn::Error::new_spanned(
                        &variant.fields,
                        "Serialize supports only unit variants",
                    ));
                }
                let ident = &variant.ident;
                let text = options(&variant.attrs)?
                    .rename
                    .unwrap_or_else(|| ident.to_string());
                arms.push(quote! { Self::#ident => out.string(#text), });
            }
            quote! {
                match *self {
                    #(#arms)*
                }
            }
        }
        Data::Union(data) => {
            return Err(syn::Error::new_spanned(
                data.union_token,
                "Serialize cannot be derived for unions",
            ));
        }
    };

    // Bound the types that are serialized, not every type parameter: a
    // skipped field of type `M` must not require `M: Serialize`.
    let where_clause = input.generics.make_where_clause();
    for ty in bounded {
        where_clause
            .predicates
            .push(parse_quote!(#ty: crate::ser::Serialize));
    }
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    Ok(quote! {
        impl #impl_generics crate::ser::Serialize for #name #ty_generics #where_clause {
            fn serialize(&self, out: &mut crate::ser::Writer) {
                #body
            }
        }
    })
}
