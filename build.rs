//! Embeds the shipped version of every file a learner edits in the tutor, so
//! `tutor reset` works without git.
//!
//! The list is `shipped.lock` (see `src/shipped_lock.rs`): a file whose
//! content matches its id is embedded from disk; one that differs (the
//! learner edited it before this script ran again) is taken from git by its
//! id; when git cannot give it either, it is left out with a warning, and
//! `reset` says it cannot restore that file. The learner's work never becomes
//! the "shipped" version. Cargo runs this on the first build and when
//! `info.toml`, `solutions/` or the lock change.

#[path = "src/shipped_lock.rs"]
#[allow(dead_code)] // `render` is the tutor's
mod shipped_lock;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use shipped_lock::{LOCK_FILE, blob_id, parse};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/shipped_lock.rs");
    println!("cargo:rerun-if-changed=info.toml");
    println!("cargo:rerun-if-changed=solutions");
    println!("cargo:rerun-if-changed={LOCK_FILE}");
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    let store = out.join("shipped");
    let _ = std::fs::remove_dir_all(&store);
    std::fs::create_dir_all(&store).expect("create OUT_DIR/shipped");
    let lock = std::fs::read_to_string(root.join(LOCK_FILE)).unwrap_or_default();
    let mut code =
        String::from("/// Shipped exercise files: (path relative to the course, content).\n");
    code.push_str("pub static FILES: &[(&str, &[u8])] = &[\n");
    for (i, (id, rel)) in parse(&lock).iter().enumerate() {
        let Some(content) = shipped_content(&root, id, rel) else {
            println!(
                "cargo:warning={rel} differs from its shipped version ({LOCK_FILE}) and git cannot \
                 give that version: `tutor reset` will not restore this file"
            );
            continue;
        };
        let copy = store.join(i.to_string());
        std::fs::write(&copy, content).expect("write a shipped copy");
        writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            copy.to_string_lossy()
        )
        .unwrap();
    }
    code.push_str("];\n");
    std::fs::write(out.join("shipped.rs"), code).expect("write shipped.rs");
}

/// The content whose blob id is `id`: the file itself when it still has it,
/// else git's copy.
fn shipped_content(root: &Path, id: &str, rel: &str) -> Option<Vec<u8>> {
    if let Ok(disk) = std::fs::read(root.join(rel))
        && blob_id(&disk) == id
    {
        return Some(disk);
    }
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["cat-file", "blob", id])
        .output()
        .ok()?;
    (out.status.success() && blob_id(&out.stdout) == id).then_some(out.stdout)
}
