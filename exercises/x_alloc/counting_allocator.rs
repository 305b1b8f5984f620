//! A counting global allocator.
//!
//! `Counting<A>` wraps another allocator `A` and keeps statistics with
//! atomics: how many allocations, deallocations and reallocations succeeded,
//! how many bytes are live now, and the peak of live bytes. Installed with
//! `#[global_allocator]`, it measures every allocation of the program.
//!
//! Rules an allocator must keep, and the tests check:
//! - it never prints (and never allocates) inside its methods: `println!`
//!   allocates and would re-enter the allocator;
//! - a failed allocation (a null pointer from `A`) is not counted;
//! - `alloc_zeroed` and `realloc` forward to `A`'s own methods (the system
//!   allocator gets zeroed pages for free and can grow a block in place);
//! - a reallocation moves or resizes one block: it is not a new allocation,
//!   but it changes the live bytes;
//! - the counters stay exact when many threads allocate at once.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// A snapshot of the counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    /// Successful calls of `alloc` and `alloc_zeroed`.
    pub allocations: usize,
    /// Calls of `dealloc`.
    pub deallocations: usize,
    /// Successful calls of `realloc`.
    pub reallocations: usize,
    /// Bytes allocated and not yet freed.
    pub live_bytes: usize,
    /// The highest value `live_bytes` has reached.
    pub peak_bytes: usize,
}

pub struct Counting<A> {
    inner: A,
    allocations: AtomicUsize,
    deallocations: AtomicUsize,
    reallocations: AtomicUsize,
    live: AtomicUsize,
    peak: AtomicUsize,
}

impl<A> Counting<A> {
    /// `const`, so that it can initialise a `static`.
    pub const fn new(inner: A) -> Self {
        Self {
            inner,
            allocations: AtomicUsize::new(0),
            deallocations: AtomicUsize::new(0),
            reallocations: AtomicUsize::new(0),
            live: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
        }
    }

    pub fn stats(&self) -> Stats {
        Stats {
            allocations: self.allocations.load(Relaxed),
            deallocations: self.deallocations.load(Relaxed),
            reallocations: self.reallocations.load(Relaxed),
            live_bytes: self.live.load(Relaxed),
            peak_bytes: self.peak.load(Relaxed),
        }
    }
}

// TODO: count. Every successful allocation, deallocation and reallocation
// must update the counters, and `live`/`peak` must follow the bytes. Override
// `alloc_zeroed` and `realloc` too: their default versions call `alloc` and
// `dealloc` of `self`, which would count a reallocation as one allocation and
// one deallocation, and would zero or copy memory that `A` can handle better.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Counting<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { self.inner.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `self`, so by `inner`, with `layout`.
        unsafe { self.inner.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting<System> = Counting::new(System);

fn main() {
    let before = GLOBAL.stats();
    let squares: Vec<u64> = (0..1000).map(|i| i * i).collect();
    let after = GLOBAL.stats();
    println!(
        "{} squares: {} allocation(s), {} byte(s) live",
        squares.len(),
        after.allocations - before.allocations,
        after.live_bytes.saturating_sub(before.live_bytes)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// An inner allocator that records which of its methods were called and
    /// fails every request larger than `limit` bytes.
    struct Spy {
        limit: usize,
        zeroed: AtomicUsize,
        reallocs: AtomicUsize,
    }

    impl Spy {
        const fn new(limit: usize) -> Self {
            Spy {
                limit,
                zeroed: AtomicUsize::new(0),
                reallocs: AtomicUsize::new(0),
            }
        }
    }

    unsafe impl GlobalAlloc for Spy {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            if layout.size() > self.limit {
                return std::ptr::null_mut();
            }
            unsafe { System.alloc(layout) }
        }
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            if layout.size() > self.limit {
                return std::ptr::null_mut();
            }
            self.zeroed.fetch_add(1, Relaxed);
            unsafe { System.alloc_zeroed(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { System.dealloc(ptr, layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            if new_size > self.limit {
                return std::ptr::null_mut();
            }
            self.reallocs.fetch_add(1, Relaxed);
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }

    fn layout(size: usize) -> Layout {
        Layout::from_size_align(size, 8).unwrap()
    }

    #[test]
    fn counts_blocks_and_bytes() {
        let c = Counting::new(Spy::new(usize::MAX));
        unsafe {
            let a = c.alloc(layout(100));
            let b = c.alloc(layout(28));
            let d = c.alloc(layout(1));
            c.dealloc(b, layout(28));
            let s = c.stats();
            assert_eq!(s.allocations, 3);
            assert_eq!(s.deallocations, 1);
            assert_eq!(s.live_bytes, 101);
            c.dealloc(a, layout(100));
            c.dealloc(d, layout(1));
        }
        assert_eq!(c.stats().live_bytes, 0);
        assert_eq!(c.stats().deallocations, 3);
    }

    #[test]
    fn peak_is_the_high_water_mark() {
        let c = Counting::new(Spy::new(usize::MAX));
        unsafe {
            let a = c.alloc(layout(100));
            let b = c.alloc(layout(200));
            c.dealloc(b, layout(200));
            let d = c.alloc(layout(50));
            assert_eq!(c.stats().live_bytes, 150);
            assert_eq!(c.stats().peak_bytes, 300);
            c.dealloc(a, layout(100));
            c.dealloc(d, layout(50));
        }
        assert_eq!(c.stats().peak_bytes, 300);
    }

    #[test]
    fn a_failed_allocation_is_not_counted() {
        let c = Counting::new(Spy::new(64));
        unsafe {
            assert!(c.alloc(layout(65)).is_null());
            assert!(c.alloc_zeroed(layout(1000)).is_null());
        }
        assert_eq!(c.stats(), Stats::default());
    }

    #[test]
    fn alloc_zeroed_is_forwarded() {
        let c = Counting::new(Spy::new(usize::MAX));
        unsafe {
            let p = c.alloc_zeroed(layout(32));
            assert!(std::slice::from_raw_parts(p, 32).iter().all(|&b| b == 0));
            assert_eq!(
                c.inner.zeroed.load(Relaxed),
                1,
                "use the inner alloc_zeroed"
            );
            assert_eq!(c.stats().allocations, 1);
            assert_eq!(c.stats().live_bytes, 32);
            c.dealloc(p, layout(32));
        }
    }

    #[test]
    fn realloc_resizes_one_block() {
        let c = Counting::new(Spy::new(1024));
        unsafe {
            let p = c.alloc(layout(16));
            p.write(42);
            let p = c.realloc(p, layout(16), 64);
            assert_eq!(p.read(), 42);
            assert_eq!(c.inner.reallocs.load(Relaxed), 1, "use the inner realloc");
            let s = c.stats();
            assert_eq!((s.allocations, s.deallocations, s.reallocations), (1, 0, 1));
            assert_eq!((s.live_bytes, s.peak_bytes), (64, 64));

            let p = c.realloc(p, layout(64), 8);
            assert_eq!(c.stats().live_bytes, 8);

            // A failed reallocation leaves the block, and the counters, as they were.
            assert!(c.realloc(p, layout(8), 4096).is_null());
            assert_eq!(c.stats().live_bytes, 8);
            assert_eq!(c.stats().reallocations, 2);
            c.dealloc(p, layout(8));
        }
        assert_eq!(c.stats().live_bytes, 0);
        assert_eq!(c.stats().peak_bytes, 64);
    }

    #[test]
    fn counters_are_exact_under_contention() {
        let c = Arc::new(Counting::new(Spy::new(usize::MAX)));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let c = Arc::clone(&c);
                std::thread::spawn(move || {
                    for i in 1..=1000 {
                        unsafe {
                            let p = c.alloc(layout(i));
                            c.dealloc(p, layout(i));
                        }
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let s = c.stats();
        assert_eq!((s.allocations, s.deallocations), (4000, 4000));
        assert_eq!(s.live_bytes, 0);
        assert!(s.peak_bytes >= 1000 && s.peak_bytes <= 4 * 1000);
    }

    #[test]
    fn it_measures_the_whole_program() {
        let before = GLOBAL.stats();
        let big = vec![7u8; 1 << 20];
        let during = GLOBAL.stats();
        assert!(during.allocations > before.allocations);
        assert!(during.live_bytes >= 1 << 20);
        assert!(during.peak_bytes >= 1 << 20);
        drop(big);
        assert!(GLOBAL.stats().deallocations > before.deallocations);
    }
}
