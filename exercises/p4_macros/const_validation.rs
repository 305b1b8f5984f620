//! Literals checked at compile time.
//!
//! Configuration often holds literals that can be wrong: a colour, a timeout.
//! Checked when the program runs, a typo is found in production; checked by
//! the compiler, it never leaves your editor. Two macros:
//!
//! - `hex_color!("#ff8800")` is an `Rgb`. `parse_hex_color` is a `const fn`
//!   that accepts exactly `#rrggbb` (hex digits of either case) and panics
//!   with `expected #rrggbb` for any other shape and `invalid hex digit` for a
//!   bad digit. The macro forces the evaluation at compile time, also where it
//!   is used in an ordinary expression, so a bad literal is a compile error.
//! - `duration!(90 s)` is a `std::time::Duration`; the units are `ms`, `s`,
//!   `min` and `h`. An unknown unit is rejected by `compile_error!` with a
//!   message that contains `unknown unit`, a negative amount with one that
//!   contains `cannot be negative`, and an amount whose seconds overflow a
//!   `u64` fails to compile too.
//!
//! The tests check the values and the runtime panics of `parse_hex_color`;
//! tutor-owned programs check that bad literals do not compile.

use std::time::Duration;

/// A colour in sRGB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

/// The value of one hex digit.
const fn hex_digit(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        // TODO: reject anything else.
        _ => 0,
    }
}

/// Parses `#rrggbb`.
///
/// # Panics
///
/// With `expected #rrggbb` if `s` has another shape, and with
/// `invalid hex digit` if a digit is not hexadecimal.
pub const fn parse_hex_color(s: &str) -> Rgb {
    let bytes = s.as_bytes();
    // TODO: check the shape first.
    // `for` loops and iterators are not allowed in a const fn: index instead.
    let mut channels = [0u8; 3];
    let mut i = 0;
    while i < 3 {
        channels[i] = hex_digit(bytes[1 + 2 * i]) * 16 + hex_digit(bytes[2 + 2 * i]);
        i += 1;
    }
    Rgb {
        r: channels[0],
        g: channels[1],
        b: channels[2],
    }
}

/// An `Rgb` from a `#rrggbb` literal, checked at compile time.
#[macro_export]
macro_rules! hex_color {
    // TODO: a bad literal must be a compile error, wherever the macro is used.
    ($s:literal) => {
        $crate::parse_hex_color($s)
    };
}

/// `amount * factor` seconds; panics if that overflows a `u64`.
#[allow(dead_code)]
pub const fn seconds(amount: u64, factor: u64) -> Duration {
    Duration::from_secs(amount * factor)
}

/// A `Duration` from an amount and a unit: `ms`, `s`, `min` or `h`.
#[macro_export]
macro_rules! duration {
    // TODO: the other units; reject unknown units and negative amounts.
    ($amount:literal ms) => {
        ::core::time::Duration::from_millis($amount)
    };
    ($amount:literal $unit:ident) => {
        ::core::time::Duration::from_secs($amount)
    };
}

/// The palette and timeouts of a small service.
pub struct Theme {
    pub accent: Rgb,
    pub background: Rgb,
    pub request_timeout: Duration,
}

pub const THEME: Theme = Theme {
    accent: hex_color!("#FF8800"),
    background: hex_color!("#1e1e2e"),
    request_timeout: duration!(30 s),
};

fn main() {
    let retry_after = duration!(5 min);
    println!("accent {:?}, retry after {retry_after:?}", THEME.accent);
}

#[cfg(test)]
mod tests {
    use super::{Rgb, THEME, parse_hex_color};
    use std::time::Duration;

    #[test]
    fn parses_both_cases() {
        assert_eq!(
            parse_hex_color("#ff8800"),
            Rgb {
                r: 255,
                g: 136,
                b: 0
            }
        );
        assert_eq!(
            parse_hex_color("#0A0b0C"),
            Rgb {
                r: 10,
                g: 11,
                b: 12
            }
        );
        assert_eq!(
            THEME.background,
            Rgb {
                r: 30,
                g: 30,
                b: 46
            }
        );
    }

    #[test]
    fn macro_values() {
        let c = hex_color!("#123456");
        assert_eq!(
            c,
            Rgb {
                r: 0x12,
                g: 0x34,
                b: 0x56
            }
        );
        const WHITE: Rgb = hex_color!("#FFFFFF");
        assert_eq!(
            WHITE,
            Rgb {
                r: 255,
                g: 255,
                b: 255
            }
        );
    }

    #[test]
    #[should_panic(expected = "invalid hex digit")]
    fn rejects_bad_digits() {
        parse_hex_color("#ff88zz");
    }

    #[test]
    #[should_panic(expected = "invalid hex digit")]
    fn rejects_a_sign() {
        // A hex parser from the standard library would accept this one.
        parse_hex_color("#+f8800");
    }

    #[test]
    #[should_panic(expected = "expected #rrggbb")]
    fn rejects_short_colors() {
        parse_hex_color("#fff");
    }

    #[test]
    #[should_panic(expected = "expected #rrggbb")]
    fn rejects_a_missing_hash() {
        parse_hex_color("ff88001");
    }

    #[test]
    #[should_panic(expected = "expected #rrggbb")]
    fn rejects_long_colors() {
        parse_hex_color("#ff880011");
    }

    #[test]
    #[should_panic(expected = "invalid hex digit")]
    fn non_ascii_is_a_bad_digit() {
        // Seven bytes, but `é` is two of them and neither is a hex digit.
        parse_hex_color("#ff8é0");
    }

    #[test]
    fn durations() {
        assert_eq!(duration!(250 ms), Duration::from_millis(250));
        assert_eq!(duration!(90 s), Duration::from_secs(90));
        assert_eq!(duration!(5 min), Duration::from_secs(300));
        assert_eq!(duration!(2 h), Duration::from_secs(7200));
        assert_eq!(duration!(0 h), Duration::ZERO);
        const DAY: Duration = duration!(24 h);
        assert_eq!(DAY.as_secs(), 86_400);
    }
}
