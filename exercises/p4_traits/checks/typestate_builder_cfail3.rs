//! Tutor-owned: multiplying a 2x3 matrix by a 2x3 matrix must not compile.
#[path = "../typestate_builder.rs"]
#[allow(dead_code)]
mod ex;

fn main() {
    let m = &ex::Matrix::<2, 3>::zero() * &ex::Matrix::<2, 3>::zero();
    println!("{m:?}");
}
