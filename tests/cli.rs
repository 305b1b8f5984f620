//! The commands, end to end, on the `outcomes` fixture: one exercise per
//! outcome a check can have.

use crate::common::Course;

/// `tutor run NAME` on one exercise of the outcomes course: the exit code and
/// what the report must say.
fn outcome(name: &str, code: i32, must_say: &[&str]) {
    let course = Course::new("outcomes");
    let out = course.tutor(&["run", name]);
    assert_eq!(out.code, Some(code), "tutor run {name}:\n{}", out.all());
    for s in must_say {
        assert!(
            out.stdout.contains(s),
            "tutor run {name} should say {s:?}:\n{}",
            out.all()
        );
    }
}

macro_rules! outcomes {
    ($($test:ident: $name:literal => $code:literal, [$($say:literal),*];)*) => {
        $(
            #[test]
            fn $test() {
                outcome($name, $code, &[$($say),*]);
            }
        )*
    };
}

outcomes! {
    compile_error_shows_rustc_diagnostic: "compile_error" => 1, ["does not compile", "error[E0308]", "compile_error.rs:6"];
    failing_tests_are_named_with_their_message: "tests_fail" => 1, ["1 of 2 tests failed", "tests::adds_small_numbers", "two and two"];
    passing_tests_pass: "tests_pass" => 0, ["✓ tests_pass passes", "2 tests pass"];
    wrong_output_is_a_diff: "wrong_output" => 1, ["output differs", "- done", "+ the end", "  line 3"];
    runaway_program_is_stopped: "timeout" => 1, ["did not finish within 1 s", "loop forever"];
    huge_output_is_stopped: "huge_output" => 1, ["printed more than 16.0 MiB and was stopped", "of output omitted"];
    crash_is_explained: "crash" => 1, ["crashed", "SIGSEGV", "unsafe"];
    misuse_rejected_passes: "misuse_rejected" => 0, ["misuse rejected: error[E0599]", "(line 6)"];
    misuse_that_compiles_fails: "misuse_accepted" => 1, ["misuse_accepted_cfail compiled, but it must not", "error[E0599] at line 6"];
    perf_gate_passes_with_margin: "perf_fast" => 0, ["faster than the baseline", "the gate is 5×"];
    perf_gate_fails_below_the_ratio: "perf_slow" => 1, ["the gate is 5×"];
    mir_check_reads_the_real_mir: "mir_overflow" => 1, ["still contains `assert\\(`", "MulWithOverflow"];
}

#[test]
fn compile_fail_with_the_wrong_expectation_is_a_wrong_error() {
    let course = Course::new("outcomes");
    let info = course.read("info.toml").replacen("line = 6", "line = 5", 1);
    course.write("info.toml", &info);
    let out = course.tutor(&["run", "misuse_rejected"]);
    assert_eq!(out.code, Some(1), "{}", out.all());
    assert!(
        out.stdout
            .contains("fails to compile, but not with the expected error"),
        "{}",
        out.all()
    );
    assert!(
        out.stdout.contains("error[E0599] at line 5"),
        "{}",
        out.all()
    );
}

#[test]
fn a_pass_is_recorded_and_the_list_shows_it() {
    let course = Course::new("outcomes");
    assert_eq!(course.tutor(&["run", "tests_pass"]).code, Some(0));
    let out = course.tutor(&["list"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    let line = out
        .stdout
        .lines()
        .find(|l| l.contains("tests_pass"))
        .expect("listed");
    assert!(line.contains("done"), "{line}");
    let line = out
        .stdout
        .lines()
        .find(|l| l.contains("compile_error"))
        .expect("listed");
    assert!(line.contains("current"), "{line}");

    let json = course.tutor(&["list", "--json", "--done"]);
    let rows: Vec<serde_json::Value> = json
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 1, "{}", json.stdout);
    assert_eq!(rows[0]["name"], "tests_pass");
    assert_eq!(rows[0]["v"], 1);
    assert_eq!(rows[0]["phase"], "basics");
}

#[test]
fn run_defaults_to_the_current_exercise_and_fixing_it_passes() {
    let course = Course::new("outcomes");
    let out = course.tutor(&["run"]);
    assert_eq!(out.code, Some(1));
    assert!(out.stdout.contains("compile_error"), "{}", out.all());
    course.solve("exercises/pack/compile_error.rs");
    let out = course.tutor(&["run"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert!(out.stdout.contains("the output is right"), "{}", out.all());
}

#[test]
fn hints_come_one_part_at_a_time() {
    let course = Course::new("minimal");
    let first = course.tutor(&["hint"]);
    assert_eq!(first.code, Some(0), "{}", first.all());
    assert!(first.stdout.contains("What does the test expect?"));
    assert!(!first.stdout.contains("one more than"), "{}", first.stdout);
    assert!(first.stdout.contains("1/3"));
    let second = course.tutor(&["hint"]);
    assert!(second.stdout.contains("one more than"), "{}", second.stdout);
    assert!(!second.stdout.contains("Return 42"));
    let all = course.tutor(&["hint", "second", "--all"]);
    assert!(all.stdout.contains("Double 42."), "{}", all.stdout);
}

#[test]
fn unknown_names_get_a_suggestion_and_exit_2() {
    let course = Course::new("minimal");
    let out = course.tutor(&["run", "frist"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("did you mean `first`?"),
        "{}",
        out.all()
    );
}

#[test]
fn outside_a_course_is_a_setup_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(crate::common::TUTOR);
    cmd.arg("list")
        .current_dir(dir.path())
        .env_remove("TUTOR_COURSE");
    let out = crate::common::run(cmd);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("no course here"), "{}", out.all());
}

#[test]
fn reset_restores_the_shipped_file_and_keeps_the_learners() {
    let course = Course::new("minimal");
    let shipped = course.read("exercises/basics/first.rs");
    // The shipped copy is taken when the course is first opened.
    assert_eq!(course.tutor(&["list"]).code, Some(0));
    assert_eq!(course.tutor(&["run"]).code, Some(1));
    course.solve("exercises/basics/first.rs");
    let mine = course.read("exercises/basics/first.rs");
    assert_eq!(course.tutor(&["run"]).code, Some(0));

    let refused = course.tutor(&["reset", "first"]);
    assert_eq!(
        refused.code,
        Some(2),
        "no terminal, no --yes: {}",
        refused.all()
    );
    assert_eq!(course.read("exercises/basics/first.rs"), mine);

    let out = course.tutor(&["reset", "first", "--yes"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert_eq!(course.read("exercises/basics/first.rs"), shipped);
    let backup = out
        .stdout
        .split("your version: ")
        .nth(1)
        .unwrap()
        .trim()
        .trim_end_matches(')');
    assert_eq!(std::fs::read_to_string(backup).unwrap(), mine);
    let list = course.tutor(&["list", "--json", "--done"]);
    assert!(
        list.stdout.trim().is_empty(),
        "a reset exercise is not done: {}",
        list.stdout
    );
}

#[test]
fn verify_all_checks_everything_and_records_it() {
    let course = Course::new("outcomes");
    let out = course.tutor(&["verify", "--all", "--json"]);
    assert_eq!(out.code, Some(1), "{}", out.all());
    let rows: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let outcome = |name: &str| {
        rows.iter().find(|r| r["name"] == name).unwrap()["outcome"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(rows.len(), 12);
    assert_eq!(outcome("compile_error"), "build-error");
    assert_eq!(outcome("tests_fail"), "tests-failed");
    assert_eq!(outcome("tests_pass"), "passed");
    assert_eq!(outcome("wrong_output"), "wrong-output");
    assert_eq!(outcome("timeout"), "timeout");
    assert_eq!(outcome("crash"), "crashed");
    assert_eq!(outcome("misuse_accepted"), "misuse-compiled");
    assert_eq!(outcome("misuse_rejected"), "passed");
    let done = course.tutor(&["list", "--json", "--done"]);
    let names: Vec<String> = done
        .stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["name"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(names, ["tests_pass", "misuse_rejected", "perf_fast"]);
}

#[test]
fn dev_check_proves_the_fixture_course() {
    let course = Course::new("outcomes");
    let out = course.tutor(&["dev", "check"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    assert!(out.stdout.contains("12 exercises proven"), "{}", out.stdout);
    // The instructor's files are untouched.
    assert_eq!(
        course.read("exercises/pack/tests_fail.rs"),
        std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/outcomes/exercises/pack/tests_fail.rs")
        )
        .unwrap()
    );
}

#[test]
fn dev_check_names_what_is_wrong() {
    let course = Course::new("minimal");
    // A solution that does not solve, a failure declared wrongly, a stray file.
    course.write(
        "solutions/basics/second.rs",
        &course.read("exercises/basics/second.rs"),
    );
    let info = course.read("info.toml").replacen(
        "fails_with = \"tests-failed\"",
        "fails_with = \"build-error\"",
        1,
    );
    course.write("info.toml", &info);
    course.write("hints/orphan.md", "nobody reads me");
    // An exercise changed after its shipped version was recorded.
    assert_eq!(course.tutor(&["dev", "lock"]).code, Some(0));
    let second = course.read("exercises/basics/second.rs");
    course.write(
        "exercises/basics/second.rs",
        &format!("{second}// edited\n"),
    );
    let out = course.tutor(&["dev", "check"]);
    assert_eq!(out.code, Some(1), "{}", out.all());
    let s = out.stdout;
    assert!(
        s.contains(
            "first: fails as shipped, but with tests-failed instead of the declared build-error"
        ),
        "{s}"
    );
    assert!(s.contains("second: does not pass with its solution"), "{s}");
    assert!(
        s.contains("hints/orphan.md: a hint no exercise uses"),
        "{s}"
    );
    assert!(s.contains("hints/empty.md"), "{s}");
    assert!(
        s.contains("shipped.lock is out of date for 1 file(s) (e.g. exercises/basics/second.rs)"),
        "{s}"
    );
}

#[test]
fn dev_new_scaffolds_an_exercise_dev_check_accepts() {
    let course = Course::new("minimal");
    std::fs::remove_file(course.path("hints/empty.md")).unwrap();
    let out = course.tutor(&["dev", "new", "third", "--phase", "basics"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    for f in [
        "exercises/basics/third.rs",
        "solutions/basics/third.rs",
        "hints/third.md",
    ] {
        assert!(course.path(f).is_file(), "{f}");
    }
    let out = course.tutor(&["dev", "check", "third"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    let list = course.tutor(&["list"]);
    let names: Vec<&str> = list
        .stdout
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    assert_eq!(names, ["first", "second", "third"]);
}

#[test]
fn doctor_reports_and_completions_print() {
    let course = Course::new("minimal");
    let out = course.tutor(&["doctor"]);
    assert!(out.stdout.contains("✓ cargo"), "{}", out.all());
    assert!(
        out.stdout.contains("course: 2 exercises in 1 phases"),
        "{}",
        out.all()
    );
    let out = course.tutor(&["completions", "bash"]);
    assert_eq!(out.code, Some(0));
    assert!(out.stdout.contains("_tutor"), "{}", out.all());
}

/// The programs of a course that are running now: their command lines.
fn running_in(dir: &std::path::Path) -> Vec<String> {
    let dir = dir.to_string_lossy().into_owned();
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .map(|c| String::from_utf8_lossy(&c).replace('\0', " "))
        .filter(|c| c.starts_with(&dir))
        .collect()
}

#[test]
fn ctrl_c_during_a_run_stops_the_program_too() {
    // The program runs in a process group of its own (so a timeout can kill
    // all of it), which the terminal's Ctrl-C does not reach: the tutor must
    // stop it itself.
    let course = Course::new("outcomes");
    let info = course.read("info.toml").replace(
        "timeout = 1\nfails_with = \"timeout\"",
        "timeout = 600\nfails_with = \"timeout\"",
    );
    course.write("info.toml", &info);
    let mut child = course
        .command(&["run", "timeout"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let target = course.path("target");
    while running_in(&target).is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "the program never started"
        );
        assert!(child.try_wait().unwrap().is_none(), "the tutor ended first");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // SAFETY: kill(2) on the child we started.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "exits as interrupted");
    let gone = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !running_in(&target).is_empty() {
        assert!(
            std::time::Instant::now() < gone,
            "still running after the tutor ended: {:?}",
            running_in(&target)
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
