//! Tutor-owned tests for `oneshot_channel`: wake-up and drop counts the
//! learner's own tests cannot be loosened to pass.
#![allow(dead_code)]

#[path = "../oneshot_channel.rs"]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::{Canceled, Receiver, channel};
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex, mpsc};
    use std::task::{Context, Poll, RawWaker, RawWakerVTable, Wake, Waker};
    use std::thread;
    use std::time::{Duration, Instant};

    #[derive(Default)]
    struct Counter(AtomicUsize);

    impl Wake for Counter {
        fn wake(self: Arc<Self>) {
            self.wake_by_ref();
        }
        fn wake_by_ref(self: &Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn counting_waker() -> (Arc<Counter>, Waker) {
        let counter = Arc::new(Counter::default());
        (Arc::clone(&counter), Waker::from(Arc::clone(&counter)))
    }

    fn poll_once<T>(rx: &mut Receiver<T>, waker: &Waker) -> Poll<Result<T, Canceled>> {
        Pin::new(rx).poll(&mut Context::from_waker(waker))
    }

    #[test]
    fn hidden_wakes_stay_exact() {
        let (a, waker_a) = counting_waker();
        let (b, waker_b) = counting_waker();
        let (c, waker_c) = counting_waker();
        let (tx, mut rx) = channel();
        for waker in [&waker_a, &waker_a, &waker_b, &waker_c, &waker_b] {
            assert_eq!(poll_once(&mut rx, waker), Poll::Pending);
        }
        thread::spawn(move || tx.send(42u64).unwrap())
            .join()
            .unwrap();
        let wakes = |w: &Arc<Counter>| w.0.load(Ordering::SeqCst);
        assert_eq!((wakes(&a), wakes(&b), wakes(&c)), (0, 1, 0));
        assert_eq!(poll_once(&mut rx, &waker_b), Poll::Ready(Ok(42)));
        assert_eq!(wakes(&b), 1);

        let (tx, mut rx) = channel::<u64>();
        assert_eq!(poll_once(&mut rx, &waker_c), Poll::Pending);
        thread::spawn(move || drop(tx)).join().unwrap();
        assert_eq!(wakes(&c), 1, "a canceled receiver is woken once");
        assert_eq!(poll_once(&mut rx, &waker_c), Poll::Ready(Err(Canceled)));
    }

    /// A waker that counts its wake-ups and, the first time it is cloned,
    /// runs `hook` on another thread and waits (at most 200 ms) for it.
    struct Hooked {
        wakes: AtomicUsize,
        hook: Mutex<Option<Box<dyn FnOnce() + Send>>>,
    }

    static HOOKED: RawWakerVTable = RawWakerVTable::new(
        |p| {
            // SAFETY: `p` comes from `Arc::into_raw` in `hooked_waker`, and
            // the waker being cloned owns one reference.
            let hooked = unsafe { &*p.cast::<Hooked>() };
            let hook = hooked.hook.lock().unwrap().take();
            if let Some(hook) = hook {
                let (done, finished) = mpsc::channel();
                thread::spawn(move || {
                    hook();
                    done.send(()).ok();
                });
                // The receiver may hold a lock the hook needs: do not wait
                // for ever.
                finished.recv_timeout(Duration::from_millis(200)).ok();
            }
            // SAFETY: as above; the clone owns a new reference.
            unsafe { Arc::increment_strong_count(p.cast::<Hooked>()) };
            RawWaker::new(p, &HOOKED)
        },
        |p| {
            // SAFETY: the waker owned this reference.
            let hooked = unsafe { Arc::from_raw(p.cast::<Hooked>()) };
            hooked.wakes.fetch_add(1, Ordering::SeqCst);
        },
        |p| {
            // SAFETY: the waker is alive while it is borrowed.
            let hooked = unsafe { &*p.cast::<Hooked>() };
            hooked.wakes.fetch_add(1, Ordering::SeqCst);
        },
        |p| {
            // SAFETY: the waker owned this reference.
            drop(unsafe { Arc::from_raw(p.cast::<Hooked>()) });
        },
    );

    fn hooked_waker(hook: impl FnOnce() + Send + 'static) -> (Arc<Hooked>, Waker) {
        let hooked = Arc::new(Hooked {
            wakes: AtomicUsize::new(0),
            hook: Mutex::new(Some(Box::new(hook))),
        });
        let data = Arc::into_raw(Arc::clone(&hooked)).cast::<()>();
        // SAFETY: the vtable keeps the reference count of `data` exact.
        let waker = unsafe { Waker::from_raw(RawWaker::new(data, &HOOKED)) };
        (hooked, waker)
    }

    #[test]
    fn hidden_a_send_during_the_poll_is_not_lost() {
        // The value is sent while `poll` clones the new waker: after the
        // receiver's first look at the state, before its waker is stored.
        // The sender then finds the old waker, so the receiver must look at
        // the state again once its new waker is in place.
        let (old, old_waker) = counting_waker();
        let (tx, mut rx) = channel();
        assert_eq!(poll_once(&mut rx, &old_waker), Poll::Pending);
        let (new, new_waker) = hooked_waker(move || tx.send(7).unwrap());
        match poll_once(&mut rx, &new_waker) {
            Poll::Ready(out) => assert_eq!(out, Ok(7)),
            Poll::Pending => {
                thread::sleep(Duration::from_millis(300));
                let (old, new) = (
                    old.0.load(Ordering::SeqCst),
                    new.wakes.load(Ordering::SeqCst),
                );
                assert_eq!(
                    new, 1,
                    "the value was sent during the poll, which returned Pending, \
                     and the waker of that poll was woken {new} times (the old \
                     one {old} times): a lost wake-up"
                );
                assert_eq!(poll_once(&mut rx, &new_waker), Poll::Ready(Ok(7)));
            }
        }
    }

    struct Counted(Arc<AtomicUsize>);

    impl Drop for Counted {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn hidden_racing_halves_lose_nothing() {
        // Four threads, each running channels whose halves race: the value is
        // received, handed back or dropped with the slot, exactly once; a
        // receiver polled again (with a new waker) while the value is being
        // sent is either ready or woken later, never forgotten.
        let drops = Arc::new(AtomicUsize::new(0));
        let received = Arc::new(AtomicUsize::new(0));
        thread::scope(|s| {
            for t in 0..4 {
                let (drops, received) = (&drops, &received);
                s.spawn(move || {
                    for i in 0..300 {
                        let (old, old_waker) = counting_waker();
                        let (new, new_waker) = counting_waker();
                        let (tx, mut rx) = channel();
                        let pending = poll_once(&mut rx, &old_waker).is_pending();
                        assert!(pending, "nothing was sent yet");
                        let value = Counted(Arc::clone(drops));
                        let sender = thread::spawn(move || {
                            let _ = tx.send(value);
                        });
                        let drop_receiver = (t + i) % 3 == 0;
                        if drop_receiver {
                            drop(rx);
                        } else {
                            let value = match poll_once(&mut rx, &new_waker) {
                                Poll::Ready(out) => out,
                                Poll::Pending => {
                                    let deadline = Instant::now() + Duration::from_secs(5);
                                    while new.0.load(Ordering::SeqCst) == 0 {
                                        assert!(
                                            Instant::now() < deadline,
                                            "a send during a poll was lost: the waker of \
                                             that poll was never woken"
                                        );
                                        thread::yield_now();
                                    }
                                    assert_eq!(old.0.load(Ordering::SeqCst), 0, "a stale waker");
                                    match poll_once(&mut rx, &new_waker) {
                                        Poll::Ready(out) => out,
                                        Poll::Pending => panic!("woken, but nothing is there"),
                                    }
                                }
                            };
                            assert!(value.is_ok(), "canceled after a send");
                            received.fetch_add(1, Ordering::SeqCst);
                        }
                        sender.join().unwrap();
                        let wakes = old.0.load(Ordering::SeqCst) + new.0.load(Ordering::SeqCst);
                        assert!(wakes <= 1, "{wakes} wake-ups for one send");
                    }
                });
            }
        });
        assert_eq!(drops.load(Ordering::SeqCst), 1200);
        assert_eq!(received.load(Ordering::SeqCst), 800);
    }
}
