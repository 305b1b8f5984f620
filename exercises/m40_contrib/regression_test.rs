//! A bug report, a regression test, then the fix.
//!
//! > **Issue #4182: `truncate` panics on non-ASCII text**
//! >
//! > `truncate("héllo wörld", 5)` panics with "byte index 5 is not a char
//! > boundary" instead of returning `"héllo"`. With `"naïve", 3` it returns
//! > `"na"` where I expected `"naï"`.
//!
//! A fix is accepted with a test that fails without it: write
//! `regression_issue_4182` first (it reproduces the report: run it and watch
//! it fail), then fix `truncate`. The tutor runs your tests twice: here, where
//! they must pass, and against the buggy version from the report, where your
//! regression test must fail. It also runs tests of its own on your fix.

/// The first `max_chars` characters of `s` (all of `s` if it is shorter).
pub fn truncate(s: &str, max_chars: usize) -> &str {
    &s[..max_chars.min(s.len())]
}

fn main() {
    println!("{}", truncate("hello world", 5));
}

#[cfg(test)]
mod tests {
    // The tutor also runs these tests against the version from the bug report:
    // keep these two `use` lines as they are.
    #[cfg(not(feature = "planted_bug"))]
    use super::truncate;
    #[cfg(feature = "planted_bug")]
    use crate::planted::truncate;

    #[test]
    fn ascii_text() {
        assert_eq!(truncate("hello world", 5), "hello");
        assert_eq!(truncate("hi", 5), "hi");
    }

    #[test]
    fn regression_issue_4182() {
        todo!("reproduce the bug report here")
    }
}
