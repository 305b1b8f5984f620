//! An executor that sleeps when there is nothing to do.
//!
//! The book's executor polls every task in a loop with a waker that does
//! nothing: a task waiting for a timer or a socket is polled millions of times
//! and the CPU spins at 100%. A real executor polls a task only when its waker
//! says it can make progress:
//! - a *run queue* holds the tasks that are ready to be polled;
//! - each task's waker puts the task back on the queue (once: a task woken
//!   twice before it runs is polled once);
//! - when the queue is empty and tasks are still pending, `run` blocks on a
//!   `Condvar` until a waker pushes something;
//! - `run` returns when every task has finished.
//!
//! Rewrite `Executor` around a run queue. The tests count polls: a task woken
//! once by another thread is polled exactly twice; a task that wakes itself
//! twice is polled twice; a waker used after its task finished is harmless;
//! tasks can spawn tasks.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

type BoxFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

// TODO: this is the book's executor. It polls every task again and again with
// a waker that does nothing. Replace it with a run queue that wakers push to,
// and a `run` that sleeps while the queue is empty. Keep the public API.

/// Spawns tasks onto an executor; it can be cloned into tasks.
#[derive(Clone)]
pub struct Spawner {
    incoming: Arc<Mutex<Vec<BoxFuture>>>,
}

impl Spawner {
    pub fn spawn(&self, future: impl Future<Output = ()> + Send + 'static) {
        self.incoming.lock().unwrap().push(Box::pin(future));
    }
}

#[derive(Default)]
pub struct Executor {
    incoming: Arc<Mutex<Vec<BoxFuture>>>,
    polls: AtomicUsize,
}

impl Executor {
    pub fn new() -> Executor {
        Executor::default()
    }

    pub fn spawner(&self) -> Spawner {
        Spawner {
            incoming: Arc::clone(&self.incoming),
        }
    }

    pub fn spawn(&self, future: impl Future<Output = ()> + Send + 'static) {
        self.spawner().spawn(future);
    }

    /// How many times a task was polled, in total.
    pub fn polls(&self) -> usize {
        self.polls.load(Ordering::SeqCst)
    }

    /// Runs until every spawned task has finished.
    pub fn run(&self) {
        let mut tasks: Vec<BoxFuture> = Vec::new();
        loop {
            tasks.append(&mut self.incoming.lock().unwrap());
            if tasks.is_empty() {
                return;
            }
            tasks.retain_mut(|task| {
                let waker = Waker::noop();
                let mut cx = Context::from_waker(waker);
                self.polls.fetch_add(1, Ordering::SeqCst);
                match task.as_mut().poll(&mut cx) {
                    Poll::Ready(()) => false, // Remove
                    Poll::Pending => true,    // Keep
                }
            });
        }
    }
}

/// A future that returns `Pending` once, after asking to be polled again.
pub struct YieldNow(bool);

pub fn yield_now() -> YieldNow {
    YieldNow(false)
}

impl Future for YieldNow {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

fn main() {
    let executor = Executor::new();
    let spawner = executor.spawner();
    let total = Arc::new(AtomicUsize::new(0));
    for i in 1..=3 {
        let (spawner, total) = (spawner.clone(), Arc::clone(&total));
        executor.spawn(async move {
            yield_now().await;
            total.fetch_add(i, Ordering::SeqCst);
            spawner.spawn(async {});
        });
    }
    executor.run();
    println!(
        "total {} after {} polls",
        total.load(Ordering::SeqCst),
        executor.polls()
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;
    use std::sync::mpsc;
    use std::thread;
    use std::time::Duration;

    /// Ready after another thread sets the flag and wakes the task.
    struct WokenLater {
        started: bool,
        done: Arc<AtomicBool>,
    }

    impl Future for WokenLater {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.done.load(Ordering::SeqCst) {
                return Poll::Ready(());
            }
            if !self.started {
                self.started = true;
                let (done, waker) = (Arc::clone(&self.done), cx.waker().clone());
                thread::spawn(move || {
                    thread::sleep(Duration::from_millis(50));
                    done.store(true, Ordering::SeqCst);
                    waker.wake();
                });
            }
            Poll::Pending
        }
    }

    fn woken_later() -> WokenLater {
        WokenLater {
            started: false,
            done: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Runs the executor on another thread and fails if it never returns.
    fn run_with_deadline(executor: Executor) -> Executor {
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            executor.run();
            tx.send(executor).ok();
        });
        rx.recv_timeout(Duration::from_secs(5))
            .expect("run() did not return: a task was never polled again")
    }

    #[test]
    fn runs_every_task_to_completion() {
        let executor = Executor::new();
        let count = Arc::new(AtomicUsize::new(0));
        for _ in 0..10 {
            let count = Arc::clone(&count);
            executor.spawn(async move {
                yield_now().await;
                count.fetch_add(1, Ordering::SeqCst);
            });
        }
        let executor = run_with_deadline(executor);
        assert_eq!(count.load(Ordering::SeqCst), 10);
        assert_eq!(executor.polls(), 20);
    }

    #[test]
    fn a_waiting_task_is_not_polled() {
        let executor = Executor::new();
        executor.spawn(woken_later());
        let executor = run_with_deadline(executor);
        assert_eq!(executor.polls(), 2, "polled once, then once after the wake");
    }

    #[test]
    fn two_wakes_queue_the_task_once() {
        let executor = Executor::new();
        let mut first = true;
        executor.spawn(std::future::poll_fn(move |cx| {
            if first {
                first = false;
                cx.waker().wake_by_ref();
                cx.waker().clone().wake();
                Poll::Pending
            } else {
                Poll::Ready(())
            }
        }));
        let executor = run_with_deadline(executor);
        assert_eq!(executor.polls(), 2);
    }

    #[test]
    fn a_late_wake_is_harmless() {
        let executor = Executor::new();
        let kept: Arc<Mutex<Option<Waker>>> = Arc::default();
        let slot = Arc::clone(&kept);
        executor.spawn(std::future::poll_fn(move |cx| {
            *slot.lock().unwrap() = Some(cx.waker().clone());
            Poll::Ready(())
        }));
        let executor = run_with_deadline(executor);
        kept.lock().unwrap().take().unwrap().wake();
        executor.spawn(async {});
        let executor = run_with_deadline(executor);
        assert_eq!(executor.polls(), 2, "the finished task is not polled again");
    }

    #[test]
    fn tasks_spawn_tasks() {
        let executor = Executor::new();
        let spawner = executor.spawner();
        let count = Arc::new(AtomicUsize::new(0));
        let outer = Arc::clone(&count);
        executor.spawn(async move {
            for _ in 0..5 {
                let count = Arc::clone(&outer);
                spawner.spawn(async move {
                    woken_later().await;
                    count.fetch_add(1, Ordering::SeqCst);
                });
            }
        });
        let executor = run_with_deadline(executor);
        assert_eq!(count.load(Ordering::SeqCst), 5);
        assert_eq!(executor.polls(), 11);
    }

    #[test]
    fn run_returns_when_nothing_was_spawned() {
        let executor = run_with_deadline(Executor::new());
        assert_eq!(executor.polls(), 0);
    }
}
