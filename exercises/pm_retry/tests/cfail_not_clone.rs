//! Misuse that must not compile: every attempt needs its own copy of each
//! argument, and a `Connection` cannot be cloned. The error must point at the
//! parameter's type, not at `#[retry]`.

use pm_retry::retry;

pub struct Connection;

#[retry(2)]
pub fn send(message: &str, conn: Connection) -> Result<(), String> {
    let _ = (message, conn);
    Ok(())
}
