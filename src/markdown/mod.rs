//! Markdown → HTML for one page, with pulldown-cmark.
//!
//! One pass over the event stream rewrites what needs rewriting (heading ids, internal
//! links, admonitions, code blocks, quiz blocks, glossary terms) and collects what later
//! stages need (table of contents, anchors, anchor references to check, plain text for search).

pub mod admonition;
pub mod glossary;
pub mod highlight;
pub mod links;
pub mod slug;

use crate::content::structure::GlossaryTerm;
use crate::content::Page;
use crate::diagnostics::{line_col, Diagnostic};
use crate::quiz::{self, BlockOrigin, Quiz, QuizDefaults};
use highlight::Highlighter;
use links::{LinkTargets, Resolved};
use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, Options as CmarkOptions, Parser, Tag, TagEnd,
};
use slug::{heading_id, IdAllocator};
use std::collections::HashSet;
use std::ops::Range;

/// What every page's rendering needs from the rest of the site.
pub struct RenderOptions<'a> {
    pub targets: &'a LinkTargets,
    pub glossary: &'a [GlossaryTerm],
    /// Output path of the glossary page, when the site has one and this page is not it.
    pub glossary_output: Option<&'a str>,
    pub highlighter: &'a Highlighter,
    pub quiz_defaults: &'a QuizDefaults,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A link to another page's anchor, checked once every page is rendered.
#[derive(Debug, Clone)]
pub struct AnchorRef {
    pub page: usize,
    pub anchor: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Every id on the page that a link may target.
    pub anchors: HashSet<String>,
    pub anchor_refs: Vec<AnchorRef>,
    /// Indices into the glossary of the terms this page links.
    pub terms_used: Vec<usize>,
    /// Plain text in reading order (for search and reading time).
    pub text: String,
    /// (anchor, text) of each heading.
    pub headings: Vec<(String, String)>,
    pub quizzes: Vec<Quiz>,
    /// Whether the page has a highlighted code block.
    pub has_code: bool,
}

pub fn cmark_options() -> CmarkOptions {
    CmarkOptions::ENABLE_TABLES
        | CmarkOptions::ENABLE_FOOTNOTES
        | CmarkOptions::ENABLE_STRIKETHROUGH
        | CmarkOptions::ENABLE_TASKLISTS
        | CmarkOptions::ENABLE_HEADING_ATTRIBUTES
}

/// Renders a page's body. Errors are all collected; the HTML is only returned without errors.
pub fn render(page: &Page, opts: &RenderOptions) -> Result<Rendered, Vec<Diagnostic>> {
    let body = page.body();
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(body, cmark_options())
        .into_offset_iter()
        .collect();
    let mut r = PageRenderer::new(page, opts);
    for (event, range) in events {
        r.event(event, range);
    }
    r.finish()
}

struct HeadingState<'a> {
    level: HeadingLevel,
    explicit_id: Option<String>,
    classes: Vec<CowStr<'a>>,
    events: Vec<Event<'a>>,
    text: String,
}

struct CodeState {
    lang: String,
    text: String,
    start: usize,
}

struct PageRenderer<'p, 'a> {
    page: &'p Page,
    opts: &'p RenderOptions<'a>,
    out: Vec<Event<'p>>,
    ids: IdAllocator,
    heading: Option<HeadingState<'p>>,
    code: Option<CodeState>,
    /// Depth of links/images we are inside (no glossary links there).
    link_depth: usize,
    /// Stack of open block quotes: true for admonitions.
    quotes: Vec<bool>,
    /// Skip events up to this body offset (an admonition's marker line).
    skip_until: Option<usize>,
    terms: glossary::TermLinker<'p>,
    result: Rendered,
    errors: Vec<Diagnostic>,
}

impl<'p, 'a> PageRenderer<'p, 'a> {
    fn new(page: &'p Page, opts: &'p RenderOptions<'a>) -> Self {
        let glossary_href = opts
            .glossary_output
            .map(|g| links::relative_href(page.output.rsplit_once('/').map_or("", |(d, _)| d), g));
        PageRenderer {
            page,
            opts,
            out: Vec::new(),
            ids: IdAllocator::default(),
            heading: None,
            code: None,
            link_depth: 0,
            quotes: Vec::new(),
            skip_until: None,
            terms: glossary::TermLinker::new(opts.glossary, glossary_href),
            result: Rendered::default(),
            errors: Vec::new(),
        }
    }

    fn emit(&mut self, event: Event<'p>) {
        match &mut self.heading {
            Some(h) => h.events.push(event),
            None => self.out.push(event),
        }
    }

    fn error(&mut self, body_offset: usize, message: String, hint: String) {
        let (line, column) = line_col(&self.page.text, self.page.body_start + body_offset);
        self.errors.push(
            Diagnostic::error(&self.page.shown_path, line, column, message)
                .with_hint(hint)
                .with_source(&self.page.text),
        );
    }

    fn event(&mut self, event: Event<'p>, range: Range<usize>) {
        if let Some(until) = self.skip_until {
            // Events wholly on the marker line are dropped; enclosing ones (the paragraph) kept.
            if range.start >= until {
                self.skip_until = None;
            } else if range.end <= until {
                return;
            }
        }
        if let Some(code) = &mut self.code {
            match event {
                Event::Text(t) => code.text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => self.finish_code(),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                self.heading = Some(HeadingState {
                    level,
                    explicit_id: id.map(|s| s.to_string()),
                    classes,
                    events: Vec::new(),
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => self.finish_heading(),
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some(CodeState {
                    lang,
                    text: String::new(),
                    start: range.start,
                });
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = self.rewrite(&dest_url, range.clone(), false);
                self.link_depth += 1;
                self.emit(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = self.rewrite(&dest_url, range.clone(), true);
                self.link_depth += 1;
                self.emit(Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                self.link_depth = self.link_depth.saturating_sub(1);
                self.emit(event);
            }
            Event::Start(Tag::BlockQuote(_)) => self.open_quote(range),
            Event::End(TagEnd::BlockQuote(_)) => {
                if self.quotes.pop().unwrap_or(false) {
                    self.emit(Event::Html(admonition::CLOSE_HTML.into()));
                } else {
                    self.emit(event);
                }
            }
            Event::Start(Tag::Table(_)) => {
                self.emit(Event::Html("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表格\">\n".into()));
                self.emit(event);
            }
            Event::End(TagEnd::Table) => {
                self.emit(event);
                self.emit(Event::Html("</div>\n".into()));
            }
            Event::Text(text) => self.text(text),
            Event::Code(code) => {
                self.push_plain(&code);
                self.emit(Event::Code(code));
            }
            Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::TableCell) => {
                self.result.text.push('\n');
                self.emit(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                self.result.text.push('\n');
                self.emit(event);
            }
            other => self.emit(other),
        }
    }

    fn push_plain(&mut self, s: &str) {
        match &mut self.heading {
            Some(h) => h.text.push_str(s),
            None => self.result.text.push_str(s),
        }
    }

    fn text(&mut self, text: CowStr<'p>) {
        self.push_plain(&text);
        if self.heading.is_some() || self.link_depth > 0 {
            self.emit(Event::Text(text));
            return;
        }
        for piece in self.terms.link(text) {
            self.emit(piece);
        }
    }

    fn open_quote(&mut self, range: Range<usize>) {
        let body = self.page.body();
        let line_end = body[range.start..]
            .find('\n')
            .map_or(body.len(), |i| range.start + i);
        let first_line = &body[range.start..line_end];
        let kind = admonition::marker_word(first_line).map(|w| (w, admonition::kind_of(w)));
        match kind {
            Some((_, Some((class, title)))) => {
                self.quotes.push(true);
                self.skip_until = Some(line_end + 1);
                self.emit(Event::Html(admonition::open_html(class, title).into()));
            }
            Some((word, None)) => {
                let word = word.to_string();
                self.error(range.start, format!("unknown box type [!{word}]"), "use [!提示], [!注意] or [!案例] (or NOTE, TIP, WARNING, CAUTION, IMPORTANT, CASE)".into());
                self.quotes.push(false);
            }
            None => {
                self.quotes.push(false);
                self.emit(Event::Start(Tag::BlockQuote(None)));
            }
        }
    }

    fn finish_heading(&mut self) {
        let Some(h) = self.heading.take() else { return };
        let text = h.text.trim().to_string();
        let id = self
            .ids
            .unique(h.explicit_id.unwrap_or_else(|| heading_id(&text)));
        self.result.anchors.insert(id.clone());
        let level = h.level as u8;
        if (2..=3).contains(&level) {
            self.result.toc.push(TocEntry {
                level,
                id: id.clone(),
                text: text.clone(),
            });
        }
        self.result.headings.push((id.clone(), text.clone()));
        self.result.text.push_str(&text);
        self.result.text.push('\n');
        self.out.push(Event::Start(Tag::Heading {
            level: h.level,
            id: Some(id.into()),
            classes: h.classes,
            attrs: Vec::new(),
        }));
        self.out.extend(h.events);
        self.out.push(Event::End(TagEnd::Heading(h.level)));
    }

    fn finish_code(&mut self) {
        let Some(code) = self.code.take() else { return };
        if code.lang == "quiz" {
            self.finish_quiz(code);
            return;
        }
        self.result.text.push_str(&code.text);
        self.result.has_code = true;
        let html = self.opts.highlighter.highlight(&code.text, &code.lang);
        self.emit(Event::Html(html.into()));
    }

    fn finish_quiz(&mut self, code: CodeState) {
        let fence_offset = self.page.body_start + code.start;
        let (fence_line, fence_col) = line_col(&self.page.text, fence_offset);
        let origin = BlockOrigin {
            path: &self.page.shown_path,
            file_text: &self.page.text,
            first_line: fence_line + 1,
            indent: fence_col - 1,
        };
        match quiz::parse_quiz(
            &code.text,
            &origin,
            self.opts.quiz_defaults,
            self.result.quizzes.len(),
        ) {
            Ok(q) => {
                self.result.anchors.insert(q.id.clone());
                self.emit(Event::Html(quiz::render_quiz_html(&q).into()));
                // What the page shows of the questions is page text too (search finds it).
                for question in &q.questions {
                    let shown = question.situation.iter().chain([&question.prompt]);
                    for line in shown.chain(&question.options).chain(&question.steps) {
                        self.result.text.push_str(line);
                        self.result.text.push('\n');
                    }
                }
                self.result.quizzes.push(q);
            }
            Err(mut errs) => self.errors.append(&mut errs),
        }
    }

    /// Resolves a link or image destination; records errors and anchor checks.
    fn rewrite(&mut self, dest: &str, range: Range<usize>, is_image: bool) -> CowStr<'p> {
        let page_dir = self.page.source_dir();
        let at = self.page.body()[range.clone()]
            .find(dest)
            .map_or(range.start, |i| range.start + i);
        match links::resolve(
            dest,
            page_dir,
            &self.page.output,
            self.opts.targets,
            is_image,
        ) {
            Ok(Resolved::External(s)) => s.into(),
            Ok(Resolved::Asset(href)) => href.into(),
            Ok(Resolved::SamePage(anchor)) => {
                self.record_anchor(usize::MAX, anchor.clone(), at);
                format!("#{}", links::encode_href(&anchor)).into()
            }
            Ok(Resolved::Page { page, anchor, href }) => {
                if let Some(a) = anchor {
                    self.record_anchor(page, a, at);
                }
                href.into()
            }
            Err(e) => {
                self.error(at, e.message, e.hint);
                dest.to_string().into()
            }
        }
    }

    /// `page == usize::MAX` means this page (resolved once its own anchors are known).
    fn record_anchor(&mut self, page: usize, anchor: String, body_offset: usize) {
        let (line, column) = line_col(&self.page.text, self.page.body_start + body_offset);
        self.result.anchor_refs.push(AnchorRef {
            page,
            anchor,
            line,
            column,
        });
    }

    fn finish(mut self) -> Result<Rendered, Vec<Diagnostic>> {
        let duplicates =
            quiz::duplicate_quiz_ids(&self.result.quizzes, &self.page.shown_path, &self.page.text);
        self.errors.extend(duplicates);
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        self.result.terms_used = self.terms.used();
        let mut html = String::with_capacity(self.page.body().len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, self.out.into_iter());
        self.result.html = html;
        Ok(self.result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{FrontMatter, PageKind};
    use std::collections::HashMap;

    fn page(body: &str) -> Page {
        let text = format!("+++\ntitle = \"t\"\n+++\n{body}");
        Page {
            kind: PageKind::Page,
            source_path: "guides/a.md".into(),
            shown_path: "content/guides/a.md".into(),
            output: "guides/a.html".into(),
            body_start: "+++\ntitle = \"t\"\n+++\n".len(),
            text,
            front: FrontMatter::default(),
            stamp: None,
        }
    }

    fn render_body(body: &str, glossary: &[GlossaryTerm]) -> Result<Rendered, Vec<Diagnostic>> {
        let pages = HashMap::from([("guides/b.md".to_string(), (1, "guides/b.html".to_string()))]);
        let assets = HashSet::new();
        let targets = LinkTargets { pages, assets };
        let highlighter = Highlighter::default();
        let defaults = QuizDefaults { pass_mark: 80.0 };
        let opts = RenderOptions {
            targets: &targets,
            glossary,
            glossary_output: Some("glossary.html"),
            highlighter: &highlighter,
            quiz_defaults: &defaults,
        };
        render(&page(body), &opts)
    }

    #[test]
    fn gfm_extensions_render() {
        let r = render_body("脚注[^1]。\n\n[^1]: 说明。\n\n- [x] 已完成\n- [ ] 未完成\n\n~~删除~~\n\n## 标题 {#custom}\n", &[]).unwrap();
        assert!(r.html.contains("footnote-reference"), "{}", r.html);
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(r.html.contains("<del>删除</del>"));
        assert!(r.html.contains("<h2 id=\"custom\">标题</h2>"));
        assert!(r.anchors.contains("custom"));
    }

    #[test]
    fn toc_ids_are_unique_and_readable() {
        let r = render_body("## 要点\n\n### 小节\n\n## 要点\n", &[]).unwrap();
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["要点", "小节", "要点-2"]);
        assert_eq!(r.toc[1].level, 3);
    }

    #[test]
    fn admonitions_drop_their_marker() {
        let r = render_body("> [!注意]\n> 不要这样做。\n\n> 普通引用\n", &[]).unwrap();
        assert!(
            r.html.contains(
                "<aside class=\"admonition warning\"><p class=\"admonition-title\">注意</p>"
            ),
            "{}",
            r.html
        );
        assert!(!r.html.contains("[!注意]"));
        assert!(r.html.contains("<p>不要这样做。</p>"));
        assert!(r.html.contains("<blockquote>"));
        let err = render_body("> [!随便]\n> x\n", &[]).unwrap_err();
        assert!(err[0].message.contains("unknown box type"));
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let r = render_body("```rust\nfn main() {}\n```\n", &[]).unwrap();
        assert!(r.html.contains("<pre class=\"code\""));
        assert!(r.html.contains("hl-"), "{}", r.html);
    }

    #[test]
    fn glossary_terms_are_linked_once_but_not_in_headings_or_links() {
        let terms = vec![GlossaryTerm {
            term: "业委会".into(),
            anchor: "业委会".into(),
        }];
        let r = render_body(
            "## 业委会\n\n[业委会](b.md)的事。业委会要规范。业委会。\n",
            &terms,
        )
        .unwrap();
        assert_eq!(r.html.matches("class=\"term\"").count(), 1, "{}", r.html);
        assert!(
            r.html
                .contains("的事。<a class=\"term\" href=\"../glossary.html#业委会\""),
            "{}",
            r.html
        );
        assert_eq!(r.terms_used, vec![0]);
    }

    #[test]
    fn plain_text_is_collected_for_search() {
        let r = render_body("## 标题\n\n正文**加粗**和`代码`。\n", &[]).unwrap();
        assert!(r.text.contains("标题"));
        assert!(r.text.contains("正文加粗和代码。"));
        assert_eq!(r.headings, vec![("标题".to_string(), "标题".to_string())]);
    }
}
