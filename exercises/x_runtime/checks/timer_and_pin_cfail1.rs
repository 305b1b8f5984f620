//! Tutor-owned misuse: pinning must stay structural. A `Timeout` around a
//! future that is not `Unpin` must not be `Unpin` itself, or it could be moved
//! after it was pinned.
#![allow(dead_code)]

#[path = "../timer_and_pin.rs"]
mod ex;

fn assert_unpin<T: Unpin>(_: &T) {}

fn main() {
    let fut = ex::timeout(std::time::Duration::from_secs(1), async {});
    assert_unpin(&fut);
}
