//! Code the compiler can vectorize.
//!
//! SSE2, which every x86_64 CPU has, adds or multiplies four `f32`s with one
//! instruction (`addps`, `mulps`: "packed single"). LLVM uses them on its own
//! when it may. Two functions where it may not yet:
//!
//! - `sum`: floating-point addition is not associative, so LLVM keeps your
//!   order: one addition after the other, each waiting for the previous
//!   one. Sum into 8 independent lanes instead (then add the lanes and the
//!   leftover elements). The result may differ in the last bits; the tests
//!   accept a small relative error.
//! - `all_below`: whether every element is less than `limit` (a NaN is
//!   not). The loop returns at the first element that is not: a loop whose
//!   trip count depends on the data it reads is not vectorized. Test a whole
//!   chunk of elements without branches, and return between chunks.
//!
//! The tutor reads the optimized assembly: `sum` must contain `addps`, and
//! `all_below` a packed comparison such as `cmpltps` (keep
//! `#[unsafe(no_mangle)]` and `#[inline(never)]`).

/// Independent partial sums; 8 of them fill two SSE registers.
const LANES: usize = 8;

/// The sum of `v`.
#[unsafe(no_mangle)]
#[inline(never)]
pub fn sum(v: &[f32]) -> f32 {
    let chunks = v.chunks_exact(LANES);
    let tail: f32 = chunks.remainder().iter().sum();
    let mut lanes = [0.0f32; LANES];
    for chunk in chunks {
        // Lane `i` only ever adds element `i` of each chunk: the additions of
        // different lanes are independent, so they can run side by side.
        for (lane, x) in lanes.iter_mut().zip(chunk) {
            *lane += x;
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// Elements tested together, without a branch.
const CHUNK: usize = 16;

/// Whether every element of `v` is less than `limit`.
#[unsafe(no_mangle)]
#[inline(never)]
pub fn all_below(v: &[f32], limit: f32) -> bool {
    let chunks = v.chunks_exact(CHUNK);
    let tail_ok = chunks.remainder().iter().all(|&x| x < limit);
    // Inside a chunk, `&` (not `&&`) keeps going whatever the answer: every
    // chunk takes the same path, so the 16 comparisons become packed ones.
    tail_ok
        && chunks
            .into_iter()
            .all(|chunk| chunk.iter().fold(true, |ok, &x| ok & (x < limit)))
}

fn main() {
    let v: Vec<f32> = (0..1000).map(|i| i as f32).collect();
    println!("sum = {}", sum(&v));
    println!("all below 1000: {}", all_below(&v, 1000.0));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: f32, expected: f64) -> bool {
        (f64::from(got) - expected).abs() <= 1e-5 * expected.abs().max(1.0)
    }

    #[test]
    fn sums_small_inputs_exactly() {
        assert_eq!(sum(&[]), 0.0);
        assert_eq!(sum(&[1.5]), 1.5);
        assert_eq!(sum(&[1.0; 7]), 7.0);
        assert_eq!(sum(&[1.0; 8]), 8.0);
        assert_eq!(sum(&[1.0; 9]), 9.0);
        assert_eq!(sum(&[1.0; 17]), 17.0);
    }

    #[test]
    fn sums_large_inputs_closely() {
        for n in [100usize, 1001, 100_003] {
            let v: Vec<f32> = (0..n).map(|i| ((i * 7919) % 1000) as f32 / 7.0).collect();
            let exact: f64 = v.iter().map(|&x| f64::from(x)).sum();
            let got = sum(&v);
            assert!(close(got, exact), "n = {n}: {got} vs {exact}");
        }
    }

    #[test]
    fn all_below_small_inputs() {
        assert!(all_below(&[], 0.0));
        assert!(all_below(&[1.0, 2.0], 3.0));
        assert!(!all_below(&[1.0, 3.0], 3.0), "3 is not below 3");
        assert!(!all_below(&[f32::NAN], 1.0), "NaN is not below anything");
        assert!(all_below(&[f32::NEG_INFINITY], f32::INFINITY));
    }

    #[test]
    fn all_below_finds_the_one_element_that_is_not() {
        for n in [1usize, 15, 16, 17, 33, 1000] {
            let mut v: Vec<f32> = (0..n).map(|i| i as f32).collect();
            assert!(all_below(&v, n as f32), "n = {n}");
            for bad in [0, n / 2, n - 1] {
                let keep = v[bad];
                v[bad] = f32::NAN;
                assert!(!all_below(&v, n as f32), "n = {n}, NaN at {bad}");
                v[bad] = n as f32;
                assert!(!all_below(&v, n as f32), "n = {n}, too big at {bad}");
                v[bad] = keep;
            }
        }
    }
}
