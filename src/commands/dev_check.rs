//! `tutor dev check`: proves the course. Every exercise must fail as shipped,
//! for the reason its `info.toml` entry declares, and pass with its solution.
//!
//! Both passes run in a scratch copy of the course with a target directory of
//! its own (`<target>/tutor/dev-check/`): the instructor's files are never
//! modified, and the course's own build directory is never touched. This
//! matters: cargo identifies a workspace member by its path *relative to the
//! workspace root*, so two copies of a course sharing a target directory would
//! share build units, and a build in one copy could look fresh in the other.
//! Switching the copy from shipped files to solutions rewrites the files that
//! differ (new modification times), so cargo rebuilds exactly those; files
//! that do not change keep their times, so a second `dev check` is warm.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use super::{FAILED, default_jobs, parallel, spinner};
use crate::cli::DevCheckArgs;
use crate::info::{Check, Course, Exercise, Format, Spec, TargetSel};
use crate::manifest::TargetKind;
use crate::runner::cargo::Cargo;
use crate::runner::{RunEvent, Runner, libtest};
use crate::toolchain::Toolchain;
use crate::verdict::{Outcome, Verdict};
use crate::{report, shipped, style};

pub fn run(course: &Course, args: &DevCheckArgs) -> Result<ExitCode> {
    let start = Instant::now();
    let mut problems: Vec<String> = tree_problems(course);
    problems.extend(shipped::lock_problems(course));
    let mut warnings: Vec<String> = Vec::new();
    let stale = shipped::stale_embedded(course);
    if !stale.is_empty() {
        warnings.push(format!(
            "the tutor binary embeds an older copy of {} file(s) (e.g. {}); `tutor reset` would restore it. \
             Rebuild the tutor after `touch shipped.lock`",
            stale.len(),
            stale[0]
        ));
    }

    let selected = select(course, args)?;
    let exercises: Vec<&Exercise> = selected.iter().map(|&i| &course.exercises[i]).collect();
    let jobs = args.jobs.unwrap_or_else(default_jobs);
    let color = style::enabled();
    let tools = Arc::new(Toolchain::new(&course.root));
    let base = Cargo::default_target_dir(&course.root).join("dev-check");
    let _lock = lock(&base)?;
    let scratch = base.join("course");
    let scratch_target = base.join("target");

    // 1. As shipped.
    sync_scratch(course, &scratch, &[]).context("preparing the scratch copy of the course")?;
    let shipped_runner = Runner::new(
        scratch.clone(),
        super::cargo_for(course, scratch_target.clone(), color),
        tools.clone(),
    );
    let shipped = check_all(&shipped_runner, &exercises, jobs, "as shipped")?;

    // 2. With the solutions in place.
    sync_scratch(course, &scratch, &exercises)
        .context("putting the solutions in the scratch copy")?;
    let solved_runner = Runner::new(
        scratch,
        super::cargo_for(course, scratch_target, color),
        tools.clone(),
    );
    let solved = check_all(&solved_runner, &exercises, jobs, "with solutions")?;

    // 3. Optionally clippy on the solutions.
    let mut lint: Vec<Option<Verdict>> = vec![None; exercises.len()];
    if args.clippy {
        let pb = spinner();
        for (i, ex) in exercises.iter().enumerate() {
            pb.set_message(format!("clippy on the solution of {}", ex.name));
            // Lint what the exercise builds, for the platform it builds for.
            let main = ex
                .checks
                .iter()
                .find(|c| {
                    matches!(
                        c.spec,
                        Spec::Qemu { .. }
                            | Spec::Build {
                                triple: Some(_),
                                ..
                            }
                    )
                })
                .unwrap_or(&ex.checks[0]);
            let triple = match &main.spec {
                Spec::Qemu { triple, .. }
                | Spec::Build {
                    triple: Some(triple),
                    ..
                } => Some(triple.clone()),
                _ => None,
            };
            let mut e = (*ex).clone();
            e.checks = vec![Check {
                target: main.target.clone(),
                spec: Spec::Clippy { triple },
                timeout: main.timeout,
            }];
            lint[i] = Some(solved_runner.check(&e, &mut |_| {})?);
        }
        pb.finish_and_clear();
    }

    let mut blocked = 0;
    for (i, ex) in exercises.iter().enumerate() {
        let (s, v) = (&shipped[i], &solved[i]);
        let mut mine = Vec::new();
        if s.is_blocked() || v.is_blocked() {
            blocked += 1;
            let b = if s.is_blocked() { s } else { v };
            mine.push(format!("cannot be verified here: {}", b.outcome.headline()));
        } else {
            if let Some(p) = shipped_problem(ex, s) {
                mine.push(p);
            }
            if !v.is_pass() {
                mine.push(format!(
                    "does not pass with its solution: {}\n{}",
                    v.outcome.headline(),
                    indent(&report::details(&v.outcome))
                ));
            }
        }
        if let Some(l) = &lint[i]
            && !l.is_pass()
        {
            mine.push(format!(
                "its solution is not clippy-clean:\n{}",
                indent(&report::details(&l.outcome))
            ));
        }
        if mine.is_empty() {
            let how = match &s.outcome {
                Outcome::Passed => "passes as shipped (allowed)".to_string(),
                o => format!("fails as shipped ({})", o.kind()),
            };
            println!(
                "{} {:30} {how}, passes with its solution",
                style::green("✓"),
                ex.name
            );
        } else {
            println!("{} {}", style::red("✗"), ex.name);
            for m in &mine {
                println!("    {}", m.replace('\n', "\n    "));
            }
            problems.extend(
                mine.into_iter()
                    .map(|m| format!("{}: {}", ex.name, first_line(&m))),
            );
        }
    }

    println!();
    for w in &warnings {
        println!("{} {w}", style::yellow("warning:"));
    }
    let secs = start.elapsed().as_secs_f64();
    if problems.is_empty() {
        println!(
            "{} {} exercises proven in {secs:.1} s",
            style::green("ok:"),
            exercises.len()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        println!(
            "{} {} problem(s) in {secs:.1} s:",
            style::red("failed:"),
            problems.len()
        );
        for p in &problems {
            println!("  - {p}");
        }
        if blocked > 0 {
            println!(
                "({blocked} exercise(s) need tools this machine lacks: `tutor doctor` lists them)"
            );
        }
        Ok(ExitCode::from(FAILED))
    }
}

/// One `dev check` at a time per course: they share the scratch copy.
fn lock(base: &Path) -> Result<std::fs::File> {
    std::fs::create_dir_all(base).with_context(|| format!("creating {}", base.display()))?;
    let path = base.join("lock");
    let f = std::fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))?;
    if f.try_lock().is_err() {
        eprintln!("waiting for another `tutor dev check` of this course to finish...");
        f.lock()
            .with_context(|| format!("locking {}", path.display()))?;
    }
    Ok(f)
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

fn indent(s: &str) -> String {
    s.trim_end()
        .lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn select(course: &Course, args: &DevCheckArgs) -> Result<Vec<usize>> {
    for p in &args.phase {
        if !course.phases.iter().any(|x| x.id == *p) {
            let ids: Vec<&str> = course.phases.iter().map(|p| p.id.as_str()).collect();
            bail!(
                "there is no phase `{p}`; the phases are: {}",
                ids.join(", ")
            );
        }
    }
    let mut v = Vec::new();
    for n in &args.names {
        v.push(super::find_exercise(course, n)?);
    }
    for (i, ex) in course.exercises.iter().enumerate() {
        if args.phase.iter().any(|p| course.phases[ex.phase].id == *p) && !v.contains(&i) {
            v.push(i);
        }
    }
    if args.phase.is_empty() && args.names.is_empty() {
        v = (0..course.exercises.len()).collect();
    }
    v.sort_unstable();
    Ok(v)
}

fn check_all(
    runner: &Runner,
    exercises: &[&Exercise],
    jobs: usize,
    label: &str,
) -> Result<Vec<Verdict>> {
    let pb = spinner();
    pb.set_message(format!("building ({label})"));
    runner.prebuild(exercises, &mut |e| super::run::show_event(&pb, &e))?;
    pb.finish_and_clear();
    let bar = if std::io::stderr().is_terminal() {
        let b = indicatif::ProgressBar::new(exercises.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
                .expect("valid template"),
        );
        b.set_message(label.to_string());
        b
    } else {
        indicatif::ProgressBar::hidden()
    };
    let out = parallel(exercises, jobs, |ex| {
        let v = runner.check(ex, &mut |e: RunEvent| {
            if let RunEvent::Step(s) = e {
                bar.set_message(format!("{label}: {} — {s}", ex.name));
            }
        });
        bar.inc(1);
        v
    });
    bar.finish_and_clear();
    out.into_iter().collect()
}

/// Why the shipped verdict is not what the exercise declares, if it is not.
fn shipped_problem(ex: &Exercise, v: &Verdict) -> Option<String> {
    if ex.skip_check_unsolved {
        return None;
    }
    if v.is_pass() {
        return Some("passes as shipped: the learner would have nothing to do".into());
    }
    if let Some(want) = ex.fails_with
        && v.outcome.kind() != want
    {
        return Some(format!(
            "fails as shipped, but with {} instead of the declared {want}: {}\n{}",
            v.outcome.kind(),
            v.outcome.headline(),
            indent(&report::details(&v.outcome))
        ));
    }
    if let Some(text) = &ex.fails_mentioning {
        let said = libtest::strip_ansi(&report::everything(&v.outcome));
        if !said.contains(text.as_str()) {
            return Some(format!(
                "fails as shipped ({}), but its failure does not mention \"{text}\": {}\n{}",
                v.outcome.kind(),
                v.outcome.headline(),
                indent(&report::details(&v.outcome))
            ));
        }
    }
    None
}

/// Problems with the files around `info.toml`: solutions, hint parts, strays.
fn tree_problems(course: &Course) -> Vec<String> {
    let mut problems = Vec::new();
    if course.format == Format::Rustlings {
        for ex in &course.exercises {
            if !course.root.join(Exercise::solution_of(&ex.path)).is_file() {
                problems.push(format!(
                    "{}: no solution at {}",
                    ex.name,
                    Exercise::solution_of(&ex.path).display()
                ));
            }
        }
        return problems;
    }
    let mut expected_solutions = BTreeSet::new();
    let mut hint_files = BTreeSet::new();
    for ex in &course.exercises {
        let sol = Exercise::solution_of(&ex.path);
        if !course.root.join(&sol).is_file() {
            problems.push(format!("{}: no solution at {}", ex.name, sol.display()));
        }
        for f in ex.learner_files() {
            expected_solutions.insert(Exercise::solution_of(f));
        }
        if let crate::info::Hint::File(h) = &ex.hint {
            hint_files.insert(h.clone());
            if let Ok(text) = std::fs::read_to_string(course.root.join(h)) {
                let n = crate::hint::parts(&text).len();
                if n < course.min_hint_parts {
                    problems.push(format!(
                        "{}: its hint has {n} part(s); this course asks for at least {} (separate parts with a `---` line)",
                        ex.name, course.min_hint_parts
                    ));
                }
            }
        }
    }
    for f in files_under(&course.root, Path::new("solutions")) {
        if !expected_solutions.contains(&f) {
            problems.push(format!(
                "{}: a solution without an exercise file (stray)",
                f.display()
            ));
        }
    }
    for f in files_under(&course.root, Path::new("hints")) {
        if !hint_files.contains(&f) {
            problems.push(format!("{}: a hint no exercise uses (stray)", f.display()));
        }
    }
    // Bins of exercise packages that no exercise and no check uses.
    let mut used: BTreeSet<(String, String)> = BTreeSet::new();
    let mut packages = std::collections::BTreeMap::new();
    for ex in &course.exercises {
        for c in &ex.checks {
            if let TargetSel::Bin(n) = &c.target {
                used.insert((ex.package.name.clone(), n.clone()));
            }
            if let Spec::Perf(crate::info::PerfSpec::Size {
                baseline: Some((TargetSel::Bin(n), _)),
                ..
            }) = &c.spec
            {
                used.insert((ex.package.name.clone(), n.clone()));
            }
        }
        // The learner's own files are targets too, even when the checks
        // build a harness that includes them.
        for f in ex.learner_files() {
            if let Some(t) = ex.package.target_for_path(f) {
                used.insert((ex.package.name.clone(), t.name.clone()));
            }
        }
        packages.insert(ex.package.name.clone(), ex.package.clone());
    }
    for pkg in packages.values() {
        for t in pkg.targets.iter().filter(|t| t.kind == TargetKind::Bin) {
            if !used.contains(&(pkg.name.clone(), t.name.clone())) {
                problems.push(format!(
                    "{}: bin `{}` ({}) is not used by any exercise or check (stray)",
                    pkg.manifest().display(),
                    t.name,
                    t.path.display()
                ));
            }
        }
    }
    problems
}

fn files_under(root: &Path, rel: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(root.join(rel)) else {
        return out;
    };
    for e in entries.flatten() {
        let rel = rel.join(e.file_name());
        match e.file_type() {
            Ok(t) if t.is_dir() => out.extend(files_under(root, &rel)),
            Ok(t) if t.is_file() => out.push(rel),
            _ => {}
        }
    }
    out
}

/// Makes `scratch` a copy of the course, with the solutions of `solved` in
/// place of their exercise files. Files
/// whose content is already right are left alone, so cargo's fingerprints
/// stay valid and a second `dev check` rebuilds only what changed.
fn sync_scratch(course: &Course, scratch: &Path, solved: &[&Exercise]) -> Result<()> {
    std::fs::create_dir_all(scratch)?;
    let scratch = scratch.canonicalize()?;
    // The solution of each learner file replaces it.
    let mut overlay: std::collections::BTreeMap<PathBuf, Vec<u8>> =
        std::collections::BTreeMap::new();
    for ex in solved {
        for f in ex.learner_files() {
            if let Ok(content) = std::fs::read(course.root.join(Exercise::solution_of(f))) {
                overlay.insert(f.clone(), content);
            }
        }
    }
    let mut wanted: BTreeSet<PathBuf> = BTreeSet::new();
    let skip = |rel: &Path| {
        rel.components().any(|c| {
            let c = c.as_os_str();
            c == "target" || c == ".git" || c == crate::progress::STATE_DIR
        })
    };
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let abs = course.root.join(&rel);
        if abs.canonicalize().is_ok_and(|a| a == scratch) {
            continue;
        }
        for e in std::fs::read_dir(&abs)
            .with_context(|| format!("reading {}", abs.display()))?
            .flatten()
        {
            let r = rel.join(e.file_name());
            if skip(&r) {
                continue;
            }
            let ty = e.file_type()?;
            if ty.is_dir() {
                stack.push(r);
            } else if ty.is_file() {
                match overlay.get(&r) {
                    Some(content) => put(&scratch.join(&r), content)?,
                    None => put(&scratch.join(&r), &std::fs::read(e.path())?)?,
                }
                wanted.insert(r);
            }
        }
    }
    // Files removed from the course go from the copy too.
    for f in files_under(&scratch, Path::new("")) {
        if !wanted.contains(&f) && !skip(&f) {
            let _ = std::fs::remove_file(scratch.join(&f));
        }
    }
    Ok(())
}

fn put(path: &Path, content: &[u8]) -> Result<()> {
    if std::fs::read(path).is_ok_and(|c| c == content) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, content).with_context(|| format!("writing {}", path.display()))
}
