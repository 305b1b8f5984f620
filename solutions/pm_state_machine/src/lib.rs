//! `state_machine!`: a function-like macro with a grammar of its own.
//!
//! ```text
//! state_machine! {
//!     pub machine Door {
//!         states: Closed, Open, Locked;     // the first one is the initial state
//!         open: Closed => Open;             // event: from => to;
//!         kick_in: Closed | Locked => Open; // several source states
//!     }
//! }
//! ```
//!
//! generates `enum Door { Closed, Open, Locked }` (with the visibility written
//! before `machine`), `enum DoorEvent { Open, KickIn, .. }` (event names in
//! CamelCase, each once, in order of first appearance), `Door::INITIAL`,
//! `Default`, `fn next(self, DoorEvent) -> Option<Door>` and
//! `fn events(self) -> &'static [DoorEvent]` (the events a state accepts, in
//! declaration order).
//!
//! Mistakes are compile errors on the tokens at fault: a syntax error where the
//! parser stopped, ``unknown state `Opne` `` on the misspelt state, and
//! ``duplicate transition: `Closed` already has one on `open` `` on the state of
//! the second declaration.
//!
//! The tests are in `tests/state_machine.rs` and `tests/cfail_*.rs`.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use quote::{format_ident, quote};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Ident, Token, Visibility, braced, parse_macro_input};

mod kw {
    syn::custom_keyword!(machine);
    syn::custom_keyword!(states);
}

/// `pub machine Door { states: ...; transitions }`
struct Machine {
    vis: Visibility,
    name: Ident,
    states: Vec<Ident>,
    transitions: Vec<Transition>,
}

/// `event: From | From => To;`
struct Transition {
    event: Ident,
    from: Vec<Ident>,
    to: Ident,
}

impl Parse for Machine {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let vis = input.parse()?;
        input.parse::<kw::machine>()?;
        let name = input.parse()?;
        let body;
        braced!(body in input);
        body.parse::<kw::states>()?;
        body.parse::<Token![:]>()?;
        let states = Punctuated::<Ident, Token![,]>::parse_separated_nonempty(&body)?;
        body.parse::<Token![;]>()?;
        let mut transitions = Vec::new();
        while !body.is_empty() {
            transitions.push(body.parse()?);
        }
        Ok(Machine {
            vis,
            name,
            states: states.into_iter().collect(),
            transitions,
        })
    }
}

impl Parse for Transition {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let event = input.parse()?;
        input.parse::<Token![:]>()?;
        let from = Punctuated::<Ident, Token![|]>::parse_separated_nonempty(input)?;
        input.parse::<Token![=>]>()?;
        let to = input.parse()?;
        input.parse::<Token![;]>()?;
        Ok(Transition {
            event,
            from: from.into_iter().collect(),
            to,
        })
    }
}

#[proc_macro]
pub fn state_machine(input: TokenStream) -> TokenStream {
    let machine = parse_macro_input!(input as Machine);
    match expand(&machine) {
        Ok(tokens) => tokens.into(),
        Err(err) => err.to_compile_error().into(),
    }
}

fn expand(machine: &Machine) -> syn::Result<TokenStream2> {
    validate(machine)?;
    let Machine {
        vis, name, states, ..
    } = machine;
    let event_enum = format_ident!("{}Event", name);

    let mut events: Vec<Ident> = Vec::new();
    for t in &machine.transitions {
        let variant = camel_case(&t.event);
        if !events.contains(&variant) {
            events.push(variant);
        }
    }

    let event_type = &event_enum;
    let arms = machine.transitions.iter().flat_map(|t| {
        let event = camel_case(&t.event);
        let to = &t.to;
        t.from.iter().map(move |from| {
            quote! { (#name::#from, #event_type::#event) => ::core::option::Option::Some(#name::#to), }
        })
    });
    let accepted = states.iter().map(|state| {
        let events = machine
            .transitions
            .iter()
            .filter(|t| t.from.contains(state))
            .map(|t| camel_case(&t.event));
        quote! { #name::#state => &[#(#event_enum::#events),*], }
    });
    let initial = &states[0];

    Ok(quote! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #vis enum #name {
            #(#states,)*
        }

        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #vis enum #event_enum {
            #(#events,)*
        }

        impl #name {
            pub const INITIAL: #name = #name::#initial;

            pub fn next(self, event: #event_enum) -> ::core::option::Option<#name> {
                match (self, event) {
                    #(#arms)*
                    _ => ::core::option::Option::None,
                }
            }

            pub fn events(self) -> &'static [#event_enum] {
                match self {
                    #(#accepted)*
                }
            }
        }

        impl ::core::default::Default for #name {
            fn default() -> Self {
                Self::INITIAL
            }
        }
    })
}

/// Every mistake at once, each on its own tokens.
fn validate(machine: &Machine) -> syn::Result<()> {
    let mut errors: Option<syn::Error> = None;
    let mut report = |err: syn::Error| match &mut errors {
        Some(all) => all.combine(err),
        None => errors = Some(err),
    };

    for (i, state) in machine.states.iter().enumerate() {
        if machine.states[..i].contains(state) {
            report(syn::Error::new(
                state.span(),
                format!("state `{state}` is declared twice"),
            ));
        }
    }
    let mut seen: Vec<(&Ident, Ident)> = Vec::new();
    for t in &machine.transitions {
        let event = camel_case(&t.event);
        for state in t.from.iter().chain([&t.to]) {
            if !machine.states.contains(state) {
                report(syn::Error::new(
                    state.span(),
                    format!("unknown state `{state}`"),
                ));
            }
        }
        for from in &t.from {
            if seen.iter().any(|(s, e)| *s == from && *e == event) {
                report(syn::Error::new(
                    from.span(),
                    format!(
                        "duplicate transition: `{from}` already has one on `{}`",
                        t.event
                    ),
                ));
            }
            seen.push((from, event.clone()));
        }
    }
    errors.map_or(Ok(()), Err)
}

/// `kick_in` → `KickIn`, keeping the span of the event's name.
fn camel_case(ident: &Ident) -> Ident {
    let camel: String = ident
        .to_string()
        .split('_')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            let first = chars.next().expect("non-empty part");
            first.to_uppercase().chain(chars).collect::<String>()
        })
        .collect();
    Ident::new(&camel, ident.span())
}
