//! A per-collection allocator: `Vec<T, &Bump>` with `allocator-api2`.
//!
//! The standard library's `Allocator` trait (`Vec::new_in`) is still
//! nightly-only (`#![feature(allocator_api)]`). The `allocator-api2` crate
//! ships the same trait and collections on stable; code written against it
//! moves to `std` unchanged once the feature is stable.
//!
//! `Bump` hands out memory from one buffer and never frees single blocks,
//! with one exception that makes growing collections cheap: the *most recent*
//! block sits at the top of the buffer, so it can be grown, shrunk or freed in
//! place. Implement, for `Bump`:
//! - `deallocate`: give the bytes back when the block is the most recent one;
//! - `grow`: extend the most recent block in place when it fits (no copy);
//!   otherwise allocate a new block and copy;
//! - `shrink`: in place.
//!
//! The tests check that a `Vec` growing one element at a time in a 4 KiB
//! arena can hold 1000 `u32` (only possible when growth is in place), that a
//! full arena is an error and never a panic or an abort, that two collections
//! interleaved in one arena keep their data, and the bookkeeping of `used`.

use allocator_api2::alloc::{AllocError, Allocator, Layout};
use allocator_api2::boxed::Box;
use allocator_api2::vec::Vec;
use std::cell::Cell;
use std::ptr::NonNull;

pub struct Bump {
    start: NonNull<u8>,
    capacity: usize,
    used: Cell<usize>,
}

const BUFFER_ALIGN: usize = 16;

impl Bump {
    pub fn with_capacity(capacity: usize) -> Bump {
        assert!(capacity > 0, "a bump allocator needs some room");
        let layout = Self::layout(capacity);
        // SAFETY: the size is not zero.
        let ptr = unsafe { std::alloc::alloc(layout) };
        let start = NonNull::new(ptr).unwrap_or_else(|| std::alloc::handle_alloc_error(layout));
        Bump {
            start,
            capacity,
            used: Cell::new(0),
        }
    }

    fn layout(capacity: usize) -> Layout {
        Layout::from_size_align(capacity, BUFFER_ALIGN).expect("capacity too large")
    }

    /// Bytes taken so far, padding included.
    pub fn used(&self) -> usize {
        self.used.get()
    }

    fn offset_of(&self, ptr: NonNull<u8>) -> usize {
        ptr.as_ptr() as usize - self.start.as_ptr() as usize
    }

    /// Is the block at `ptr` of `size` bytes the last one handed out?
    fn is_last(&self, ptr: NonNull<u8>, size: usize) -> bool {
        self.offset_of(ptr) + size == self.used.get()
    }

    fn block(ptr: NonNull<u8>, len: usize) -> NonNull<[u8]> {
        NonNull::slice_from_raw_parts(ptr, len)
    }
}

impl Drop for Bump {
    fn drop(&mut self) {
        // SAFETY: allocated in `with_capacity` with this layout.
        unsafe { std::alloc::dealloc(self.start.as_ptr(), Self::layout(self.capacity)) }
    }
}

unsafe impl Allocator for Bump {
    fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
        let used = self.used.get();
        let here = self.start.as_ptr() as usize + used;
        let padding = here.next_multiple_of(layout.align()) - here;
        let offset = used.checked_add(padding).ok_or(AllocError)?;
        let end = offset.checked_add(layout.size()).ok_or(AllocError)?;
        if end > self.capacity {
            return Err(AllocError);
        }
        self.used.set(end);
        // SAFETY: `offset <= capacity`, so the pointer stays in the buffer.
        let ptr = unsafe { self.start.add(offset) };
        Ok(Self::block(ptr, layout.size()))
    }

    // TODO: give the bytes back when the block is the most recent one.
    unsafe fn deallocate(&self, _ptr: NonNull<u8>, _layout: Layout) {}

    // TODO: override `grow` (in place when the block is the most recent one
    // and the new size fits) and `shrink` (in place). The default `grow`
    // allocates a new block and copies the old one, every time.
}

fn main() {
    let bump = Bump::with_capacity(4096);
    let mut squares = Vec::new_in(&bump);
    for i in 0..100u32 {
        squares.push(i * i);
    }
    let name = Box::new_in(*b"arena", &bump);
    println!(
        "{} squares and {:?} in {} bytes",
        squares.len(),
        std::str::from_utf8(&*name).unwrap(),
        bump.used()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vector_grows_in_place() {
        let bump = Bump::with_capacity(4096);
        let mut v: Vec<u32, &Bump> = Vec::new_in(&bump);
        for i in 0..1000 {
            v.try_reserve(1)
                .unwrap_or_else(|_| panic!("out of memory at element {i}: growth copies"));
            v.push(i);
        }
        assert!(v.iter().copied().eq(0..1000));
        assert!(bump.used() <= 4096);
    }

    #[test]
    fn a_full_arena_is_an_error() {
        let bump = Bump::with_capacity(64);
        let mut v: Vec<u64, &Bump> = Vec::new_in(&bump);
        assert!(v.try_reserve_exact(8).is_ok());
        assert!(v.try_reserve_exact(9).is_err(), "72 bytes do not fit in 64");
        assert!(bump.allocate(Layout::new::<[u8; 65]>()).is_err());
        assert_eq!(v.capacity(), 8);
    }

    #[test]
    fn interleaved_collections_keep_their_data() {
        let bump = Bump::with_capacity(1 << 16);
        let mut evens = Vec::new_in(&bump);
        let mut odds = Vec::new_in(&bump);
        for i in 0..500u64 {
            if i % 2 == 0 {
                evens.push(i);
            } else {
                odds.push(i);
            }
        }
        assert!(evens.iter().copied().eq((0..500).step_by(2)));
        assert!(odds.iter().copied().eq((1..500).step_by(2)));
    }

    #[test]
    fn freeing_the_last_block_gives_its_bytes_back() {
        let bump = Bump::with_capacity(256);
        let a = Box::new_in(1u64, &bump);
        let b = Box::new_in([2u8; 24], &bump);
        assert_eq!(bump.used(), 32);
        drop(a); // not the last block: nothing comes back
        assert_eq!(bump.used(), 32);
        drop(b);
        assert_eq!(bump.used(), 8);
    }

    #[test]
    fn shrinking_the_last_block_is_in_place() {
        let bump = Bump::with_capacity(1024);
        let mut v: Vec<u8, &Bump> = Vec::with_capacity_in(512, &bump);
        v.extend_from_slice(b"hello");
        let before = v.as_ptr();
        v.shrink_to_fit();
        assert_eq!(v.as_ptr(), before);
        assert_eq!(bump.used(), 5);
        assert_eq!(&v[..], b"hello");
    }

    #[test]
    fn growing_a_block_that_is_not_last_copies_it() {
        let bump = Bump::with_capacity(1024);
        let mut v: Vec<u16, &Bump> = Vec::with_capacity_in(4, &bump);
        v.extend([1, 2, 3, 4]);
        let _pin = Box::new_in(0u8, &bump);
        v.push(5);
        assert_eq!(&v[..], [1, 2, 3, 4, 5]);
    }

    #[test]
    fn allocations_are_aligned() {
        let bump = Bump::with_capacity(1024);
        let _byte = Box::new_in(1u8, &bump);
        let wide = Box::new_in(2u128, &bump);
        assert_eq!(
            (&*wide as *const u128 as usize) % std::mem::align_of::<u128>(),
            0
        );
    }
}
