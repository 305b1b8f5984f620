//! WASI: a WebAssembly program with files, that sees only the directory it is given.
//!
//! Built for `wasm32-wasip1`, a Rust program keeps `std::fs`, `println!` and its exit code:
//! the WebAssembly System Interface gives a module these services, through imports that its
//! host provides. The host also decides what the module may touch: here it lends it one
//! directory, which the module sees as `/data`, and nothing else.
//!
//! Count the words of every text file in `/data/in` (the files whose name ends in `.txt`;
//! other files and directories are ignored), in the order of their names:
//!
//! - write `/data/out/<name without .txt>.count` holding `<lines> <words> <bytes>` and a
//!   newline (`/data/out` may not exist yet; a last line without a newline still counts);
//! - print `<name>: <words> words` for each file, then `total: <words> words in <files> files`;
//! - a file that is not UTF-8 is skipped with `skipping <name>: not UTF-8` on standard error,
//!   and the program then ends with exit code 1 (0 when every file was counted).
//!
//! The tutor runs the program under Node.js's WASI host on a fresh copy of `fixture/` as
//! `/data`, and compares its output, its exit code and the files it wrote.

use std::fs;

fn main() {
    let (mut total, mut files) = (0, 0);
    for entry in fs::read_dir("/data/in").unwrap() {
        let path = entry.unwrap().path();
        if path.extension() != Some("txt".as_ref()) {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        let words = text.split_whitespace().count();
        let stem = path.file_stem().unwrap().to_string_lossy();
        fs::write(
            format!("/data/out/{stem}.count"),
            format!("{} {} {}\n", text.lines().count(), words, text.len()),
        )
        .unwrap();
        println!(
            "{}: {words} words",
            path.file_name().unwrap().to_string_lossy()
        );
        total += words;
        files += 1;
    }
    println!("total: {total} words in {files} files");
}
