//! What checking an exercise found: a typed outcome that the CLI, the TUI and
//! `dev check` all read. No I/O here; the runner produces these values.

use std::fmt;
use std::time::Duration;

/// The result of checking one exercise: the first failing check, or a pass.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub exercise: String,
    pub outcome: Outcome,
    /// One line per check that passed before the outcome was decided.
    pub passed: Vec<String>,
    /// Compiler warnings of the learner's code (shown with a pass).
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
}

impl Verdict {
    pub fn is_pass(&self) -> bool {
        matches!(self.outcome, Outcome::Passed)
    }
    pub fn is_blocked(&self) -> bool {
        matches!(self.outcome, Outcome::Blocked { .. })
    }
}

/// Why an exercise is not done yet, or that it is.
#[derive(Debug, Clone)]
pub enum Outcome {
    Passed,
    /// The learner's code (or a tutor check program built on it) does not compile.
    BuildError {
        target: String,
        diagnostics: Vec<Diagnostic>,
        stderr: String,
    },
    /// The tests ran and some failed (or, for `expect = "fail"`, none did).
    TestsFailed {
        target: String,
        failed: Vec<FailedTest>,
        passed: usize,
        unexpected_pass: bool,
        output: String,
    },
    /// The program ran but printed something else or exited with another code.
    WrongOutput {
        expected: String,
        actual: String,
        expected_code: i32,
        code: Option<i32>,
        stderr: String,
    },
    /// A misuse that must not compile did compile.
    MisuseCompiled {
        target: String,
        expected: String,
    },
    /// A misuse failed to compile, but not with the expected error.
    WrongError {
        target: String,
        expected: String,
        diagnostics: Vec<Diagnostic>,
    },
    /// A `ui`, `mir`, `asm`, `perf`, `bench`, `clippy`, `fmt`, `doc`, `qemu` or `wasm` check found a mismatch.
    CheckFailed {
        check: String,
        message: String,
        details: String,
    },
    /// A program (or the build) ran longer than allowed and was stopped.
    TimedOut {
        what: String,
        /// What it did not do in time: "finish", or "exit" for a board that
        /// must end its program itself.
        verb: &'static str,
        after: Duration,
        advice: String,
        output: String,
    },
    /// A program printed so much that it was stopped (a print in a loop).
    Flooded {
        what: String,
        limit: u64,
        output: String,
    },
    /// A program was killed by a signal.
    Crashed {
        what: String,
        signal: i32,
        explanation: String,
        output: String,
    },
    /// The check needs a tool or target that is not installed; not a failure.
    Blocked {
        reason: String,
        fixes: Vec<String>,
    },
}

/// The stable ids of outcomes, as written in `fails_with`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutcomeKind {
    Passed,
    BuildError,
    TestsFailed,
    WrongOutput,
    MisuseCompiled,
    WrongError,
    CheckFailed,
    Timeout,
    TooMuchOutput,
    Crashed,
    Blocked,
}

impl OutcomeKind {
    pub const ALL: [OutcomeKind; 11] = [
        OutcomeKind::Passed,
        OutcomeKind::BuildError,
        OutcomeKind::TestsFailed,
        OutcomeKind::WrongOutput,
        OutcomeKind::MisuseCompiled,
        OutcomeKind::WrongError,
        OutcomeKind::CheckFailed,
        OutcomeKind::Timeout,
        OutcomeKind::TooMuchOutput,
        OutcomeKind::Crashed,
        OutcomeKind::Blocked,
    ];

    pub fn id(self) -> &'static str {
        match self {
            OutcomeKind::Passed => "passed",
            OutcomeKind::BuildError => "build-error",
            OutcomeKind::TestsFailed => "tests-failed",
            OutcomeKind::WrongOutput => "wrong-output",
            OutcomeKind::MisuseCompiled => "misuse-compiled",
            OutcomeKind::WrongError => "wrong-error",
            OutcomeKind::CheckFailed => "check-failed",
            OutcomeKind::Timeout => "timeout",
            OutcomeKind::TooMuchOutput => "too-much-output",
            OutcomeKind::Crashed => "crashed",
            OutcomeKind::Blocked => "blocked",
        }
    }

    pub fn from_id(id: &str) -> Option<OutcomeKind> {
        OutcomeKind::ALL.into_iter().find(|k| k.id() == id)
    }
}

impl Outcome {
    pub fn kind(&self) -> OutcomeKind {
        match self {
            Outcome::Passed => OutcomeKind::Passed,
            Outcome::BuildError { .. } => OutcomeKind::BuildError,
            Outcome::TestsFailed { .. } => OutcomeKind::TestsFailed,
            Outcome::WrongOutput { .. } => OutcomeKind::WrongOutput,
            Outcome::MisuseCompiled { .. } => OutcomeKind::MisuseCompiled,
            Outcome::WrongError { .. } => OutcomeKind::WrongError,
            Outcome::CheckFailed { .. } => OutcomeKind::CheckFailed,
            Outcome::TimedOut { .. } => OutcomeKind::Timeout,
            Outcome::Flooded { .. } => OutcomeKind::TooMuchOutput,
            Outcome::Crashed { .. } => OutcomeKind::Crashed,
            Outcome::Blocked { .. } => OutcomeKind::Blocked,
        }
    }

    /// A one-line summary for lists and status bars.
    pub fn headline(&self) -> String {
        match self {
            Outcome::Passed => "all checks pass".into(),
            Outcome::BuildError { diagnostics, .. } => {
                let n = diagnostics.iter().filter(|d| d.is_error()).count();
                match diagnostics.iter().find(|d| d.is_error()) {
                    Some(d) => format!(
                        "does not compile ({n} error{}): {}",
                        plural(n),
                        d.headline()
                    ),
                    None => "does not compile".into(),
                }
            }
            Outcome::TestsFailed {
                failed,
                passed,
                unexpected_pass: true,
                ..
            } => {
                let _ = failed;
                format!("every test passed ({passed}), but this check needs a test that fails")
            }
            Outcome::TestsFailed { failed, passed, .. } => {
                let names: Vec<&str> = failed.iter().take(3).map(|t| t.name.as_str()).collect();
                let more = if failed.len() > 3 { ", ..." } else { "" };
                format!(
                    "{} of {} tests failed: {}{more}",
                    failed.len(),
                    failed.len() + passed,
                    names.join(", ")
                )
            }
            Outcome::WrongOutput {
                expected_code,
                code,
                ..
            } if Some(*expected_code) != *code => match code {
                Some(c) => format!("the program exited with code {c}, expected {expected_code}"),
                None => "the program did not exit normally".into(),
            },
            Outcome::WrongOutput { .. } => {
                "the program's output differs from the expected output".into()
            }
            Outcome::MisuseCompiled { target, .. } => format!("{target} compiled, but it must not"),
            Outcome::WrongError {
                target, expected, ..
            } => {
                format!("{target} fails to compile, but not with the expected error ({expected})")
            }
            Outcome::CheckFailed { check, message, .. } => format!("{check}: {message}"),
            Outcome::TimedOut {
                what, verb, after, ..
            } => {
                format!("{what} did not {verb} within {}", human_duration(*after))
            }
            Outcome::Flooded { what, limit, .. } => {
                format!(
                    "{what} printed more than {} and was stopped",
                    crate::runner::process::human_bytes(*limit)
                )
            }
            Outcome::Crashed {
                what, explanation, ..
            } => format!("{what} crashed: {explanation}"),
            Outcome::Blocked { reason, .. } => format!("blocked: {reason}"),
        }
    }
}

/// One compiler diagnostic, as cargo reported it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// `error`, `warning`, `note`, `help`, `failure-note`, `error: internal compiler error`.
    pub level: String,
    pub code: Option<String>,
    pub message: String,
    /// rustc's own rendering, with ANSI colours when they were requested.
    pub rendered: String,
    /// The primary span, relative to the package directory as rustc printed it.
    pub file: Option<String>,
    pub line: usize,
    pub column: usize,
    /// Messages of child diagnostics (notes, help), for matching annotations.
    pub children: Vec<String>,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.level.starts_with("error")
    }
    pub fn headline(&self) -> String {
        match &self.code {
            Some(code) => format!("error[{code}]: {}", self.message),
            None => self.message.clone(),
        }
    }
}

/// A failed test and what it printed (its panic message among it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedTest {
    pub name: String,
    pub output: String,
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

pub fn human_duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 10.0 || s.fract() == 0.0 {
        format!("{} s", s.round())
    } else if s >= 1.0 {
        format!("{s:.1} s")
    } else {
        format!("{} ms", d.as_millis())
    }
}

impl fmt::Display for OutcomeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}
