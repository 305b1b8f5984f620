//! Benchmarking with criterion.
//!
//! A timing with `Instant::now()` around one call measures noise. Criterion
//! warms up, runs many iterations, reports a confidence interval and compares
//! with the previous run. This file is a benchmark target (`[[bench]]` with
//! `harness = false`); run it with
//! `cargo bench -p m36_perf --bench criterion_bench -- --quick`.
//!
//! Write three benchmarks, with these ids (group/function/parameter):
//! - `fib/recursive/20` and `fib/iterative/20`: the two Fibonacci functions
//!   side by side in one group, with `BenchmarkId` and
//!   `bench_with_input`; write `fib_iterative` first;
//! - `checksum/fnv1a/4096`: FNV-1a over 4 KiB, with `Throughput::Bytes`, so
//!   criterion reports bytes per second (a `thrpt:` line).
//!
//! Wrap inputs in `std::hint::black_box`, or the optimizer may compute the
//! result at compile time and you would measure nothing (`criterion::black_box`
//! is deprecated). The tutor runs the benchmark in quick mode and checks that
//! every id, and a throughput, is reported.

#[allow(unused_imports)]
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

pub fn fib_recursive(n: u32) -> u64 {
    match n {
        0 => 0,
        1 => 1,
        _ => fib_recursive(n - 1) + fib_recursive(n - 2),
    }
}

// TODO: a loop, no recursion.
pub fn fib_iterative(n: u32) -> u64 {
    let _ = n;
    todo!("fib_iterative")
}

pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

// The book's benchmark. TODO: the three benchmarks described above.
fn fibonacci_benchmark(c: &mut Criterion) {
    c.bench_function("fib 20", |b| b.iter(|| fib_recursive(black_box(20))));
}

criterion_group!(benches, fibonacci_benchmark);
criterion_main!(benches);
