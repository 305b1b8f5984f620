//! Tutor-owned: every public method documents itself with an `# Examples`
//! section that has code and checks it with `assert`.

const SOURCE: &str = include_str!("../src/lib.rs");

/// For each `pub fn`, its name and the doc comment right above it.
fn documented_functions() -> Vec<(String, String)> {
    let lines: Vec<&str> = SOURCE.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.trim().strip_prefix("pub fn ") else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let mut doc: Vec<&str> = lines[..i]
            .iter()
            .rev()
            .map(|l| l.trim())
            .take_while(|l| l.starts_with("///") || l.starts_with("#["))
            .filter(|l| l.starts_with("///"))
            .collect();
        doc.reverse();
        out.push((name, doc.join("\n")));
    }
    out
}

#[test]
fn every_public_function_has_a_checked_example() {
    let functions = documented_functions();
    assert!(functions.len() >= 6, "the public functions are still there");
    for (name, doc) in functions {
        let examples = doc
            .split("# Examples")
            .nth(1)
            .unwrap_or_else(|| panic!("`{name}` has no `# Examples` section"));
        assert!(
            examples.contains("```"),
            "`{name}`: the example has no code block"
        );
        assert!(
            examples.contains("assert"),
            "`{name}`: the example shows a result but does not check it with assert"
        );
    }
}
