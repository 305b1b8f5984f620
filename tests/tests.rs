//! The tutor's integration tests: the real binary run over fixture courses
//! (`tests/fixtures/`), each test in a fresh copy.

mod common;

mod cli;
mod info_errors;
mod progress;
mod qemu;
mod rustlings;
mod watch_e2e;
