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
use quote::quote;
use syn::{DeriveInput, parse_macro_input};

#[proc_macro_derive(Serialize, attributes(ser))]
pub fn derive_serialize(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    let name = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();

    // TODO: generate the body from `input.data`, read `#[ser(...)]` with
    // `Attribute::parse_nested_meta`, and add where-clause bounds for the
    // types of the fields you serialize.
    quote! {
        impl #impl_generics crate::ser::Serialize for #name #ty_generics #where_clause {
            fn serialize(&self, out: &mut crate::ser::Writer) {
                out.null();
            }
        }
    }
    .into()
}
