//! Loading: walk `content/`, split front matter, classify files into a flat page store.
//!
//! The `Site` value is plain data: pages in one `Vec`, referred to by index. Later
//! stages (structure, render, index) read it and never go back to the files.

pub mod front_matter;
pub mod load;
pub mod source;
pub mod structure;

use crate::config::SiteConfig;
pub use front_matter::FrontMatter;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    /// `content/_index.md`: the home page.
    Home,
    /// A folder's `_index.md` (guides/, cases/, courses/ …).
    Section,
    /// A page inside a section, or a top-level page such as about.md.
    Page,
    /// `courses/<course>/_index.md`.
    Course,
    /// `courses/<course>/<lesson>.md`.
    Lesson,
    /// `content/glossary.md`.
    Glossary,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub kind: PageKind,
    /// Path relative to `content/`, with `/` separators: `guides/a.md`.
    pub source_path: String,
    /// Path for messages, relative to the site root: `content/guides/a.md`.
    pub shown_path: PathBuf,
    /// Output path relative to the output root: `guides/a.html`.
    pub output: String,
    /// The whole file, BOM removed, `\n` line endings.
    pub text: String,
    /// Byte offset where the Markdown body starts (after the front matter).
    pub body_start: usize,
    pub front: FrontMatter,
    /// The file's size and modification time when it was read, for `zhiyin serve` (which
    /// takes an unchanged page over without reading it again); `None` in a plain build.
    pub stamp: Option<FileStamp>,
}

/// A file's size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    pub len: u64,
    pub modified: std::time::SystemTime,
}

impl FileStamp {
    pub fn of(path: &std::path::Path) -> Option<FileStamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some(FileStamp {
            len: meta.len(),
            modified: meta.modified().ok()?,
        })
    }
}

impl Page {
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// Folder of the source file relative to `content/` (`""` at the top).
    pub fn source_dir(&self) -> &str {
        self.source_path.rsplit_once('/').map_or("", |(dir, _)| dir)
    }
}

/// A non-Markdown file in `content/`, copied beside its page.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    /// Relative to `content/` and to the output root: `guides/images/a.png`.
    pub output: String,
}

/// Everything the load stage found.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    /// Markdown files read by the load (fewer than the pages when serve reused some).
    pub sources_read: usize,
}

/// Output path of a source path: `a/b.md` → `a/b.html`, `a/_index.md` → `a/index.html`.
pub fn output_path(source_path: &str) -> String {
    match source_path.rsplit_once('/') {
        Some((dir, "_index.md")) => format!("{dir}/index.html"),
        None if source_path == "_index.md" => "index.html".to_string(),
        _ => format!(
            "{}.html",
            source_path.strip_suffix(".md").unwrap_or(source_path)
        ),
    }
}
