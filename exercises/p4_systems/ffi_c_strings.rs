//! Calling C: strings, out-parameters, variadic functions and callbacks.
//!
//! The C library is the one every Linux program already links: libc. The
//! `unsafe extern "C"` block declares the functions; each declaration is a
//! promise about the C signature that the compiler cannot check. Write the
//! safe wrappers below them:
//! - `c_strlen`: the length of a C string;
//! - `parse_long`: `strtol` returns the value and, through `endptr`, where it
//!   stopped: return the value and the unparsed rest of the text. Text with a
//!   NUL byte inside, text without digits and values out of range are errors
//!   (`strtol` reports the last one only through `errno`);
//! - `format_padded`: `snprintf(buf, size, "%0*d", width, n)` returns the
//!   length it *needed*: ask first, then allocate exactly enough;
//! - `sort_by`: sort a slice with a Rust closure through glibc's `qsort_r`,
//!   whose comparator is a plain C function pointer plus a `void *` argument.
//!
//! The tests compare each wrapper with Rust's own answer. One of the
//! declarations in the block is wrong: a test finds it.

#[allow(unused_imports)]
use nix::errno::Errno;
use std::cmp::Ordering;
#[allow(unused_imports)]
use std::ffi::{CStr, CString, c_char, c_int, c_long, c_void};

unsafe extern "C" {
    fn strlen(s: *const c_char) -> usize;
    fn strtol(s: *const c_char, endptr: *mut *mut c_char, base: c_int) -> c_int;
    fn snprintf(buf: *mut c_char, size: usize, format: *const c_char, ...) -> c_int;
    fn qsort_r(
        base: *mut c_void,
        count: usize,
        size: usize,
        compare: unsafe extern "C" fn(*const c_void, *const c_void, *mut c_void) -> c_int,
        arg: *mut c_void,
    );
}

#[derive(Debug, PartialEq)]
pub enum ParseError {
    InteriorNul,
    NoDigits,
    OutOfRange,
}

pub fn c_strlen(s: &CStr) -> usize {
    todo!("strlen of {s:?}")
}

/// Parses a number at the start of `text` (after optional whitespace, as C
/// does) in `base`, and returns it with the rest of `text`.
pub fn parse_long(text: &str, base: u32) -> Result<(i64, &str), ParseError> {
    // TODO: `Errno::clear()` before the call, `Errno::last()` after it.
    todo!("strtol({text:?}, base {base})")
}

/// `n` padded with zeros to at least `width` characters.
pub fn format_padded(n: i32, width: usize) -> String {
    todo!("snprintf %0*d with {width} and {n}")
}

/// Sorts `items` with `compare`, through C's `qsort_r`.
pub fn sort_by<T, F>(items: &mut [T], compare: F)
where
    F: FnMut(&T, &T) -> Ordering,
{
    // TODO: C cannot call a Rust closure. It can call an `extern "C" fn`
    // with the signature `qsort_r` wants, and hand it a `*mut c_void` you
    // choose: make that pointer lead back to `compare`.
    let _ = (items, compare);
    todo!("qsort_r")
}

fn main() {
    println!("{}", c_strlen(c"hello"));
    println!("{:?}", parse_long("0x1f apples", 16));
    println!("{}", format_padded(42, 6));
    let mut words = vec!["pear", "fig", "banana"];
    sort_by(&mut words, |a, b| a.len().cmp(&b.len()));
    println!("{words:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strlen_counts_bytes() {
        assert_eq!(c_strlen(c"hello"), 5);
        assert_eq!(c_strlen(c""), 0);
        let s = CString::new("héllo").unwrap();
        assert_eq!(c_strlen(&s), "héllo".len());
    }

    #[test]
    fn parse_long_returns_the_rest() {
        assert_eq!(parse_long("42 apples", 10), Ok((42, " apples")));
        assert_eq!(parse_long("  -17", 10), Ok((-17, "")));
        assert_eq!(parse_long("ff!", 16), Ok((255, "!")));
        assert_eq!(parse_long("0x1F", 16), Ok((31, "")));
        assert_eq!(parse_long("12é", 10), Ok((12, "é")));
    }

    #[test]
    fn parse_long_handles_64_bit_values() {
        assert_eq!(parse_long("4294967296", 10), Ok((4_294_967_296, "")));
        assert_eq!(parse_long("-9223372036854775808", 10), Ok((i64::MIN, "")));
    }

    #[test]
    fn parse_long_errors() {
        assert_eq!(parse_long("apples", 10), Err(ParseError::NoDigits));
        assert_eq!(parse_long("", 10), Err(ParseError::NoDigits));
        assert_eq!(parse_long("1\u{0}2", 10), Err(ParseError::InteriorNul));
        assert_eq!(
            parse_long("99999999999999999999", 10),
            Err(ParseError::OutOfRange)
        );
        // errno from an earlier failure must not leak into a later success.
        assert_eq!(parse_long("7", 10), Ok((7, "")));
    }

    #[test]
    fn padded_numbers() {
        assert_eq!(format_padded(42, 5), "00042");
        assert_eq!(format_padded(-42, 6), "-00042");
        assert_eq!(format_padded(123456, 2), "123456");
        let wide = format_padded(7, 300);
        assert_eq!(wide.len(), 300);
        assert!(wide.ends_with("07") && wide.starts_with("000"));
    }

    #[test]
    fn sorting_with_a_closure() {
        let mut v = vec![5, -1, 3, 3, 0, 12, -7];
        sort_by(&mut v, |a: &i32, b: &i32| a.cmp(b));
        assert_eq!(v, vec![-7, -1, 0, 3, 3, 5, 12]);
        let mut words: Vec<String> = ["kiwi", "fig", "banana", "apple"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut comparisons = 0;
        sort_by(&mut words, |a, b| {
            comparisons += 1;
            b.len().cmp(&a.len()).then(a.cmp(b))
        });
        assert_eq!(words, vec!["banana", "apple", "kiwi", "fig"]);
        assert!(comparisons > 0, "the closure's state is the caller's");
    }

    #[test]
    fn sorting_wide_elements() {
        let mut pairs: Vec<(u64, [u8; 13])> =
            (0..50u64).rev().map(|i| (i, [i as u8; 13])).collect();
        sort_by(&mut pairs, |a, b| a.0.cmp(&b.0));
        assert!(
            pairs
                .iter()
                .enumerate()
                .all(|(i, p)| p.0 == i as u64 && p.1[12] == i as u8)
        );
        let mut empty: Vec<i32> = vec![];
        sort_by(&mut empty, |a, b| a.cmp(b));
    }
}
