//! The tutor's `info.toml` format, version 1.
//!
//! ```toml
//! format_version = 1
//! [course]      title, welcome, final_message, min_hint_parts
//! [[phases]]    id, title, intro
//! [[exercises]] name, phase, path, kind, fails_with, fails_mentioning, hint, files,
//!               renamed_from, skip_check_unsolved, difficulty, + the fields of `kind`
//! [[exercises.checks]] kind + the fields of that kind
//! ```
//!
//! Every field is documented on the raw structs below and in README.md. Parsing
//! keeps spans, so each problem names the file, line and column.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use super::{
    Check, Course, Emit, EmitSpec, Exercise, Format, Hint, Pattern, PerfSpec, Phase, Spec,
    TargetSel, closest,
};
use crate::diag::{Located, Problems};
use crate::hint;
use crate::manifest::{Package, Packages, TargetKind};
use crate::verdict::OutcomeKind;

/// The format version this tutor reads.
pub const FORMAT_VERSION: i64 = 1;

/// Seconds a built program may run, unless the exercise says otherwise.
const DEFAULT_TIMEOUT: f64 = 10.0;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInfo {
    /// Always 1 for this format.
    format_version: Spanned<i64>,
    course: Spanned<RawCourse>,
    #[serde(default)]
    phases: Vec<Spanned<RawPhase>>,
    #[serde(default)]
    exercises: Vec<Spanned<RawExercise>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCourse {
    /// The course's title, shown in the TUI's header.
    title: String,
    /// Shown the first time a learner starts the course.
    welcome: Option<String>,
    /// Shown when every exercise is done.
    final_message: Option<String>,
    /// `dev check` requires every hint to have at least this many parts (default 1).
    min_hint_parts: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhase {
    /// Lowercase letters, digits, `_` and `-`; exercises name it in `phase`.
    id: Spanned<String>,
    /// Shown in the list and the progress gauges.
    title: String,
    /// Shown when the learner enters the phase.
    intro: Option<String>,
}

/// Declares a raw struct with the fields every check kind may use, plus its own.
macro_rules! with_check_fields {
    ($(#[$meta:meta])* struct $name:ident { $($(#[$fmeta:meta])* $field:ident: $ty:ty,)* }) => {
        $(#[$meta])*
        struct $name {
            $($(#[$fmeta])* $field: $ty,)*
            /// The kind of check: test, run, build, compile-fail, ui, mir, asm, perf, bench,
            /// clippy, fmt, doc, qemu, wasm, wasi.
            kind: Option<Spanned<String>>,
            /// The cargo target: `bin:NAME`, `test:NAME`, `bench:NAME`, `lib` or `tests`.
            target: Option<Spanned<String>>,
            /// Seconds a program built for this check may run (the build is not counted).
            timeout: Option<Spanned<f64>>,
            /// test, run, perf, bench: arguments passed to the program.
            args: Option<Spanned<Vec<String>>>,
            /// test: `"pass"` (default) or `"fail"` (at least one test must fail).
            expect: Option<Spanned<String>>,
            /// test, run, build: cargo features of the package to enable.
            features: Option<Spanned<Vec<String>>>,
            /// run, qemu: the expected standard output.
            output: Option<Spanned<String>>,
            /// run, qemu: a file holding the expected output (relative to the course).
            output_file: Option<Spanned<String>>,
            /// run, qemu: the expected exit code (default 0).
            exit_code: Option<Spanned<i64>>,
            /// build, qemu: the platform to build for (qemu: default `thumbv7m-none-eabi`).
            triple: Option<Spanned<String>>,
            /// build, mir, asm, perf: the cargo profile.
            profile: Option<Spanned<String>>,
            /// compile-fail: the expected error code, such as `E0599`.
            code: Option<Spanned<String>>,
            /// compile-fail: text the expected error message contains.
            message: Option<Spanned<String>>,
            /// compile-fail: the line of the error's primary span.
            line: Option<Spanned<i64>>,
            /// compile-fail: the file of the error (default: the misuse program's source).
            file: Option<Spanned<String>>,
            /// mir, asm: the function whose body is checked.
            function: Option<Spanned<String>>,
            /// mir, asm: regular expressions the body must match.
            contains: Option<Spanned<Vec<String>>>,
            /// mir, asm: regular expressions the body must not match.
            absent: Option<Spanned<Vec<String>>>,
            /// mir, asm: regular expressions that must match in this order.
            in_order: Option<Spanned<Vec<String>>>,
            /// asm: the architecture the patterns are written for (default `x86_64`).
            arch: Option<Spanned<String>>,
            /// perf: `time`, `instructions`, `allocations` or `size`.
            measure: Option<Spanned<String>>,
            /// perf time/instructions: baseline ÷ candidate must be at least this.
            min_ratio: Option<Spanned<f64>>,
            /// perf allocations: at most this many allocations.
            max_blocks: Option<Spanned<i64>>,
            /// perf allocations/size: at most this many bytes (allocated / on disk).
            max_bytes: Option<Spanned<i64>>,
            /// perf size: at most this fraction of the `baseline` target's size.
            max_fraction: Option<Spanned<f64>>,
            /// perf size: the target built with the `release` profile to compare with.
            baseline: Option<Spanned<String>>,
            /// perf size, wasm: a learner-owned TOML of profile settings, passed with `--config`.
            config: Option<Spanned<String>>,
            /// bench: the benchmark ids the run must report.
            ids: Option<Spanned<Vec<String>>>,
            /// wasm: what to check in the module (see `crate::wasm::WasmSpec`).
            wasm: Option<Spanned<crate::wasm::WasmSpec>>,
            /// wasi: a directory copied for each run and preopened as `/data`.
            fixture: Option<Spanned<String>>,
            /// wasi: the expected standard error.
            stderr: Option<Spanned<String>>,
            /// wasi: files the program must leave in the directory, with their content.
            expect_files: Option<Spanned<std::collections::BTreeMap<String, String>>>,
            /// wasi: files the program must not create.
            absent_files: Option<Spanned<Vec<String>>>,
        }
    };
}

with_check_fields! {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawExercise {
        /// Unique; lowercase letters, digits and `_`; also the `[[bin]]` name.
        name: Spanned<String>,
        /// The id of a declared phase.
        phase: Spanned<String>,
        /// The file the learner edits, relative to the course root.
        path: Spanned<String>,
        /// The hint file (default `hints/<name>.md`).
        hint: Option<Spanned<String>>,
        /// Other files the learner edits.
        files: Option<Spanned<Vec<String>>>,
        /// How the shipped exercise fails: build-error, tests-failed, wrong-output,
        /// misuse-compiled, wrong-error, check-failed, timeout, too-much-output or crashed.
        fails_with: Option<Spanned<String>>,
        /// Text the shipped failure must mention (an error code, a test name, ...).
        fails_mentioning: Option<Spanned<String>>,
        /// Old names of this exercise, so progress recorded under them is kept.
        renamed_from: Option<Vec<String>>,
        /// `dev check` does not require the shipped exercise to fail.
        skip_check_unsolved: Option<bool>,
        /// 1 (warm-up) to 5 (capstone), shown in the list.
        difficulty: Option<Spanned<i64>>,
        /// More checks, run in order after the main one.
        checks: Option<Vec<Spanned<RawCheck>>>,
    }
}

with_check_fields! {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawCheck {}
}

/// The check fields, borrowed from either raw struct.
struct CheckFields<'a> {
    kind: &'a Option<Spanned<String>>,
    target: &'a Option<Spanned<String>>,
    timeout: &'a Option<Spanned<f64>>,
    args: &'a Option<Spanned<Vec<String>>>,
    expect: &'a Option<Spanned<String>>,
    features: &'a Option<Spanned<Vec<String>>>,
    output: &'a Option<Spanned<String>>,
    output_file: &'a Option<Spanned<String>>,
    exit_code: &'a Option<Spanned<i64>>,
    triple: &'a Option<Spanned<String>>,
    profile: &'a Option<Spanned<String>>,
    code: &'a Option<Spanned<String>>,
    message: &'a Option<Spanned<String>>,
    line: &'a Option<Spanned<i64>>,
    file: &'a Option<Spanned<String>>,
    function: &'a Option<Spanned<String>>,
    contains: &'a Option<Spanned<Vec<String>>>,
    absent: &'a Option<Spanned<Vec<String>>>,
    in_order: &'a Option<Spanned<Vec<String>>>,
    arch: &'a Option<Spanned<String>>,
    measure: &'a Option<Spanned<String>>,
    min_ratio: &'a Option<Spanned<f64>>,
    max_blocks: &'a Option<Spanned<i64>>,
    max_bytes: &'a Option<Spanned<i64>>,
    max_fraction: &'a Option<Spanned<f64>>,
    baseline: &'a Option<Spanned<String>>,
    config: &'a Option<Spanned<String>>,
    ids: &'a Option<Spanned<Vec<String>>>,
    wasm: &'a Option<Spanned<crate::wasm::WasmSpec>>,
    fixture: &'a Option<Spanned<String>>,
    stderr: &'a Option<Spanned<String>>,
    expect_files: &'a Option<Spanned<std::collections::BTreeMap<String, String>>>,
    absent_files: &'a Option<Spanned<Vec<String>>>,
}

macro_rules! check_fields {
    ($raw:expr) => {
        CheckFields {
            kind: &$raw.kind,
            target: &$raw.target,
            timeout: &$raw.timeout,
            args: &$raw.args,
            expect: &$raw.expect,
            features: &$raw.features,
            output: &$raw.output,
            output_file: &$raw.output_file,
            exit_code: &$raw.exit_code,
            triple: &$raw.triple,
            profile: &$raw.profile,
            code: &$raw.code,
            message: &$raw.message,
            line: &$raw.line,
            file: &$raw.file,
            function: &$raw.function,
            contains: &$raw.contains,
            absent: &$raw.absent,
            in_order: &$raw.in_order,
            arch: &$raw.arch,
            measure: &$raw.measure,
            min_ratio: &$raw.min_ratio,
            max_blocks: &$raw.max_blocks,
            max_bytes: &$raw.max_bytes,
            max_fraction: &$raw.max_fraction,
            baseline: &$raw.baseline,
            config: &$raw.config,
            ids: &$raw.ids,
            wasm: &$raw.wasm,
            fixture: &$raw.fixture,
            stderr: &$raw.stderr,
            expect_files: &$raw.expect_files,
            absent_files: &$raw.absent_files,
        }
    };
}

/// The kinds, and the fields each accepts besides `kind`, `target` and `timeout`.
const KINDS: &[(&str, &[&str])] = &[
    ("test", &["args", "expect", "features"]),
    (
        "run",
        &["args", "output", "output_file", "exit_code", "features"],
    ),
    ("build", &["triple", "profile", "features"]),
    ("compile-fail", &["code", "message", "line", "file"]),
    ("ui", &[]),
    (
        "mir",
        &["function", "contains", "absent", "in_order", "profile"],
    ),
    (
        "asm",
        &[
            "function", "contains", "absent", "in_order", "profile", "arch",
        ],
    ),
    (
        "perf",
        &[
            "measure",
            "min_ratio",
            "max_blocks",
            "max_bytes",
            "max_fraction",
            "baseline",
            "config",
            "profile",
            "args",
        ],
    ),
    ("bench", &["ids", "args", "profile"]),
    ("clippy", &["triple"]),
    ("fmt", &[]),
    ("doc", &[]),
    ("qemu", &["output", "output_file", "exit_code", "triple"]),
    ("wasm", &["wasm", "profile", "config"]),
    (
        "wasi",
        &[
            "output",
            "output_file",
            "exit_code",
            "stderr",
            "fixture",
            "expect_files",
            "absent_files",
            "args",
            "profile",
        ],
    ),
];

impl CheckFields<'_> {
    /// (name, span) of every check field that is present.
    fn present(&self) -> Vec<(&'static str, std::ops::Range<usize>)> {
        let mut v = Vec::new();
        macro_rules! each {
            ($($f:ident),*) => { $( if let Some(x) = self.$f { v.push((stringify!($f), x.span())); } )* };
        }
        each!(
            args,
            expect,
            features,
            output,
            output_file,
            exit_code,
            triple,
            profile,
            code,
            message,
            line,
            file,
            function,
            contains,
            absent,
            in_order,
            arch,
            measure,
            min_ratio,
            max_blocks,
            max_bytes,
            max_fraction,
            baseline,
            config,
            ids,
            wasm,
            fixture,
            stderr,
            expect_files,
            absent_files
        );
        v
    }
}

struct Ctx<'a> {
    root: &'a Path,
    info: &'a Path,
    text: &'a str,
    problems: Problems,
    packages: Packages,
}

impl Ctx<'_> {
    fn error(
        &mut self,
        span: std::ops::Range<usize>,
        msg: impl Into<String>,
        help: impl Into<String>,
    ) {
        let help = help.into();
        let mut l = Located::at(self.info, self.text, span, msg);
        if !help.is_empty() {
            l = l.help(help);
        }
        self.problems.push(l);
    }

    /// A path relative to the course root that must stay inside it.
    fn rel_path(&mut self, s: &Spanned<String>, what: &str) -> Option<PathBuf> {
        let p = PathBuf::from(s.get_ref());
        let escapes = p.is_absolute() || p.components().any(|c| matches!(c, Component::ParentDir));
        if s.get_ref().is_empty() || escapes {
            self.error(
                s.span(),
                format!("{what} must be a relative path inside the course, not `{}`", s.get_ref()),
                "write it relative to the directory that holds info.toml, e.g. exercises/p4_macros/x.rs",
            );
            return None;
        }
        Some(p)
    }

    /// A count or budget, which cannot be negative.
    fn non_negative(&mut self, v: Option<&Spanned<i64>>, what: &str) -> Option<u64> {
        let v = v?;
        match u64::try_from(*v.get_ref()) {
            Ok(n) => Some(n),
            Err(_) => {
                self.error(
                    v.span(),
                    format!("{what} cannot be negative"),
                    "write 0 or more",
                );
                None
            }
        }
    }

    /// An expected exit code (default 0): a process exits with 0 to 255.
    fn exit_code(&mut self, v: Option<&Spanned<i64>>) -> i32 {
        let Some(c) = v else { return 0 };
        match u8::try_from(*c.get_ref()) {
            Ok(n) => i32::from(n),
            Err(_) => {
                self.error(
                    c.span(),
                    format!("exit_code {} is not an exit status", c.get_ref()),
                    "a program exits with a code from 0 to 255",
                );
                0
            }
        }
    }

    fn existing_file(&mut self, s: &Spanned<String>, what: &str) -> Option<PathBuf> {
        let p = self.rel_path(s, what)?;
        if !self.root.join(&p).is_file() {
            self.error(
                s.span(),
                format!("{what} `{}` does not exist", p.display()),
                "create the file, or fix the path (relative to the directory that holds info.toml)",
            );
            return None;
        }
        Some(p)
    }
}

pub(super) fn load(root: &Path, info: &Path, text: &str) -> Result<Course, Problems> {
    let raw: RawInfo = toml::from_str(text).map_err(|e| {
        let mut msg = e.message().trim().to_string();
        let help = if msg.starts_with("unknown field") {
            let field = msg.split('`').nth(1).unwrap_or_default().to_string();
            let known: Vec<&str> = msg.split("expected one of").nth(1).unwrap_or_default().split('`').skip(1).step_by(2).collect();
            let suggestion = closest(&field, known.into_iter()).map(|c| format!("did you mean `{c}`? "));
            msg = msg.replace(", expected one of", "; the known fields are");
            format!(
                "{}otherwise remove it; every field is documented in README.md, section \"For instructors\"",
                suggestion.unwrap_or_default()
            )
        } else if msg.starts_with("missing field") {
            "add it; see README.md, section \"For instructors\"".to_string()
        } else {
            "see README.md, section \"For instructors\", for the format".to_string()
        };
        Problems(vec![Located::at(info, text, e.span().unwrap_or(0..0), msg).help(help)])
    })?;
    let mut cx = Ctx {
        root,
        info,
        text,
        problems: Problems::default(),
        packages: Packages::default(),
    };

    if *raw.format_version.get_ref() != FORMAT_VERSION {
        cx.error(
            raw.format_version.span(),
            format!(
                "format_version {} is not supported",
                raw.format_version.get_ref()
            ),
            format!(
                "this tutor reads format_version = {FORMAT_VERSION}; update the tutor or the course"
            ),
        );
    }
    let course = raw.course.into_inner();
    let min_hint_parts = match &course.min_hint_parts {
        Some(n) if *n.get_ref() < 1 => {
            cx.error(n.span(), "min_hint_parts must be at least 1", "");
            1
        }
        Some(n) => *n.get_ref() as usize,
        None => 1,
    };

    let mut phases: Vec<Phase> = Vec::new();
    let mut phase_index: HashMap<String, usize> = HashMap::new();
    let mut phase_spans = Vec::new();
    for p in &raw.phases {
        let p = p.get_ref();
        let id = p.id.get_ref();
        if !valid_id(id, true) {
            cx.error(
                p.id.span(),
                format!("phase id `{id}` is not valid"),
                "use lowercase letters, digits, `_` and `-`, starting with a letter",
            );
        } else if phase_index.contains_key(id) {
            cx.error(
                p.id.span(),
                format!("phase `{id}` is declared twice"),
                "phase ids must be unique",
            );
            continue;
        }
        phase_index.insert(id.clone(), phases.len());
        phase_spans.push(p.id.span());
        phases.push(Phase {
            id: id.clone(),
            title: p.title.clone(),
            intro: p.intro.clone(),
        });
    }

    let mut exercises: Vec<Exercise> = Vec::new();
    let mut names: HashMap<String, usize> = HashMap::new();
    // (phase, span of `phase`, line, name) of each exercise, for the order check.
    let mut in_order = Vec::new();
    if raw.exercises.is_empty() {
        cx.error(
            0..0,
            "the course has no exercises",
            "add [[exercises]] tables; see README.md, section \"For instructors\"",
        );
    }
    for spanned in &raw.exercises {
        let decl_line = text[..spanned.span().start].matches('\n').count() + 1;
        let e = spanned.get_ref();
        let name = e.name.get_ref().clone();
        if !valid_id(&name, false) {
            cx.error(
                e.name.span(),
                format!("exercise name `{name}` is not valid"),
                "use lowercase letters, digits and `_`, starting with a letter (it is also a cargo target name)",
            );
        }
        if let Some(&first) = names.get(&name) {
            cx.error(
                e.name.span(),
                format!("exercise `{name}` is declared twice"),
                format!("the first declaration is at line {first}; names must be unique"),
            );
        } else {
            names.insert(name.clone(), decl_line);
        }
        let phase = match phase_index.get(e.phase.get_ref()) {
            Some(&i) => Some(i),
            None => {
                let ids = phases.iter().map(|p| p.id.as_str());
                let help = match closest(e.phase.get_ref(), ids) {
                    Some(c) => {
                        format!("did you mean `{c}`? Otherwise declare it in a [[phases]] table")
                    }
                    None => "declare it in a [[phases]] table before its exercises".into(),
                };
                cx.error(
                    e.phase.span(),
                    format!("phase `{}` is not declared", e.phase.get_ref()),
                    help,
                );
                None
            }
        };
        if let Some(p) = phase {
            in_order.push((p, e.phase.span(), decl_line, name.clone()));
        }
        let path = cx.existing_file(&e.path, "path");
        let files: Vec<PathBuf> = match &e.files {
            Some(list) => {
                let list = list
                    .get_ref()
                    .iter()
                    .map(|f| Spanned::new(e.files.as_ref().unwrap().span(), f.clone()));
                list.filter_map(|f| cx.existing_file(&f, "files entry"))
                    .collect()
            }
            None => Vec::new(),
        };
        let hint = resolve_hint(&mut cx, e, &name);
        let fails_with = match &e.fails_with {
            Some(f) => match OutcomeKind::from_id(f.get_ref()) {
                Some(k) if k != OutcomeKind::Passed && k != OutcomeKind::Blocked => Some(k),
                _ => {
                    cx.error(
                        f.span(),
                        format!("`{}` is not a failure kind", f.get_ref()),
                        "use one of build-error, tests-failed, wrong-output, misuse-compiled, wrong-error, \
                         check-failed, timeout, too-much-output, crashed",
                    );
                    None
                }
            },
            None => {
                if e.skip_check_unsolved != Some(true) {
                    cx.error(
                        e.name.span(),
                        format!("exercise `{name}` does not say how it fails as shipped"),
                        "add fails_with = \"build-error\" (or tests-failed, wrong-output, misuse-compiled, \
                         wrong-error, check-failed, timeout, too-much-output, crashed), or \
                         skip_check_unsolved = true",
                    );
                }
                None
            }
        };
        let difficulty = match &e.difficulty {
            Some(d) if !(1..=5).contains(d.get_ref()) => {
                cx.error(d.span(), "difficulty must be between 1 and 5", "");
                None
            }
            Some(d) => Some(*d.get_ref() as u8),
            None => None,
        };
        let (Some(phase), Some(path)) = (phase, path) else {
            continue;
        };
        let package = match cx.packages.owner_of(root, &path) {
            Ok(p) => p,
            Err(err) => {
                cx.problems.push(err);
                continue;
            }
        };
        let default_target = match package.target_for_path(&path) {
            Some(t) if t.kind == TargetKind::Bin => TargetSel::Bin(t.name.clone()),
            Some(t) if t.kind == TargetKind::Lib => TargetSel::Tests,
            Some(t) if t.kind == TargetKind::Test => TargetSel::Test(t.name.clone()),
            _ => {
                // A module of a multi-file crate: its package's first bin, else the tests.
                match package.targets.iter().find(|t| t.kind == TargetKind::Bin) {
                    Some(b) if package.lib().is_none() => TargetSel::Bin(b.name.clone()),
                    _ => TargetSel::Tests,
                }
            }
        };
        let exercise_timeout = e.timeout.as_ref().map(|t| *t.get_ref());
        let mut checks = Vec::new();
        let main = check_fields!(e);
        if main.kind.is_none() {
            cx.error(
                e.name.span(),
                format!("exercise `{name}` has no kind"),
                kinds_help(),
            );
        }
        if let Some(c) = resolve_check(&mut cx, &main, &package, &default_target, None) {
            checks.push(c);
        }
        for extra in e.checks.iter().flatten() {
            let raw = extra.get_ref();
            let fields = check_fields!(raw);
            if fields.kind.is_none() {
                cx.error(extra.span(), "this check has no kind", kinds_help());
                continue;
            }
            if let Some(c) = resolve_check(
                &mut cx,
                &fields,
                &package,
                &default_target,
                exercise_timeout,
            ) {
                checks.push(c);
            }
        }
        exercises.push(Exercise {
            name,
            phase,
            path,
            files,
            hint,
            package,
            checks,
            fails_with,
            fails_mentioning: e.fails_mentioning.as_ref().map(|s| s.get_ref().clone()),
            skip_check_unsolved: e.skip_check_unsolved.unwrap_or(false),
            renamed_from: e.renamed_from.clone().unwrap_or_default(),
            difficulty,
            line: decl_line,
        });
    }

    check_order(&mut cx, &phases, &in_order);
    for (i, span) in phase_spans.into_iter().enumerate() {
        if !raw.exercises.is_empty() && !in_order.iter().any(|o| o.0 == i) {
            cx.error(
                span,
                format!("phase `{}` has no exercises", phases[i].id),
                "add exercises with this phase, or remove the [[phases]] table",
            );
        }
    }

    let mut old_names: HashMap<&str, &str> = HashMap::new();
    for (ex, old) in exercises
        .iter()
        .flat_map(|e| e.renamed_from.iter().map(move |r| (e, r)))
    {
        let src_line_start = text
            .lines()
            .take(ex.line - 1)
            .map(|l| l.len() + 1)
            .sum::<usize>();
        let span = src_line_start..src_line_start + 1;
        if names.contains_key(old) {
            cx.error(
                span,
                format!(
                    "`{}` renames `{old}`, but an exercise of that name still exists",
                    ex.name
                ),
                "an old name must not be a current one",
            );
        } else if let Some(first) = old_names.insert(old, &ex.name) {
            cx.error(
                span,
                format!("`{}` and `{first}` both say they were `{old}`", ex.name),
                "progress recorded under an old name can go to one exercise only: keep it in one renamed_from",
            );
        }
    }

    if !cx.problems.is_empty() {
        return Err(cx.problems);
    }
    Ok(Course {
        root: root.to_path_buf(),
        format: Format::Tutor,
        title: course.title,
        welcome: course.welcome,
        final_message: course.final_message,
        min_hint_parts,
        phases,
        exercises,
    })
}

/// Exercises are listed in curriculum order: phase by phase, in the order of
/// `[[phases]]`. The exercises out of place are those outside a longest run
/// that keeps the order (so one misplaced block is reported, not everything
/// after it), each with where it belongs.
fn check_order(
    cx: &mut Ctx,
    phases: &[Phase],
    seq: &[(usize, std::ops::Range<usize>, usize, String)],
) {
    let n = seq.len();
    // len[i]: the longest ordered run ending at i; prev[i]: the one before i in it.
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if seq[j].0 <= seq[i].0 && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = j;
            }
        }
    }
    let mut kept = vec![false; n];
    let mut at = (0..n).rev().max_by_key(|&i| len[i]);
    while let Some(i) = at {
        kept[i] = true;
        at = (prev[i] != usize::MAX).then_some(prev[i]);
    }
    for (i, (phase, span, _, name)) in seq.iter().enumerate() {
        if kept[i] {
            continue;
        }
        let around = (0..i).rev().chain(i + 1..n).find(|&j| kept[j]);
        let among = around.map_or("other phases", |j| phases[seq[j].0].id.as_str());
        let after = (0..n).rev().find(|&j| kept[j] && seq[j].0 <= *phase);
        let help = match after {
            Some(j) => format!(
                "exercises are listed in curriculum order, phase by phase, in the order of [[phases]]: \
                 move it after `{}` (line {})",
                seq[j].3, seq[j].2
            ),
            None => {
                let first = &seq[kept.iter().position(|&k| k).unwrap_or(0)];
                format!(
                    "exercises are listed in curriculum order, phase by phase, in the order of \
                     [[phases]]: move it before `{}` (line {})",
                    first.3, first.2
                )
            }
        };
        cx.error(
            span.clone(),
            format!(
                "exercise `{name}` of phase `{}` sits among the exercises of phase `{among}`",
                phases[*phase].id
            ),
            help,
        );
    }
}

fn kinds_help() -> String {
    let kinds: Vec<&str> = KINDS.iter().map(|(k, _)| *k).collect();
    format!("add kind = \"...\", one of: {}", kinds.join(", "))
}

fn valid_id(s: &str, dash: bool) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || (dash && c == '-'))
}

fn resolve_hint(cx: &mut Ctx, e: &RawExercise, name: &str) -> Hint {
    let default = format!("hints/{name}.md");
    let (rel, span) = match &e.hint {
        Some(h) => match cx.rel_path(h, "hint") {
            Some(p) => (p, h.span()),
            None => return Hint::File(PathBuf::from(default)),
        },
        None => (PathBuf::from(&default), e.name.span()),
    };
    match std::fs::read_to_string(cx.root.join(&rel)) {
        Ok(text) if hint::parts(&text).is_empty() => cx.error(
            span,
            format!("the hint of `{name}` ({}) is empty", rel.display()),
            "write at least one part: a nudge in the right direction",
        ),
        Ok(_) => {}
        Err(_) => cx.error(
            span,
            format!(
                "the hint of `{name}` is missing: {} does not exist",
                rel.display()
            ),
            format!(
                "create {}, or point `hint` at the right file",
                rel.display()
            ),
        ),
    }
    Hint::File(rel)
}

fn resolve_check(
    cx: &mut Ctx,
    f: &CheckFields,
    package: &Package,
    default_target: &TargetSel,
    default_timeout: Option<f64>,
) -> Option<Check> {
    let kind_s = f.kind.as_ref()?;
    let kind = kind_s.get_ref().as_str();
    let Some((_, allowed)) = KINDS.iter().find(|(k, _)| *k == kind) else {
        let help = match closest(kind, KINDS.iter().map(|(k, _)| *k)) {
            Some(c) => format!("did you mean `{c}`? {}", kinds_help()),
            None => kinds_help(),
        };
        cx.error(kind_s.span(), format!("unknown kind `{kind}`"), help);
        return None;
    };
    let mut ok = true;
    for (field, span) in f.present() {
        if !allowed.contains(&field) {
            let help = if allowed.is_empty() {
                format!("kind `{kind}` takes no fields besides target and timeout; remove it")
            } else {
                format!(
                    "the fields of kind `{kind}` are: {}; remove it",
                    allowed.join(", ")
                )
            };
            cx.error(
                span,
                format!("field `{field}` does not apply to kind `{kind}`"),
                help,
            );
            ok = false;
        }
    }

    let target = match f.target {
        Some(t) => match TargetSel::parse(t.get_ref()) {
            Some(sel) => {
                if !target_exists(package, &sel) {
                    cx.error(
                        t.span(),
                        format!("package `{}` has no target `{}`", package.name, t.get_ref()),
                        format!(
                            "declare it in {} (e.g. a [[bin]] with this name)",
                            package.manifest().display()
                        ),
                    );
                    ok = false;
                }
                sel
            }
            None => {
                cx.error(
                    t.span(),
                    format!("`{}` is not a target", t.get_ref()),
                    "write bin:NAME, test:NAME, bench:NAME, lib or tests",
                );
                return None;
            }
        },
        None => default_target.clone(),
    };
    let timeout_secs = match f.timeout {
        Some(t) if !(*t.get_ref() > 0.0 && *t.get_ref() <= 3600.0) => {
            cx.error(t.span(), "timeout must be between 0 and 3600 seconds", "");
            DEFAULT_TIMEOUT
        }
        Some(t) => *t.get_ref(),
        None => default_timeout.unwrap_or(match kind {
            "qemu" => 5.0,
            "perf" | "bench" => 120.0,
            _ => DEFAULT_TIMEOUT,
        }),
    };
    let strings = |v: &Option<Spanned<Vec<String>>>| {
        v.as_ref().map(|s| s.get_ref().clone()).unwrap_or_default()
    };
    let args = strings(f.args);
    let features = strings(f.features);

    let spec = match kind {
        "test" => {
            let expect_fail = match f.expect {
                Some(x) if x.get_ref() == "fail" => true,
                Some(x) if x.get_ref() == "pass" => false,
                Some(x) => {
                    cx.error(
                        x.span(),
                        format!("expect must be \"pass\" or \"fail\", not `{}`", x.get_ref()),
                        "",
                    );
                    false
                }
                None => false,
            };
            Spec::Test {
                args,
                expect_fail,
                features,
            }
        }
        "run" | "qemu" => {
            let output = expected_output(cx, f, kind)?;
            let exit_code = cx.exit_code(f.exit_code.as_ref());
            if kind == "run" {
                Spec::Run {
                    args,
                    output: Some(output),
                    exit_code,
                    features,
                }
            } else {
                let triple = f
                    .triple
                    .as_ref()
                    .map_or("thumbv7m-none-eabi".into(), |t| t.get_ref().clone());
                Spec::Qemu {
                    output,
                    exit_code,
                    triple,
                }
            }
        }
        "build" => Spec::Build {
            triple: f.triple.as_ref().map(|t| t.get_ref().clone()),
            profile: f.profile.as_ref().map(|t| t.get_ref().clone()),
            features,
        },
        "compile-fail" => {
            if f.target.is_none() {
                cx.error(
                    kind_s.span(),
                    "a compile-fail check needs the target of the misuse program",
                    "add target = \"bin:<name>_cfail1\" (a [[bin]] that includes the learner's file with #[path])",
                );
                return None;
            }
            if f.code.is_none() && f.message.is_none() {
                cx.error(
                    kind_s.span(),
                    "a compile-fail check needs the expected error",
                    "add code = \"E0XXX\" and/or message = \"...\" (and line = N to pin where)",
                );
                return None;
            }
            let line = match f.line {
                Some(l) if *l.get_ref() < 1 => {
                    cx.error(l.span(), "line numbers start at 1", "");
                    None
                }
                Some(l) => Some(*l.get_ref() as usize),
                None => None,
            };
            let file = match f.file {
                Some(p) => Some(cx.existing_file(p, "file")?),
                None => None,
            };
            Spec::CompileFail {
                code: f.code.as_ref().map(|c| c.get_ref().clone()),
                message: f.message.as_ref().map(|c| c.get_ref().clone()),
                line,
                file,
            }
        }
        "ui" => Spec::Ui,
        "mir" | "asm" => {
            let Some(function) = f.function else {
                cx.error(
                    kind_s.span(),
                    format!("a {kind} check needs `function`"),
                    "add function = \"name\"",
                );
                return None;
            };
            let mut pats = |v: &Option<Spanned<Vec<String>>>| -> Vec<Pattern> {
                let Some(list) = v else { return Vec::new() };
                list.get_ref()
                    .iter()
                    .filter_map(|s| match regex_lite::Regex::new(s) {
                        Ok(regex) => Some(Pattern {
                            source: s.clone(),
                            regex,
                        }),
                        Err(e) => {
                            cx.error(
                                list.span(),
                                format!("`{s}` is not a valid regular expression: {e}"),
                                "escape special characters with \\\\ (e.g. \"assert\\\\(\")",
                            );
                            None
                        }
                    })
                    .collect()
            };
            let contains = pats(f.contains);
            let absent = pats(f.absent);
            let in_order = pats(f.in_order);
            if f.contains.is_none() && f.absent.is_none() && f.in_order.is_none() {
                cx.error(
                    kind_s.span(),
                    format!("a {kind} check needs something to check"),
                    "add contains, absent and/or in_order (lists of regular expressions)",
                );
                return None;
            }
            let what = if kind == "mir" { Emit::Mir } else { Emit::Asm };
            let default_profile = if what == Emit::Mir { "dev" } else { "perf" };
            Spec::Emit(EmitSpec {
                what,
                function: function.get_ref().clone(),
                contains,
                absent,
                in_order,
                profile: f
                    .profile
                    .as_ref()
                    .map_or(default_profile.into(), |p| p.get_ref().clone()),
                arch: f
                    .arch
                    .as_ref()
                    .map_or("x86_64".into(), |a| a.get_ref().clone()),
            })
        }
        "perf" => perf_spec(cx, f, kind_s, args, package)?,
        "bench" => {
            let Some(ids) = f.ids else {
                cx.error(
                    kind_s.span(),
                    "a bench check needs `ids`",
                    "add ids = [\"group/name\", ...]",
                );
                return None;
            };
            if !matches!(target, TargetSel::Bench(_)) {
                cx.error(
                    kind_s.span(),
                    "a bench check needs target = \"bench:NAME\"",
                    "",
                );
                return None;
            }
            Spec::Bench {
                ids: ids.get_ref().clone(),
                args,
                profile: f.profile.as_ref().map(|p| p.get_ref().clone()),
            }
        }
        "clippy" => Spec::Clippy {
            triple: f.triple.as_ref().map(|t| t.get_ref().clone()),
        },
        "fmt" => Spec::Fmt,
        "doc" => {
            if package.lib().is_none() {
                cx.error(
                    kind_s.span(),
                    format!("a doc check needs a library, and package `{}` has none", package.name),
                    "doc tests run on a lib target: give the exercise its own package with src/lib.rs",
                );
                return None;
            }
            Spec::Doc
        }
        "wasi" => {
            let output = expected_output(cx, f, kind)?;
            let fixture = match f.fixture {
                Some(d) => {
                    let p = cx.rel_path(d, "fixture")?;
                    if !cx.root.join(&p).is_dir() {
                        cx.error(
                            d.span(),
                            format!("fixture `{}` is not a directory", p.display()),
                            "",
                        );
                        return None;
                    }
                    Some(p)
                }
                None => None,
            };
            Spec::Wasi(Box::new(crate::info::WasiSpec {
                args,
                output,
                stderr: f.stderr.as_ref().map(|s| s.get_ref().clone()),
                exit_code: cx.exit_code(f.exit_code.as_ref()),
                fixture,
                expect_files: f
                    .expect_files
                    .as_ref()
                    .map(|m| m.get_ref().clone())
                    .unwrap_or_default(),
                absent_files: f
                    .absent_files
                    .as_ref()
                    .map(|m| m.get_ref().clone())
                    .unwrap_or_default(),
                profile: f
                    .profile
                    .as_ref()
                    .map_or("wasm".into(), |p| p.get_ref().clone()),
            }))
        }
        "wasm" => {
            let Some(w) = f.wasm else {
                cx.error(
                    kind_s.span(),
                    "a wasm check needs its [exercises.wasm] table",
                    "add [exercises.wasm] with the exports, steps and budget to check (see README.md)",
                );
                return None;
            };
            if let Err(problem) = w.get_ref().validate() {
                cx.error(
                    w.span(),
                    format!("the wasm table is inconsistent: {problem}"),
                    "",
                );
                return None;
            }
            if package.lib().is_none() {
                cx.error(
                    kind_s.span(),
                    format!("a wasm check builds a library, and package `{}` has none", package.name),
                    "give the exercise its own package with src/lib.rs and crate-type = [\"cdylib\"]",
                );
                return None;
            }
            let config = match f.config {
                Some(c) => Some(cx.existing_file(c, "config")?),
                None => None,
            };
            Spec::Wasm {
                spec: Box::new(w.get_ref().clone()),
                profile: f
                    .profile
                    .as_ref()
                    .map_or("wasm".into(), |p| p.get_ref().clone()),
                config,
            }
        }
        _ => unreachable!("kinds are listed in KINDS"),
    };
    ok.then_some(Check {
        target,
        spec,
        timeout: Duration::from_secs_f64(timeout_secs),
    })
}

fn expected_output(cx: &mut Ctx, f: &CheckFields, kind: &str) -> Option<String> {
    match (f.output, f.output_file) {
        (Some(o), None) => Some(o.get_ref().clone()),
        (None, Some(p)) => {
            let path = cx.existing_file(p, "output_file")?;
            match std::fs::read_to_string(cx.root.join(&path)) {
                Ok(s) => Some(s),
                Err(e) => {
                    cx.error(p.span(), format!("cannot read {}: {e}", path.display()), "");
                    None
                }
            }
        }
        (Some(o), Some(_)) => {
            cx.error(o.span(), "give either output or output_file, not both", "");
            None
        }
        (None, None) => {
            let span = f.kind.as_ref().map(|k| k.span()).unwrap_or(0..0);
            cx.error(
                span,
                format!("a {kind} check needs the expected output"),
                "add output = \"...\" or output_file = \"path\"",
            );
            None
        }
    }
}

fn perf_spec(
    cx: &mut Ctx,
    f: &CheckFields,
    kind_s: &Spanned<String>,
    args: Vec<String>,
    package: &Package,
) -> Option<Spec> {
    let Some(measure) = f.measure else {
        cx.error(
            kind_s.span(),
            "a perf check needs `measure`",
            "add measure = \"time\", \"instructions\", \"allocations\" or \"size\"",
        );
        return None;
    };
    let needs = |cx: &mut Ctx, present: bool, what: &str| {
        if !present {
            cx.error(
                measure.span(),
                format!("measure = \"{}\" needs {what}", measure.get_ref()),
                "",
            );
        }
        present
    };
    let profile = |default: &str| {
        f.profile
            .as_ref()
            .map_or(default.to_string(), |p| p.get_ref().clone())
    };
    let spec = match measure.get_ref().as_str() {
        m @ ("time" | "instructions") => {
            let ratio = f.min_ratio.as_ref().map(|r| *r.get_ref());
            if !needs(
                cx,
                ratio.is_some_and(|r| r > 0.0),
                "min_ratio (a positive number)",
            ) {
                return None;
            }
            PerfSpec::Ratio {
                instructions: m == "instructions",
                min_ratio: ratio.unwrap(),
                args,
                profile: profile("perf"),
            }
        }
        "allocations" => {
            if !needs(
                cx,
                f.max_blocks.is_some() || f.max_bytes.is_some(),
                "max_blocks and/or max_bytes",
            ) {
                return None;
            }
            PerfSpec::Allocations {
                max_blocks: cx.non_negative(f.max_blocks.as_ref(), "max_blocks"),
                max_bytes: cx.non_negative(f.max_bytes.as_ref(), "max_bytes"),
                args,
                profile: profile("dev"),
            }
        }
        "size" => {
            let baseline = match (f.baseline, f.max_fraction) {
                (Some(_), Some(frac)) if !(*frac.get_ref() > 0.0 && *frac.get_ref() <= 1.0) => {
                    cx.error(
                        frac.span(),
                        "max_fraction must be more than 0 and at most 1",
                        "it is the largest allowed size as a fraction of the baseline's, e.g. 0.5 for half",
                    );
                    return None;
                }
                (Some(b), Some(frac)) => match TargetSel::parse(b.get_ref()) {
                    Some(sel) if target_exists(package, &sel) => Some((sel, *frac.get_ref())),
                    _ => {
                        cx.error(
                            b.span(),
                            format!("`{}` is not a target of this package", b.get_ref()),
                            "",
                        );
                        return None;
                    }
                },
                (None, None) => None,
                _ => {
                    let span = f
                        .baseline
                        .as_ref()
                        .or(f.max_fraction.as_ref().map(|_| kind_s))
                        .unwrap()
                        .span();
                    cx.error(span, "baseline and max_fraction go together", "");
                    return None;
                }
            };
            if !needs(
                cx,
                baseline.is_some() || f.max_bytes.is_some(),
                "max_bytes, or baseline with max_fraction",
            ) {
                return None;
            }
            let config = match f.config {
                Some(c) => Some(cx.existing_file(c, "config")?),
                None => None,
            };
            PerfSpec::Size {
                profile: profile("release"),
                config,
                max_bytes: cx.non_negative(f.max_bytes.as_ref(), "max_bytes"),
                baseline,
            }
        }
        other => {
            cx.error(
                measure.span(),
                format!("unknown measure `{other}`"),
                "use time, instructions, allocations or size",
            );
            return None;
        }
    };
    Some(Spec::Perf(spec))
}

fn target_exists(package: &Package, sel: &TargetSel) -> bool {
    match sel {
        TargetSel::Bin(n) => package.target(TargetKind::Bin, n).is_some(),
        TargetSel::Test(n) => package.target(TargetKind::Test, n).is_some(),
        TargetSel::Bench(n) => package.target(TargetKind::Bench, n).is_some(),
        TargetSel::Lib => package.lib().is_some(),
        TargetSel::Tests => true,
    }
}
