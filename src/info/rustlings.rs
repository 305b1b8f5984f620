//! rustlings 6 packs: `info.toml` with `format_version = 1` and `[[exercises]]`
//! tables (`name`, `dir`, `test`, `strict_clippy`, `hint`, `skip_check_unsolved`),
//! exercises in `exercises/<dir>/<name>.rs` built as bins of one package.
//! Phases come from the `dir`s, in order of first appearance.
//!
//! A rustlings exercise passes when its tests pass (`test = true`) or its
//! program exits with 0 (`test = false`), and clippy is clean with `-D
//! warnings` where `strict_clippy` is set. `rustlings run` also runs the empty
//! `main` of test exercises; the benchmark checks both give the same verdict
//! on every exercise of the official pack, solved and unsolved.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use super::{Check, Course, Exercise, Format, Hint, Phase, Spec, TargetSel};
use crate::diag::{Located, Problems};
use crate::manifest::{Packages, TargetKind};

/// Seconds a rustlings exercise may run.
const TIMEOUT: f64 = 10.0;

/// A rustlings pack has no `[course]` table and no `[[phases]]` (decided from
/// the table headers, without parsing the file twice).
pub(super) fn looks_like(text: &str) -> bool {
    !text.lines().map(str::trim_start).any(|l| {
        l.starts_with("[course]")
            || l.starts_with("[[phases]]")
            || l.starts_with("course")
            || l.starts_with("phases")
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInfo {
    format_version: Spanned<i64>,
    welcome_message: Option<String>,
    final_message: Option<String>,
    exercises: Vec<Spanned<RawExercise>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExercise {
    name: Spanned<String>,
    dir: Option<String>,
    #[serde(default = "yes")]
    test: bool,
    #[serde(default)]
    strict_clippy: bool,
    hint: Option<String>,
    #[serde(default)]
    skip_check_unsolved: bool,
}

fn yes() -> bool {
    true
}

pub(super) fn load(root: &Path, info: &Path, text: &str) -> Result<Course, Problems> {
    let raw: RawInfo = toml::from_str(text).map_err(|e| {
        Problems(vec![Located::at(info, text, e.span().unwrap_or(0..0), e.message().trim()).help(
            "this looks like a rustlings pack (no [course] table); see rustlings' info.toml format, \
             or add [course] and [[phases]] for the tutor's format (README.md)",
        )])
    })?;
    let mut problems = Problems::default();
    if *raw.format_version.get_ref() != 1 {
        problems.push(
            Located::at(
                info,
                text,
                raw.format_version.span(),
                "unsupported rustlings format_version",
            )
            .help("the tutor reads rustlings 6 packs (format_version = 1)"),
        );
    }
    let mut packages = Packages::default();
    let mut phases: Vec<Phase> = Vec::new();
    let mut phase_of_dir: HashMap<String, usize> = HashMap::new();
    let mut seen: HashMap<String, ()> = HashMap::new();
    let mut exercises = Vec::new();
    for spanned in &raw.exercises {
        let e = spanned.get_ref();
        let name = e.name.get_ref().clone();
        let line = text[..spanned.span().start].matches('\n').count() + 1;
        if seen.insert(name.clone(), ()).is_some() {
            problems.push(
                Located::at(
                    info,
                    text,
                    e.name.span(),
                    format!("exercise `{name}` is declared twice"),
                )
                .help("names must be unique"),
            );
            continue;
        }
        let dir = e.dir.clone().unwrap_or_default();
        let path: PathBuf = if dir.is_empty() {
            Path::new("exercises").join(format!("{name}.rs"))
        } else {
            Path::new("exercises").join(&dir).join(format!("{name}.rs"))
        };
        if !root.join(&path).is_file() {
            problems.push(
                Located::at(
                    info,
                    text,
                    e.name.span(),
                    format!("{} does not exist", path.display()),
                )
                .help("a rustlings exercise lives in exercises/<dir>/<name>.rs"),
            );
            continue;
        }
        let phase_id = if dir.is_empty() {
            "exercises".to_string()
        } else {
            dir.clone()
        };
        let phase = *phase_of_dir.entry(phase_id.clone()).or_insert_with(|| {
            phases.push(Phase {
                id: phase_id.clone(),
                title: phase_title(&phase_id),
                intro: None,
            });
            phases.len() - 1
        });
        let package = match packages.owner_of(root, &path) {
            Ok(p) => p,
            Err(err) => {
                problems.push(err);
                continue;
            }
        };
        let bin = match package.target_for_path(&path) {
            Some(t) if t.kind == TargetKind::Bin => t.name.clone(),
            _ => {
                problems.push(
                    Located::at(
                        info,
                        text,
                        e.name.span(),
                        format!("{} is not a bin of Cargo.toml", path.display()),
                    )
                    .help("rustlings packs list every exercise in Cargo.toml's `bin` array"),
                );
                continue;
            }
        };
        let timeout = Duration::from_secs_f64(TIMEOUT);
        let target = TargetSel::Bin(bin);
        // Tests for a test exercise, the program's exit code otherwise
        // (rustlings also runs the `main` of a test exercise; it is empty in
        // its exercises, and skipping it saves a build per verdict), then
        // clippy where it is strict.
        let spec = if e.test {
            Spec::Test {
                args: Vec::new(),
                expect_fail: false,
                features: Vec::new(),
            }
        } else {
            Spec::Run {
                args: Vec::new(),
                output: None,
                exit_code: 0,
                features: Vec::new(),
            }
        };
        let mut checks = vec![Check {
            target: target.clone(),
            spec,
            timeout,
        }];
        if e.strict_clippy {
            checks.push(Check {
                target,
                spec: Spec::Clippy { triple: None },
                timeout,
            });
        }
        exercises.push(Exercise {
            name,
            phase,
            path,
            files: Vec::new(),
            hint: Hint::Inline(e.hint.clone().unwrap_or_default()),
            package,
            checks,
            fails_with: None,
            fails_mentioning: None,
            skip_check_unsolved: e.skip_check_unsolved,
            renamed_from: Vec::new(),
            difficulty: None,
            line,
        });
    }
    if raw.exercises.is_empty() {
        problems.push(
            Located::at(info, text, 0..0, "the pack has no exercises")
                .help("add [[exercises]] tables with `name` (and `dir`)"),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Course {
        root: root.to_path_buf(),
        format: Format::Rustlings,
        title: "rustlings".into(),
        welcome: raw.welcome_message,
        final_message: raw.final_message,
        min_hint_parts: 1,
        phases,
        exercises,
    })
}

/// `00_intro` → `intro`, `13_error_handling` → `error handling`.
fn phase_title(dir: &str) -> String {
    let rest = dir
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches('_');
    let rest = if rest.is_empty() { dir } else { rest };
    rest.replace('_', " ")
}
