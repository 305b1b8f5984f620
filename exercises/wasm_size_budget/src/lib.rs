//! A size budget: the same module in a twentieth of the bytes.
//!
//! Every byte of a module is downloaded before a page can run it. This module formats numbers
//! for display and works, but it is far over its budget of 1,280 bytes. Two things decide its
//! size, and both are yours:
//!
//! - how it is built: the profile settings in `size.toml`, beside this crate's `Cargo.toml`,
//!   which the tutor passes to cargo with `--config`;
//! - what the code pulls in: every function the exports can reach is linked into the module.
//!
//! Keep both exports working and get the module within its budget:
//!
//! - `thousands(n: i64) -> u64`: `n` with a comma every three digits: `-1,234,567`.
//! - `human_bytes(n: u64) -> u64`: `n` bytes in the largest binary unit that is at most `n`,
//!   with one decimal, truncated: `1023 B`, `1.5 KiB`, `1023.9 KiB`, `15.9 EiB`.
//!
//! Both return the text packed as `(ptr << 32) | len`. The text stays in the module, and stays
//! valid until the next call: the host reads it and never frees it.
//!
//! The checks call both with zero, the boundaries of each unit, and `i64::MIN` and `u64::MAX`,
//! then measure the module.

use std::sync::Mutex;

const UNITS: [&str; 7] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

/// `n` with a comma every three digits.
#[unsafe(no_mangle)]
pub extern "C" fn thousands(n: i64) -> u64 {
    let digits = n.unsigned_abs().to_string();
    let mut groups: Vec<&str> = Vec::new();
    let mut end = digits.len();
    while end > 3 {
        groups.push(&digits[end - 3..end]);
        end -= 3;
    }
    groups.push(&digits[..end]);
    groups.reverse();
    let sign = if n < 0 { "-" } else { "" };
    share(format!("{sign}{}", groups.join(",")))
}

/// `n` bytes in the largest binary unit that is at most `n`, with one decimal.
#[unsafe(no_mangle)]
pub extern "C" fn human_bytes(n: u64) -> u64 {
    if n < 1024 {
        return share(format!("{n} B"));
    }
    let exponent = ((63 - n.leading_zeros()) / 10) as usize;
    let shift = 10 * exponent;
    let whole = n >> shift;
    let tenth = ((n & ((1 << shift) - 1)) * 10) >> shift;
    share(format!("{whole}.{tenth} {}", UNITS[exponent]))
}

/// Keeps `text` in the module until the next call, and returns where it is.
fn share(text: String) -> u64 {
    static LAST: Mutex<String> = Mutex::new(String::new());
    let mut last = LAST.lock().unwrap();
    *last = text;
    ((last.as_ptr() as usize as u64) << 32) | last.len() as u64
}
