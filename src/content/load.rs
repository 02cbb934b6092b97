//! Walks `content/` and builds the flat page store.

use super::front_matter;
use super::source::read_text;
use super::{output_path, Asset, FileStamp, Page, PageKind, Site};
use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// What `zhiyin serve` hands the next load: the last good build's pages, by source path.
/// A page whose file has the same size and modification time as when it was read, and that
/// the watcher did not report as changed, is taken over without reading it again.
#[derive(Default)]
pub struct Reuse {
    pub pages: HashMap<String, Page>,
    /// Source paths (`guides/a.md`) the watcher saw change: always read.
    pub changed: HashSet<String>,
}

/// Loads every page and asset under `root/content`, with every problem found. A page whose
/// front matter is broken stays in the store (titled by its file name) so that links to it
/// do not report errors of their own; the build still fails on the returned problems.
pub fn load(root: &Path, config: SiteConfig) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    load_reusing(root, config, None)
}

/// [`load`], taking unchanged pages over from `reuse` (and recording each page's
/// [`FileStamp`] for the next time) when it is given.
pub fn load_reusing(
    root: &Path,
    config: SiteConfig,
    reuse: Option<Reuse>,
) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
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

    let mut reused = 0;
    let loaded: Vec<(Option<Page>, Vec<Diagnostic>)> = match reuse {
        None => markdown
            .par_iter()
            .map(|(abs, rel)| load_page(root, abs, rel))
            .collect(),
        Some(mut reuse) => {
            let stamps: Vec<Option<FileStamp>> = markdown
                .par_iter()
                .map(|(abs, _)| FileStamp::of(abs))
                .collect();
            let kept: Vec<Option<Page>> = markdown
                .iter()
                .zip(&stamps)
                .map(|((_, rel), stamp)| {
                    let page = reuse.pages.remove(rel)?;
                    let same = stamp.is_some() && page.stamp == *stamp;
                    (same && !reuse.changed.contains(rel)).then_some(page)
                })
                .collect();
            reused = kept.iter().filter(|k| k.is_some()).count();
            markdown
                .par_iter()
                .zip(stamps)
                .zip(kept)
                .map(|(((abs, rel), stamp), kept)| match kept {
                    Some(page) => (Some(page), Vec::new()),
                    None => {
                        let (mut page, problems) = load_page(root, abs, rel);
                        if let Some(page) = page.as_mut() {
                            page.stamp = stamp;
                        }
                        (page, problems)
                    }
                })
                .collect()
        }
    };
    let sources_read = markdown.len() - reused;
    let mut pages = Vec::new();
    for (page, mut problems) in loaded {
        pages.extend(page);
        errors.append(&mut problems);
    }
    let site = Site {
        root: root.to_path_buf(),
        config,
        pages,
        assets,
        sources_read,
    };
    Ok((site, errors))
}

/// Editor swap files, backups and hidden files are never content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.starts_with("#")
}

/// A page and its problems. A page with broken front matter is still returned (titled by
/// its file name, empty if unreadable) so that it counts as a link target.
pub(crate) fn load_page(root: &Path, abs: &Path, rel: &str) -> (Option<Page>, Vec<Diagnostic>) {
    let shown = shown_path(root, abs);
    let kind = match classify(rel) {
        Ok(kind) => kind,
        Err((msg, hint)) => {
            return (
                None,
                vec![Diagnostic::error(&shown, 1, 1, msg).with_hint(hint)],
            )
        }
    };
    let (text, mut problems) = match read_text(abs, &shown) {
        Ok(text) => (text, Vec::new()),
        Err(e) => (String::new(), vec![e]),
    };
    let (front, body_start) = if problems.is_empty() {
        match front_matter::split(&text, &shown) {
            Ok(split) if split.front.draft => return (None, Vec::new()),
            Ok(split) => (split.front, split.body_start),
            Err(mut e) => {
                problems.append(&mut e);
                (placeholder_front(rel), text.len())
            }
        }
    } else {
        (placeholder_front(rel), 0)
    };
    let page = Page {
        kind,
        source_path: rel.to_string(),
        shown_path: shown,
        output: output_path(rel),
        text,
        body_start,
        front,
        stamp: None,
    };
    (Some(page), problems)
}

fn placeholder_front(rel: &str) -> front_matter::FrontMatter {
    let name = rel
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".md");
    front_matter::FrontMatter {
        title: name.to_string(),
        ..Default::default()
    }
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
