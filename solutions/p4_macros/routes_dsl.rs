//! A routing DSL, parsed by a TT muncher.
//!
//! `routes! { .. }` builds a `Router` from statements of two kinds, in any
//! order and nested to any depth:
//!
//! ```text
//! GET "/users/:id" => show_user;       a route: method, pattern, handler
//! scope "/admin" { ..statements.. }    every pattern inside gets the prefix
//! ```
//!
//! Methods are `GET`, `POST`, `PUT` and `DELETE`; any other word must be
//! rejected at compile time with an error that says `unknown HTTP method`.
//! A handler is any expression that coerces to `Handler` (a function name or
//! a closure that captures nothing). The `;` after the last route of a block
//! is optional, an empty block is allowed, and the routes keep their order of
//! declaration, depth first. Patterns are joined at compile time with
//! `concat!`, so every `Route::pattern` is a `&'static str`.
//!
//! A `macro_rules!` repetition cannot alternate between two shapes of
//! statement: munch the input one statement at a time instead, carrying the
//! current prefix along. The tests build routers and dispatch requests.

// ---------------------------------------------------------------------------
// Provided: the router. You do not need to change it.

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

/// The values captured by the `:name` segments of a pattern.
#[derive(Debug, Default)]
pub struct Params(Vec<(&'static str, String)>);

impl Params {
    /// The value captured by `:name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What a route runs.
pub type Handler = fn(&Params) -> String;

/// One route of the table.
pub struct Route {
    pub method: Method,
    pub pattern: &'static str,
    pub handler: Handler,
}

/// A routing table, tried in order.
pub struct Router {
    pub routes: Vec<Route>,
}

impl Router {
    /// Runs the first route that matches, or returns `None`.
    pub fn dispatch(&self, method: Method, path: &str) -> Option<String> {
        self.routes
            .iter()
            .filter(|r| r.method == method)
            .find_map(|r| Some((r.handler)(&matches(r.pattern, path)?)))
    }

    /// The patterns, in order (for tests and debugging).
    pub fn patterns(&self) -> Vec<&'static str> {
        self.routes.iter().map(|r| r.pattern).collect()
    }
}

fn matches(pattern: &'static str, path: &str) -> Option<Params> {
    let mut params = Params::default();
    let mut pat = pattern.split('/');
    let mut got = path.split('/');
    loop {
        match (pat.next(), got.next()) {
            (None, None) => return Some(params),
            (Some(p), Some(g)) => match p.strip_prefix(':') {
                Some(name) if !g.is_empty() => params.0.push((name, g.to_string())),
                None if p == g => {}
                _ => return None,
            },
            _ => return None,
        }
    }
}

// ---------------------------------------------------------------------------
// Your part.

#[macro_export]
macro_rules! routes {
    // Internal rules first: the public rule below matches anything.
    //
    // `@munch $router [$prefix*] statements...` adds the routes of the
    // statements to the router named `$router`.
    (@munch $router:ident [$($prefix:literal)*]) => {};
    (@munch $router:ident [$($prefix:literal)*]
        scope $path:literal { $($inner:tt)* } $($rest:tt)*
    ) => {
        $crate::routes!(@munch $router [$($prefix)* $path] $($inner)*);
        $crate::routes!(@munch $router [$($prefix)*] $($rest)*);
    };
    (@munch $router:ident [$($prefix:literal)*]
        $method:ident $path:literal => $handler:expr $(; $($rest:tt)*)?
    ) => {
        $router.routes.push($crate::Route {
            method: $crate::routes!(@method $method),
            pattern: ::core::concat!($($prefix,)* $path),
            handler: $handler,
        });
        $crate::routes!(@munch $router [$($prefix)*] $($($rest)*)?);
    };

    (@method GET) => { $crate::Method::Get };
    (@method POST) => { $crate::Method::Post };
    (@method PUT) => { $crate::Method::Put };
    (@method DELETE) => { $crate::Method::Delete };
    (@method $other:ident) => {
        ::core::compile_error!(::core::concat!(
            "unknown HTTP method `",
            ::core::stringify!($other),
            "`: expected GET, POST, PUT or DELETE"
        ))
    };

    ($($body:tt)*) => {{
        // Not changed at all by `routes! {}`.
        #[allow(unused_mut)]
        let mut router = $crate::Router {
            routes: ::std::vec::Vec::new(),
        };
        $crate::routes!(@munch router [] $($body)*);
        router
    }};
}

fn index(_: &Params) -> String {
    "home".to_string()
}

fn show_user(p: &Params) -> String {
    format!("user {}", p.get("id").unwrap_or("?"))
}

fn main() {
    let router = routes! {
        GET "/" => index;
        scope "/users" {
            GET "/:id" => show_user;
        }
    };
    println!("{:?}", router.patterns());
    println!("{:?}", router.dispatch(Method::Get, "/users/42"));
}

#[cfg(test)]
mod tests {
    use super::{Method, Params, Router, index, show_user};

    // The expansion must not rely on these names.
    #[allow(dead_code)]
    struct Route;
    #[allow(dead_code)]
    mod std {}

    fn stats(_: &Params) -> String {
        "stats".to_string()
    }

    fn app() -> Router {
        routes! {
            GET "/" => index;
            GET "/users/:id" => show_user;
            POST "/users" => |_| "created".to_string();
            scope "/admin" {
                GET "/stats" => stats;
                scope "/v2" {
                    DELETE "/cache/:key" => |p| format!("evicted {}", p.get("key").unwrap());
                    PUT "/mode" => |_| "mode set".to_string()
                }
                GET "/health" => |_| "admin ok".to_string();
            }
            GET "/health" => |_| "ok".to_string();
        }
    }

    #[test]
    fn flat_routes() {
        let r = routes! {
            GET "/a" => |_| "a".to_string();
            POST "/b" => |_| "b".to_string();
        };
        assert_eq!(r.patterns(), ["/a", "/b"]);
        assert_eq!(r.dispatch(Method::Get, "/a").as_deref(), Some("a"));
        assert_eq!(r.dispatch(Method::Post, "/b").as_deref(), Some("b"));
        assert_eq!(r.dispatch(Method::Get, "/b"), None);
    }

    #[test]
    fn scopes_prefix_their_routes_in_order() {
        assert_eq!(
            app().patterns(),
            [
                "/",
                "/users/:id",
                "/users",
                "/admin/stats",
                "/admin/v2/cache/:key",
                "/admin/v2/mode",
                "/admin/health",
                "/health",
            ]
        );
    }

    #[test]
    fn patterns_are_joined_at_compile_time() {
        let r = app();
        let pattern: &'static str = r.routes[4].pattern;
        assert_eq!(pattern, "/admin/v2/cache/:key");
    }

    #[test]
    fn dispatches_through_scopes() {
        let r = app();
        assert_eq!(r.dispatch(Method::Get, "/").as_deref(), Some("home"));
        assert_eq!(
            r.dispatch(Method::Get, "/users/7").as_deref(),
            Some("user 7")
        );
        assert_eq!(
            r.dispatch(Method::Post, "/users").as_deref(),
            Some("created")
        );
        assert_eq!(
            r.dispatch(Method::Get, "/admin/stats").as_deref(),
            Some("stats")
        );
        assert_eq!(
            r.dispatch(Method::Delete, "/admin/v2/cache/x1").as_deref(),
            Some("evicted x1")
        );
        assert_eq!(
            r.dispatch(Method::Put, "/admin/v2/mode").as_deref(),
            Some("mode set")
        );
        assert_eq!(
            r.dispatch(Method::Get, "/admin/health").as_deref(),
            Some("admin ok")
        );
        assert_eq!(r.dispatch(Method::Get, "/health").as_deref(), Some("ok"));
        assert_eq!(r.dispatch(Method::Get, "/stats"), None);
    }

    #[test]
    fn last_semicolon_is_optional() {
        let r = routes! {
            GET "/x" => |_| "x".to_string();
            scope "/s" { GET "/y" => |_| "y".to_string() }
            GET "/z" => |_| "z".to_string()
        };
        assert_eq!(r.patterns(), ["/x", "/s/y", "/z"]);
    }

    #[test]
    fn empty_blocks() {
        let r = routes! {};
        assert!(r.routes.is_empty());
        let r = routes! {
            scope "/nothing" {}
            scope "/a" { scope "/b" {} GET "/c" => index; }
        };
        assert_eq!(r.patterns(), ["/a/c"]);
    }
}
