//! `#[derive(Validate)]` with errors that point at the right place.
//!
//! ```text
//! #[derive(Validate)]
//! struct SignUp {
//!     #[validate(len(min = 3, max = 20))]     // anything with .len()
//!     name: String,
//!     #[validate(range(min = 18, max = 130))] // anything comparable
//!     age: u32,
//! }
//! ```
//!
//! generates `fn validate(&self) -> Result<(), Vec<String>>` that reports every
//! failed rule, in field order (`"age: 17 is not in 18..=130"`).
//!
//! Bad input must give compile errors that help, as rustc's own do: each
//! mistake on the tokens at fault, every mistake of a struct at once (not the
//! first one only), and a field type without `len()` reported on that field's
//! type. `tests/ui_errors.rs` holds the expected errors as `//~ ERROR`
//! annotations.
//!
//! The macro below works on correct input (`tests/validate.rs` passes), but it
//! panics on a mistake, which the user sees as "proc-macro derive panicked" on
//! the `#[derive]` line, and it generates code with the span of the derive.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use quote::quote;
use syn::meta::ParseNestedMeta;
use syn::{Data, DeriveInput, Field, Fields, LitInt, parse_macro_input};

#[proc_macro_derive(Validate, attributes(validate))]
pub fn derive_validate(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    let name = &input.ident;
    let fields = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => &named.named,
            _ => panic!("Validate needs named fields"),
        },
        _ => panic!("Validate needs a struct"),
    };

    let mut checks = Vec::new();
    for field in fields {
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("validate")) {
            attr.parse_nested_meta(|meta| {
                checks.push(rule(field, &meta));
                Ok(())
            })
            .expect("invalid #[validate] attribute");
        }
    }

    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        impl #impl_generics #name #ty_generics #where_clause {
            pub fn validate(
                &self,
            ) -> ::core::result::Result<(), ::std::vec::Vec<::std::string::String>> {
                let mut failures = ::std::vec::Vec::new();
                #(#checks)*
                if failures.is_empty() {
                    ::core::result::Result::Ok(())
                } else {
                    ::core::result::Result::Err(failures)
                }
            }
        }
    }
    .into()
}

/// One rule such as `len(min = 3)`: the code that checks it.
fn rule(field: &Field, meta: &ParseNestedMeta) -> TokenStream2 {
    let ident = field.ident.as_ref().expect("named field");
    let label = ident.to_string();
    let (mut min, mut max) = (None, None);
    let rule = if meta.path.is_ident("len") {
        "len"
    } else if meta.path.is_ident("range") {
        "range"
    } else {
        panic!("unknown validator");
    };
    meta.parse_nested_meta(|bound| {
        let value: LitInt = bound.value()?.parse().expect("expected an integer");
        if bound.path.is_ident("min") {
            min = Some(value);
        } else if bound.path.is_ident("max") {
            max = Some(value);
        } else {
            panic!("expected `min` or `max`");
        }
        Ok(())
    })
    .expect("invalid rule");

    match rule {
        "len" => {
            if min.is_none() && max.is_none() {
                panic!("`len` needs `min`, `max` or both");
            }
            let min = min.map_or_else(|| quote!(0), |m| quote!(#m));
            let max = max.map_or_else(|| quote!(usize::MAX), |m| quote!(#m));
            quote! {
                let len = self.#ident.len();
                if !(#min..=#max).contains(&len) {
                    failures.push(::std::format!(
                        "{}: length {} is not in {}..={}", #label, len, #min, #max
                    ));
                }
            }
        }
        _ => {
            let (Some(min), Some(max)) = (min, max) else {
                panic!("`range` needs both `min` and `max`");
            };
            quote! {
                if !(#min..=#max).contains(&self.#ident) {
                    failures.push(::std::format!(
                        "{}: {} is not in {}..={}", #label, self.#ident, #min, #max
                    ));
                }
            }
        }
    }
}
