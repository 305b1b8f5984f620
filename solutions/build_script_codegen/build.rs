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

use std::collections::HashMap;
use std::fmt::Write as _;
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

/// Parses the data file into rows sorted by code.
pub fn parse(text: &str) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    let mut code_lines: HashMap<u16, usize> = HashMap::new();
    let mut variant_lines: HashMap<String, usize> = HashMap::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let row = parse_row(line).map_err(|e| format!("line {number}: {e}"))?;
        if let Some(first) = code_lines.insert(row.code, number) {
            return Err(format!(
                "line {number}: status {} is already defined on line {first}",
                row.code
            ));
        }
        if let Some(first) = variant_lines.insert(row.variant.clone(), number) {
            return Err(format!(
                "line {number}: `{}` gives the variant `{}`, already taken on line {first}",
                row.reason, row.variant
            ));
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(String::from("the file defines no status"));
    }
    rows.sort_by_key(|row| row.code);
    Ok(rows)
}

/// One non-comment line; the error says what is wrong, without the line.
fn parse_row(line: &str) -> Result<Row, String> {
    let Some((code, reason)) = line.split_once(',') else {
        return Err(format!("expected `code,reason phrase`, found `{line}`"));
    };
    let code = code.trim();
    let code = code
        .parse::<u16>()
        .ok()
        .filter(|c| (100..=599).contains(c))
        .ok_or_else(|| format!("`{code}` is not a status code (a number from 100 to 599)"))?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(format!("status {code} has no reason phrase"));
    }
    if !reason.chars().all(|c| c == ' ' || c.is_ascii_graphic()) {
        return Err(format!("the reason `{reason}` is not printable ASCII"));
    }
    if !reason.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(format!(
            "the reason `{reason}` does not start with a letter"
        ));
    }
    Ok(Row {
        code,
        reason: reason.to_owned(),
        variant: variant_name(reason),
    })
}

/// `Not Found` -> `NotFound`, `I'm a teapot` -> `ImATeapot`.
fn variant_name(reason: &str) -> String {
    reason
        .replace('\'', "")
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .flat_map(|word| {
            let (first, rest) = word.split_at(1);
            [first.to_ascii_uppercase(), rest.to_ascii_lowercase()]
        })
        .collect()
}

/// The Rust source of `generated.rs`.
pub fn generate(rows: &[Row]) -> String {
    let [mut variants, mut all, mut reasons, mut from_code, mut table]: [String; 5] =
        Default::default();
    for Row {
        code,
        reason,
        variant,
    } in rows
    {
        // Writing to a `String` cannot fail. `{reason:?}` writes the reason
        // as a Rust string literal, with quotes and backslashes escaped.
        let _ = writeln!(variants, "    /// {code} {reason}\n    {variant} = {code},");
        let _ = writeln!(all, "        Status::{variant},");
        let _ = writeln!(reasons, "            Status::{variant} => {reason:?},");
        let _ = writeln!(from_code, "            {code} => Some(Status::{variant}),");
        let _ = writeln!(table, "    ({code}, {reason:?}),");
    }
    let n = rows.len();
    format!(
        "\
// Generated by build.rs from {DATA}. Do not edit.

/// An HTTP status code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u16)]
pub enum Status {{
{variants}}}

impl Status {{
    /// Every status, by code.
    pub const ALL: [Status; {n}] = [
{all}    ];

    pub const fn code(self) -> u16 {{
        self as u16
    }}

    pub const fn reason(self) -> &'static str {{
        match self {{
{reasons}        }}
    }}

    pub const fn from_code(code: u16) -> Option<Status> {{
        match code {{
{from_code}            _ => None,
        }}
    }}
}}

/// `(code, reason phrase)` of every status, sorted by code.
pub const TABLE: [(u16, &str); {n}] = [
{table}];
"
    )
}

fn main() {
    println!("cargo::rerun-if-changed={DATA}");
    let text = fs::read_to_string(DATA).unwrap_or_else(|e| panic!("reading {DATA}: {e}"));
    let rows = match parse(&text) {
        Ok(rows) => rows,
        Err(e) => {
            println!("cargo::error={DATA}, {e}");
            return;
        }
    };
    let out_dir = env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let path = Path::new(&out_dir).join("generated.rs");
    fs::write(&path, generate(&rows)).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}
