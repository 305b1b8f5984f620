//! The learner's progress survives crashes, corruption and a second instance.

use std::fs::File;

use crate::common::Course;

const STATE: &str = ".tutor/progress.json";

#[test]
fn a_crash_between_write_and_rename_loses_nothing() {
    let course = Course::new("minimal");
    course.solve("exercises/basics/first.rs");
    assert_eq!(course.tutor(&["run", "first"]).code, Some(0));
    let before = course.read(STATE);
    assert!(before.contains("\"first\""), "{before}");

    // The next save dies after writing the temporary file, before the rename.
    let mut cmd = course.command(&["hint", "second"]);
    cmd.env("TUTOR_FAULT", "before-rename");
    let out = crate::common::run(cmd);
    assert_eq!(out.code, None, "the process must have died: {}", out.all());
    assert_eq!(course.read(STATE), before, "the old state is intact");

    let list = course.tutor(&["list", "--json", "--done"]);
    assert_eq!(list.code, Some(0), "{}", list.all());
    assert!(list.stdout.contains("\"first\""), "{}", list.stdout);
    assert!(
        list.stderr.is_empty(),
        "no complaint about the state: {}",
        list.stderr
    );
}

#[test]
fn a_corrupt_file_is_set_aside_and_the_last_good_copy_restored() {
    let course = Course::new("minimal");
    course.solve("exercises/basics/first.rs");
    assert_eq!(course.tutor(&["run", "first"]).code, Some(0));
    course.write(STATE, "{\"version\": 1, \"done\": {\"first\": ");

    let out = course.tutor(&["run", "second"]);
    assert!(out.stderr.contains("could not be read"), "{}", out.all());
    assert!(
        out.stderr.contains("restored the last good copy"),
        "{}",
        out.all()
    );
    let aside: Vec<_> = std::fs::read_dir(course.path(".tutor"))
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("progress.json.corrupt-")
        })
        .collect();
    assert_eq!(aside.len(), 1, "the corrupt file is kept for inspection");
    let list = course.tutor(&["list", "--json", "--done"]);
    assert!(
        list.stdout.contains("\"first\""),
        "progress came back from the copy: {}",
        list.all()
    );
}

#[test]
fn a_corrupt_file_without_a_copy_starts_fresh_and_says_how_to_rebuild() {
    let course = Course::new("minimal");
    course.write(STATE, "garbage");
    let out = course.tutor(&["run", "first"]);
    assert!(out.stderr.contains("starting fresh"), "{}", out.all());
    assert!(out.stderr.contains("tutor verify"), "{}", out.all());
}

#[test]
fn a_second_instance_is_refused_while_readers_still_work() {
    let course = Course::new("minimal");
    std::fs::create_dir_all(course.path(".tutor")).unwrap();
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(course.path(".tutor/lock"))
        .unwrap();
    lock.lock().unwrap();
    let out = course.tutor(&["run", "first"]);
    assert_eq!(out.code, Some(2), "{}", out.all());
    assert!(
        out.stderr
            .contains("another tutor is already running in this course"),
        "{}",
        out.all()
    );
    let list = course.tutor(&["list"]);
    assert_eq!(list.code, Some(0), "list works alongside: {}", list.all());
    let hint = course.tutor(&["hint"]);
    assert_eq!(hint.code, Some(0), "hint works alongside: {}", hint.all());
    drop(lock);
    assert_eq!(course.tutor(&["run", "first"]).code, Some(1), "free again");
}

#[test]
fn progress_follows_a_renamed_exercise() {
    let course = Course::new("minimal");
    course.write(
        ".tutor/progress.json",
        "{\"version\": 1, \"current\": \"old_second\", \"done\": {\"old_first\": 1}}",
    );
    let info = course
        .read("info.toml")
        .replacen(
            "name = \"first\"",
            "name = \"first\"\nrenamed_from = [\"old_first\"]",
            1,
        )
        .replacen(
            "name = \"second\"",
            "name = \"second\"\nrenamed_from = [\"old_second\"]",
            1,
        );
    course.write("info.toml", &info);
    let out = course.tutor(&["list", "--json"]);
    let rows: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows[0]["status"], "done", "{}", out.stdout);
    assert_eq!(rows[1]["current"], true, "{}", out.stdout);
}

#[test]
fn a_removed_exercise_does_not_strand_the_learner() {
    let course = Course::new("minimal");
    course.write(
        ".tutor/progress.json",
        "{\"version\": 1, \"current\": \"gone\", \"done\": {\"gone\": 1}}",
    );
    let out = course.tutor(&["list", "--json"]);
    assert_eq!(out.code, Some(0), "{}", out.all());
    let rows: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        rows[0]["current"], true,
        "the first pending exercise is current: {}",
        out.stdout
    );
}
