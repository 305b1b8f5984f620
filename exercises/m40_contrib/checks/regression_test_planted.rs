//! Tutor-owned: runs the learner's tests against the version of `truncate`
//! from the bug report. Built with `--features planted_bug`; at least one
//! test must fail.

#[path = "../regression_test.rs"]
#[allow(dead_code)]
mod ex;

#[allow(dead_code)]
mod planted {
    /// As shipped in the release the bug report is about.
    pub fn truncate(s: &str, max_chars: usize) -> &str {
        &s[..max_chars.min(s.len())]
    }
}

fn main() {}
