//! Tutor-owned: building a request without a method must not compile.
#[path = "../typestate_builder.rs"]
#[allow(dead_code)]
mod ex;

fn main() {
    let request = ex::RequestBuilder::new().url("/").build();
    println!("{request:?}");
}
