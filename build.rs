//! Embeds the shipped version of every file under `exercises/` in the tutor,
//! so `tutor reset` works without git.
//!
//! The copy is taken when this script runs, which cargo does on the first
//! build and when `info.toml` or `solutions/` change (instructors change
//! those with the exercises), never when a learner edits an exercise: the
//! learner's work must not become the "shipped" version. `tutor dev check`
//! reports an embedded copy that differs from the file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=info.toml");
    println!("cargo:rerun-if-changed=solutions");
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    let store = out.join("shipped");
    let _ = std::fs::remove_dir_all(&store);
    std::fs::create_dir_all(&store).expect("create OUT_DIR/shipped");
    let mut files = Vec::new();
    walk(&root, Path::new("exercises"), &mut files);
    files.sort();
    let mut code =
        String::from("/// Shipped exercise files: (path relative to the course, content).\n");
    code.push_str("pub static FILES: &[(&str, &[u8])] = &[\n");
    for (i, rel) in files.iter().enumerate() {
        let copy = store.join(i.to_string());
        std::fs::copy(root.join(rel), &copy).expect("copy an exercise file");
        let rel = rel.to_string_lossy().replace('\\', "/");
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

fn walk(root: &Path, rel: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root.join(rel)) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let rel = rel.join(&name);
        let Ok(ty) = e.file_type() else { continue };
        if ty.is_dir() {
            if name != "target" && !name.to_string_lossy().starts_with('.') {
                walk(root, &rel, files);
            }
        } else if ty.is_file() && e.metadata().map(|m| m.len() <= 1 << 20).unwrap_or(false) {
            files.push(rel);
        }
    }
}
