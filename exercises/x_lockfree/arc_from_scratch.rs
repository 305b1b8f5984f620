//! `MyArc<T>`: `Arc` from scratch, the first brick of every lock-free
//! structure (they all need to know when the last user of a node is gone).
//!
//! One heap allocation holds an `AtomicUsize` count of owners and the value.
//! `clone` adds an owner, `drop` removes one, and the owner that takes the
//! count from 1 to 0 frees the allocation (dropping the value). On top of
//! that: `Deref` to `&T`, `get_mut` (a `&mut T`, only for the sole owner),
//! `try_unwrap` (the value back, only for the sole owner) and `strong_count`.
//!
//! The orderings are the lesson, even though no test on x86 can see them
//! wrong (x86 orders more than the memory model promises):
//! - `clone` increments with `Relaxed`: the new owner comes from an existing
//!   one, which keeps the value alive, and nothing is published;
//! - `drop` decrements with `Release`: everything this owner did with the
//!   value happens before the decrement...
//! - ...and the owner that reaches 0 runs an `Acquire` fence before freeing:
//!   it synchronizes with every earlier `Release` decrement, so all the other
//!   owners' uses of the value happen before it is dropped;
//! - `get_mut` and `try_unwrap` load the count with `Acquire` for the same
//!   reason.
//!
//! A count that overflows would free the value while owners remain:
//! `clone` aborts the process if the count passes `isize::MAX` (only a
//! program that leaks clones in a loop gets there, so it is not tested).
//!
//! Also decide when `MyArc<T>` may cross threads: a raw pointer is neither
//! `Send` nor `Sync`, so the bounds are yours to write, and wrong bounds are
//! undefined behaviour. Tutor-owned checks try to send a `MyArc` of an `Rc`
//! (neither `Send` nor `Sync`) to another thread, to share a `MyArc` of a
//! `Cell` (`Send` only) between threads, and to send a `MyArc` of a
//! `MutexGuard` (`Sync` only): none of them may compile.
//! The tests count drops across threads; a hidden test clones and drops
//! on four threads at once.

use std::marker::PhantomData;
use std::ops::Deref;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicUsize, Ordering};

struct ArcInner<T> {
    count: AtomicUsize,
    data: T,
}

/// A thread-safe reference-counted pointer.
pub struct MyArc<T> {
    ptr: NonNull<ArcInner<T>>,
    /// A `MyArc<T>` owns (and may drop) an `ArcInner<T>`: this tells the
    /// drop checker, and makes `MyArc<T>` covariant in `T` like `Box<T>`.
    _owns: PhantomData<ArcInner<T>>,
}

// TODO: as written, a `MyArc` of anything crosses threads: two threads can
// then clone one `Rc` inside it and race on its count. Which `T` make it
// safe, and why? Write the bounds, and a SAFETY comment that says why.
unsafe impl<T> Send for MyArc<T> {}
unsafe impl<T> Sync for MyArc<T> {}

impl<T> MyArc<T> {
    pub fn new(data: T) -> MyArc<T> {
        let inner = Box::new(ArcInner {
            count: AtomicUsize::new(1),
            data,
        });
        MyArc {
            ptr: NonNull::from(Box::leak(inner)),
            _owns: PhantomData,
        }
    }

    fn inner(&self) -> &ArcInner<T> {
        // SAFETY: the allocation lives as long as one owner does; we are one.
        unsafe { self.ptr.as_ref() }
    }

    /// How many owners there are. Other threads may change it at any time.
    pub fn strong_count(this: &Self) -> usize {
        this.inner().count.load(Ordering::Relaxed)
    }

    /// Whether both point to the same allocation.
    pub fn ptr_eq(this: &Self, other: &Self) -> bool {
        this.ptr == other.ptr
    }

    /// `&mut T` if `this` is the only owner.
    // TODO: this hands out `&mut T` even while other owners can read the
    // value. Only the sole owner may have it (and which ordering does the
    // check need?).
    pub fn get_mut(this: &mut Self) -> Option<&mut T> {
        // SAFETY: not yet: nothing checks that we are the only owner.
        Some(unsafe { &mut this.ptr.as_mut().data })
    }

    /// The value, if `this` is the only owner; otherwise `this` back.
    // TODO: when `this` is the only owner, move the value out and free the
    // allocation, without dropping the value and without running
    // `Drop for MyArc`.
    pub fn try_unwrap(this: Self) -> Result<T, Self> {
        Err(this)
    }
}

// TODO: choose the ordering of the increment and say why in a comment; and
// abort the process (`std::process::abort`) if the count ever passes
// `isize::MAX`, before it can wrap around to 0.
impl<T> Clone for MyArc<T> {
    fn clone(&self) -> Self {
        self.inner().count.fetch_add(1, Ordering::SeqCst);
        MyArc {
            ptr: self.ptr,
            _owns: PhantomData,
        }
    }
}

impl<T> Deref for MyArc<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.inner().data
    }
}

// TODO: the value is never dropped. Fix that; then replace `SeqCst` with
// the orderings the top of the file describes, each justified in a comment.
impl<T> Drop for MyArc<T> {
    fn drop(&mut self) {
        if self.inner().count.fetch_sub(1, Ordering::SeqCst) == 0 {
            // SAFETY: we were the last owner; the allocation came from
            // `Box::leak`.
            drop(unsafe { Box::from_raw(self.ptr.as_ptr()) });
        }
    }
}

fn main() {
    let words = MyArc::new(vec!["lock", "free"]);
    let handles: Vec<_> = (0..4)
        .map(|t| {
            let words = words.clone();
            std::thread::spawn(move || format!("thread {t} sees {}", words.join("-")))
        })
        .collect();
    for handle in handles {
        println!("{}", handle.join().unwrap());
    }
    println!("{} owner(s) left", MyArc::strong_count(&words));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};
    use std::thread::{self, ThreadId};

    /// What a `Counted` leaves behind: how often, and on which thread, it
    /// was dropped.
    #[derive(Default)]
    struct Probe {
        drops: AtomicUsize,
        dropped_on: Mutex<Option<ThreadId>>,
    }

    impl Probe {
        fn drops(&self) -> usize {
            self.drops.load(Ordering::SeqCst)
        }
    }

    struct Counted(Arc<Probe>);

    fn counted() -> (Counted, Arc<Probe>) {
        let probe = Arc::new(Probe::default());
        (Counted(Arc::clone(&probe)), probe)
    }

    impl Drop for Counted {
        fn drop(&mut self) {
            self.0.drops.fetch_add(1, Ordering::SeqCst);
            *self.0.dropped_on.lock().unwrap() = Some(thread::current().id());
        }
    }

    #[test]
    fn clones_share_one_value() {
        let a = MyArc::new(String::from("shared"));
        assert_eq!(MyArc::strong_count(&a), 1);
        let b = a.clone();
        let c = b.clone();
        assert_eq!(*c, "shared");
        assert_eq!(c.len(), 6, "Deref reaches the String's methods");
        assert!(MyArc::ptr_eq(&a, &c));
        assert!(!MyArc::ptr_eq(&a, &MyArc::new(String::from("shared"))));
        assert_eq!(MyArc::strong_count(&a), 3);
        drop(b);
        assert_eq!(MyArc::strong_count(&a), 2);
        drop(c);
        assert_eq!(MyArc::strong_count(&a), 1);
    }

    #[test]
    fn the_last_owner_drops_the_value() {
        let (value, probe) = counted();
        let a = MyArc::new(value);
        let clones: Vec<_> = (0..3).map(|_| a.clone()).collect();
        drop(a);
        assert_eq!(probe.drops(), 0, "three owners are left");
        drop(clones);
        assert_eq!(probe.drops(), 1, "dropped exactly once");
    }

    #[test]
    fn get_mut_only_for_the_only_owner() {
        let mut a = MyArc::new(vec![1, 2]);
        MyArc::get_mut(&mut a).unwrap().push(3);
        let b = a.clone();
        assert!(
            MyArc::get_mut(&mut a).is_none(),
            "b can read the vector: no &mut while it exists"
        );
        assert_eq!(*b, [1, 2, 3]);
        drop(b);
        MyArc::get_mut(&mut a).unwrap().push(4);
        assert_eq!(*a, [1, 2, 3, 4]);
    }

    #[test]
    fn try_unwrap_gives_the_value_to_the_only_owner() {
        let (value, probe) = counted();
        let a = MyArc::new(value);
        let b = a.clone();
        let Err(a) = MyArc::try_unwrap(a) else {
            panic!("b is another owner: try_unwrap must fail");
        };
        assert_eq!(
            MyArc::strong_count(&a),
            2,
            "a failed try_unwrap keeps its owner"
        );
        drop(b);
        let Ok(value) = MyArc::try_unwrap(a) else {
            panic!("a is the only owner: try_unwrap must succeed");
        };
        assert_eq!(probe.drops(), 0, "moved out, not dropped");
        drop(value);
        assert_eq!(probe.drops(), 1);
    }

    #[test]
    fn the_last_owner_drops_it_on_its_own_thread() {
        let (value, probe) = counted();
        let a = MyArc::new(value);
        let b = a.clone();
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let other = thread::spawn(move || {
            rx.recv().unwrap();
            drop(b);
            thread::current().id()
        });
        drop(a);
        assert_eq!(probe.drops(), 0);
        tx.send(()).unwrap();
        let other = other.join().unwrap();
        assert_eq!(probe.drops(), 1);
        // This is why `MyArc<T>: Send` needs `T: Send`.
        assert_eq!(*probe.dropped_on.lock().unwrap(), Some(other));
    }

    #[test]
    fn clones_and_drops_across_threads() {
        let (value, probe) = counted();
        let a = MyArc::new(value);
        thread::scope(|s| {
            for _ in 0..8 {
                let mine = a.clone();
                s.spawn(move || {
                    let many: Vec<_> = (0..1000).map(|_| mine.clone()).collect();
                    assert!(MyArc::strong_count(&mine) > 1000);
                    drop(many);
                });
            }
        });
        assert_eq!(MyArc::strong_count(&a), 1);
        assert_eq!(probe.drops(), 0);
        drop(a);
        assert_eq!(probe.drops(), 1);
    }

    #[test]
    fn shared_when_the_value_is_send_and_sync() {
        fn shareable<S: Send + Sync>() {}
        shareable::<MyArc<String>>();
        shareable::<MyArc<Mutex<Vec<u8>>>>();
        shareable::<MyArc<AtomicUsize>>();
    }
}
