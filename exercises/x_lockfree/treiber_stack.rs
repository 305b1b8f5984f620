//! A Treiber stack: the classic lock-free stack on one `AtomicPtr`.
//!
//! `push` links a new node to the current head and swings `head` to it with
//! `compare_exchange`; `pop` swings `head` to the head's `next`. When the CAS
//! fails, another thread changed the head in between: read it again and retry.
//!
//! Two things make it correct, and both are on you:
//! - **orderings**: the `Release` of a successful push publishes the node's
//!   contents; the `Acquire` load in `pop` makes them visible before `next`
//!   and the value are read. Write a comment that justifies each ordering.
//! - **memory**: a popped node cannot be freed at once. Another thread may
//!   have loaded the same head and be about to read its `next`. Here popped
//!   nodes go on a `retired` list and are freed when the stack is dropped
//!   (epoch-based reclamation, two exercises later, frees them earlier).
//!   Never freeing *and never reusing* a node also rules out ABA, the next
//!   exercise's subject.
//!
//! Also state when `Stack<T>` may be shared between threads: `AtomicPtr` is
//! `Send` and `Sync` for any pointee, so the compiler cannot tell you.
//! The tests check LIFO order, that values pushed and popped by 8 threads come
//! out exactly once, and that every value is dropped exactly once.

use std::mem::ManuallyDrop;
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

struct Node<T> {
    value: ManuallyDrop<T>,
    /// Written before the node is published, never after.
    next: *mut Node<T>,
    /// Link in the `retired` list; written only by the thread that popped it.
    next_retired: *mut Node<T>,
}

pub struct Stack<T> {
    head: AtomicPtr<Node<T>>,
    retired: AtomicPtr<Node<T>>,
}

// TODO: `AtomicPtr<Node<T>>` is `Send + Sync` whatever `T` is, so right now
// a `Stack<Rc<u8>>` can be shared between threads. Say what `T` must be.

impl<T> Default for Stack<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Stack<T> {
    pub fn new() -> Stack<T> {
        Stack {
            head: AtomicPtr::new(ptr::null_mut()),
            retired: AtomicPtr::new(ptr::null_mut()),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.head.load(Ordering::Acquire).is_null()
    }

    // TODO: allocate a node, link it to the head, and CAS the head to it;
    // retry on failure. Justify the orderings in comments.
    pub fn push(&self, value: T) {
        let _ = value;
        todo!("push")
    }

    // TODO: CAS the head to its `next`; on success take the value out of the
    // node and put the node on the `retired` list (it cannot be freed yet).
    pub fn pop(&self) -> Option<T> {
        todo!("pop")
    }
}

// TODO: drop the values still in the stack, and free every node: those in
// the stack and those on the `retired` list.
impl<T> Drop for Stack<T> {
    fn drop(&mut self) {}
}

fn main() {
    let stack = Stack::new();
    std::thread::scope(|s| {
        for t in 0..4 {
            let stack = &stack;
            s.spawn(move || {
                for i in 0..1000 {
                    stack.push(t * 1000 + i);
                }
            });
        }
    });
    let mut sum = 0u64;
    while let Some(v) = stack.pop() {
        sum += v;
    }
    println!("sum of 0..4000 = {sum}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn last_in_first_out() {
        let stack = Stack::new();
        assert!(stack.is_empty());
        for i in 1..=3 {
            stack.push(i);
        }
        assert!(!stack.is_empty());
        assert_eq!(stack.pop(), Some(3));
        stack.push(4);
        assert_eq!(stack.pop(), Some(4));
        assert_eq!(stack.pop(), Some(2));
        assert_eq!(stack.pop(), Some(1));
        assert_eq!(stack.pop(), None);
    }

    #[test]
    fn every_value_comes_out_exactly_once() {
        const PER_THREAD: usize = 5000;
        let stack = Stack::new();
        let popped: Vec<Vec<usize>> = std::thread::scope(|s| {
            for t in 0..4 {
                let stack = &stack;
                s.spawn(move || {
                    for i in 0..PER_THREAD {
                        stack.push(t * PER_THREAD + i);
                    }
                });
            }
            let poppers: Vec<_> = (0..4)
                .map(|_| {
                    let stack = &stack;
                    s.spawn(move || {
                        let mut got = Vec::new();
                        while got.len() < PER_THREAD {
                            if let Some(v) = stack.pop() {
                                got.push(v);
                            }
                        }
                        got
                    })
                })
                .collect();
            poppers.into_iter().map(|p| p.join().unwrap()).collect()
        });
        let mut all: Vec<usize> = popped.into_iter().flatten().collect();
        all.sort_unstable();
        assert!(all.iter().copied().eq(0..4 * PER_THREAD));
        assert!(stack.is_empty());
    }

    struct Counted(Arc<AtomicUsize>);

    impl Drop for Counted {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn every_value_is_dropped_exactly_once() {
        let drops = Arc::new(AtomicUsize::new(0));
        let stack = Stack::new();
        for _ in 0..100 {
            stack.push(Counted(Arc::clone(&drops)));
        }
        for _ in 0..40 {
            drop(stack.pop());
        }
        assert_eq!(drops.load(Ordering::SeqCst), 40);
        drop(stack);
        assert_eq!(drops.load(Ordering::SeqCst), 100);
    }

    #[test]
    fn it_can_be_shared_when_values_can_be_sent() {
        fn shareable<S: Send + Sync>() {}
        shareable::<Stack<String>>();
        shareable::<Stack<Box<[u8]>>>();
    }
}
