//! One diagnostic type for every stage, and its printer.
//!
//! Stages never print: they return `Diagnostic`s, and the CLI prints them all
//! at the end of a run, so a trainer sees every error of a build at once.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A problem in a source file, located by 1-based line and column.
/// Columns count characters, not bytes, so they are right for Chinese text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as the user should see it (relative to the site root when possible).
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The offending source line, shown under the message with a caret.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: line.max(1),
            column: column.max(1),
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    pub fn warning(
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, column, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attach the source line this diagnostic points at, taken from the whole file text.
    pub fn with_source(mut self, file_text: &str) -> Self {
        self.source_line = file_text
            .lines()
            .nth(self.line - 1)
            .map(|l| l.trim_end_matches('\r').to_string());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(
            f,
            "{}:{}:{}: {}: {}",
            display_path(&self.path),
            self.line,
            self.column,
            kind,
            self.message
        )?;
        if let Some(src) = &self.source_line {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            writeln!(f, "{pad} |")?;
            writeln!(f, "{gutter} | {src}")?;
            // Wide (CJK) characters take two terminal cells: pad the caret to match.
            let before: usize = src.chars().take(self.column - 1).map(display_width).sum();
            writeln!(f, "{pad} | {}^", " ".repeat(before))?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = help: {hint}")?;
        }
        Ok(())
    }
}

fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Terminal width of a character: 2 for East Asian wide characters, 1 otherwise.
fn display_width(c: char) -> usize {
    let cp = c as u32;
    let wide = matches!(cp,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if c == '\t' {
        4
    } else if wide {
        2
    } else {
        1
    }
}

/// 1-based line and character column of a byte offset in `text`.
pub fn line_col(text: &str, byte_offset: usize) -> (usize, usize) {
    let offset = byte_offset.min(text.len());
    let mut safe = offset;
    while !text.is_char_boundary(safe) {
        safe -= 1;
    }
    let before = &text[..safe];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Prints diagnostics (sorted by file and position) followed by a count line.
pub fn render_all(diagnostics: &[Diagnostic]) -> String {
    let mut sorted: Vec<&Diagnostic> = diagnostics.iter().collect();
    sorted.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    let mut out = String::new();
    for d in &sorted {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if errors > 0 || warnings > 0 {
        out.push_str(&format!(
            "{} error{}, {} warning{}\n",
            errors,
            plural(errors),
            warnings,
            plural(warnings)
        ));
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Levenshtein distance, for did-you-mean hints on misspelt keys.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The closest candidate to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "第一行\n小区党支部 x";
        let offset = text.find('x').unwrap();
        assert_eq!(line_col(text, offset), (2, 7));
    }

    #[test]
    fn caret_is_under_the_column_with_wide_characters() {
        let d = Diagnostic::error("a.md", 1, 3, "bad").with_source("党支x");
        let shown = d.to_string();
        assert!(shown.starts_with("a.md:1:3: error: bad\n"), "{shown}");
        assert!(shown.contains("  |     ^"), "{shown}");
    }

    #[test]
    fn suggests_close_keys_only() {
        assert_eq!(did_you_mean("titel", &["title", "summary"]), Some("title"));
        assert_eq!(did_you_mean("xyzzy", &["title", "summary"]), None);
    }
}
