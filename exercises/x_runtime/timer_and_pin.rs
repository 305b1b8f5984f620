//! Timers, and pinning by hand.
//!
//! `Delay::new(d)` completes once `d` has passed. It must not spin, and it
//! must not start a thread per delay: on its first pending poll it registers
//! its deadline and waker with the shared timer thread (provided below), which
//! sleeps until the earliest deadline and wakes whoever is due. A task can be
//! polled with a different waker each time (it may move between executors),
//! so every pending poll must store the *latest* waker.
//!
//! `Timeout<F>` runs a future with a deadline: `Ok(output)` if the future
//! finishes first, `Err(Elapsed)` otherwise. `F` may be `!Unpin` (an `async`
//! block that borrows across an `.await`), so `Timeout::poll` must turn
//! `Pin<&mut Timeout<F>>` into `Pin<&mut F>` itself: a *pin projection*,
//! written here without the `pin-project` crate.
//!
//! The tests check that a delay waits at least its duration and is polled
//! only a few times, that the latest waker is the one woken, that a zero delay
//! is ready at once, and `Timeout` with fast, slow and `!Unpin` futures. A
//! tutor-owned program checks that `Timeout<F>` is not `Unpin` when `F` is not.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

/// What a delay and the timer thread share.
#[derive(Default)]
struct Shared {
    fired: AtomicBool,
    waker: Mutex<Option<Waker>>,
}

/// One registration: due at `deadline`. Ordered by deadline, then by `id`.
struct Entry {
    deadline: Instant,
    id: u64,
    shared: Arc<Shared>,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        (self.deadline, self.id) == (other.deadline, other.id)
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.deadline, self.id).cmp(&(other.deadline, other.id))
    }
}

/// The timer thread: one for the whole program, started on first use.
struct Timer {
    heap: Mutex<(BinaryHeap<Reverse<Entry>>, u64)>,
    changed: Condvar,
}

impl Timer {
    fn get() -> &'static Timer {
        static TIMER: OnceLock<&'static Timer> = OnceLock::new();
        TIMER.get_or_init(|| {
            let timer: &'static Timer = Box::leak(Box::new(Timer {
                heap: Mutex::new((BinaryHeap::new(), 0)),
                changed: Condvar::new(),
            }));
            thread::spawn(move || timer.run());
            timer
        })
    }

    fn register(&self, deadline: Instant, shared: Arc<Shared>) {
        let mut guard = self.heap.lock().unwrap();
        let (heap, next_id) = &mut *guard;
        *next_id += 1;
        heap.push(Reverse(Entry {
            deadline,
            id: *next_id,
            shared,
        }));
        self.changed.notify_one();
    }

    fn run(&self) {
        let mut guard = self.heap.lock().unwrap();
        loop {
            let now = Instant::now();
            while guard.0.peek().is_some_and(|e| e.0.deadline <= now) {
                let Reverse(entry) = guard.0.pop().unwrap();
                entry.shared.fired.store(true, Ordering::Release);
                if let Some(waker) = entry.shared.waker.lock().unwrap().take() {
                    waker.wake();
                }
            }
            guard = match guard.0.peek().map(|e| e.0.deadline) {
                Some(deadline) => {
                    let wait = deadline.saturating_duration_since(now);
                    self.changed.wait_timeout(guard, wait).unwrap().0
                }
                None => self.changed.wait(guard).unwrap(),
            };
        }
    }
}

pub struct Delay {
    deadline: Instant,
    /// `None` until the first pending poll registers with the timer.
    shared: Option<Arc<Shared>>,
}

impl Delay {
    pub fn new(duration: Duration) -> Delay {
        Delay {
            deadline: Instant::now() + duration,
            shared: None,
        }
    }
}

impl Future for Delay {
    type Output = ();

    // TODO: ready once the deadline has passed. Otherwise register with the
    // timer on the first poll (`Timer::get().register`), store the latest
    // waker on every poll, and make sure a wake-up that races with this poll
    // is not lost.
    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        todo!("Delay::poll")
    }
}

/// The error of a `Timeout` whose deadline passed first.
#[derive(Debug, PartialEq, Eq)]
pub struct Elapsed;

pub struct Timeout<F> {
    inner: F,
    delay: Delay,
}

pub fn timeout<F: Future>(duration: Duration, inner: F) -> Timeout<F> {
    Timeout {
        inner,
        delay: Delay::new(duration),
    }
}

impl<F: Future> Future for Timeout<F> {
    type Output = Result<F::Output, Elapsed>;

    // TODO: poll `inner`, then `delay`. `F` may not be `Unpin`: you need a
    // `Pin<&mut F>` made from `Pin<&mut Self>`, and a comment that says why
    // it is sound.
    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Self::Output> {
        todo!("Timeout::poll")
    }
}

/// Counts wake-ups and unparks the thread that made it.
struct ThreadWaker {
    thread: Thread,
    wakes: AtomicUsize,
}

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.wakes.fetch_add(1, Ordering::SeqCst);
        self.thread.unpark();
    }
}

/// Runs a future on this thread; returns its output and how often it was polled.
pub fn block_on<F: Future>(future: F) -> (F::Output, usize) {
    let mut future = pin!(future);
    let waker = Waker::from(Arc::new(ThreadWaker {
        thread: thread::current(),
        wakes: AtomicUsize::new(0),
    }));
    let mut cx = Context::from_waker(&waker);
    let mut polls = 0;
    loop {
        polls += 1;
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return (out, polls);
        }
        thread::park();
    }
}

fn main() {
    let start = Instant::now();
    let (result, polls) = block_on(timeout(Duration::from_millis(50), async {
        Delay::new(Duration::from_millis(10)).await;
        "fast enough"
    }));
    println!("{result:?} after {:?} and {polls} polls", start.elapsed());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A waker that counts its wake-ups and does nothing else.
    struct CountingWaker(AtomicUsize);

    impl Wake for CountingWaker {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn counting() -> (Arc<CountingWaker>, Waker) {
        let counter = Arc::new(CountingWaker(AtomicUsize::new(0)));
        (Arc::clone(&counter), Waker::from(counter))
    }

    #[test]
    fn a_delay_waits_at_least_its_duration() {
        let start = Instant::now();
        let ((), polls) = block_on(Delay::new(Duration::from_millis(60)));
        assert!(start.elapsed() >= Duration::from_millis(60));
        assert!(polls <= 3, "polled {polls} times: the delay spins");
    }

    #[test]
    fn a_zero_delay_is_ready_at_once() {
        let (_, waker) = counting();
        let mut delay = Delay::new(Duration::ZERO);
        let poll = Pin::new(&mut delay).poll(&mut Context::from_waker(&waker));
        assert_eq!(poll, Poll::Ready(()));
    }

    #[test]
    fn the_latest_waker_is_woken() {
        let (first, first_waker) = counting();
        let (second, second_waker) = counting();
        let mut delay = Delay::new(Duration::from_millis(40));
        let mut d = Pin::new(&mut delay);
        assert!(
            d.as_mut()
                .poll(&mut Context::from_waker(&first_waker))
                .is_pending()
        );
        assert!(
            d.as_mut()
                .poll(&mut Context::from_waker(&second_waker))
                .is_pending()
        );
        thread::sleep(Duration::from_millis(200));
        assert_eq!(first.0.load(Ordering::SeqCst), 0, "a stale waker was woken");
        assert_eq!(
            second.0.load(Ordering::SeqCst),
            1,
            "the latest waker was not woken"
        );
        assert!(d.poll(&mut Context::from_waker(&second_waker)).is_ready());
    }

    #[test]
    fn delays_fire_in_deadline_order() {
        let wakers: Vec<_> = (0..3).map(|_| counting()).collect();
        let mut delays: Vec<Delay> = [300, 20, 40]
            .into_iter()
            .map(|ms| Delay::new(Duration::from_millis(ms)))
            .collect();
        for (delay, (_, waker)) in delays.iter_mut().zip(&wakers) {
            assert!(
                Pin::new(delay)
                    .poll(&mut Context::from_waker(waker))
                    .is_pending()
            );
        }
        thread::sleep(Duration::from_millis(150));
        let woken: Vec<usize> = wakers
            .iter()
            .map(|(c, _)| c.0.load(Ordering::SeqCst))
            .collect();
        assert_eq!(woken, [0, 1, 1]);
    }

    #[test]
    fn a_fast_future_beats_the_timeout() {
        let (result, _) = block_on(timeout(
            Duration::from_millis(500),
            Delay::new(Duration::from_millis(10)),
        ));
        assert_eq!(result, Ok(()));
    }

    #[test]
    fn a_slow_future_times_out() {
        let start = Instant::now();
        let (result, polls) = block_on(timeout(
            Duration::from_millis(30),
            Delay::new(Duration::from_secs(10)),
        ));
        assert_eq!(result, Err(Elapsed));
        assert!(start.elapsed() < Duration::from_secs(2));
        assert!(polls <= 3, "polled {polls} times");
    }

    #[test]
    fn timeout_accepts_futures_that_are_not_unpin() {
        let (result, _) = block_on(timeout(Duration::from_millis(500), async {
            let owned = String::from("borrowed across an await");
            let borrowed = &owned;
            Delay::new(Duration::from_millis(5)).await;
            borrowed.len()
        }));
        assert_eq!(result, Ok(24));
    }
}
