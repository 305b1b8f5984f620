//! Tutor-owned misuse: a `MyArc` of a `MutexGuard` must not go to another
//! thread. The last owner drops the value, and a guard must be dropped (the
//! mutex unlocked) by the thread that locked it: it is `Sync`, not `Send`.
#![allow(dead_code)]

#[path = "../arc_from_scratch.rs"]
mod ex;

use std::sync::Mutex;

static LOCK: Mutex<u8> = Mutex::new(0);

fn sendable<S: Send>(_: &S) {}

fn main() {
    let shared = ex::MyArc::new(LOCK.lock().unwrap());
    sendable(&shared);
}
