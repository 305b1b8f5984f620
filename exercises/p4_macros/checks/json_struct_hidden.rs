//! Tutor-owned tests for `json_struct!`: the shapes of struct a real
//! definition may take, expanded in modules that shadow the names it uses.
#![allow(dead_code)]

#[path = "../json_struct.rs"]
#[macro_use]
mod ex;
#[allow(unused_imports)]
use ex::*;

fn main() {}

#[cfg(test)]
mod hidden {
    use crate::ex::ToJson;

    mod defs {
        // Everything an expansion could pick up from the caller by accident.
        #[allow(dead_code)]
        trait ToJson {}
        #[allow(dead_code)]
        struct ObjectWriter;
        #[allow(dead_code)]
        struct String;
        #[allow(dead_code)]
        fn field_key() {}
        #[allow(dead_code)]
        mod std {}
        #[allow(dead_code)]
        mod core {}

        json_struct! {
            /// Doc comments and several attributes, on the struct and its fields.
            #[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
            pub struct Account {
                /// The id.
                #[allow(unused)]
                pub id: u64,
                #[doc = "The owner."]
                pub owner: ::std::string::String,
                pub(crate) active: bool,
                pub(in crate::hidden) score: i32,
            }
        }

        json_struct! {
            /// Private fields, built by a constructor.
            pub struct Secret {
                key: u8,
                value: u8,
            }
        }

        impl Secret {
            pub fn new(key: u8, value: u8) -> Self {
                Secret { key, value }
            }
            pub fn key(&self) -> u8 {
                self.key
            }
        }

        json_struct! {
            pub(crate) struct Wrapper<T> {
                pub inner: T,
            }
        }

        json_struct! {
            pub struct Triple<A, B, C,> {
                pub a: A,
                pub b: Option<B>,
                pub c: ::std::vec::Vec<C>,
            }
        }

        json_struct! {
            pub struct One { pub only: u8, }
        }

        json_struct! {
            pub struct Unit {}
        }

        json_struct! {
            struct Private {
                x: i8,
            }
        }

        pub fn private_json() -> ::std::string::String {
            use crate::ex::ToJson as _;
            Private { x: -3 }.to_json()
        }

        json_struct! {
            pub struct Keywords {
                pub r#match: bool,
                pub r#fn: u8,
                pub plain: u8,
                pub r#async: Option<u8>,
            }
        }
    }

    use defs::{Account, Keywords, One, Secret, Triple, Unit, Wrapper};

    /// Not `ToJson`: only the impl may require it, not the struct.
    #[derive(Debug, PartialEq)]
    struct Opaque;

    #[test]
    fn hidden_attributes_and_visibility() {
        let a = Account {
            id: 1,
            owner: "ann".into(),
            active: true,
            score: -5,
        };
        assert_eq!(
            a.to_json(),
            r#"{"id":1,"owner":"ann","active":true,"score":-5}"#
        );
        // The derives were kept: Clone, PartialEq, Eq, Hash, Default, Debug.
        let mut set = ::std::collections::HashSet::new();
        set.insert(a.clone());
        assert!(set.contains(&a));
        assert_ne!(a, Account::default());
        assert!(format!("{:?}", Account::default()).starts_with("Account {"));
    }

    #[test]
    fn hidden_private_fields() {
        let s = Secret::new(1, 2);
        assert_eq!(s.key(), 1);
        assert_eq!(s.to_json(), r#"{"key":1,"value":2}"#);
        assert_eq!(defs::private_json(), r#"{"x":-3}"#);
    }

    #[test]
    fn hidden_generics() {
        let w = Wrapper { inner: 5u16 };
        assert_eq!(w.to_json(), r#"{"inner":5}"#);
        let nested = Wrapper {
            inner: Wrapper {
                inner: vec![Some(true), None],
            },
        };
        assert_eq!(nested.to_json(), r#"{"inner":{"inner":[true,null]}}"#);
        let t = Triple {
            a: "a".to_string(),
            b: Some(-1i64),
            c: vec![One { only: 9 }],
        };
        assert_eq!(t.to_json(), r#"{"a":"a","b":-1,"c":[{"only":9}]}"#);
        let t: Triple<u8, u8, u8> = Triple {
            a: 0,
            b: None,
            c: vec![],
        };
        assert_eq!(t.to_json(), r#"{"a":0,"b":null,"c":[]}"#);
    }

    #[test]
    fn hidden_the_struct_has_no_bounds() {
        // A struct of a type that is not `ToJson` can still be built and used.
        let w = Wrapper { inner: Opaque };
        assert_eq!(w.inner, Opaque);
    }

    #[test]
    fn hidden_one_field_and_no_fields() {
        assert_eq!(One { only: 0 }.to_json(), r#"{"only":0}"#);
        assert_eq!(Unit {}.to_json(), "{}");
    }

    #[test]
    fn hidden_raw_identifiers_are_keyed_without_r_hash() {
        let k = Keywords {
            r#match: false,
            r#fn: 2,
            plain: 3,
            r#async: None,
        };
        assert_eq!(
            k.to_json(),
            r#"{"match":false,"fn":2,"plain":3,"async":null}"#
        );
    }

    #[test]
    fn hidden_writes_into_an_existing_buffer() {
        let mut out = "prefix:".to_string();
        One { only: 1 }.write_json(&mut out);
        assert_eq!(out, r#"prefix:{"only":1}"#);
    }
}
