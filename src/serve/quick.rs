//! Quick preview: an edit that changes only the body of existing pages (not their front
//! matter, the glossary terms they link, their quizzes, or headings other pages link to) changes
//! no other page's HTML but the course's print handbook. Those pages are remade from the last
//! good build's site and served at once, in milliseconds; the incremental rebuild that follows
//! brings the rest up to date (the search index, site-data.js's build id, sw.js) and finds the
//! previewed pages already as it would make them (tests/serve.rs compares with a full build).

use crate::build::render_template;
use crate::content::load::{is_ignored, load_page};
use crate::content::{FileStamp, Page, PageKind};
use crate::incremental::{page_key, LastBuild, MarkdownCache};
use crate::markdown::{self, RenderOptions, Rendered};
use crate::quiz::{Quiz, QuizDefaults};
use crate::render::handbook::render_handbook;
use crate::render::{BodyParts, ContextBuilder};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// What a quick preview made.
#[derive(Default)]
pub(crate) struct Preview {
    /// (output path, HTML) of the edited pages and their course handbooks.
    pub files: Vec<(String, Vec<u8>)>,
    /// Pages whose Markdown was rendered.
    pub pages: usize,
}

/// The pages an edit of `changed` remakes, as (output path, HTML); `None` when the edit is
/// more than a body edit, or anything about it is not as expected (the full rebuild then does
/// everything and reports any error). Updates `last` and `cache` to the edited pages.
pub(crate) fn preview(
    last: &mut LastBuild,
    root: &Path,
    changed: &[PathBuf],
    cache: &MarkdownCache,
) -> Option<Preview> {
    let edited = edited_pages(last, root, changed)?;
    if edited.is_empty() {
        return Some(Preview::default());
    }
    let rendered = render_markdown(last, &edited, cache)?;

    let env = last.markdown_env;
    let mut indices = Vec::with_capacity(edited.len());
    for ((index, page), rendered) in edited.into_iter().zip(&rendered) {
        cache.put(&page.source_path, page_key(env, &page), rendered);
        last.site.pages[index] = page;
        indices.push(index);
    }

    let builder = ContextBuilder {
        site: &last.site,
        structure: &last.structure,
        site_ctx: last.site_ctx.clone(),
    };
    let mut files = Vec::with_capacity(indices.len());
    let mut courses = BTreeSet::new();
    for (&index, rendered) in indices.iter().zip(&rendered) {
        let page = &last.site.pages[index];
        let body = BodyParts {
            text_chars: rendered.text.chars().count(),
            quiz_count: rendered.quizzes.len(),
            has_code: rendered.has_code,
            toc: rendered.toc.clone(),
            html: rendered.html.clone(),
        };
        let context = builder.page_context(index, body);
        let template = ContextBuilder::template_for(page.kind);
        let html = render_template(&last.tera, &last.theme, template, &context).ok()?;
        files.push((page.output.clone(), html));
        match page.kind {
            PageKind::Course => courses.insert(index),
            PageKind::Lesson => courses.insert(last.structure.parent[index]?),
            _ => false,
        };
    }
    // A lesson's or course's body is also in the course's print handbook.
    for course in courses {
        let members: Vec<usize> = std::iter::once(course)
            .chain(last.structure.children[course].iter().copied())
            .collect();
        let mut cached = HashMap::new();
        for &m in &members {
            if !indices.contains(&m) {
                cached.insert(m, cache.latest(&last.site.pages[m].source_path)?);
            }
        }
        let bodies: HashMap<usize, (&str, &[Quiz])> = members
            .iter()
            .map(|&m| {
                let r = match indices.iter().position(|&i| i == m) {
                    Some(k) => &rendered[k],
                    None => &cached[&m],
                };
                (m, (r.html.as_str(), r.quizzes.as_slice()))
            })
            .collect();
        let handbook = render_handbook(&last.tera, &last.theme, &builder, course, &bodies).ok()?;
        files.push(handbook);
    }
    Some(Preview {
        pages: indices.len(),
        files,
    })
}

/// The pages whose files changed, read again, when every change is a body edit of a page the
/// last build had: `None` for a new, deleted or renamed file, an attachment, anything outside
/// content/, a front-matter change, or a file that no longer loads cleanly.
fn edited_pages(last: &LastBuild, root: &Path, changed: &[PathBuf]) -> Option<Vec<(usize, Page)>> {
    let content = root.join("content");
    let mut seen = HashSet::new();
    let mut edited = Vec::new();
    for path in changed {
        let rel = source_path(path.strip_prefix(&content).ok()?)?;
        if rel.split('/').any(is_ignored) {
            continue; // editors' swap and backup files: the build never reads them
        }
        let Some(&index) = last.structure.by_source.get(&rel) else {
            if path.exists() {
                return None; // a new page or attachment
            }
            continue; // an editor's temporary file, already gone
        };
        if !seen.insert(index) {
            continue;
        }
        // Stamped before it is read, so that a later change always shows (as in the load).
        let stamp = FileStamp::of(path);
        let (page, problems) = load_page(root, path, &rel);
        let mut page = page.filter(|_| problems.is_empty())?;
        page.stamp = stamp;
        let before = &last.site.pages[index];
        if page.kind != before.kind
            || page.front != before.front
            || Some(index) == last.structure.glossary
        {
            return None;
        }
        if page.text != before.text {
            edited.push((index, page));
        }
    }
    Some(edited)
}

/// `guides/a.md` from the path below content/ (`None` if it is not plain UTF-8 names).
fn source_path(rel: &Path) -> Option<String> {
    let names: Option<Vec<&str>> = rel
        .components()
        .map(|c| match c {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect();
    let names = names?;
    (!names.is_empty()).then(|| names.join("/"))
}

/// Each edited page's Markdown output, when what other pages depend on stayed the same:
/// the ids other pages link to, the glossary terms it links (the glossary lists its users)
/// and its quizzes (site-data.js lists them); and every anchor it links to still exists.
fn render_markdown(
    last: &LastBuild,
    edited: &[(usize, Page)],
    cache: &MarkdownCache,
) -> Option<Vec<Rendered>> {
    let site = &last.site;
    let structure = &last.structure;
    let quiz_defaults = QuizDefaults {
        pass_mark: site.config.quiz.pass_mark,
    };
    let options = RenderOptions {
        targets: &last.targets,
        glossary: &structure.glossary_terms,
        glossary_output: structure.glossary.map(|g| site.pages[g].output.as_str()),
        highlighter: &last.highlighter,
        quiz_defaults: &quiz_defaults,
    };
    let quiz_data = |r: &Rendered| -> Vec<serde_json::Value> {
        r.quizzes.iter().map(crate::build::quiz_data).collect()
    };
    let mut all = Vec::with_capacity(edited.len());
    for (index, page) in edited {
        let rendered = markdown::render(page, &options).ok()?;
        let before = cache.latest(&page.source_path)?;
        if rendered.terms_used != before.terms_used || quiz_data(&rendered) != quiz_data(&before) {
            return None;
        }
        // New headings are new link targets: nothing links to them yet. A heading removed
        // must be one no other page links to (checked for a single edited page only: two
        // could link to each other's new or removed headings).
        if rendered.anchors != before.anchors {
            let removed: HashSet<&str> = before
                .anchors
                .difference(&rendered.anchors)
                .map(String::as_str)
                .collect();
            if edited.len() > 1 || cache.links_to(*index, &removed) {
                return None;
            }
        }
        for link in &rendered.anchor_refs {
            if link.anchor.is_empty() || link.page == usize::MAX || link.page == *index {
                if link.anchor.is_empty() || rendered.anchors.contains(&link.anchor) {
                    continue;
                }
                return None;
            }
            let target = &site.pages.get(link.page)?.source_path;
            if cache.has_anchor(target, &link.anchor) != Some(true) {
                return None;
            }
        }
        all.push(rendered);
    }
    Some(all)
}
