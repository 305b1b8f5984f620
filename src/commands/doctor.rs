//! `tutor doctor`: what the course needs, what the machine has, and the exact
//! command for each missing piece.

use std::collections::BTreeSet;
use std::process::{Command, ExitCode};

use anyhow::Result;

use super::SETUP;
use crate::info::{Course, PerfSpec, Spec};
use crate::progress::Progress;
use crate::style;
use crate::toolchain::{Found, Toolchain};

struct Report {
    problems: usize,
}

impl Report {
    fn ok(&self, what: &str, detail: &str) {
        println!("{} {what}: {detail}", style::green("✓"));
    }
    fn warn(&self, what: &str, detail: &str, fixes: &[String]) {
        println!("{} {what}: {detail}", style::yellow("!"));
        for f in fixes {
            println!("      {f}");
        }
    }
    fn bad(&mut self, what: &str, detail: &str, fixes: &[String]) {
        self.problems += 1;
        println!("{} {what}: {detail}", style::red("✗"));
        for f in fixes {
            println!("      {f}");
        }
    }
}

fn version(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .to_string()
    })
}

pub fn run(course: &Course) -> Result<ExitCode> {
    let mut r = Report { problems: 0 };
    let tools = Toolchain::new(&course.root);
    println!(
        "{}\n",
        style::bold(&format!("{} — {}", course.title, course.root.display()))
    );

    match version("cargo", &["--version"]) {
        Some(v) => r.ok("cargo", &v),
        None => r.bad(
            "cargo",
            "not found",
            &["install Rust with rustup: https://rustup.rs".into()],
        ),
    }
    match version("rustc", &["--version"]) {
        Some(v) => r.ok("rustc", &v),
        None => r.bad(
            "rustc",
            "not found",
            &["install Rust with rustup: https://rustup.rs".into()],
        ),
    }
    if let Ok(tc) = std::env::var("RUSTUP_TOOLCHAIN") {
        r.warn(
            "RUSTUP_TOOLCHAIN",
            &format!(
                "set to `{tc}` in your environment; it overrides the course's rust-toolchain.toml"
            ),
            &["unset RUSTUP_TOOLCHAIN, unless you mean it".into()],
        );
    }

    // What the course's checks need.
    let specs: Vec<&Spec> = course
        .exercises
        .iter()
        .flat_map(|e| e.checks.iter().map(|c| &c.spec))
        .collect();
    let triples: BTreeSet<&str> = specs.iter().filter_map(|s| s.triple()).collect();
    for t in &triples {
        match tools.target(t) {
            Ok(None) => r.ok(&format!("target {t}"), "installed"),
            Ok(Some(tc)) => r.ok(
                &format!("target {t}"),
                &format!("installed in toolchain `{tc}`"),
            ),
            Err((why, fixes)) => r.bad(&format!("target {t}"), &why, &fixes),
        }
    }
    let mut need = |what: &str, used: bool, found: Found| {
        if !used {
            return;
        }
        match found {
            Found::Yes(p) => r.ok(what, &p.display().to_string()),
            Found::No { reason, fixes } => r.bad(what, &reason, &fixes),
        }
    };
    need(
        "qemu-system-arm",
        specs.iter().any(|s| matches!(s, Spec::Qemu { .. })),
        tools.qemu(),
    );
    let counts = |s: &&&Spec| {
        matches!(
            s,
            Spec::Perf(PerfSpec::Ratio {
                instructions: true,
                ..
            })
        )
    };
    need(
        "node",
        specs.iter().any(|s| matches!(s, Spec::Wasi(_))),
        tools.node(),
    );
    need(
        "valgrind",
        specs.iter().any(|s| counts(&s)),
        tools.valgrind(),
    );
    need(
        "rustfmt",
        specs.iter().any(|s| matches!(s, Spec::Fmt)),
        tools.rustfmt(),
    );
    need(
        "clippy",
        specs.iter().any(|s| matches!(s, Spec::Clippy { .. })),
        tools.clippy(),
    );

    // Watching files.
    match crate::fsinfo::events_unreliable(&course.root) {
        Some(why) => r.warn(
            "file watching",
            &format!("{why}; `tutor watch` will poll instead"),
            &["for instant reactions, keep the course on the machine's own disk (e.g. your Linux home)".into()],
        ),
        None => r.ok("file watching", "file-system events are available"),
    }
    if let Some((watches, instances)) = crate::fsinfo::inotify_limits() {
        let dirs = course
            .exercises
            .iter()
            .map(|e| &e.package.dir)
            .collect::<BTreeSet<_>>()
            .len() as u64;
        if watches < dirs * 4 + 64 || instances < 8 {
            r.warn(
                "inotify limits",
                &format!("max_user_watches = {watches}, max_user_instances = {instances}"),
                &["echo fs.inotify.max_user_watches=524288 | sudo tee /etc/sysctl.d/90-inotify.conf && sudo sysctl --system"
                    .into()],
            );
        } else {
            r.ok("inotify limits", &format!("max_user_watches = {watches}"));
        }
    }

    // The learner's state.
    r.ok(
        "course",
        &format!(
            "{} exercises in {} phases",
            course.exercises.len(),
            course.phases.len()
        ),
    );
    match Progress::read(course) {
        Ok((p, notes)) if notes.0.is_empty() => r.ok(
            "progress",
            &format!(
                "{} of {} done",
                p.done_count(course),
                course.exercises.len()
            ),
        ),
        Ok((_, notes)) => r.warn("progress", &notes.0.join("; "), &[]),
        Err(e) => r.bad("progress", &format!("{e:#}"), &[]),
    }

    println!();
    if r.problems == 0 {
        println!("Everything the course needs is here.");
        Ok(ExitCode::SUCCESS)
    } else {
        println!(
            "{} problem{} found; exercises that need a missing tool are shown as blocked.",
            r.problems,
            if r.problems == 1 { "" } else { "s" }
        );
        Ok(ExitCode::from(SETUP))
    }
}
