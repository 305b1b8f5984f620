//! Verdicts as plain text, for `run`, `verify` and `dev check`. The TUI has
//! its own views of the same values.

use std::fmt::Write as _;

use crate::runner::textdiff;
use crate::style;
use crate::verdict::{Outcome, Verdict, plural};

/// How many failing tests and diagnostics are shown in full.
const SHOWN: usize = 5;

/// The full report: headline, then the details a learner needs to act.
pub fn verdict(v: &Verdict) -> String {
    let mut s = String::new();
    let name = style::bold(&v.exercise);
    match &v.outcome {
        Outcome::Passed => {
            let _ = writeln!(s, "{} {name} passes", style::green("✓"));
            for line in &v.passed {
                let _ = writeln!(s, "  {} {line}", style::dim("·"));
            }
            if !v.warnings.is_empty() {
                let n = v.warnings.len();
                let _ = writeln!(s, "\n{} compiler warning{} in your code:", n, plural(n));
                for w in v.warnings.iter().take(SHOWN) {
                    let _ = writeln!(s, "{}", style::passthrough(&w.rendered));
                }
            }
        }
        Outcome::Blocked { reason, fixes } => {
            let _ = writeln!(s, "{} {name} is blocked: {reason}", style::yellow("◌"));
            if !fixes.is_empty() {
                let _ = writeln!(s, "To run it, install what it needs:");
                for f in fixes {
                    let _ = writeln!(s, "    {f}");
                }
            }
        }
        other => {
            let _ = writeln!(s, "{} {name}: {}", style::red("✗"), other.headline());
            for line in &v.passed {
                let _ = writeln!(s, "  {} {line}", style::dim("✓"));
            }
            s.push('\n');
            s.push_str(&details(other));
        }
    }
    s
}

/// Everything an outcome says, not cut to what a learner sees at once: every
/// diagnostic and every failing test (for `fails_mentioning`).
pub fn everything(o: &Outcome) -> String {
    let mut s = format!("{}\n{}", o.headline(), details(o));
    match o {
        Outcome::BuildError { diagnostics, .. } | Outcome::WrongError { diagnostics, .. } => {
            for d in diagnostics {
                let _ = writeln!(s, "{}", d.rendered);
            }
        }
        Outcome::TestsFailed { failed, output, .. } => {
            for t in failed {
                let _ = writeln!(s, "{}\n{}", t.name, t.output);
            }
            s.push_str(output);
        }
        _ => {}
    }
    s
}

/// What the learner needs to see to fix it.
pub fn details(o: &Outcome) -> String {
    let mut s = String::new();
    match o {
        Outcome::Passed | Outcome::Blocked { .. } => {}
        Outcome::BuildError {
            target,
            diagnostics,
            stderr,
        } => {
            if diagnostics.is_empty() {
                let _ = writeln!(s, "cargo could not build {target}:");
            }
            for d in diagnostics.iter().take(SHOWN) {
                let _ = writeln!(s, "{}", style::passthrough(d.rendered.trim_end()));
            }
            if diagnostics.len() > SHOWN {
                let _ = writeln!(s, "... and {} more errors", diagnostics.len() - SHOWN);
            }
            if diagnostics.is_empty() && !stderr.trim().is_empty() {
                let _ = writeln!(s, "{}", style::passthrough(stderr.trim_end()));
            }
        }
        Outcome::TestsFailed {
            target,
            failed,
            unexpected_pass,
            output,
            ..
        } => {
            let _ = writeln!(s, "{}", style::dim(&format!("tests of {target}:")));
            if *unexpected_pass {
                let _ = writeln!(
                    s,
                    "The tests ran against a version with a planted bug and all passed: they do not catch it yet."
                );
            }
            for t in failed.iter().take(SHOWN) {
                let _ = writeln!(s, "{}", style::red(&format!("---- {} ----", t.name)));
                let _ = writeln!(s, "{}\n", style::passthrough(t.output.trim_end()));
            }
            if failed.len() > SHOWN {
                let _ = writeln!(s, "... and {} more failing tests", failed.len() - SHOWN);
            }
            if failed.is_empty() && !*unexpected_pass {
                let _ = writeln!(s, "{}", style::passthrough(output.trim_end()));
            }
        }
        Outcome::WrongOutput {
            expected,
            actual,
            stderr,
            ..
        } => {
            let _ = writeln!(s, "Output (- expected, + actual):");
            let _ = writeln!(
                s,
                "{}",
                textdiff::diff(&textdiff::normalize(expected), &textdiff::normalize(actual))
            );
            if !stderr.trim().is_empty() {
                let _ = writeln!(
                    s,
                    "\nThe program's error output:\n{}",
                    style::passthrough(stderr.trim_end())
                );
            }
        }
        Outcome::MisuseCompiled { target, expected } => {
            let _ = writeln!(
                s,
                "{target} is a program that misuses your code on purpose. It must be rejected by the compiler \
                 with {expected}, but it compiled: your design still allows the misuse."
            );
        }
        Outcome::WrongError {
            expected,
            diagnostics,
            ..
        } => {
            let _ = writeln!(s, "Expected {expected}. The compiler said:");
            for d in diagnostics.iter().take(SHOWN) {
                let _ = writeln!(s, "{}", style::passthrough(d.rendered.trim_end()));
            }
        }
        Outcome::CheckFailed { details, .. } => {
            let _ = writeln!(s, "{}", style::passthrough(details.trim_end()));
        }
        Outcome::TimedOut { advice, output, .. } => {
            let _ = writeln!(s, "It was stopped: {advice}.");
            if !output.trim().is_empty() {
                let _ = writeln!(
                    s,
                    "\nWhat it printed before:\n{}",
                    style::passthrough(output.trim_end())
                );
            }
        }
        Outcome::Flooded { output, .. } => {
            let _ = writeln!(
                s,
                "Does it print in a loop that never ends? The start and the end of what it printed:"
            );
            let _ = writeln!(s, "{}", style::passthrough(output.trim_end()));
        }
        Outcome::Crashed { signal, output, .. } => {
            let _ = writeln!(s, "{}", style::dim(&format!("(signal {signal})")));
            if !output.trim().is_empty() {
                let _ = writeln!(
                    s,
                    "What it printed before:\n{}",
                    style::passthrough(output.trim_end())
                );
            }
        }
    }
    s
}
