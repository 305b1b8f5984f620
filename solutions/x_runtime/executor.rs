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

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::task::{Context, Poll, Wake, Waker};

type BoxFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// What the executor and every waker share.
struct Shared {
    queue: Mutex<VecDeque<Arc<Task>>>,
    ready: Condvar,
    /// Tasks spawned and not finished yet.
    pending: AtomicUsize,
    polls: AtomicUsize,
}

struct Task {
    future: Mutex<Option<BoxFuture>>,
    /// Set while the task sits in the queue, so a second wake does nothing.
    queued: AtomicBool,
    shared: Arc<Shared>,
}

impl Shared {
    fn schedule(&self, task: Arc<Task>) {
        if !task.queued.swap(true, Ordering::AcqRel) {
            self.queue.lock().unwrap().push_back(task);
            self.ready.notify_one();
        }
    }
}

impl Wake for Task {
    fn wake(self: Arc<Self>) {
        let shared = Arc::clone(&self.shared);
        shared.schedule(self);
    }
}

/// Spawns tasks onto an executor; it can be cloned into tasks.
#[derive(Clone)]
pub struct Spawner {
    shared: Arc<Shared>,
}

impl Spawner {
    pub fn spawn(&self, future: impl Future<Output = ()> + Send + 'static) {
        self.shared.pending.fetch_add(1, Ordering::SeqCst);
        let task = Arc::new(Task {
            future: Mutex::new(Some(Box::pin(future))),
            queued: AtomicBool::new(false),
            shared: Arc::clone(&self.shared),
        });
        self.shared.schedule(task);
    }
}

pub struct Executor {
    shared: Arc<Shared>,
}

impl Default for Executor {
    fn default() -> Self {
        Self::new()
    }
}

impl Executor {
    pub fn new() -> Executor {
        Executor {
            shared: Arc::new(Shared {
                queue: Mutex::new(VecDeque::new()),
                ready: Condvar::new(),
                pending: AtomicUsize::new(0),
                polls: AtomicUsize::new(0),
            }),
        }
    }

    pub fn spawner(&self) -> Spawner {
        Spawner {
            shared: Arc::clone(&self.shared),
        }
    }

    pub fn spawn(&self, future: impl Future<Output = ()> + Send + 'static) {
        self.spawner().spawn(future);
    }

    /// How many times a task was polled, in total.
    pub fn polls(&self) -> usize {
        self.shared.polls.load(Ordering::SeqCst)
    }

    /// Runs until every spawned task has finished.
    pub fn run(&self) {
        while let Some(task) = self.next_task() {
            // Clear the flag before polling: a wake during the poll must
            // queue the task again.
            task.queued.store(false, Ordering::Release);
            let mut slot = task.future.lock().unwrap();
            let Some(future) = slot.as_mut() else {
                continue; // finished; a late wake put it back
            };
            let waker = Waker::from(Arc::clone(&task));
            self.shared.polls.fetch_add(1, Ordering::SeqCst);
            if future
                .as_mut()
                .poll(&mut Context::from_waker(&waker))
                .is_ready()
            {
                *slot = None;
                drop(slot);
                if self.shared.pending.fetch_sub(1, Ordering::SeqCst) == 1 {
                    // The last task: wake `next_task` if it waits.
                    self.shared.ready.notify_all();
                }
            }
        }
    }

    /// The next task to poll, sleeping while none is ready; `None` when every
    /// task has finished.
    fn next_task(&self) -> Option<Arc<Task>> {
        let mut queue = self.shared.queue.lock().unwrap();
        loop {
            if let Some(task) = queue.pop_front() {
                return Some(task);
            }
            if self.shared.pending.load(Ordering::SeqCst) == 0 {
                return None;
            }
            queue = self.shared.ready.wait(queue).unwrap();
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
