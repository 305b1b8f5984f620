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

use nix::errno::Errno;
use std::cmp::Ordering;
use std::ffi::{CStr, CString, c_char, c_int, c_long, c_void};

unsafe extern "C" {
    fn strlen(s: *const c_char) -> usize;
    fn strtol(s: *const c_char, endptr: *mut *mut c_char, base: c_int) -> c_long;
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
    // SAFETY: a `CStr` is a valid pointer to a NUL-terminated string.
    unsafe { strlen(s.as_ptr()) }
}

/// Parses a number at the start of `text` (after optional whitespace, as C
/// does) in `base`, and returns it with the rest of `text`.
pub fn parse_long(text: &str, base: u32) -> Result<(i64, &str), ParseError> {
    let c_text = CString::new(text).map_err(|_| ParseError::InteriorNul)?;
    let start = c_text.as_ptr();
    let mut end: *mut c_char = std::ptr::null_mut();
    Errno::clear();
    // SAFETY: `start` is NUL-terminated and lives until the end of the
    // function; `end` is a valid place for strtol to write a pointer.
    let value = unsafe { strtol(start, &mut end, base as c_int) };
    if Errno::last() == Errno::ERANGE {
        return Err(ParseError::OutOfRange);
    }
    // SAFETY: strtol sets `end` to a position inside the same string.
    let consumed = unsafe { end.cast_const().offset_from(start) } as usize;
    if consumed == 0 {
        return Err(ParseError::NoDigits);
    }
    // The C string holds exactly the bytes of `text`, and strtol stops at an
    // ASCII character, so `consumed` is a char boundary of `text`.
    Ok((value, &text[consumed..]))
}

/// `n` padded with zeros to at least `width` characters.
pub fn format_padded(n: i32, width: usize) -> String {
    let format = c"%0*d";
    let width = c_int::try_from(width).expect("a width that fits in a C int");
    // SAFETY: with a null buffer and size 0, snprintf only measures; the
    // variadic arguments match the `*` (int) and `d` (int) conversions.
    let needed = unsafe { snprintf(std::ptr::null_mut(), 0, format.as_ptr(), width, n) };
    let needed = usize::try_from(needed).expect("snprintf does not fail on %d");
    let mut buf = vec![0u8; needed + 1];
    // SAFETY: `buf` has room for `needed` bytes and the NUL.
    unsafe {
        snprintf(
            buf.as_mut_ptr().cast(),
            buf.len(),
            format.as_ptr(),
            width,
            n,
        )
    };
    buf.truncate(needed);
    String::from_utf8(buf).expect("digits are ASCII")
}

unsafe extern "C" fn trampoline<T, F>(a: *const c_void, b: *const c_void, arg: *mut c_void) -> c_int
where
    F: FnMut(&T, &T) -> Ordering,
{
    // SAFETY: qsort_r hands back pointers into the slice and the `arg` we
    // passed, which is a `&mut F` that outlives the call.
    let (a, b, compare) = unsafe { (&*a.cast::<T>(), &*b.cast::<T>(), &mut *arg.cast::<F>()) };
    match compare(a, b) {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }
}

/// Sorts `items` with `compare`, through C's `qsort_r`.
pub fn sort_by<T, F>(items: &mut [T], mut compare: F)
where
    F: FnMut(&T, &T) -> Ordering,
{
    if items.len() < 2 || size_of::<T>() == 0 {
        return;
    }
    // SAFETY: base/count/size describe `items` exactly; the comparator is
    // instantiated for this `T` and `F`, and `arg` points to `compare`, alive
    // for the whole call. qsort_r only moves elements bytewise, which is a
    // valid move for any Rust type. The closure must not panic: unwinding out
    // of an `extern "C"` function aborts the process.
    unsafe {
        qsort_r(
            items.as_mut_ptr().cast(),
            items.len(),
            size_of::<T>(),
            trampoline::<T, F>,
            (&mut compare as *mut F).cast(),
        )
    }
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
