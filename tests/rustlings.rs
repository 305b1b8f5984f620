//! rustlings 6 packs: the `rustlings` fixture (info.toml with format_version = 1,
//! exercises as bins of one package, phases from the `dir`s) works with every
//! command, and the tutor never modifies the pack's files.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::Course;

/// Every file of the pack with its content, except what cargo and the tutor
/// keep for themselves (target/, Cargo.lock, .tutor/).
fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let rel = e
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if rel == "target" || rel == ".tutor" || rel == "Cargo.lock" {
                continue;
            }
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                out.insert(rel, std::fs::read(e.path()).unwrap());
            }
        }
    }
    out
}

#[test]
fn a_rustlings_pack_works_and_is_never_modified() {
    let course = Course::new("rustlings");
    let before = snapshot(course.dir.path());

    let list = course.tutor(&["list", "--json"]);
    assert_eq!(list.code, Some(0), "{}", list.all());
    let rows: Vec<serde_json::Value> = list
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let phases: Vec<&str> = rows.iter().map(|r| r["phase"].as_str().unwrap()).collect();
    assert_eq!(phases, ["00_intro", "00_intro", "01_basics", "01_basics"]);

    let hint = course.tutor(&["hint", "intro2"]);
    assert!(
        hint.stdout.contains("The compiler suggests the right name"),
        "{}",
        hint.all()
    );

    let cases = [
        ("intro1", 0, "runs to the end"),
        ("intro2", 1, "cannot find macro `printline`"),
        ("functions1", 1, "tests::squares"),
        ("clippy1", 1, "approximate value of `f{32, 64}::consts::PI`"),
    ];
    for (name, code, says) in cases {
        let out = course.tutor(&["run", name]);
        assert_eq!(out.code, Some(code), "{name}: {}", out.all());
        assert!(
            out.stdout.contains(says),
            "{name} should say {says:?}: {}",
            out.all()
        );
    }

    let verify = course.tutor(&["verify", "--all", "--json"]);
    assert_eq!(verify.code, Some(1), "{}", verify.all());
    let dev = course.tutor(&["dev", "check"]);
    assert_eq!(dev.code, Some(0), "{}", dev.all());
    assert!(dev.stdout.contains("4 exercises proven"), "{}", dev.stdout);

    assert_eq!(
        snapshot(course.dir.path()),
        before,
        "the tutor changed files of the pack"
    );

    // The learner solves one; a reset gives the shipped file back.
    course.solve("exercises/01_basics/functions1.rs");
    assert_eq!(course.tutor(&["run", "functions1"]).code, Some(0));
    assert_eq!(
        course.tutor(&["reset", "functions1", "--yes"]).code,
        Some(0)
    );
    assert_eq!(
        snapshot(course.dir.path()),
        before,
        "reset restores the shipped file"
    );
}

#[test]
fn strict_clippy_is_enforced_and_solutions_are_checked() {
    let course = Course::new("rustlings");
    // A solution that still has clippy's complaint fails dev check.
    course.write(
        "solutions/01_basics/clippy1.rs",
        &course.read("exercises/01_basics/clippy1.rs"),
    );
    let dev = course.tutor(&["dev", "check", "clippy1"]);
    assert_eq!(dev.code, Some(1), "{}", dev.all());
    assert!(
        dev.stdout
            .contains("clippy1: does not pass with its solution"),
        "{}",
        dev.stdout
    );
}
