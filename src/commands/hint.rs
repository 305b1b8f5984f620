//! `tutor hint`: one more part of the hint each time it is asked.

use std::process::ExitCode;

use anyhow::{Context, Result};

use super::find_exercise;
use crate::cli::HintArgs;
use crate::hint;
use crate::info::{Course, Hint};
use crate::progress::Progress;
use crate::style;

pub fn run(course: &Course, args: &HintArgs) -> Result<ExitCode> {
    // Record the parts seen when we can; with `tutor watch` running (it holds
    // the lock) the hint is shown all the same.
    let (mut progress, notes, writable) = match Progress::open(course) {
        Ok((p, n)) => (p, n, true),
        Err(_) => {
            let (p, n) = Progress::read(course)?;
            (p, n, false)
        }
    };
    for n in &notes.0 {
        eprintln!("{} {n}", style::yellow("note:"));
    }
    let index = match &args.name {
        Some(name) => find_exercise(course, name)?,
        None => progress.current(course),
    };
    let ex = &course.exercises[index];
    let parts = load_parts(course, &ex.hint)?;
    if parts.is_empty() {
        println!("There is no hint for {}.", ex.name);
        return Ok(ExitCode::SUCCESS);
    }
    let seen = progress.state.hints.get(&ex.name).copied().unwrap_or(0);
    let show = if args.all {
        parts.len()
    } else {
        (seen + 1).min(parts.len())
    };
    println!("{} {}\n", style::bold("Hint for"), style::bold(&ex.name));
    for (i, part) in parts.iter().take(show).enumerate() {
        if parts.len() > 1 {
            println!(
                "{}",
                style::dim(&format!("── {}/{} ──", i + 1, parts.len()))
            );
        }
        println!("{part}\n");
    }
    if show < parts.len() {
        println!("{}", style::dim("(ask again for the next part)"));
    }
    if writable && show > seen {
        progress.state.hints.insert(ex.name.clone(), show);
        progress.save()?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The parts of an exercise's hint.
pub fn load_parts(course: &Course, hint: &Hint) -> Result<Vec<String>> {
    Ok(match hint {
        Hint::File(rel) => {
            let path = course.root.join(rel);
            hint::parts(
                &std::fs::read_to_string(&path)
                    .with_context(|| format!("reading {}", path.display()))?,
            )
        }
        Hint::Inline(text) => hint::parts(text),
    })
}
