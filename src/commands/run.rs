//! `tutor run` (one exercise) and `tutor verify` (many), both updating the
//! learner's progress with what the checks found.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Result;

use super::{FAILED, SETUP, default_jobs, find_exercise, parallel, runner_for, spinner};
use crate::cli::{RunArgs, VerifyArgs};
use crate::info::Course;
use crate::progress::Progress;
use crate::runner::RunEvent;
use crate::runner::cargo::BuildEvent;
use crate::verdict::{Outcome, Verdict};
use crate::{report, shipped, style};

pub fn run_one(course: &Course, args: &RunArgs) -> Result<ExitCode> {
    let (mut progress, notes) = Progress::open(course)?;
    for n in &notes.0 {
        eprintln!("{} {n}", style::yellow("note:"));
    }
    shipped::ensure_snapshot(course)?;
    let index = match &args.name {
        Some(name) => find_exercise(course, name)?,
        None => progress.current(course),
    };
    let ex = &course.exercises[index];
    let runner = runner_for(course, style::enabled());
    let pb = spinner();
    pb.set_message(format!("checking {}", ex.name));
    let verdict = runner.check(ex, &mut |e| show_event(&pb, &e))?;
    pb.finish_and_clear();
    print!("{}", report::verdict(&verdict));
    record(&mut progress, &verdict);
    progress.save()?;
    Ok(exit_code(std::slice::from_ref(&verdict)))
}

pub fn verify(course: &Course, args: &VerifyArgs) -> Result<ExitCode> {
    let (mut progress, notes) = Progress::open(course)?;
    for n in &notes.0 {
        eprintln!("{} {n}", style::yellow("note:"));
    }
    shipped::ensure_snapshot(course)?;
    let selected: Vec<usize> = if args.all {
        (0..course.exercises.len()).collect()
    } else if !args.names.is_empty() {
        args.names
            .iter()
            .map(|n| find_exercise(course, n))
            .collect::<Result<_>>()?
    } else {
        // What the learner has reached: everything up to the current
        // exercise, and whatever is marked done beyond it.
        let current = progress.current(course);
        (0..course.exercises.len())
            .filter(|&i| i <= current || progress.is_done(&course.exercises[i].name))
            .collect()
    };
    let exercises: Vec<_> = selected.iter().map(|&i| &course.exercises[i]).collect();
    let runner = runner_for(course, style::enabled() && !args.json);
    let pb = if args.json {
        indicatif::ProgressBar::hidden()
    } else {
        spinner()
    };
    pb.set_message("building");
    runner.prebuild(&exercises, &mut |e| show_event(&pb, &e))?;
    let bar = if args.json || !std::io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        indicatif::ProgressBar::new(exercises.len() as u64)
    };
    pb.finish_and_clear();
    let verdicts = parallel(&exercises, default_jobs(), |ex| {
        let v = runner.check(ex, &mut |_| {});
        bar.inc(1);
        if let Ok(v) = &v
            && !args.json
        {
            bar.println(line(v));
        }
        v
    });
    bar.finish_and_clear();
    let verdicts: Vec<Verdict> = verdicts.into_iter().collect::<Result<_>>()?;
    for v in &verdicts {
        record(&mut progress, v);
        if args.json {
            let ex =
                &course.exercises[course.find(&v.exercise).expect("a checked exercise exists")];
            let json = serde_json::json!({
                "v": 1,
                "name": v.exercise,
                "phase": course.phases[ex.phase].id,
                "outcome": v.outcome.kind().id(),
                "headline": v.outcome.headline(),
                "elapsed_ms": v.elapsed.as_millis() as u64,
            });
            println!("{json}");
        }
    }
    progress.save()?;
    if !args.json {
        let passed = verdicts.iter().filter(|v| v.is_pass()).count();
        let blocked = verdicts.iter().filter(|v| v.is_blocked()).count();
        let failed = verdicts.len() - passed - blocked;
        let mut summary = format!("{passed} passed, {failed} not yet");
        if blocked > 0 {
            summary.push_str(&format!(
                ", {blocked} blocked (`tutor doctor` says what to install)"
            ));
        }
        println!(
            "\n{summary}; {}/{} exercises done",
            progress.done_count(course),
            course.exercises.len()
        );
    }
    Ok(exit_code(&verdicts))
}

/// One line per verdict, for `verify`.
fn line(v: &Verdict) -> String {
    match &v.outcome {
        Outcome::Passed => format!("{} {}", style::green("✓"), v.exercise),
        Outcome::Blocked { reason, .. } => {
            format!("{} {}: blocked, {reason}", style::yellow("◌"), v.exercise)
        }
        o => format!("{} {}: {}", style::red("✗"), v.exercise, o.headline()),
    }
}

/// A pass marks the exercise done, a failure marks it not done; a blocked
/// check proves nothing either way.
fn record(progress: &mut Progress, v: &Verdict) {
    if !v.is_blocked() {
        progress.set_done(&v.exercise, v.is_pass());
    }
}

fn exit_code(verdicts: &[Verdict]) -> ExitCode {
    if verdicts.iter().any(|v| !v.is_pass() && !v.is_blocked()) {
        ExitCode::from(FAILED)
    } else if verdicts.iter().any(Verdict::is_blocked) {
        ExitCode::from(SETUP)
    } else {
        ExitCode::SUCCESS
    }
}

pub fn show_event(pb: &indicatif::ProgressBar, e: &RunEvent) {
    match e {
        RunEvent::Step(s) => pb.set_message(s.clone()),
        RunEvent::Build(BuildEvent::Compiled {
            krate,
            fresh: false,
        }) => pb.set_message(format!("compiled {krate}")),
        RunEvent::Build(BuildEvent::Waiting(s)) => pb.set_message(s.clone()),
        RunEvent::Build(_) => {}
    }
}
