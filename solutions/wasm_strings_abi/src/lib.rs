//! A string ABI by hand: UTF-8 in and out through linear memory.
//!
//! WebAssembly functions take and return numbers only, so a string crosses the boundary as a
//! pointer and a length in bytes. Strings in: the host allocates `len` bytes with `alloc`,
//! writes UTF-8 there, calls the function with `(ptr, len)` and frees the bytes afterwards.
//! Strings out: the function returns a *new* string that it gives away, packed into one `u64`
//! as `(ptr << 32) | len`; the host reads it, then frees it with `dealloc(ptr, len, 1)`. This is
//! the protocol wasm-bindgen generates for `fn(&str) -> String`.
//!
//! Implement the three exports below (`alloc` and `dealloc` are written):
//!
//! - `count_chars(ptr, len) -> i32`: the number of characters of the text, or -1 when the
//!   bytes are not UTF-8.
//! - `to_upper(ptr, len) -> u64`: the text in upper case, or 0 when it is not UTF-8.
//! - `first_chars(ptr, len, n) -> u64`: the first `n` characters (all of them if there are
//!   fewer), or 0 when the text is not UTF-8.
//!
//! The checks pass text with accents and emoji, empty text, bytes that are not UTF-8, and call
//! `to_upper` 200 times on a long text, freeing every result as described above.

use std::alloc::{self, Layout};
use std::ptr;

/// Allocates `size` bytes aligned to `align` for the host.
#[unsafe(no_mangle)]
pub extern "C" fn alloc(size: usize, align: usize) -> *mut u8 {
    let Ok(layout) = Layout::from_size_align(size, align) else {
        return ptr::null_mut();
    };
    if layout.size() == 0 {
        return ptr::without_provenance_mut(layout.align());
    }
    // SAFETY: the layout has a non-zero size.
    unsafe { alloc::alloc(layout) }
}

/// Frees memory returned by [`alloc`], or a string returned by this module, with the same
/// `size` and `align`.
///
/// # Safety
///
/// `ptr` must have been allocated with this size and alignment and not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn dealloc(ptr: *mut u8, size: usize, align: usize) {
    let Ok(layout) = Layout::from_size_align(size, align) else {
        return;
    };
    if layout.size() != 0 {
        // SAFETY: guaranteed by the caller.
        unsafe { alloc::dealloc(ptr, layout) }
    }
}

/// A pointer and a length packed into one `u64`: the pointer in the high 32 bits.
fn pack(ptr: *const u8, len: usize) -> u64 {
    ((ptr as usize as u64) << 32) | len as u64
}

/// The text the host wrote at `ptr`, if it is UTF-8.
///
/// # Safety
///
/// `ptr` must point to `len` initialised bytes that stay untouched while the result lives.
unsafe fn text_at<'a>(ptr: *const u8, len: usize) -> Option<&'a str> {
    // SAFETY: guaranteed by the caller.
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len) };
    std::str::from_utf8(bytes).ok()
}

/// Gives a string away to the host, which frees it with `dealloc(ptr, len, 1)`.
fn give(text: String) -> u64 {
    // A `Box<str>` has no spare capacity: its allocation is exactly `len` bytes, the layout the
    // host frees.
    let text: Box<str> = text.into_boxed_str();
    let len = text.len();
    pack(Box::into_raw(text).cast::<u8>(), len)
}

/// The number of characters of the text at `ptr`, or -1 if it is not UTF-8.
///
/// # Safety
///
/// `ptr` must point to `len` initialised bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn count_chars(ptr: *const u8, len: usize) -> i32 {
    // SAFETY: guaranteed by the caller.
    match unsafe { text_at(ptr, len) } {
        Some(text) => i32::try_from(text.chars().count()).unwrap_or(i32::MAX),
        None => -1,
    }
}

/// The text at `ptr` in upper case, given to the host; 0 if it is not UTF-8.
///
/// # Safety
///
/// `ptr` must point to `len` initialised bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn to_upper(ptr: *const u8, len: usize) -> u64 {
    // SAFETY: guaranteed by the caller.
    match unsafe { text_at(ptr, len) } {
        Some(text) => give(text.to_uppercase()),
        None => 0,
    }
}

/// The first `n` characters of the text at `ptr`, given to the host; 0 if it is not UTF-8.
///
/// # Safety
///
/// `ptr` must point to `len` initialised bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn first_chars(ptr: *const u8, len: usize, n: usize) -> u64 {
    // SAFETY: guaranteed by the caller.
    let Some(text) = (unsafe { text_at(ptr, len) }) else {
        return 0;
    };
    let end = text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
    give(text[..end].to_owned())
}
