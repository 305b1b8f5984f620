//! `#[derive(Builder)]` with a helper attribute.
//!
//! For a struct `Command` the derive generates `Command::builder()` and a
//! `CommandBuilder` with one setter per field and
//! `build(self) -> Result<Command, Box<dyn std::error::Error>>`:
//!
//! * a plain field is required: `build` fails with ``missing field `name` ``
//!   when its setter was never called;
//! * an `Option<T>` field is optional and its setter takes a `T`;
//! * `#[builder(each = "arg")]` on a `Vec<T>` field adds a setter `arg(T)`
//!   that appends one element (the field starts empty); the setter for the
//!   whole `Vec` stays, unless it has the same name as the `each` setter;
//! * a wrong helper attribute is a compile error at the right place:
//!   ``expected `builder(each = "...")` `` over the whole `builder(...)`, and
//!   ``each` needs a field of type `Vec<T>` `` on the field's type;
//! * the generated code works even where the caller shadows `Option`, `Vec`,
//!   `String`, `Ok`... (use absolute paths such as `::core::option::Option`).
//!
//! The tests are in `tests/builder.rs` and `tests/cfail_*.rs`.
//!
//! The version below is the naive one: every field is required, `#[builder]`
//! attributes are ignored, and the expansion relies on the caller's prelude.

use proc_macro::TokenStream;
use quote::{format_ident, quote};
use syn::{Data, DeriveInput, Fields, parse_macro_input};

#[proc_macro_derive(Builder, attributes(builder))]
pub fn derive_builder(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    let name = &input.ident;
    let builder = format_ident!("{}Builder", name);
    let fields = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => &named.named,
            _ => panic!("Builder needs named fields"),
        },
        _ => panic!("Builder only works on structs"),
    };

    let idents: Vec<_> = fields.iter().map(|f| f.ident.as_ref().unwrap()).collect();
    let types: Vec<_> = fields.iter().map(|f| &f.ty).collect();
    let vis = &input.vis;

    quote! {
        #vis struct #builder {
            #(#idents: Option<#types>,)*
        }

        impl #name {
            #vis fn builder() -> #builder {
                #builder { #(#idents: None,)* }
            }
        }

        impl #builder {
            #(
                pub fn #idents(mut self, value: #types) -> Self {
                    self.#idents = Some(value);
                    self
                }
            )*

            #vis fn build(self) -> Result<#name, Box<dyn std::error::Error>> {
                Ok(#name {
                    #(#idents: self.#idents.ok_or_else(|| {
                        format!("missing field `{}`", stringify!(#idents))
                    })?,)*
                })
            }
        }
    }
    .into()
}
