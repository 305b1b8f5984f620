//! The build script: generates the `Status` enum from `status_codes.csv`.
//!
//! Cargo compiles and runs `build.rs` before the crate itself. What it writes
//! into `OUT_DIR` the crate can `include!`, and the `cargo::KEY=VALUE` lines
//! it prints instruct cargo. `src/lib.rs` includes `OUT_DIR/generated.rs` and
//! expects it to define:
//!
//! ```text
//! #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
//! #[repr(u16)]
//! pub enum Status { Continue = 100, ..., NotFound = 404, ... }  // by code
//! impl Status {
//!     pub const ALL: [Status; N];                               // by code
//!     pub const fn code(self) -> u16;
//!     pub const fn reason(self) -> &'static str;
//!     pub const fn from_code(code: u16) -> Option<Status>;
//! }
//! pub const TABLE: [(u16, &str); N];       // (code, reason), sorted by code
//! ```
//!
//! The data file has one `code,reason phrase` per line. Blank lines and lines
//! starting with `#` are skipped, spaces around the two fields are trimmed,
//! and the reason is everything after the first comma. A variant is named
//! after its reason in UpperCamelCase: `Not Found` gives `NotFound`, `OK`
//! `Ok`, `URI Too Long` `UriTooLong`, `I'm a teapot` `ImATeapot`
//! (apostrophes vanish; any other character that is not an ASCII letter or
//! digit separates words).
//!
//! A malformed row is a build error that names its line. `parse` returns
//! `Err("line N: what is wrong")` for: a line without a comma; a code that is
//! not a number from 100 to 599; an empty reason, or one that is not
//! printable ASCII or does not start with a letter; a code or a variant name
//! that an earlier line already has (the message names both lines); and a
//! file without any row. `main` reports it with `cargo::error=`, which fails
//! the build with that message and no panic backtrace. (Once it works, break
//! a row of `status_codes.csv` and save to see it; `tutor reset` restores the
//! file.)
//!
//! Tell cargo when to run the script again: `cargo::rerun-if-changed=` the
//! data file. Without any such line cargo reruns the script after a change to
//! any file of the package; with one, only when a listed file changes (so
//! the common `rerun-if-changed=build.rs` alone would ignore the data).
//!
//! `Row`, `parse` and `generate` are public so that `tests/build_script.rs`
//! can test them (it includes this file as a module); `tests/api.rs` tests
//! the generated API.

use std::path::Path;
use std::{env, fs};

/// The data file, relative to the package root (where cargo runs the script).
const DATA: &str = "status_codes.csv";

/// One status of the data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub code: u16,
    pub reason: String,
    /// The enum variant: the reason in UpperCamelCase.
    pub variant: String,
}

// TODO: parse the rows, check them as described at the top of this file,
// and sort them by code.
/// Parses the data file into rows sorted by code.
pub fn parse(text: &str) -> Result<Vec<Row>, String> {
    let _ = text;
    Ok(Vec::new())
}

// TODO: write the Rust code that `src/lib.rs` expects.
/// The Rust source of `generated.rs`.
pub fn generate(rows: &[Row]) -> String {
    let _ = rows;
    String::from("// Nothing generated yet.\n")
}

fn main() {
    // TODO: tell cargo to rerun this script when the data file changes, and
    // report a malformed row with `cargo::error=` instead of a panic.
    let text = fs::read_to_string(DATA).unwrap_or_else(|e| panic!("reading {DATA}: {e}"));
    let rows = parse(&text).unwrap();
    let out_dir = env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let path = Path::new(&out_dir).join("generated.rs");
    fs::write(&path, generate(&rows)).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}
