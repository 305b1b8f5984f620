//! Errors located in an input file (info.toml, Cargo.toml, a hint): file, line,
//! column, what is wrong and what to do, rendered like rustc renders its own.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in a file the instructor or the learner wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub file: PathBuf,
    /// 1-based; 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based column of the first character of `len` underlined ones.
    pub col: usize,
    pub len: usize,
    /// The source line, for the snippet.
    pub source_line: String,
    pub message: String,
    pub help: Option<String>,
}

impl Located {
    /// A problem at a byte range of `source` (the content of `file`).
    pub fn at(
        file: &Path,
        source: &str,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let start = span.start.min(source.len());
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let line = source[..start].matches('\n').count() + 1;
        let col = source[line_start..start].chars().count() + 1;
        let end = span.end.clamp(start, line_end);
        let len = source[start..end].chars().count().max(1);
        Located {
            file: file.to_path_buf(),
            line,
            col,
            len,
            source_line: source[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
            message: message.into(),
            help: None,
        }
    }

    /// A problem with the file as a whole (missing, unreadable).
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        Located {
            file: file.to_path_buf(),
            line: 0,
            col: 0,
            len: 0,
            source_line: String::new(),
            message: message.into(),
            help: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        if self.line == 0 {
            writeln!(f, "  --> {}", self.file.display())?;
        } else {
            let gutter = self.line.to_string().len();
            let pad = " ".repeat(gutter);
            writeln!(
                f,
                "{pad}--> {}:{}:{}",
                self.file.display(),
                self.line,
                self.col
            )?;
            writeln!(f, "{pad} |")?;
            writeln!(f, "{} | {}", self.line, self.source_line)?;
            let lead: String = self
                .source_line
                .chars()
                .take(self.col - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{pad} | {lead}{}", "^".repeat(self.len))?;
        }
        if let Some(help) = &self.help {
            let pad = " ".repeat(self.line.to_string().len());
            writeln!(f, "{pad} = help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found in one pass, so the instructor can fix them all at once.
#[derive(Debug, Clone, Default)]
pub struct Problems(pub Vec<Located>);

impl Problems {
    pub fn push(&mut self, p: Located) {
        self.0.push(p);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        if self.0.len() > 1 {
            write!(f, "\n{} problems found", self.0.len())?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_line_and_column() {
        let src = "a = 1\nbad = 2\n";
        let at = src.find("bad").unwrap();
        let l = Located::at(
            Path::new("info.toml"),
            src,
            at..at + 3,
            "unknown field `bad`",
        )
        .help("remove it");
        assert_eq!((l.line, l.col, l.len), (2, 1, 3));
        let shown = l.to_string();
        assert!(shown.contains("--> info.toml:2:1"), "{shown}");
        assert!(shown.contains("2 | bad = 2"), "{shown}");
        assert!(shown.contains("  | ^^^"), "{shown}");
        assert!(shown.contains("= help: remove it"), "{shown}");
    }

    #[test]
    fn span_past_the_end_is_clamped() {
        let l = Located::at(Path::new("f"), "abc", 10..20, "x");
        assert_eq!((l.line, l.col), (1, 4));
    }
}
