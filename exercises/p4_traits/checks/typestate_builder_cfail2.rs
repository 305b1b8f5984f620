//! Tutor-owned: a body on a GET request must not compile.
#[path = "../typestate_builder.rs"]
#[allow(dead_code)]
mod ex;

fn main() {
    let builder = ex::RequestBuilder::new().url("/").get().body(b"x");
    println!("{builder:?}");
}
