//! Misuse that must not compile: a union has no variants and no field list
//! that `Describe` could print. The error must point at the `union` keyword.

use pm_describe::Describe;

#[derive(Describe)]
union Bits {
    int: u32,
    float: f32,
}
