//! Retries with exponential backoff and jitter, and a circuit breaker.
//!
//! Both protect a service that fails: retries ride out short glitches, the
//! breaker stops hammering a service that is down. Implement:
//!
//! - `Backoff::cap(retry)`: `base * 2^(retry - 1)` for the first, second, ...
//!   retry, never more than `max`, and no overflow for any `retry`.
//! - `Backoff::delay(retry, rng)`: "full jitter", a delay drawn uniformly
//!   from `0..=cap(retry)` (at millisecond resolution), so that clients that
//!   failed together do not retry together.
//! - `retry(policy, rng, op)`: calls `op(attempt)` (attempts count from 1)
//!   until it succeeds, fails with an error that is not transient, or has
//!   failed `max_attempts` times; sleeps `delay(n)` before the n-th retry.
//!   It returns the last error.
//! - `Breaker`: closed, it runs calls and counts *consecutive* failures; at
//!   `threshold` it opens. Open, it rejects calls with `BreakerError::Open`
//!   without running them, for `cooldown`. Then it is half-open: one call
//!   (the trial) runs while the others are rejected; success closes the
//!   breaker, failure opens it for another `cooldown`. A trial that is
//!   cancelled (its future dropped) must not leave the breaker stuck.
//!
//! The tests run under paused time: `sleep(10 s)` takes no real time, and
//! `tokio::time::Instant` shows the virtual clock.

use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

// ---------------------------------------------------------------------------
// Provided.

/// A small seeded random number generator (xorshift64*): the same seed gives
/// the same jitter, so tests are reproducible.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..=max`.
    pub fn up_to(&mut self, max: u64) -> u64 {
        match max.checked_add(1) {
            Some(n) => self.next_u64() % n,
            None => self.next_u64(),
        }
    }
}

/// Errors say whether trying again may help.
pub trait Transient {
    fn is_transient(&self) -> bool;
}

// ---------------------------------------------------------------------------
// Your part: retries.

/// How to retry.
#[derive(Debug, Clone)]
pub struct Backoff {
    pub base: Duration,
    pub max: Duration,
    /// Calls in total, the first one included.
    pub max_attempts: u32,
}

impl Backoff {
    /// The longest delay before retry number `retry` (1 for the first retry).
    pub fn cap(&self, retry: u32) -> Duration {
        // TODO: exponential, capped.
        let _ = retry;
        self.base
    }

    /// A delay drawn uniformly from `0..=cap(retry)`, in whole milliseconds.
    pub fn delay(&self, retry: u32, rng: &mut Rng) -> Duration {
        // TODO: full jitter.
        let _ = rng;
        self.cap(retry)
    }
}

/// Calls `op` until it succeeds, fails for good, or runs out of attempts.
pub async fn retry<T, E, F, Fut>(policy: &Backoff, rng: &mut Rng, mut op: F) -> Result<T, E>
where
    E: Transient,
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let mut attempt = 1;
    loop {
        match op(attempt).await {
            Ok(value) => return Ok(value),
            // TODO: some errors are not worth retrying.
            Err(e) if attempt >= policy.max_attempts => return Err(e),
            Err(_) => {
                tokio::time::sleep(policy.delay(attempt, rng)).await;
                attempt += 1;
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Your part: the circuit breaker.

/// The breaker's state, as seen from outside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerState {
    Closed,
    Open,
    HalfOpen,
}

/// Why `Breaker::call` failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BreakerError<E> {
    /// Rejected without running the call.
    Open,
    /// The call ran and failed.
    Inner(E),
}

// TODO: the state is here, but nothing uses it yet.
#[allow(dead_code)]
#[derive(Debug)]
enum State {
    Closed { failures: u32 },
    Open { until: Instant },
    HalfOpen { trial_running: bool },
}

/// A circuit breaker, shared by reference between tasks.
#[allow(dead_code)]
#[derive(Debug)]
pub struct Breaker {
    threshold: u32,
    cooldown: Duration,
    state: Mutex<State>,
}

impl Breaker {
    pub fn new(threshold: u32, cooldown: Duration) -> Breaker {
        Breaker {
            threshold,
            cooldown,
            state: Mutex::new(State::Closed { failures: 0 }),
        }
    }

    /// The state now (an open breaker whose cooldown is over is half-open).
    pub fn state(&self) -> BreakerState {
        // TODO
        BreakerState::Closed
    }

    /// Runs `op` if the breaker lets it through.
    pub async fn call<T, E, Fut>(&self, op: impl FnOnce() -> Fut) -> Result<T, BreakerError<E>>
    where
        Fut: Future<Output = Result<T, E>>,
    {
        // TODO: count failures, open, reject, let one trial through.
        op().await.map_err(BreakerError::Inner)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum HttpError {
    Unavailable,
    NotFound,
}

impl Transient for HttpError {
    fn is_transient(&self) -> bool {
        matches!(self, HttpError::Unavailable)
    }
}

#[tokio::main]
async fn main() {
    let policy = Backoff {
        base: Duration::from_millis(10),
        max: Duration::from_millis(200),
        max_attempts: 5,
    };
    let mut rng = Rng::new(42);
    let result = retry(&policy, &mut rng, |attempt| async move {
        println!("attempt {attempt}");
        if attempt < 3 {
            Err(HttpError::Unavailable)
        } else if attempt < 4 {
            Ok("hello")
        } else {
            Err(HttpError::NotFound)
        }
    })
    .await;
    println!("{result:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use tokio::time::{sleep, timeout};

    fn policy() -> Backoff {
        Backoff {
            base: Duration::from_millis(100),
            max: Duration::from_secs(2),
            max_attempts: 5,
        }
    }

    #[test]
    fn caps_double_up_to_the_max() {
        let p = policy();
        let caps: Vec<u128> = (1..=7).map(|n| p.cap(n).as_millis()).collect();
        assert_eq!(caps, [100, 200, 400, 800, 1600, 2000, 2000]);
        assert_eq!(p.cap(40), p.max, "no overflow");
        assert_eq!(p.cap(u32::MAX), p.max, "no overflow");
    }

    #[test]
    fn jitter_is_spread_over_the_whole_range_and_reproducible() {
        let p = policy();
        let mut rng = Rng::new(7);
        let delays: Vec<Duration> = (0..1000).map(|_| p.delay(3, &mut rng)).collect();
        assert!(delays.iter().all(|d| *d <= p.cap(3)));
        assert!(delays.iter().any(|d| *d < Duration::from_millis(40)));
        assert!(delays.iter().any(|d| *d > Duration::from_millis(360)));
        let mut again = Rng::new(7);
        assert_eq!(p.delay(3, &mut again), delays[0]);
    }

    #[tokio::test(start_paused = true)]
    async fn retries_transient_errors_with_the_jittered_delays() {
        let p = policy();
        let calls = Cell::new(0);
        let start = Instant::now();
        let result = retry(&p, &mut Rng::new(1), |attempt| {
            calls.set(calls.get() + 1);
            async move {
                if attempt < 4 {
                    Err(HttpError::Unavailable)
                } else {
                    Ok(attempt)
                }
            }
        })
        .await;
        assert_eq!(result, Ok(4));
        assert_eq!(calls.get(), 4);
        let mut rng = Rng::new(1);
        let expected: Duration = (1..=3).map(|n| p.delay(n, &mut rng)).sum();
        assert_eq!(start.elapsed(), expected);
    }

    #[tokio::test(start_paused = true)]
    async fn a_permanent_error_is_not_retried() {
        let calls = Cell::new(0);
        let start = Instant::now();
        let result: Result<(), _> = retry(&policy(), &mut Rng::new(1), |_| {
            calls.set(calls.get() + 1);
            async { Err(HttpError::NotFound) }
        })
        .await;
        assert_eq!(result, Err(HttpError::NotFound));
        assert_eq!(calls.get(), 1);
        assert_eq!(start.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn gives_up_after_max_attempts() {
        let calls = Cell::new(0);
        let result: Result<(), _> = retry(&policy(), &mut Rng::new(1), |attempt| {
            calls.set(calls.get() + 1);
            async move {
                if attempt == 5 {
                    Err(HttpError::NotFound)
                } else {
                    Err(HttpError::Unavailable)
                }
            }
        })
        .await;
        assert_eq!(calls.get(), 5);
        assert_eq!(
            result,
            Err(HttpError::NotFound),
            "the last error is returned"
        );
    }

    const COOLDOWN: Duration = Duration::from_secs(10);

    async fn fail(b: &Breaker) -> Result<(), BreakerError<&'static str>> {
        b.call(|| async { Err("boom") }).await
    }

    async fn succeed(b: &Breaker) -> Result<(), BreakerError<&'static str>> {
        b.call(|| async { Ok(()) }).await
    }

    #[tokio::test(start_paused = true)]
    async fn opens_after_consecutive_failures() {
        let b = Breaker::new(3, COOLDOWN);
        fail(&b).await.unwrap_err();
        fail(&b).await.unwrap_err();
        succeed(&b).await.unwrap();
        fail(&b).await.unwrap_err();
        fail(&b).await.unwrap_err();
        assert_eq!(
            b.state(),
            BreakerState::Closed,
            "failures must be consecutive"
        );
        assert_eq!(fail(&b).await, Err(BreakerError::Inner("boom")));
        assert_eq!(b.state(), BreakerState::Open);
        let ran = Cell::new(false);
        let rejected = b
            .call(|| {
                ran.set(true);
                async { Ok::<_, ()>(()) }
            })
            .await;
        assert_eq!(rejected, Err(BreakerError::Open));
        assert!(!ran.get(), "an open breaker does not run the call");
    }

    #[tokio::test(start_paused = true)]
    async fn a_successful_trial_closes_it() {
        let b = Breaker::new(1, COOLDOWN);
        fail(&b).await.unwrap_err();
        sleep(COOLDOWN - Duration::from_millis(1)).await;
        assert_eq!(succeed(&b).await, Err(BreakerError::Open));
        sleep(Duration::from_millis(1)).await;
        assert_eq!(b.state(), BreakerState::HalfOpen);
        assert_eq!(succeed(&b).await, Ok(()));
        assert_eq!(b.state(), BreakerState::Closed);
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_trial_opens_it_for_another_cooldown() {
        let b = Breaker::new(1, COOLDOWN);
        fail(&b).await.unwrap_err();
        sleep(COOLDOWN).await;
        let trial = b
            .call(|| async {
                sleep(Duration::from_secs(3)).await;
                Err::<(), _>("still down")
            })
            .await;
        assert_eq!(trial, Err(BreakerError::Inner("still down")));
        assert_eq!(b.state(), BreakerState::Open);
        // The new cooldown counts from the trial's failure.
        sleep(COOLDOWN - Duration::from_millis(1)).await;
        assert_eq!(b.state(), BreakerState::Open);
        sleep(Duration::from_millis(1)).await;
        assert_eq!(succeed(&b).await, Ok(()));
    }

    #[tokio::test(start_paused = true)]
    async fn one_trial_at_a_time() {
        let b = Breaker::new(1, COOLDOWN);
        fail(&b).await.unwrap_err();
        sleep(COOLDOWN).await;
        let slow_trial = b.call(|| async {
            sleep(Duration::from_millis(100)).await;
            Ok::<_, &str>("trial")
        });
        let other = async {
            sleep(Duration::from_millis(50)).await;
            succeed(&b).await
        };
        let (trial, other) = tokio::join!(slow_trial, other);
        assert_eq!(trial, Ok("trial"));
        assert_eq!(other, Err(BreakerError::Open));
        assert_eq!(b.state(), BreakerState::Closed);
    }

    #[tokio::test(start_paused = true)]
    async fn a_cancelled_trial_frees_the_slot() {
        let b = Breaker::new(1, COOLDOWN);
        fail(&b).await.unwrap_err();
        sleep(COOLDOWN).await;
        let hung = b.call(|| async {
            sleep(Duration::from_secs(3600)).await;
            Ok::<_, &str>(())
        });
        assert!(timeout(Duration::from_millis(100), hung).await.is_err());
        assert_eq!(succeed(&b).await, Ok(()), "the next call is the new trial");
        assert_eq!(b.state(), BreakerState::Closed);
    }
}
