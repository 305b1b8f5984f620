//! The course: phases and exercises read from `info.toml`, validated, with
//! every exercise's checks resolved to cargo targets. Two formats are read:
//! the tutor's own (documented in README.md and in `tutor.rs`) and rustlings 6
//! packs (`rustlings.rs`). Nothing here runs a program.

mod rustlings;
mod tutor;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::diag::{Located, Problems};
use crate::manifest::Package;
use crate::verdict::OutcomeKind;

/// The file that describes a course.
pub const INFO_FILE: &str = "info.toml";

/// A course, ready to be run.
#[derive(Debug, Clone)]
pub struct Course {
    /// The course directory (holds `info.toml`), absolute.
    pub root: PathBuf,
    pub format: Format,
    pub title: String,
    pub welcome: Option<String>,
    pub final_message: Option<String>,
    /// `dev check` requires at least this many parts in every hint.
    pub min_hint_parts: usize,
    pub phases: Vec<Phase>,
    /// In curriculum order.
    pub exercises: Vec<Exercise>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Tutor,
    Rustlings,
}

#[derive(Debug, Clone)]
pub struct Phase {
    pub id: String,
    pub title: String,
    pub intro: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Exercise {
    pub name: String,
    /// Index into `Course::phases`.
    pub phase: usize,
    /// The file the learner edits, relative to the course root.
    pub path: PathBuf,
    /// Other files the learner edits, relative to the course root.
    pub files: Vec<PathBuf>,
    /// The hint file, relative to the course root (for rustlings packs: none).
    pub hint: Hint,
    /// Shared by every exercise of the package (a rustlings pack has ~100 bins).
    pub package: Arc<Package>,
    /// The main check first, then the others, in order.
    pub checks: Vec<Check>,
    /// How the shipped file must fail (`None`: any failure).
    pub fails_with: Option<OutcomeKind>,
    pub fails_mentioning: Option<String>,
    pub skip_check_unsolved: bool,
    pub renamed_from: Vec<String>,
    pub difficulty: Option<u8>,
    /// Line of the declaration in `info.toml`, for messages.
    pub line: usize,
}

#[derive(Debug, Clone)]
pub enum Hint {
    File(PathBuf),
    Inline(String),
}

impl Exercise {
    /// Every file the learner edits.
    pub fn learner_files(&self) -> impl Iterator<Item = &PathBuf> {
        std::iter::once(&self.path).chain(&self.files)
    }

    /// The solution of a learner file: `solutions/` mirrors `exercises/`.
    pub fn solution_of(file: &Path) -> PathBuf {
        match file.strip_prefix("exercises") {
            Ok(rest) => Path::new("solutions").join(rest),
            Err(_) => Path::new("solutions").join(file),
        }
    }
}

/// One check of an exercise.
#[derive(Debug, Clone)]
pub struct Check {
    pub target: TargetSel,
    pub spec: Spec,
    /// How long a program built for this check may run (building is not counted).
    pub timeout: Duration,
}

/// Which cargo target a check builds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TargetSel {
    Bin(String),
    Test(String),
    Bench(String),
    Lib,
    /// Every test target of the package.
    Tests,
}

impl TargetSel {
    pub fn parse(s: &str) -> Option<TargetSel> {
        match s.split_once(':') {
            Some(("bin", n)) if !n.is_empty() => Some(TargetSel::Bin(n.into())),
            Some(("test", n)) if !n.is_empty() => Some(TargetSel::Test(n.into())),
            Some(("bench", n)) if !n.is_empty() => Some(TargetSel::Bench(n.into())),
            None if s == "lib" => Some(TargetSel::Lib),
            None if s == "tests" => Some(TargetSel::Tests),
            _ => None,
        }
    }
}

impl std::fmt::Display for TargetSel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TargetSel::Bin(n) => write!(f, "bin:{n}"),
            TargetSel::Test(n) => write!(f, "test:{n}"),
            TargetSel::Bench(n) => write!(f, "bench:{n}"),
            TargetSel::Lib => f.write_str("lib"),
            TargetSel::Tests => f.write_str("tests"),
        }
    }
}

/// What a check verifies, with the fields of its kind.
#[derive(Debug, Clone)]
pub enum Spec {
    Test {
        args: Vec<String>,
        expect_fail: bool,
        features: Vec<String>,
    },
    /// `output: None` accepts any output (rustlings' "the program exits with 0").
    Run {
        args: Vec<String>,
        output: Option<String>,
        exit_code: i32,
        features: Vec<String>,
    },
    Build {
        triple: Option<String>,
        profile: Option<String>,
        features: Vec<String>,
    },
    CompileFail {
        code: Option<String>,
        message: Option<String>,
        line: Option<usize>,
        file: Option<PathBuf>,
    },
    Ui,
    Emit(EmitSpec),
    Perf(PerfSpec),
    Bench {
        ids: Vec<String>,
        args: Vec<String>,
        /// `None`: cargo's `bench` profile.
        profile: Option<String>,
    },
    Clippy {
        triple: Option<String>,
    },
    Fmt,
    Doc,
    /// A program built for wasm32-wasip1, run under Node's WASI host.
    Wasi(Box<WasiSpec>),
    /// A module built for wasm32-unknown-unknown, loaded and called by the tutor.
    Wasm {
        spec: Box<crate::wasm::WasmSpec>,
        profile: String,
        /// A learner-owned TOML of profile settings, passed with `--config`.
        config: Option<PathBuf>,
    },
    Qemu {
        output: String,
        exit_code: i32,
        triple: String,
    },
}

impl Spec {
    /// The kind's name as written in `info.toml`.
    pub fn kind(&self) -> &'static str {
        match self {
            Spec::Test { .. } => "test",
            Spec::Run { .. } => "run",
            Spec::Build { .. } => "build",
            Spec::CompileFail { .. } => "compile-fail",
            Spec::Ui => "ui",
            Spec::Emit(e) if e.what == Emit::Mir => "mir",
            Spec::Emit(_) => "asm",
            Spec::Perf(_) => "perf",
            Spec::Bench { .. } => "bench",
            Spec::Clippy { .. } => "clippy",
            Spec::Fmt => "fmt",
            Spec::Doc => "doc",
            Spec::Qemu { .. } => "qemu",
            Spec::Wasm { .. } => "wasm",
            Spec::Wasi(_) => "wasi",
        }
    }
}

/// The platform `wasm` checks build for.
pub const WASM_TRIPLE: &str = "wasm32-unknown-unknown";
/// The platform `wasi` checks build for.
pub const WASI_TRIPLE: &str = "wasm32-wasip1";

impl Spec {
    /// The platform the check builds for, when it is not the host.
    pub fn triple(&self) -> Option<&str> {
        match self {
            Spec::Qemu { triple, .. } => Some(triple),
            Spec::Build { triple, .. } | Spec::Clippy { triple } => triple.as_deref(),
            Spec::Wasm { .. } => Some(WASM_TRIPLE),
            Spec::Wasi(_) => Some(WASI_TRIPLE),
            _ => None,
        }
    }
}

/// A WASI program's run: a fresh copy of `fixture` is preopened as `/data`.
#[derive(Debug, Clone)]
pub struct WasiSpec {
    pub args: Vec<String>,
    pub output: String,
    pub stderr: Option<String>,
    pub exit_code: i32,
    pub fixture: Option<PathBuf>,
    /// Paths relative to the directory, with the content they must have.
    pub expect_files: std::collections::BTreeMap<String, String>,
    pub absent_files: Vec<String>,
    pub profile: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emit {
    Mir,
    Asm,
}

#[derive(Debug, Clone)]
pub struct EmitSpec {
    pub what: Emit,
    pub function: String,
    pub contains: Vec<Pattern>,
    pub absent: Vec<Pattern>,
    pub in_order: Vec<Pattern>,
    pub profile: String,
    /// asm only: the architecture whose assembly the patterns describe.
    pub arch: String,
}

/// A regular expression, kept with its source for messages.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub source: String,
    pub regex: regex_lite::Regex,
}

#[derive(Debug, Clone)]
pub enum PerfSpec {
    /// baseline time / candidate time ≥ `min_ratio` (or instruction counts).
    Ratio {
        instructions: bool,
        min_ratio: f64,
        args: Vec<String>,
        profile: String,
    },
    Allocations {
        max_blocks: Option<u64>,
        max_bytes: Option<u64>,
        args: Vec<String>,
        profile: String,
    },
    Size {
        profile: String,
        config: Option<PathBuf>,
        max_bytes: Option<u64>,
        baseline: Option<(TargetSel, f64)>,
    },
}

impl Course {
    /// Reads and validates the course in `root`.
    pub fn load(root: &Path) -> Result<Course, Problems> {
        let info = root.join(INFO_FILE);
        let text = std::fs::read_to_string(&info).map_err(|e| {
            let msg = if e.kind() == std::io::ErrorKind::NotFound {
                "no info.toml here: this is not a course directory".to_string()
            } else {
                format!("cannot read info.toml: {e}")
            };
            Problems(vec![Located::file(&info, msg).help(
                "run tutor from a course directory (the one with info.toml), or pass --course <DIR>",
            )])
        })?;
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        if rustlings::looks_like(&text) {
            rustlings::load(&root, &info, &text)
        } else {
            tutor::load(&root, &info, &text)
        }
    }

    pub fn find(&self, name: &str) -> Option<usize> {
        self.exercises.iter().position(|e| e.name == name)
    }

    /// Indices of the exercises of one phase.
    pub fn phase_exercises(&self, phase: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.exercises.len()).filter(move |&i| self.exercises[i].phase == phase)
    }

    /// The closest exercise names to a mistyped one.
    pub fn suggest(&self, name: &str) -> Option<&str> {
        closest(name, self.exercises.iter().map(|e| e.name.as_str()))
    }
}

/// The candidate with the smallest edit distance, if it is close enough.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Edit distance where swapping two neighbours counts as one edit ("frist").
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    #[test]
    fn closest_names() {
        let names = ["output", "output_file", "exit_code"];
        assert_eq!(super::closest("outptu", names.into_iter()), Some("output"));
        assert_eq!(super::closest("zzz", names.into_iter()), None);
        assert_eq!(
            super::closest("frist", ["first", "second"].into_iter()),
            Some("first")
        );
    }
}
