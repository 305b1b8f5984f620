//! The `qemu` kind against real QEMU, on the `qemu` fixture course (one
//! firmware per outcome). Needs the thumbv7m-none-eabi target and
//! qemu-system-arm; without them the test says why it skips (CI provides both
//! with scripts/provision-cross.sh).

use crate::common::Course;

/// Why this machine cannot run the QEMU tests, if it cannot.
fn missing(course: &Course) -> Option<String> {
    let doctor = course.tutor(&["doctor"]);
    let lacks: Vec<&str> = doctor
        .stdout
        .lines()
        .filter(|l| l.starts_with('✗') && (l.contains("thumbv7m") || l.contains("qemu")))
        .collect();
    (!lacks.is_empty()).then(|| lacks.join("; "))
}

#[test]
fn firmware_outcomes_under_qemu() {
    let course = Course::new("qemu");
    if let Some(why) = missing(&course) {
        crate::common::skip(&format!(
            "{why} (scripts/provision-cross.sh installs them; CI runs it)"
        ));
        return;
    }
    let out = course.tutor(&["verify", "--all", "--json"]);
    let rows: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let verdict = |name: &str| {
        let r = rows
            .iter()
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {}", out.all()));
        (
            r["outcome"].as_str().unwrap().to_string(),
            r["headline"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(verdict("fx_passes").0, "passed", "{}", out.all());
    assert_eq!(
        verdict("fx_expected_failure").0,
        "passed",
        "exit_code = 1 expected: {}",
        out.all()
    );
    let (kind, headline) = verdict("fx_wrong_output");
    assert_eq!(kind, "check-failed");
    assert!(headline.contains("printed something else"), "{headline}");
    let (kind, headline) = verdict("fx_exit_failure");
    assert_eq!(kind, "check-failed");
    assert!(headline.contains("exited with code 1"), "{headline}");
    let (kind, headline) = verdict("fx_hangs");
    assert_eq!(kind, "timeout");
    assert!(
        headline.contains("did not exit") && headline.contains("2 s"),
        "{headline}"
    );
    assert_eq!(verdict("fx_build_error").0, "build-error");

    // The report of a hang explains it, and shows what the board printed first.
    let hang = course.tutor(&["run", "fx_hangs"]);
    assert_eq!(hang.code, Some(1));
    assert!(
        hang.stdout.contains("is the panic handler a loop?"),
        "{}",
        hang.all()
    );
    assert!(hang.stdout.contains("2 + 2 = 4"), "{}", hang.all());
    let wrong = course.tutor(&["run", "fx_wrong_output"]);
    assert!(
        wrong.stdout.contains("+ 2 + 2 = 5") && wrong.stdout.contains("- 2 + 2 = 4"),
        "{}",
        wrong.all()
    );
}

#[test]
fn without_qemu_the_exercise_is_blocked_not_failed() {
    let course = Course::new("qemu");
    let mut cmd = course.command(&["run", "fx_passes"]);
    cmd.env("TUTOR_QEMU", course.path("no-such-qemu"));
    let out = crate::common::run(cmd);
    assert_eq!(
        out.code,
        Some(2),
        "blocked is a setup problem, not a failure: {}",
        out.all()
    );
    assert!(out.stdout.contains("is blocked"), "{}", out.all());
    assert!(out.stdout.contains("TUTOR_QEMU is set to"), "{}", out.all());
    let list = course.tutor(&["list", "--json", "--done"]);
    assert!(
        list.stdout.trim().is_empty(),
        "a blocked exercise is not marked: {}",
        list.stdout
    );
}

#[test]
fn without_the_target_the_exercise_is_blocked_with_the_command() {
    let course = Course::new("qemu");
    // A Cortex-M target this machine does not have (checked first).
    let triple = "thumbv8m.base-none-eabi";
    let sysroot = std::process::Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .unwrap();
    let sysroot = String::from_utf8_lossy(&sysroot.stdout).trim().to_string();
    if std::path::Path::new(&sysroot)
        .join("lib/rustlib")
        .join(triple)
        .exists()
    {
        eprintln!("skipped: {triple} is installed here, so it cannot stand for a missing target");
        return;
    }
    let info = course.read("info.toml").replacen(
        "kind = \"qemu\"",
        &format!("kind = \"qemu\"\ntriple = \"{triple}\""),
        1,
    );
    course.write("info.toml", &info);
    // Any existing file passes for QEMU: the build stops before it would run.
    let mut cmd = course.command(&["run", "fx_passes"]);
    cmd.env("TUTOR_QEMU", course.path("info.toml"));
    let out = crate::common::run(cmd);
    assert_eq!(out.code, Some(2), "{}", out.all());
    assert!(
        out.stdout.contains(&format!("rustup target add {triple}")),
        "{}",
        out.all()
    );
    let doctor = course.tutor(&["doctor"]);
    assert!(
        doctor.stdout.contains(&format!("✗ target {triple}")),
        "{}",
        doctor.all()
    );
}
