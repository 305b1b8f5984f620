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

#[proc_macro_attribute]
pub fn retry(attr: TokenStream, item: TokenStream) -> TokenStream {
    // `attr` holds the tokens inside `#[retry(...)]`, `item` the function.
    // TODO: parse them (`syn::LitInt`, `syn::ItemFn`) and return a function
    // that calls the original one in a loop. Today the function is returned
    // unchanged.
    let _ = attr;
    item
}
