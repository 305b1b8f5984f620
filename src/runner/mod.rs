//! The only code that knows the command lines of cargo, of the programs it
//! builds, of QEMU and of the wasm runtime. A [`Runner`] checks one exercise:
//! it runs the exercise's checks in order, each building what it needs and
//! running it with limits, and returns a typed [`Verdict`].
//!
//! For many exercises at once (`verify --all`, `dev check`), [`Runner::prebuild`]
//! first builds every target of a package in one cargo call with
//! `--keep-going`; the checks then find their builds in a cache.

pub mod annot;
pub mod cargo;
mod checks;
mod failcache;
pub mod libtest;
pub mod process;
pub mod textdiff;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::Result;

use self::cargo::{Artifact, BuildEvent, BuildOutput, BuildReq, Cargo, Mode};
use self::failcache::FailCache;
use crate::info::{Exercise, TargetSel};
use crate::toolchain::Toolchain;
use crate::verdict::{Diagnostic, Outcome, Verdict};

/// Progress while a check runs.
#[derive(Debug, Clone)]
pub enum RunEvent {
    /// A step begins: "building", "running the tests", "running in QEMU".
    Step(String),
    Build(BuildEvent),
}

/// How the runner reports progress.
pub type Observer<'a> = &'a mut dyn FnMut(RunEvent);

/// Checks exercises of one course directory (the learner's, or a scratch copy
/// with the solutions in place).
pub struct Runner {
    /// Where cargo runs: the course root or a scratch copy of it.
    pub root: PathBuf,
    pub cargo: Cargo,
    pub color: bool,
    pub tools: Arc<Toolchain>,
    /// Set to stop the current run (a newer save arrived).
    pub cancel: Option<Arc<AtomicBool>>,
    cache: Mutex<HashMap<BuildReq, Arc<BuildOutput>>>,
}

/// The result of one check: it passed (with a line for the learner), or the
/// exercise's outcome is decided.
pub(crate) enum Step {
    Pass(String),
    Fail(Outcome),
}

impl Runner {
    pub fn new(root: PathBuf, cargo: Cargo, tools: Arc<Toolchain>) -> Self {
        let color = cargo.color;
        Runner {
            root,
            cargo,
            color,
            tools,
            cancel: None,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// Checks one exercise: every check in order, until one fails.
    pub fn check(&self, ex: &Exercise, on: Observer) -> Result<Verdict> {
        let start = Instant::now();
        let mut passed = Vec::new();
        let mut warnings = Vec::new();
        let mut outcome = Outcome::Passed;
        for check in &ex.checks {
            match checks::run(self, ex, check, on, &mut warnings)? {
                Step::Pass(line) => passed.push(line),
                Step::Fail(o) => {
                    outcome = o;
                    break;
                }
            }
        }
        Ok(Verdict {
            exercise: ex.name.clone(),
            outcome,
            passed,
            warnings,
            elapsed: start.elapsed(),
        })
    }

    /// Builds the exercise's package dependencies and the exercise itself
    /// ahead of time (the learner's first verdict in a phase is then quick).
    /// Failures are expected: the exercise does not compile yet.
    pub fn warm(&self, ex: &Exercise, on: Observer) -> Result<()> {
        if let Some(check) = ex.checks.first()
            && let Some(req) = checks::planned_builds(self, ex, check).into_iter().next()
        {
            on(RunEvent::Step(format!("preparing {}", ex.name)));
            self.cargo
                .build(&self.root, &req, self.cancel.clone(), &mut |e| {
                    on(RunEvent::Build(e))
                })?;
        }
        Ok(())
    }

    /// Builds, one cargo call per package and mode, the targets the checks of
    /// `exercises` will need, so that `check` finds them built.
    pub fn prebuild(&self, exercises: &[&Exercise], on: Observer) -> Result<()> {
        let mut groups: BTreeMap<String, (BuildReq, Vec<BuildReq>)> = BTreeMap::new();
        let mut dep_free: HashMap<String, bool> = HashMap::new();
        for ex in exercises {
            dep_free.insert(ex.package.name.clone(), !ex.package.has_dependencies);
            for check in &ex.checks {
                for req in checks::planned_builds(self, ex, check) {
                    let batchable = req.targets.len() == 1
                        && matches!(req.targets[0], TargetSel::Bin(_) | TargetSel::Test(_))
                        && matches!(req.mode, Mode::Build | Mode::Test);
                    if !batchable {
                        continue;
                    }
                    let mut key = req.clone();
                    key.targets.clear();
                    let (_, singles) = groups
                        .entry(format!("{key:?}"))
                        .or_insert_with(|| (key, Vec::new()));
                    if !singles.contains(&req) {
                        singles.push(req);
                    }
                }
            }
        }
        let mut fails = FailCache::load(&self.root, &self.cargo.target_dir, &self.cargo.config);
        for (_, (batch, singles)) in groups {
            // Failures remembered for these very inputs need no rustc.
            let mut todo = Vec::new();
            for single in singles {
                match fails.get(&single) {
                    Some(out) => self.remember(single, out),
                    None => todo.push(single),
                }
            }
            if todo.is_empty() {
                continue;
            }
            on(RunEvent::Step(format!(
                "building {} targets of {}",
                todo.len(),
                batch.package
            )));
            let cheap_check = dep_free.get(&batch.package).copied().unwrap_or(false);
            self.batch(batch, todo, cheap_check, &mut fails, on)?;
        }
        fails.save();
        Ok(())
    }

    /// Builds the targets of `todo` (same package, mode and settings) in as
    /// few cargo calls as it takes, and caches each one's result.
    ///
    /// Plain builds: one `cargo build --keep-going`. Test harnesses: first one
    /// exact `cargo test --no-run`, which is all it takes when they compile;
    /// it stops at the first that does not. Then, in a package without
    /// dependencies, `cargo check --profile test --keep-going` finds cheaply
    /// which ones fail (no code generation, no linking) and the others are
    /// built exactly; elsewhere `cargo build --tests --keep-going` builds
    /// every test target of the package.
    fn batch(
        &self,
        mut batch: BuildReq,
        todo: Vec<BuildReq>,
        cheap_check: bool,
        fails: &mut FailCache,
        on: Observer,
    ) -> Result<()> {
        let test = batch.mode == Mode::Test;
        let targets = |reqs: &[BuildReq]| {
            reqs.iter()
                .map(|r| r.targets[0].clone())
                .collect::<Vec<_>>()
        };
        batch.targets = targets(&todo);
        batch.keep_going = !test;
        let mut out = self.cargo_build(&batch, on)?;
        if test && !out.success && out.stopped.is_none() {
            if cheap_check {
                let mut check = batch.clone();
                check.mode = Mode::Check { tests: true };
                check.keep_going = true;
                let checked = self.cargo_build(&check, on)?;
                if checked.stopped.is_some() {
                    return Ok(());
                }
                let mut compiles = Vec::new();
                for single in todo {
                    let part = split(&checked, &single.targets[0], false, &check.targets);
                    let failed = part.diagnostics.iter().any(|(_, d)| d.is_error());
                    if failed {
                        fails.remember(&single, &part);
                        self.remember(single, part);
                    } else {
                        compiles.push(single);
                    }
                }
                if compiles.is_empty() {
                    return Ok(());
                }
                batch.targets = targets(&compiles);
                out = self.cargo_build(&batch, on)?;
                if !out.success && out.stopped.is_none() {
                    batch.keep_going = true;
                    out = self.cargo_build(&batch, on)?;
                }
                return self.keep(&out, &batch, compiles, fails);
            }
            batch.keep_going = true;
            out = self.cargo_build(&batch, on)?;
        }
        self.keep(&out, &batch, todo, fails)
    }

    /// Caches each target's part of a batched build.
    fn keep(
        &self,
        out: &BuildOutput,
        batch: &BuildReq,
        singles: Vec<BuildReq>,
        fails: &mut FailCache,
    ) -> Result<()> {
        if out.stopped.is_some() || (out.artifacts.is_empty() && out.diagnostics.is_empty()) {
            // Stopped, or cargo failed before compiling anything: the checks
            // will build one by one and report what happens.
            return Ok(());
        }
        let test = batch.mode == Mode::Test;
        for single in singles {
            let part = split(out, &single.targets[0], test, &batch.targets);
            fails.remember(&single, &part);
            self.remember(single, part);
        }
        Ok(())
    }

    fn remember(&self, req: BuildReq, out: BuildOutput) {
        self.cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(req, Arc::new(out));
    }

    fn cargo_build(&self, req: &BuildReq, on: Observer) -> Result<BuildOutput> {
        Ok(self
            .cargo
            .build(&self.root, req, self.cancel.clone(), &mut |e| {
                on(RunEvent::Build(e))
            })?)
    }

    /// Builds `req`, or takes it from the prebuilt cache.
    pub(crate) fn build(&self, req: &BuildReq, on: Observer) -> Result<Arc<BuildOutput>> {
        if let Some(hit) = self
            .cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(req)
        {
            return Ok(hit.clone());
        }
        self.build_uncached(req, on)
    }

    /// Builds `req` with cargo, whatever was prebuilt.
    pub(crate) fn build_uncached(&self, req: &BuildReq, on: Observer) -> Result<Arc<BuildOutput>> {
        on(RunEvent::Step(format!(
            "building {}",
            describe_targets(&req.targets)
        )));
        let out = self
            .cargo
            .build(&self.root, req, self.cancel.clone(), &mut |e| {
                on(RunEvent::Build(e))
            })?;
        Ok(Arc::new(out))
    }

    /// Forget prebuilt results (files changed).
    pub fn clear_cache(&self) {
        self.cache.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// Directory for files the checks write (emitted MIR and assembly).
    pub(crate) fn scratch_dir(&self) -> PathBuf {
        self.cargo.target_dir.join("tutor-scratch")
    }

    pub(crate) fn abs(&self, rel: &Path) -> PathBuf {
        self.root.join(rel)
    }
}

fn describe_targets(targets: &[TargetSel]) -> String {
    let names: Vec<String> = targets
        .iter()
        .map(|t| match t {
            TargetSel::Bin(n) | TargetSel::Test(n) | TargetSel::Bench(n) => n.clone(),
            other => other.to_string(),
        })
        .collect();
    names.join(", ")
}

/// The part of a batched build that concerns one target.
fn split(out: &BuildOutput, target: &TargetSel, test: bool, all: &[TargetSel]) -> BuildOutput {
    let name = match target {
        TargetSel::Bin(n) | TargetSel::Test(n) | TargetSel::Bench(n) => n.as_str(),
        _ => "",
    };
    let artifacts: Vec<Artifact> = out
        .artifacts
        .iter()
        .filter(|a| a.matches(target, test))
        .cloned()
        .collect();
    let own: Vec<(String, Diagnostic)> = out
        .diagnostics
        .iter()
        .filter(|(t, _)| t == name)
        .cloned()
        .collect();
    let success = !artifacts.is_empty() && !own.iter().any(|(_, d)| d.is_error());
    let mut diagnostics = own;
    if !success && !diagnostics.iter().any(|(_, d)| d.is_error()) {
        // Nothing of its own went wrong: a dependency did (a path dependency of
        // the package, or a build script). Show those errors.
        let batched = |t: &str| {
            all.iter()
                .any(|s| describe_targets(std::slice::from_ref(s)) == t)
        };
        diagnostics.extend(
            out.diagnostics
                .iter()
                .filter(|(t, d)| d.is_error() && !batched(t))
                .cloned(),
        );
    }
    BuildOutput {
        success,
        artifacts,
        diagnostics,
        stderr: if success {
            String::new()
        } else {
            out.stderr.clone()
        },
        stopped: None,
        elapsed: out.elapsed,
        command: out.command.clone(),
    }
}

/// The kind of each check, for `dev` commands and messages.
pub fn kinds(ex: &Exercise) -> Vec<&'static str> {
    ex.checks.iter().map(|c| c.spec.kind()).collect()
}
