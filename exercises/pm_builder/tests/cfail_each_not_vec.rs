//! Misuse that must not compile: `each` appends to a `Vec`, and `tag` is a
//! `String`. The error must point at the field's type, on its own line.

use pm_builder::Builder;

#[derive(Builder)]
pub struct Post {
    title: String,
    #[builder(each = "tag")]
    tag: String,
}
