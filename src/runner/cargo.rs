//! Cargo's command line and its JSON messages. A [`BuildReq`] says what to
//! build; [`BuildReq::invocation`] turns it into a command line (testable
//! without spawning anything); [`Cargo::build`] runs it and reads the messages
//! with `cargo_metadata::Message` into a [`BuildOutput`].
//!
//! The measured rules (see ARCHITECTURE.md): always `-p PKG` plus explicit
//! targets, never `cargo check`, never `RUSTFLAGS`, one target directory of our
//! own, one cargo at a time.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cargo_metadata::Message;

use super::process::{self, Finished, Invocation, Limits, Lines, Stop};
use crate::info::TargetSel;
use crate::manifest::Package;
use crate::verdict::Diagnostic;

/// How a build is made.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Mode {
    /// `cargo build`
    Build,
    /// `cargo test --no-run`: the test harness of each target.
    Test,
    /// `cargo bench --no-run`
    Bench,
    /// `cargo rustc -- <args>`: extra compiler flags for the final crate only.
    Rustc(Vec<String>),
    /// `cargo clippy -- -D warnings`
    Clippy,
    /// `cargo check` (`--profile test` to include the tests): only for packages
    /// without dependencies, to find out cheaply which targets do not compile.
    Check { tests: bool },
}

/// One build: a package, its targets, and how.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BuildReq {
    pub package: String,
    /// The package's directory, relative to the course root.
    pub package_dir: PathBuf,
    /// The package is its own workspace: use `--manifest-path`.
    pub standalone: bool,
    pub targets: Vec<TargetSel>,
    pub mode: Mode,
    pub profile: Option<String>,
    pub triple: Option<String>,
    pub features: Vec<String>,
    /// A TOML file passed with `--config` (profile settings a learner owns).
    pub config: Option<PathBuf>,
    /// A rustup toolchain other than the default (`cargo +name`).
    pub toolchain: Option<String>,
    /// Build every target that can be built even if some fail (batched builds).
    pub keep_going: bool,
}

impl BuildReq {
    pub fn new(package: &Package, target: TargetSel, mode: Mode) -> Self {
        BuildReq {
            package: package.name.clone(),
            package_dir: package.dir.clone(),
            standalone: package.standalone,
            targets: vec![target],
            mode,
            profile: None,
            triple: None,
            features: Vec::new(),
            config: None,
            toolchain: None,
            keep_going: false,
        }
    }

    /// The cargo command line, run from the course root.
    pub fn invocation(
        &self,
        root: &Path,
        target_dir: &Path,
        color: bool,
        config: &[String],
    ) -> Invocation {
        let mut inv = Invocation::new("cargo").cwd(root);
        if let Some(tc) = &self.toolchain {
            inv = inv.arg(format!("+{tc}"));
        }
        // `cargo test --no-run` has no `--keep-going`: a batch of test
        // harnesses is built with `cargo build --tests`, which makes the same
        // units (the test profile) for every test target of the package.
        let test_batch = self.mode == Mode::Test && self.keep_going;
        inv = match &self.mode {
            Mode::Build => inv.arg("build"),
            Mode::Test if test_batch => inv.args(["build", "--tests"]),
            Mode::Test => inv.args(["test", "--no-run"]),
            Mode::Bench => inv.args(["bench", "--no-run"]),
            Mode::Rustc(_) => inv.arg("rustc"),
            Mode::Clippy => inv.arg("clippy"),
            Mode::Check { tests: false } => inv.arg("check"),
            Mode::Check { tests: true } => inv.args(["check", "--profile", "test"]),
        };
        inv = if self.standalone {
            inv.arg("--manifest-path")
                .arg(self.package_dir.join("Cargo.toml"))
        } else {
            inv.args(["-p", &self.package])
        };
        for t in self.targets.iter().filter(|_| !test_batch) {
            inv = match t {
                TargetSel::Bin(n) => inv.args(["--bin", n]),
                TargetSel::Test(n) => inv.args(["--test", n]),
                TargetSel::Bench(n) => inv.args(["--bench", n]),
                TargetSel::Lib => inv.arg("--lib"),
                TargetSel::Tests => inv.arg("--tests"),
            };
        }
        if let Some(p) = &self.profile {
            inv = inv.args(["--profile", p]);
        }
        if let Some(t) = &self.triple {
            inv = inv.args(["--target", t]);
        }
        if !self.features.is_empty() {
            inv = inv.args(["--features", &self.features.join(",")]);
        }
        if let Some(c) = &self.config {
            inv = inv.arg("--config").arg(c);
        }
        for c in config {
            inv = inv.args(["--config", c]);
        }
        if self.keep_going {
            inv = inv.arg("--keep-going");
        }
        let format = if color {
            "json-diagnostic-rendered-ansi"
        } else {
            "json"
        };
        inv = inv
            .arg(format!("--message-format={format}"))
            .arg("--target-dir")
            .arg(target_dir);
        // An inherited CARGO_TARGET_DIR is already folded into `target_dir`.
        inv = inv
            .env_remove("CARGO_TARGET_DIR")
            .env("CARGO_TERM_COLOR", if color { "always" } else { "never" });
        match &self.mode {
            Mode::Rustc(args) => inv.arg("--").args(args),
            Mode::Clippy => inv.args(["--", "-D", "warnings"]),
            _ => inv,
        }
    }
}

/// One artifact cargo produced.
#[derive(Debug, Clone)]
pub struct Artifact {
    pub target: String,
    /// `bin`, `lib`, `test`, `bench`, `proc-macro`, `cdylib`, ...
    pub kinds: Vec<String>,
    /// Built as a test harness.
    pub test: bool,
    pub executable: Option<PathBuf>,
    pub filenames: Vec<PathBuf>,
}

impl Artifact {
    /// Whether this artifact is what `sel` asked for (in a build of one package).
    pub fn matches(&self, sel: &TargetSel, test_harness: bool) -> bool {
        if self.test != test_harness {
            return false;
        }
        let has = |k: &str| self.kinds.iter().any(|x| x == k);
        match sel {
            TargetSel::Bin(n) => has("bin") && self.target == *n,
            TargetSel::Test(n) => has("test") && self.target == *n,
            TargetSel::Bench(n) => has("bench") && self.target == *n,
            TargetSel::Lib => ["lib", "rlib", "cdylib", "dylib", "staticlib", "proc-macro"]
                .iter()
                .any(|k| has(k)),
            TargetSel::Tests => test_harness,
        }
    }
}

/// What one cargo run produced.
#[derive(Debug, Clone, Default)]
pub struct BuildOutput {
    pub success: bool,
    pub artifacts: Vec<Artifact>,
    /// Diagnostics with the name of the target they belong to.
    pub diagnostics: Vec<(String, Diagnostic)>,
    /// Cargo's own messages (stderr), for errors that are not diagnostics.
    pub stderr: String,
    pub stopped: Option<Stop>,
    pub elapsed: Duration,
    pub command: String,
}

impl BuildOutput {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .map(|(_, d)| d)
            .filter(|d| d.is_error())
    }

    /// Whether rustc said the build's target platform is not installed
    /// (E0463 "the `<triple>` target may not be installed").
    pub fn target_missing(&self) -> bool {
        self.errors().any(|d| {
            d.code.as_deref() == Some("E0463")
                && (d
                    .children
                    .iter()
                    .any(|c| c.contains("may not be installed"))
                    || d.rendered.contains("may not be installed"))
        })
    }
}

/// Progress of a build, for the TUI and the progress bar.
#[derive(Debug, Clone)]
pub enum BuildEvent {
    /// A crate finished compiling (`fresh`: it was already built).
    Compiled { krate: String, fresh: bool },
    /// Cargo waits for another process's lock on the build directory.
    Waiting(String),
}

/// Runs cargo, one invocation at a time per course.
#[derive(Clone)]
pub struct Cargo {
    pub target_dir: PathBuf,
    pub color: bool,
    /// `--config` values passed to every cargo call of this course (the same
    /// ones every time, so the artifacts stay consistent).
    pub config: Vec<String>,
    /// Held while cargo runs: cargo locks the build directory anyway, and the
    /// machine has about one core to give.
    lock: Arc<Mutex<()>>,
}

fn waiting_for_lock(line: &str) -> bool {
    line.trim_start()
        .starts_with("Blocking waiting for file lock")
}

/// How long a build may go without printing anything before it is stopped
/// (a proc macro that loops forever, a build script that hangs).
pub const BUILD_IDLE_TIMEOUT: Duration = Duration::from_secs(300);

impl Cargo {
    pub fn new(target_dir: PathBuf, color: bool) -> Self {
        Cargo {
            target_dir,
            color,
            config: Vec::new(),
            lock: Arc::new(Mutex::new(())),
        }
    }

    /// The exercises' target directory for a course: `$CARGO_TARGET_DIR/tutor`
    /// or `<course>/target/tutor`, apart from rust-analyzer's `target/`.
    pub fn default_target_dir(course_root: &Path) -> PathBuf {
        match std::env::var_os("CARGO_TARGET_DIR") {
            Some(d) if !d.is_empty() => {
                let d = PathBuf::from(d);
                let d = if d.is_absolute() {
                    d
                } else {
                    course_root.join(d)
                };
                d.join("tutor")
            }
            _ => course_root.join("target").join("tutor"),
        }
    }

    /// Runs a cargo command that is not a build of a `BuildReq` (doc tests),
    /// under the same one-at-a-time lock; time spent waiting for another
    /// cargo's lock does not count towards the idle limit.
    pub fn run_other(
        &self,
        inv: &Invocation,
        limits: Limits,
        lines: Lines,
    ) -> std::io::Result<super::process::Finished> {
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let limits = Limits {
            waiting_line: Some(waiting_for_lock),
            ..limits
        };
        super::process::run(inv, &limits, lines)
    }

    pub fn build(
        &self,
        root: &Path,
        req: &BuildReq,
        cancel: Option<Arc<std::sync::atomic::AtomicBool>>,
        on_event: &mut dyn FnMut(BuildEvent),
    ) -> std::io::Result<BuildOutput> {
        let inv = req.invocation(root, &self.target_dir, self.color, &self.config);
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let limits = Limits {
            idle_timeout: Some(BUILD_IDLE_TIMEOUT),
            waiting_line: Some(waiting_for_lock),
            cap: 4 << 20,
            cancel,
            ..Default::default()
        };
        let mut out = BuildOutput {
            command: inv.display(),
            ..Default::default()
        };
        let mut on_stdout = |line: &str| parse_line(line, &mut out, on_event);
        let mut stderr_lines: Vec<String> = Vec::new();
        let mut on_stderr = |line: &str| stderr_lines.push(line.to_string());
        let lines = Lines {
            stdout: Some(&mut on_stdout),
            stderr: Some(&mut on_stderr),
        };
        let finished: Finished = process::run(&inv, &limits, lines)?;
        for l in &stderr_lines {
            let t = l.trim_start();
            if t.starts_with("Blocking waiting") {
                on_event(BuildEvent::Waiting(t.to_string()));
            }
        }
        out.success = finished.success() && out.success;
        out.stopped = finished.stopped;
        out.elapsed = finished.elapsed;
        out.stderr = strip_noise(&finished.stderr.text());
        Ok(out)
    }
}

fn parse_line(line: &str, out: &mut BuildOutput, on_event: &mut dyn FnMut(BuildEvent)) {
    let Some(msg) = Message::parse_stream(line.as_bytes())
        .next()
        .and_then(Result::ok)
    else {
        return;
    };
    match msg {
        Message::CompilerArtifact(a) => {
            on_event(BuildEvent::Compiled {
                krate: a.target.name.clone(),
                fresh: a.fresh,
            });
            out.artifacts.push(Artifact {
                target: a.target.name.clone(),
                kinds: a.target.kind.iter().map(|k| k.to_string()).collect(),
                test: a.profile.test,
                executable: a.executable.map(|p| p.into_std_path_buf()),
                filenames: a
                    .filenames
                    .into_iter()
                    .map(|p| p.into_std_path_buf())
                    .collect(),
            });
        }
        Message::CompilerMessage(m) => {
            let d = m.message;
            // rustc's summaries ("aborting due to 2 previous errors") repeat what
            // the diagnostics already say.
            if d.spans.is_empty()
                && (d.message.starts_with("aborting due to")
                    || d.message.contains("warnings emitted")
                    || d.message.contains("warning emitted")
                    || d.message.starts_with("For more information about"))
            {
                return;
            }
            let primary = d.spans.iter().find(|s| s.is_primary);
            let diag = Diagnostic {
                level: level_name(d.level).into(),
                code: d.code.as_ref().map(|c| c.code.clone()),
                message: d.message.clone(),
                rendered: d.rendered.clone().unwrap_or_else(|| d.message.clone()),
                file: primary.map(|s| s.file_name.clone()),
                line: primary.map_or(0, |s| s.line_start),
                column: primary.map_or(0, |s| s.column_start),
                children: d.children.iter().map(|c| c.message.clone()).collect(),
            };
            if !out
                .diagnostics
                .iter()
                .any(|(t, x)| *t == m.target.name && *x == diag)
            {
                out.diagnostics.push((m.target.name.clone(), diag));
            }
        }
        Message::BuildFinished(f) => out.success = f.success,
        _ => {}
    }
}

fn level_name(l: cargo_metadata::diagnostic::DiagnosticLevel) -> &'static str {
    use cargo_metadata::diagnostic::DiagnosticLevel as L;
    match l {
        L::Ice => "error: internal compiler error",
        L::Error => "error",
        L::Warning => "warning",
        L::FailureNote => "failure-note",
        L::Note => "note",
        L::Help => "help",
        _ => "note",
    }
}

/// Cargo's stderr without the lines every build prints.
fn strip_noise(stderr: &str) -> String {
    stderr
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            !(t.starts_with("Compiling ")
                || t.starts_with("Finished ")
                || t.starts_with("Executable ")
                || t.starts_with("Fresh ")
                || t.starts_with("Checking ")
                || t.starts_with("Downloaded ")
                || t.starts_with("Downloading ")
                || t.starts_with("Locking ")
                || t.starts_with("Adding ")
                || t.starts_with("Updating ")
                || t.starts_with("Blocking waiting"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `--emit` paths must be absolute: rustc runs in the workspace root.
pub fn emit_args(what: &str, out: &Path, extra: &[&str]) -> Vec<String> {
    let mut v = vec![format!("--emit={what}={},link", out.display())];
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pkg(standalone: bool) -> Package {
        Package {
            name: "p4_macros".into(),
            dir: "exercises/p4_macros".into(),
            standalone,
            edition: "2024".into(),
            targets: vec![],
            has_dependencies: false,
        }
    }

    #[test]
    fn test_build_command_line() {
        let req = BuildReq::new(
            &pkg(false),
            TargetSel::Bin("hashmap_macro".into()),
            Mode::Test,
        );
        let inv = req.invocation(Path::new("/c"), Path::new("/c/target/tutor"), false, &[]);
        assert_eq!(
            inv.display(),
            "cargo test --no-run -p p4_macros --bin hashmap_macro --message-format=json --target-dir /c/target/tutor"
        );
        assert_eq!(inv.cwd.as_deref(), Some(Path::new("/c")));
    }

    #[test]
    fn standalone_cross_rustc_and_clippy() {
        let mut req = BuildReq::new(&pkg(true), TargetSel::Lib, Mode::Build);
        req.triple = Some("thumbv7m-none-eabi".into());
        req.toolchain = Some("cross".into());
        req.profile = Some("wasm".into());
        let s = req
            .invocation(Path::new("/c"), Path::new("/t"), true, &[])
            .display();
        assert!(
            s.starts_with(
                "cargo +cross build --manifest-path exercises/p4_macros/Cargo.toml --lib"
            ),
            "{s}"
        );
        assert!(
            s.contains("--profile wasm --target thumbv7m-none-eabi"),
            "{s}"
        );
        assert!(s.contains("json-diagnostic-rendered-ansi"), "{s}");

        let req = BuildReq::new(
            &pkg(false),
            TargetSel::Bin("x".into()),
            Mode::Rustc(vec!["--emit=mir=/o.mir,link".into()]),
        );
        let s = req
            .invocation(Path::new("/c"), Path::new("/t"), false, &[])
            .display();
        assert!(s.starts_with("cargo rustc -p p4_macros --bin x"), "{s}");
        assert!(s.ends_with("-- --emit=mir=/o.mir,link"), "{s}");

        let req = BuildReq::new(&pkg(false), TargetSel::Bin("x".into()), Mode::Clippy);
        assert!(
            req.invocation(Path::new("/c"), Path::new("/t"), false, &[])
                .display()
                .ends_with("-- -D warnings")
        );

        let mut req = BuildReq::new(&pkg(false), TargetSel::Bin("x".into()), Mode::Test);
        req.targets.push(TargetSel::Bin("y".into()));
        req.keep_going = true;
        let s = req
            .invocation(Path::new("/c"), Path::new("/t"), false, &[])
            .display();
        assert!(
            s.starts_with("cargo build --tests -p p4_macros --keep-going"),
            "{s}"
        );
    }

    #[test]
    fn messages_are_parsed() {
        let mut out = BuildOutput::default();
        let mut events = Vec::new();
        let artifact = r#"{"reason":"compiler-artifact","package_id":"path+file:///c/exercises/p#0.1.0","manifest_path":"/c/exercises/p/Cargo.toml","target":{"kind":["bin"],"crate_types":["bin"],"name":"x","src_path":"/c/exercises/p/x.rs","edition":"2024","doc":true,"doctest":false,"test":true},"profile":{"opt_level":"0","debuginfo":0,"debug_assertions":true,"overflow_checks":true,"test":true},"features":[],"filenames":["/t/debug/deps/x-abc"],"executable":"/t/debug/deps/x-abc","fresh":false}"#;
        parse_line(artifact, &mut out, &mut |e| events.push(e));
        let msg = r#"{"reason":"compiler-message","package_id":"path+file:///c/exercises/p#0.1.0","manifest_path":"/c/exercises/p/Cargo.toml","target":{"kind":["bin"],"crate_types":["bin"],"name":"x","src_path":"/c/exercises/p/x.rs","edition":"2024","doc":true,"doctest":false,"test":true},"message":{"rendered":"error[E0599]: no method","$message_type":"diagnostic","children":[],"code":{"code":"E0599","explanation":null},"level":"error","message":"no method named `send`","spans":[{"byte_end":10,"byte_start":5,"column_end":9,"column_start":5,"expansion":null,"file_name":"exercises/p/checks/x_cfail1.rs","is_primary":true,"label":null,"line_end":4,"line_start":4,"suggested_replacement":null,"suggestion_applicability":null,"text":[]}]}}"#;
        parse_line(msg, &mut out, &mut |e| events.push(e));
        parse_line("not json at all", &mut out, &mut |e| events.push(e));
        parse_line(
            r#"{"reason":"build-finished","success":false}"#,
            &mut out,
            &mut |e| events.push(e),
        );
        assert_eq!(out.artifacts.len(), 1);
        assert!(out.artifacts[0].matches(&TargetSel::Bin("x".into()), true));
        assert!(!out.artifacts[0].matches(&TargetSel::Bin("x".into()), false));
        let (t, d) = &out.diagnostics[0];
        assert_eq!(
            (t.as_str(), d.code.as_deref(), d.line),
            ("x", Some("E0599"), 4)
        );
        assert_eq!(d.file.as_deref(), Some("exercises/p/checks/x_cfail1.rs"));
        assert!(!out.success);
        assert!(matches!(events[0], BuildEvent::Compiled { .. }));
    }
}
