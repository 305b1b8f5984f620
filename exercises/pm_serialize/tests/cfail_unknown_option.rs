//! Misuse that must not compile: `rename_all` is not an option of
//! `#[ser(...)]`. The error must point at the unknown option.

#[path = "support/ser.rs"]
#[allow(dead_code)]
mod ser;

use pm_serialize::Serialize;

#[derive(Serialize)]
struct Config {
    #[ser(skip, rename_all = "camelCase")]
    max_retries: u32,
}
