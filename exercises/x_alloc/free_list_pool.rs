//! A pool allocator: size classes, pages and intrusive free lists.
//!
//! This is how general-purpose allocators (jemalloc, mimalloc, the slab
//! allocator of a kernel) serve small objects. `Pool` rounds every small
//! request up to a size class (16, 32, 64, 128 or 256 bytes). When a class has
//! no free block, the pool takes one 4 KiB page from the global allocator and
//! cuts it into blocks of that class. A freed block goes back on its class's
//! free list, and the list is *intrusive*: the pointer to the next free block
//! is stored inside the free block itself, so the list costs no memory.
//! Requests above 256 bytes (or aligned to more than 256) go straight to the
//! global allocator. Pages are returned when the pool is dropped.
//!
//! Implement `class_of` (alignment counts too: a page is 4096-aligned, so a
//! block of a power-of-two class is aligned to its size) and `deallocate`
//! (push the block on its free list). The tests check the class mapping,
//! alignment, that a freed block is reused first (LIFO), that 10 000
//! allocate/free cycles use a single page, and `Vec`/`Box` on top of the pool.

use allocator_api2::alloc::{AllocError, Allocator, Global, Layout};
use allocator_api2::boxed::Box;
use allocator_api2::vec::Vec;
use std::cell::{Cell, RefCell};
use std::ptr::NonNull;

pub const PAGE_SIZE: usize = 4096;
pub const CLASSES: [usize; 5] = [16, 32, 64, 128, 256];

/// The header a free block holds while it waits on a free list.
struct FreeBlock {
    next: Option<NonNull<FreeBlock>>,
}

/// The index in `CLASSES` of the class that serves `layout`, or `None` when
/// the global allocator must serve it.
pub fn class_of(layout: Layout) -> Option<usize> {
    // TODO: this looks at the size only.
    CLASSES.iter().position(|&class| class >= layout.size())
}

#[derive(Default)]
pub struct Pool {
    free: [Cell<Option<NonNull<FreeBlock>>>; CLASSES.len()],
    pages: RefCell<std::vec::Vec<NonNull<u8>>>,
}

impl Pool {
    pub fn new() -> Pool {
        Pool::default()
    }

    /// Pages taken from the global allocator so far.
    pub fn pages(&self) -> usize {
        self.pages.borrow().len()
    }

    fn page_layout() -> Layout {
        Layout::from_size_align(PAGE_SIZE, PAGE_SIZE).unwrap()
    }

    fn push_free(&self, class: usize, block: NonNull<u8>) {
        let block = block.cast::<FreeBlock>();
        // SAFETY: every block is at least 16 bytes and 16-aligned, enough for
        // a `FreeBlock`, and the caller no longer uses it.
        unsafe {
            block.write(FreeBlock {
                next: self.free[class].get(),
            })
        };
        self.free[class].set(Some(block));
    }

    fn pop_free(&self, class: usize) -> Option<NonNull<u8>> {
        let block = self.free[class].get()?;
        // SAFETY: blocks on a free list hold a `FreeBlock` written by `push_free`.
        self.free[class].set(unsafe { block.as_ref().next });
        Some(block.cast())
    }

    /// Takes a fresh page and puts all its blocks on the free list of `class`.
    fn refill(&self, class: usize) -> Result<(), AllocError> {
        let page = Global.allocate(Self::page_layout())?.cast::<u8>();
        self.pages.borrow_mut().push(page);
        let size = CLASSES[class];
        // Push in reverse, so that blocks come out in address order.
        for offset in (0..PAGE_SIZE).step_by(size).rev() {
            // SAFETY: `offset < PAGE_SIZE`, inside the page.
            self.push_free(class, unsafe { page.add(offset) });
        }
        Ok(())
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        for page in self.pages.get_mut().drain(..) {
            // SAFETY: every page came from `Global` with this layout.
            unsafe { Global.deallocate(page, Self::page_layout()) };
        }
    }
}

unsafe impl Allocator for Pool {
    fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
        let Some(class) = class_of(layout) else {
            return Global.allocate(layout);
        };
        let block = match self.pop_free(class) {
            Some(block) => block,
            None => {
                self.refill(class)?;
                self.pop_free(class).ok_or(AllocError)?
            }
        };
        Ok(NonNull::slice_from_raw_parts(block, CLASSES[class]))
    }

    // TODO: a small block goes back on the free list of its class; a large
    // one goes back to `Global`.
    unsafe fn deallocate(&self, _ptr: NonNull<u8>, _layout: Layout) {}
}

fn main() {
    let pool = Pool::new();
    let mut points: Vec<Box<(f64, f64), &Pool>, &Pool> = Vec::new_in(&pool);
    for i in 0..100 {
        points.push(Box::new_in((i as f64, -(i as f64)), &pool));
    }
    let sum: f64 = points.iter().map(|p| p.0 + p.1).sum();
    println!(
        "{} points (sum {sum}) in {} page(s)",
        points.len(),
        pool.pages()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    fn addr(block: NonNull<[u8]>) -> usize {
        block.cast::<u8>().as_ptr() as usize
    }

    #[test]
    fn requests_map_to_size_classes() {
        assert_eq!(class_of(layout(0, 1)), Some(0));
        assert_eq!(class_of(layout(1, 1)), Some(0));
        assert_eq!(class_of(layout(16, 8)), Some(0));
        assert_eq!(class_of(layout(17, 1)), Some(1));
        assert_eq!(class_of(layout(100, 4)), Some(3));
        assert_eq!(class_of(layout(256, 8)), Some(4));
        assert_eq!(class_of(layout(257, 1)), None);
        assert_eq!(class_of(layout(8, 64)), Some(2), "alignment counts");
        assert_eq!(class_of(layout(8, 512)), None);
    }

    #[test]
    fn blocks_are_aligned_to_their_class() {
        let pool = Pool::new();
        for _ in 0..20 {
            let _small = pool.allocate(layout(8, 8)).unwrap();
            let block = pool.allocate(layout(8, 64)).unwrap();
            assert_eq!(addr(block) % 64, 0);
            let block = pool.allocate(layout(200, 1)).unwrap();
            assert_eq!(addr(block) % 256, 0);
        }
    }

    #[test]
    fn a_freed_block_is_reused_first() {
        let pool = Pool::new();
        let l = layout(24, 8);
        let a = pool.allocate(l).unwrap();
        let b = pool.allocate(l).unwrap();
        assert_ne!(addr(a), addr(b));
        unsafe {
            pool.deallocate(a.cast(), l);
            pool.deallocate(b.cast(), l);
        }
        assert_eq!(
            addr(pool.allocate(l).unwrap()),
            addr(b),
            "last freed, first reused"
        );
        assert_eq!(addr(pool.allocate(l).unwrap()), addr(a));
    }

    #[test]
    fn one_page_serves_many_cycles() {
        let pool = Pool::new();
        for i in 0..10_000u32 {
            let b = Box::new_in([i; 25], &pool);
            assert_eq!(b[24], i);
        }
        assert_eq!(pool.pages(), 1);
    }

    #[test]
    fn a_page_is_cut_into_blocks() {
        let pool = Pool::new();
        let l = layout(16, 16);
        let blocks: std::vec::Vec<_> = (0..PAGE_SIZE / 16)
            .map(|_| pool.allocate(l).unwrap())
            .collect();
        assert_eq!(pool.pages(), 1);
        let mut addrs: std::vec::Vec<_> = blocks.iter().map(|&b| addr(b)).collect();
        addrs.sort();
        addrs.dedup();
        assert_eq!(addrs.len(), PAGE_SIZE / 16, "every block is distinct");
        pool.allocate(l).unwrap();
        assert_eq!(pool.pages(), 2);
    }

    #[test]
    fn classes_do_not_share_blocks() {
        let pool = Pool::new();
        let small = layout(16, 1);
        let a = pool.allocate(small).unwrap();
        unsafe { pool.deallocate(a.cast(), small) };
        let b = pool.allocate(layout(32, 1)).unwrap();
        assert_ne!(addr(a), addr(b), "a 16-byte block cannot hold 32 bytes");
    }

    #[test]
    fn collections_live_on_the_pool() {
        let pool = Pool::new();
        let mut v: Vec<u64, &Pool> = Vec::new_in(&pool);
        for i in 0..100 {
            v.push(i); // grows through every class, then into the global allocator
        }
        assert!(v.iter().copied().eq(0..100));
        let big: Vec<u8, &Pool> = Vec::with_capacity_in(10_000, &pool);
        assert!(big.capacity() >= 10_000);
        drop(v);
        // Freed blocks were recycled: small boxes need no new page now.
        let pages = pool.pages();
        let boxes: std::vec::Vec<_> = (0..8u64).map(|i| Box::new_in([i; 4], &pool)).collect();
        assert_eq!(boxes.len(), 8);
        assert_eq!(pool.pages(), pages);
    }
}
