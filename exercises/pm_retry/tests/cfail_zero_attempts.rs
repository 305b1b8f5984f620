//! Misuse that must not compile: zero attempts would never call the function.
//! The error must point at the `0`.

use pm_retry::retry;

#[retry(0)]
pub fn never() -> Result<(), ()> {
    Ok(())
}
