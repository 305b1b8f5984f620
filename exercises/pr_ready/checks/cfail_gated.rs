//! Misuse that must not compile: without `--features unstable`, the new API
//! does not exist.

use pr_ready::Slugger;

fn main() {
    let _ = Slugger::new();
}
