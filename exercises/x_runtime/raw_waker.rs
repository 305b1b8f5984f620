//! A `Waker` built by hand from a `RawWakerVTable`.
//!
//! A `Waker` is a data pointer plus a table of four functions: `clone`,
//! `wake` (consumes the waker), `wake_by_ref` (does not) and `drop`. Here the
//! data pointer is an `Arc<Signal>` turned into a raw pointer, so the four
//! functions must keep the `Arc`'s reference count exact: a clone adds one
//! reference, `wake` and `drop` give one back, `wake_by_ref` leaves it alone.
//! A leak keeps the `Signal` alive forever; one release too many frees it
//! while a waker still points at it.
//!
//! Implement `waker_for` and the four vtable functions. The book's version
//! (a null pointer and four empty functions) is the starting point: it wakes
//! nothing. The tests count references with `Arc::strong_count` after every
//! operation, wake from other threads, and run `block_on`, which sleeps until
//! its waker is called.
//!
//! (In real code, `impl std::task::Wake for Signal` and `Waker::from(arc)`
//! generate this vtable for you. Writing it once shows what they do.)

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};
use std::thread::{self, Thread};

/// What a waker points to: it counts wake-ups and unparks a thread.
pub struct Signal {
    wakes: AtomicUsize,
    thread: Option<Thread>,
}

impl Signal {
    pub fn new() -> Arc<Signal> {
        Arc::new(Signal {
            wakes: AtomicUsize::new(0),
            thread: None,
        })
    }

    /// A signal that also unparks the calling thread when woken.
    pub fn for_current_thread() -> Arc<Signal> {
        Arc::new(Signal {
            wakes: AtomicUsize::new(0),
            thread: Some(thread::current()),
        })
    }

    pub fn wakes(&self) -> usize {
        self.wakes.load(Ordering::SeqCst)
    }

    fn notify(&self) {
        self.wakes.fetch_add(1, Ordering::SeqCst);
        if let Some(thread) = &self.thread {
            thread.unpark();
        }
    }
}

static VTABLE: RawWakerVTable =
    RawWakerVTable::new(clone_waker, wake_waker, wake_by_ref_waker, drop_waker);

// TODO: this is the book's waker: a null data pointer and four functions that
// do nothing. Make the data pointer the `Arc<Signal>` (`Arc::into_raw`) and
// make the four functions keep its reference count exact.

/// Turns the `Arc` into a waker; the waker owns that one reference.
pub fn waker_for(signal: Arc<Signal>) -> Waker {
    let _ = signal;
    let raw = RawWaker::new(std::ptr::null(), &VTABLE);
    // SAFETY: the vtable functions never touch the pointer.
    unsafe { Waker::from_raw(raw) }
}

unsafe fn clone_waker(data: *const ()) -> RawWaker {
    RawWaker::new(data, &VTABLE)
}

unsafe fn wake_waker(_data: *const ()) {
    // Wake the task
}

unsafe fn wake_by_ref_waker(_data: *const ()) {
    // Wake without consuming
}

unsafe fn drop_waker(_data: *const ()) {}

/// Runs a future on the current thread, sleeping until it is woken.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let waker = waker_for(Signal::for_current_thread());
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
        thread::park();
    }
}

fn main() {
    let signal = Signal::new();
    let waker = waker_for(Arc::clone(&signal));
    let other = waker.clone();
    other.wake();
    waker.wake_by_ref();
    println!(
        "{} wake-ups, {} reference(s) left",
        signal.wakes(),
        Arc::strong_count(&signal)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn the_waker_owns_one_reference() {
        let signal = Signal::new();
        let waker = waker_for(Arc::clone(&signal));
        assert_eq!(Arc::strong_count(&signal), 2);
        drop(waker);
        assert_eq!(Arc::strong_count(&signal), 1);
    }

    #[test]
    fn clones_add_and_drops_release() {
        let signal = Signal::new();
        let waker = waker_for(Arc::clone(&signal));
        let clones: Vec<Waker> = (0..5).map(|_| waker.clone()).collect();
        assert_eq!(Arc::strong_count(&signal), 7);
        drop(clones);
        assert_eq!(Arc::strong_count(&signal), 2);
        drop(waker);
        assert_eq!(Arc::strong_count(&signal), 1);
    }

    #[test]
    fn wake_consumes_its_reference() {
        let signal = Signal::new();
        let waker = waker_for(Arc::clone(&signal));
        let clone = waker.clone();
        clone.wake();
        assert_eq!(signal.wakes(), 1);
        assert_eq!(Arc::strong_count(&signal), 2);
        waker.wake();
        assert_eq!(signal.wakes(), 2);
        assert_eq!(Arc::strong_count(&signal), 1);
    }

    #[test]
    fn wake_by_ref_keeps_it() {
        let signal = Signal::new();
        let waker = waker_for(Arc::clone(&signal));
        waker.wake_by_ref();
        waker.wake_by_ref();
        assert_eq!(signal.wakes(), 2);
        assert_eq!(Arc::strong_count(&signal), 2);
    }

    #[test]
    fn a_clone_will_wake_the_same_task() {
        let signal = Signal::new();
        let waker = waker_for(Arc::clone(&signal));
        assert!(waker.will_wake(&waker.clone()));
        assert!(!waker.will_wake(&waker_for(Signal::new())));
    }

    #[test]
    fn wakers_cross_threads() {
        let signal = Signal::new();
        let waker = waker_for(Arc::clone(&signal));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let w = waker.clone();
                thread::spawn(move || {
                    for _ in 0..100 {
                        w.wake_by_ref();
                        w.clone().wake();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(signal.wakes(), 800);
        drop(waker);
        assert_eq!(Arc::strong_count(&signal), 1);
    }

    /// Ready once another thread has set the flag and called the waker.
    struct WokenLater {
        polls: usize,
        done: Arc<std::sync::atomic::AtomicBool>,
    }

    impl Future for WokenLater {
        type Output = usize;
        fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<usize> {
            self.polls += 1;
            if self.done.load(Ordering::SeqCst) {
                return Poll::Ready(self.polls);
            }
            if self.polls == 1 {
                let (done, waker) = (Arc::clone(&self.done), cx.waker().clone());
                thread::spawn(move || {
                    thread::sleep(Duration::from_millis(30));
                    done.store(true, Ordering::SeqCst);
                    waker.wake();
                });
            }
            Poll::Pending
        }
    }

    #[test]
    fn block_on_sleeps_until_woken() {
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let polls = block_on(WokenLater {
                polls: 0,
                done: Default::default(),
            });
            tx.send(polls).unwrap();
        });
        let polls = rx
            .recv_timeout(Duration::from_secs(5))
            .expect("block_on never woke up");
        // Parking may wake spuriously, but not hundreds of times.
        assert!(polls >= 2 && polls < 10, "{polls} polls");
    }
}
