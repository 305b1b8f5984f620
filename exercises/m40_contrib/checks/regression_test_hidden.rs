//! Tutor-owned: tests of the fix itself.

#[path = "../regression_test.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod tests {
    use super::ex::truncate;

    #[test]
    fn characters_are_counted_not_bytes() {
        assert_eq!(truncate("héllo wörld", 5), "héllo");
        assert_eq!(truncate("日本語のテキスト", 3), "日本語");
        assert_eq!(truncate("🦀🦀🦀", 2), "🦀🦀");
    }

    #[test]
    fn limits_at_and_beyond_the_length() {
        assert_eq!(truncate("naïve", 5), "naïve");
        assert_eq!(truncate("naïve", 6), "naïve");
        assert_eq!(truncate("naïve", 100), "naïve");
        assert_eq!(truncate("", 3), "");
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn the_result_borrows_from_the_input() {
        let s = String::from("borrowed");
        let t = truncate(&s, 3);
        assert_eq!(t.as_ptr(), s.as_ptr());
    }
}
