//! Hints: Markdown files whose parts are separated by a line holding only
//! `---`. The learner sees one more part each time they ask.

/// The non-empty parts of a hint, trimmed.
pub fn parts(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    for line in text.lines() {
        if line.trim_end() == "---" {
            push_part(&mut parts, &mut cur);
        } else {
            cur.push_str(line);
            cur.push('\n');
        }
    }
    push_part(&mut parts, &mut cur);
    parts
}

fn push_part(parts: &mut Vec<String>, cur: &mut String) {
    let t = cur.trim();
    if !t.is_empty() {
        parts.push(t.to_string());
    }
    cur.clear();
}

#[cfg(test)]
mod tests {
    use super::parts;

    #[test]
    fn splits_on_rule_lines_only() {
        let text = "First *nudge*.\n\n---\nThe concept: see https://doc.rust-lang.org\n----\nnot a rule\n---  \nShape.\n";
        let p = parts(text);
        assert_eq!(p.len(), 3, "{p:?}");
        assert_eq!(p[0], "First *nudge*.");
        assert!(p[1].contains("----\nnot a rule"));
        assert_eq!(p[2], "Shape.");
    }

    #[test]
    fn empty_parts_are_dropped() {
        assert!(parts("\n---\n   \n---\n").is_empty());
        assert_eq!(parts("only one").len(), 1);
    }
}
