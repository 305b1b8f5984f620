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

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use quote::{quote, quote_spanned};
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Field, Fields, LitInt, parse_macro_input};

#[proc_macro_derive(Validate, attributes(validate))]
pub fn derive_validate(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(err) => err.to_compile_error().into(),
    }
}

/// Collects errors so that all of them are reported.
#[derive(Default)]
struct Errors(Option<syn::Error>);

impl Errors {
    fn push(&mut self, err: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(err),
            None => self.0 = Some(err),
        }
    }

    fn finish(self) -> syn::Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}

fn expand(input: &DeriveInput) -> syn::Result<TokenStream2> {
    let name = &input.ident;
    let fields = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => &named.named,
            _ => return Err(syn::Error::new_spanned(name, "Validate needs named fields")),
        },
        _ => return Err(syn::Error::new_spanned(name, "Validate needs a struct")),
    };

    let mut errors = Errors::default();
    let mut checks = Vec::new();
    for field in fields {
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("validate")) {
            let parsed = attr.parse_nested_meta(|meta| {
                match rule(field, &meta) {
                    Ok(check) => checks.push(check),
                    Err(err) => errors.push(err),
                }
                Ok(())
            });
            if let Err(err) = parsed {
                errors.push(err);
            }
        }
    }
    errors.finish()?;

    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    Ok(quote! {
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
    })
}

/// One rule such as `len(min = 3)`: the code that checks it.
fn rule(field: &Field, meta: &ParseNestedMeta) -> syn::Result<TokenStream2> {
    let ident = field.ident.as_ref().expect("named field");
    let ty = &field.ty;
    let label = ident.to_string();
    let (mut min, mut max) = (None, None);
    let rule = if meta.path.is_ident("len") {
        "len"
    } else if meta.path.is_ident("range") {
        "range"
    } else {
        let path = &meta.path;
        let text = quote!(#path).to_string();
        // Skip its arguments, so that the rules after it are still read.
        if meta.input.peek(syn::token::Paren) {
            meta.input.parse::<proc_macro2::TokenTree>()?;
        }
        return Err(syn::Error::new_spanned(
            path,
            format!("unknown validator `{text}`: expected `len` or `range`"),
        ));
    };
    meta.parse_nested_meta(|bound| {
        let value: LitInt = bound
            .value()?
            .parse()
            .map_err(|err| syn::Error::new(err.span(), "expected an integer literal"))?;
        if bound.path.is_ident("min") {
            min = Some(value);
        } else if bound.path.is_ident("max") {
            max = Some(value);
        } else {
            return Err(bound.error("expected `min` or `max`"));
        }
        Ok(())
    })?;

    // `quote_spanned!` on the field's type: if the type has no `len()`, or
    // cannot be compared, the error is shown on the type, not on the derive.
    match rule {
        "len" => {
            if min.is_none() && max.is_none() {
                return Err(meta.error("`len` needs `min`, `max` or both"));
            }
            let min = min.map_or_else(|| quote!(0), |m| quote!(#m));
            let max = max.map_or_else(|| quote!(usize::MAX), |m| quote!(#m));
            Ok(quote_spanned! {ty.span()=>
                let len = self.#ident.len();
                if !(#min..=#max).contains(&len) {
                    failures.push(::std::format!(
                        "{}: length {} is not in {}..={}", #label, len, #min, #max
                    ));
                }
            })
        }
        _ => {
            let (Some(min), Some(max)) = (min, max) else {
                return Err(syn::Error::new_spanned(
                    &meta.path,
                    "`range` needs both `min` and `max`",
                ));
            };
            Ok(quote_spanned! {ty.span()=>
                if !(#min..=#max).contains(&self.#ident) {
                    failures.push(::std::format!(
                        "{}: {} is not in {}..={}", #label, self.#ident, #min, #max
                    ));
                }
            })
        }
    }
}
