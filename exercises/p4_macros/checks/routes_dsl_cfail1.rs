//! Tutor-owned: a method the DSL does not know must not compile, and the
//! error must say why.
#[path = "../routes_dsl.rs"]
#[allow(dead_code)]
mod ex;
#[allow(unused_imports)]
use ex::*;

fn main() {
    let router = routes! {
        GET "/" => |_| "home".to_string();
        PATCH "/items/:id" => |_| "patched".to_string();
    };
    let _ = router.patterns();
}
