//! rustc-style UI test annotations (`//~ ERROR text`) matched against the
//! diagnostics the compiler really gave, as rustc's compiletest does:
//! `//~ LEVEL text` is about its own line, `//~^` one line up (`//~^^` two),
//! `//~|` the same line as the annotation before it.

use crate::verdict::Diagnostic;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// The line the annotation is about (1-based).
    pub line: usize,
    /// ERROR, WARN, NOTE or HELP.
    pub level: String,
    /// Text the diagnostic's message (or code) contains; may be empty.
    pub text: String,
    /// Where the annotation itself is written.
    pub written_at: usize,
}

pub fn parse(source: &str) -> Result<Vec<Annotation>, String> {
    let mut out: Vec<Annotation> = Vec::new();
    for (i, line) in source.lines().enumerate() {
        let here = i + 1;
        let Some(pos) = line.find("//~") else {
            continue;
        };
        let rest = &line[pos + 3..];
        let (target, rest) = if let Some(r) = rest.strip_prefix('|') {
            match out.last() {
                Some(prev) => (prev.line, r),
                None => return Err(format!("line {here}: `//~|` needs an annotation before it")),
            }
        } else {
            let ups = rest.chars().take_while(|&c| c == '^').count();
            if ups >= here {
                return Err(format!(
                    "line {here}: `//~{}` points above the first line",
                    "^".repeat(ups)
                ));
            }
            (here - ups, &rest[ups..])
        };
        let rest = rest.trim_start();
        let (level, text) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let level = match level {
            "ERROR" => "ERROR",
            "WARN" | "WARNING" => "WARN",
            "NOTE" => "NOTE",
            "HELP" => "HELP",
            other => {
                return Err(format!(
                    "line {here}: `{other}` is not ERROR, WARN, NOTE or HELP"
                ));
            }
        };
        out.push(Annotation {
            line: target,
            level: level.into(),
            text: text.trim().into(),
            written_at: here,
        });
    }
    Ok(out)
}

/// What does not match: annotations without a diagnostic, and errors (and
/// warnings, when some are annotated) without an annotation.
pub fn mismatches(annots: &[Annotation], diags: &[&Diagnostic]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut used = vec![false; diags.len()];
    for a in annots {
        let hit = diags.iter().enumerate().find(|(i, d)| {
            !used[*i] && d.line == a.line && level_matches(a, d) && text_matches(a, d)
        });
        match hit {
            Some((i, _)) => used[i] = true,
            None => {
                // NOTE and HELP live in children of a diagnostic on that line.
                let child = matches!(a.level.as_str(), "NOTE" | "HELP")
                    && diags.iter().any(|d| {
                        d.line == a.line && d.children.iter().any(|c| c.contains(&a.text))
                    });
                if !child {
                    let text = if a.text.is_empty() {
                        String::new()
                    } else {
                        format!(" `{}`", a.text)
                    };
                    problems.push(format!(
                        "line {}: expected {}{text}, but the compiler reports no such diagnostic there",
                        a.line, a.level
                    ));
                }
            }
        }
    }
    let warn_annotated = annots.iter().any(|a| a.level == "WARN");
    for (i, d) in diags.iter().enumerate() {
        let counts = d.is_error() || (warn_annotated && d.level == "warning");
        if !used[i] && counts {
            problems.push(format!(
                "line {}: unexpected {}, not annotated",
                d.line,
                d.headline()
            ));
        }
    }
    problems
}

fn level_matches(a: &Annotation, d: &Diagnostic) -> bool {
    match a.level.as_str() {
        "ERROR" => d.is_error(),
        "WARN" => d.level == "warning",
        "NOTE" => d.level == "note",
        "HELP" => d.level == "help",
        _ => false,
    }
}

fn text_matches(a: &Annotation, d: &Diagnostic) -> bool {
    a.text.is_empty() || d.message.contains(&a.text) || d.code.as_deref() == Some(a.text.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(level: &str, code: Option<&str>, msg: &str, line: usize) -> Diagnostic {
        Diagnostic {
            level: level.into(),
            code: code.map(Into::into),
            message: msg.into(),
            rendered: msg.into(),
            file: Some("x.rs".into()),
            line,
            column: 1,
            children: vec![],
        }
    }

    #[test]
    fn annotation_forms() {
        let src = "let a = 1;\nlet b = a; //~ ERROR moved\n//~^ NOTE value\n//~| WARN unused\n";
        let a = parse(src).unwrap();
        assert_eq!(a.len(), 3);
        assert_eq!(
            (a[0].line, a[0].level.as_str(), a[0].text.as_str()),
            (2, "ERROR", "moved")
        );
        assert_eq!(a[1].line, 2);
        assert_eq!((a[2].line, a[2].level.as_str()), (2, "WARN"));
        assert!(parse("//~^ ERROR x").is_err());
        assert!(parse("x //~ BOGUS y").is_err());
    }

    #[test]
    fn matching_both_ways() {
        let a = parse("\nx //~ ERROR E0382\ny //~ ERROR borrow of moved\n").unwrap();
        let d1 = diag("error", Some("E0382"), "borrow of moved value: `v`", 2);
        let d2 = diag("error", Some("E0382"), "borrow of moved value: `w`", 3);
        assert!(mismatches(&a, &[&d1, &d2]).is_empty());
        let extra = diag("error", Some("E0499"), "cannot borrow", 5);
        let p = mismatches(&a, &[&d1, &extra]);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].starts_with("line 3: expected ERROR"));
        assert!(p[1].contains("unexpected error[E0499]"));
    }
}
