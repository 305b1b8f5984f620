//! The WebAssembly host of the `wasm` check kind.
//!
//! [`check`] loads a learner's module (built for wasm32-unknown-unknown) in wasmi and checks
//! it against the [`WasmSpec`] the instructor wrote in `info.toml`: only the declared host
//! functions are imported, the expected exports are there with their signatures, the calls
//! return what they should (numbers, strings passed through linear memory), the module calls
//! the host as expected, and it fits its size budget. Every call runs with a fuel limit (a
//! runaway loop stops) and the memory can only grow to a limit (a leak stops).
//!
//! This module is pure: it never spawns a process or touches the file system. Building the
//! module is the runner's job: for `kind = "wasm"`,
//! `cargo build -p <pkg> --lib --target wasm32-unknown-unknown --profile wasm`, then the
//! `.wasm` named after the crate in `<target dir>/wasm32-unknown-unknown/wasm/`.
//!
//! In `info.toml` the spec is the `[exercises.wasm]` table of a `kind = "wasm"` exercise, or
//! the `wasm` table of a `[[exercises.checks]]` entry; [`WasmSpec::validate`] is meant to run
//! when the course is loaded. A failure's `Display` is the text shown to the learner (and the
//! text `fails_mentioning` is looked for in); [`WasmFailure::kind`] names it briefly.

mod host;
mod report;
mod spec;

#[cfg(test)]
mod tests;

pub use report::{WasmFailure, WasmReport};
pub use spec::WasmSpec;

/// Checks `module` (the bytes of a `.wasm` file) against `spec`.
///
/// The checks run in order (imports, exports, steps, size budget) and the first failure
/// stops them; `passed` has one line for each check that passed before it.
pub fn check(module: &[u8], spec: &WasmSpec) -> WasmReport {
    let mut report = WasmReport::default();
    if let Err(problem) = spec.validate() {
        report.failure = Some(WasmFailure::Spec { problem });
        return report;
    }
    if let Err(failure) = host::run(module, spec, &mut report.passed) {
        report.failure = Some(failure);
    }
    report
}
