//! Tutor-owned harness for `cache_layout`: the learner's `World` against the
//! array-of-structures one, a million particles, a new threshold each call.
#![allow(dead_code)]

#[path = "../cache_layout.rs"]
mod ex;

#[path = "cache_layout_baseline.rs"]
mod baseline;

use std::time::Duration;

fn main() {
    let particles = ex::sample(1 << 20);
    let base = baseline::World::new(&particles);
    let world = ex::World::new(&particles);
    drop(particles);
    let (mut i, mut j) = (0u32, 0u32);
    tutor_checks::perf::compare(
        Duration::from_secs(3),
        || {
            i += 1;
            base.kinetic_energy_above(i % 100)
        },
        || {
            j += 1;
            world.kinetic_energy_above(j % 100)
        },
    );
}
