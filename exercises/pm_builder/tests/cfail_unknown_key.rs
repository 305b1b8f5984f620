//! Misuse that must not compile: `eac` is a typo of `each`. The error must
//! say what the attribute accepts and underline the whole `builder(...)`.

use pm_builder::Builder;

#[derive(Builder)]
pub struct Command {
    executable: String,
    #[builder(eac = "arg")]
    args: Vec<String>,
}
