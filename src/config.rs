//! `site.toml`: the site's settings.

use crate::diagnostics::{did_you_mean, line_col, Diagnostic};
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Stable id: learners' stored progress and exports are keyed by it.
    #[serde(default = "default_id")]
    pub id: String,
    #[serde(default = "default_version")]
    pub version: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub quiz: QuizConfig,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuizConfig {
    #[serde(default = "default_pass_mark")]
    pub pass_mark: f64,
}

impl Default for QuizConfig {
    fn default() -> Self {
        QuizConfig {
            pass_mark: default_pass_mark(),
        }
    }
}

fn default_id() -> String {
    "zhiyin-site".into()
}
fn default_version() -> String {
    "0.1.0".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_pass_mark() -> f64 {
    80.0
}

const TOP_KEYS: &[&str] = &["title", "description", "id", "version", "theme", "quiz"];
const QUIZ_KEYS: &[&str] = &["pass_mark"];

/// Reads `site.toml` in `root`. All problems are returned together.
pub fn load(root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
    let path = root.join("site.toml");
    let shown = Path::new("site.toml");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t.trim_start_matches('\u{feff}').replace("\r\n", "\n"),
        Err(e) => {
            let hint = if e.kind() == std::io::ErrorKind::NotFound {
                format!("run zhiyin in a site folder, pass --root DIR, or create one with `zhiyin new DIR` (looked in {})", root.display())
            } else {
                "check the file's permissions".to_string()
            };
            return Err(vec![Diagnostic::error(
                shown,
                1,
                1,
                format!("cannot read site.toml: {e}"),
            )
            .with_hint(hint)]);
        }
    };
    parse(&text, shown)
}

pub fn parse(text: &str, shown: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
    let table: toml::Table =
        toml::from_str(text).map_err(|e| vec![toml_error(&e, text, shown, 0)])?;
    let mut errors = unknown_keys(&table, TOP_KEYS, text, shown, 0, "site.toml");
    if let Some(toml::Value::Table(quiz)) = table.get("quiz") {
        errors.extend(unknown_keys(
            quiz,
            QUIZ_KEYS,
            text,
            shown,
            0,
            "[quiz] in site.toml",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let config: SiteConfig =
        toml::from_str(text).map_err(|e| vec![toml_error(&e, text, shown, 0)])?;
    if !(0.0..=100.0).contains(&config.quiz.pass_mark) {
        let (line, col) = find_key(text, "pass_mark").unwrap_or((1, 1));
        return Err(vec![Diagnostic::error(
            shown,
            line,
            col,
            format!(
                "pass_mark is {}, but it must be a percentage from 0 to 100",
                config.quiz.pass_mark
            ),
        )
        .with_hint("for example: pass_mark = 80")
        .with_source(text)]);
    }
    if config.id.is_empty()
        || !config
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        let (line, col) = find_key(text, "id").unwrap_or((1, 1));
        return Err(vec![Diagnostic::error(
            shown,
            line,
            col,
            "id must be letters, digits, '-' or '_' (it names the learners' stored progress)",
        )
        .with_hint("for example: id = \"xiaoqu-dangzhibu\"")
        .with_source(text)]);
    }
    Ok(config)
}

/// A TOML error from a fragment that starts `line_offset` lines into the file.
pub fn toml_error(
    e: &toml::de::Error,
    fragment: &str,
    shown: &Path,
    line_offset: usize,
) -> Diagnostic {
    let (line, col) = e
        .span()
        .map(|s| line_col(fragment, s.start))
        .unwrap_or((1, 1));
    let message = e.message().trim().to_string();
    let hint = if message.contains("invalid basic string")
        || message.contains("unterminated")
        || message.contains("newline")
    {
        "a string is not closed: check that every \" has a partner on the same line"
    } else if message.contains("missing field") {
        "add the missing key"
    } else {
        "this is TOML: key = \"text\", key = 10, key = [\"a\", \"b\"]"
    };
    Diagnostic::error(
        shown,
        line + line_offset,
        col,
        format!("invalid TOML: {message}"),
    )
    .with_hint(hint)
}

/// Unknown keys of a table, each with a did-you-mean hint.
pub fn unknown_keys(
    table: &toml::Table,
    allowed: &[&str],
    text: &str,
    shown: &Path,
    line_offset: usize,
    what: &str,
) -> Vec<Diagnostic> {
    table
        .keys()
        .filter(|k| !allowed.contains(&k.as_str()))
        .map(|key| {
            let (line, col) = find_key(text, key).unwrap_or((1, 1));
            let hint = match did_you_mean(key, allowed) {
                Some(s) => format!("did you mean `{s}`? (allowed keys: {})", allowed.join(", ")),
                None => format!("allowed keys: {}", allowed.join(", ")),
            };
            Diagnostic::error(
                shown,
                line + line_offset,
                col,
                format!("unknown key `{key}` in {what}"),
            )
            .with_hint(hint)
        })
        .collect()
}

/// 1-based line and column of `key = …` in TOML text (a best effort for messages).
pub fn find_key(text: &str, key: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let trimmed = line.trim_start();
        let rest = trimmed
            .strip_prefix(key)
            .or_else(|| trimmed.strip_prefix(&format!("\"{key}\"")))?;
        if rest.trim_start().starts_with('=') {
            Some((i + 1, line.chars().count() - trimmed.chars().count() + 1))
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_gets_a_suggestion() {
        let errs = parse(
            "title = \"x\"\ndescripton = \"y\"\n",
            Path::new("site.toml"),
        )
        .unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!((errs[0].line, errs[0].column), (2, 1));
        assert!(errs[0].hint.as_deref().unwrap().contains("description"));
    }

    #[test]
    fn pass_mark_must_be_a_percentage() {
        let errs = parse(
            "title = \"x\"\n[quiz]\npass_mark = 120\n",
            Path::new("site.toml"),
        )
        .unwrap_err();
        assert_eq!(errs[0].line, 3);
    }
}
