//! Walks `content/` and builds the flat page store.

use super::front_matter;
use super::source::read_text;
use super::{output_path, Asset, Page, PageKind, Site};
use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Loads every page and asset under `root/content`. Returns all problems together.
pub fn load(root: &Path, config: SiteConfig) -> Result<Site, Vec<Diagnostic>> {
    let content = root.join("content");
    if !content.is_dir() {
        return Err(vec![Diagnostic::error(
            "content",
            1,
            1,
            "no content/ folder in the site",
        )
        .with_hint(format!(
            "create {} with an _index.md, or run `zhiyin new DIR` for a starter site",
            content.display()
        ))]);
    }
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    let mut errors = Vec::new();
    let walker = walkdir::WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    for entry in walker
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_string_lossy().as_ref()))
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let shown = e
                    .path()
                    .map(|p| shown_path(root, p))
                    .unwrap_or_else(|| PathBuf::from("content"));
                errors.push(
                    Diagnostic::error(shown, 1, 1, format!("cannot read: {e}"))
                        .with_hint("check the folder's permissions and links"),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = relative(&content, entry.path());
        if rel.ends_with(".md") {
            markdown.push((entry.path().to_path_buf(), rel));
        } else {
            assets.push(Asset {
                source: entry.path().to_path_buf(),
                output: rel,
            });
        }
    }

    let loaded: Vec<Result<Option<Page>, Vec<Diagnostic>>> = markdown
        .par_iter()
        .map(|(abs, rel)| load_page(root, abs, rel))
        .collect();
    let mut pages = Vec::new();
    for result in loaded {
        match result {
            Ok(Some(page)) => pages.push(page),
            Ok(None) => {}
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(Site {
            root: root.to_path_buf(),
            config,
            pages,
            assets,
        })
    } else {
        Err(errors)
    }
}

/// Editor swap files, backups and hidden files are never content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.starts_with("#")
}

fn load_page(root: &Path, abs: &Path, rel: &str) -> Result<Option<Page>, Vec<Diagnostic>> {
    let shown = shown_path(root, abs);
    let text = read_text(abs, &shown).map_err(|e| vec![e])?;
    let kind = classify(rel)
        .map_err(|(msg, hint)| vec![Diagnostic::error(&shown, 1, 1, msg).with_hint(hint)])?;
    let split = front_matter::split(&text, &shown)?;
    if split.front.draft {
        return Ok(None);
    }
    Ok(Some(Page {
        kind,
        source_path: rel.to_string(),
        shown_path: shown,
        output: output_path(rel),
        text,
        body_start: split.body_start,
        front: split.front,
    }))
}

/// What a Markdown file is, from where it sits.
fn classify(rel: &str) -> Result<PageKind, (String, String)> {
    let parts: Vec<&str> = rel.split('/').collect();
    let is_index = parts.last() == Some(&"_index.md");
    Ok(match (parts.as_slice(), is_index) {
        ([_], true) => PageKind::Home,
        (["glossary.md"], _) => PageKind::Glossary,
        ([_], false) => PageKind::Page,
        (["courses", _], true) => PageKind::Section,
        (["courses", name], false) => {
            return Err((
                format!("lesson outside a course: {name} sits directly in courses/"),
                format!("move it into a course folder, e.g. courses/my-course/{name}, next to that course's _index.md"),
            ))
        }
        (["courses", _, _], true) => PageKind::Course,
        (["courses", _, _], false) => PageKind::Lesson,
        (["courses", course, ..], _) => {
            return Err((
                "a lesson must sit directly in its course folder".to_string(),
                format!("move this file to courses/{course}/ (courses have no subfolders)"),
            ))
        }
        (_, true) => PageKind::Section,
        _ => PageKind::Page,
    })
}

fn relative(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn shown_path(root: &Path, path: &Path) -> PathBuf {
    PathBuf::from(relative(root, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_position() {
        assert_eq!(classify("_index.md").unwrap(), PageKind::Home);
        assert_eq!(classify("about.md").unwrap(), PageKind::Page);
        assert_eq!(classify("glossary.md").unwrap(), PageKind::Glossary);
        assert_eq!(classify("guides/_index.md").unwrap(), PageKind::Section);
        assert_eq!(classify("guides/a.md").unwrap(), PageKind::Page);
        assert_eq!(classify("courses/_index.md").unwrap(), PageKind::Section);
        assert_eq!(classify("courses/c/_index.md").unwrap(), PageKind::Course);
        assert_eq!(classify("courses/c/l.md").unwrap(), PageKind::Lesson);
        assert!(classify("courses/stray.md").is_err());
        assert!(classify("courses/c/deeper/l.md").is_err());
    }
}
