//! Helpers for tutor-owned check programs (`exercises/<pkg>/checks/*.rs`).
//!
//! A check program includes the learner's file with `#[path = "../x.rs"] mod ex;`
//! and reports measurements on stdout in a line protocol the tutor reads:
//!
//! - `tutor-perf: baseline_ns=<n> candidate_ns=<n> rounds=<n>` — from [`perf::compare`];
//! - `tutor-perf-side: <baseline|candidate|empty>` — the single run made under
//!   an instruction counter (`measure = "instructions"`);
//! - `tutor-alloc: blocks=<n> bytes=<n>` — from [`alloc::report`].
//!
//! Only these lines are read; anything else a check prints is shown to the learner.

pub mod perf {
    //! Timing comparison of a learner's function against a baseline, made in
    //! one process so both sides see the same machine state.

    use std::hint::black_box;
    use std::time::{Duration, Instant};

    /// The environment variable the tutor sets when it counts instructions:
    /// the program then runs one side once (or none, for `empty`) and exits.
    pub const SIDE_ENV: &str = "TUTOR_PERF_SIDE";

    /// Compares `candidate` against `baseline`.
    ///
    /// Both closures must do the same work and return its result (kept alive
    /// with `black_box`, so the optimizer cannot drop the work). The results are
    /// compared first: a faster but wrong candidate panics, and the check fails.
    ///
    /// Timing mode (the default): rounds alternate baseline and candidate, each
    /// round long enough to be measured (at least ~20 ms per side), for about
    /// `budget` in total; the median of each side is reported. Alternating and
    /// taking medians keeps the ratio stable on a noisy, shared machine.
    pub fn compare<R: PartialEq + std::fmt::Debug>(
        budget: Duration,
        mut baseline: impl FnMut() -> R,
        mut candidate: impl FnMut() -> R,
    ) {
        match std::env::var(SIDE_ENV).as_deref() {
            Ok("baseline") => {
                black_box(baseline());
                println!("tutor-perf-side: baseline");
                return;
            }
            Ok("candidate") => {
                black_box(candidate());
                println!("tutor-perf-side: candidate");
                return;
            }
            Ok("empty") => {
                println!("tutor-perf-side: empty");
                return;
            }
            _ => {}
        }
        let expected = baseline();
        let got = candidate();
        assert_eq!(
            got, expected,
            "the optimized code must return what the baseline returns"
        );

        // Calibrate: how many iterations of the slower side fill ~20 ms.
        let once = time(1, &mut baseline).max(time(1, &mut candidate));
        let target = Duration::from_millis(20);
        let iters = (target.as_nanos() / once.as_nanos().max(1)).clamp(1, 1_000_000) as u32;
        let started = Instant::now();
        let (mut base, mut cand) = (Vec::new(), Vec::new());
        while base.len() < 5 || (started.elapsed() < budget && base.len() < 200) {
            base.push(time(iters, &mut baseline).as_nanos() / u128::from(iters));
            cand.push(time(iters, &mut candidate).as_nanos() / u128::from(iters));
        }
        let rounds = base.len();
        println!(
            "tutor-perf: baseline_ns={} candidate_ns={} rounds={rounds}",
            median(&mut base),
            median(&mut cand)
        );
    }

    fn time<R>(iters: u32, f: &mut impl FnMut() -> R) -> Duration {
        let start = Instant::now();
        for _ in 0..iters {
            black_box(f());
        }
        start.elapsed()
    }

    fn median(v: &mut [u128]) -> u128 {
        v.sort_unstable();
        v[v.len() / 2].max(1)
    }
}

pub mod alloc {
    //! A counting global allocator. A check program installs it with
    //! `#[global_allocator] static A: tutor_checks::alloc::Counting = tutor_checks::alloc::Counting;`
    //! and wraps the code under test in [`measure`].

    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};

    static ACTIVE: AtomicBool = AtomicBool::new(false);
    static BLOCKS: AtomicU64 = AtomicU64::new(0);
    static BYTES: AtomicU64 = AtomicU64::new(0);

    /// Forwards to the system allocator and counts allocations while a
    /// [`measure`] call is running. It never prints: printing allocates.
    pub struct Counting;

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            if ACTIVE.load(Relaxed) {
                BLOCKS.fetch_add(1, Relaxed);
                BYTES.fetch_add(layout.size() as u64, Relaxed);
            }
            unsafe { System.alloc(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { System.dealloc(ptr, layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            if ACTIVE.load(Relaxed) {
                BLOCKS.fetch_add(1, Relaxed);
                BYTES.fetch_add(new_size as u64, Relaxed);
            }
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }

    /// Counts the allocations (blocks and bytes, reallocations included) made
    /// by `f` on this thread and any other while it runs.
    pub fn measure<R>(f: impl FnOnce() -> R) -> (R, u64, u64) {
        BLOCKS.store(0, Relaxed);
        BYTES.store(0, Relaxed);
        ACTIVE.store(true, Relaxed);
        let r = std::hint::black_box(f());
        ACTIVE.store(false, Relaxed);
        (r, BLOCKS.load(Relaxed), BYTES.load(Relaxed))
    }

    /// Measures `f` and prints the `tutor-alloc:` line the tutor reads.
    pub fn report<R>(f: impl FnOnce() -> R) -> R {
        let (r, blocks, bytes) = measure(f);
        println!("tutor-alloc: blocks={blocks} bytes={bytes}");
        r
    }
}
