//! Loops without bounds checks.
//!
//! Every `v[i]` is checked: if `i` is out of range, the program panics. The
//! optimizer removes a check only when it can prove the index is in range,
//! and a check left inside a loop also keeps the loop from being vectorized.
//! Rewrite the three functions below so that, built with optimizations, none
//! of them contains a bounds check (`panic_bounds_check`) or a slice-range
//! check, and with the same results:
//!
//! - `dot(a, b)`: the dot product; panics if the lengths differ.
//! - `blur3(src, dst)`: each inner `dst[i]` is the mean (rounded down) of
//!   `src[i-1..=i+1]`; the first and last bytes are copied. Panics if the
//!   lengths differ; empty and one-byte inputs are fine.
//! - `to_gray(rgb, gray)`: one gray byte per RGB pixel,
//!   `(77 r + 150 g + 29 b) >> 8`. Panics unless `rgb.len() == 3 * gray.len()`.
//!
//! The tutor reads the assembly of each function (that is why they are
//! `#[unsafe(no_mangle)]` and `#[inline(never)]`: keep those) and runs more
//! tests of its own. `get_unchecked` and raw pointers would remove the checks
//! too, but then *you* carry the proof the compiler could not make: the point
//! here is to write loops the compiler can prove safe.

/// The dot product of `a` and `b`.
#[unsafe(no_mangle)]
#[inline(never)]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len(), "dot of slices of different lengths");
    // Zipping two slices: no index, so nothing to check.
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// A 3-tap box blur; the edges are copied.
#[unsafe(no_mangle)]
#[inline(never)]
pub fn blur3(src: &[u8], dst: &mut [u8]) {
    assert_eq!(src.len(), dst.len(), "blur3 of slices of different lengths");
    let (Some(&first), Some(&last)) = (src.first(), src.last()) else {
        return;
    };
    // `windows(3)` yields `src[i-1..=i+1]` for every inner `i`; skipping
    // the first byte of `dst` lines it up with them, and `zip` stops at the
    // shorter of the two. No index, no check.
    for (out, w) in dst.iter_mut().skip(1).zip(src.windows(3)) {
        *out = ((u16::from(w[0]) + u16::from(w[1]) + u16::from(w[2])) / 3) as u8;
    }
    if let Some(d) = dst.first_mut() {
        *d = first;
    }
    if let Some(d) = dst.last_mut() {
        *d = last;
    }
}

/// RGB pixels to gray levels.
#[unsafe(no_mangle)]
#[inline(never)]
pub fn to_gray(rgb: &[u8], gray: &mut [u8]) {
    assert_eq!(rgb.len(), 3 * gray.len(), "to_gray needs 3 bytes per pixel");
    for (px, out) in rgb.chunks_exact(3).zip(gray.iter_mut()) {
        // `chunks_exact(3)` promises 3 bytes: matching on an array pattern
        // turns that promise into something the compiler can see.
        let [r, g, b] = [px[0], px[1], px[2]].map(u32::from);
        *out = ((77 * r + 150 * g + 29 * b) >> 8) as u8;
    }
}

fn main() {
    let a: Vec<f32> = (0..8).map(|i| i as f32).collect();
    println!("dot = {}", dot(&a, &a));
    let src = [0u8, 30, 60, 90, 255];
    let mut dst = [0u8; 5];
    blur3(&src, &mut dst);
    println!("blur3 = {dst:?}");
    let mut gray = [0u8; 2];
    to_gray(&[255, 255, 255, 255, 0, 0], &mut gray);
    println!("gray = {gray:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_products() {
        assert_eq!(dot(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]), 32.0);
        assert_eq!(dot(&[], &[]), 0.0);
    }

    #[test]
    #[should_panic(expected = "different lengths")]
    fn dot_of_a_shorter_b() {
        dot(&[1.0, 2.0], &[1.0]);
    }

    #[test]
    #[should_panic(expected = "different lengths")]
    fn dot_of_a_longer_b() {
        dot(&[1.0], &[1.0, 2.0]);
    }

    #[test]
    fn blurs() {
        let src = [0u8, 30, 60, 90, 255];
        let mut dst = [0u8; 5];
        blur3(&src, &mut dst);
        assert_eq!(dst, [0, 30, 60, 135, 255]);
    }

    #[test]
    fn blurs_without_overflow() {
        let src = [255u8; 4];
        let mut dst = [0u8; 4];
        blur3(&src, &mut dst);
        assert_eq!(dst, [255; 4]);
    }

    #[test]
    fn blurs_tiny_inputs() {
        let mut none: [u8; 0] = [];
        blur3(&[], &mut none);
        let mut one = [0u8];
        blur3(&[7], &mut one);
        assert_eq!(one, [7]);
        let mut two = [0u8; 2];
        blur3(&[7, 9], &mut two);
        assert_eq!(two, [7, 9]);
    }

    #[test]
    fn grays() {
        let mut gray = [0u8; 3];
        to_gray(&[255, 255, 255, 0, 0, 0, 10, 20, 30], &mut gray);
        assert_eq!(gray, [255, 0, 18]);
    }

    #[test]
    #[should_panic(expected = "3 bytes per pixel")]
    fn gray_needs_whole_pixels() {
        to_gray(&[1, 2, 3, 4], &mut [0u8; 1]);
    }
}
