//! Tutor-owned misuse: a `MyArc` of an `Rc` must not go to another thread.
//! Both threads could then clone the `Rc` inside and race on its count.
#![allow(dead_code)]

#[path = "../arc_from_scratch.rs"]
mod ex;

fn sendable<S: Send>(_: &S) {}

fn main() {
    let shared = ex::MyArc::new(std::rc::Rc::new(1));
    sendable(&shared);
}
