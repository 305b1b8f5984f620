//! Tutor-owned: without the `json` feature, `Format::Json` must not exist
//! (an API that cannot work in this build should not compile).

#[path = "../feature_flags.rs"]
#[allow(dead_code)]
mod ex;

fn main() {
    let _ = ex::Format::Json;
}
