//! Tutor-owned tests for the supervised actor: any panic is a crash (not
//! only a division by zero), a supervisor allowed no restarts gives up at
//! once, and handles dropped during a restart still end it cleanly.
#[path = "../actor_supervisor.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use std::time::Duration;

    use tokio::time::{Instant, timeout};

    use crate::ex::{BACKOFF, CallError, Exit, ExitReason, spawn};

    const SOON: Duration = Duration::from_secs(10);

    #[tokio::test(start_paused = true)]
    async fn an_overflow_is_a_crash_too() {
        // Tests are built with overflow checks: `i64::MAX + 1` panics.
        let (calc, _supervisor) = spawn(1);
        assert_eq!(calc.add(i64::MAX).await, Ok(i64::MAX));
        assert_eq!(calc.add(1).await, Err(CallError::Crashed));
        assert_eq!(calc.get().await, Ok(0), "restarted with a fresh state");
    }

    #[tokio::test(start_paused = true)]
    async fn no_restarts_allowed_means_the_first_crash_is_final() {
        let (calc, supervisor) = spawn(0);
        let start = Instant::now();
        assert_eq!(calc.div(0).await, Err(CallError::Crashed));
        let exit = timeout(SOON, supervisor)
            .await
            .expect("the supervisor returns")
            .unwrap();
        assert_eq!(
            exit,
            Exit {
                restarts: 0,
                reason: ExitReason::TooManyRestarts
            }
        );
        assert_eq!(
            start.elapsed(),
            Duration::ZERO,
            "no backoff before giving up"
        );
        assert_eq!(calc.get().await, Err(CallError::Stopped));
    }

    #[tokio::test(start_paused = true)]
    async fn requests_queued_behind_the_final_crash_get_an_error_not_a_hang() {
        let (calc, supervisor) = spawn(0);
        let (crash, queued) = tokio::join!(calc.div(0), calc.add(1));
        assert_eq!(crash, Err(CallError::Crashed));
        assert!(
            queued.is_err(),
            "a queued request behind the final crash: {queued:?}"
        );
        assert_eq!(
            supervisor.await.unwrap().reason,
            ExitReason::TooManyRestarts
        );
    }

    #[tokio::test(start_paused = true)]
    async fn dropping_every_handle_during_a_restart() {
        let (calc, supervisor) = spawn(5);
        assert_eq!(calc.div(0).await, Err(CallError::Crashed));
        drop(calc);
        let start = Instant::now();
        let exit = timeout(SOON, supervisor)
            .await
            .expect("the supervisor returns")
            .unwrap();
        assert_eq!(
            exit,
            Exit {
                restarts: 1,
                reason: ExitReason::AllHandlesDropped
            }
        );
        assert!(start.elapsed() <= BACKOFF);
    }

    #[tokio::test(start_paused = true)]
    async fn a_clone_made_after_a_crash_reaches_the_new_actor() {
        let (calc, _supervisor) = spawn(2);
        calc.add(5).await.unwrap();
        assert_eq!(calc.div(0).await, Err(CallError::Crashed));
        let later = calc.clone();
        drop(calc);
        assert_eq!(later.add(3).await, Ok(3));
        assert_eq!(later.div(3).await, Ok(1));
    }
}
