//! Structure: who belongs to which section or course, in what order; tags; the glossary's
//! terms; and the checks that need the whole site (duplicate outputs, courses without an
//! `_index.md`).

use super::{PageKind, Site};
use crate::diagnostics::Diagnostic;
use crate::markdown::slug::heading_id;
use std::collections::{BTreeMap, HashMap};

/// Output names that the generator writes itself; content may not take them.
pub const RESERVED_OUTPUTS: &[&str] = &[
    "search.html",
    "404.html",
    "progress.html",
    "certificate.html",
];
pub const RESERVED_DIRS: &[&str] = &["assets/", "search/", "tags/"];

#[derive(Debug, Clone, Default)]
pub struct Structure {
    /// Source path (`guides/a.md`) → page index.
    pub by_source: HashMap<String, usize>,
    /// The section or course each page belongs to.
    pub parent: Vec<Option<usize>>,
    /// Ordered children of each section or course page (empty for other pages).
    pub children: Vec<Vec<usize>>,
    pub home: Option<usize>,
    /// Sections directly under `content/` (guides, cases, courses …), by weight.
    pub top_sections: Vec<usize>,
    /// Course pages, by weight then folder name.
    pub courses: Vec<usize>,
    /// Tag → pages with that tag, ordered by title.
    pub tags: BTreeMap<String, Vec<usize>>,
    pub glossary: Option<usize>,
    pub glossary_terms: Vec<GlossaryTerm>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryTerm {
    pub term: String,
    pub anchor: String,
}

impl Structure {
    /// The chain of sections above a page, top first (for breadcrumbs).
    pub fn ancestors(&self, page: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut cur = self.parent[page];
        while let Some(p) = cur {
            chain.push(p);
            cur = self.parent[p];
        }
        chain.reverse();
        chain
    }
}

/// The site's structure, and the problems that need the whole site to be seen.
pub fn resolve(site: &Site) -> (Structure, Vec<Diagnostic>) {
    let pages = &site.pages;
    let mut errors = Vec::new();
    let mut s = Structure {
        parent: vec![None; pages.len()],
        children: vec![Vec::new(); pages.len()],
        ..Default::default()
    };

    // Every output path once, case-insensitively too: USB sticks are often FAT32.
    let mut outputs: HashMap<String, usize> = HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        s.by_source.insert(page.source_path.clone(), i);
        if let Some(&other) = outputs.get(&page.output.to_lowercase()) {
            errors.push(
                Diagnostic::error(
                    &page.shown_path,
                    1,
                    1,
                    format!(
                        "two pages would be written to the same file {}",
                        page.output
                    ),
                )
                .with_hint(format!(
                    "{} is written there too; rename one of the files",
                    pages[other].shown_path.display()
                )),
            );
        } else {
            outputs.insert(page.output.to_lowercase(), i);
        }
        let handbook = page.kind == PageKind::Lesson && page.output.ends_with("/handbook.html");
        let reserved = handbook
            || RESERVED_OUTPUTS.contains(&page.output.as_str())
            || RESERVED_DIRS.iter().any(|d| page.output.starts_with(d));
        if reserved {
            errors.push(
                Diagnostic::error(&page.shown_path, 1, 1, format!("{} is a name zhiyin uses for its own pages", page.output))
                    .with_hint("rename this file (reserved: search.html, 404.html, progress.html, certificate.html, sw.js, a course's handbook.html, assets/, search/, tags/)"),
            );
        }
    }

    for (i, page) in pages.iter().enumerate() {
        match page.kind {
            PageKind::Home => s.home = Some(i),
            PageKind::Glossary => s.glossary = Some(i),
            _ => {}
        }
        if page.kind == PageKind::Home {
            continue;
        }
        s.parent[i] = find_parent(page.source_path.as_str(), page.kind, &s.by_source);
        if page.kind == PageKind::Lesson && s.parent[i].is_none() {
            let dir = page.source_dir();
            errors.push(
                Diagnostic::error(&page.shown_path, 1, 1, format!("lesson outside a course: {dir}/ has no _index.md"))
                    .with_hint(format!("create content/{dir}/_index.md with the course's title to make {dir}/ a course")),
            );
        }
        if let Some(p) = s.parent[i] {
            s.children[p].push(i);
        }
        if page.kind == PageKind::Course {
            s.courses.push(i);
        }
        if page.kind == PageKind::Section && !page.source_dir().contains('/') {
            s.top_sections.push(i);
        }
        for tag in &page.front.tags {
            s.tags.entry(tag.trim().to_string()).or_default().push(i);
        }
    }

    let by_weight = |a: &usize, b: &usize| {
        let (pa, pb) = (&pages[*a], &pages[*b]);
        (pa.front.weight, &pa.source_path).cmp(&(pb.front.weight, &pb.source_path))
    };
    for list in s.children.iter_mut() {
        list.sort_by(by_weight);
    }
    s.courses.sort_by(by_weight);
    s.top_sections.sort_by(by_weight);
    for list in s.tags.values_mut() {
        list.sort_by(|a, b| pages[*a].front.title.cmp(&pages[*b].front.title));
    }
    if let Some(g) = s.glossary {
        s.glossary_terms = glossary_terms(pages[g].body());
    }

    (s, errors)
}

/// The nearest `_index.md` above a page (for an `_index.md`, the one above its folder).
fn find_parent(
    source_path: &str,
    kind: PageKind,
    by_source: &HashMap<String, usize>,
) -> Option<usize> {
    let mut dir = source_path.rsplit_once('/').map(|(d, _)| d.to_string());
    if matches!(kind, PageKind::Section | PageKind::Course) {
        dir = dir.and_then(|d| d.rsplit_once('/').map(|(up, _)| up.to_string()));
    }
    while let Some(d) = dir {
        if let Some(&i) = by_source.get(&format!("{d}/_index.md")) {
            return Some(i);
        }
        dir = d.rsplit_once('/').map(|(up, _)| up.to_string());
    }
    None
}

/// Terms of the glossary: its `##` headings (outside code blocks), with their anchors.
pub fn glossary_terms(body: &str) -> Vec<GlossaryTerm> {
    let mut terms = Vec::new();
    let mut in_code = false;
    for line in body.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_code = !in_code;
        }
        if in_code {
            continue;
        }
        if let Some(rest) = line.strip_prefix("## ") {
            let (text, explicit) = match rest.rsplit_once("{#") {
                Some((text, id)) if id.trim_end().ends_with('}') => (
                    text.trim(),
                    Some(id.trim_end().trim_end_matches('}').to_string()),
                ),
                _ => (rest.trim(), None),
            };
            let anchor = explicit.unwrap_or_else(|| heading_id(text));
            terms.push(GlossaryTerm {
                term: text.to_string(),
                anchor,
            });
        }
    }
    terms
}
