//! Tutor-owned tests for `raw_waker`: reference counts after every kind of
//! use, which the learner's own tests cannot be loosened to pass.
#![allow(dead_code)]

#[path = "../raw_waker.rs"]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::{Signal, waker_for};
    use std::sync::Arc;
    use std::task::Waker;

    #[test]
    fn hidden_reference_counts_stay_exact() {
        let signal = Signal::new();
        let waker = waker_for(Arc::clone(&signal));
        let mut clones: Vec<Waker> = (0..10).map(|_| waker.clone()).collect();
        assert_eq!(Arc::strong_count(&signal), 12);
        for _ in 0..4 {
            clones.pop().unwrap().wake();
        }
        assert_eq!(Arc::strong_count(&signal), 8);
        clones[0].wake_by_ref();
        let cloned_again = clones[1].clone();
        assert_eq!(Arc::strong_count(&signal), 9);
        drop(clones);
        drop(cloned_again);
        assert_eq!(signal.wakes(), 5);
        assert_eq!(Arc::strong_count(&signal), 2);
        waker.wake();
        assert_eq!(Arc::strong_count(&signal), 1);
        assert_eq!(signal.wakes(), 6);
    }
}
