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

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use quote::{format_ident, quote};
use syn::{
    Data, DeriveInput, Field, Fields, GenericArgument, Ident, LitStr, PathArguments, Type,
    parse_macro_input,
};

#[proc_macro_derive(Builder, attributes(builder))]
pub fn derive_builder(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(err) => err.to_compile_error().into(),
    }
}

/// How one field is filled in.
enum Kind<'a> {
    /// Must be set before `build`.
    Required,
    /// `Option<T>`: the setter takes the `T`.
    Optional(&'a Type),
    /// `#[builder(each = "name")]` on a `Vec<T>`.
    Each { setter: Ident, item: &'a Type },
}

struct FieldPlan<'a> {
    ident: &'a Ident,
    ty: &'a Type,
    kind: Kind<'a>,
}

fn expand(input: &DeriveInput) -> syn::Result<TokenStream2> {
    let name = &input.ident;
    let builder = format_ident!("{}Builder", name);
    let fields = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => &named.named,
            _ => {
                return Err(syn::Error::new_spanned(
                    name,
                    "Builder needs a struct with named fields",
                ));
            }
        },
        _ => return Err(syn::Error::new_spanned(name, "Builder needs a struct")),
    };

    let plans = fields.iter().map(plan).collect::<syn::Result<Vec<_>>>()?;

    let storage = plans.iter().map(|p| {
        let (ident, ty) = (p.ident, p.ty);
        match p.kind {
            Kind::Required => quote! { #ident: ::core::option::Option<#ty> },
            Kind::Optional(_) | Kind::Each { .. } => quote! { #ident: #ty },
        }
    });
    let empty = plans.iter().map(|p| {
        let ident = p.ident;
        match p.kind {
            Kind::Required | Kind::Optional(_) => quote! { #ident: ::core::option::Option::None },
            Kind::Each { .. } => quote! { #ident: ::std::vec::Vec::new() },
        }
    });
    let setters = plans.iter().map(setter);
    let finish = plans.iter().map(|p| {
        let ident = p.ident;
        match p.kind {
            Kind::Required => {
                let missing = format!("missing field `{ident}`");
                quote! {
                    #ident: match self.#ident {
                        ::core::option::Option::Some(value) => value,
                        ::core::option::Option::None => {
                            return ::core::result::Result::Err(#missing.into());
                        }
                    }
                }
            }
            Kind::Optional(_) | Kind::Each { .. } => quote! { #ident: self.#ident },
        }
    });

    let vis = &input.vis;
    Ok(quote! {
        #vis struct #builder {
            #(#storage,)*
        }

        impl #name {
            #vis fn builder() -> #builder {
                #builder { #(#empty,)* }
            }
        }

        impl #builder {
            #(#setters)*

            #vis fn build(
                self,
            ) -> ::core::result::Result<#name, ::std::boxed::Box<dyn ::std::error::Error>> {
                ::core::result::Result::Ok(#name { #(#finish,)* })
            }
        }
    })
}

fn plan(field: &Field) -> syn::Result<FieldPlan<'_>> {
    let ident = field.ident.as_ref().expect("named fields have names");
    let ty = &field.ty;
    let mut each = None;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("builder")) {
        let expected =
            || syn::Error::new_spanned(&attr.meta, r#"expected `builder(each = "...")`"#);
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("each") {
                let name: LitStr = meta.value()?.parse()?;
                each = Some(name.parse::<Ident>()?);
                Ok(())
            } else {
                Err(expected())
            }
        })
        .map_err(|_| expected())?;
    }

    let kind = match each {
        Some(setter) => {
            let item = generic_argument(ty, "Vec").ok_or_else(|| {
                syn::Error::new_spanned(ty, "`each` needs a field of type `Vec<T>`")
            })?;
            Kind::Each { setter, item }
        }
        None => match generic_argument(ty, "Option") {
            Some(inner) => Kind::Optional(inner),
            None => Kind::Required,
        },
    };
    Ok(FieldPlan { ident, ty, kind })
}

fn setter(plan: &FieldPlan) -> TokenStream2 {
    let FieldPlan { ident, ty, .. } = plan;
    match &plan.kind {
        Kind::Required => quote! {
            pub fn #ident(mut self, value: #ty) -> Self {
                self.#ident = ::core::option::Option::Some(value);
                self
            }
        },
        Kind::Optional(inner) => quote! {
            pub fn #ident(mut self, value: #inner) -> Self {
                self.#ident = ::core::option::Option::Some(value);
                self
            }
        },
        Kind::Each { setter, item } => {
            let one = quote! {
                pub fn #setter(mut self, value: #item) -> Self {
                    self.#ident.push(value);
                    self
                }
            };
            if setter == *ident {
                one
            } else {
                quote! {
                    #one

                    pub fn #ident(mut self, values: #ty) -> Self {
                        self.#ident.extend(values);
                        self
                    }
                }
            }
        }
    }
}

/// `T` when `ty` is `Wrapper<T>` (also written with a path, like
/// `::std::vec::Vec<T>`).
fn generic_argument<'a>(ty: &'a Type, wrapper: &str) -> Option<&'a Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != wrapper {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(inner) if args.args.len() == 1 => Some(inner),
        _ => None,
    }
}
