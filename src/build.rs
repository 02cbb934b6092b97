//! The build: runs the stages in order and collects every diagnostic.
//!
//! load → structure → (markdown + template + write, per page in parallel) → anchor checks
//! → generated pages, assets, search index → swap the staging folder in.

use crate::content::structure::{self, Structure};
use crate::content::{load, PageKind, Site};
use crate::diagnostics::Diagnostic;
use crate::incremental::{
    context_key, markdown_env, page_key, reuse_last, templates_key, LastBuild, MarkdownCache,
};
use crate::markdown::highlight;
use crate::markdown::links::LinkTargets;
use crate::markdown::{self, AnchorRef, RenderOptions, Rendered};
use crate::output::{Sink, Staging};
use crate::quiz::QuizDefaults;
use crate::render::theme::{error_chain, StaticFile, Theme};
use crate::render::{tag_output, BodyParts, ContextBuilder, SiteCtx};
use crate::search::{self, SearchDoc, SearchHeading};
use crate::timing::Timings;
use crate::{config, render};
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    /// Called once per page rendered (for a progress bar); must be cheap and thread-safe.
    pub on_page: Option<fn()>,
}

#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub pages: usize,
    pub files: usize,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
    /// The build id (site-data.js and sw.js carry it).
    pub build_id: String,
    /// Markdown files read (a serve rebuild takes unchanged pages over unread).
    pub sources_read: usize,
}

/// What `zhiyin serve` hands a rebuild so that it does less than a full build.
pub(crate) struct Rebuild<'a> {
    /// Each page's Markdown output from the builds before.
    pub cache: &'a MarkdownCache,
    /// Called once the pages, generated pages and assets are in the sink and before the
    /// search index is made (serve writes them and reloads the open pages here).
    pub pages_done: &'a mut dyn FnMut(&Sink) -> Result<(), Vec<Diagnostic>>,
    /// The last good build's inputs: taken at the start (its unchanged pages and its
    /// highlighter are reused) and put back, for this build, once it has succeeded (for
    /// serve's quick previews).
    pub last: &'a mut Option<LastBuild>,
    /// The files the watcher saw change since the last build: read again whatever their
    /// size and modification time say.
    pub changed: &'a [PathBuf],
}

/// Builds the site into `opts.out`. On any error the previous output is left untouched.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary, Vec<Diagnostic>> {
    let staging = Staging::new(&opts.out).map_err(|e| {
        vec![Diagnostic::error(
            &opts.out,
            1,
            1,
            format!("cannot create the output folder: {e}"),
        )
        .with_hint("choose another --out folder, or check its permissions")]
    })?;
    let sink = Sink::Staging(staging);
    let summary = run(opts, &sink, None)?;
    if let Sink::Staging(staging) = sink {
        staging.commit().map_err(|e| {
            vec![Diagnostic::error(&opts.out, 1, 1, format!("cannot replace the output folder: {e}"))
                .with_hint("close programs that have files in it open (a file browser, a web server) and build again")]
        })?;
    }
    Ok(summary)
}

/// Everything `build` checks, writing nothing.
pub fn check(opts: &BuildOptions) -> Result<BuildSummary, Vec<Diagnostic>> {
    run(opts, &Sink::Discard, None)
}

/// A rebuild for `zhiyin serve`: like [`build`], into `sink` (a [`Sink::Collect`]), reusing
/// the Markdown output of unchanged pages.
pub(crate) fn rebuild(
    opts: &BuildOptions,
    sink: &Sink,
    rebuild: Rebuild,
) -> Result<BuildSummary, Vec<Diagnostic>> {
    run(opts, sink, Some(rebuild))
}

/// What one page's render leaves behind for the site-wide steps.
struct PageOutcome {
    index: usize,
    rendered: Rendered,
    /// A lesson's or course's body HTML, kept for the course's print handbook.
    handbook_html: Option<String>,
}

fn run(
    opts: &BuildOptions,
    sink: &Sink,
    mut rebuild: Option<Rebuild>,
) -> Result<BuildSummary, Vec<Diagnostic>> {
    let started = Instant::now();
    let mut timings = Timings::new(started);
    let config = config::load(&opts.root)?;
    let theme = Theme::load(&opts.root, &config.theme)?;
    let tera = theme.tera()?;
    // A serve rebuild takes the last build's unchanged pages and its highlighter over.
    let (reuse, highlighter) = match rebuild.as_mut() {
        Some(r) => {
            let (reuse, highlighter) = reuse_last(r.last.take(), &opts.root, r.changed);
            (Some(reuse), highlighter)
        }
        None => (None, None),
    };
    // Problems found before rendering do not stop it: a trainer sees every error at once.
    let (site, mut errors) = load::load_reusing(&opts.root, config, reuse)?;
    timings.mark("load");
    let (structure, structure_errors) = structure::resolve(&site);
    errors.extend(structure_errors);
    let cache = rebuild.as_ref().map(|r| r.cache);
    let env = markdown_env(&site, &structure);
    let templates = templates_key(&theme);

    let targets = LinkTargets::of(&site);
    // Loading the syntax definitions takes tens of milliseconds: serve reuses them.
    let highlighter = highlighter.unwrap_or_default();
    let quiz_defaults = QuizDefaults {
        pass_mark: site.config.quiz.pass_mark,
    };
    let builder = ContextBuilder {
        site: &site,
        structure: &structure,
        site_ctx: site_ctx(&site),
    };
    let glossary_output = structure.glossary.map(|g| site.pages[g].output.as_str());

    // Pages in parallel; the glossary waits for the others (it lists who uses each term).
    let is_glossary = |i: usize| Some(i) == structure.glossary;
    let render_one = |i: usize,
                      backlinks: Option<&Vec<Vec<(String, String)>>>|
     -> Result<PageOutcome, Vec<Diagnostic>> {
        let page = &site.pages[i];
        let options = RenderOptions {
            targets: &targets,
            glossary: &structure.glossary_terms,
            glossary_output: glossary_output.filter(|_| !is_glossary(i)),
            highlighter: &highlighter,
            quiz_defaults: &quiz_defaults,
        };
        let mut rendered = match cache {
            Some(cache) => {
                let key = page_key(env, page);
                match cache.get(&page.source_path, key) {
                    Some(r) => r,
                    None => {
                        let r = markdown::render(page, &options)?;
                        cache.put(&page.source_path, key, &r);
                        r
                    }
                }
            }
            None => markdown::render(page, &options)?,
        };
        let mut html = std::mem::take(&mut rendered.html);
        if let Some(users) = backlinks {
            html = crate::markdown::glossary::add_backlinks(
                &html,
                &structure.glossary_terms,
                users,
                &page.output,
            );
        }
        let handbook_html =
            matches!(page.kind, PageKind::Lesson | PageKind::Course).then(|| html.clone());
        let body = |html: String| BodyParts {
            html,
            toc: rendered.toc.clone(),
            text_chars: rendered.text.chars().count(),
            quiz_count: rendered.quizzes.len(),
            has_code: rendered.has_code,
        };
        // The key of what the page is made from: its context without the body HTML (cheap
        // to hash), and the page's Markdown key for the body (the glossary's body also holds
        // the backlinks: it is always made again).
        let key = cache.filter(|_| !is_glossary(i)).map(|c| {
            let light = builder.page_context(i, body(String::new()));
            (c, context_key(templates ^ page_key(env, page), &light))
        });
        let unchanged = key.is_some_and(|(c, k)| {
            c.output_made(&page.output, k);
            c.output_unchanged(&page.output, k) && sink.keep(&page.output)
        });
        if !unchanged {
            let context = builder.page_context(i, body(html));
            let out = render_template(
                &tera,
                &theme,
                ContextBuilder::template_for(page.kind),
                &context,
            )?;
            sink.write(&page.output, &out)
                .map_err(|e| vec![write_error(&page.output, e)])?;
        }
        if let Some(tick) = opts.on_page {
            tick();
        }
        Ok(PageOutcome {
            index: i,
            rendered,
            handbook_html,
        })
    };

    timings.mark("structure");
    if let Some(cache) = cache {
        cache.retain(&site);
        cache
            .rendered
            .store(0, std::sync::atomic::Ordering::Relaxed);
    }
    let results: Vec<Result<PageOutcome, Vec<Diagnostic>>> = (0..site.pages.len())
        .into_par_iter()
        .filter(|&i| !is_glossary(i))
        .map(|i| render_one(i, None))
        .collect();
    let mut outcomes = Vec::with_capacity(site.pages.len());
    for r in results {
        match r {
            Ok(o) => outcomes.push(o),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if let Some(g) = structure.glossary {
        let users = term_users(&site, &structure, &outcomes);
        match render_one(g, Some(&users)) {
            Ok(o) => outcomes.push(o),
            Err(mut e) => errors.append(&mut e),
        }
    }
    timings.mark("render pages");
    errors.extend(check_anchors(&site, &outcomes));
    if !errors.is_empty() {
        return Err(errors);
    }
    outcomes.sort_by_key(|o| o.index);

    // The search documents take the pages' plain text and headings (the largest things held;
    // the generated pages below need only the quizzes and the handbook HTML).
    let docs = if bench_without_search() {
        Vec::new()
    } else {
        search_docs(&site, &structure, &mut outcomes)
    };
    let generated = |timings: &mut Timings| -> Result<usize, Vec<Diagnostic>> {
        let mut files = write_generated_pages(&tera, &theme, &builder, sink)?;
        files += crate::render::handbook::write_handbooks(
            &tera,
            &theme,
            &builder,
            &handbook_parts(&outcomes),
            sink,
        )?;
        files += write_assets(&site, &theme, sink)?;
        let data = site_data_script(&site, &structure, &outcomes, &builder.site_ctx);
        sink.write(SITE_DATA, data.as_bytes())
            .map_err(|e| vec![write_error(SITE_DATA, e)])?;
        timings.mark("generated pages, assets");
        Ok(files + 1)
    };
    let mut files = site.pages.len();
    if let Some(r) = rebuild.as_mut() {
        // A serve rebuild: the open pages reload as soon as the pages are written, before
        // the search index is made.
        files += generated(&mut timings)?;
        (r.pages_done)(sink)?;
        let index = write_search_index(docs, sink)?;
        files += index.files;
        timings.index_phases = index.phases;
    } else {
        // The index is made beside the generated pages, which leave a core idle at times.
        let (index, generated) = std::thread::scope(|scope| {
            let index = scope.spawn(|| write_search_index(docs, sink));
            let generated = generated(&mut timings);
            let index = index
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (index, generated)
        });
        let index = index?;
        files += generated? + index.files;
        timings.index_phases = index.phases;
    }
    // With the pages written in parallel, this is the time the index adds.
    timings.mark("search index");
    files += write_service_worker(sink, &theme, &site.config.id, &builder.site_ctx.build_id)?;
    timings.mark("service worker");
    timings.report();
    let summary = BuildSummary {
        pages: site.pages.len(),
        files,
        elapsed: started.elapsed(),
        warnings: Vec::new(),
        build_id: builder.site_ctx.build_id.clone(),
        sources_read: site.sources_read,
    };
    if let Some(r) = rebuild {
        *r.last = Some(LastBuild {
            site_ctx: builder.site_ctx,
            targets,
            markdown_env: env,
            site,
            structure,
            theme,
            tera,
            highlighter,
        });
    }
    Ok(summary)
}

/// `sw.js` at the output root, listing every other output file (src/package/sw.rs); last,
/// once every other file is written. Returns the number of files written (0 or 1).
fn write_service_worker(
    sink: &Sink,
    theme: &Theme,
    site_id: &str,
    build_id: &str,
) -> Result<usize, Vec<Diagnostic>> {
    let Some(file) = theme.statics.get(crate::package::sw::TEMPLATE) else {
        return Ok(0);
    };
    // What the folder will hold, with the hashes taken as each file was written.
    let files = match sink {
        Sink::Staging(staging) => staging.written(),
        Sink::Collect(c) => c.files(),
        Sink::Discard => return Ok(0),
    };
    let template = match file {
        StaticFile::Embedded(bytes) => Ok(bytes.to_vec()),
        StaticFile::OnDisk(path) => std::fs::read(path),
    };
    let out = crate::package::sw::OUTPUT;
    template
        .map(|t| crate::package::sw::script(&t, site_id, build_id, &files))
        .and_then(|script| sink.write(out, &script))
        .map_err(|e| vec![write_error(out, e)])?;
    Ok(1)
}

fn site_ctx(site: &Site) -> SiteCtx {
    // Each page's digest in parallel (the texts add up to tens of megabytes), then theirs.
    let digests: Vec<[u8; 32]> = site
        .pages
        .par_iter()
        .map(|page| {
            let mut hash = Sha256::new();
            hash.update(page.source_path.as_bytes());
            hash.update([0]);
            hash.update(page.text.as_bytes());
            hash.finalize().into()
        })
        .collect();
    let mut hash = Sha256::new();
    hash.update(env!("CARGO_PKG_VERSION"));
    for digest in &digests {
        hash.update(digest);
    }
    let build_id: String = hash
        .finalize()
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect();
    SiteCtx {
        title: site.config.title.clone(),
        description: site.config.description.clone(),
        id: site.config.id.clone(),
        version: site.config.version.clone(),
        build_id,
    }
}

/// Renders a template to bytes. Tera's `render` would check the whole page is UTF-8 again
/// (slow for Chinese text, and it is: every part of it is a `str`); `render_to` does not.
pub(crate) fn render_template<C: Serialize>(
    tera: &tera::Tera,
    theme: &Theme,
    name: &str,
    context: &C,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let ctx = tera::Context::from_serialize(context).map_err(|e| {
        vec![Diagnostic::error(
            name,
            1,
            1,
            format!("template context: {}", error_chain(&e)),
        )]
    })?;
    let mut out = Vec::with_capacity(16 * 1024);
    tera.render_to(name, &ctx, &mut out)
        .map_err(|e| vec![theme.template_error(&e)])?;
    Ok(out)
}

pub(crate) fn write_error(path: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(path, 1, 1, format!("cannot write output file: {e}"))
        .with_hint("check free disk space and the output folder's permissions")
}

/// For each glossary term, the pages that link it: (title, output path).
fn term_users(
    site: &Site,
    structure: &Structure,
    outcomes: &[PageOutcome],
) -> Vec<Vec<(String, String)>> {
    let mut users = vec![Vec::new(); structure.glossary_terms.len()];
    let mut sorted: Vec<&PageOutcome> = outcomes.iter().collect();
    sorted.sort_by_key(|o| &site.pages[o.index].output);
    for o in sorted {
        let page = &site.pages[o.index];
        for &t in &o.rendered.terms_used {
            users[t].push((page.front.title.clone(), page.output.clone()));
        }
    }
    users
}

/// Links to `page.md#anchor` must land on an id that page really has.
fn check_anchors(site: &Site, outcomes: &[PageOutcome]) -> Vec<Diagnostic> {
    let anchors: HashMap<usize, &HashSet<String>> = outcomes
        .iter()
        .map(|o| (o.index, &o.rendered.anchors))
        .collect();
    let mut errors = Vec::new();
    for o in outcomes {
        let page = &site.pages[o.index];
        for AnchorRef {
            page: target,
            anchor,
            line,
            column,
        } in &o.rendered.anchor_refs
        {
            let target = if *target == usize::MAX {
                o.index
            } else {
                *target
            };
            let Some(ids) = anchors.get(&target) else {
                continue;
            };
            if anchor.is_empty() || ids.contains(anchor) {
                continue;
            }
            let mut known: Vec<&str> = ids.iter().map(String::as_str).collect();
            known.sort();
            let hint = match crate::diagnostics::did_you_mean(anchor, &known) {
                Some(s) => format!("did you mean #{s}?"),
                None if known.is_empty() => "that page has no headings to link to".to_string(),
                None => format!(
                    "anchors on that page: {}",
                    known
                        .iter()
                        .take(8)
                        .map(|k| format!("#{k}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            };
            errors.push(
                Diagnostic::error(
                    &page.shown_path,
                    *line,
                    *column,
                    format!(
                        "broken anchor: {} has no heading #{anchor}",
                        site.pages[target].shown_path.display()
                    ),
                )
                .with_hint(hint)
                .with_source(&page.text),
            );
        }
    }
    errors
}

#[derive(Serialize)]
struct TagsContext<'a> {
    #[serde(flatten)]
    base: render::PageContext,
    tag: String,
    pages: Vec<render::LinkCtx>,
    tags: &'a [render::LinkCtx],
}

/// Tag pages, the tag index, the search page and the 404 page.
fn write_generated_pages(
    tera: &tera::Tera,
    theme: &Theme,
    builder: &ContextBuilder,
    sink: &Sink,
) -> Result<usize, Vec<Diagnostic>> {
    let write = |path: &str, html: Vec<u8>| {
        sink.write(path, &html)
            .map_err(|e| vec![write_error(path, e)])
    };
    let mut count = 0;
    let tag_list: Vec<render::LinkCtx> = builder
        .structure
        .tags
        .iter()
        .map(|(tag, pages)| render::LinkCtx {
            title: tag.clone(),
            url: render::href("tags/index.html", &tag_output(tag)),
            summary: String::new(),
            current: false,
            position: pages.len(),
        })
        .collect();
    for (tag, pages) in &builder.structure.tags {
        let out = tag_output(tag);
        let ctx = TagsContext {
            base: builder.generated_context(&out, &format!("标签：{tag}"), "tag"),
            tag: tag.clone(),
            pages: builder.links(&out, pages),
            tags: &[],
        };
        write(&out, render_template(tera, theme, "tag.html", &ctx)?)?;
        count += 1;
    }
    let index = TagsContext {
        base: builder.generated_context("tags/index.html", "全部标签", "tags"),
        tag: String::new(),
        pages: Vec::new(),
        tags: &tag_list,
    };
    write(
        "tags/index.html",
        render_template(tera, theme, "tags.html", &index)?,
    )?;
    for (output, title, kind) in GENERATED_PAGES {
        let context = builder.generated_context(output, title, kind);
        write(output, render_template(tera, theme, output, &context)?)?;
        count += 1;
    }
    Ok(count + 1)
}

/// Pages the generator makes itself: (output file = template name, title, kind).
const GENERATED_PAGES: &[(&str, &str, &str)] = &[
    ("search.html", "搜索", "search"),
    ("404.html", "页面未找到", "404"),
    ("progress.html", "我的学习", "progress"),
    ("certificate.html", "结业证书", "certificate"),
];

/// Theme static files into assets/, the highlighting stylesheet, and content attachments.
fn write_assets(site: &Site, theme: &Theme, sink: &Sink) -> Result<usize, Vec<Diagnostic>> {
    let mut count = 0;
    for (rel, file) in &theme.statics {
        if rel == crate::package::sw::TEMPLATE {
            continue; // written to the root at the end of the build (`write_service_worker`)
        }
        let dest = format!("assets/{rel}");
        let result = match file {
            StaticFile::Embedded(bytes) => {
                sink.write(&dest, &crate::render::theme::minify(rel, bytes))
            }
            StaticFile::OnDisk(path) => sink.copy(&dest, path),
        };
        result.map_err(|e| vec![write_error(&dest, e)])?;
        count += 1;
    }
    sink.write("assets/highlight.css", highlight::stylesheet().as_bytes())
        .map_err(|e| vec![write_error("assets/highlight.css", e)])?;
    let errors: Vec<Diagnostic> = site
        .assets
        .par_iter()
        .filter_map(|a| {
            sink.copy(&a.output, &a.source)
                .err()
                .map(|e| write_error(&a.output, e))
        })
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(count + 1 + site.assets.len())
}

/// Page index → (body HTML, quizzes) of every lesson and course, for the handbooks.
fn handbook_parts(outcomes: &[PageOutcome]) -> HashMap<usize, (&str, &[crate::quiz::Quiz])> {
    outcomes
        .iter()
        .filter_map(|o| {
            o.handbook_html
                .as_deref()
                .map(|html| (o.index, (html, o.rendered.quizzes.as_slice())))
        })
        .collect()
}

/// Where the course structure and quizzes go for the browser ([`site_data_script`]).
pub(crate) const SITE_DATA: &str = "assets/site-data.js";

/// What learners' progress needs of a quiz (in site-data.js).
pub(crate) fn quiz_data(q: &crate::quiz::Quiz) -> serde_json::Value {
    serde_json::json!({"id": q.id, "passMark": q.pass_mark, "questions": q.question_count, "questionIds": q.question_ids})
}

/// `assets/site-data.js`: the course structure and quizzes, for progress tracking in the
/// browser (a classic script: `window.ZHIYIN_SITE = {...}`, loadable from file://).
/// URLs are relative to the site root; page keys are output paths.
fn site_data_script(
    site: &Site,
    structure: &Structure,
    outcomes: &[PageOutcome],
    ctx: &SiteCtx,
) -> String {
    let quizzes_of = |page: usize| -> Vec<serde_json::Value> {
        outcomes
            .iter()
            .find(|o| o.index == page)
            .map(|o| o.rendered.quizzes.iter().map(quiz_data).collect())
            .unwrap_or_default()
    };
    let courses: Vec<serde_json::Value> = structure
        .courses
        .iter()
        .map(|&c| {
            let lessons: Vec<serde_json::Value> = structure.children[c]
                .iter()
                .map(|&l| serde_json::json!({"key": site.pages[l].output, "title": site.pages[l].front.title, "quizzes": quizzes_of(l)}))
                .collect();
            serde_json::json!({"key": site.pages[c].output, "title": site.pages[c].front.title, "lessons": lessons})
        })
        .collect();
    let data = serde_json::json!({
        "format": "zhiyin-site",
        "id": ctx.id,
        "build": ctx.build_id,
        "title": ctx.title,
        "version": ctx.version,
        "passMark": site.config.quiz.pass_mark,
        "courses": courses,
    });
    // `</` never appears raw inside a script element.
    format!(
        "window.ZHIYIN_SITE = {};\n",
        data.to_string().replace("</", "<\\/")
    )
}

/// Whether `ZHIYIN_BENCH_NO_SEARCH` is set: the build skips everything the search index
/// needs (its documents and files), for benchmarks that measure what the index adds to a
/// build (scripts/bench-build.sh); such a build's search page finds nothing.
fn bench_without_search() -> bool {
    std::env::var_os("ZHIYIN_BENCH_NO_SEARCH").is_some()
}

/// What writing the search index did: its file count, and when each of its phases ended
/// (from its start), for `ZHIYIN_TIMINGS`.
#[derive(Default)]
struct IndexWritten {
    files: usize,
    phases: Vec<(&'static str, Duration)>,
}

/// Builds the search index and writes its files (thousands: in parallel, as the pages are).
/// `ZHIYIN_BENCH_SEARCH_DOCS=FILE` also writes the search documents to FILE as JSON, the
/// input of the index benchmark (scripts/bench-index.sh).
fn write_search_index(docs: Vec<SearchDoc>, sink: &Sink) -> Result<IndexWritten, Vec<Diagnostic>> {
    if bench_without_search() {
        return Ok(IndexWritten::default());
    }
    if let Some(path) = std::env::var_os("ZHIYIN_BENCH_SEARCH_DOCS") {
        // The index benchmark's input (examples/bench_index.rs): the documents as JSON.
        let json = serde_json::to_vec(&docs).unwrap_or_default();
        let shown = Path::new(&path).display().to_string();
        std::fs::write(&path, json).map_err(|e| vec![write_error(&shown, e)])?;
    }
    let started = Instant::now();
    let mut phases = Vec::new();
    let index = search::build_index_phases(docs, &mut |phase| {
        phases.push((phase, started.elapsed()));
    });
    index.par_iter().try_for_each(|file| {
        sink.write(&file.path, &file.bytes)
            .map_err(|e| vec![write_error(&file.path, e)])
    })?;
    phases.push(("written", started.elapsed()));
    Ok(IndexWritten {
        files: index.len(),
        phases,
    })
}

/// Search documents, taking each page's plain text and headings out of its outcome.
fn search_docs(site: &Site, structure: &Structure, outcomes: &mut [PageOutcome]) -> Vec<SearchDoc> {
    outcomes
        .par_iter_mut()
        .map(|o| {
            let page = &site.pages[o.index];
            let section = match page.kind {
                PageKind::Glossary => "术语表".to_string(),
                PageKind::Home => String::new(),
                _ => structure
                    .ancestors(o.index)
                    .first()
                    .or(if page.kind == PageKind::Section {
                        Some(&o.index)
                    } else {
                        None
                    })
                    .map(|&s| site.pages[s].front.title.clone())
                    .unwrap_or_default(),
            };
            SearchDoc {
                url: page.output.clone(),
                title: page.front.title.clone(),
                section,
                headings: std::mem::take(&mut o.rendered.headings)
                    .into_iter()
                    .map(|(anchor, text)| SearchHeading { anchor, text })
                    .collect(),
                body: page_text(
                    site,
                    structure,
                    o.index,
                    std::mem::take(&mut o.rendered.text),
                ),
            }
        })
        .collect()
}

/// Everything a page shows as its own text, for search: its summary (the lead paragraph), the
/// Markdown's text, the titles and summaries of the pages it lists (a section's, a course's or
/// the home page's cards), its tags and its sources. Navigation (the course outline beside a
/// lesson, the glossary's lists of pages using a term) is not the page's text.
fn page_text(site: &Site, structure: &Structure, index: usize, markdown_text: String) -> String {
    let page = &site.pages[index];
    let courses: &[usize] = if page.kind == PageKind::Home {
        &structure.courses
    } else {
        &[]
    };
    let mut text = String::with_capacity(markdown_text.len() + 256);
    let mut line = |s: &str| {
        text.push_str(s);
        text.push('\n');
    };
    line(page.front.summary.as_deref().unwrap_or(""));
    line(&markdown_text);
    for &child in structure.children[index].iter().chain(courses) {
        let front = &site.pages[child].front;
        line(&front.title);
        line(front.summary.as_deref().unwrap_or(""));
    }
    for label in page.front.tags.iter().chain(&page.front.sources) {
        line(label);
    }
    text
}

/// The root the user meant: `--root`, made absolute for clear messages.
pub fn resolve_root(root: &Path) -> PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}
