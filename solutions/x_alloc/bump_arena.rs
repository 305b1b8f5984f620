//! A bump arena: fast allocation of many values that die together.
//!
//! `Arena::with_capacity(n)` owns one buffer of `n` bytes, aligned to 16.
//! `try_alloc(&self, value)` moves `value` into the next free, correctly
//! aligned place of the buffer and returns `&mut T`; when the value does not
//! fit, it gives the value back as `Err(value)`. `alloc` is the same but
//! panics with "arena is full". `reset(&mut self)` makes the whole buffer
//! free again. Values are never dropped by the arena (like `bumpalo`): their
//! destructors do not run.
//!
//! The arena below is the one of the book, and it is wrong three times:
//! it ignores alignment (a `&mut u64` at an odd address is undefined
//! behaviour), it does not return an error when the buffer is full, and
//! `reset` takes `&self`, so a reference handed out before `reset` still works
//! after it, aliasing the next value. The tests check alignment (up to 64),
//! that values never overlap, that padding counts against the capacity, that a
//! value which does not fit comes back, and that `reset` reuses the memory.
//! A tutor-owned program also checks that a reference cannot outlive `reset`.

use std::alloc::{self, Layout};
use std::cell::Cell;
use std::ptr::NonNull;

/// The alignment of the buffer itself.
const BUFFER_ALIGN: usize = 16;

pub struct Arena {
    start: NonNull<u8>,
    capacity: usize,
    /// Bytes used from `start`, padding included.
    used: Cell<usize>,
}

impl Arena {
    pub fn with_capacity(capacity: usize) -> Arena {
        let start = if capacity == 0 {
            // No allocation of zero bytes: a dangling, aligned pointer will do.
            NonNull::new(BUFFER_ALIGN as *mut u8).unwrap()
        } else {
            let layout = Self::layout(capacity);
            // SAFETY: the layout has a non-zero size.
            let ptr = unsafe { alloc::alloc(layout) };
            NonNull::new(ptr).unwrap_or_else(|| alloc::handle_alloc_error(layout))
        };
        Arena {
            start,
            capacity,
            used: Cell::new(0),
        }
    }

    fn layout(capacity: usize) -> Layout {
        Layout::from_size_align(capacity, BUFFER_ALIGN).expect("arena too large")
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Bytes taken so far, padding included.
    pub fn used(&self) -> usize {
        self.used.get()
    }

    // Handing out `&mut T` from `&self` is what an arena is for: every call
    // returns a different part of the buffer, so the references never alias.
    #[allow(clippy::mut_from_ref)]
    pub fn try_alloc<T>(&self, value: T) -> Result<&mut T, T> {
        let layout = Layout::new::<T>();
        let used = self.used.get();
        // Align the *address*, not the offset: the buffer is only 16-aligned,
        // and a type may ask for more.
        let here = self.start.as_ptr() as usize + used;
        let padding = here.next_multiple_of(layout.align()) - here;
        let end = match used
            .checked_add(padding)
            .and_then(|offset| offset.checked_add(layout.size()))
        {
            Some(end) if end <= self.capacity => end,
            _ => return Err(value),
        };
        self.used.set(end);
        // SAFETY: `used + padding .. end` lies inside the buffer, is aligned for
        // `T` and was handed out to no one else since the last `reset` (which
        // needed `&mut self`, so no reference from before it is alive).
        unsafe {
            let ptr = self.start.as_ptr().add(used + padding).cast::<T>();
            ptr.write(value);
            Ok(&mut *ptr)
        }
    }

    #[allow(clippy::mut_from_ref)]
    pub fn alloc<T>(&self, value: T) -> &mut T {
        match self.try_alloc(value) {
            Ok(slot) => slot,
            Err(_) => panic!("arena is full"),
        }
    }

    /// Frees every value at once. `&mut self` proves that no reference handed
    /// out by `alloc` is still alive.
    pub fn reset(&mut self) {
        self.used.set(0);
    }
}

impl Drop for Arena {
    fn drop(&mut self) {
        if self.capacity > 0 {
            // SAFETY: allocated in `with_capacity` with this layout.
            unsafe { alloc::dealloc(self.start.as_ptr(), Self::layout(self.capacity)) }
        }
    }
}

fn main() {
    let arena = Arena::with_capacity(1024);
    let name = arena.alloc(*b"ferris");
    let age = arena.alloc(9u64);
    *age += 1;
    println!(
        "{} is {age}; the arena used {} of {} bytes",
        String::from_utf8_lossy(name),
        arena.used(),
        arena.capacity()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[repr(align(64))]
    #[derive(Debug, PartialEq)]
    struct CacheLine(u8);

    fn addr<T>(r: &T) -> usize {
        r as *const T as usize
    }

    #[test]
    fn every_value_is_aligned() {
        let arena = Arena::with_capacity(512);
        let a = arena.alloc(1u8);
        let b = arena.alloc(2u64);
        let c = arena.alloc(3u16);
        let d = arena.alloc(CacheLine(4));
        let e = arena.alloc(5u32);
        assert_eq!(addr(b) % 8, 0, "u64 misaligned");
        assert_eq!(addr(c) % 2, 0, "u16 misaligned");
        assert_eq!(addr(d) % 64, 0, "align(64) type misaligned");
        assert_eq!(addr(e) % 4, 0, "u32 misaligned");
        assert_eq!((*a, *b, *c, d.0, *e), (1, 2, 3, 4, 5));
    }

    #[test]
    fn values_do_not_overlap() {
        let arena = Arena::with_capacity(4096);
        let mut refs: Vec<&mut u32> = Vec::new();
        for i in 0..300 {
            if i % 3 == 0 {
                arena.alloc(0xFFu8);
            }
            refs.push(arena.alloc(i));
        }
        for (i, r) in refs.iter_mut().enumerate() {
            **r += 1;
            assert_eq!(**r, i as u32 + 1);
        }
    }

    #[test]
    fn padding_counts_against_the_capacity() {
        let arena = Arena::with_capacity(16);
        arena.alloc(1u8);
        assert_eq!(arena.used(), 1);
        // 7 bytes of padding, then 8 bytes: exactly full.
        assert_eq!(*arena.try_alloc(2u64).expect("fits after padding"), 2);
        assert_eq!(arena.used(), 16);
        assert_eq!(arena.try_alloc(3u8), Err(3));
    }

    #[test]
    fn a_value_that_does_not_fit_comes_back() {
        let arena = Arena::with_capacity(8);
        let s = String::from("not in here");
        let back = arena.try_alloc([s.clone(), s.clone()]).unwrap_err();
        assert_eq!(back[0], s);
        assert_eq!(arena.used(), 0, "a failed allocation takes nothing");
        assert!(arena.try_alloc([0u8; 4096]).is_err());
        assert!(arena.try_alloc(7u64).is_ok());
    }

    #[test]
    #[should_panic(expected = "arena is full")]
    fn alloc_panics_when_full() {
        let arena = Arena::with_capacity(4);
        arena.alloc(1u64);
    }

    #[test]
    fn reset_reuses_the_memory() {
        let mut arena = Arena::with_capacity(64);
        let first = addr(arena.alloc(1u32));
        arena.alloc(2u32);
        arena.reset();
        assert_eq!(arena.used(), 0);
        let again = arena.alloc(3u32);
        assert_eq!(addr(again), first);
        assert_eq!(*again, 3);
    }

    #[test]
    fn zero_sized_values_need_no_room() {
        let arena = Arena::with_capacity(0);
        let _unit: &mut () = arena.alloc(());
        assert_eq!(arena.used(), 0);
        assert!(arena.try_alloc(1u8).is_err());
    }
}
