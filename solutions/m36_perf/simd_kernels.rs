//! SIMD with `std::arch`: runtime detection and a scalar fallback.
//!
//! `dot(a, b)` is the dot product of two `f32` slices. The scalar loop cannot
//! be vectorized by the compiler: float addition is not associative, and
//! LLVM may not reorder your sums. You can: keep several partial sums in SIMD
//! lanes and add them up at the end.
//!
//! Write two kernels and a dispatcher:
//! - `dot_sse2`: 4 lanes with `_mm_mul_ps`/`_mm_add_ps`. SSE2 is part of the
//!   x86_64 baseline, so this one needs no detection;
//! - `dot_avx2`: 8 lanes with `_mm256_fmadd_ps`, compiled with
//!   `#[target_feature(enable = "avx2,fma")]`. It is `unsafe` to call on a
//!   CPU without those features, so `dot` checks with
//!   `is_x86_feature_detected!` first;
//! - both handle any length (a scalar tail) and unaligned slices
//!   (`loadu`); on other architectures `dot` uses `dot_scalar`.
//!
//! (`packed_simd`, which older guides use, is abandoned; `std::simd` is
//! still nightly-only. `std::arch` is the stable way.)
//!
//! The tests compare every kernel with `dot_scalar` on lengths 0 to 70 and on
//! unaligned sub-slices, using whole numbers so that every order of addition
//! gives the exact same result. A tutor-owned harness counts instructions:
//! `dot` must execute at least 2× fewer than `dot_scalar`.

pub fn dot_scalar(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len(), "slices of different lengths");
    let mut sum = 0.0;
    for i in 0..a.len() {
        sum += a[i] * b[i];
    }
    sum
}

pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len(), "slices of different lengths");
    #[cfg(target_arch = "x86_64")]
    {
        if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
            // SAFETY: the CPU has AVX2 and FMA: we just checked.
            return unsafe { x86::dot_avx2(a, b) };
        }
        x86::dot_sse2(a, b)
    }
    #[cfg(not(target_arch = "x86_64"))]
    dot_scalar(a, b)
}

#[cfg(target_arch = "x86_64")]
pub mod x86 {
    use std::arch::x86_64::*;

    /// Four lanes; SSE2 is always there on x86_64.
    pub fn dot_sse2(a: &[f32], b: &[f32]) -> f32 {
        assert_eq!(a.len(), b.len(), "slices of different lengths");
        let chunks = a.len() / 8;
        // SAFETY: SSE2 is part of the x86_64 baseline; every load reads 4
        // floats at `8 * i + 0..8`, inside both slices (`i < chunks`).
        let mut sum = unsafe {
            let (mut acc0, mut acc1) = (_mm_setzero_ps(), _mm_setzero_ps());
            for i in 0..chunks {
                let (pa, pb) = (a.as_ptr().add(8 * i), b.as_ptr().add(8 * i));
                acc0 = _mm_add_ps(acc0, _mm_mul_ps(_mm_loadu_ps(pa), _mm_loadu_ps(pb)));
                acc1 = _mm_add_ps(
                    acc1,
                    _mm_mul_ps(_mm_loadu_ps(pa.add(4)), _mm_loadu_ps(pb.add(4))),
                );
            }
            let mut lanes = [0.0f32; 4];
            _mm_storeu_ps(lanes.as_mut_ptr(), _mm_add_ps(acc0, acc1));
            lanes.iter().sum::<f32>()
        };
        for i in 8 * chunks..a.len() {
            sum += a[i] * b[i];
        }
        sum
    }

    /// Eight lanes with fused multiply-add.
    ///
    /// # Safety
    /// The CPU must support AVX2 and FMA.
    #[target_feature(enable = "avx2,fma")]
    pub unsafe fn dot_avx2(a: &[f32], b: &[f32]) -> f32 {
        assert_eq!(a.len(), b.len(), "slices of different lengths");
        let chunks = a.len() / 16;
        // SAFETY: each load reads 8 floats at `16 * i + 0..16`, inside both
        // slices; the features are enabled for this function.
        let mut sum = unsafe {
            let (mut acc0, mut acc1) = (_mm256_setzero_ps(), _mm256_setzero_ps());
            for i in 0..chunks {
                let (pa, pb) = (a.as_ptr().add(16 * i), b.as_ptr().add(16 * i));
                acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(pa), _mm256_loadu_ps(pb), acc0);
                acc1 =
                    _mm256_fmadd_ps(_mm256_loadu_ps(pa.add(8)), _mm256_loadu_ps(pb.add(8)), acc1);
            }
            let mut lanes = [0.0f32; 8];
            _mm256_storeu_ps(lanes.as_mut_ptr(), _mm256_add_ps(acc0, acc1));
            lanes.iter().sum::<f32>()
        };
        for i in 16 * chunks..a.len() {
            sum += a[i] * b[i];
        }
        sum
    }
}

fn main() {
    let a: Vec<f32> = (0..1000).map(|i| (i % 7) as f32).collect();
    let b: Vec<f32> = (0..1000).map(|i| (i % 5) as f32 - 2.0).collect();
    println!("dot = {} (scalar {})", dot(&a, &b), dot_scalar(&a, &b));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whole numbers in -8..=8: every partial sum is exact in `f32`, so any
    /// order of addition gives the same bits.
    fn data(len: usize, seed: u32) -> Vec<f32> {
        (0..len as u32)
            .map(|i| ((i.wrapping_mul(2_654_435_761) ^ seed) % 17) as f32 - 8.0)
            .collect()
    }

    #[test]
    fn dot_matches_the_scalar_loop() {
        for len in 0..=70 {
            let (a, b) = (data(len, 1), data(len, 2));
            assert_eq!(dot(&a, &b), dot_scalar(&a, &b), "length {len}");
        }
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn sse2_kernel() {
        for len in 0..=70 {
            let (a, b) = (data(len, 3), data(len, 4));
            assert_eq!(x86::dot_sse2(&a, &b), dot_scalar(&a, &b), "length {len}");
        }
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn avx2_kernel() {
        if !(is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma")) {
            eprintln!("this CPU has no AVX2/FMA: nothing to test");
            return;
        }
        for len in 0..=70 {
            let (a, b) = (data(len, 5), data(len, 6));
            // SAFETY: detected above.
            let got = unsafe { x86::dot_avx2(&a, &b) };
            assert_eq!(got, dot_scalar(&a, &b), "length {len}");
        }
    }

    #[test]
    fn unaligned_slices() {
        let (a, b) = (data(1030, 7), data(1030, 8));
        for start in 0..4 {
            let (a, b) = (&a[start..1029], &b[start + 1..1030]);
            assert_eq!(dot(a, b), dot_scalar(a, b), "offset {start}");
        }
    }

    #[test]
    #[should_panic(expected = "different lengths")]
    fn lengths_must_match() {
        dot(&[1.0, 2.0], &[1.0]);
    }
}
