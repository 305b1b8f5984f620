//! A fixed-capacity ring buffer: when it is full, pushing a new item evicts
//! the oldest one.
//!
//! (The exercise: this crate denies missing documentation, a common rule in
//! the Rust project and in many crates. The last pull request added
//! [`RingBuffer::iter`] without docs and changed what [`RingBuffer::push`]
//! returns without updating its example. Make `cargo test --doc` pass: every
//! public item documented, and every public method with an `# Examples`
//! section whose code runs and checks what it shows with `assert_eq!`.
//! Doc tests run as separate programs that use this crate from outside, so
//! they name it: `use docs_contribution::RingBuffer;`.)

#![deny(missing_docs)]

use std::collections::VecDeque;

/// A queue that holds at most `capacity` items and drops the oldest one to
/// make room.
#[derive(Debug, Clone)]
pub struct RingBuffer<T> {
    items: VecDeque<T>,
    capacity: usize,
}

impl<T> RingBuffer<T> {
    /// Creates an empty buffer that holds at most `capacity` items.
    ///
    /// # Panics
    ///
    /// If `capacity` is 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use docs_contribution::RingBuffer;
    ///
    /// let buffer: RingBuffer<u8> = RingBuffer::new(3);
    /// assert_eq!(buffer.capacity(), 3);
    /// assert!(buffer.is_empty());
    /// ```
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "a ring buffer needs room for one item");
        RingBuffer {
            items: VecDeque::with_capacity(capacity),
            capacity,
        }
    }

    /// Adds `item` at the back. When the buffer is full, the oldest item is
    /// removed first and returned.
    ///
    /// # Examples
    ///
    /// ```
    /// use docs_contribution::RingBuffer;
    ///
    /// let mut buffer = RingBuffer::new(2);
    /// assert_eq!(buffer.push(1), None);
    /// assert_eq!(buffer.push(2), None);
    /// assert_eq!(buffer.push(3), Some(1));
    /// assert_eq!(buffer.len(), 2);
    /// ```
    pub fn push(&mut self, item: T) -> Option<T> {
        let evicted = if self.items.len() == self.capacity {
            self.items.pop_front()
        } else {
            None
        };
        self.items.push_back(item);
        evicted
    }

    /// The number of items in the buffer.
    ///
    /// # Examples
    ///
    /// ```
    /// use docs_contribution::RingBuffer;
    ///
    /// let mut buffer = RingBuffer::new(2);
    /// buffer.push('a');
    /// assert_eq!(buffer.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the buffer holds no item.
    ///
    /// # Examples
    ///
    /// ```
    /// use docs_contribution::RingBuffer;
    ///
    /// let buffer = RingBuffer::<i32>::new(1);
    /// assert!(buffer.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The most items the buffer holds.
    ///
    /// # Examples
    ///
    /// ```
    /// use docs_contribution::RingBuffer;
    ///
    /// assert_eq!(RingBuffer::<()>::new(8).capacity(), 8);
    /// ```
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The items, from the oldest to the newest.
    ///
    /// # Examples
    ///
    /// ```
    /// use docs_contribution::RingBuffer;
    ///
    /// let mut buffer = RingBuffer::new(2);
    /// for n in 1..=3 {
    ///     buffer.push(n);
    /// }
    /// let items: Vec<_> = buffer.iter().copied().collect();
    /// assert_eq!(items, [2, 3]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.items.iter()
    }
}
