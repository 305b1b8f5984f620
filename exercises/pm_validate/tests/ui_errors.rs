//! Misuse, and the errors it must produce, written as rustc UI annotations
//! (a comment made of `//`, a tilde and `ERROR text` expects an error whose
//! message contains `text` on its line; a caret after the tilde means the line
//! above). Every error must be expected, and every expectation met.

use pm_validate::Validate;

#[derive(Validate)]
pub struct Form {
    #[validate(lenght(max = 5))] //~ ERROR unknown validator `lenght`
    name: String,
    #[validate(range(min = 1))] //~ ERROR `range` needs both `min` and `max`
    age: u32,
    #[validate(len(max = 3), range(min = 0, max = "ten"))]
    //~^ ERROR expected an integer literal
    score: Vec<u8>,
}

#[derive(Validate)]
pub struct Counter {
    #[validate(len(max = 3))]
    count: u32, //~ ERROR no method named `len` found for type `u32`
}
