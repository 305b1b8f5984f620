//! An actor, and a supervisor that restarts it when it crashes.
//!
//! The calculator actor is a task that owns its state (an `i64`) and serves
//! requests from an `mpsc` channel, one at a time, replying through a
//! `oneshot` channel each. `Calculator` is the cloneable handle callers use.
//! What must hold:
//!
//! - The actor stops when the last `Calculator` is dropped, and the
//!   supervisor then returns `Exit { reason: AllHandlesDropped, .. }`.
//! - A request the actor panics on (`div(0)`: integer division by zero)
//!   gets `Err(CallError::Crashed)`. The supervisor restarts the actor with a
//!   fresh state (0) after waiting `BACKOFF` times the number of restarts so
//!   far (100 ms, then 200 ms, ...). Requests already queued are not lost:
//!   the new actor serves them.
//! - After `max_restarts` restarts, the next crash is final: the supervisor
//!   returns `Exit { reason: TooManyRestarts, .. }` and calls made after
//!   that get `Err(CallError::Stopped)`.
//! - A call never panics in the caller.
//!
//! As shipped, a crash takes everything down, and the actor never stops.

use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

/// The pause before the first restart; the n-th restart waits n times this.
pub const BACKOFF: Duration = Duration::from_millis(100);

enum Request {
    Add(i64, oneshot::Sender<i64>),
    Div(i64, oneshot::Sender<i64>),
    Get(oneshot::Sender<i64>),
}

/// Why a call got no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallError {
    /// The request was accepted, but the actor ended before answering it.
    Crashed,
    /// The actor was gone before the request could be delivered.
    Stopped,
}

/// Why the supervisor returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitReason {
    AllHandlesDropped,
    TooManyRestarts,
}

/// What the supervisor returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exit {
    pub restarts: u32,
    pub reason: ExitReason,
}

/// A handle to the calculator actor.
#[derive(Clone)]
pub struct Calculator {
    tx: mpsc::Sender<Request>,
}

impl Calculator {
    /// Adds `n`; returns the new value.
    pub async fn add(&self, n: i64) -> Result<i64, CallError> {
        self.call(|reply| Request::Add(n, reply)).await
    }

    /// Divides by `n`; returns the new value. The actor panics if `n` is 0.
    pub async fn div(&self, n: i64) -> Result<i64, CallError> {
        self.call(|reply| Request::Div(n, reply)).await
    }

    /// The current value.
    pub async fn get(&self) -> Result<i64, CallError> {
        self.call(Request::Get).await
    }

    async fn call(
        &self,
        request: impl FnOnce(oneshot::Sender<i64>) -> Request,
    ) -> Result<i64, CallError> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send(request(reply))
            .await
            .expect("the actor is gone");
        Ok(answer.await.expect("the actor did not answer"))
    }
}

/// Serves requests until every sender is dropped. Panics on `Div(0, _)`.
async fn serve(requests: &mut mpsc::Receiver<Request>) {
    let mut value = 0i64;
    while let Some(request) = requests.recv().await {
        match request {
            Request::Add(n, reply) => {
                value += n;
                let _ = reply.send(value);
            }
            Request::Div(n, reply) => {
                value /= n;
                let _ = reply.send(value);
            }
            Request::Get(reply) => {
                let _ = reply.send(value);
            }
        }
    }
}

/// Starts the actor under a supervisor.
pub fn spawn(max_restarts: u32) -> (Calculator, JoinHandle<Exit>) {
    let (tx, mut requests) = mpsc::channel(32);
    let handle = Calculator { tx: tx.clone() };
    let supervisor = tokio::spawn(async move {
        // Keep the channel open for as long as the actor runs.
        let _keep_open = tx;
        // TODO: survive a panic in `serve`, restart with backoff, give up
        // after `max_restarts`.
        let _ = max_restarts;
        serve(&mut requests).await;
        Exit {
            restarts: 0,
            reason: ExitReason::AllHandlesDropped,
        }
    });
    (handle, supervisor)
}

#[tokio::main]
async fn main() {
    let (calc, supervisor) = spawn(3);
    println!("{:?}", calc.add(42).await);
    println!("{:?}", calc.div(0).await);
    println!("{:?}", calc.get().await);
    drop(calc);
    println!("{:?}", supervisor.await.unwrap());
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::{Instant, timeout};

    const SOON: Duration = Duration::from_secs(10);

    #[tokio::test(start_paused = true)]
    async fn requests_and_replies() {
        let (calc, _supervisor) = spawn(0);
        assert_eq!(calc.add(10).await, Ok(10));
        assert_eq!(calc.add(-4).await, Ok(6));
        assert_eq!(calc.div(4).await, Ok(1));
        assert_eq!(calc.get().await, Ok(1));
    }

    #[tokio::test(start_paused = true)]
    async fn handles_share_one_actor() {
        let (calc, _supervisor) = spawn(0);
        let tasks: Vec<_> = (1..=100)
            .map(|n| {
                let calc = calc.clone();
                tokio::spawn(async move { calc.add(n).await })
            })
            .collect();
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        assert_eq!(calc.get().await, Ok(5050));
    }

    #[tokio::test(start_paused = true)]
    async fn stops_when_the_last_handle_is_dropped() {
        let (calc, supervisor) = spawn(3);
        let other = calc.clone();
        calc.add(1).await.unwrap();
        drop(calc);
        assert_eq!(other.get().await, Ok(1), "one handle is left");
        drop(other);
        let exit = timeout(SOON, supervisor)
            .await
            .expect("the actor did not stop")
            .unwrap();
        assert_eq!(
            exit,
            Exit {
                restarts: 0,
                reason: ExitReason::AllHandlesDropped
            }
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_crash_restarts_the_actor_with_a_fresh_state() {
        let (calc, _supervisor) = spawn(3);
        calc.add(7).await.unwrap();
        assert_eq!(calc.div(0).await, Err(CallError::Crashed));
        let start = Instant::now();
        assert_eq!(calc.get().await, Ok(0));
        assert_eq!(start.elapsed(), BACKOFF, "the first restart waits BACKOFF");
        assert_eq!(calc.add(2).await, Ok(2));
    }

    #[tokio::test(start_paused = true)]
    async fn queued_requests_survive_a_crash() {
        let (calc, _supervisor) = spawn(3);
        calc.add(100).await.unwrap();
        // Sent in this order: the division is served first and crashes, the
        // additions wait in the queue.
        let (crashed, a, b) = tokio::join!(calc.div(0), calc.add(1), calc.add(2));
        assert_eq!(crashed, Err(CallError::Crashed));
        assert_eq!((a, b), (Ok(1), Ok(3)));
    }

    #[tokio::test(start_paused = true)]
    async fn backoff_grows_and_restarts_are_limited() {
        let (calc, supervisor) = spawn(2);
        let start = Instant::now();
        for _ in 0..3 {
            assert_eq!(calc.div(0).await, Err(CallError::Crashed));
        }
        let exit = timeout(SOON, supervisor)
            .await
            .expect("the supervisor did not give up")
            .unwrap();
        assert_eq!(
            exit,
            Exit {
                restarts: 2,
                reason: ExitReason::TooManyRestarts
            }
        );
        // Restarts after the first and second crash: 100 ms + 200 ms.
        assert_eq!(start.elapsed(), BACKOFF * 3);
        assert_eq!(calc.get().await, Err(CallError::Stopped));
        assert_eq!(calc.add(1).await, Err(CallError::Stopped));
    }
}
