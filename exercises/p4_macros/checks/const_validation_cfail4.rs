//! Tutor-owned: a duration whose seconds overflow a u64 must not compile, even in an ordinary expression.
#[path = "../const_validation.rs"]
#[allow(dead_code)]
mod ex;
#[allow(unused_imports)]
use ex::*;

fn main() {
    let timeout = duration!(6_000_000_000_000_000 h);
    println!("{timeout:?}");
}
