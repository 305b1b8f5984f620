//! Tutor-owned harness for `profile_hotspot`: the learner's `top_words`
//! against the shipped one on a 30 000-word text. The results must be equal.
#![allow(dead_code)]

#[path = "../profile_hotspot.rs"]
mod ex;

#[path = "profile_hotspot_baseline.rs"]
mod baseline;

#[path = "text_corpus.rs"]
mod text_corpus;

use std::time::Duration;

fn main() {
    let text = text_corpus::corpus(30_000, 3_000, 7);
    tutor_checks::perf::compare(
        Duration::from_secs(2),
        || baseline::top_words(&text, 20),
        || ex::top_words(&text, 20),
    );
}
