//! Tutor-owned tests for retries and the breaker: when each attempt happens
//! on the virtual clock, the degenerate policies, and a cooldown that
//! rejected calls do not extend.
#[path = "../retry_circuit_breaker.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use std::cell::RefCell;
    use std::time::Duration;

    use tokio::time::{Instant, sleep};

    use crate::ex::{Backoff, Breaker, BreakerError, BreakerState, Rng, Transient, retry};

    #[derive(Debug, PartialEq)]
    struct Glitch;

    impl Transient for Glitch {
        fn is_transient(&self) -> bool {
            true
        }
    }

    fn policy(base_ms: u64, max_ms: u64, max_attempts: u32) -> Backoff {
        Backoff {
            base: Duration::from_millis(base_ms),
            max: Duration::from_millis(max_ms),
            max_attempts,
        }
    }

    #[tokio::test(start_paused = true)]
    async fn each_retry_waits_its_own_delay_first() {
        let p = policy(50, 1_000, 6);
        let start = Instant::now();
        let times = RefCell::new(Vec::new());
        let result: Result<(), Glitch> = retry(&p, &mut Rng::new(99), |_| {
            times.borrow_mut().push(start.elapsed());
            async { Err(Glitch) }
        })
        .await;
        assert_eq!(result, Err(Glitch));
        let mut rng = Rng::new(99);
        let mut at = Duration::ZERO;
        let mut expected = vec![at];
        for n in 1..=5 {
            at += p.delay(n, &mut rng);
            expected.push(at);
        }
        assert_eq!(
            *times.borrow(),
            expected,
            "attempt n+1 starts delay(n) after attempt n"
        );
        assert_eq!(start.elapsed(), at, "no sleep after the last attempt");
    }

    #[tokio::test(start_paused = true)]
    async fn one_attempt_means_no_retry() {
        let start = Instant::now();
        let calls = RefCell::new(0);
        let result: Result<(), Glitch> = retry(&policy(100, 100, 1), &mut Rng::new(3), |_| {
            *calls.borrow_mut() += 1;
            async { Err(Glitch) }
        })
        .await;
        assert_eq!((result, *calls.borrow()), (Err(Glitch), 1));
        assert_eq!(start.elapsed(), Duration::ZERO);
    }

    #[test]
    fn degenerate_policies() {
        let zero = policy(0, 0, 3);
        let mut rng = Rng::new(5);
        assert!((1..100).all(|n| zero.delay(n, &mut rng) == Duration::ZERO));
        let huge = Backoff {
            base: Duration::from_secs(u64::MAX / 2),
            max: Duration::MAX,
            max_attempts: 3,
        };
        assert_eq!(huge.cap(1), Duration::from_secs(u64::MAX / 2));
        assert_eq!(
            huge.cap(3),
            Duration::MAX,
            "base * 4 overflows: the cap is max"
        );
        let _ = huge.delay(64, &mut rng);
        let tiny = policy(1, 3, 3);
        assert_eq!(
            [tiny.cap(1), tiny.cap(2), tiny.cap(3)].map(|d| d.as_millis()),
            [1, 2, 3]
        );
    }

    async fn fail(b: &Breaker) -> Result<(), BreakerError<&'static str>> {
        b.call(|| async { Err("down") }).await
    }

    #[tokio::test(start_paused = true)]
    async fn rejected_calls_do_not_extend_the_cooldown() {
        let b = Breaker::new(1, Duration::from_secs(10));
        fail(&b).await.unwrap_err();
        for _ in 0..9 {
            sleep(Duration::from_secs(1)).await;
            assert_eq!(fail(&b).await, Err(BreakerError::Open));
        }
        sleep(Duration::from_secs(1)).await;
        assert_eq!(
            b.state(),
            BreakerState::HalfOpen,
            "10 s after the failure that opened it"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_closed_breaker_starts_counting_from_zero() {
        let b = Breaker::new(3, Duration::from_secs(1));
        for _ in 0..3 {
            fail(&b).await.unwrap_err();
        }
        sleep(Duration::from_secs(1)).await;
        assert_eq!(b.call(|| async { Ok::<_, &str>(7) }).await, Ok(7));
        fail(&b).await.unwrap_err();
        fail(&b).await.unwrap_err();
        assert_eq!(
            b.state(),
            BreakerState::Closed,
            "two failures since the trial closed it"
        );
        assert_eq!(fail(&b).await, Err(BreakerError::Inner("down")));
        assert_eq!(b.state(), BreakerState::Open);
    }
}
