//! Tutor-owned tests for `counting_allocator`: the learner's file is included
//! as a module, so its own tests cannot be weakened to pass these.
#![allow(dead_code)]

#[path = "../counting_allocator.rs"]
mod ex;

fn main() {}

#[cfg(test)]
mod hidden {
    use super::ex::{Counting, Stats};
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

    /// Fails every request above `limit` bytes; counts the calls it gets.
    struct Spy {
        limit: usize,
        allocs: AtomicUsize,
        zeroed: AtomicUsize,
        reallocs: AtomicUsize,
    }

    impl Spy {
        fn new(limit: usize) -> Self {
            Spy {
                limit,
                allocs: AtomicUsize::new(0),
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
            self.allocs.fetch_add(1, Relaxed);
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

    /// Lets the test keep the spy while the counter owns a handle to it.
    struct SpyRef<'a>(&'a Spy);

    unsafe impl GlobalAlloc for SpyRef<'_> {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            unsafe { self.0.alloc(layout) }
        }
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            unsafe { self.0.alloc_zeroed(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { self.0.dealloc(ptr, layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            unsafe { self.0.realloc(ptr, layout, new_size) }
        }
    }

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn hidden_mixed_sequence() {
        let spy = Spy::new(4096);
        let c = Counting::new(SpyRef(&spy));
        unsafe {
            let a = c.alloc(layout(10, 2));
            let b = c.alloc_zeroed(layout(300, 16));
            let a = c.realloc(a, layout(10, 2), 1000);
            assert!(c.alloc(layout(5000, 8)).is_null());
            assert!(c.realloc(b, layout(300, 16), 5000).is_null());
            let b = c.realloc(b, layout(300, 16), 20);
            let expected = Stats {
                allocations: 2,
                deallocations: 0,
                reallocations: 2,
                live_bytes: 1020,
                peak_bytes: 1300,
            };
            assert_eq!(c.stats(), expected);
            c.dealloc(a, layout(1000, 2));
            c.dealloc(b, layout(20, 16));
        }
        assert_eq!(c.stats().live_bytes, 0);
        assert_eq!(c.stats().deallocations, 2);
        assert_eq!(spy.allocs.load(Relaxed), 1);
        assert_eq!(spy.zeroed.load(Relaxed), 1);
        assert_eq!(spy.reallocs.load(Relaxed), 2);
    }

    #[test]
    fn hidden_contention_with_reallocations() {
        let c = Arc::new(Counting::new(Spy::new(usize::MAX)));
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let c = Arc::clone(&c);
                std::thread::spawn(move || {
                    for i in 1..=500 {
                        unsafe {
                            let p = c.alloc(layout(i + t, 8));
                            let p = c.realloc(p, layout(i + t, 8), 2 * i + t);
                            c.dealloc(p, layout(2 * i + t, 8));
                        }
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let s = c.stats();
        assert_eq!(
            (s.allocations, s.reallocations, s.deallocations),
            (2000, 2000, 2000)
        );
        assert_eq!(s.live_bytes, 0);
    }
}
