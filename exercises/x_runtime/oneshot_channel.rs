//! A oneshot channel from scratch: the core of `tokio::sync::oneshot`.
//!
//! One value goes from a `Sender` to a `Receiver`, which is a `Future`. The
//! two halves share a slot (`Inner`): an atomic `state` of flags, the value
//! in an `UnsafeCell`, and the receiver's waker. Make it behave like tokio's:
//! - `send` stores the value, then sets `VALUE_SENT` and wakes the receiver
//!   (once; a receiver that is polled but not woken must not wake itself,
//!   that would be a busy loop);
//! - the receiver stores the waker of its *latest* poll (the task may have
//!   moved to another thread or executor since the previous one) and looks at
//!   the state again after storing it, or a send in between is lost (a
//!   tutor-owned test sends the value while your `poll` clones the waker);
//! - a sender dropped without sending resolves the receiver with
//!   `Err(Canceled)`, and wakes it;
//! - a value sent after the receiver was dropped comes back: `Err(value)`,
//!   and a dropped receiver frees its waker at once (it may hold a whole
//!   task, and the sender may live on for a long time);
//! - the value is dropped exactly once: by the receiver that took it, or with
//!   the slot by whichever half drops last.
//!
//! The orderings are part of the answer: the `Release` that sets
//! `VALUE_SENT` publishes the value, the receiver's `Acquire` load makes it
//! visible before it is read. The tests poll the receiver by hand with a waker
//! that counts its wake-ups, run it on a small `block_on`, and count drops.

use std::cell::UnsafeCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Waker};

/// The sender has written the slot.
const VALUE_SENT: usize = 0b001;

/// The sender was dropped without sending a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Canceled;

impl fmt::Display for Canceled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the sender was dropped without sending")
    }
}

impl std::error::Error for Canceled {}

// TODO: this first version works only when the value is sent: the receiver
// never sleeps (it asks to be polled again at once), a dropped sender leaves
// it waiting forever, and a value sent to a dropped receiver is lost. Add
// the flags for "sender gone" and "receiver gone", a place for the
// receiver's waker, and `Drop` for both halves. Then replace every `SeqCst`
// with the ordering each access needs, and say why in a comment.

struct Inner<T> {
    state: AtomicUsize,
    /// Written by the sender before it sets `VALUE_SENT`; after that, read by
    /// the receiver only.
    value: UnsafeCell<Option<T>>,
}

// SAFETY: the value moves from the sender's thread to the receiver's (hence
// `T: Send`), and the state hands the slot over: one side at a time touches it.
unsafe impl<T: Send> Send for Inner<T> {}
// SAFETY: as above; no `&T` is ever shared between the two halves.
unsafe impl<T: Send> Sync for Inner<T> {}

/// Sends one value to the `Receiver`.
pub struct Sender<T> {
    inner: Arc<Inner<T>>,
}

/// Waits for the value: `Ok(value)`, or `Err(Canceled)` when the sender was
/// dropped without sending.
pub struct Receiver<T> {
    inner: Arc<Inner<T>>,
}

/// A channel for one value.
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let inner = Arc::new(Inner {
        state: AtomicUsize::new(0),
        value: UnsafeCell::new(None),
    });
    (
        Sender {
            inner: Arc::clone(&inner),
        },
        Receiver { inner },
    )
}

impl<T> Sender<T> {
    /// Sends `value`, or gives it back if the receiver was dropped.
    pub fn send(self, value: T) -> Result<(), T> {
        // SAFETY: only the sender writes the slot, and the receiver reads it
        // only after it has seen VALUE_SENT, which is set below.
        unsafe { *self.inner.value.get() = Some(value) };
        self.inner.state.fetch_or(VALUE_SENT, Ordering::SeqCst);
        Ok(())
    }
}

impl<T> Future for Receiver<T> {
    type Output = Result<T, Canceled>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if self.inner.state.load(Ordering::SeqCst) & VALUE_SENT != 0 {
            // SAFETY: the sender wrote the slot before setting VALUE_SENT and
            // never touches it again.
            let value = unsafe { (*self.inner.value.get()).take() };
            return Poll::Ready(Ok(
                value.expect("the receiver was polled after it completed")
            ));
        }
        // "Poll me again": the executor spins on this future until the value
        // is there.
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

fn main() {
    /// Wakes this thread up.
    struct Unpark(std::thread::Thread);

    impl std::task::Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }

    let (tx, mut rx) = channel();
    let sender = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(10));
        tx.send(String::from("hello"))
    });
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut polls = 0;
    let got = loop {
        polls += 1;
        match Pin::new(&mut rx).poll(&mut cx) {
            Poll::Ready(out) => break out,
            Poll::Pending => std::thread::park(),
        }
    };
    sender.join().unwrap().unwrap();
    println!("received {got:?} after {polls} polls");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::task::Wake;
    use std::thread::{self, Thread};
    use std::time::Duration;

    /// A waker that counts its wake-ups and unparks a thread.
    struct Counter {
        wakes: AtomicUsize,
        thread: Thread,
    }

    impl Wake for Counter {
        fn wake(self: Arc<Self>) {
            self.wake_by_ref();
        }
        fn wake_by_ref(self: &Arc<Self>) {
            self.wakes.fetch_add(1, Ordering::SeqCst);
            self.thread.unpark();
        }
    }

    fn counting_waker() -> (Arc<Counter>, Waker) {
        let counter = Arc::new(Counter {
            wakes: AtomicUsize::new(0),
            thread: thread::current(),
        });
        (Arc::clone(&counter), Waker::from(counter))
    }

    impl Counter {
        fn wakes(&self) -> usize {
            self.wakes.load(Ordering::SeqCst)
        }
    }

    fn poll_once<T>(rx: &mut Receiver<T>, waker: &Waker) -> Poll<Result<T, Canceled>> {
        Pin::new(rx).poll(&mut Context::from_waker(waker))
    }

    /// Polls on the current thread, parking until woken; returns the output
    /// and the number of polls.
    fn block_on<F: Future + Unpin>(mut future: F) -> (F::Output, usize) {
        let (_, waker) = counting_waker();
        let mut cx = Context::from_waker(&waker);
        let mut polls = 0;
        loop {
            polls += 1;
            if let Poll::Ready(out) = Pin::new(&mut future).poll(&mut cx) {
                return (out, polls);
            }
            thread::park();
        }
    }

    #[derive(Debug)]
    struct Counted(Arc<AtomicUsize>);

    impl Drop for Counted {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn a_sent_value_is_received() {
        let (counter, waker) = counting_waker();
        let (tx, mut rx) = channel();
        assert_eq!(tx.send(7), Ok(()));
        assert_eq!(poll_once(&mut rx, &waker), Poll::Ready(Ok(7)));
        assert_eq!(counter.wakes(), 0, "nobody was waiting");
    }

    #[test]
    fn a_pending_receiver_is_woken_once_by_send() {
        let (counter, waker) = counting_waker();
        let (tx, mut rx) = channel();
        assert_eq!(poll_once(&mut rx, &waker), Poll::Pending);
        assert_eq!(poll_once(&mut rx, &waker), Poll::Pending);
        assert_eq!(
            counter.wakes(),
            0,
            "a receiver that waits must not wake itself (a busy loop)"
        );
        tx.send("hello").unwrap();
        assert_eq!(counter.wakes(), 1, "send wakes the receiver once");
        assert_eq!(poll_once(&mut rx, &waker), Poll::Ready(Ok("hello")));
        assert_eq!(counter.wakes(), 1);
    }

    #[test]
    fn only_the_latest_waker_is_woken() {
        let (first, first_waker) = counting_waker();
        let (latest, latest_waker) = counting_waker();
        let (tx, mut rx) = channel();
        assert_eq!(poll_once(&mut rx, &first_waker), Poll::Pending);
        assert_eq!(poll_once(&mut rx, &latest_waker), Poll::Pending);
        tx.send(1).unwrap();
        assert_eq!(
            first.wakes(),
            0,
            "the task moved on: its old waker is stale"
        );
        assert_eq!(latest.wakes(), 1);
        assert_eq!(poll_once(&mut rx, &latest_waker), Poll::Ready(Ok(1)));
    }

    #[test]
    fn a_dropped_sender_cancels() {
        let (counter, waker) = counting_waker();
        let (tx, mut rx) = channel::<u8>();
        assert_eq!(poll_once(&mut rx, &waker), Poll::Pending);
        drop(tx);
        assert_eq!(counter.wakes(), 1, "dropping the sender wakes the receiver");
        assert_eq!(poll_once(&mut rx, &waker), Poll::Ready(Err(Canceled)));

        let (tx, mut rx) = channel::<u8>();
        drop(tx);
        assert_eq!(poll_once(&mut rx, &waker), Poll::Ready(Err(Canceled)));
    }

    #[test]
    fn a_value_sent_to_a_dropped_receiver_comes_back() {
        let (tx, rx) = channel();
        drop(rx);
        assert_eq!(tx.send(String::from("late")), Err(String::from("late")));

        // Also after the receiver has waited.
        let (_, waker) = counting_waker();
        let (tx, mut rx) = channel();
        assert_eq!(poll_once(&mut rx, &waker), Poll::Pending);
        drop(rx);
        assert_eq!(tx.send(5), Err(5));
    }

    #[test]
    fn a_dropped_receiver_releases_its_waker() {
        // The waker may keep a whole task alive, and the sender may live on
        // for a long time: a receiver that is gone frees its waker at once.
        let (counter, waker) = counting_waker();
        let (tx, mut rx) = channel::<u8>();
        assert_eq!(poll_once(&mut rx, &waker), Poll::Pending);
        drop(waker);
        assert_eq!(Arc::strong_count(&counter), 2, "the receiver holds one");
        drop(rx);
        assert_eq!(Arc::strong_count(&counter), 1);
        assert_eq!(tx.send(1), Err(1));
        assert_eq!(counter.wakes(), 0);
    }

    #[test]
    fn values_are_dropped_exactly_once() {
        let drops = Arc::new(AtomicUsize::new(0));
        let (_, waker) = counting_waker();

        // Received: the receiver's caller owns it.
        let (tx, mut rx) = channel();
        tx.send(Counted(Arc::clone(&drops))).unwrap();
        let Poll::Ready(Ok(value)) = poll_once(&mut rx, &waker) else {
            panic!("the value was sent")
        };
        drop(rx);
        assert_eq!(drops.load(Ordering::SeqCst), 0);
        drop(value);
        assert_eq!(drops.load(Ordering::SeqCst), 1);

        // Sent but never received: dropped with the receiver.
        let (tx, rx) = channel();
        tx.send(Counted(Arc::clone(&drops))).unwrap();
        assert_eq!(
            drops.load(Ordering::SeqCst),
            1,
            "the receiver still owns it"
        );
        drop(rx);
        assert_eq!(drops.load(Ordering::SeqCst), 2);

        // Sent after the receiver was dropped: handed back, not dropped.
        let (tx, rx) = channel();
        drop(rx);
        let back = tx.send(Counted(Arc::clone(&drops))).unwrap_err();
        assert_eq!(drops.load(Ordering::SeqCst), 2);
        drop(back);
        assert_eq!(drops.load(Ordering::SeqCst), 3);

        // Never sent.
        let (tx, rx) = channel::<Counted>();
        drop((tx, rx));
        assert_eq!(drops.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn the_receiver_waits_on_another_thread() {
        let (tx, rx) = channel();
        let (done_tx, done_rx) = mpsc::channel();
        thread::spawn(move || done_tx.send(block_on(rx)).unwrap());
        thread::sleep(Duration::from_millis(30));
        tx.send(vec![1, 2, 3]).unwrap();
        let (out, polls) = done_rx
            .recv_timeout(Duration::from_secs(5))
            .expect("the receiver was never woken");
        assert_eq!(out, Ok(vec![1, 2, 3]));
        // Parking may wake spuriously, but not hundreds of times.
        assert!(polls < 10, "{polls} polls: the receiver busy-loops");
    }

    #[test]
    fn a_send_racing_a_drop_hands_the_value_to_one_side() {
        let drops = Arc::new(AtomicUsize::new(0));
        for round in 1..=500 {
            let (tx, rx) = channel();
            let value = Counted(Arc::clone(&drops));
            let sender = thread::spawn(move || tx.send(value).is_err());
            drop(rx);
            let came_back = sender.join().unwrap();
            assert_eq!(
                drops.load(Ordering::SeqCst),
                round,
                "round {round}: dropped twice or never (came back: {came_back})"
            );
        }
    }

    #[test]
    fn both_halves_cross_threads() {
        fn sendable<S: Send>() {}
        sendable::<Sender<String>>();
        sendable::<Receiver<String>>();
    }
}
