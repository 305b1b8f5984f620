//! A lending iterator, with a generic associated type.
//!
//! `Iterator::next` returns items that may outlive the next call to `next`
//! (you can `collect()` them), so an iterator cannot hand out a borrow of
//! *itself*: not a mutable window into a slice it keeps lending, not a line
//! in a buffer it reuses. A *lending* iterator can, because its item type
//! takes the lifetime of the `&mut self` borrow:
//! `type Item<'a> where Self: 'a;` (a GAT).
//!
//! Implement:
//!
//! - the provided methods `count` and `nth` of `LendingIterator`;
//! - `WindowsMut`: overlapping mutable windows of `size` elements
//!   (`[0..size]`, `[1..size + 1]`, ...); no windows if the slice is shorter;
//!   `windows_mut` panics if `size` is 0, like `slice::windows`;
//! - `Lines`: the lines of a reader without their `\n` or `\r\n`, lent from
//!   one `String` buffer that is reused for every line (no allocation per
//!   line); a read error is lent as `Err`.

use std::io::{self, BufRead};

/// An iterator whose items borrow from the iterator itself.
pub trait LendingIterator {
    type Item<'a>
    where
        Self: 'a;

    fn next(&mut self) -> Option<Self::Item<'_>>;

    /// Consumes the iterator and counts the items.
    fn count(self) -> usize
    where
        Self: Sized,
    {
        // TODO
        0
    }

    /// Skips `n` items and lends the next one.
    fn nth(&mut self, n: usize) -> Option<Self::Item<'_>> {
        // TODO
        let _ = n;
        None
    }
}

/// Overlapping mutable windows over a slice.
pub struct WindowsMut<'s, T> {
    slice: &'s mut [T],
    size: usize,
    start: usize,
}

/// The windows of `size` elements of `slice`; panics if `size` is 0.
pub fn windows_mut<T>(slice: &mut [T], size: usize) -> WindowsMut<'_, T> {
    assert!(size > 0, "window size must be non-zero");
    WindowsMut {
        slice,
        size,
        start: 0,
    }
}

impl<'s, T> LendingIterator for WindowsMut<'s, T> {
    type Item<'a>
        = &'a mut [T]
    where
        Self: 'a;

    fn next(&mut self) -> Option<&mut [T]> {
        // TODO
        let _ = (&mut self.slice, self.size, self.start);
        None
    }
}

/// The lines of a reader, lent from one reused buffer.
pub struct Lines<R> {
    reader: R,
    buf: String,
}

pub fn lines<R: BufRead>(reader: R) -> Lines<R> {
    Lines {
        reader,
        buf: String::new(),
    }
}

impl<R: BufRead> LendingIterator for Lines<R> {
    type Item<'a>
        = io::Result<&'a str>
    where
        Self: 'a;

    fn next(&mut self) -> Option<io::Result<&str>> {
        // TODO
        let _ = (&mut self.reader, &mut self.buf);
        None
    }
}

fn main() {
    let mut v = [1, 2, 3, 4, 5];
    let mut windows = windows_mut(&mut v, 2);
    while let Some(w) = windows.next() {
        w[1] += w[0];
    }
    println!("running sums: {v:?}");
    let mut it = lines("first\nsecond\r\nthird".as_bytes());
    while let Some(line) = it.next() {
        println!("{:?}", line.unwrap());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_can_be_modified() {
        let mut v = [1, 2, 3, 4, 5];
        let mut it = windows_mut(&mut v, 2);
        while let Some(w) = it.next() {
            w[1] += w[0];
        }
        assert_eq!(v, [1, 3, 6, 10, 15]);
    }

    #[test]
    fn window_shapes() {
        let mut v: Vec<u32> = (0..6).collect();
        let mut seen = Vec::new();
        let mut it = windows_mut(&mut v, 4);
        while let Some(w) = it.next() {
            seen.push(w.to_vec());
            w.reverse();
        }
        assert_eq!(seen, [vec![0, 1, 2, 3], vec![2, 1, 0, 4], vec![0, 1, 2, 5]]);
        assert_eq!(windows_mut(&mut v, 6).count(), 1);
        assert_eq!(windows_mut(&mut v, 7).count(), 0);
        assert_eq!(windows_mut(&mut v, 1).count(), 6);
        assert_eq!(windows_mut::<u8>(&mut [], 3).count(), 0);
    }

    #[test]
    #[should_panic(expected = "non-zero")]
    fn zero_sized_windows_panic() {
        windows_mut(&mut [1, 2, 3], 0);
    }

    #[test]
    fn nth_window() {
        let mut v = [10, 20, 30, 40];
        let mut it = windows_mut(&mut v, 2);
        assert_eq!(it.nth(1).map(|w| w.to_vec()), Some(vec![20, 30]));
        assert_eq!(it.nth(0).map(|w| w.to_vec()), Some(vec![30, 40]));
        assert!(it.nth(0).is_none());
        let mut it = windows_mut(&mut v, 2);
        assert!(it.nth(3).is_none());
    }

    #[test]
    fn lines_without_their_endings() {
        let text = "one\ntwo\r\n\nlast";
        let mut it = lines(text.as_bytes());
        let mut got = Vec::new();
        while let Some(line) = it.next() {
            got.push(line.unwrap().to_string());
        }
        assert_eq!(got, ["one", "two", "", "last"]);
        assert_eq!(lines("".as_bytes()).count(), 0);
        assert_eq!(lines("a\n".as_bytes()).count(), 1);
    }

    #[test]
    fn lines_reuse_one_buffer() {
        let text = "a long first line\nshort\nline 3";
        let mut it = lines(text.as_bytes());
        let first = it.next().unwrap().unwrap().as_ptr();
        let second = it.next().unwrap().unwrap().as_ptr();
        let third = it.next().unwrap().unwrap().as_ptr();
        assert_eq!(first, second, "each line must be read into the same buffer");
        assert_eq!(second, third);
    }

    #[test]
    fn nth_line() {
        let mut it = lines("a\nb\nc\n".as_bytes());
        assert_eq!(it.nth(2).unwrap().unwrap(), "c");
        assert!(it.next().is_none());
    }

    struct Failing;

    impl io::Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
            Err(io::Error::other("disk on fire"))
        }
    }

    #[test]
    fn read_errors_are_lent_too() {
        let mut it = lines(io::BufReader::new(Failing));
        let err = it.next().unwrap().unwrap_err();
        assert_eq!(err.to_string(), "disk on fire");
    }
}
