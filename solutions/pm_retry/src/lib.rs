//! `#[retry(n)]`: an attribute macro that calls a function again, up to `n`
//! times in all, while it returns `Err`.
//!
//! ```text
//! #[retry(3)]
//! fn fetch(url: &str) -> Result<String, Error> { ... }
//! ```
//!
//! * The function must return a `Result`; `n` is an integer literal of at least
//!   1 (an error on the literal otherwise). It returns the first `Ok`, or the
//!   last `Err` after `n` attempts.
//! * Each attempt gets a clone of every argument, so the body may consume its
//!   arguments. An argument whose type is not `Clone` is an error on that
//!   parameter's type.
//! * It works on `async fn` (the result stays a lazy future), on generic
//!   functions with where clauses, on patterns in parameters, and with
//!   `return` and `?` in the body.
//! * Names the macro introduces never clash with the caller's: a parameter
//!   called `attempt` is not the macro's counter.
//!
//! The tests are in `tests/retry.rs` and `tests/cfail_*.rs`.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{FnArg, Ident, ItemFn, LitInt, ReturnType, parse_macro_input};

#[proc_macro_attribute]
pub fn retry(attr: TokenStream, item: TokenStream) -> TokenStream {
    let attempts = parse_macro_input!(attr as LitInt);
    let function = parse_macro_input!(item as ItemFn);
    match expand(&attempts, function) {
        Ok(tokens) => tokens.into(),
        Err(err) => err.to_compile_error().into(),
    }
}

fn expand(attempts: &LitInt, function: ItemFn) -> syn::Result<TokenStream2> {
    let n: u32 = attempts.base10_parse()?;
    if n == 0 {
        return Err(syn::Error::new_spanned(
            attempts,
            "retry needs at least one attempt",
        ));
    }
    if matches!(function.sig.output, ReturnType::Default) {
        return Err(syn::Error::new_spanned(
            &function.sig,
            "#[retry] needs a function that returns a Result",
        ));
    }

    // The original function, renamed, nested inside the new one: its body,
    // `return`s and `?`s are untouched.
    let mut inner = function.clone();
    inner.sig.ident = format_ident!("__retry_{}", function.sig.ident);
    inner.attrs.clear();
    inner.vis = syn::Visibility::Inherited;
    let inner_name = &inner.sig.ident;

    // The outer function takes each argument under a name of its own
    // (patterns stay in the inner function) and clones it for every attempt.
    let mut outer_sig = function.sig.clone();
    let mut clones = Vec::new();
    for (i, input) in outer_sig.inputs.iter_mut().enumerate() {
        let FnArg::Typed(arg) = input else {
            return Err(syn::Error::new_spanned(
                input,
                "#[retry] does not support methods",
            ));
        };
        let name = Ident::new(&format!("__arg{i}"), Span::mixed_site());
        *arg.pat = syn::parse_quote!(#name);
        // Spanned on the type: a type that is not `Clone` is reported there.
        let ty = &arg.ty;
        clones.push(quote_spanned! {ty.span()=>
            <#ty as ::core::clone::Clone>::clone(&#name)
        });
    }

    let attempt = Ident::new("attempt", Span::mixed_site());
    let call = if function.sig.asyncness.is_some() {
        quote! { #inner_name(#(#clones),*).await }
    } else {
        quote! { #inner_name(#(#clones),*) }
    };
    let attrs = &function.attrs;
    let vis = &function.vis;
    Ok(quote! {
        #(#attrs)*
        #vis #outer_sig {
            #inner

            let mut #attempt: u32 = 1;
            loop {
                match #call {
                    ::core::result::Result::Ok(value) => {
                        return ::core::result::Result::Ok(value);
                    }
                    ::core::result::Result::Err(error) if #attempt >= #n => {
                        return ::core::result::Result::Err(error);
                    }
                    ::core::result::Result::Err(_) => #attempt += 1,
                }
            }
        }
    })
}
