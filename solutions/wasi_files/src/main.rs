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
use std::io;
use std::path::Path;
use std::process::ExitCode;

/// What is counted in one file.
struct Counts {
    lines: usize,
    words: usize,
    bytes: usize,
}

fn count(text: &str) -> Counts {
    Counts {
        lines: text.lines().count(),
        words: text.split_whitespace().count(),
        bytes: text.len(),
    }
}

fn main() -> ExitCode {
    match run(Path::new("/data")) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

/// Counts the files of `root/in` into `root/out`; `Ok(false)` when a file was skipped.
fn run(root: &Path) -> io::Result<bool> {
    let input = root.join("in");
    let output = root.join("out");
    let mut names = Vec::new();
    for entry in fs::read_dir(&input)? {
        let entry = entry?;
        if !entry.file_type()?.is_file() {
            continue;
        }
        if let Ok(name) = entry.file_name().into_string()
            && name.ends_with(".txt")
        {
            names.push(name);
        }
    }
    // The order of `read_dir` is whatever the file system gives.
    names.sort();

    fs::create_dir_all(&output)?;
    let (mut total, mut files, mut all_counted) = (0, 0, true);
    for name in &names {
        let Ok(text) = String::from_utf8(fs::read(input.join(name))?) else {
            eprintln!("skipping {name}: not UTF-8");
            all_counted = false;
            continue;
        };
        let counts = count(&text);
        let stem = name.strip_suffix(".txt").unwrap_or(name);
        fs::write(
            output.join(format!("{stem}.count")),
            format!("{} {} {}\n", counts.lines, counts.words, counts.bytes),
        )?;
        println!("{name}: {} words", counts.words);
        total += counts.words;
        files += 1;
    }
    println!("total: {total} words in {files} files");
    Ok(all_counted)
}
