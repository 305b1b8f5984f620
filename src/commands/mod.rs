//! One module per subcommand. Each returns the exit code it wants; errors
//! (exit code 2) carry a message that says what to do.

mod dev_check;
mod dev_new;
mod doctor;
pub(crate) mod hint;
mod list;
mod reset;
mod run;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result, bail};
use clap::CommandFactory;

use crate::cli::{Cli, Command, DevCommand, WatchArgs};
use crate::info::{Course, INFO_FILE};
use crate::runner::Runner;
use crate::runner::cargo::Cargo;
use crate::toolchain::Toolchain;

/// Exit code 1: a check failed.
pub const FAILED: u8 = 1;
/// Exit code 2: a usage or setup problem.
pub const SETUP: u8 = 2;

pub fn dispatch(cli: Cli) -> Result<ExitCode> {
    let command = cli.command.unwrap_or(Command::Watch(WatchArgs::default()));
    if let Command::Completions { shell } = command {
        clap_complete::generate(shell, &mut Cli::command(), "tutor", &mut std::io::stdout());
        return Ok(ExitCode::SUCCESS);
    }
    if !matches!(command, Command::Watch(_)) {
        // `watch` turns signals into events of its loop, and stops its checks.
        crate::runner::process::stop_children_on_signals().context("installing signal handlers")?;
    }
    let root = locate(cli.course.as_deref())?;
    let course = Course::load(&root)?;
    match command {
        Command::Watch(a) => crate::watch::run(&course, &a),
        Command::List(a) => list::run(&course, &a),
        Command::Hint(a) => hint::run(&course, &a),
        Command::Run(a) => run::run_one(&course, &a),
        Command::Verify(a) => run::verify(&course, &a),
        Command::Reset(a) => reset::run(&course, &a),
        Command::Doctor => doctor::run(&course),
        Command::Dev(DevCommand::Check(a)) => dev_check::run(&course, &a),
        Command::Dev(DevCommand::New(a)) => dev_new::run(&course, &a),
        Command::Dev(DevCommand::Lock) => {
            let n = crate::shipped::write_lock(&course)?;
            println!(
                "{} lists the shipped version of {n} learner files",
                crate::shipped_lock::LOCK_FILE
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { .. } => unreachable!("handled above"),
    }
}

/// The course directory: `--course`, or the nearest directory at or above
/// the current one that has an `info.toml`.
fn locate(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        if !dir.join(INFO_FILE).is_file() {
            bail!(
                "{} has no info.toml: it is not a course directory",
                dir.display()
            );
        }
        return Ok(dir.to_path_buf());
    }
    let cwd = std::env::current_dir().context("reading the current directory")?;
    for dir in cwd.ancestors() {
        if dir.join(INFO_FILE).is_file() {
            return Ok(dir.to_path_buf());
        }
    }
    bail!(
        "no course here: neither {} nor a directory above it has an info.toml.\n\
         Run tutor inside the course you cloned, or pass --course <DIR>",
        cwd.display()
    )
}

/// The runner for the learner's course directory.
pub fn runner_for(course: &Course, color: bool) -> Runner {
    let cargo = cargo_for(course, Cargo::default_target_dir(&course.root), color);
    Runner::new(
        course.root.clone(),
        cargo,
        Arc::new(Toolchain::new(&course.root)),
    )
}

/// How cargo is run for a course. rustlings packs come with cargo's default
/// debug info, and most of their build time and disk goes into linking it
/// (measured on the official pack: 35 s and 866 MB cold, 25 s and 150 MB
/// without); their learners read panic locations, not debuggers, so the
/// tutor builds them without it. The values are the same on every call, so
/// the build directory stays consistent.
pub fn cargo_for(course: &Course, target_dir: PathBuf, color: bool) -> Cargo {
    let mut cargo = Cargo::new(target_dir, color);
    if course.format == crate::info::Format::Rustlings {
        cargo.config.push("profile.dev.debug=0".into());
        // One-file exercises: incremental compilation costs more than it saves
        // (a rebuild after an edit: 228 ms without, 268 ms with, measured).
        cargo.config.push("profile.dev.incremental=false".into());
    }
    cargo
}

/// The exercise named `name`, or a helpful error.
pub fn find_exercise(course: &Course, name: &str) -> Result<usize> {
    match course.find(name) {
        Some(i) => Ok(i),
        None => match course.suggest(name) {
            Some(s) => bail!(
                "there is no exercise `{name}`; did you mean `{s}`? (`tutor list` shows them all)"
            ),
            None => bail!("there is no exercise `{name}` (`tutor list` shows them all)"),
        },
    }
}

/// Maps `items` on `jobs` threads, keeping the order.
pub fn parallel<T: Sync, R: Send>(items: &[T], jobs: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    let slots: Vec<std::sync::Mutex<&mut Option<R>>> =
        results.iter_mut().map(std::sync::Mutex::new).collect();
    std::thread::scope(|s| {
        for _ in 0..jobs.max(1).min(items.len().max(1)) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= items.len() {
                        break;
                    }
                    let r = f(&items[i]);
                    **slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
                }
            });
        }
    });
    drop(slots);
    results
        .into_iter()
        .map(|r| r.expect("every item is mapped"))
        .collect()
}

/// Threads for running built programs: the machine's cores (builds are serial anyway).
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// A spinner on stderr while something runs (hidden when stderr is not a terminal).
pub fn spinner() -> indicatif::ProgressBar {
    let pb = indicatif::ProgressBar::new_spinner();
    pb.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg}").expect("valid template"),
    );
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    pb
}
