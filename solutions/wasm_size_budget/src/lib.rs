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

use std::cell::UnsafeCell;

/// Room for the longest text: `-9,223,372,036,854,775,808` is 26 bytes.
const CAPACITY: usize = 32;

/// The text of the last call. No allocator, no lock: a fixed buffer in the module's memory.
struct Shared(UnsafeCell<[u8; CAPACITY]>);

// SAFETY: wasm32-unknown-unknown runs a single thread, and no reference into the buffer
// outlives a call.
unsafe impl Sync for Shared {}

static LAST: Shared = Shared(UnsafeCell::new([0; CAPACITY]));

/// Text written from its end towards its start, as digits come out of a number.
struct Backwards {
    bytes: [u8; CAPACITY],
    start: usize,
}

impl Backwards {
    fn new() -> Self {
        Backwards {
            bytes: [0; CAPACITY],
            start: CAPACITY,
        }
    }

    /// Puts `byte` before the text; drops it when the buffer is full (never panics).
    fn push(&mut self, byte: u8) {
        if let Some(start) = self.start.checked_sub(1)
            && let Some(slot) = self.bytes.get_mut(start)
        {
            *slot = byte;
            self.start = start;
        }
    }

    fn push_str(&mut self, text: &str) {
        for &byte in text.as_bytes().iter().rev() {
            self.push(byte);
        }
    }

    /// Puts the decimal digits of `n` before the text, a comma every three when `grouped`.
    fn push_number(&mut self, mut n: u64, grouped: bool) {
        let mut count = 0;
        loop {
            if grouped && count > 0 && count % 3 == 0 {
                self.push(b',');
            }
            self.push(b'0' + (n % 10) as u8);
            count += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
    }

    /// Copies the text into the shared buffer and returns it packed as `(ptr << 32) | len`.
    fn share(&self) -> u64 {
        let text = self.bytes.get(self.start..).unwrap_or_default();
        // SAFETY: one thread, and the previous result is no longer borrowed (see `Shared`).
        let last = unsafe { &mut *LAST.0.get() };
        for (to, from) in last.iter_mut().zip(text) {
            *to = *from;
        }
        ((last.as_ptr() as usize as u64) << 32) | text.len() as u64
    }
}

const UNITS: [&str; 7] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

/// `n` with a comma every three digits.
#[unsafe(no_mangle)]
pub extern "C" fn thousands(n: i64) -> u64 {
    let mut text = Backwards::new();
    text.push_number(n.unsigned_abs(), true);
    if n < 0 {
        text.push(b'-');
    }
    text.share()
}

/// `n` bytes in the largest binary unit that is at most `n`, with one decimal.
#[unsafe(no_mangle)]
pub extern "C" fn human_bytes(n: u64) -> u64 {
    let mut text = Backwards::new();
    let exponent = n.checked_ilog2().unwrap_or(0) / 10;
    match UNITS.get(exponent as usize) {
        Some(unit) if exponent > 0 => {
            let shift = 10 * exponent;
            let whole = n >> shift;
            // The remainder is below 2^60, so ten times it still fits in a u64.
            let tenth = ((n & ((1 << shift) - 1)) * 10) >> shift;
            text.push_str(unit);
            text.push(b' ');
            text.push_number(tenth, false);
            text.push(b'.');
            text.push_number(whole, false);
        }
        _ => {
            text.push_str(" B");
            text.push_number(n, false);
        }
    }
    text.share()
}
