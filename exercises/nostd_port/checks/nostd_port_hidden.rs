//! Tutor-owned check for `nostd_port`: the port keeps its data inline and
//! never allocates (there is no heap on the target).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

/// Forwards to the system allocator, counting the allocations made by the
/// current thread while `allocations_in` runs (other test threads don't count).
struct Counting;

impl Counting {
    fn count() {
        let _ = COUNTING.try_with(|on| {
            if on.get() {
                ALLOCATIONS.with(|n| n.set(n.get() + 1));
            }
        });
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Self::count();
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        Self::count();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[cfg(test)]
fn allocations_in(f: impl FnOnce()) -> usize {
    ALLOCATIONS.with(|n| n.set(0));
    COUNTING.with(|on| on.set(true));
    f();
    COUNTING.with(|on| on.set(false));
    ALLOCATIONS.with(|n| n.get())
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::allocations_in;
    use nostd_port::{FixedString, RingBuffer, format_reading};
    use std::fmt::Write;
    use std::hint::black_box;

    #[test]
    fn the_ring_buffer_does_not_allocate() {
        let n = allocations_in(|| {
            let mut rb: RingBuffer<u64, 16> = RingBuffer::new();
            for i in 0..100 {
                black_box(rb.push_overwrite(i));
            }
            while let Some(item) = rb.pop() {
                black_box(item);
            }
            black_box(&rb);
        });
        assert_eq!(n, 0, "RingBuffer allocated {n} times");
    }

    #[test]
    fn fixed_strings_and_readings_do_not_allocate() {
        let n = allocations_in(|| {
            let mut s: FixedString<64> = FixedString::new();
            for t in [-1234, -5, 0, 7, 215] {
                s.clear();
                format_reading(&mut s, "sensor", t).unwrap();
                black_box(s.as_str());
            }
            write!(s, "{:>10}|{:#x}", "right", 255).unwrap();
            black_box(s.as_str());
        });
        assert_eq!(n, 0, "FixedString or format_reading allocated {n} times");
    }

    #[test]
    fn the_storage_is_inline() {
        assert!(size_of::<RingBuffer<u64, 16>>() >= 16 * size_of::<u64>());
        assert!(size_of::<FixedString<64>>() >= 64);
    }
}
