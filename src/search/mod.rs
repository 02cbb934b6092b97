//! Chinese-aware search: the tokenizer shared with the browser, and the index builder.

/// One page as the search index sees it.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    /// Output path relative to the site root, e.g. `guides/a.html`.
    pub url: String,
    pub title: String,
    /// Human section label: 政策指引, 案例, 课程, 术语表, or empty.
    pub section: String,
    pub headings: Vec<SearchHeading>,
    /// The page's plain text (no markup), in reading order.
    pub body: String,
}

#[derive(Debug, Clone)]
pub struct SearchHeading {
    pub anchor: String,
    pub text: String,
}

/// A file the index builder wants written, relative to the output root.
#[derive(Debug, Clone)]
pub struct IndexFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Builds the search index files (classic scripts, loaded with <script>, never fetch).
pub fn build_index(docs: &[SearchDoc]) -> Vec<IndexFile> {
    let _ = docs;
    Vec::new()
}
