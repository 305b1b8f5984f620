//! Tutor-owned misuse: a stack of `Rc`s must not be shared between threads
//! (two threads could then own clones of one `Rc` and race on its count).
#![allow(dead_code)]

#[path = "../treiber_stack.rs"]
mod ex;

fn shareable<S: Sync>(_: &S) {}

fn main() {
    let stack = ex::Stack::new();
    stack.push(std::rc::Rc::new(1));
    shareable(&stack);
}
