//! Tutor-owned misuse: a `MyArc` of a `Cell` must not be shared between
//! threads. A `Cell` may move to another thread (it is `Send`), but not be
//! used from two at once (it is not `Sync`): through `&MyArc`, it would be.
#![allow(dead_code)]

#[path = "../arc_from_scratch.rs"]
mod ex;

fn shareable<S: Sync>(_: &S) {}

fn main() {
    let shared = ex::MyArc::new(std::cell::Cell::new(1));
    shareable(&shared);
}
