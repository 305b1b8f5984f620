//! Tutor-owned tests for `executor`: poll counts the learner's own tests
//! cannot be loosened to pass.
#![allow(dead_code)]

#[path = "../executor.rs"]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::Executor;
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, mpsc};
    use std::task::{Context, Poll};
    use std::thread;
    use std::time::Duration;

    /// Pending until another thread has woken it `wakes` times, 20 ms apart.
    struct WokenRepeatedly {
        started: bool,
        left: Arc<AtomicUsize>,
    }

    impl Future for WokenRepeatedly {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.left.load(Ordering::SeqCst) == 0 {
                return Poll::Ready(());
            }
            if !self.started {
                self.started = true;
                let (left, waker) = (Arc::clone(&self.left), cx.waker().clone());
                thread::spawn(move || {
                    while left.load(Ordering::SeqCst) > 0 {
                        thread::sleep(Duration::from_millis(20));
                        left.fetch_sub(1, Ordering::SeqCst);
                        waker.wake_by_ref();
                    }
                });
            }
            Poll::Pending
        }
    }

    fn run(executor: Executor) -> Executor {
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            executor.run();
            tx.send(executor).ok();
        });
        rx.recv_timeout(Duration::from_secs(5))
            .expect("run() did not return")
    }

    #[test]
    fn hidden_each_wake_is_one_poll() {
        let executor = Executor::new();
        for _ in 0..3 {
            executor.spawn(WokenRepeatedly {
                started: false,
                left: Arc::new(AtomicUsize::new(3)),
            });
        }
        let executor = run(executor);
        // One first poll, then at most one poll per wake.
        let polls = executor.polls();
        assert!(
            (6..=12).contains(&polls),
            "{polls} polls for 3 tasks woken 3 times"
        );
    }
}
