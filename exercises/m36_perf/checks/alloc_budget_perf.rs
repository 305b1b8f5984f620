//! Tutor-owned harness for `alloc_budget`: counts the allocations of
//! `summarize` on a 10 000-line log, and checks the summary first.
#![allow(dead_code)]

#[path = "../alloc_budget.rs"]
mod ex;

#[global_allocator]
static COUNTING: tutor_checks::alloc::Counting = tutor_checks::alloc::Counting;

fn main() {
    let log = ex::sample_log(10_000);
    let (summary, blocks, bytes) = tutor_checks::alloc::measure(|| ex::summarize(&log));
    assert_eq!(summary.lines, 10_000, "lines");
    assert_eq!(summary.errors.len(), 1428, "ERROR lines");
    assert_eq!(summary.by_module.len(), 6, "modules");
    assert_eq!(summary.by_level.iter().sum::<usize>(), 10_000, "levels");
    assert_eq!(summary.slowest.map(|(_, ms)| ms), Some(996), "slowest");
    // Only a correct summary gets a measurement line.
    println!("tutor-alloc: blocks={blocks} bytes={bytes}");
}
