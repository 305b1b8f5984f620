//! A Treiber stack that frees its nodes: epoch-based reclamation with
//! `crossbeam-epoch`.
//!
//! The first stack of this phase kept every popped node until the stack was
//! dropped, because another thread might still be reading it. Epochs free
//! them much sooner: a thread *pins* the current epoch while it looks at
//! shared nodes (`epoch::pin()` returns a `Guard`), and a node unlinked by a
//! pop is handed to `guard.defer_destroy`, which frees it once every thread
//! pinned at that time has unpinned. No thread can still hold it then.
//!
//! The push below is the book's, and it does not compile: `compare_exchange`
//! takes the `Owned` node by value, so the loop cannot use it again. On
//! failure the `Owned` comes back inside the error (`err.new`): take it back
//! and retry. Then write `pop`: unlink the head, move the value out of the
//! node (`ManuallyDrop` + `ptr::read`, so the node's destruction does not
//! drop the value a second time) and defer the node's destruction.
//!
//! The tests count drops: with 4 threads pushing and popping, every value
//! is dropped exactly once: never leaked, never twice.

use crossbeam_epoch::{self as epoch, Atomic, Owned};
use std::mem::ManuallyDrop;
use std::ptr;
use std::sync::atomic::Ordering;

struct Node<T> {
    data: ManuallyDrop<T>,
    next: Atomic<Node<T>>,
}

pub struct Stack<T> {
    head: Atomic<Node<T>>,
}

impl<T> Default for Stack<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Stack<T> {
    pub fn new() -> Stack<T> {
        Stack {
            head: Atomic::null(),
        }
    }

    pub fn push(&self, data: T) {
        let mut node = Owned::new(Node {
            data: ManuallyDrop::new(data),
            next: Atomic::null(),
        });
        let guard = epoch::pin();
        loop {
            let head = self.head.load(Ordering::Relaxed, &guard);
            node.next.store(head, Ordering::Relaxed);
            // Release: the node is fully written before another thread sees it.
            match self.head.compare_exchange(
                head,
                node,
                Ordering::Release,
                Ordering::Relaxed,
                &guard,
            ) {
                Ok(_) => return,
                // The CAS failed and hands the node back: retry with it.
                Err(err) => node = err.new,
            }
        }
    }

    pub fn pop(&self) -> Option<T> {
        let guard = epoch::pin();
        loop {
            // Acquire: pairs with the Release of the push that published it.
            let head = self.head.load(Ordering::Acquire, &guard);
            // SAFETY: `head` was loaded under `guard`, so it is not freed
            // while the guard lives, even if another thread pops it.
            let node = unsafe { head.as_ref() }?;
            let next = node.next.load(Ordering::Relaxed, &guard);
            if self
                .head
                .compare_exchange(head, next, Ordering::Relaxed, Ordering::Relaxed, &guard)
                .is_ok()
            {
                // SAFETY: the CAS unlinked the node: we are the only thread
                // that takes its data. The node is destroyed once no pinned
                // thread can see it, and `ManuallyDrop` keeps its destructor
                // from dropping the data again.
                unsafe {
                    guard.defer_destroy(head);
                    return Some(ManuallyDrop::into_inner(ptr::read(&node.data)));
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        let guard = epoch::pin();
        self.head.load(Ordering::Acquire, &guard).is_null()
    }
}

impl<T> Drop for Stack<T> {
    fn drop(&mut self) {
        // `&mut self`: no other thread can see the nodes, no pin is needed.
        let guard = unsafe { epoch::unprotected() };
        let mut current = self.head.load(Ordering::Relaxed, guard);
        while !current.is_null() {
            // SAFETY: we own every node left in the stack.
            let mut node = unsafe { current.into_owned() };
            current = node.next.load(Ordering::Relaxed, guard);
            unsafe { ManuallyDrop::drop(&mut node.data) };
        }
    }
}

fn main() {
    let stack = Stack::new();
    std::thread::scope(|s| {
        for t in 0..4 {
            let stack = &stack;
            s.spawn(move || {
                for i in 0..1000 {
                    stack.push(format!("{t}-{i}"));
                    stack.pop();
                }
            });
        }
    });
    println!("empty at the end: {}", stack.is_empty());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::AtomicUsize;

    #[derive(Debug)]
    struct Counted(Arc<AtomicUsize>, usize);

    impl Drop for Counted {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn last_in_first_out() {
        let stack = Stack::new();
        stack.push(1);
        stack.push(2);
        assert_eq!(stack.pop(), Some(2));
        stack.push(3);
        assert_eq!(stack.pop(), Some(3));
        assert_eq!(stack.pop(), Some(1));
        assert_eq!(stack.pop(), None);
        assert!(stack.is_empty());
    }

    #[test]
    fn popped_values_are_dropped_by_their_new_owner_only() {
        let drops = Arc::new(AtomicUsize::new(0));
        let stack = Stack::new();
        stack.push(Counted(Arc::clone(&drops), 1));
        let v = stack.pop().unwrap();
        // Let the epoch advance so the node can really be destroyed.
        for _ in 0..256 {
            epoch::pin().flush();
        }
        assert_eq!(
            drops.load(Ordering::SeqCst),
            0,
            "the node dropped the value"
        );
        assert_eq!(v.1, 1);
        drop(v);
        assert_eq!(drops.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn values_left_in_the_stack_are_dropped_with_it() {
        let drops = Arc::new(AtomicUsize::new(0));
        let stack = Stack::new();
        for i in 0..10 {
            stack.push(Counted(Arc::clone(&drops), i));
        }
        drop(stack.pop());
        drop(stack);
        assert_eq!(drops.load(Ordering::SeqCst), 10);
    }

    #[test]
    fn every_value_is_dropped_exactly_once_under_threads() {
        const PER_THREAD: usize = 5_000;
        let drops = Arc::new(AtomicUsize::new(0));
        let stack = Stack::new();
        let popped = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for t in 0..4 {
                let (stack, drops, popped) = (&stack, &drops, &popped);
                s.spawn(move || {
                    for i in 0..PER_THREAD {
                        stack.push(Counted(Arc::clone(drops), t * PER_THREAD + i));
                        if i % 3 != 0 && stack.pop().is_some() {
                            popped.fetch_add(1, Ordering::SeqCst);
                        }
                    }
                });
            }
        });
        let popped = popped.load(Ordering::SeqCst);
        assert_eq!(drops.load(Ordering::SeqCst), popped);
        drop(stack);
        for _ in 0..256 {
            epoch::pin().flush();
        }
        assert_eq!(drops.load(Ordering::SeqCst), 4 * PER_THREAD);
    }
}
