//! Tutor-owned: the misuse in `ui_tests.rs` is still there, so the annotations
//! were fixed and not the code.

const SOURCE: &str = include_str!("../ui_tests.rs");

/// Code of the learner's file, without its `//~` annotations, line by line.
fn code_lines() -> Vec<String> {
    SOURCE
        .lines()
        .map(|l| l.split("//~").next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn main() {
    println!("{} lines of code", code_lines().len());
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_misuse_is_still_there() {
        let lines = super::code_lines();
        for misuse in [
            "takes(name);",
            "println!(\"{name}\");",
            "let _v = reading.value;",
            "let _c = Celsius(1.0) + Celsius(2.0);",
            "let _p = (takes(1), takes(true));",
            "value: f64,",
        ] {
            assert!(
                lines.iter().any(|l| l == misuse),
                "`{misuse}` was changed or removed: fix the annotations, not the code"
            );
        }
    }
}
