//! Port a small library from `std` to `core`, so it runs on a microcontroller.
//!
//! `RingBuffer` (a fixed-capacity FIFO queue) and `FixedString` (text built
//! with `write!` into a fixed buffer) were written against `std`, on top of
//! `VecDeque` and `String`. The crate is now `#![no_std]`: there is no heap and
//! no allocator on the target, so rewrite both types over arrays, keeping the
//! API, and make `format_reading` use `FixedString`.
//!
//! The behaviour the tests check:
//! - `RingBuffer<T, N>` holds at most `N` items (`N` may be 0), pops the oldest
//!   first, gives a rejected item back from `push`, and `push_overwrite` drops
//!   the oldest item to make room; `iter` goes from oldest to newest; items
//!   still inside are dropped with the buffer; `new` is a `const fn`.
//! - `FixedString<N>` implements `core::fmt::Write`; text that does not fit is
//!   cut at a character boundary (never inside a UTF-8 sequence) and the write
//!   returns `Err(fmt::Error)`.
//! - `format_reading` writes a reading in tenths of a degree, like `-0.5 C`.
//!
//! Tutor-owned checks build the crate for `thumbv7m-none-eabi` and run it on
//! the host under an allocator that counts: it must not allocate at all.
#![no_std]

use core::fmt;

/// A first-in, first-out queue of at most `N` items.
pub struct RingBuffer<T, const N: usize> {
    /// `slots[(head + i) % N]` holds the `i`-th oldest item, for `i < len`;
    /// every other slot is `None`.
    slots: [Option<T>; N],
    head: usize,
    len: usize,
}

impl<T, const N: usize> RingBuffer<T, N> {
    /// An empty buffer.
    pub const fn new() -> Self {
        RingBuffer {
            slots: [const { None }; N],
            head: 0,
            len: 0,
        }
    }

    /// Appends `item`, or gives it back when the buffer is full.
    pub fn push(&mut self, item: T) -> Result<(), T> {
        if self.is_full() {
            return Err(item);
        }
        // `N > 0` here: a zero-capacity buffer is always full.
        let tail = (self.head + self.len) % N;
        self.slots[tail] = Some(item);
        self.len += 1;
        Ok(())
    }

    /// Appends `item`, dropping the oldest item first when the buffer is full;
    /// returns the dropped item. With `N == 0`, `item` itself comes back.
    pub fn push_overwrite(&mut self, item: T) -> Option<T> {
        if N == 0 {
            return Some(item);
        }
        let oldest = if self.is_full() { self.pop() } else { None };
        if self.push(item).is_err() {
            unreachable!("a slot was just freed");
        }
        oldest
    }

    /// Removes and returns the oldest item.
    pub fn pop(&mut self) -> Option<T> {
        if self.is_empty() {
            return None;
        }
        let item = self.slots[self.head].take();
        self.head = (self.head + 1) % N;
        self.len -= 1;
        item
    }

    /// The oldest item, without removing it.
    pub fn peek(&self) -> Option<&T> {
        self.iter().next()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn is_full(&self) -> bool {
        self.len == N
    }

    /// The items from oldest to newest.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        (0..self.len).filter_map(move |i| self.slots[(self.head + i) % N].as_ref())
    }
}

impl<T, const N: usize> Default for RingBuffer<T, N> {
    fn default() -> Self {
        Self::new()
    }
}

/// Text of at most `N` bytes, built with `write!`.
pub struct FixedString<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> FixedString<N> {
    pub const fn new() -> Self {
        FixedString {
            buf: [0; N],
            len: 0,
        }
    }

    pub fn as_str(&self) -> &str {
        // Only whole `&str`s, or prefixes of them cut at a char boundary, are
        // ever copied in, so the bytes are always valid UTF-8.
        core::str::from_utf8(&self.buf[..self.len]).expect("always valid UTF-8")
    }

    pub fn clear(&mut self) {
        self.len = 0;
    }
}

impl<const N: usize> Default for FixedString<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> fmt::Write for FixedString<N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let room = N - self.len;
        let (fits, result) = if s.len() <= room {
            (s.len(), Ok(()))
        } else {
            // The longest prefix that fits and ends on a char boundary.
            let cut = (0..=room).rev().find(|&i| s.is_char_boundary(i));
            (cut.unwrap_or(0), Err(fmt::Error))
        };
        self.buf[self.len..self.len + fits].copy_from_slice(&s.as_bytes()[..fits]);
        self.len += fits;
        result
    }
}

/// Writes `"<sensor>: <degrees> C"` for a reading in tenths of a degree, e.g.
/// `"intake: 21.5 C"` or `"probe: -0.5 C"`.
pub fn format_reading<const N: usize>(
    out: &mut FixedString<N>,
    sensor: &str,
    tenths: i32,
) -> fmt::Result {
    // The sign goes first on its own: `-5 / 10` is `0`, which has no sign.
    let sign = if tenths < 0 { "-" } else { "" };
    let abs = tenths.unsigned_abs();
    fmt::Write::write_fmt(
        out,
        format_args!("{sensor}: {sign}{}.{} C", abs / 10, abs % 10),
    )
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;
    use core::fmt::Write;
    use std::rc::Rc;
    use std::vec::Vec;

    #[test]
    fn pops_in_fifo_order() {
        let mut rb: RingBuffer<u32, 4> = RingBuffer::new();
        for n in 1..=3 {
            rb.push(n).unwrap();
        }
        assert_eq!(rb.len(), 3);
        assert_eq!(rb.peek(), Some(&1));
        assert_eq!(rb.pop(), Some(1));
        assert_eq!(rb.pop(), Some(2));
        assert_eq!(rb.pop(), Some(3));
        assert_eq!(rb.pop(), None);
        assert!(rb.is_empty());
    }

    #[test]
    fn a_full_buffer_gives_the_item_back() {
        let mut rb: RingBuffer<&str, 2> = RingBuffer::new();
        rb.push("a").unwrap();
        rb.push("b").unwrap();
        assert!(rb.is_full());
        assert_eq!(rb.push("c"), Err("c"));
        assert_eq!(rb.len(), 2);
    }

    #[test]
    fn wraps_around_many_times() {
        let mut rb: RingBuffer<usize, 3> = RingBuffer::new();
        let mut expected = 0;
        for n in 0..20 {
            rb.push(n).unwrap();
            if rb.is_full() {
                assert_eq!(rb.pop(), Some(expected));
                expected += 1;
            }
        }
        let rest: Vec<usize> = rb.iter().copied().collect();
        assert_eq!(rest, [18, 19]);
    }

    #[test]
    fn push_overwrite_drops_the_oldest() {
        let mut rb: RingBuffer<char, 3> = RingBuffer::new();
        for c in ['a', 'b', 'c'] {
            assert_eq!(rb.push_overwrite(c), None);
        }
        assert_eq!(rb.push_overwrite('d'), Some('a'));
        assert_eq!(rb.push_overwrite('e'), Some('b'));
        let all: Vec<char> = rb.iter().copied().collect();
        assert_eq!(all, ['c', 'd', 'e']);
    }

    #[test]
    fn zero_capacity_holds_nothing() {
        let mut rb: RingBuffer<u8, 0> = RingBuffer::new();
        assert!(rb.is_full() && rb.is_empty());
        assert_eq!(rb.push(1), Err(1));
        assert_eq!(rb.push_overwrite(2), Some(2));
        assert_eq!(rb.pop(), None);
        assert_eq!(rb.iter().count(), 0);
    }

    #[test]
    fn items_left_inside_are_dropped_once() {
        let token = Rc::new(());
        {
            let mut rb: RingBuffer<Rc<()>, 4> = RingBuffer::new();
            for _ in 0..6 {
                rb.push_overwrite(Rc::clone(&token));
            }
            drop(rb.pop());
            assert_eq!(Rc::strong_count(&token), 4);
        }
        assert_eq!(Rc::strong_count(&token), 1);
    }

    #[test]
    fn new_is_usable_in_a_const() {
        const EMPTY: RingBuffer<u16, 8> = RingBuffer::new();
        let mut rb = EMPTY;
        rb.push(7).unwrap();
        assert_eq!(rb.pop(), Some(7));
    }

    #[test]
    fn fixed_string_collects_writes() {
        let mut s: FixedString<16> = FixedString::new();
        let (n, word) = (12, "ab");
        write!(s, "{n}-{word}").unwrap();
        s.write_char('!').unwrap();
        assert_eq!(s.as_str(), "12-ab!");
        s.clear();
        assert_eq!(s.as_str(), "");
    }

    #[test]
    fn fixed_string_cuts_at_a_char_boundary() {
        let mut s: FixedString<4> = FixedString::new();
        assert_eq!(s.write_str("ab"), Ok(()));
        // "é" is two bytes and "€" three: only "é" still fits.
        assert_eq!(s.write_str("é€"), Err(fmt::Error));
        assert_eq!(s.as_str(), "abé");
        assert_eq!(s.write_str("x"), Err(fmt::Error));
        assert_eq!(s.as_str(), "abé");
    }

    #[test]
    fn formats_readings() {
        let mut s: FixedString<32> = FixedString::new();
        format_reading(&mut s, "intake", 215).unwrap();
        assert_eq!(s.as_str(), "intake: 21.5 C");
        s.clear();
        format_reading(&mut s, "probe", -123).unwrap();
        assert_eq!(s.as_str(), "probe: -12.3 C");
    }

    #[test]
    fn formats_small_negative_readings_with_their_sign() {
        let mut s: FixedString<32> = FixedString::new();
        format_reading(&mut s, "probe", -5).unwrap();
        assert_eq!(s.as_str(), "probe: -0.5 C");
    }

    #[test]
    fn a_reading_that_does_not_fit_is_an_error() {
        let mut s: FixedString<8> = FixedString::new();
        assert_eq!(format_reading(&mut s, "outside", 100), Err(fmt::Error));
        assert_eq!(s.as_str(), "outside:");
    }
}
