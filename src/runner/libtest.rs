//! Reading the output of a libtest harness (`cargo test`, doc tests): which
//! tests passed, which failed and what each failing one printed. libtest's
//! JSON output is unstable, so this reads the human format.

use crate::verdict::FailedTest;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct TestReport {
    pub passed: usize,
    pub failed: Vec<FailedTest>,
    /// Tests that printed "... ok", in order.
    pub finished: Vec<String>,
    /// `test result:` was printed (the harness ran to the end).
    pub completed: bool,
}

/// Removes ANSI escape sequences (colours) from `s`.
pub fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            } else if matches!(chars.peek(), Some('(' | ')' | '*' | '+')) {
                // Character set designation (`ESC ( B`), which libtest's
                // terminfo colours end with: two more characters.
                chars.next();
                chars.next();
            } else if chars.peek() == Some(&']') {
                // OSC: until BEL or ESC \
                for c in chars.by_ref() {
                    if c == '\u{7}' || c == '\\' {
                        break;
                    }
                }
            }
        } else if c != '\u{e}' && c != '\u{f}' {
            // (Shift out and shift in are how terminfo's sgr0 ends for
            // TERM=screen, tmux's default.)
            out.push(c);
        }
    }
    out
}

pub fn parse(output: &str) -> TestReport {
    let mut r = TestReport::default();
    let mut failed_names = Vec::new();
    let mut sections: Vec<(String, String)> = Vec::new();
    let mut current: Option<(String, String)> = None;
    for raw in output.lines() {
        let line = strip_ansi(raw);
        if let Some(rest) = line.strip_prefix("test ")
            && let Some((name, status)) = rest.rsplit_once(" ... ")
        {
            let name = name.trim_end_matches(" - should panic").to_string();
            match status.trim() {
                "ok" => {
                    r.passed += 1;
                    r.finished.push(name);
                }
                s if s.starts_with("FAILED") => failed_names.push(name),
                _ => {}
            }
            continue;
        }
        if let Some(name) = line
            .strip_prefix("---- ")
            .and_then(|l| l.strip_suffix(" stdout ----"))
        {
            if let Some(done) = current.take() {
                sections.push(done);
            }
            current = Some((name.to_string(), String::new()));
            continue;
        }
        if line == "failures:" || line.starts_with("test result:") {
            if let Some(done) = current.take() {
                sections.push(done);
            }
            if line.starts_with("test result:") {
                r.completed = true;
            }
            continue;
        }
        if let Some((_, text)) = current.as_mut() {
            text.push_str(raw);
            text.push('\n');
        }
    }
    if let Some(done) = current.take() {
        sections.push(done);
    }
    for name in failed_names {
        let output = sections
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| t.trim_matches('\n').to_string())
            .unwrap_or_default();
        r.failed.push(FailedTest { name, output });
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = "\nrunning 3 tests\ntest tests::a ... ok\ntest tests::b ... FAILED\ntest tests::c - should panic ... ok\n\nfailures:\n\n---- tests::b stdout ----\n\nthread 'tests::b' panicked at x.rs:10:5:\nassertion `left == right` failed\n  left: 1\n right: 2\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\nfailures:\n    tests::b\n\ntest result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n\n";

    #[test]
    fn failing_tests_and_their_output() {
        let r = parse(OUTPUT);
        assert_eq!(r.passed, 2);
        assert!(r.completed);
        assert_eq!(r.failed.len(), 1);
        assert_eq!(r.failed[0].name, "tests::b");
        assert!(
            r.failed[0]
                .output
                .starts_with("thread 'tests::b' panicked at x.rs:10:5:")
        );
        assert!(r.failed[0].output.contains("right: 2"));
        assert_eq!(r.finished, ["tests::a", "tests::c"]);
    }

    #[test]
    fn coloured_output_is_read_too() {
        let coloured = OUTPUT
            .replace("... ok", "... \u{1b}[32mok\u{1b}[0m")
            .replace("FAILED\n", "\u{1b}[31mFAILED\u{1b}[0m\n");
        let r = parse(&coloured);
        assert_eq!((r.passed, r.failed.len()), (2, 1));
    }

    #[test]
    fn terminfo_colours_are_read_too() {
        // What libtest prints with `--color always` (terminfo's sgr0 ends
        // with a character set designation).
        let coloured = OUTPUT
            .replace("... ok", "... \u{1b}[32mok\u{1b}(B\u{1b}[m")
            .replace("FAILED\n", "\u{1b}[31mFAILED\u{1b}(B\u{1b}[m\n");
        let r = parse(&coloured);
        assert_eq!((r.passed, r.failed.len()), (2, 1));
        // TERM=screen (tmux): the reset ends with shift-in.
        let r = parse(&OUTPUT.replace("... ok", "... \u{1b}[32mok\u{1b}[m\u{f}"));
        assert_eq!(r.passed, 2);
    }

    #[test]
    fn a_harness_killed_midway_is_not_completed() {
        let r = parse("running 2 tests\ntest a ... ok\n");
        assert!(!r.completed);
        assert_eq!(r.passed, 1);
    }

    #[test]
    fn strip_ansi_keeps_text() {
        assert_eq!(
            strip_ansi("\u{1b}[1m\u{1b}[31merror\u{1b}[0m: x"),
            "error: x"
        );
    }
}
