//! Tutor-owned: a colour with a bad digit must not compile, even in an ordinary expression.
#[path = "../const_validation.rs"]
#[allow(dead_code)]
mod ex;
#[allow(unused_imports)]
use ex::*;

fn main() {
    let accent = hex_color!("#ff88zz");
    println!("{accent:?}");
}
