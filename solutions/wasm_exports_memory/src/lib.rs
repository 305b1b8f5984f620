//! Exports and linear memory: the host passes numbers; everything else goes through memory.
//!
//! A WebAssembly module and its host share one thing: the module's linear memory, a byte
//! array the host can read and write. To pass a list of numbers, the host asks the module for
//! room (`alloc`), writes the numbers there, calls a function with a pointer (an offset into
//! that memory) and a length, and gives the room back afterwards (`dealloc`).
//!
//! Implement the exports (the tutor builds this crate for wasm32, loads it and calls them):
//!
//! - `alloc(size, align) -> ptr`: `size` bytes aligned to `align`, owned by the host until it
//!   passes them to `dealloc`. Even for `size == 0` the pointer must be aligned and not null.
//! - `dealloc(ptr, size, align)`: gives back what `alloc` returned.
//! - `sum(ptr, len) -> i64`: the sum of the `len` i32 values at `ptr`.
//! - `dot(a, a_len, b, b_len) -> i64`: the dot product of two i32 vectors; like `zip`, the
//!   extra values of the longer one are ignored.
//! - `gain(ptr, len, factor)`: multiplies the `len` i32 values at `ptr` by `factor`, in place,
//!   clamping to `i32::MIN..=i32::MAX` instead of wrapping (a wrapped audio sample is a click).
//!
//! The checks call them with two buffers alive at once, empty buffers, sums and products that
//! do not fit in an i32, and the same call many times over (memory must be reused).

use std::alloc::{self, Layout};
use std::ptr;

/// Allocates `size` bytes aligned to `align` for the host.
///
/// Returns null when `align` is not a power of two or the size overflows.
#[unsafe(no_mangle)]
pub extern "C" fn alloc(size: usize, align: usize) -> *mut u8 {
    let Ok(layout) = Layout::from_size_align(size, align) else {
        return ptr::null_mut();
    };
    if layout.size() == 0 {
        // The global allocator must not be asked for zero bytes: hand out a pointer that is
        // aligned and not null, and that nobody reads from.
        return ptr::without_provenance_mut(layout.align());
    }
    // SAFETY: the layout has a non-zero size.
    unsafe { alloc::alloc(layout) }
}

/// Frees memory returned by [`alloc`] with the same `size` and `align`.
///
/// # Safety
///
/// `ptr` must come from `alloc(size, align)` and not have been freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn dealloc(ptr: *mut u8, size: usize, align: usize) {
    let Ok(layout) = Layout::from_size_align(size, align) else {
        return;
    };
    if layout.size() != 0 {
        // SAFETY: the caller passes back what `alloc` returned for this layout.
        unsafe { alloc::dealloc(ptr, layout) }
    }
}

/// The sum of the `len` values at `ptr`.
///
/// # Safety
///
/// `ptr` must point to `len` initialised, aligned `i32`s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sum(ptr: *const i32, len: usize) -> i64 {
    // SAFETY: guaranteed by the caller.
    let values = unsafe { std::slice::from_raw_parts(ptr, len) };
    values.iter().map(|&v| i64::from(v)).sum()
}

/// The dot product of the vectors at `a` and `b`, over the length of the shorter one.
///
/// # Safety
///
/// `a` and `b` must point to `a_len` and `b_len` initialised, aligned `i32`s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn dot(a: *const i32, a_len: usize, b: *const i32, b_len: usize) -> i64 {
    // SAFETY: guaranteed by the caller.
    let (a, b) = unsafe {
        (
            std::slice::from_raw_parts(a, a_len),
            std::slice::from_raw_parts(b, b_len),
        )
    };
    a.iter()
        .zip(b)
        .map(|(&x, &y)| i64::from(x) * i64::from(y))
        .sum()
}

/// Multiplies the `len` values at `ptr` by `factor` in place, clamping to the `i32` range.
///
/// # Safety
///
/// `ptr` must point to `len` initialised, aligned `i32`s that nothing else is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn gain(ptr: *mut i32, len: usize, factor: i32) {
    // SAFETY: guaranteed by the caller.
    let samples = unsafe { std::slice::from_raw_parts_mut(ptr, len) };
    for sample in samples {
        *sample = sample.saturating_mul(factor);
    }
}
