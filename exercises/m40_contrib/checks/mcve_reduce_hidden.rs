//! Tutor-owned: `mcve_reduce.rs` is small, and really a reproducer (the
//! compile-fail check verifies that it still fails with the same error).

const SOURCE: &str = include_str!("../mcve_reduce.rs");

/// Lines of code: not blank, not only a comment.
fn code_lines() -> usize {
    SOURCE
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .count()
}

fn main() {
    println!("{} lines of code", code_lines());
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_at_most_15_lines_of_code() {
        let n = super::code_lines();
        assert!(n <= 15, "{n} lines of code: cut it down to at most 15");
    }

    #[test]
    fn reproduces_it_with_the_same_ingredients() {
        assert!(super::SOURCE.contains("Rc"), "the error is about an `Rc`");
        for trick in ["compile_error!", "include!", "#[path"] {
            assert!(
                !super::SOURCE.contains(trick),
                "no `{trick}`: write the code"
            );
        }
    }
}
