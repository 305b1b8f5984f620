//! Links the firmware with its own linker script, `link.ld` (no cortex-m-rt),
//! only when building for an ARM target: the host check of the shell links as usual.

use std::env;

fn main() {
    println!("cargo:rerun-if-changed=link.ld");
    println!("cargo:rerun-if-changed=build.rs");
    if !env::var("TARGET").unwrap_or_default().starts_with("thumb") {
        return;
    }
    let dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    println!("cargo:rustc-link-search={dir}");
    println!("cargo:rustc-link-arg-bins=-Tlink.ld");
    // Sections are placed at the addresses the script gives, not page-aligned.
    println!("cargo:rustc-link-arg-bins=--nmagic");
}
