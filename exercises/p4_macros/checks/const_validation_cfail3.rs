//! Tutor-owned: a negative duration must not compile, even in an ordinary expression.
#[path = "../const_validation.rs"]
#[allow(dead_code)]
mod ex;
#[allow(unused_imports)]
use ex::*;

fn main() {
    let timeout = duration!(-5 s);
    println!("{timeout:?}");
}
