//! `async fn` in traits, `Send` bounds, and async trait objects.
//!
//! `Store` is an async key-value interface with two implementations: an
//! in-memory map and `Cached<S>`, a cache in front of any other store.
//! `fetch_many` looks keys up concurrently, one task per key, on the small
//! thread-based executor provided below; like `tokio::spawn`, its `spawn`
//! needs futures that are `Send + 'static`.
//!
//! As shipped, `fetch_many` does not compile: for a generic `S: Store`, the
//! future returned by `S::get` is not known to be `Send`. Declare in the
//! trait that it is (implementations can still be written with `async fn`),
//! then make the implementations keep that promise.
//!
//! Last, `async fn` in a trait makes it not dyn compatible: each
//! implementation returns a different future type. `DynStore` is the object
//! safe twin of `Store`, returning boxed futures; give every `Store` a
//! `DynStore` implementation, so a `Vec<Box<dyn DynStore>>` can hold
//! stores of different types.

use std::collections::HashMap;
use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, JoinHandle, Thread};

// ---------------------------------------------------------------------------
// Provided: a tiny executor.

struct Unpark(Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Runs a future to completion on this thread.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let waker = Waker::from(Arc::new(Unpark(thread::current())));
    let mut cx = Context::from_waker(&waker);
    loop {
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(value) => return value,
            Poll::Pending => thread::park(),
        }
    }
}

/// Runs a future on a new thread: the future moves there, so it must be
/// `Send + 'static`, as with `tokio::spawn`.
pub fn spawn<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    thread::spawn(move || block_on(future))
}

/// A future that is pending once before it completes, as real I/O would be.
pub async fn yield_now() {
    let mut yielded = false;
    std::future::poll_fn(|cx| {
        if yielded {
            Poll::Ready(())
        } else {
            yielded = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    })
    .await;
}

// ---------------------------------------------------------------------------
// Your part.

/// An async key-value store.
pub trait Store {
    fn get(&self, key: &str) -> impl Future<Output = Option<String>> + Send;
    fn put(&self, key: &str, value: String) -> impl Future<Output = ()> + Send;
}

/// A store in memory.
#[derive(Default)]
pub struct Memory {
    map: Mutex<HashMap<String, String>>,
    reads: Mutex<usize>,
}

impl Memory {
    /// How many `get`s reached this store.
    pub fn reads(&self) -> usize {
        *self.reads.lock().unwrap()
    }
}

impl Store for Memory {
    // `async fn` satisfies `-> impl Future + Send` as long as the future it
    // makes really is `Send`: the compiler checks.
    async fn get(&self, key: &str) -> Option<String> {
        yield_now().await;
        *self.reads.lock().unwrap() += 1;
        self.map.lock().unwrap().get(key).cloned()
    }

    async fn put(&self, key: &str, value: String) {
        yield_now().await;
        self.map.lock().unwrap().insert(key.to_string(), value);
    }
}

/// A cache in front of another store.
pub struct Cached<S> {
    inner: S,
    cache: Mutex<HashMap<String, String>>,
}

impl<S> Cached<S> {
    pub fn new(inner: S) -> Self {
        Cached {
            inner,
            cache: Mutex::new(HashMap::new()),
        }
    }

    pub fn inner(&self) -> &S {
        &self.inner
    }
}

impl<S: Store + Sync> Store for Cached<S> {
    async fn get(&self, key: &str) -> Option<String> {
        // A `std::sync::MutexGuard` is not `Send`: it must be dropped before
        // the next `.await`, or the future is not `Send` either. The block
        // ends the guard's life here.
        let hit = self.cache.lock().unwrap().get(key).cloned();
        if hit.is_some() {
            return hit;
        }
        let value = self.inner.get(key).await?;
        self.cache
            .lock()
            .unwrap()
            .insert(key.to_string(), value.clone());
        Some(value)
    }

    async fn put(&self, key: &str, value: String) {
        self.cache.lock().unwrap().remove(key);
        self.inner.put(key, value).await;
    }
}

/// Looks every key up in its own task; the results are in the order of `keys`.
pub fn fetch_many<S>(store: Arc<S>, keys: &[&str]) -> Vec<Option<String>>
where
    S: Store + Send + Sync + 'static,
{
    let tasks: Vec<_> = keys
        .iter()
        .map(|key| {
            let (store, key) = (Arc::clone(&store), key.to_string());
            spawn(async move { store.get(&key).await })
        })
        .collect();
    tasks.into_iter().map(|t| t.join().unwrap()).collect()
}

/// A boxed future that can move between threads.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// `Store`, as a dyn compatible trait.
/// Its methods have names of their own: a type that is both a `Store` and a
/// `DynStore` would otherwise have two `get`s, and every call would be
/// ambiguous.
pub trait DynStore: Send + Sync {
    fn boxed_get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Option<String>>;
    fn boxed_put<'a>(&'a self, key: &'a str, value: String) -> BoxFuture<'a, ()>;
}

/// Every `Store` is a `DynStore`: box its futures.
impl<S: Store + Send + Sync> DynStore for S {
    fn boxed_get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Option<String>> {
        Box::pin(self.get(key))
    }

    fn boxed_put<'a>(&'a self, key: &'a str, value: String) -> BoxFuture<'a, ()> {
        Box::pin(self.put(key, value))
    }
}

/// The first store that has `key`.
pub async fn find_in(stores: &[Box<dyn DynStore>], key: &str) -> Option<String> {
    for store in stores {
        if let Some(value) = store.boxed_get(key).await {
            return Some(value);
        }
    }
    None
}

fn main() {
    let store = Arc::new(Cached::new(Memory::default()));
    block_on(store.put("lang", "rust".to_string()));
    println!("{:?}", fetch_many(store, &["lang", "os"]));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(pairs: &[(&str, &str)]) -> Memory {
        let m = Memory::default();
        for (k, v) in pairs {
            block_on(m.put(k, v.to_string()));
        }
        m
    }

    fn assert_send<T: Send>(_: &T) {}

    #[test]
    fn memory_store() {
        let m = filled(&[("a", "1")]);
        assert_eq!(block_on(m.get("a")), Some("1".into()));
        assert_eq!(block_on(m.get("b")), None);
        assert_eq!(m.reads(), 2);
    }

    #[test]
    fn futures_are_send() {
        let m = Memory::default();
        assert_send(&m.get("a"));
        let c = Cached::new(Memory::default());
        assert_send(&c.get("a"));
        assert_send(&c.put("a", String::new()));
    }

    #[test]
    fn fetches_concurrently_in_order() {
        let store = Arc::new(filled(&[("x", "1"), ("y", "2")]));
        assert_eq!(
            fetch_many(store, &["y", "nope", "x"]),
            [Some("2".into()), None, Some("1".into())]
        );
    }

    #[test]
    fn the_cache_answers_repeated_reads() {
        let c = Cached::new(filled(&[("k", "v")]));
        assert_eq!(block_on(c.get("k")), Some("v".into()));
        assert_eq!(block_on(c.get("k")), Some("v".into()));
        assert_eq!(c.inner().reads(), 1);
        assert_eq!(block_on(c.get("missing")), None);
        assert_eq!(block_on(c.get("missing")), None);
        assert_eq!(c.inner().reads(), 3, "misses are not cached");
    }

    #[test]
    fn writes_invalidate_the_cache() {
        let c = Cached::new(filled(&[("k", "old")]));
        assert_eq!(block_on(c.get("k")), Some("old".into()));
        block_on(c.put("k", "new".into()));
        assert_eq!(block_on(c.get("k")), Some("new".into()));
    }

    #[test]
    fn generic_stores_in_tasks() {
        let store = Arc::new(Cached::new(filled(&[("k", "v")])));
        assert_eq!(
            fetch_many(Arc::clone(&store), &["k", "k"]),
            [Some("v".into()), Some("v".into())]
        );
    }

    #[test]
    fn stores_of_different_types_behind_one_trait_object() {
        let stores: Vec<Box<dyn DynStore>> = vec![
            Box::new(filled(&[("a", "from memory")])),
            Box::new(Cached::new(filled(&[
                ("a", "shadowed"),
                ("b", "from cache"),
            ]))),
        ];
        assert_eq!(block_on(find_in(&stores, "a")), Some("from memory".into()));
        assert_eq!(block_on(find_in(&stores, "b")), Some("from cache".into()));
        assert_eq!(block_on(find_in(&stores, "c")), None);
        block_on(stores[1].boxed_put("c", "written".into()));
        assert_eq!(block_on(find_in(&stores, "c")), Some("written".into()));
    }

    #[test]
    fn dyn_futures_can_be_spawned() {
        let store: Arc<dyn DynStore> = Arc::new(filled(&[("k", "v")]));
        let task = spawn(async move { store.boxed_get("k").await });
        assert_eq!(task.join().unwrap(), Some("v".into()));
    }
}
