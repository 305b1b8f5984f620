//! A single-producer, single-consumer ring buffer, checked by loom.
//!
//! The producer writes a slot, then publishes it by advancing `tail`; the
//! consumer reads `tail`, reads the slot, then frees it by advancing `head`.
//! The slot itself is plain memory (an `UnsafeCell`): only the orderings of
//! `head` and `tail` keep the two threads from touching it at the same time.
//! With `Relaxed` everywhere the consumer may see the new `tail` before the
//! value written into the slot, and the producer may overwrite a slot the
//! consumer is still reading. Choose the orderings that make each hand-over
//! happen-before the other side's access, and say why in a comment.
//!
//! Timing tests cannot find such bugs. loom can: it runs the test body under
//! every interleaving *and* every reordering the memory model allows, and
//! fails on any access to an `UnsafeCell` that is not ordered. The tests use
//! loom's atomics through the `sync` alias below, which is chosen by
//! `cfg(test)`; the program itself uses the standard library's. (The loom
//! book suggests `--cfg loom` in `RUSTFLAGS`, but that rebuilds every
//! dependency; a test-only alias does not.)
//!
//! `head` and `tail` sit in `CachePadded` (crossbeam-utils) so that the two
//! threads do not fight over one cache line.

use crossbeam_utils::CachePadded;
use std::mem::MaybeUninit;
use sync::{Arc, AtomicUsize, Ordering, UnsafeCell};

#[cfg(not(test))]
mod sync {
    pub use std::sync::Arc;
    pub use std::sync::atomic::{AtomicUsize, Ordering};

    /// `std`'s `UnsafeCell` with loom's closure-based API.
    pub struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

    impl<T> UnsafeCell<T> {
        pub fn new(value: T) -> Self {
            UnsafeCell(std::cell::UnsafeCell::new(value))
        }
        pub fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
            f(self.0.get())
        }
        pub fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
            f(self.0.get())
        }
    }
}

#[cfg(test)]
mod sync {
    pub use loom::cell::UnsafeCell;
    pub use loom::sync::Arc;
    pub use loom::sync::atomic::{AtomicUsize, Ordering};
}

struct Ring<T> {
    slots: Box<[UnsafeCell<MaybeUninit<T>>]>,
    /// Next slot to read; written by the consumer only.
    head: CachePadded<AtomicUsize>,
    /// Next slot to write; written by the producer only.
    tail: CachePadded<AtomicUsize>,
}

// SAFETY: the slots are handed over between the two threads by `head` and
// `tail`; each slot is accessed by one side at a time.
unsafe impl<T: Send> Sync for Ring<T> {}
unsafe impl<T: Send> Send for Ring<T> {}

pub struct Producer<T> {
    ring: Arc<Ring<T>>,
}

pub struct Consumer<T> {
    ring: Arc<Ring<T>>,
}

/// A ring of `capacity` slots, split into its two ends.
pub fn channel<T>(capacity: usize) -> (Producer<T>, Consumer<T>) {
    assert!(capacity > 0);
    let ring = Arc::new(Ring {
        slots: (0..capacity)
            .map(|_| UnsafeCell::new(MaybeUninit::uninit()))
            .collect(),
        head: CachePadded::new(AtomicUsize::new(0)),
        tail: CachePadded::new(AtomicUsize::new(0)),
    });
    (
        Producer {
            ring: Arc::clone(&ring),
        },
        Consumer { ring },
    )
}

impl<T> Ring<T> {
    fn slot(&self, position: usize) -> &UnsafeCell<MaybeUninit<T>> {
        &self.slots[position % self.slots.len()]
    }
}

impl<T> Producer<T> {
    /// Adds `value`, or gives it back when the ring is full.
    pub fn push(&mut self, value: T) -> Result<(), T> {
        let ring = &*self.ring;
        // Relaxed: only this thread writes `tail`.
        let tail = ring.tail.load(Ordering::Relaxed);
        // Acquire: pairs with the consumer's Release of `head`, so its read
        // of the slot we are about to reuse happened before our write.
        let head = ring.head.load(Ordering::Acquire);
        if tail - head == ring.slots.len() {
            return Err(value);
        }
        ring.slot(tail).with_mut(|slot| {
            // SAFETY: the slot is free (head..tail are the full ones) and the
            // consumer does not touch it until `tail` moves past it.
            unsafe { (*slot).write(value) };
        });
        // Release: the value is written before the consumer can see `tail`.
        ring.tail.store(tail + 1, Ordering::Release);
        Ok(())
    }
}

impl<T> Consumer<T> {
    pub fn pop(&mut self) -> Option<T> {
        let ring = &*self.ring;
        // Relaxed: only this thread writes `head`.
        let head = ring.head.load(Ordering::Relaxed);
        // Acquire: pairs with the producer's Release of `tail`, so the value
        // written into the slot is visible.
        let tail = ring.tail.load(Ordering::Acquire);
        if head == tail {
            return None;
        }
        let value = ring.slot(head).with(|slot| {
            // SAFETY: the slot is full, and the producer does not write it
            // again until `head` moves past it.
            unsafe { (*slot).assume_init_read() }
        });
        // Release: our read of the slot happens before the producer reuses it.
        ring.head.store(head + 1, Ordering::Release);
        Some(value)
    }
}

impl<T> Drop for Ring<T> {
    fn drop(&mut self) {
        // Both ends are gone: the values between head and tail are ours.
        let (head, tail) = (
            self.head.load(Ordering::Relaxed),
            self.tail.load(Ordering::Relaxed),
        );
        for position in head..tail {
            self.slot(position).with_mut(|slot| {
                // SAFETY: every slot in head..tail holds a value.
                unsafe { (*slot).assume_init_drop() };
            });
        }
    }
}

fn main() {
    let (mut tx, mut rx) = channel(4);
    let producer = std::thread::spawn(move || {
        for i in 0..1000u64 {
            let mut item = i;
            while let Err(back) = tx.push(item) {
                item = back;
                std::thread::yield_now();
            }
        }
    });
    let mut sum = 0;
    let mut received = 0;
    while received < 1000 {
        match rx.pop() {
            Some(v) => {
                sum += v;
                received += 1;
            }
            None => std::thread::yield_now(),
        }
    }
    producer.join().unwrap();
    println!("received {received} values, sum {sum}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use loom::thread;

    /// Explores every interleaving, with at most 3 preemptions (enough for
    /// these bugs, and fast in a debug build).
    fn model(f: impl Fn() + Sync + Send + 'static) {
        let mut builder = loom::model::Builder::new();
        builder.preemption_bound = Some(3);
        builder.check(f);
    }

    #[test]
    fn values_arrive_in_order() {
        model(|| {
            let (mut tx, mut rx) = channel(2);
            assert_eq!(tx.push(1), Ok(()));
            assert_eq!(tx.push(2), Ok(()));
            assert_eq!(tx.push(3), Err(3), "the ring holds 2");
            assert_eq!(rx.pop(), Some(1));
            assert_eq!(tx.push(3), Ok(()));
            assert_eq!(rx.pop(), Some(2));
            assert_eq!(rx.pop(), Some(3));
            assert_eq!(rx.pop(), None);
        });
    }

    #[test]
    fn the_consumer_sees_what_the_producer_wrote() {
        model(|| {
            let (mut tx, mut rx) = channel(1);
            let producer = thread::spawn(move || {
                tx.push(String::from("hello")).unwrap();
            });
            loop {
                if let Some(s) = rx.pop() {
                    assert_eq!(s, "hello");
                    break;
                }
                thread::yield_now();
            }
            producer.join().unwrap();
        });
    }

    #[test]
    fn a_slot_is_reused_only_after_it_was_read() {
        model(|| {
            let (mut tx, mut rx) = channel(1);
            let producer = thread::spawn(move || {
                for i in 0..2 {
                    let mut item = i;
                    while let Err(back) = tx.push(item) {
                        item = back;
                        thread::yield_now();
                    }
                }
            });
            let mut got = Vec::new();
            while got.len() < 2 {
                match rx.pop() {
                    Some(v) => got.push(v),
                    None => thread::yield_now(),
                }
            }
            producer.join().unwrap();
            assert_eq!(got, [0, 1]);
        });
    }

    #[test]
    fn values_left_in_the_ring_are_dropped() {
        model(|| {
            let marker = Arc::new(());
            let (mut tx, rx) = channel(2);
            tx.push(Arc::clone(&marker)).unwrap();
            tx.push(Arc::clone(&marker)).unwrap();
            drop((tx, rx));
            assert_eq!(Arc::strong_count(&marker), 1);
        });
    }
}
