//! `tutor reset NAME`: the shipped version back, the learner's saved aside.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::find_exercise;
use crate::cli::ResetArgs;
use crate::info::Course;
use crate::progress::Progress;
use crate::{shipped, style};

pub fn run(course: &Course, args: &ResetArgs) -> Result<ExitCode> {
    let ex = &course.exercises[find_exercise(course, &args.name)?];
    let files: Vec<String> = ex
        .learner_files()
        .map(|p| p.display().to_string())
        .collect();
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            bail!(
                "resetting replaces {} with the shipped version; pass --yes to confirm",
                files.join(", ")
            );
        }
        eprint!(
            "Replace {} with the shipped version? Your version is kept in .tutor/backup/. [y/N] ",
            files.join(", ")
        );
        std::io::stderr().flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            eprintln!("Nothing changed.");
            return Ok(ExitCode::SUCCESS);
        }
    }
    for r in shipped::reset(course, ex)? {
        match r.backup {
            Some(b) => println!(
                "{} {} restored (your version: {})",
                style::green("✓"),
                r.file.display(),
                b.display()
            ),
            None => println!(
                "{} {} was already the shipped version",
                style::green("✓"),
                r.file.display()
            ),
        }
    }
    // The exercise is not done any more; if watch holds the lock, it will see
    // the file change and re-check it anyway.
    if let Ok((mut progress, _)) = Progress::open(course) {
        progress.set_done(&ex.name, false);
        progress.save()?;
    }
    Ok(ExitCode::SUCCESS)
}
