//! Misuse that must not compile: with deprecations denied, calling the old
//! API is an error.

#![deny(deprecated)]

fn main() {
    let _ = pr_ready::slugify("Hello");
}
