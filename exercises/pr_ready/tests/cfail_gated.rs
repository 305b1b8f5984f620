//! Misuse that must not compile: without `--features unstable`, the new API
//! does not exist.

use pr_ready::Slugger;

#[test]
fn new_api() {
    let _ = Slugger::new();
}
