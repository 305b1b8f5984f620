//! Mistakes in info.toml: each case in `tests/fixtures/bad_info/` starts with
//! `# expect: LINE: TEXT`; the tutor must refuse the course (exit 2) with a
//! message that names info.toml, that line, and says TEXT.

use crate::common::Course;

#[test]
fn every_mistake_is_located_and_explained() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad_info");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "at least ten distinct mistakes");
    let course = Course::new("minimal");
    let mut failures = Vec::new();
    for case in &cases {
        let text = std::fs::read_to_string(case).unwrap();
        let expect = text
            .lines()
            .next()
            .unwrap()
            .strip_prefix("# expect: ")
            .expect("a `# expect:` header");
        let (line, what) = expect.split_once(": ").unwrap();
        course.write("info.toml", &text);
        let out = course.tutor(&["list"]);
        let located = format!("info.toml:{line}:");
        if out.code != Some(2) || !out.stderr.contains(&located) || !out.stderr.contains(what) {
            failures.push(format!(
                "{}: expected exit 2 and `{located}` and `{what}`, got {:?}:\n{}",
                case.file_name().unwrap().to_string_lossy(),
                out.code,
                out.all()
            ));
        }
        assert!(!out.stderr.contains("panicked"), "{}", out.all());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_bad_exercise_manifest_is_located_too() {
    let course = Course::new("minimal");
    let manifest = course
        .read("exercises/basics/Cargo.toml")
        .replace("name = \"basics\"", "name = 3");
    course.write("exercises/basics/Cargo.toml", &manifest);
    let out = course.tutor(&["list"]);
    assert_eq!(out.code, Some(2), "{}", out.all());
    assert!(out.stderr.contains("Cargo.toml:2:"), "{}", out.all());
}
