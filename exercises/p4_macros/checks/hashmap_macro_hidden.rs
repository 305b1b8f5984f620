//! Tutor-owned tests for `hashmap!` and `count!`: the map is built with one
//! allocation of the right size, whatever the caller's module shadows.
#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

#[path = "../hashmap_macro.rs"]
#[macro_use]
mod ex;

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

/// The value of `f` and the allocations it made on this thread.
#[cfg(test)]
fn allocations_in<R>(f: impl FnOnce() -> R) -> (R, usize) {
    // The first map of a thread may set up its hasher's keys: not counted.
    drop(std::hint::black_box(
        ::std::collections::HashMap::<u8, u8>::with_capacity(1),
    ));
    ALLOCATIONS.with(|n| n.set(0));
    COUNTING.with(|on| on.set(true));
    let r = std::hint::black_box(f());
    COUNTING.with(|on| on.set(false));
    (r, ALLOCATIONS.with(|n| n.get()))
}

fn main() {}

#[cfg(test)]
mod hidden {
    use super::allocations_in;

    // Names a careless expansion would pick up from the caller.
    #[allow(dead_code)]
    struct HashMap;
    #[allow(dead_code)]
    mod std {}
    #[allow(dead_code)]
    mod core {}
    #[allow(unused_macros)]
    macro_rules! count {
        ($($t:tt)*) => {
            1000usize
        };
    }

    /// What `HashMap::with_capacity(n)` gives: the capacity the map must have.
    fn capacity_for(n: usize) -> usize {
        ::std::collections::HashMap::<u32, u32>::with_capacity(n).capacity()
    }

    #[test]
    fn hidden_one_allocation_of_the_right_size() {
        let (m, allocations) =
            allocations_in(|| hashmap! { 1 => 10, 2 => 20, 3 => 30, 4 => 40, 5 => 50 });
        assert_eq!(m.len(), 5);
        assert_eq!(
            allocations, 1,
            "a map of 5 entries must be allocated once, at its final size \
             (HashMap::new() grows, and allocates again, while it is filled)"
        );
        assert_eq!(
            m.capacity(),
            capacity_for(5),
            "the capacity must be the one HashMap::with_capacity gives for 5 entries"
        );
    }

    #[test]
    fn hidden_many_entries_one_allocation() {
        let (m, allocations) = allocations_in(|| {
            hashmap! {
                0 => 0, 1 => 1, 2 => 2, 3 => 3, 4 => 4, 5 => 5, 6 => 6, 7 => 7,
                8 => 8, 9 => 9, 10 => 10, 11 => 11, 12 => 12, 13 => 13, 14 => 14,
                15 => 15, 16 => 16, 17 => 17, 18 => 18, 19 => 19, 20 => 20,
                21 => 21, 22 => 22, 23 => 23, 24 => 24, 25 => 25, 26 => 26,
                27 => 27, 28 => 28, 29 => 29,
            }
        });
        assert_eq!(m.len(), 30);
        assert!((0..30).all(|k| m[&k] == k));
        assert_eq!(allocations, 1, "30 entries, {allocations} allocations");
        assert_eq!(m.capacity(), capacity_for(30));
    }

    #[test]
    fn hidden_an_empty_map_does_not_allocate() {
        let (m, allocations) = allocations_in(|| {
            let m: ::std::collections::HashMap<u32, u32> = hashmap! {};
            m
        });
        assert!(m.is_empty());
        assert_eq!(allocations, 0, "an empty map allocates nothing");
    }

    #[test]
    fn hidden_single_entry_with_and_without_comma() {
        let a = hashmap! { "only" => 1 };
        let b = hashmap! { "only" => 1, };
        assert_eq!(a, b);
        assert_eq!(a.len(), 1);
        assert_eq!(a["only"], 1);
    }

    #[test]
    fn hidden_keys_and_values_are_expressions() {
        let (x, y) = (2, 3);
        let m = hashmap! {
            (x, y) => x * y,
            (x + 1, if y > 2 { 10 } else { 20 }) => { let z = x + y; z * 2 },
            (0, 0) => ::std::vec![1, 2, 3].len() as i32,
        };
        assert_eq!(m.len(), 3);
        assert_eq!(m[&(2, 3)], 6);
        assert_eq!(m[&(3, 10)], 10);
        assert_eq!(m[&(0, 0)], 3);
    }

    #[test]
    fn hidden_each_key_and_value_evaluated_once_in_order() {
        let log = ::std::cell::RefCell::new(::std::vec::Vec::new());
        let note = |what: &'static str| {
            log.borrow_mut().push(what);
            what
        };
        let m = hashmap! { note("k1") => note("v1"), note("k2") => note("v2") };
        assert_eq!(m.len(), 2);
        assert_eq!(*log.borrow(), ["k1", "v1", "k2", "v2"]);
    }

    #[test]
    fn hidden_a_repeated_key_keeps_the_last_value() {
        let m = hashmap! { 1 => "first", 2 => "two", 1 => "last" };
        assert_eq!(m.len(), 2);
        assert_eq!(m[&1], "last");
    }

    #[test]
    fn hidden_count_is_a_constant() {
        const NONE: usize = count_tokens_none();
        const fn count_tokens_none() -> usize {
            crate::count!()
        }
        const ONE: usize = crate::count!(x);
        const MIXED: usize = crate::count!(a 1 "s" (x y z) [] {} +);
        // A constant can size an array.
        let array = [0u8; crate::count!(a b c d)];
        assert_eq!(NONE, 0);
        assert_eq!(ONE, 1);
        assert_eq!(MIXED, 7, "token trees, not tokens: (x y z) is one");
        assert_eq!(array.len(), 4);
    }

    #[test]
    fn hidden_count_goes_far_past_the_recursion_limit() {
        const N: usize = crate::count!(
            x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
            x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
            x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
            x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
            x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
            x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
            x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
            x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
            x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
            x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
            x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
            x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
            x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
            x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
            x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
            x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x
        );
        assert_eq!(N, 512);
    }
}
