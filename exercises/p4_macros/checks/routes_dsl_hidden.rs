//! Tutor-owned tests for `routes!`: order, nesting, optional semicolons, and
//! patterns that are compile-time constants, not strings built at run time.
#![allow(dead_code)]

#[path = "../routes_dsl.rs"]
#[macro_use]
mod ex;
#[allow(unused_imports)]
use ex::*;

fn main() {}

#[cfg(test)]
mod hidden {
    use crate::ex::{Method, Params, Router};

    // The expansion must not rely on these names.
    #[allow(dead_code)]
    struct Route;
    #[allow(dead_code)]
    struct Vec;
    #[allow(dead_code)]
    mod std {}
    #[allow(dead_code)]
    mod core {}
    #[allow(unused_macros)]
    macro_rules! vec {
        ($($t:tt)*) => {
            compile_error!("the expansion used the caller's `vec!`")
        };
    }
    #[allow(unused_macros)]
    macro_rules! concat {
        ($($t:tt)*) => {
            "the caller's concat!"
        };
    }

    mod handlers {
        use super::Params;

        pub fn item(p: &Params) -> ::std::string::String {
            format!("item {}", p.get("id").unwrap_or("?"))
        }
    }

    fn api() -> Router {
        routes! {
            scope "/api" {
                scope "/v1" {
                    scope "/items" {
                        GET "/:id" => handlers::item;
                        GET "/special" => |_| "never: /:id is declared first".to_string();
                        POST "" => |_| "created".to_string();
                        PUT "/:id" => |p| format!("replaced {}", p.get("id").unwrap());
                        DELETE "/:id" => |p| format!("deleted {}", p.get("id").unwrap())
                    }
                }
                GET "/ping" => |_| "pong".to_string()
            }
            GET "/:a/:b" => |p| format!("{}+{}", p.get("a").unwrap(), p.get("b").unwrap());
        }
    }

    #[test]
    fn hidden_patterns_are_string_constants() {
        // A pattern joined by `concat!` is one string in the binary: every
        // call of `api()` lends the same one. A pattern built when the router
        // is (`format!` + `Box::leak`, for instance) is a new string each time.
        let (first, second) = (api(), api());
        for (a, b) in first.routes.iter().zip(&second.routes) {
            assert_eq!(a.pattern, b.pattern);
            assert!(
                ::std::ptr::eq(a.pattern, b.pattern),
                "{:?} is built at run time: join the patterns with concat! \
                 at compile time",
                a.pattern
            );
        }
    }

    #[test]
    fn hidden_nested_scopes_in_declaration_order() {
        assert_eq!(
            api().patterns(),
            [
                "/api/v1/items/:id",
                "/api/v1/items/special",
                "/api/v1/items",
                "/api/v1/items/:id",
                "/api/v1/items/:id",
                "/api/ping",
                "/:a/:b",
            ]
        );
        let methods: ::std::vec::Vec<Method> = api().routes.iter().map(|r| r.method).collect();
        assert_eq!(
            methods,
            [
                Method::Get,
                Method::Get,
                Method::Post,
                Method::Put,
                Method::Delete,
                Method::Get,
                Method::Get,
            ]
        );
    }

    #[test]
    fn hidden_dispatch_by_method_and_first_match() {
        let r = api();
        let get = |m, p| r.dispatch(m, p);
        assert_eq!(
            get(Method::Get, "/api/v1/items/3").as_deref(),
            Some("item 3")
        );
        assert_eq!(
            get(Method::Get, "/api/v1/items/special").as_deref(),
            Some("item special"),
            "routes are tried in declaration order"
        );
        assert_eq!(
            get(Method::Post, "/api/v1/items").as_deref(),
            Some("created")
        );
        assert_eq!(
            get(Method::Put, "/api/v1/items/9").as_deref(),
            Some("replaced 9")
        );
        assert_eq!(
            get(Method::Delete, "/api/v1/items/9").as_deref(),
            Some("deleted 9")
        );
        assert_eq!(get(Method::Get, "/api/ping").as_deref(), Some("pong"));
        assert_eq!(get(Method::Get, "/x/y").as_deref(), Some("x+y"));
        assert_eq!(get(Method::Post, "/api/ping"), None);
        assert_eq!(get(Method::Get, "/ping"), None, "a scope is not optional");
    }

    #[test]
    fn hidden_optional_semicolons_and_empty_scopes() {
        let r = routes! { GET "/only" => |_| "only".to_string() };
        assert_eq!(r.patterns(), ["/only"]);
        let r = routes! { GET "/only" => |_| "only".to_string(); };
        assert_eq!(r.patterns(), ["/only"]);
        let r = routes! {
            scope "/a" {}
            scope "/b" { scope "/c" { scope "/d" {} } }
        };
        assert!(r.routes.is_empty());
        let r = routes! {
            scope "/a" { GET "/1" => |_| "1".to_string() }
            scope "/b" { GET "/2" => |_| "2".to_string(); }
            POST "/3" => |_| "3".to_string()
        };
        assert_eq!(r.patterns(), ["/a/1", "/b/2", "/3"]);
    }

    #[test]
    fn hidden_a_scope_after_routes_and_routes_after_scopes() {
        let r = routes! {
            GET "/1" => |_| "1".to_string();
            scope "/s" {
                GET "/2" => |_| "2".to_string();
                scope "/t" { GET "/3" => |_| "3".to_string(); }
                GET "/4" => |_| "4".to_string();
            }
            GET "/5" => |_| "5".to_string();
        };
        assert_eq!(r.patterns(), ["/1", "/s/2", "/s/t/3", "/s/4", "/5"]);
        for (path, body) in [
            ("/1", "1"),
            ("/s/2", "2"),
            ("/s/t/3", "3"),
            ("/s/4", "4"),
            ("/5", "5"),
        ] {
            assert_eq!(r.dispatch(Method::Get, path).as_deref(), Some(body));
        }
    }

    #[test]
    fn hidden_forty_routes() {
        let r = routes! {
            GET "/0" => |_| "0".to_string(); GET "/1" => |_| "1".to_string();
            GET "/2" => |_| "2".to_string(); GET "/3" => |_| "3".to_string();
            GET "/4" => |_| "4".to_string(); GET "/5" => |_| "5".to_string();
            GET "/6" => |_| "6".to_string(); GET "/7" => |_| "7".to_string();
            GET "/8" => |_| "8".to_string(); GET "/9" => |_| "9".to_string();
            scope "/x" {
                GET "/0" => |_| "x0".to_string(); GET "/1" => |_| "x1".to_string();
                GET "/2" => |_| "x2".to_string(); GET "/3" => |_| "x3".to_string();
                GET "/4" => |_| "x4".to_string(); GET "/5" => |_| "x5".to_string();
                GET "/6" => |_| "x6".to_string(); GET "/7" => |_| "x7".to_string();
                GET "/8" => |_| "x8".to_string(); GET "/9" => |_| "x9".to_string();
            }
            POST "/0" => |_| "p0".to_string(); POST "/1" => |_| "p1".to_string();
            POST "/2" => |_| "p2".to_string(); POST "/3" => |_| "p3".to_string();
            POST "/4" => |_| "p4".to_string(); POST "/5" => |_| "p5".to_string();
            POST "/6" => |_| "p6".to_string(); POST "/7" => |_| "p7".to_string();
            POST "/8" => |_| "p8".to_string(); POST "/9" => |_| "p9".to_string();
            PUT "/0" => |_| "u0".to_string(); PUT "/1" => |_| "u1".to_string();
            PUT "/2" => |_| "u2".to_string(); PUT "/3" => |_| "u3".to_string();
            PUT "/4" => |_| "u4".to_string(); PUT "/5" => |_| "u5".to_string();
            PUT "/6" => |_| "u6".to_string(); PUT "/7" => |_| "u7".to_string();
            PUT "/8" => |_| "u8".to_string(); PUT "/9" => |_| "u9".to_string()
        };
        assert_eq!(r.routes.len(), 40);
        assert_eq!(r.dispatch(Method::Get, "/x/7").as_deref(), Some("x7"));
        assert_eq!(r.dispatch(Method::Put, "/9").as_deref(), Some("u9"));
        assert_eq!(r.patterns()[39], "/9");
    }
}
