//! Verdicts as styled text for the watch screen, and the hard wrapping the
//! screen's scrolling is counted in. rustc's diagnostics and libtest's output
//! arrive with ANSI colours; they are turned into styled spans, never written
//! to the screen as escape bytes. The plain-text twin is `crate::report`.

use ratatui::style::{Color, Modifier, Style, Stylize};
use ratatui::text::{Line, Span, Text};
use unicode_width::UnicodeWidthChar;

use crate::runner::textdiff;
use crate::verdict::{Outcome, Verdict, plural};

/// Lines kept from one piece of program or compiler output; the rest is
/// summarised (a test that prints in a loop must not fill the memory).
const MAX_LINES: usize = 2000;

/// What the learner reads below the status line: everything needed to act
/// on the verdict.
pub fn verdict(v: &Verdict) -> Text<'static> {
    let mut t = Lines::default();
    match &v.outcome {
        Outcome::Passed => {
            t.push(Line::from(vec![
                "✓ ".green().bold(),
                Span::styled(v.exercise.clone(), Style::new().bold()),
                " passes".green().bold(),
            ]));
            passed_checks(&mut t, v, "·");
            if !v.warnings.is_empty() {
                let n = v.warnings.len();
                t.blank();
                t.push(Line::from(format!(
                    "{n} compiler warning{} in your code:",
                    plural(n)
                )));
                for w in &v.warnings {
                    t.ansi(&w.rendered);
                }
            }
            t.blank();
            t.push(Line::from(vec![
                "Press ".into(),
                "n".bold(),
                " for the next exercise.".into(),
            ]));
        }
        Outcome::Blocked { reason, fixes } => {
            t.push(Line::from(vec![
                "◌ ".yellow().bold(),
                Span::styled(v.exercise.clone(), Style::new().bold()),
                format!(" is blocked: {reason}").yellow(),
            ]));
            t.push(Line::from(
                "This is not a failure: the check needs something this machine does not have.",
            ));
            if !fixes.is_empty() {
                t.blank();
                t.push(Line::from("To run it, install what it needs:"));
                for f in fixes {
                    t.push(Line::from(vec!["    ".into(), f.clone().cyan()]));
                }
            }
            t.blank();
            t.push(Line::from(
                "`tutor doctor` lists everything the course needs. Press n to move on meanwhile.",
            ));
        }
        other => {
            passed_checks(&mut t, v, "✓");
            if !v.passed.is_empty() {
                t.blank();
            }
            details(&mut t, other);
        }
    }
    t.0
}

fn passed_checks(t: &mut Lines, v: &Verdict, mark: &str) {
    for line in &v.passed {
        t.push(Line::from(vec![
            format!("  {mark} ").dark_gray(),
            Span::raw(line.clone()),
        ]));
    }
}

fn details(t: &mut Lines, o: &Outcome) {
    match o {
        Outcome::Passed | Outcome::Blocked { .. } => {}
        Outcome::BuildError {
            target,
            diagnostics,
            stderr,
        } => {
            t.push(Line::from(vec![
                "✗ ".red().bold(),
                Span::styled(target.clone(), Style::new().bold()),
                " does not compile".red().bold(),
            ]));
            t.blank();
            for d in diagnostics {
                t.ansi(&d.rendered);
                t.blank();
            }
            if diagnostics.is_empty() {
                t.ansi(stderr);
            }
        }
        Outcome::TestsFailed {
            failed,
            passed,
            unexpected_pass,
            output,
            ..
        } => {
            if *unexpected_pass {
                t.push(Line::from(
                    "✗ The tests ran against a version with a planted bug and all passed: \
                     they do not catch it yet."
                        .red(),
                ));
                t.blank();
            } else {
                t.push(Line::from(
                    format!(
                        "✗ {} of {} test{} failed",
                        failed.len(),
                        failed.len() + passed,
                        plural(failed.len() + passed)
                    )
                    .red()
                    .bold(),
                ));
                t.blank();
            }
            for f in failed {
                t.push(Line::from(format!("---- {} ----", f.name).red()));
                t.ansi(&f.output);
                t.blank();
            }
            if failed.is_empty() && !*unexpected_pass {
                t.ansi(output);
            }
        }
        Outcome::WrongOutput {
            expected,
            actual,
            expected_code,
            code,
            stderr,
        } => {
            t.push(Line::from(o.headline().red().bold()));
            t.blank();
            if Some(*expected_code) != *code {
                let got = code.map_or("no exit code (killed by a signal)".into(), |c| {
                    format!("exit code {c}")
                });
                t.push(Line::from(format!(
                    "Expected exit code {expected_code}, got {got}."
                )));
                t.blank();
            }
            t.push(Line::from(vec![
                "Output (".into(),
                "- expected".red(),
                ", ".into(),
                "+ actual".green(),
                "):".into(),
            ]));
            let diff = textdiff::diff(&textdiff::normalize(expected), &textdiff::normalize(actual));
            for line in diff.lines().take(MAX_LINES) {
                let styled = match line.chars().next() {
                    Some('-') => Span::styled(clean(line), Style::new().fg(Color::Red)),
                    Some('+') => Span::styled(clean(line), Style::new().fg(Color::Green)),
                    _ => Span::raw(clean(line)),
                };
                t.push(Line::from(styled));
            }
            if !stderr.trim().is_empty() {
                t.blank();
                t.push(Line::from("The program's error output:"));
                t.ansi(stderr);
            }
        }
        Outcome::MisuseCompiled { target, expected } => {
            t.push(Line::from(o.headline().red().bold()));
            t.blank();
            t.push(Line::from(format!(
                "{target} is a program that misuses your code on purpose. It must be rejected by \
                 the compiler with {expected}, but it compiled: your design still allows the misuse."
            )));
        }
        Outcome::WrongError {
            expected,
            diagnostics,
            ..
        } => {
            t.push(Line::from(o.headline().red().bold()));
            t.blank();
            t.push(Line::from(format!(
                "Expected {expected}. The compiler said:"
            )));
            for d in diagnostics {
                t.ansi(&d.rendered);
                t.blank();
            }
        }
        Outcome::CheckFailed {
            check,
            message,
            details,
            ..
        } => {
            t.push(Line::from(format!("✗ {check}: {message}").red().bold()));
            t.blank();
            t.ansi(details);
        }
        Outcome::TimedOut { advice, output, .. } => {
            t.push(Line::from(o.headline().red().bold()));
            t.blank();
            t.push(Line::from(format!("Stopped: {advice}.")));
            if !output.trim().is_empty() {
                t.blank();
                t.push(Line::from("What it printed before:"));
                t.ansi(output);
            }
        }
        Outcome::Flooded { output, .. } => {
            t.push(Line::from(o.headline().red().bold()));
            t.blank();
            t.push(Line::from(
                "Does it print in a loop that never ends? The start and the end of what it printed:",
            ));
            t.ansi(output);
        }
        Outcome::Crashed {
            what,
            signal,
            explanation,
            output,
        } => {
            t.push(Line::from(
                format!("✗ {what} crashed (signal {signal})").red().bold(),
            ));
            t.blank();
            t.push(Line::from(capital(explanation)));
            if !output.trim().is_empty() {
                t.blank();
                t.push(Line::from("What it printed before:"));
                t.ansi(output);
            }
        }
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Text being built, with the helpers the verdicts need.
#[derive(Default)]
struct Lines(Text<'static>);

impl Lines {
    fn push(&mut self, line: Line<'static>) {
        self.0.lines.push(line);
    }

    fn blank(&mut self) {
        if self.0.lines.last().is_some_and(|l| l.width() > 0) {
            self.0.lines.push(Line::default());
        }
    }

    /// Output that may carry ANSI colours, trailing blank lines dropped.
    fn ansi(&mut self, s: &str) {
        let mut lines = ansi(s);
        while lines.last().is_some_and(|l| l.width() == 0) {
            lines.pop();
        }
        self.0.lines.extend(lines);
    }
}

/// Parses ANSI colours into styled lines (tabs expanded, other control
/// characters dropped); at most [`MAX_LINES`] lines are kept.
pub fn ansi(s: &str) -> Vec<Line<'static>> {
    use ansi_to_tui::IntoText;
    let total = s.lines().count();
    let kept: String = if total > MAX_LINES {
        s.lines().take(MAX_LINES).collect::<Vec<_>>().join("\n")
    } else {
        s.to_string()
    };
    let kept = without_charset_designations(&kept);
    let mut lines = match kept.as_bytes().into_text() {
        Ok(text) => text
            .lines
            .into_iter()
            .map(|l| {
                let style = l.style;
                Line::from(
                    l.spans
                        .into_iter()
                        .map(|sp| Span::styled(clean(&sp.content), style.patch(sp.style)))
                        .collect::<Vec<_>>(),
                )
            })
            .collect(),
        Err(_) => crate::runner::libtest::strip_ansi(&kept)
            .lines()
            .map(|l| Line::from(clean(l)))
            .collect::<Vec<_>>(),
    };
    if total > MAX_LINES {
        lines.push(Line::from(
            format!("[... {} more lines not shown ...]", total - MAX_LINES).dark_gray(),
        ));
    }
    lines
}

/// Removes `ESC ( B` and its kin, which terminfo-based programs (libtest)
/// print after each colour and the ANSI parser would show as text.
fn without_charset_designations(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && matches!(chars.peek(), Some('(' | ')' | '*' | '+')) {
            chars.next();
            chars.next();
        } else {
            out.push(c);
        }
    }
    out
}

/// Tabs as spaces, no control characters (they would corrupt the screen).
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => out.push_str("    "),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Plain text as lines, as written.
pub fn plain(s: &str) -> Vec<Line<'static>> {
    s.lines().map(|l| Line::from(clean(l))).collect()
}

/// Prose written in Markdown (hints, the welcome text, intros) as lines to
/// be word-wrapped: the lines of a paragraph are joined (they were wrapped
/// for the source file, not for this screen), while blank lines, list items,
/// headings, quotes, tables, indented lines and code blocks keep their own.
pub fn prose(s: &str) -> Vec<Line<'static>> {
    let mut out: Vec<String> = Vec::new();
    let mut joinable = false;
    let mut in_code = false;
    for raw in s.lines() {
        let line = clean(raw.trim_end());
        let t = line.trim_start();
        if t.starts_with("```") {
            in_code = !in_code;
            out.push(line);
            joinable = false;
            continue;
        }
        if in_code || t.is_empty() || line.starts_with(' ') {
            out.push(line);
            joinable = false;
            continue;
        }
        let numbered = t
            .split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        let starts_block = numbered
            || ["- ", "* ", "+ ", "#", ">", "|"]
                .iter()
                .any(|m| t.starts_with(m));
        match out.last_mut() {
            Some(prev) if joinable && !starts_block => {
                prev.push(' ');
                prev.push_str(t);
            }
            _ => out.push(line),
        }
        joinable = true;
    }
    out.into_iter().map(Line::from).collect()
}

/// Hard-wraps lines at `width` columns, keeping styles: the screen scrolls
/// in wrapped lines, so they are counted exactly. (Word wrapping would
/// misalign rustc's ASCII art; terminals wrap hard too.)
pub fn wrap(lines: &[Line<'static>], width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width.max(1));
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if line.width() <= width {
            out.push(line.clone());
            continue;
        }
        let mut cur: Vec<Span<'static>> = Vec::new();
        let mut used = 0;
        for span in &line.spans {
            let style = line.style.patch(span.style);
            let mut piece = String::new();
            for c in span.content.chars() {
                let w = c.width().unwrap_or(0);
                if used + w > width && used > 0 {
                    if !piece.is_empty() {
                        cur.push(Span::styled(std::mem::take(&mut piece), style));
                    }
                    out.push(Line::from(std::mem::take(&mut cur)));
                    used = 0;
                }
                piece.push(c);
                used += w;
            }
            if !piece.is_empty() {
                cur.push(Span::styled(piece, style));
            }
        }
        if !cur.is_empty() {
            out.push(Line::from(cur));
        }
    }
    out
}

/// How many screen lines `lines` take at `width` when hard-wrapped ([`wrap`]).
pub fn height(lines: &[Line<'static>], width: u16) -> usize {
    let width = usize::from(width.max(1));
    lines.iter().map(|l| rows(l, width)).sum()
}

fn rows(line: &Line<'_>, width: usize) -> usize {
    if line.width() <= width {
        return 1;
    }
    let (mut rows, mut used) = (1, 0);
    for span in &line.spans {
        for c in span.content.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > width && used > 0 {
                rows += 1;
                used = 0;
            }
            used += w;
        }
    }
    rows
}

/// Word-wraps prose (hints, the welcome text) at `width` columns; each line
/// keeps the style of its first span. Words longer than a line are cut.
pub fn wrap_prose(lines: &[Line<'static>], width: u16) -> Vec<Line<'static>> {
    use unicode_width::UnicodeWidthStr;
    let width = usize::from(width.max(1));
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if line.width() <= width {
            out.push(line.clone());
            continue;
        }
        let style = line
            .spans
            .first()
            .map_or(line.style, |s| line.style.patch(s.style));
        let text = line.to_string();
        let mut cur = String::new();
        let mut used = 0;
        let mut flush = |cur: &mut String, used: &mut usize| {
            out.push(Line::styled(cur.trim_end().to_string(), style));
            cur.clear();
            *used = 0;
        };
        for word in text.split_inclusive(' ') {
            let visible = word.trim_end().width();
            if used + visible > width && used > 0 {
                flush(&mut cur, &mut used);
            }
            if visible > width {
                for c in word.chars() {
                    let w = c.width().unwrap_or(0);
                    if used + w > width && used > 0 {
                        flush(&mut cur, &mut used);
                    }
                    cur.push(c);
                    used += w;
                }
            } else {
                cur.push_str(word);
                used += word.width();
            }
        }
        if !cur.trim_end().is_empty() {
            flush(&mut cur, &mut used);
        }
    }
    out
}

/// A bold style that survives a monochrome terminal.
pub fn strong() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ansi_colours_become_styles() {
        let lines = ansi("\x1b[1m\x1b[31merror[E0308]\x1b[0m: mismatched\n\tnext");
        assert_eq!(lines.len(), 2);
        let first = &lines[0];
        assert_eq!(first.spans[0].content, "error[E0308]");
        assert_eq!(first.spans[0].style.fg, Some(Color::Red));
        assert_eq!(lines[1].to_string(), "    next");
    }

    #[test]
    fn terminfo_resets_leave_no_trace() {
        let lines =
            ansi("test a ... \x1b[32mok\x1b(B\x1b[m\ntest b ... \x1b[31mFAILED\x1b(B\x1b[m");
        let texts: Vec<String> = lines.iter().map(ToString::to_string).collect();
        assert_eq!(texts, ["test a ... ok", "test b ... FAILED"]);
    }

    #[test]
    fn prose_paragraphs_are_joined_and_blocks_kept() {
        let s = "First line\nof a paragraph.\n\n- item one\n  continued\n- item two\n\n```rust\nlet x = 1;\nlet y = 2;\n```\n1. step\n2. step";
        let lines: Vec<String> = prose(s).iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "First line of a paragraph.",
                "",
                "- item one",
                "  continued",
                "- item two",
                "",
                "```rust",
                "let x = 1;",
                "let y = 2;",
                "```",
                "1. step",
                "2. step",
            ]
        );
    }

    #[test]
    fn wrapping_is_hard_and_counted() {
        let lines = vec![
            Line::from(vec!["abcdef".red(), "gh".into()]),
            Line::from(""),
        ];
        let w = wrap(&lines, 3);
        let texts: Vec<String> = w.iter().map(ToString::to_string).collect();
        assert_eq!(texts, ["abc", "def", "gh", ""]);
        assert_eq!(w[1].spans[0].style.fg, Some(Color::Red));
        assert_eq!(height(&lines, 3), 4);
        // Wide characters never straddle the edge.
        let wide = [Line::from("日本語")];
        assert_eq!(wrap(&wide, 4).len(), 2);
        assert_eq!(height(&wide, 4), 2);
    }

    #[test]
    fn prose_wraps_at_words() {
        let lines = [
            Line::from("the quick brown fox jumps"),
            Line::from("abcdefghij"),
        ];
        let w: Vec<String> = wrap_prose(&lines, 10)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(w, ["the quick", "brown fox", "jumps", "abcdefghij"]);
        let w: Vec<String> = wrap_prose(&[Line::from("abcdefghijkl x")], 5)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(w, ["abcde", "fghij", "kl x"]);
    }

    #[test]
    fn huge_output_is_cut() {
        let s = "x\n".repeat(MAX_LINES + 10);
        let lines = ansi(&s);
        assert_eq!(lines.len(), MAX_LINES + 1);
        assert!(lines[MAX_LINES].to_string().contains("10 more lines"));
    }
}
