//! Tutor-owned: setting the URL twice must not compile.
#[path = "../typestate_builder.rs"]
#[allow(dead_code)]
mod ex;

fn main() {
    let builder = ex::RequestBuilder::new().url("/a").url("/b");
    println!("{builder:?}");
}
