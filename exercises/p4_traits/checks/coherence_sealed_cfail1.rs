//! Tutor-owned: code outside the crate's `sealed` module, like another crate,
//! must not be able to implement `Unit`.
#[path = "../coherence_sealed.rs"]
#[allow(dead_code)]
mod ex;

struct Parsecs;

impl ex::Unit for Parsecs {
    const SYMBOL: &'static str = "pc";
    const METERS: f64 = 3.0857e16;
}

fn main() {
    let far = ex::Length::<Parsecs>::new(1.0);
    println!("{}", far.to::<ex::Meters>());
}
