//! A global allocator for the microcontroller, so `alloc::vec::Vec`, `Box` and
//! `String` work without an operating system.
//!
//! `BumpHeap` hands out memory from a static 8 KiB arena by moving a cursor
//! forward. As shipped it is a first draft with two bugs; fix `alloc` and
//! `dealloc` so that:
//! - every block is aligned as its `Layout` asks (a `u64` needs 8, the
//!   `Aligned64` type below needs 64): round the cursor up, don't just add;
//! - a request that does not fit returns a null pointer (never memory past the
//!   end of the arena), so `try_reserve` can report the failure;
//! - memory is reused: count the live blocks, and when the last one is freed,
//!   move the cursor back to the start of the arena (so a loop that allocates
//!   and frees does not run out).
//!
//! The allocator is shared by `main` and any interrupt handler, so its state
//! lives in a `critical_section::Mutex<Cell<_>>`.
//!
//! The check builds this file for `thumbv7m-none-eabi`, runs it in QEMU and
//! compares its output (and the exit code 0) with the expected one.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::alloc::{GlobalAlloc, Layout};
use core::cell::{Cell, UnsafeCell};
use core::ptr;

use cortex_m_rt::{ExceptionFrame, entry, exception};
use cortex_m_semihosting::{debug, hprintln};
use critical_section::Mutex;
use lm3s6965 as _; // the interrupt vector table of the LM3S6965
use panic_semihosting as _; // a panic prints its message and exits with code 1

const HEAP_SIZE: usize = 8 * 1024;

/// The allocator's bookkeeping.
#[derive(Clone, Copy)]
struct State {
    /// Offset of the first free byte in the arena.
    next: usize,
    /// Blocks handed out and not freed yet.
    live: usize,
}

struct BumpHeap {
    arena: UnsafeCell<[u8; HEAP_SIZE]>,
    state: Mutex<Cell<State>>,
}

// SAFETY: the arena is only handed out in disjoint blocks, and `state` is only
// touched inside critical sections.
unsafe impl Sync for BumpHeap {}

unsafe impl GlobalAlloc for BumpHeap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let base = self.arena.get() as *mut u8;
        critical_section::with(|cs| {
            let cell = self.state.borrow(cs);
            let mut state = cell.get();
            // TODO: align the start of the block to `layout.align()`.
            let start = state.next;
            let end = start + layout.size();
            if end > HEAP_SIZE {
                return ptr::null_mut();
            }
            state.next = end;
            state.live += 1;
            cell.set(state);
            // SAFETY: `start..end` lies inside the arena.
            unsafe { base.add(start) }
        })
    }

    unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {
        // TODO: count the frees, and reset the cursor when nothing is live.
    }
}

#[global_allocator]
static HEAP: BumpHeap = BumpHeap {
    arena: UnsafeCell::new([0; HEAP_SIZE]),
    state: Mutex::new(Cell::new(State { next: 0, live: 0 })),
};

/// A fault (a misaligned 64-bit access, say) ends the program with a report
/// instead of hanging in the default handler.
#[exception]
unsafe fn HardFault(frame: &ExceptionFrame) -> ! {
    hprintln!("HardFault at pc={:#010x}", frame.pc());
    debug::exit(debug::EXIT_FAILURE);
    loop {
        cortex_m::asm::wfi();
    }
}

/// A type with a large alignment, like a DMA buffer descriptor.
#[repr(align(64))]
struct Aligned64([u8; 3]);

#[entry]
fn main() -> ! {
    let squares: Vec<u32> = (1..=5).map(|n| n * n).collect();
    hprintln!("vec {:?} sums to {}", squares, squares.iter().sum::<u32>());

    let mut greeting = String::from("hello");
    greeting.push_str(", heap");
    hprintln!("string: {greeting}");

    let byte = Box::new(7u8);
    let word = Box::new(0x0123_4567_89ab_cdef_u64);
    let block = Box::new(Aligned64([1, 2, 3]));
    hprintln!("u64 aligned: {}", (&raw const *word).is_aligned());
    hprintln!("align(64) aligned: {}", (&raw const *block).is_aligned());
    hprintln!("values survive: {} {:#x} {:?}", byte, *word, block.0);
    drop((squares, greeting, byte, word, block));

    // Far more than the arena holds in total, but never more than 1 KiB at once.
    for round in 0..1_000u32 {
        let buffer = alloc::vec![round as u8; 1024];
        assert_eq!(buffer[1023], round as u8);
    }
    hprintln!("1000 rounds of 1 KiB: ok");

    let mut huge: Vec<u8> = Vec::new();
    hprintln!("16 KiB refused: {}", huge.try_reserve(16 * 1024).is_err());

    debug::exit(debug::EXIT_SUCCESS);
    loop {
        cortex_m::asm::wfi();
    }
}
