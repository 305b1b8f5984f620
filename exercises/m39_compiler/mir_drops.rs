//! Reading MIR: when is a value dropped?
//!
//! A value is dropped at the end of its scope, and in MIR that is an explicit
//! `drop(_n)` terminator (or a call to `std::mem::drop`). See it with
//!
//! ```text
//! cargo rustc -p m39_compiler --bin mir_drops -- --emit=mir=mir_drops.mir
//! ```
//!
//! and look at `fn flush(`: the `MutexGuard` in `entries` is dropped only after
//! the call to `sink` (the `call_mut` line). The sink is slow (it writes to
//! disk), so every other thread that wants the cache waits for the disk too.
//!
//! Release the lock before calling `sink`, without copying more than the one
//! snapshot. The tests check that the lock is free while `sink` runs; the tutor
//! checks that in the MIR of `flush` a drop comes before `call_mut`.

use std::sync::Mutex;

pub struct Cache {
    pub entries: Mutex<Vec<String>>,
}

/// Hands a snapshot of the entries to `sink`.
pub fn flush(cache: &Cache, sink: &mut dyn FnMut(&[String])) {
    let entries = cache.entries.lock().unwrap();
    let snapshot: Vec<String> = entries.clone();
    sink(&snapshot);
}

fn main() {
    let cache = Cache {
        entries: Mutex::new(vec!["a".into(), "b".into()]),
    };
    flush(&cache, &mut |entries| println!("{entries:?}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache() -> Cache {
        Cache {
            entries: Mutex::new(vec!["x".into(), "y".into()]),
        }
    }

    #[test]
    fn the_sink_gets_the_entries() {
        let cache = cache();
        let mut seen = Vec::new();
        flush(&cache, &mut |entries| seen.extend_from_slice(entries));
        assert_eq!(seen, ["x", "y"]);
    }

    #[test]
    fn the_lock_is_free_while_the_sink_runs() {
        let cache = cache();
        let mut free = false;
        flush(&cache, &mut |_| {
            // Another thread would block here; a second lock in the same
            // thread would deadlock, so ask without waiting.
            free = cache.entries.try_lock().is_ok();
        });
        assert!(free, "the cache was still locked while `sink` ran");
    }

    #[test]
    fn the_cache_is_unchanged() {
        let cache = cache();
        flush(&cache, &mut |_| {});
        assert_eq!(cache.entries.lock().unwrap().len(), 2);
    }
}
