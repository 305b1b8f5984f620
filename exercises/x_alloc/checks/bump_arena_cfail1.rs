//! Tutor-owned misuse: a reference from the arena must not survive `reset`.
#![allow(dead_code)]

#[path = "../bump_arena.rs"]
mod ex;

fn main() {
    let mut arena = ex::Arena::with_capacity(64);
    let first = arena.alloc(1u32);
    arena.reset();
    let second = arena.alloc(2u32);
    *first += 1;
    println!("{second}");
}
