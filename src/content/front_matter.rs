//! Front matter: TOML between `+++` lines at the top of a Markdown file.

use crate::config::{find_key, toml_error, unknown_keys};
use crate::diagnostics::Diagnostic;
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub tags: Vec<String>,
    /// A date, `YYYY-MM-DD`.
    #[serde(default)]
    pub updated: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub draft: bool,
}

pub const KEYS: &[&str] = &[
    "title", "summary", "weight", "tags", "updated", "sources", "draft",
];

/// A Markdown file split into its front matter and body.
#[derive(Debug, Clone)]
pub struct Split {
    pub front: FrontMatter,
    /// Byte offset of the body in the file text.
    pub body_start: usize,
}

/// Splits and parses the front matter of `text` (already normalised to `\n`).
pub fn split(text: &str, shown: &Path) -> Result<Split, Vec<Diagnostic>> {
    let Some(after_open) = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++ \n"))
    else {
        let first = text.lines().next().unwrap_or("");
        let hint = if first.trim() == "---" {
            "zhiyin front matter is TOML between +++ lines (not YAML between ---): write +++, then title = \"…\", then +++"
        } else {
            "start the file with front matter:\n    +++\n    title = \"页面标题\"\n    +++"
        };
        return Err(vec![Diagnostic::error(shown, 1, 1, "missing front matter")
            .with_hint(hint)
            .with_source(text)]);
    };
    let open_len = text.len() - after_open.len();
    let close = after_open
        .match_indices("\n")
        .map(|(i, _)| i + 1)
        .chain(std::iter::once(0))
        .find(|&start| {
            let line = after_open[start..].split('\n').next().unwrap_or("");
            line.trim_end() == "+++"
        });
    let Some(close_start) = close else {
        return Err(vec![Diagnostic::error(
            shown,
            1,
            1,
            "front matter is not closed: the opening +++ has no closing +++ line",
        )
        .with_hint("add a line with only +++ after the last front-matter key")
        .with_source(text)]);
    };
    let toml_text = &after_open[..close_start];
    let close_line_end = after_open[close_start..]
        .find('\n')
        .map_or(after_open.len(), |i| close_start + i + 1);
    let body_start = open_len + close_line_end;

    // Lines inside the TOML fragment are one below the opening +++.
    let fix_source = |d: Diagnostic| d.with_source(text);
    let table: toml::Table = toml::from_str(toml_text)
        .map_err(|e| vec![fix_source(toml_error(&e, toml_text, shown, 1))])?;
    let mut errors: Vec<Diagnostic> =
        unknown_keys(&table, KEYS, toml_text, shown, 1, "front matter")
            .into_iter()
            .map(fix_source)
            .collect();
    if !table.contains_key("title") {
        errors.push(
            Diagnostic::error(shown, 1, 1, "front matter has no title")
                .with_hint("add a line: title = \"页面标题\"")
                .with_source(text),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let front: FrontMatter = toml::from_str(toml_text)
        .map_err(|e| vec![fix_source(toml_error(&e, toml_text, shown, 1))])?;
    let mut problems = Vec::new();
    if front.title.trim().is_empty() {
        let (line, col) = find_key(toml_text, "title").unwrap_or((1, 1));
        problems.push(
            Diagnostic::error(shown, line + 1, col, "title is empty")
                .with_hint("give the page a title")
                .with_source(text),
        );
    }
    if let Some(date) = &front.updated {
        if !is_date(date) {
            let (line, col) = find_key(toml_text, "updated").unwrap_or((1, 1));
            problems.push(
                Diagnostic::error(
                    shown,
                    line + 1,
                    col,
                    format!("updated = \"{date}\" is not a date"),
                )
                .with_hint("write the date as YYYY-MM-DD, e.g. updated = \"2020-11-30\"")
                .with_source(text),
            );
        }
    }
    if problems.is_empty() {
        Ok(Split { front, body_start })
    } else {
        Err(problems)
    }
}

fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let ok = |p: &str, n: usize, max: u32| {
        p.len() == n && p.parse::<u32>().is_ok_and(|v| (1..=max).contains(&v))
    };
    parts.len() == 3 && ok(parts[0], 4, 9999) && ok(parts[1], 2, 12) && ok(parts[2], 2, 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    fn p() -> &'static Path {
        Path::new("a.md")
    }

    #[test]
    fn splits_front_matter_from_body() {
        let s = split("+++\ntitle = \"标题\"\nweight = 2\n+++\n正文\n", p()).unwrap();
        assert_eq!(s.front.title, "标题");
        assert_eq!(s.front.weight, 2);
    }

    #[test]
    fn empty_body_is_fine() {
        let text = "+++\ntitle = \"x\"\n+++";
        assert_eq!(split(text, p()).unwrap().body_start, text.len());
    }

    #[test]
    fn unclosed_string_points_at_the_md_line() {
        let errs = split("+++\ntitle = \"标题\nweight = 1\n+++\n", p()).unwrap_err();
        assert_eq!(errs[0].line, 2, "{:?}", errs);
        assert!(errs[0].message.contains("invalid TOML"));
    }

    #[test]
    fn unknown_key_suggests_and_missing_title_is_reported_together() {
        let errs = split("+++\ntitel = \"x\"\n+++\n", p()).unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].line, 2);
        assert!(errs[0].hint.as_deref().unwrap().contains("`title`"));
        assert!(errs[1].message.contains("no title"));
    }

    #[test]
    fn unclosed_front_matter() {
        let errs = split("+++\ntitle = \"x\"\n正文\n", p()).unwrap_err();
        assert!(errs[0].message.contains("not closed"));
    }

    #[test]
    fn yaml_front_matter_gets_a_hint() {
        let errs = split("---\ntitle: x\n---\n", p()).unwrap_err();
        assert!(errs[0].hint.as_deref().unwrap().contains("TOML"));
    }

    #[test]
    fn bad_date() {
        let errs = split("+++\ntitle = \"x\"\nupdated = \"2020/1/2\"\n+++\n", p()).unwrap_err();
        assert_eq!(errs[0].line, 3);
    }
}
