//! Comparing program output with the expected output: normalization (line
//! ends, trailing whitespace) and a line diff a learner can read.

/// CRLF to LF, trailing whitespace removed from each line, trailing blank lines removed.
pub fn normalize(s: &str) -> String {
    let lines: Vec<&str> = s.lines().map(|l| l.trim_end()).collect();
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(0, |i| i + 1);
    lines[..end].join("\n")
}

/// A unified-style line diff: `  same`, `- expected`, `+ actual`.
pub fn diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    const MAX: usize = 2000;
    if a.len() > MAX || b.len() > MAX {
        return format!(
            "expected ({} lines):\n{expected}\n\nactual ({} lines):\n{actual}",
            a.len(),
            b.len()
        );
    }
    // Longest common subsequence, then walk it.
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push(format!("  {}", a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            // What was expected first, then what came instead.
            out.push(format!("- {}", a[i]));
            i += 1;
        } else {
            out.push(format!("+ {}", b[j]));
            j += 1;
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalization_ignores_line_ends_and_trailing_space() {
        assert_eq!(normalize("a  \r\nb\n\n\n"), "a\nb");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn diff_marks_changes() {
        let d = diff("one\ntwo\nthree", "one\n2\nthree\nfour");
        assert_eq!(d, "  one\n- two\n+ 2\n  three\n+ four");
    }
}
