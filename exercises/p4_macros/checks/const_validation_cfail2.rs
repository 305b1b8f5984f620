//! Tutor-owned: a unit the macro does not know must not compile, even in an ordinary expression.
#[path = "../const_validation.rs"]
#[allow(dead_code)]
mod ex;
#[allow(unused_imports)]
use ex::*;

fn main() {
    let timeout = duration!(3 fortnights);
    println!("{timeout:?}");
}
