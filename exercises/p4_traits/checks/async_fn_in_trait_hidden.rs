//! Tutor-owned tests for the async store: lookups of `fetch_many` really run
//! at the same time, stores written elsewhere get the `Send` futures, the
//! cache and the `DynStore` impl for free, and caches nest.
#[path = "../async_fn_in_trait.rs"]
#[allow(dead_code)]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::{Duration, Instant};

    use crate::ex::{Cached, DynStore, Memory, Store, block_on, fetch_many, find_in, yield_now};

    /// Answers no lookup until `expected` lookups are in flight at once.
    struct Gate {
        expected: usize,
        arrived: AtomicUsize,
    }

    impl Store for Gate {
        async fn get(&self, key: &str) -> Option<String> {
            self.arrived.fetch_add(1, Ordering::SeqCst);
            let start = Instant::now();
            while self.arrived.load(Ordering::SeqCst) < self.expected {
                if start.elapsed() > Duration::from_secs(5) {
                    return Some("alone".to_string());
                }
                yield_now().await;
            }
            Some(key.to_uppercase())
        }

        async fn put(&self, _key: &str, _value: String) {}
    }

    #[test]
    fn lookups_run_at_the_same_time() {
        let gate = Arc::new(Gate {
            expected: 3,
            arrived: AtomicUsize::new(0),
        });
        assert_eq!(
            fetch_many(gate, &["a", "b", "c"]),
            [Some("A".into()), Some("B".into()), Some("C".into())],
            "\"alone\" means a lookup waited 5 s for the others: one task per key, all started before any is joined"
        );
    }

    #[test]
    fn no_keys_no_tasks() {
        let store = Arc::new(Memory::default());
        assert!(fetch_many(Arc::clone(&store), &[]).is_empty());
        assert_eq!(store.reads(), 0);
    }

    /// A store from "another crate": the value of a key is its length.
    struct Lengths;

    impl Store for Lengths {
        async fn get(&self, key: &str) -> Option<String> {
            yield_now().await;
            (!key.is_empty()).then(|| key.len().to_string())
        }

        async fn put(&self, _key: &str, _value: String) {}
    }

    #[test]
    fn a_foreign_store_is_cached_and_boxed_for_free() {
        let stores: Vec<Box<dyn DynStore>> =
            vec![Box::new(Memory::default()), Box::new(Cached::new(Lengths))];
        assert_eq!(block_on(find_in(&stores, "four")), Some("4".into()));
        assert_eq!(block_on(find_in(&stores, "")), None);
        let cached = Arc::new(Cached::new(Lengths));
        assert_eq!(
            fetch_many(cached, &["ab", "", "abc"]),
            [Some("2".into()), None, Some("3".into())]
        );
    }

    #[test]
    fn nested_caches_are_invalidated_all_the_way_down() {
        let two = Cached::new(Cached::new(Memory::default()));
        block_on(two.put("k", "old".into()));
        assert_eq!(block_on(two.get("k")), Some("old".into()));
        block_on(two.put("k", "new".into()));
        assert_eq!(block_on(two.get("k")), Some("new".into()));
        assert_eq!(block_on(two.inner().get("k")), Some("new".into()));
        assert_eq!(
            two.inner().inner().reads(),
            2,
            "one read per value, the rest from the caches"
        );
    }
}
