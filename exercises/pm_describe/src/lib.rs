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
use syn::{DeriveInput, parse_macro_input};

#[proc_macro_derive(Describe)]
pub fn derive_describe(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    let name = &input.ident;

    // TODO: look at `input.data` (`syn::Data`): a struct's `fields`
    // (`syn::Fields`: named, unnamed or unit), an enum's `variants`, or a
    // union, which must become a `syn::Error` pointing at the `union` keyword.
    let description = String::from("TODO");

    // `split_for_impl` gives the three pieces an impl of a generic type needs:
    // `impl<'a, T: Clone> Name<'a, T> where T: Default`.
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        impl #impl_generics #name #ty_generics #where_clause {
            pub const DESCRIPTION: &'static str = #description;

            pub fn variant_name(&self) -> &'static str {
                // TODO: a `match` over the variants of an enum.
                ""
            }
        }
    }
    .into()
}
