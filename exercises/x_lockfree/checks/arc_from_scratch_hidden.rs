//! Tutor-owned stress tests for `arc_from_scratch`: four threads clone and
//! drop one `MyArc` at once, and race to be its last owner. The count must
//! stay exact and the value must be dropped exactly once, by the last owner.
#![allow(dead_code)]

#[path = "../arc_from_scratch.rs"]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::MyArc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Barrier};
    use std::thread;

    /// Counts its drops; checks that its contents are intact when dropped.
    struct Counted {
        drops: Arc<AtomicUsize>,
        payload: Vec<u64>,
    }

    impl Counted {
        fn new(drops: &Arc<AtomicUsize>) -> Counted {
            Counted {
                drops: Arc::clone(drops),
                payload: (0..64).collect(),
            }
        }

        fn intact(&self) -> bool {
            self.payload.iter().copied().eq(0..64)
        }
    }

    impl Drop for Counted {
        fn drop(&mut self) {
            assert!(self.intact(), "dropped a value that was already freed");
            self.drops.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn hidden_four_threads_clone_and_drop_at_once() {
        let drops = Arc::new(AtomicUsize::new(0));
        let value = MyArc::new(Counted::new(&drops));
        thread::scope(|s| {
            for t in 0..4 {
                let mine = value.clone();
                s.spawn(move || {
                    let mut held: Vec<MyArc<Counted>> = Vec::new();
                    for i in 0..20_000usize {
                        held.push(mine.clone());
                        if i % 3 == t % 3 {
                            let victim = (i * 7 + t) % held.len();
                            held.swap_remove(victim);
                        }
                        if held.len() > 100 {
                            held.drain(..60);
                        }
                    }
                    assert!(held.iter().all(|v| v.intact()));
                });
            }
        });
        assert_eq!(MyArc::strong_count(&value), 1, "the count drifted");
        assert_eq!(drops.load(Ordering::SeqCst), 0, "dropped while owned");
        drop(value);
        assert_eq!(drops.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn hidden_racing_last_owners_drop_once() {
        let drops = Arc::new(AtomicUsize::new(0));
        for round in 1..=300 {
            let value = MyArc::new(Counted::new(&drops));
            let start = Arc::new(Barrier::new(4));
            let threads: Vec<_> = (0..4)
                .map(|_| {
                    let (mine, start) = (value.clone(), Arc::clone(&start));
                    thread::spawn(move || {
                        let extra = mine.clone();
                        start.wait();
                        drop(extra);
                        drop(mine);
                    })
                })
                .collect();
            drop(value);
            for t in threads {
                t.join().unwrap();
            }
            assert_eq!(
                drops.load(Ordering::SeqCst),
                round,
                "round {round}: the value was dropped twice, or never"
            );
        }
    }
}
