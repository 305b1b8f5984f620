//! One function per check kind: what to build, what to run, how to judge.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};

use super::cargo::{BuildOutput, BuildReq, Mode, emit_args};
use super::process::{self, Exit, Finished, Invocation, Limits, Lines, Stop, explain_signal};
use super::{Observer, RunEvent, Runner, Step, annot, libtest, textdiff};
use crate::info::{Check, Emit, EmitSpec, Exercise, PerfSpec, Spec, TargetSel};
use crate::info::{WASI_TRIPLE, WASM_TRIPLE};
use crate::manifest::TargetKind;
use crate::toolchain::{Found, host_arch};
use crate::verdict::{Diagnostic, FailedTest, Outcome};

/// Output kept from a program the learner wrote (head and tail).
const PROGRAM_OUTPUT_CAP: usize = 1 << 20;
/// A program that prints more than this is stopped: a print in a loop would
/// otherwise keep the machine busy for as long as the timeout allows.
const MAX_PROGRAM_OUTPUT: u64 = 16 << 20;

pub(super) fn run(
    r: &Runner,
    ex: &Exercise,
    check: &Check,
    on: Observer,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Step> {
    if let Some(blocked) = blocked(r, check) {
        return Ok(Step::Fail(blocked));
    }
    match &check.spec {
        Spec::Test {
            args,
            expect_fail,
            features,
        } => test(r, ex, check, args, *expect_fail, features, on, warnings),
        Spec::Run {
            args,
            output,
            exit_code,
            features,
        } => run_program(
            r,
            ex,
            check,
            args,
            output.as_deref(),
            *exit_code,
            features,
            on,
            warnings,
        ),
        Spec::Build {
            triple,
            profile,
            features,
        } => {
            let mut req = req_for(r, ex, &check.target, mode_for(&check.target));
            req.triple = triple.clone();
            req.profile = profile.clone();
            req.features = features.clone();
            let b = match cross_build(r, &mut req, on)? {
                Ok(b) => b,
                Err(blocked) => return Ok(Step::Fail(blocked)),
            };
            if let Some(fail) = build_failed(ex, &check.target, &b, warnings) {
                return Ok(fail);
            }
            let on_what = triple
                .as_deref()
                .map(|t| format!(" for {t}"))
                .unwrap_or_default();
            Ok(Step::Pass(format!("{} builds{on_what}", check.target)))
        }
        Spec::CompileFail {
            code,
            message,
            line,
            file,
        } => compile_fail(
            r,
            ex,
            check,
            code.as_deref(),
            message.as_deref(),
            *line,
            file.as_deref(),
            on,
            warnings,
        ),
        Spec::Ui => ui(r, ex, check, on),
        Spec::Emit(spec) => emit(r, ex, check, spec, on, warnings),
        Spec::Perf(spec) => perf(r, ex, check, spec, on, warnings),
        Spec::Bench { ids, args, profile } => {
            bench(r, ex, check, ids, args, profile.as_deref(), on, warnings)
        }
        Spec::Clippy { triple } => clippy(r, ex, check, triple.as_deref(), on),
        Spec::Fmt => fmt(r, ex, on),
        Spec::Doc => doc(r, ex, check, on),
        Spec::Wasi(spec) => wasi(r, ex, check, spec, on, warnings),
        Spec::Wasm {
            spec,
            profile,
            config,
        } => wasm(r, ex, spec, profile, config.as_deref(), on, warnings),
        Spec::Qemu {
            output,
            exit_code,
            triple,
        } => qemu(r, ex, check, output, *exit_code, triple, on, warnings),
    }
}

/// The builds a check will make, for `prebuild` and `warm`.
pub(super) fn planned_builds(r: &Runner, ex: &Exercise, check: &Check) -> Vec<BuildReq> {
    let mut req = req_for(r, ex, &check.target, mode_for(&check.target));
    match &check.spec {
        Spec::Test { features, .. } => {
            req.mode = Mode::Test;
            req.features = features.clone();
            vec![req]
        }
        Spec::Run { features, .. } => {
            req.features = features.clone();
            vec![req]
        }
        Spec::CompileFail { .. } => {
            let own = own_target(ex);
            vec![req_for(r, ex, &own, mode_for(&own)), req]
        }
        Spec::Ui => vec![req],
        Spec::Qemu { triple, .. } => {
            req.triple = Some(triple.clone());
            req.toolchain = cross_toolchain(r, Some(triple));
            vec![req]
        }
        _ => Vec::new(),
    }
}

fn req_for(r: &Runner, ex: &Exercise, target: &TargetSel, mode: Mode) -> BuildReq {
    let _ = r;
    BuildReq::new(&ex.package, target.clone(), mode)
}

/// Tests and integration tests are built as test harnesses; the rest plainly.
fn mode_for(target: &TargetSel) -> Mode {
    match target {
        TargetSel::Test(_) | TargetSel::Tests => Mode::Test,
        TargetSel::Bench(_) => Mode::Bench,
        _ => Mode::Build,
    }
}

/// The exercise's own target: the one its main check builds.
fn own_target(ex: &Exercise) -> TargetSel {
    ex.checks
        .first()
        .map_or(TargetSel::Tests, |c| c.target.clone())
}

/// Builds `req` for its `triple` with the course's toolchain. When rustc says
/// the target is not installed, tries the toolchain `TUTOR_CROSS_TOOLCHAIN`
/// names (a machine where rustup cannot download targets), and otherwise
/// gives the check as blocked, with the commands that install the target.
/// Probing before every build would cost a rustc process on every verdict.
fn cross_build(
    r: &Runner,
    req: &mut BuildReq,
    on: Observer,
) -> Result<Result<Arc<BuildOutput>, Outcome>> {
    if req.toolchain.is_none() {
        req.toolchain = cross_toolchain(r, req.triple.as_deref());
    }
    let b = r.build(req, on)?;
    let Some(triple) = req.triple.clone() else {
        return Ok(Ok(b));
    };
    if b.success || !b.target_missing() || req.toolchain.is_some() {
        return Ok(Ok(b));
    }
    match r.tools.target(&triple) {
        Ok(Some(toolchain)) => {
            req.toolchain = Some(toolchain);
            Ok(Ok(r.build(req, on)?))
        }
        // Installed since that build was made (a prebuilt result): build again.
        Ok(None) => Ok(Ok(r.build_uncached(req, on)?)),
        Err((reason, fixes)) => Ok(Err(Outcome::Blocked { reason, fixes })),
    }
}

/// The toolchain to build `triple` with: `None` for the course's own, which
/// is all it takes unless `TUTOR_CROSS_TOOLCHAIN` names a fallback (and then
/// the probe runs once per process).
fn cross_toolchain(r: &Runner, triple: Option<&str>) -> Option<String> {
    triple.and_then(|t| r.tools.fallback_for(t))
}

/// A check that cannot run on this machine, and what to install.
fn blocked(r: &Runner, check: &Check) -> Option<Outcome> {
    let block = |reason: String, fixes: Vec<String>| Some(Outcome::Blocked { reason, fixes });
    let need = |f: Found| match f {
        Found::Yes(_) => None,
        Found::No { reason, fixes } => Some(Outcome::Blocked { reason, fixes }),
    };
    match &check.spec {
        // Targets are not probed here (a rustc process on every verdict):
        // `cross_build` notices a missing one from rustc's own error.
        Spec::Qemu { .. } => need(r.tools.qemu()),
        Spec::Wasi(_) => need(r.tools.node()),
        Spec::Emit(EmitSpec {
            what: Emit::Asm,
            arch,
            ..
        }) if arch != host_arch() => block(
            format!(
                "this check reads {arch} assembly, and this machine is {}",
                host_arch()
            ),
            vec![format!(
                "run this exercise on an {arch} machine; the other checks work here"
            )],
        ),
        Spec::Perf(PerfSpec::Ratio {
            instructions: true, ..
        }) => need(r.tools.valgrind()),
        Spec::Clippy { .. } => need(r.tools.clippy()),
        Spec::Fmt => need(r.tools.rustfmt()),
        _ => None,
    }
}

/// A failed build as the learner's outcome; `None` if it succeeded.
fn build_failed(
    ex: &Exercise,
    target: &TargetSel,
    b: &BuildOutput,
    warnings: &mut Vec<Diagnostic>,
) -> Option<Step> {
    collect_warnings(ex, b, warnings);
    if let Some(stop) = b.stopped {
        return Some(Step::Fail(match stop {
            Stop::Cancelled => Outcome::TimedOut {
                what: "the build".into(),
                verb: "finish",
                after: b.elapsed,
                advice: "stopped: a newer version of the file arrived".into(),
                output: String::new(),
            },
            _ => Outcome::TimedOut {
                what: "the build".into(),
                verb: "finish",
                after: b.elapsed,
                advice: "cargo printed nothing for 5 minutes: a procedural macro or build script may loop forever"
                    .into(),
                output: b.stderr.clone(),
            },
        }));
    }
    if b.success {
        return None;
    }
    let diagnostics: Vec<Diagnostic> = b
        .diagnostics
        .iter()
        .map(|(_, d)| d.clone())
        .filter(Diagnostic::is_error)
        .collect();
    Some(Step::Fail(Outcome::BuildError {
        target: target_label(ex, target),
        diagnostics,
        stderr: b.stderr.clone(),
    }))
}

fn collect_warnings(ex: &Exercise, b: &BuildOutput, warnings: &mut Vec<Diagnostic>) {
    for (_, d) in &b.diagnostics {
        let mine = d
            .file
            .as_deref()
            .is_some_and(|f| ex.learner_files().any(|p| same_file(p, f, &ex.package.dir)));
        if d.level == "warning" && mine && !warnings.contains(d) {
            warnings.push(d.clone());
        }
    }
}

/// `course_rel` (relative to the course) is the file rustc calls `reported`
/// (relative to the workspace root, which is the package dir for a standalone package).
fn same_file(course_rel: &Path, reported: &str, package_dir: &Path) -> bool {
    let reported = Path::new(reported);
    course_rel == reported
        || course_rel == package_dir.join(reported)
        || course_rel.ends_with(reported)
}

fn target_label(ex: &Exercise, target: &TargetSel) -> String {
    match target {
        TargetSel::Bin(n) if *n == ex.name => ex.path.display().to_string(),
        TargetSel::Bin(n) | TargetSel::Test(n) | TargetSel::Bench(n) => n.clone(),
        TargetSel::Lib | TargetSel::Tests => format!("{} ({})", ex.package.name, target),
    }
}

fn limits(r: &Runner, timeout: Duration) -> Limits {
    Limits {
        timeout: Some(timeout),
        cap: PROGRAM_OUTPUT_CAP,
        cancel: r.cancel.clone(),
        max_output: Some(MAX_PROGRAM_OUTPUT),
        ..Default::default()
    }
}

fn exec(r: &Runner, inv: &Invocation, timeout: Duration) -> Result<Finished> {
    process::run(inv, &limits(r, timeout), Lines::default())
        .with_context(|| format!("running {}", inv.display()))
}

/// Programs run where `cargo run` / `cargo test` would run them: in the package directory.
fn program(r: &Runner, ex: &Exercise, exe: &Path) -> Invocation {
    Invocation::new(exe).cwd(r.abs(&ex.package.dir))
}

fn stopped_outcome(what: &str, f: &Finished, timeout: Duration, advice: &str) -> Option<Outcome> {
    match f.stopped? {
        Stop::Cancelled => Some(Outcome::TimedOut {
            what: what.into(),
            verb: "finish",
            after: f.elapsed,
            advice: "stopped: a newer version of the file arrived".into(),
            output: String::new(),
        }),
        Stop::OutputLimit => Some(Outcome::Flooded {
            what: what.into(),
            limit: MAX_PROGRAM_OUTPUT,
            output: both(f),
        }),
        _ => Some(Outcome::TimedOut {
            what: what.into(),
            verb: "finish",
            after: timeout,
            advice: advice.into(),
            output: both(f),
        }),
    }
}

fn both(f: &Finished) -> String {
    let (out, err) = (f.stdout.text(), f.stderr.text());
    match (out.trim().is_empty(), err.trim().is_empty()) {
        (_, true) => out,
        (true, false) => err,
        (false, false) => format!("{out}\n{err}"),
    }
}

fn crashed(what: &str, f: &Finished) -> Option<Outcome> {
    match f.exit {
        Exit::Signal(sig) if f.stopped.is_none() => Some(Outcome::Crashed {
            what: what.into(),
            signal: sig,
            explanation: explain_signal(sig),
            output: both(f),
        }),
        _ => None,
    }
}

fn color_args(r: &Runner) -> [&'static str; 2] {
    ["--color", if r.color { "always" } else { "never" }]
}

fn executables<'a>(b: &'a BuildOutput, target: &TargetSel, test: bool) -> Vec<&'a Path> {
    b.artifacts
        .iter()
        .filter(|a| a.matches(target, test))
        .filter_map(|a| a.executable.as_deref())
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn test(
    r: &Runner,
    ex: &Exercise,
    check: &Check,
    args: &[String],
    expect_fail: bool,
    features: &[String],
    on: Observer,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Step> {
    let mut req = req_for(r, ex, &check.target, Mode::Test);
    req.features = features.to_vec();
    let b = r.build(&req, on)?;
    if let Some(fail) = build_failed(ex, &check.target, &b, warnings) {
        return Ok(fail);
    }
    let exes = executables(&b, &check.target, true);
    if exes.is_empty() {
        let msg = format!("cargo built no test harness for {}", check.target);
        return Ok(Step::Fail(Outcome::CheckFailed {
            check: "test".into(),
            message: msg,
            details: b.command.clone(),
        }));
    }
    let (mut passed, mut failed, mut output) = (0, Vec::new(), String::new());
    on(RunEvent::Step("running the tests".into()));
    for exe in exes {
        let inv = program(r, ex, exe).args(color_args(r)).args(args);
        let f = exec(r, &inv, check.timeout)?;
        if let Some(mut o) = stopped_outcome(
            "the tests",
            &f,
            check.timeout,
            "a test may loop forever or wait for something that never comes",
        ) {
            if let Outcome::TimedOut { advice, .. } = &mut o {
                let unfinished = unfinished_tests(r, ex, exe, &libtest::parse(&f.stdout.text()));
                if !unfinished.is_empty() {
                    let _ = write!(advice, "; still running: {}", unfinished.join(", "));
                }
            }
            return Ok(Step::Fail(o));
        }
        if let Some(o) = crashed("the tests", &f) {
            return Ok(Step::Fail(o));
        }
        let text = f.stdout.text();
        let report = libtest::parse(&text);
        passed += report.passed;
        if f.exit != Exit::Code(0) && report.failed.is_empty() {
            // The harness failed outside any test (bad arguments, a panic in a
            // static initializer): show what it said.
            failed.push(FailedTest {
                name: "(the test harness)".into(),
                output: both(&f),
            });
        }
        failed.extend(report.failed);
        output.push_str(&text);
    }
    // Tests finish in any order; the report lists them by name.
    failed.sort_by(|a, b| a.name.cmp(&b.name));
    let target = target_label(ex, &check.target);
    if expect_fail {
        return Ok(if failed.is_empty() {
            Step::Fail(Outcome::TestsFailed {
                target,
                failed,
                passed,
                unexpected_pass: true,
                output,
            })
        } else {
            Step::Pass(format!(
                "the tests catch the planted bug ({} failing)",
                failed.len()
            ))
        });
    }
    Ok(if failed.is_empty() {
        Step::Pass(format!(
            "{passed} test{} pass",
            if passed == 1 { "" } else { "s" }
        ))
    } else {
        Step::Fail(Outcome::TestsFailed {
            target,
            failed,
            passed,
            unexpected_pass: false,
            output,
        })
    })
}

/// Tests a timed-out harness had not finished: listed minus reported.
fn unfinished_tests(
    r: &Runner,
    ex: &Exercise,
    exe: &Path,
    report: &libtest::TestReport,
) -> Vec<String> {
    let inv = program(r, ex, exe).args(["--list", "--format", "terse"]);
    let Ok(f) = exec(r, &inv, Duration::from_secs(5)) else {
        return Vec::new();
    };
    f.stdout
        .text()
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .filter(|n| {
            !report.finished.iter().any(|x| x == n) && !report.failed.iter().any(|x| x.name == *n)
        })
        .map(str::to_string)
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn run_program(
    r: &Runner,
    ex: &Exercise,
    check: &Check,
    args: &[String],
    expected: Option<&str>,
    exit_code: i32,
    features: &[String],
    on: Observer,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Step> {
    let mut req = req_for(r, ex, &check.target, Mode::Build);
    req.features = features.to_vec();
    let b = r.build(&req, on)?;
    if let Some(fail) = build_failed(ex, &check.target, &b, warnings) {
        return Ok(fail);
    }
    let Some(exe) = executables(&b, &check.target, false).into_iter().next() else {
        let msg = format!("cargo built no program for {}", check.target);
        return Ok(Step::Fail(Outcome::CheckFailed {
            check: "run".into(),
            message: msg,
            details: b.command.clone(),
        }));
    };
    on(RunEvent::Step("running the program".into()));
    let f = exec(r, &program(r, ex, exe).args(args), check.timeout)?;
    if let Some(o) = stopped_outcome(
        "the program",
        &f,
        check.timeout,
        "it may loop forever or wait for input",
    ) {
        return Ok(Step::Fail(o));
    }
    if let Some(o) = crashed("the program", &f) {
        return Ok(Step::Fail(o));
    }
    let code = match f.exit {
        Exit::Code(c) => Some(c),
        Exit::Signal(_) => None,
    };
    let actual = f.stdout.text();
    let output_ok = expected.is_none_or(|e| textdiff::normalize(e) == textdiff::normalize(&actual));
    if output_ok && code == Some(exit_code) {
        return Ok(Step::Pass(match expected {
            Some(_) => "the output is right".into(),
            None => "the program runs to the end".into(),
        }));
    }
    Ok(Step::Fail(Outcome::WrongOutput {
        expected: expected
            .map(str::to_string)
            .unwrap_or_else(|| actual.clone()),
        actual,
        expected_code: exit_code,
        code,
        stderr: f.stderr.text(),
    }))
}

#[allow(clippy::too_many_arguments)]
fn compile_fail(
    r: &Runner,
    ex: &Exercise,
    check: &Check,
    code: Option<&str>,
    message: Option<&str>,
    line: Option<usize>,
    file: Option<&Path>,
    on: Observer,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Step> {
    // The exercise itself must build: the misuse must fail because of the
    // learner's design, not because their file does not compile.
    let own = own_target(ex);
    let b = r.build(&req_for(r, ex, &own, mode_for(&own)), on)?;
    if let Some(fail) = build_failed(ex, &own, &b, warnings) {
        return Ok(fail);
    }
    let b = r.build(&req_for(r, ex, &check.target, mode_for(&check.target)), on)?;
    let target = target_label(ex, &check.target);
    let mut expected = String::new();
    if let Some(c) = code {
        let _ = write!(expected, "error[{c}]");
    }
    if let Some(m) = message {
        let _ = write!(
            expected,
            "{}\"{m}\"",
            if expected.is_empty() {
                "an error containing "
            } else {
                " containing "
            }
        );
    }
    let source = file
        .map(Path::to_path_buf)
        .or_else(|| source_of(ex, &check.target));
    if let Some(l) = line {
        let _ = write!(expected, " at line {l}");
        if let Some(s) = &source {
            let _ = write!(expected, " of {}", s.display());
        }
    }
    if let Some(stop) = b.stopped {
        let _ = stop;
        let mut w = Vec::new();
        return Ok(build_failed(ex, &check.target, &b, &mut w).expect("a stopped build fails"));
    }
    if b.success {
        return Ok(Step::Fail(Outcome::MisuseCompiled { target, expected }));
    }
    let errors: Vec<Diagnostic> = b.errors().cloned().collect();
    let hit = errors.iter().find(|d| {
        code.is_none_or(|c| d.code.as_deref() == Some(c))
            && message
                .is_none_or(|m| d.message.contains(m) || d.children.iter().any(|c| c.contains(m)))
            && line.is_none_or(|l| {
                d.line == l
                    && match (&source, &d.file) {
                        (Some(s), Some(f)) => same_file(s, f, &ex.package.dir),
                        _ => true,
                    }
            })
    });
    Ok(match hit {
        Some(d) => Step::Pass(format!(
            "misuse rejected: {} (line {})",
            d.headline(),
            d.line
        )),
        None => Step::Fail(Outcome::WrongError {
            target,
            expected,
            diagnostics: errors,
        }),
    })
}

/// The source file of a target, relative to the course root.
fn source_of(ex: &Exercise, target: &TargetSel) -> Option<PathBuf> {
    let p = &ex.package;
    let t = match target {
        TargetSel::Bin(n) => p.target(TargetKind::Bin, n),
        TargetSel::Test(n) => p.target(TargetKind::Test, n),
        TargetSel::Bench(n) => p.target(TargetKind::Bench, n),
        TargetSel::Lib => p.lib(),
        TargetSel::Tests => None,
    };
    t.map(|t| t.path.clone())
}

fn ui(r: &Runner, ex: &Exercise, check: &Check, on: Observer) -> Result<Step> {
    let fail = |message: String, details: String| {
        Step::Fail(Outcome::CheckFailed {
            check: "ui".into(),
            message,
            details,
        })
    };
    let Some(source) = source_of(ex, &check.target) else {
        return Ok(fail(
            format!("{} has no single source file", check.target),
            String::new(),
        ));
    };
    let text = std::fs::read_to_string(r.abs(&source))
        .with_context(|| format!("reading {}", source.display()))?;
    let annots = match annot::parse(&text) {
        Ok(a) if a.is_empty() => {
            return Ok(fail(
                format!("{} has no //~ annotations yet", source.display()),
                "write one after each line the compiler must reject, e.g. `//~ ERROR E0382`".into(),
            ));
        }
        Ok(a) => a,
        Err(e) => {
            return Ok(fail(
                format!("a malformed annotation in {}", source.display()),
                e,
            ));
        }
    };
    let b = r.build(&req_for(r, ex, &check.target, mode_for(&check.target)), on)?;
    let diags: Vec<&Diagnostic> = b
        .diagnostics
        .iter()
        .map(|(_, d)| d)
        .filter(|d| {
            d.file
                .as_deref()
                .is_some_and(|f| same_file(&source, f, &ex.package.dir))
        })
        .collect();
    let problems = annot::mismatches(&annots, &diags);
    if problems.is_empty() {
        return Ok(Step::Pass(format!(
            "{} annotations match the compiler's diagnostics",
            annots.len()
        )));
    }
    let mut details = problems.join("\n");
    let rendered: Vec<&str> = diags.iter().map(|d| d.rendered.as_str()).collect();
    if !rendered.is_empty() {
        details.push_str("\n\nWhat the compiler said:\n");
        details.push_str(&rendered.join("\n"));
    }
    Ok(fail(
        format!(
            "{} of {} annotations do not match",
            problems.len().min(annots.len()),
            annots.len()
        ),
        details,
    ))
}

fn emit(
    r: &Runner,
    ex: &Exercise,
    check: &Check,
    spec: &EmitSpec,
    on: Observer,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Step> {
    let (kind, ext) = match spec.what {
        Emit::Mir => ("mir", "mir"),
        Emit::Asm => ("asm", "s"),
    };
    let dir = r.scratch_dir();
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    // One file per package, target, profile and kind: when cargo finds the
    // crate fresh it does not run rustc, and the file from the last build
    // (of these very sources) is the answer. The file is never deleted first.
    let target = check.target.to_string().replace(':', "-");
    let out = dir.join(format!(
        "{}-{target}-{}.{ext}",
        ex.package.name, spec.profile
    ));
    let mut extra = vec!["-C", "codegen-units=1"];
    if spec.what == Emit::Asm && host_arch() == "x86_64" {
        extra.extend(["-C", "llvm-args=-x86-asm-syntax=intel"]);
    }
    let mut req = req_for(
        r,
        ex,
        &check.target,
        Mode::Rustc(emit_args(kind, &out, &extra)),
    );
    if spec.profile != "dev" {
        req.profile = Some(spec.profile.clone());
    }
    let mut b = r.build(&req, on)?;
    if b.success && !out.exists() {
        // Fresh, but the file is gone: make rustc run again with a flag that
        // changes nothing but the fingerprint.
        let nonce = format!("--cfg=tutor_emit_{}", std::process::id());
        let mut args = emit_args(kind, &out, &extra);
        args.push(nonce);
        req.mode = Mode::Rustc(args);
        b = r.build(&req, on)?;
    }
    if let Some(fail) = build_failed(ex, &check.target, &b, warnings) {
        return Ok(fail);
    }
    let fail = |message: String, details: String| {
        Step::Fail(Outcome::CheckFailed {
            check: kind.into(),
            message,
            details,
        })
    };
    let Ok(text) = std::fs::read_to_string(&out) else {
        return Ok(fail(
            format!("rustc wrote no {kind} output"),
            b.command.clone(),
        ));
    };
    let body = match spec.what {
        Emit::Mir => mir_body(&text, &spec.function),
        Emit::Asm => asm_body(&text, &spec.function),
    };
    let Some(body) = body else {
        let hint = match spec.what {
            Emit::Mir => "is it still there, and used (unused private functions are not compiled)?",
            Emit::Asm => {
                "keep #[unsafe(no_mangle)] and #[inline(never)] on it so it exists under its own name"
            }
        };
        return Ok(fail(
            format!(
                "there is no function `{}` in the {kind}: {hint}",
                spec.function
            ),
            String::new(),
        ));
    };
    let shown = || truncate_lines(&body, 80);
    for p in &spec.contains {
        if !p.regex.is_match(&body) {
            return Ok(fail(
                format!("`{}` does not contain `{}` yet", spec.function, p.source),
                shown(),
            ));
        }
    }
    for p in &spec.absent {
        if let Some(line) = body.lines().find(|l| p.regex.is_match(l)) {
            let msg = format!(
                "`{}` still contains `{}`: {}",
                spec.function,
                p.source,
                line.trim()
            );
            return Ok(fail(msg, shown()));
        }
    }
    let mut from = 0;
    for (i, p) in spec.in_order.iter().enumerate() {
        match p.regex.find(&body[from..]) {
            Some(m) => from += m.end(),
            None => {
                let after = if i == 0 {
                    String::new()
                } else {
                    format!(" after `{}`", spec.in_order[i - 1].source)
                };
                return Ok(fail(
                    format!("`{}` does not have `{}`{after}", spec.function, p.source),
                    shown(),
                ));
            }
        }
    }
    Ok(Step::Pass(format!(
        "the {} of `{}` is as required",
        kind.to_uppercase(),
        spec.function
    )))
}

fn truncate_lines(s: &str, n: usize) -> String {
    let lines: Vec<&str> = s.lines().collect();
    if lines.len() <= n {
        return s.to_string();
    }
    format!(
        "{}\n[... {} more lines ...]",
        lines[..n].join("\n"),
        lines.len() - n
    )
}

/// The MIR body of `function`: from its `fn` line to the closing `}`.
pub(crate) fn mir_body(text: &str, function: &str) -> Option<String> {
    let mut lines = text.lines();
    let start = lines.by_ref().find(|l| {
        l.strip_prefix("fn ")
            .and_then(|rest| rest.split('(').next())
            .is_some_and(|path| {
                let path = path.split('<').next().unwrap_or(path);
                path == function || path.ends_with(&format!("::{function}"))
            })
    })?;
    let mut body = vec![start];
    for l in lines {
        body.push(l);
        if l == "}" {
            break;
        }
    }
    Some(body.join("\n"))
}

/// The assembly of the symbol `function`: from its label to the end marker.
pub(crate) fn asm_body(text: &str, function: &str) -> Option<String> {
    let labels = [format!("{function}:"), format!("_{function}:")];
    let mut lines = text.lines();
    let start = lines
        .by_ref()
        .find(|l| labels.iter().any(|x| l.trim_end() == x))?;
    let mut body = vec![start];
    for l in lines {
        if l.starts_with(".Lfunc_end") || l.trim_start().starts_with(".cfi_endproc") {
            break;
        }
        body.push(l);
    }
    Some(body.join("\n"))
}

fn perf(
    r: &Runner,
    ex: &Exercise,
    check: &Check,
    spec: &PerfSpec,
    on: Observer,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Step> {
    let fail = |message: String, details: String| {
        Step::Fail(Outcome::CheckFailed {
            check: "perf".into(),
            message,
            details,
        })
    };
    match spec {
        PerfSpec::Ratio {
            instructions,
            min_ratio,
            args,
            profile,
        } => {
            let mut req = req_for(r, ex, &check.target, Mode::Build);
            req.profile = Some(profile.clone());
            let b = r.build(&req, on)?;
            if let Some(f) = build_failed(ex, &check.target, &b, warnings) {
                return Ok(f);
            }
            let Some(exe) = executables(&b, &check.target, false).into_iter().next() else {
                return Ok(fail(
                    "no harness program was built".into(),
                    b.command.clone(),
                ));
            };
            let (base, cand, unit) = if *instructions {
                on(RunEvent::Step("counting instructions (valgrind)".into()));
                let mut counts = Vec::new();
                for side in ["empty", "baseline", "candidate"] {
                    let Found::Yes(valgrind) = r.tools.valgrind() else {
                        unreachable!("checked in blocked()")
                    };
                    let inv = Invocation::new(valgrind)
                        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
                        .arg(exe)
                        .args(args)
                        .cwd(r.abs(&ex.package.dir))
                        .env(tutor_perf_env(), side);
                    let f = exec(r, &inv, check.timeout)?;
                    if let Some(o) = stopped_outcome(
                        "the measurement",
                        &f,
                        check.timeout,
                        "the code under test is too slow under valgrind",
                    ) {
                        return Ok(Step::Fail(o));
                    }
                    match collected(&f.stderr.text()) {
                        Some(n) if f.exit == Exit::Code(0) => counts.push(n),
                        _ => {
                            return Ok(fail(
                                format!("the {side} run failed under valgrind"),
                                both(&f),
                            ));
                        }
                    }
                }
                let (e, b, c) = (counts[0], counts[1], counts[2]);
                (
                    b.saturating_sub(e).max(1) as f64,
                    c.saturating_sub(e).max(1) as f64,
                    "instructions",
                )
            } else {
                on(RunEvent::Step("measuring".into()));
                let f = exec(r, &program(r, ex, exe).args(args), check.timeout)?;
                if let Some(o) = stopped_outcome(
                    "the measurement",
                    &f,
                    check.timeout,
                    "the code under test may be far too slow, or loop",
                ) {
                    return Ok(Step::Fail(o));
                }
                if let Some(o) = crashed("the measurement", &f) {
                    return Ok(Step::Fail(o));
                }
                if f.exit != Exit::Code(0) {
                    return Ok(fail(
                        "the harness failed: is the result still correct?".into(),
                        both(&f),
                    ));
                }
                let text = f.stdout.text();
                let (Some(b), Some(c)) = (
                    field(&text, "tutor-perf:", "baseline_ns"),
                    field(&text, "tutor-perf:", "candidate_ns"),
                ) else {
                    return Ok(fail(
                        "the harness printed no tutor-perf line".into(),
                        both(&f),
                    ));
                };
                (b as f64, c as f64, "ns")
            };
            let ratio = base / cand;
            let figures = format!(
                "baseline {} {unit}, yours {} {unit}",
                fmt_num(base),
                fmt_num(cand)
            );
            Ok(if ratio >= *min_ratio {
                Step::Pass(format!(
                    "{ratio:.1}× faster than the baseline ({figures}; the gate is {min_ratio}×)"
                ))
            } else {
                fail(
                    format!("{ratio:.2}× the baseline's speed; the gate is {min_ratio}×"),
                    figures,
                )
            })
        }
        PerfSpec::Allocations {
            max_blocks,
            max_bytes,
            args,
            profile,
        } => {
            let mut req = req_for(r, ex, &check.target, Mode::Build);
            if profile != "dev" {
                req.profile = Some(profile.clone());
            }
            let b = r.build(&req, on)?;
            if let Some(f) = build_failed(ex, &check.target, &b, warnings) {
                return Ok(f);
            }
            let Some(exe) = executables(&b, &check.target, false).into_iter().next() else {
                return Ok(fail(
                    "no harness program was built".into(),
                    b.command.clone(),
                ));
            };
            on(RunEvent::Step("counting allocations".into()));
            let f = exec(r, &program(r, ex, exe).args(args), check.timeout)?;
            if let Some(o) = stopped_outcome(
                "the measurement",
                &f,
                check.timeout,
                "the code under test may loop",
            ) {
                return Ok(Step::Fail(o));
            }
            if let Some(o) = crashed("the measurement", &f) {
                return Ok(Step::Fail(o));
            }
            let text = f.stdout.text();
            let (Some(blocks), Some(bytes)) = (
                field(&text, "tutor-alloc:", "blocks"),
                field(&text, "tutor-alloc:", "bytes"),
            ) else {
                return Ok(fail(
                    "the harness failed before measuring: is the result still correct?".into(),
                    both(&f),
                ));
            };
            let mut over = Vec::new();
            if let Some(m) = max_blocks.filter(|m| blocks > *m) {
                over.push(format!("{blocks} allocations, the budget is {m}"));
            }
            if let Some(m) = max_bytes.filter(|m| bytes > *m) {
                over.push(format!("{bytes} bytes allocated, the budget is {m}"));
            }
            Ok(if over.is_empty() {
                Step::Pass(format!(
                    "{blocks} allocations, {bytes} bytes: within the budget"
                ))
            } else {
                fail(over.join("; "), text)
            })
        }
        PerfSpec::Size {
            profile,
            config,
            max_bytes,
            baseline,
        } => {
            let mut req = req_for(r, ex, &check.target, Mode::Build);
            req.profile = Some(profile.clone());
            req.config = config.as_ref().map(|c| r.abs(c));
            let b = r.build(&req, on)?;
            if let Some(f) = build_failed(ex, &check.target, &b, warnings) {
                return Ok(f);
            }
            let Some(size) = artifact_size(&b, &check.target) else {
                return Ok(fail("no program was built".into(), b.command.clone()));
            };
            let mut verdict = Vec::new();
            let mut ok = true;
            if let Some((base_target, fraction)) = baseline {
                let mut breq = req_for(r, ex, base_target, Mode::Build);
                breq.profile = Some("release".into());
                let bb = r.build(&breq, on)?;
                if let Some(f) = build_failed(ex, base_target, &bb, warnings) {
                    return Ok(f);
                }
                let base = artifact_size(&bb, base_target).unwrap_or(0).max(1);
                let got = size as f64 / base as f64;
                ok &= got <= *fraction;
                verdict.push(format!(
                    "{} against a {} baseline ({:.0}% of it; the budget is {:.0}%)",
                    process::human_bytes(size),
                    process::human_bytes(base),
                    got * 100.0,
                    fraction * 100.0
                ));
            }
            if let Some(m) = max_bytes {
                ok &= size <= *m;
                verdict.push(format!(
                    "{} (the budget is {})",
                    process::human_bytes(size),
                    process::human_bytes(*m)
                ));
            }
            let line = verdict.join("; ");
            Ok(if ok {
                Step::Pass(format!("binary size: {line}"))
            } else {
                fail(format!("too big: {line}"), String::new())
            })
        }
    }
}

/// The environment variable `tutor_checks::perf` reads.
fn tutor_perf_env() -> &'static str {
    "TUTOR_PERF_SIDE"
}

fn artifact_size(b: &BuildOutput, target: &TargetSel) -> Option<u64> {
    let a = b.artifacts.iter().find(|a| a.matches(target, false))?;
    let path = a
        .executable
        .clone()
        .or_else(|| a.filenames.first().cloned())?;
    std::fs::metadata(path).ok().map(|m| m.len())
}

/// `key=value` on the line that starts with `prefix`.
fn field(text: &str, prefix: &str, key: &str) -> Option<u64> {
    let line = text.lines().rev().find(|l| l.starts_with(prefix))?;
    line.split_whitespace()
        .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('=')?.parse().ok())
}

/// Callgrind's "Collected : N" total.
fn collected(stderr: &str) -> Option<u64> {
    stderr
        .lines()
        .find_map(|l| l.split("Collected :").nth(1)?.trim().parse().ok())
}

fn fmt_num(x: f64) -> String {
    let n = x.round() as u64;
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn bench(
    r: &Runner,
    ex: &Exercise,
    check: &Check,
    ids: &[String],
    args: &[String],
    profile: Option<&str>,
    on: Observer,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Step> {
    let mut req = req_for(r, ex, &check.target, Mode::Bench);
    req.profile = profile.map(str::to_string);
    let b = r.build(&req, on)?;
    if let Some(f) = build_failed(ex, &check.target, &b, warnings) {
        return Ok(f);
    }
    let Some(exe) = executables(&b, &check.target, true).into_iter().next() else {
        let msg = "no benchmark program was built".to_string();
        return Ok(Step::Fail(Outcome::CheckFailed {
            check: "bench".into(),
            message: msg,
            details: b.command.clone(),
        }));
    };
    on(RunEvent::Step("running the benchmark".into()));
    let f = exec(
        r,
        &program(r, ex, exe).arg("--bench").args(args),
        check.timeout,
    )?;
    if let Some(o) = stopped_outcome(
        "the benchmark",
        &f,
        check.timeout,
        "a benchmarked function may loop",
    ) {
        return Ok(Step::Fail(o));
    }
    if let Some(o) = crashed("the benchmark", &f) {
        return Ok(Step::Fail(o));
    }
    let text = libtest::strip_ansi(&both(&f));
    if f.exit != Exit::Code(0) {
        let msg = "the benchmark program failed".to_string();
        return Ok(Step::Fail(Outcome::CheckFailed {
            check: "bench".into(),
            message: msg,
            details: text,
        }));
    }
    let missing: Vec<&String> = ids
        .iter()
        .filter(|id| !text.contains(id.as_str()))
        .collect();
    Ok(if missing.is_empty() {
        Step::Pass(format!("the benchmark reports {}", ids.join(", ")))
    } else {
        let list: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
        Step::Fail(Outcome::CheckFailed {
            check: "bench".into(),
            message: format!("the benchmark does not report {}", list.join(", ")),
            details: text,
        })
    })
}

fn clippy(
    r: &Runner,
    ex: &Exercise,
    check: &Check,
    triple: Option<&str>,
    on: Observer,
) -> Result<Step> {
    let mut req = req_for(r, ex, &check.target, Mode::Clippy);
    req.triple = triple.map(str::to_string);
    let b = match cross_build(r, &mut req, on)? {
        Ok(b) => b,
        Err(blocked) => return Ok(Step::Fail(blocked)),
    };
    let mut ignored = Vec::new();
    if b.success || b.stopped.is_some() {
        return Ok(build_failed(ex, &check.target, &b, &mut ignored)
            .unwrap_or_else(|| Step::Pass("clippy finds nothing".into())));
    }
    // Under -D warnings every lint is an error; a hard error has an E-code or
    // none; no error at all means cargo itself failed.
    let hard = b.errors().next().is_none()
        || b.errors().any(|d| {
            d.code
                .as_deref()
                .is_none_or(|c| c.starts_with('E') && c[1..].chars().all(|x| x.is_ascii_digit()))
        });
    if hard {
        return Ok(build_failed(ex, &check.target, &b, &mut ignored).expect("failed build"));
    }
    let lints: Vec<String> = b.errors().map(|d| d.rendered.clone()).collect();
    Ok(Step::Fail(Outcome::CheckFailed {
        check: "clippy".into(),
        message: format!(
            "clippy has {} complaint{}",
            lints.len(),
            if lints.len() == 1 { "" } else { "s" }
        ),
        details: lints.join("\n"),
    }))
}

fn fmt(r: &Runner, ex: &Exercise, on: Observer) -> Result<Step> {
    on(RunEvent::Step("running rustfmt --check".into()));
    let Found::Yes(rustfmt) = r.tools.rustfmt() else {
        unreachable!("checked in blocked()")
    };
    let files: Vec<PathBuf> = ex
        .learner_files()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| r.abs(p))
        .collect();
    let inv = Invocation::new(rustfmt)
        .args(["--check", "--edition", &ex.package.edition])
        .args(&files)
        .cwd(&r.root);
    let f = exec(r, &inv, Duration::from_secs(30))?;
    if f.exit == Exit::Code(0) {
        return Ok(Step::Pass("formatted as rustfmt formats it".into()));
    }
    let diff = f
        .stdout
        .text()
        .replace(&format!("{}/", r.root.display()), "");
    let (message, details) = if diff.trim().is_empty() {
        ("rustfmt cannot parse the file".to_string(), f.stderr.text())
    } else {
        (
            "not formatted as rustfmt would format it (run `rustfmt` on the file)".to_string(),
            diff,
        )
    };
    Ok(Step::Fail(Outcome::CheckFailed {
        check: "fmt".into(),
        message,
        details,
    }))
}

fn doc(r: &Runner, ex: &Exercise, check: &Check, on: Observer) -> Result<Step> {
    on(RunEvent::Step("running the doc tests".into()));
    let mut inv = Invocation::new("cargo")
        .cwd(&r.root)
        .args(["test", "--doc"]);
    inv = if ex.package.standalone {
        inv.arg("--manifest-path")
            .arg(ex.package.dir.join("Cargo.toml"))
    } else {
        inv.args(["-p", &ex.package.name])
    };
    inv = inv
        .args(["--color", if r.color { "always" } else { "never" }])
        .arg("--target-dir")
        .arg(&r.cargo.target_dir)
        .env_remove("CARGO_TARGET_DIR");
    for c in &r.cargo.config {
        inv = inv.args(["--config", c]);
    }
    let limits = Limits {
        idle_timeout: Some(check.timeout.max(Duration::from_secs(120))),
        cap: PROGRAM_OUTPUT_CAP,
        cancel: r.cancel.clone(),
        ..Default::default()
    };
    let f = r.cargo.run_other(&inv, limits, Lines::default())?;
    if let Some(o) = stopped_outcome(
        "the doc tests",
        &f,
        check.timeout,
        "a doc test may loop forever",
    ) {
        return Ok(Step::Fail(o));
    }
    let stdout = f.stdout.text();
    let report = libtest::parse(&stdout);
    if f.exit == Exit::Code(0) {
        return Ok(Step::Pass(format!(
            "{} doc test{} pass",
            report.passed,
            if report.passed == 1 { "" } else { "s" }
        )));
    }
    if !report.completed && report.failed.is_empty() {
        // The library itself did not compile.
        return Ok(Step::Fail(Outcome::BuildError {
            target: format!("{} (lib)", ex.package.name),
            diagnostics: Vec::new(),
            stderr: f.stderr.text(),
        }));
    }
    Ok(Step::Fail(Outcome::TestsFailed {
        target: format!("{} (doc tests)", ex.package.name),
        failed: report.failed,
        passed: report.passed,
        unexpected_pass: false,
        output: stdout,
    }))
}

#[allow(clippy::too_many_arguments)]
fn qemu(
    r: &Runner,
    ex: &Exercise,
    check: &Check,
    expected: &str,
    exit_code: i32,
    triple: &str,
    on: Observer,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Step> {
    let mut req = req_for(r, ex, &check.target, Mode::Build);
    req.triple = Some(triple.into());
    let b = match cross_build(r, &mut req, on)? {
        Ok(b) => b,
        Err(blocked) => return Ok(Step::Fail(blocked)),
    };
    if let Some(f) = build_failed(ex, &check.target, &b, warnings) {
        return Ok(f);
    }
    let Some(elf) = executables(&b, &check.target, false)
        .into_iter()
        .next()
        .map(Path::to_path_buf)
    else {
        let msg = format!("cargo built no program for {}", check.target);
        return Ok(Step::Fail(Outcome::CheckFailed {
            check: "qemu".into(),
            message: msg,
            details: b.command.clone(),
        }));
    };
    let Found::Yes(qemu) = r.tools.qemu() else {
        unreachable!("checked in blocked()")
    };
    on(RunEvent::Step(
        "running on the emulated board (QEMU)".into(),
    ));
    let inv = Invocation::new(qemu)
        .args(qemu_args(&elf))
        .cwd(r.abs(&ex.package.dir));
    let f = exec(r, &inv, check.timeout)?;
    let advice = "is the panic handler a loop? A program on the board must end with a semihosting exit \
                  (cortex_m_semihosting::debug::exit)";
    if let Some(mut o) = stopped_outcome("the program (in QEMU)", &f, check.timeout, advice) {
        if let Outcome::TimedOut {
            what, verb, output, ..
        } = &mut o
        {
            *what = "the program on the board".into();
            *verb = "exit";
            *output = qemu_output(&f.stdout.text());
        }
        return Ok(Step::Fail(o));
    }
    let actual = qemu_output(&f.stdout.text());
    let noise = qemu_stderr(&f.stderr.text());
    let code = match f.exit {
        Exit::Code(c) => c,
        Exit::Signal(s) => {
            return Ok(Step::Fail(Outcome::Crashed {
                what: "QEMU".into(),
                signal: s,
                explanation: explain_signal(s),
                output: format!("{actual}\n{noise}"),
            }));
        }
    };
    let output_ok = textdiff::normalize(expected) == textdiff::normalize(&actual);
    if output_ok && code == exit_code {
        return Ok(Step::Pass(
            "the board printed the right output and exited as expected".into(),
        ));
    }
    let mut details = textdiff::diff(
        &textdiff::normalize(expected),
        &textdiff::normalize(&actual),
    );
    if !noise.is_empty() {
        details.push_str("\n\nQEMU said:\n");
        details.push_str(&noise);
    }
    let message = if !output_ok {
        "the program printed something else (- expected, + printed)".to_string()
    } else if code == 1 && exit_code == 0 {
        "the program exited with code 1 (EXIT_FAILURE, or a panic)".to_string()
    } else {
        format!("the program exited with code {code}, expected {exit_code}")
    };
    Ok(Step::Fail(Outcome::CheckFailed {
        check: "qemu".into(),
        message,
        details,
    }))
}

/// Builds a wasm32-wasip1 program and runs it under Node's WASI host, with a
/// fresh copy of the fixture directory preopened as `/data`.
fn wasi(
    r: &Runner,
    ex: &Exercise,
    check: &Check,
    spec: &crate::info::WasiSpec,
    on: Observer,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Step> {
    let mut req = req_for(r, ex, &check.target, Mode::Build);
    req.triple = Some(WASI_TRIPLE.into());
    req.profile = Some(spec.profile.clone());
    let b = match cross_build(r, &mut req, on)? {
        Ok(b) => b,
        Err(blocked) => return Ok(Step::Fail(blocked)),
    };
    if let Some(f) = build_failed(ex, &check.target, &b, warnings) {
        return Ok(f);
    }
    let fail = |message: String, details: String| {
        Step::Fail(Outcome::CheckFailed {
            check: "wasi".into(),
            message,
            details,
        })
    };
    let module = b
        .artifacts
        .iter()
        .filter(|a| a.matches(&check.target, false))
        .flat_map(|a| a.filenames.iter())
        .find(|f| f.extension().is_some_and(|e| e == "wasm"));
    let Some(module) = module else {
        return Ok(fail(
            "cargo built no .wasm program".into(),
            b.command.clone(),
        ));
    };
    let Found::Yes(node) = r.tools.node() else {
        unreachable!("checked in blocked()")
    };
    let work = tempfile::Builder::new().prefix("tutor-wasi-").tempdir()?;
    let data = work.path().join("data");
    std::fs::create_dir_all(&data)?;
    if let Some(fixture) = &spec.fixture {
        copy_tree(&r.abs(fixture), &data)?;
    }
    let script = work.path().join("wasi_run.mjs");
    std::fs::write(&script, include_str!("wasi_run.mjs"))?;
    on(RunEvent::Step("running under WASI (node)".into()));
    let inv = Invocation::new(node)
        .arg("--no-warnings")
        .arg(&script)
        .arg(module)
        .arg(&data)
        .args(&spec.args)
        .cwd(work.path());
    let f = exec(r, &inv, check.timeout)?;
    if let Some(o) = stopped_outcome(
        "the program (under WASI)",
        &f,
        check.timeout,
        "it may loop forever",
    ) {
        return Ok(Step::Fail(o));
    }
    let stdout = f.stdout.text();
    let stderr = f.stderr.text();
    let code = match f.exit {
        Exit::Code(c) => c,
        Exit::Signal(s) => s + 128,
    };
    if code == 134 && stderr.contains("wasm trap:") && spec.exit_code != 134 {
        let trap = stderr
            .lines()
            .find(|l| l.starts_with("wasm trap:"))
            .unwrap_or("wasm trap");
        return Ok(Step::Fail(Outcome::Crashed {
            what: "the program (under WASI)".into(),
            signal: libc::SIGABRT,
            explanation: format!(
                "it trapped ({}): a panic, or an `unreachable`",
                trap.trim_start_matches("wasm trap: ")
            ),
            output: format!("{stdout}{stderr}"),
        }));
    }
    let mut problems = Vec::new();
    if textdiff::normalize(&spec.output) != textdiff::normalize(&stdout) {
        problems.push(format!(
            "its output differs (- expected, + printed):\n{}",
            textdiff::diff(
                &textdiff::normalize(&spec.output),
                &textdiff::normalize(&stdout)
            )
        ));
    }
    if let Some(want) = &spec.stderr
        && textdiff::normalize(want) != textdiff::normalize(&stderr)
    {
        problems.push(format!(
            "its error output differs (- expected, + printed):\n{}",
            textdiff::diff(&textdiff::normalize(want), &textdiff::normalize(&stderr))
        ));
    }
    if code != spec.exit_code {
        problems.push(format!(
            "it exited with code {code}, expected {}",
            spec.exit_code
        ));
    }
    for (path, want) in &spec.expect_files {
        match std::fs::read_to_string(data.join(path)) {
            Ok(got) if got == *want => {}
            Ok(got) => problems.push(format!("/data/{path} holds {got:?}, expected {want:?}")),
            Err(_) => problems.push(format!("/data/{path} was not written")),
        }
    }
    for path in &spec.absent_files {
        if data.join(path).exists() {
            problems.push(format!("/data/{path} was written, but must not be"));
        }
    }
    Ok(if problems.is_empty() {
        Step::Pass("the WASI program printed and wrote what it should".into())
    } else {
        let first = problems[0]
            .lines()
            .next()
            .unwrap_or_default()
            .trim_end_matches(':')
            .to_string();
        fail(first, problems.join("\n\n"))
    })
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let e = e?;
        let dst = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_tree(&e.path(), &dst)?;
        } else {
            std::fs::copy(e.path(), &dst)?;
        }
    }
    Ok(())
}

/// Builds the exercise's library as a wasm module, then loads it in the
/// tutor's wasm host and checks it against the spec (see `crate::wasm`).
fn wasm(
    r: &Runner,
    ex: &Exercise,
    spec: &crate::wasm::WasmSpec,
    profile: &str,
    config: Option<&Path>,
    on: Observer,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Step> {
    let mut req = req_for(r, ex, &TargetSel::Lib, Mode::Build);
    req.triple = Some(WASM_TRIPLE.into());
    req.profile = Some(profile.into());
    req.config = config.map(|c| r.abs(c));
    let b = match cross_build(r, &mut req, on)? {
        Ok(b) => b,
        Err(blocked) => return Ok(Step::Fail(blocked)),
    };
    if let Some(f) = build_failed(ex, &TargetSel::Lib, &b, warnings) {
        return Ok(f);
    }
    let fail = |check: String, message: String, details: String| {
        Step::Fail(Outcome::CheckFailed {
            check,
            message,
            details,
        })
    };
    let module = b
        .artifacts
        .iter()
        .filter(|a| a.matches(&TargetSel::Lib, false))
        .flat_map(|a| a.filenames.iter())
        .find(|f| f.extension().is_some_and(|e| e == "wasm"));
    let Some(module) = module else {
        return Ok(fail(
            "wasm".into(),
            "cargo built no .wasm module: is the crate-type cdylib?".into(),
            b.command.clone(),
        ));
    };
    let bytes = std::fs::read(module).with_context(|| format!("reading {}", module.display()))?;
    on(RunEvent::Step(
        "loading the module and calling its exports".into(),
    ));
    let report = crate::wasm::check(&bytes, spec);
    Ok(match report.failure {
        None => Step::Pass(format!(
            "the wasm module ({}) passes its {} checks",
            process::human_bytes(bytes.len() as u64),
            report.passed.len()
        )),
        Some(f) => {
            let text = f.to_string();
            let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
            let mut details = rest.trim_start_matches('\n').to_string();
            if !report.passed.is_empty() {
                details.push_str("\n\nPassed before that:\n");
                for p in &report.passed {
                    details.push_str(&format!("  ✓ {p}\n"));
                }
            }
            fail(format!("wasm ({})", f.kind()), first.to_string(), details)
        }
    })
}

/// QEMU's command line for a Cortex-M3 program on the LM3S6965 board.
pub fn qemu_args(elf: &Path) -> Vec<std::ffi::OsString> {
    let mut v: Vec<std::ffi::OsString> = [
        "-cpu",
        "cortex-m3",
        "-machine",
        "lm3s6965evb",
        "-nographic",
        "-monitor",
        "none",
        "-semihosting-config",
        "enable=on,target=native",
        "-no-reboot",
        "-kernel",
    ]
    .iter()
    .map(Into::into)
    .collect();
    v.push(elf.into());
    v
}

/// The program's output: semihosting and UART both arrive on stdout.
fn qemu_output(stdout: &str) -> String {
    stdout.replace("\r\n", "\n")
}

/// QEMU's stderr without its harmless chatter.
fn qemu_stderr(stderr: &str) -> String {
    stderr
        .lines()
        .filter(|l| !l.contains("Timer with period zero, disabling") && !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mir_function_body() {
        let mir = "// WARNING\nfn main() -> () {\n    bb0: {}\n}\n\nfn example(_1: i32) -> i32 {\n    debug x => _1;\n    bb0: {\n        _2 = MulWithOverflow(copy _1, const 2_i32);\n        assert(!move (_2.1: bool), \"overflow\") -> [success: bb1, unwind continue];\n    }\n}\n\nfn ex::other(_1: u8) -> u8 {\n}\n";
        let body = mir_body(mir, "example").unwrap();
        assert!(body.starts_with("fn example("));
        assert!(body.contains("MulWithOverflow"));
        assert!(body.ends_with('}'));
        assert!(!body.contains("fn ex::other"));
        assert!(mir_body(mir, "other").unwrap().starts_with("fn ex::other"));
        assert!(mir_body(mir, "missing").is_none());
    }

    #[test]
    fn asm_function_body() {
        let asm = "\t.text\nsum_naive:\n\t.cfi_startproc\n\taddss\txmm0, dword ptr [rdi]\n\tret\n.Lfunc_end0:\n\t.size sum_naive\nother:\n\tret\n";
        let body = asm_body(asm, "sum_naive").unwrap();
        assert!(body.contains("addss"));
        assert!(!body.contains("other"));
    }

    #[test]
    fn harness_lines() {
        let out = "hello\ntutor-perf: baseline_ns=1200 candidate_ns=300 rounds=9\n";
        assert_eq!(field(out, "tutor-perf:", "baseline_ns"), Some(1200));
        assert_eq!(field(out, "tutor-perf:", "candidate_ns"), Some(300));
        assert_eq!(field(out, "tutor-alloc:", "blocks"), None);
        assert_eq!(
            collected("==12== Events    : Ir\n==12== Collected : 123456\n"),
            Some(123456)
        );
        assert_eq!(fmt_num(1234567.0), "1,234,567");
    }

    #[test]
    fn qemu_noise_is_filtered() {
        assert_eq!(
            qemu_stderr("Timer with period zero, disabling\n\nreal problem\n"),
            "real problem"
        );
    }
}
