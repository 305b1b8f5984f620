//! Misuse that must not compile: with deprecations denied, calling the old
//! API is an error.

#![deny(deprecated)]

#[test]
fn old_api() {
    let _ = pr_ready::slugify("Hello");
}
