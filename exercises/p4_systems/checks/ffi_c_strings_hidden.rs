//! Tutor-owned tests for `ffi_c_strings`, with other values.

#[path = "../ffi_c_strings.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::*;
    use std::ffi::CString;

    #[test]
    fn hidden_strlen() {
        let long = CString::new("x".repeat(10_000)).unwrap();
        assert_eq!(c_strlen(&long), 10_000);
    }

    #[test]
    fn hidden_parse_long() {
        assert_eq!(parse_long("777 rest", 8), Ok((511, " rest")));
        assert_eq!(parse_long("z", 36), Ok((35, "")));
        assert_eq!(parse_long("9223372036854775807!", 10), Ok((i64::MAX, "!")));
        assert_eq!(
            parse_long("9223372036854775808", 10),
            Err(ParseError::OutOfRange)
        );
        assert_eq!(parse_long("5000000000", 10), Ok((5_000_000_000, "")));
        assert_eq!(parse_long("-", 10), Err(ParseError::NoDigits));
        assert_eq!(parse_long("8", 8), Err(ParseError::NoDigits));
        assert_eq!(parse_long("\u{0}", 10), Err(ParseError::InteriorNul));
    }

    #[test]
    fn hidden_padding() {
        assert_eq!(format_padded(0, 0), "0");
        assert_eq!(format_padded(i32::MIN, 3), "-2147483648");
        assert_eq!(format_padded(5, 1000).len(), 1000);
    }

    #[test]
    fn hidden_sort() {
        let mut v: Vec<u64> = (0..1000).map(|i| (i * 7919) % 1000).collect();
        sort_by(&mut v, |a, b| b.cmp(a));
        assert!(v.windows(2).all(|w| w[0] >= w[1]));
        let mut s: Vec<String> = vec!["b".into(), "a".into()];
        sort_by(&mut s, |a, b| a.cmp(b));
        assert_eq!(s, vec!["a", "b"]);
        let mut one = vec![1u8];
        sort_by(&mut one, |_, _| {
            unreachable!("one element needs no comparison")
        });
    }
}
