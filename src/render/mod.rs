//! Render: page contexts for the Tera templates.
//!
//! Every URL in a context is relative to the page being rendered, so the output works from
//! `file://` and under any sub-path. Shared navigation is small and bounded (top sections,
//! the current course's lessons), so output grows linearly with the number of pages.

pub mod handbook;
pub mod theme;

use crate::content::structure::Structure;
use crate::content::{Page, PageKind, Site};
use crate::markdown::links::{relative_href, root_prefix};
use crate::markdown::TocEntry;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct SiteCtx {
    pub title: String,
    pub description: String,
    pub id: String,
    pub version: String,
    /// Changes with any page's text: only site-data.js and sw.js carry it, never the pages'
    /// context (an unchanged page stays byte-identical, and serve does not remake it).
    #[serde(skip)]
    pub build_id: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LinkCtx {
    pub title: String,
    pub url: String,
    pub summary: String,
    pub current: bool,
    /// 1-based position (lessons in a course), 0 otherwise.
    pub position: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageCtx {
    pub title: String,
    pub summary: String,
    pub kind: &'static str,
    pub content: String,
    pub toc: Vec<TocEntry>,
    pub tags: Vec<LinkCtx>,
    pub sources: Vec<String>,
    pub updated: String,
    /// Output path: the page's key in learners' progress (`courses/a/b.html`).
    pub key: String,
    pub reading_minutes: usize,
    pub quiz_count: usize,
    /// The page shows highlighted code (and so needs the highlighting stylesheet).
    pub has_code: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CourseCtx {
    pub title: String,
    pub url: String,
    pub lessons: Vec<LinkCtx>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LessonCtx {
    pub position: usize,
    pub total: usize,
    pub prev: Option<LinkCtx>,
    pub next: Option<LinkCtx>,
}

/// Everything a page template sees.
#[derive(Debug, Clone, Serialize)]
pub struct PageContext {
    pub root: String,
    pub site: SiteCtx,
    pub page: PageCtx,
    pub nav: Vec<LinkCtx>,
    pub breadcrumbs: Vec<LinkCtx>,
    /// Pages of a section or the lessons of a course; sections and courses on the home page.
    pub children: Vec<LinkCtx>,
    pub courses: Vec<LinkCtx>,
    pub course: Option<CourseCtx>,
    pub lesson: Option<LessonCtx>,
    pub glossary_url: Option<String>,
}

/// What the Markdown stage produced that the context needs.
pub struct BodyParts {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub text_chars: usize,
    pub quiz_count: usize,
    /// The page shows highlighted code (and so needs the highlighting stylesheet).
    pub has_code: bool,
}

pub struct ContextBuilder<'a> {
    pub site: &'a Site,
    pub structure: &'a Structure,
    pub site_ctx: SiteCtx,
}

impl<'a> ContextBuilder<'a> {
    pub fn template_for(kind: PageKind) -> &'static str {
        match kind {
            PageKind::Home => "home.html",
            PageKind::Section => "section.html",
            PageKind::Course => "course.html",
            PageKind::Lesson => "lesson.html",
            PageKind::Glossary | PageKind::Page => "page.html",
        }
    }

    fn link(&self, from_output: &str, target: usize, current: Option<usize>) -> LinkCtx {
        let p = &self.site.pages[target];
        LinkCtx {
            title: p.front.title.clone(),
            url: href(from_output, &p.output),
            summary: p.front.summary.clone().unwrap_or_default(),
            current: current == Some(target),
            position: 0,
        }
    }

    /// The header navigation: home's top sections (guides, cases, courses …).
    pub fn nav(&self, from_output: &str, current_top: Option<usize>) -> Vec<LinkCtx> {
        self.structure
            .top_sections
            .iter()
            .map(|&s| self.link(from_output, s, current_top))
            .collect()
    }

    pub fn page_context(&self, index: usize, body: BodyParts) -> PageContext {
        let page: &Page = &self.site.pages[index];
        let out = page.output.as_str();
        let s = self.structure;
        let ancestors = s.ancestors(index);
        let top = ancestors
            .first()
            .copied()
            .or(if page.kind == PageKind::Section {
                Some(index)
            } else {
                None
            });

        let mut breadcrumbs = vec![LinkCtx {
            title: "首页".into(),
            url: href(out, "index.html"),
            summary: String::new(),
            current: false,
            position: 0,
        }];
        breadcrumbs.extend(ancestors.iter().map(|&a| self.link(out, a, None)));

        let children = match page.kind {
            PageKind::Home => s
                .top_sections
                .iter()
                .map(|&c| self.link(out, c, None))
                .collect(),
            _ => s.children[index]
                .iter()
                .enumerate()
                .map(|(i, &c)| LinkCtx {
                    position: i + 1,
                    ..self.link(out, c, None)
                })
                .collect(),
        };
        let (course, lesson) = match page.kind {
            PageKind::Lesson => self.course_and_lesson(index),
            _ => (None, None),
        };
        let tags = page
            .front
            .tags
            .iter()
            .map(|t| LinkCtx {
                title: t.clone(),
                url: href(out, &tag_output(t)),
                summary: String::new(),
                current: false,
                position: 0,
            })
            .collect();
        PageContext {
            root: root_prefix(out),
            site: self.site_ctx.clone(),
            page: PageCtx {
                title: page.front.title.clone(),
                summary: page.front.summary.clone().unwrap_or_default(),
                kind: kind_name(page.kind),
                content: body.html,
                toc: body.toc,
                tags,
                sources: page.front.sources.clone(),
                updated: page.front.updated.clone().unwrap_or_default(),
                key: page.output.clone(),
                // Chinese readers read roughly 300 characters a minute.
                reading_minutes: body.text_chars.div_ceil(300).max(1),
                quiz_count: body.quiz_count,
                has_code: body.has_code,
            },
            nav: self.nav(out, top),
            breadcrumbs,
            children,
            // Only the home page lists the courses: every page listing them would grow the
            // output with courses × pages.
            courses: if page.kind == PageKind::Home {
                s.courses.iter().map(|&c| self.link(out, c, None)).collect()
            } else {
                Vec::new()
            },
            course,
            lesson,
            glossary_url: s.glossary.map(|g| href(out, &self.site.pages[g].output)),
        }
    }

    fn course_and_lesson(&self, index: usize) -> (Option<CourseCtx>, Option<LessonCtx>) {
        let Some(course) = self.structure.parent[index] else {
            return (None, None);
        };
        let out = &self.site.pages[index].output;
        let lessons: Vec<LinkCtx> = self.structure.children[course]
            .iter()
            .enumerate()
            .map(|(i, &l)| LinkCtx {
                position: i + 1,
                ..self.link(out, l, Some(index))
            })
            .collect();
        let pos = lessons.iter().position(|l| l.current).unwrap_or(0);
        let lesson = LessonCtx {
            position: pos + 1,
            total: lessons.len(),
            prev: pos.checked_sub(1).map(|p| lessons[p].clone()),
            next: lessons.get(pos + 1).cloned(),
        };
        let c = &self.site.pages[course];
        (
            Some(CourseCtx {
                title: c.front.title.clone(),
                url: href(out, &c.output),
                lessons,
            }),
            Some(lesson),
        )
    }

    /// Context for a generated page (search, tags, 404 …) at `output` with `title`.
    pub fn generated_context(&self, output: &str, title: &str, kind: &'static str) -> PageContext {
        PageContext {
            root: root_prefix(output),
            site: self.site_ctx.clone(),
            page: PageCtx {
                title: title.to_string(),
                summary: String::new(),
                kind,
                content: String::new(),
                toc: Vec::new(),
                tags: Vec::new(),
                sources: Vec::new(),
                updated: String::new(),
                key: output.to_string(),
                reading_minutes: 0,
                quiz_count: 0,
                has_code: false,
            },
            nav: self.nav(output, None),
            breadcrumbs: vec![LinkCtx {
                title: "首页".into(),
                url: href(output, "index.html"),
                summary: String::new(),
                current: false,
                position: 0,
            }],
            children: Vec::new(),
            courses: Vec::new(),
            course: None,
            lesson: None,
            glossary_url: self
                .structure
                .glossary
                .map(|g| href(output, &self.site.pages[g].output)),
        }
    }

    /// Links to pages (for tag pages), relative to `from_output`.
    pub fn links(&self, from_output: &str, pages: &[usize]) -> Vec<LinkCtx> {
        pages
            .iter()
            .map(|&p| self.link(from_output, p, None))
            .collect()
    }
}

fn kind_name(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Home => "home",
        PageKind::Section => "section",
        PageKind::Page => "page",
        PageKind::Course => "course",
        PageKind::Lesson => "lesson",
        PageKind::Glossary => "glossary",
    }
}

/// Relative href from the page at `from_output` to the output file `to`.
pub fn href(from_output: &str, to: &str) -> String {
    relative_href(from_output.rsplit_once('/').map_or("", |(d, _)| d), to)
}

/// Output file of a tag page. Characters that cannot be in a file name become `-`.
pub fn tag_output(tag: &str) -> String {
    let name: String = tag
        .trim()
        .chars()
        .map(|c| {
            if "/\\:*?\"<>|#%".contains(c) || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect();
    format!("tags/{name}.html")
}
