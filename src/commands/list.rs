//! `tutor list`: the exercises per phase with the learner's progress.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::cli::ListArgs;
use crate::info::Course;
use crate::progress::Progress;
use crate::style;

pub fn run(course: &Course, args: &ListArgs) -> Result<ExitCode> {
    let (progress, notes) = Progress::read(course)?;
    for n in &notes.0 {
        eprintln!("{} {n}", style::yellow("note:"));
    }
    let phase_filter = match &args.phase {
        Some(id) => match course.phases.iter().position(|p| p.id == *id) {
            Some(i) => Some(i),
            None => {
                let ids: Vec<&str> = course.phases.iter().map(|p| p.id.as_str()).collect();
                bail!(
                    "there is no phase `{id}`; the phases are: {}",
                    ids.join(", ")
                );
            }
        },
        None => None,
    };
    let current = progress.current(course);
    let shown = |i: usize| {
        let ex = &course.exercises[i];
        let done = progress.is_done(&ex.name);
        phase_filter.is_none_or(|p| p == ex.phase)
            && !(args.pending && done)
            && (!args.done || done)
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        for (i, ex) in course
            .exercises
            .iter()
            .enumerate()
            .filter(|(i, _)| shown(*i))
        {
            let line = serde_json::json!({
                "v": 1,
                "name": ex.name,
                "phase": course.phases[ex.phase].id,
                "path": ex.path,
                "status": if progress.is_done(&ex.name) { "done" } else { "pending" },
                "current": i == current,
                "kinds": crate::runner::kinds(ex),
                "difficulty": ex.difficulty,
            });
            writeln!(out, "{line}")?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if !std::io::stdout().is_terminal() {
        // A plain table for scripts: one exercise per line, fixed columns.
        let w = course
            .exercises
            .iter()
            .map(|e| e.name.len())
            .max()
            .unwrap_or(4)
            .max(4);
        let pw = course
            .phases
            .iter()
            .map(|p| p.id.len())
            .max()
            .unwrap_or(5)
            .max(5);
        writeln!(out, "{:pw$}  {:w$}  {:7}  PATH", "PHASE", "NAME", "STATUS")?;
        for (i, ex) in course
            .exercises
            .iter()
            .enumerate()
            .filter(|(i, _)| shown(*i))
        {
            let status = if progress.is_done(&ex.name) {
                "done"
            } else if i == current {
                "current"
            } else {
                "pending"
            };
            let phase = &course.phases[ex.phase].id;
            writeln!(
                out,
                "{phase:pw$}  {:w$}  {status:7}  {}",
                ex.name,
                ex.path.display()
            )?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let done = progress.done_count(course);
    writeln!(
        out,
        "{}  {done}/{} done\n",
        style::bold(&course.title),
        course.exercises.len()
    )?;
    for (pi, phase) in course.phases.iter().enumerate() {
        let idx: Vec<usize> = course.phase_exercises(pi).filter(|&i| shown(i)).collect();
        if idx.is_empty() {
            continue;
        }
        let (d, t) = progress.phase_counts(course, pi);
        writeln!(
            out,
            "{}  {}",
            style::bold(&phase.title),
            style::dim(&format!("{d}/{t}"))
        )?;
        for i in idx {
            let ex = &course.exercises[i];
            let mark = if progress.is_done(&ex.name) {
                style::green("✓")
            } else if i == current {
                style::yellow("▶")
            } else {
                " ".into()
            };
            writeln!(
                out,
                "  {mark} {:28} {}",
                ex.name,
                style::dim(&ex.path.display().to_string())
            )?;
        }
        writeln!(out)?;
    }
    Ok(ExitCode::SUCCESS)
}
