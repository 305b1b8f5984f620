//! Behaviour of `#[retry(n)]`. Owned by the tutor: make these pass by changing
//! `src/lib.rs`.

use pm_retry::retry;
use std::future::Future;
use std::pin::pin;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::task::{Context, Poll, Waker};

/// Fails until it has been called `succeed_on` times.
#[retry(3)]
fn flaky(calls: &AtomicU32, succeed_on: u32) -> Result<u32, String> {
    let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
    if n < succeed_on {
        return Err(format!("failure {n}"));
    }
    Ok(n)
}

#[test]
fn retries_until_it_succeeds() {
    let calls = AtomicU32::new(0);
    assert_eq!(flaky(&calls, 3), Ok(3));
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[test]
fn gives_up_after_n_attempts_with_the_last_error() {
    let calls = AtomicU32::new(0);
    assert_eq!(flaky(&calls, 10), Err("failure 3".to_string()));
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[test]
fn success_at_once_calls_once() {
    let calls = AtomicU32::new(0);
    assert_eq!(flaky(&calls, 1), Ok(1));
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

/// Each attempt gets its own copy of the arguments: the body may consume them.
#[retry(2)]
fn consume(mut words: Vec<String>, log: &Mutex<Vec<usize>>) -> Result<String, ()> {
    log.lock().unwrap().push(words.len());
    words.push("!".into());
    if log.lock().unwrap().len() < 2 {
        Err(())
    } else {
        Ok(words.concat())
    }
}

#[test]
fn arguments_are_cloned_for_every_attempt() {
    let log = Mutex::new(Vec::new());
    assert_eq!(consume(vec!["a".into()], &log), Ok("a!".into()));
    assert_eq!(*log.lock().unwrap(), [1, 1]);
}

/// Patterns in parameters and the `?` operator keep working.
#[retry(2)]
fn parse_pair((a, b): (&str, &str), calls: &AtomicU32) -> Result<i32, std::num::ParseIntError> {
    calls.fetch_add(1, Ordering::SeqCst);
    Ok(a.parse::<i32>()? + b.parse::<i32>()?)
}

#[test]
fn patterns_and_question_mark() {
    let calls = AtomicU32::new(0);
    assert_eq!(parse_pair(("40", "2"), &calls), Ok(42));
    assert!(parse_pair(("x", "2"), &calls).is_err());
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

/// A parameter named like the macro's own counter must not be confused with it.
#[retry(4)]
fn hygiene(attempt: u32, seen: &Mutex<Vec<u32>>) -> Result<u32, u32> {
    let mut seen = seen.lock().unwrap();
    seen.push(attempt);
    if seen.len() < 3 {
        Err(attempt)
    } else {
        Ok(attempt)
    }
}

#[test]
fn the_macros_variables_do_not_capture_the_callers_names() {
    let seen = Mutex::new(Vec::new());
    assert_eq!(hygiene(7, &seen), Ok(7));
    assert_eq!(*seen.lock().unwrap(), [7, 7, 7]);
}

/// Generic functions, where clauses included.
#[retry(3)]
fn first_parsed<T, I>(items: I, calls: &AtomicU32) -> Result<T, String>
where
    T: std::str::FromStr,
    I: IntoIterator<Item = &'static str> + Clone,
{
    calls.fetch_add(1, Ordering::SeqCst);
    items
        .into_iter()
        .find_map(|s| s.parse().ok())
        .ok_or_else(|| "nothing parsed".to_string())
}

#[test]
fn generic_functions() {
    let calls = AtomicU32::new(0);
    let n: u8 = first_parsed(["x", "300", "12"], &calls).unwrap();
    assert_eq!(n, 12);
    let none: Result<bool, _> = first_parsed(["x"], &calls);
    assert_eq!(none, Err("nothing parsed".to_string()));
    assert_eq!(calls.load(Ordering::SeqCst), 4);
}

/// Async functions stay async and are retried too.
#[retry(3)]
async fn fetch(calls: &AtomicU32) -> Result<&'static str, &'static str> {
    let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
    std::future::ready(()).await;
    if n < 2 { Err("timeout") } else { Ok("body") }
}

fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return value;
        }
    }
}

#[test]
fn async_functions() {
    let calls = AtomicU32::new(0);
    let future = fetch(&calls);
    // Nothing runs before the future is polled.
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    assert_eq!(block_on(future), Ok("body"));
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}
