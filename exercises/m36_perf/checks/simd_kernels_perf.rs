//! Tutor-owned harness for `simd_kernels`: `dot` against the scalar loop on
//! 64 Ki whole-number floats (exact in any order of addition).
#![allow(dead_code)]

#[path = "../simd_kernels.rs"]
mod ex;

use std::time::Duration;

fn scalar(a: &[f32], b: &[f32]) -> f32 {
    let mut sum = 0.0;
    for (x, y) in a.iter().zip(b) {
        sum += x * y;
    }
    sum
}

fn main() {
    let n = 1 << 16;
    let a: Vec<f32> = (0..n).map(|i| ((i * 7 + 3) % 9) as f32 - 4.0).collect();
    let b: Vec<f32> = (0..n).map(|i| ((i * 5 + 1) % 7) as f32 - 3.0).collect();
    tutor_checks::perf::compare(
        Duration::from_secs(2),
        || scalar(&a, &b),
        || ex::dot(&a, &b),
    );
}
