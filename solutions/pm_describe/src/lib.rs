//! `#[derive(Describe)]`: your first derive macro.
//!
//! For any struct or enum, the derive generates an inherent impl with
//!
//! * `pub const DESCRIPTION: &'static str`: the shape of the type, computed
//!   while the macro runs, e.g. `"struct Point { x, y }"`,
//!   `"struct Pair(_, _)"`, `"struct Marker"`,
//!   `"enum Shape { Circle(_), Rect { w, h }, Empty }"`;
//! * `pub fn variant_name(&self) -> &'static str`: the variant of an enum
//!   value, or the name of a struct.
//!
//! It must work on generic types (lifetimes, bounds, const parameters, where
//! clauses), print raw identifiers such as `r#type` as `type`, and reject a
//! union with an error on its `union` keyword.
//!
//! The tests are in `tests/describe.rs` (behaviour) and `tests/cfail_union.rs`
//! (misuse that must not compile).

use proc_macro::TokenStream;
use quote::quote;
use syn::ext::IdentExt;
use syn::{Data, DeriveInput, Fields, parse_macro_input};

#[proc_macro_derive(Describe)]
pub fn derive_describe(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(err) => err.to_compile_error().into(),
    }
}

fn expand(input: &DeriveInput) -> syn::Result<proc_macro2::TokenStream> {
    let name = &input.ident;
    let (description, variant_name) = match &input.data {
        Data::Struct(data) => {
            let description = format!("struct {}{}", name.unraw(), shape(&data.fields));
            let type_name = name.unraw().to_string();
            (description, quote! { #type_name })
        }
        Data::Enum(data) => {
            let variants: Vec<String> = data
                .variants
                .iter()
                .map(|v| format!("{}{}", v.ident.unraw(), shape(&v.fields)))
                .collect();
            let description = if variants.is_empty() {
                format!("enum {} {{}}", name.unraw())
            } else {
                format!("enum {} {{ {} }}", name.unraw(), variants.join(", "))
            };
            // `Self::V { .. }` matches unit, tuple and struct variants alike.
            let arms = data.variants.iter().map(|v| {
                let ident = &v.ident;
                let text = ident.unraw().to_string();
                quote! { Self::#ident { .. } => #text, }
            });
            (description, quote! { match *self { #(#arms)* } })
        }
        Data::Union(data) => {
            return Err(syn::Error::new_spanned(
                data.union_token,
                "Describe cannot be derived for unions",
            ));
        }
    };

    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    Ok(quote! {
        impl #impl_generics #name #ty_generics #where_clause {
            pub const DESCRIPTION: &'static str = #description;

            pub fn variant_name(&self) -> &'static str {
                #variant_name
            }
        }
    })
}

/// How a field list looks: ` { a, b }`, `(_, _)` or nothing.
fn shape(fields: &Fields) -> String {
    match fields {
        Fields::Named(named) if named.named.is_empty() => " {}".to_string(),
        Fields::Named(named) => {
            let names: Vec<String> = named
                .named
                .iter()
                .filter_map(|f| f.ident.as_ref())
                .map(|ident| ident.unraw().to_string())
                .collect();
            format!(" {{ {} }}", names.join(", "))
        }
        Fields::Unnamed(unnamed) => {
            let holes = vec!["_"; unnamed.unnamed.len()];
            format!("({})", holes.join(", "))
        }
        Fields::Unit => String::new(),
    }
}
