//! Tutor-owned tests for the lending iterator: the provided methods work for
//! any implementor, windows over values that are not `Copy`, and line endings
//! stripped exactly once.
#[path = "../gat_lending_iter.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use crate::ex::{LendingIterator, lines, windows_mut};

    /// A lending iterator the exercise has never seen: it lends a mutable
    /// counter that it owns, `limit` times.
    struct Ticks {
        value: u32,
        left: usize,
    }

    impl LendingIterator for Ticks {
        type Item<'a>
            = &'a mut u32
        where
            Self: 'a;

        fn next(&mut self) -> Option<&mut u32> {
            if self.left == 0 {
                return None;
            }
            self.left -= 1;
            self.value += 1;
            Some(&mut self.value)
        }
    }

    #[test]
    fn provided_methods_work_for_any_implementor() {
        assert_eq!(Ticks { value: 0, left: 5 }.count(), 5);
        assert_eq!(Ticks { value: 0, left: 0 }.count(), 0);

        let mut t = Ticks { value: 0, left: 5 };
        let third = t.nth(2).expect("five items, the third exists");
        assert_eq!(*third, 3);
        *third = 100;
        assert_eq!(t.next().map(|v| *v), Some(101), "nth lends the live item");
        assert_eq!(t.nth(0).map(|v| *v), Some(102));
        assert!(t.nth(1).is_none(), "only one item was left");
        assert!(t.next().is_none());
    }

    #[test]
    fn count_after_partial_iteration_counts_what_is_left() {
        let mut v = [1, 2, 3, 4, 5, 6];
        let mut it = windows_mut(&mut v, 3);
        assert!(it.next().is_some());
        assert_eq!(it.count(), 3);
    }

    #[test]
    fn windows_over_owned_values() {
        let mut words: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let mut it = windows_mut(&mut words, 2);
        while let Some(w) = it.next() {
            let moved = std::mem::take(&mut w[0]);
            w[1].insert_str(0, &moved);
        }
        assert_eq!(words, ["", "", "abc"]);
    }

    #[test]
    fn nth_past_the_end_then_next_is_none() {
        let mut v = [0u8; 4];
        let mut it = windows_mut(&mut v, 2);
        assert!(
            it.nth(3).is_none(),
            "three windows, the fourth does not exist"
        );
        assert!(it.next().is_none());
    }

    #[test]
    fn only_one_line_ending_is_stripped() {
        let mut got = Vec::new();
        let mut it = lines("cr\r\rin\rside\r\r\nlone\r\n\r\n".as_bytes());
        while let Some(line) = it.next() {
            got.push(line.unwrap().to_owned());
        }
        assert_eq!(got, ["cr\r\rin\rside\r", "lone", ""]);
    }

    #[test]
    fn invalid_utf8_is_an_error_not_a_panic() {
        let mut it = lines(&b"ok\n\xff\xfe\n"[..]);
        assert_eq!(it.next().unwrap().unwrap(), "ok");
        let err = it.next().unwrap().unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
    }
}
