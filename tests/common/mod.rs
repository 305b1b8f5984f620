//! Helpers: a fresh copy of a fixture course, and the tutor run in it.

use std::path::{Path, PathBuf};
use std::process::Command;

pub const TUTOR: &str = env!("CARGO_BIN_EXE_tutor");

/// A fixture course copied into a temporary directory.
pub struct Course {
    pub dir: tempfile::TempDir,
}

/// What a run of the tutor gave.
#[derive(Debug)]
pub struct Output {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// stdout and stderr, for messages and for searching.
    pub fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let name = e.file_name();
        if name == "target" || name == ".tutor" {
            continue;
        }
        let (src, dst) = (e.path(), to.join(&name));
        if e.file_type().unwrap().is_dir() {
            copy_dir(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

impl Course {
    /// A fresh copy of `tests/fixtures/<name>`, with the repository's
    /// `support/` crates beside it when the fixture uses them.
    pub fn new(name: &str) -> Course {
        let dir = tempfile::Builder::new()
            .prefix("tutor-test-")
            .tempdir()
            .unwrap();
        copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
        let manifest = std::fs::read_to_string(dir.path().join("Cargo.toml")).unwrap_or_default();
        if manifest.contains("support/") {
            copy_dir(&repo().join("support"), &dir.path().join("support"));
        }
        Course { dir }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    pub fn write(&self, rel: &str, content: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }

    /// Puts the solution of an exercise file in place.
    pub fn solve(&self, exercise_rel: &str) {
        let sol = exercise_rel.replacen("exercises/", "solutions/", 1);
        std::fs::copy(self.path(&sol), self.path(exercise_rel)).unwrap();
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(TUTOR);
        cmd.arg("--course")
            .arg(self.dir.path())
            .arg("--color")
            .arg("never")
            .args(args);
        cmd.current_dir(self.dir.path());
        for var in [
            "CARGO_TARGET_DIR",
            "TUTOR_COURSE",
            "TUTOR_FAULT",
            "RUST_BACKTRACE",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("NO_COLOR", "1");
        cmd
    }

    pub fn tutor(&self, args: &[&str]) -> Output {
        run(self.command(args))
    }
}

pub fn run(mut cmd: Command) -> Output {
    let out = cmd.output().expect("run the tutor");
    Output {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Says why a test cannot run on this machine; the caller then returns.
/// Where the tools must be there (CI sets `TUTOR_TEST_REQUIRE_TOOLS=1`, after
/// installing them), a skip is a failure instead, so a missing install step
/// cannot pass unnoticed.
pub fn skip(why: &str) {
    if std::env::var_os("TUTOR_TEST_REQUIRE_TOOLS").is_some_and(|v| v == "1") {
        panic!("cannot run: {why}; TUTOR_TEST_REQUIRE_TOOLS=1 says this machine must have it");
    }
    eprintln!("skipped: {why}");
}
