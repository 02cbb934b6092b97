//! What `zhiyin serve` keeps between rebuilds so that a rebuild does less than a full build:
//! each page's rendered Markdown and the key of every page it wrote, with the keys that decide
//! whether a cached result still holds. A full `zhiyin build` uses none of it.

use crate::content::load::Reuse;
use crate::content::structure::Structure;
use crate::content::Site;
use crate::markdown::highlight::Highlighter;
use crate::markdown::links::LinkTargets;
use crate::markdown::Rendered;
use crate::render::theme::Theme;
use crate::render::SiteCtx;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The last good build's inputs, which serve keeps so that an edit of a page's body can be
/// previewed without a rebuild (src/quick.rs). A full `zhiyin build` keeps nothing.
pub(crate) struct LastBuild {
    pub site: Site,
    pub structure: Structure,
    pub theme: Theme,
    pub tera: tera::Tera,
    /// Its build id is the last build's: pages never show it.
    pub site_ctx: SiteCtx,
    /// The pages and attachments links may name, and [`markdown_env`]: what every page's
    /// Markdown depends on. A body edit changes neither.
    pub targets: LinkTargets,
    pub markdown_env: u64,
    pub highlighter: Highlighter,
}

/// What a serve rebuild takes over from the last good build: its pages, for the load to
/// reuse those whose files did not change (`changed`: the watcher's report), and its
/// syntax highlighter.
pub(crate) fn reuse_last(
    last: Option<LastBuild>,
    root: &Path,
    changed: &[PathBuf],
) -> (Reuse, Option<Highlighter>) {
    let content = root.join("content");
    let changed = changed
        .iter()
        .filter_map(|p| p.strip_prefix(&content).ok())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    let (pages, highlighter) = match last {
        Some(last) => (
            last.site
                .pages
                .into_iter()
                .map(|p| (p.source_path.clone(), p))
                .collect(),
            Some(last.highlighter),
        ),
        None => (HashMap::new(), None),
    };
    (Reuse { pages, changed }, highlighter)
}

/// Source path → (key, rendered Markdown). The key hashes the page's text and everything
/// else its Markdown output depends on ([`markdown_env`]), so a hit is the same output.
#[derive(Default)]
pub(crate) struct MarkdownCache {
    pages: std::sync::Mutex<HashMap<String, (u64, Rendered)>>,
    /// Pages rendered (cache misses) by the last build: for tests and benchmarks.
    pub rendered: std::sync::atomic::AtomicUsize,
    /// Output path → key of the page context and templates it was made from, as written.
    outputs: std::sync::Mutex<HashMap<String, u64>>,
    /// The same for the build running, until [`MarkdownCache::commit`].
    pending: std::sync::Mutex<HashMap<String, u64>>,
}

impl MarkdownCache {
    fn pages(&self) -> std::sync::MutexGuard<'_, HashMap<String, (u64, Rendered)>> {
        self.pages.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn get(&self, path: &str, key: u64) -> Option<Rendered> {
        let pages = self.pages();
        pages
            .get(path)
            .filter(|(k, _)| *k == key)
            .map(|(_, r)| r.clone())
    }

    /// The page's Markdown output as the last build made it, whatever its key.
    pub(crate) fn latest(&self, path: &str) -> Option<Rendered> {
        let pages = self.pages();
        pages.get(path).map(|(_, r)| r.clone())
    }

    /// Whether the page's last Markdown output has the id `anchor` (`None`: not rendered).
    pub(crate) fn has_anchor(&self, path: &str, anchor: &str) -> Option<bool> {
        let pages = self.pages();
        pages.get(path).map(|(_, r)| r.anchors.contains(anchor))
    }

    /// Whether any page's last Markdown output links to one of `anchors` on page `target`.
    pub(crate) fn links_to(&self, target: usize, anchors: &HashSet<&str>) -> bool {
        if anchors.is_empty() {
            return false;
        }
        let pages = self.pages();
        pages.values().any(|(_, r)| {
            r.anchor_refs
                .iter()
                .any(|a| a.page == target && anchors.contains(a.anchor.as_str()))
        })
    }

    pub(crate) fn put(&self, path: &str, key: u64, rendered: &Rendered) {
        self.rendered
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut pages = self.pages();
        pages.insert(path.to_string(), (key, rendered.clone()));
    }

    /// Whether `output` was written from a context with this key.
    pub(crate) fn output_unchanged(&self, output: &str, key: u64) -> bool {
        let outputs = self.outputs.lock().unwrap_or_else(|e| e.into_inner());
        outputs.get(output) == Some(&key)
    }

    pub(crate) fn output_made(&self, output: &str, key: u64) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        pending.insert(output.to_string(), key);
    }

    /// The build's output is in place (`ok`), or was not written: keep what is true of it.
    pub fn commit(&self, ok: bool) {
        let pending = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        let mut outputs = self.outputs.lock().unwrap_or_else(|e| e.into_inner());
        if ok {
            *outputs = pending;
        }
    }

    /// Forgets the pages that are gone.
    pub(crate) fn retain(&self, site: &Site) {
        let paths: HashSet<&str> = site.pages.iter().map(|p| p.source_path.as_str()).collect();
        let mut pages = self.pages();
        pages.retain(|k, _| paths.contains(k.as_str()));
    }
}

/// A hash of what every page's Markdown output depends on besides its own text: the pages
/// and attachments links may name (and their order: links hold page indices), the glossary
/// and the quiz defaults.
pub(crate) fn markdown_env(site: &Site, structure: &Structure) -> u64 {
    let mut hash = Sha256::new();
    for page in &site.pages {
        hash.update(page.source_path.as_bytes());
        hash.update([0]);
        hash.update(page.output.as_bytes());
        hash.update([0]);
    }
    for asset in &site.assets {
        hash.update(asset.output.as_bytes());
        hash.update([0]);
    }
    hash.update(format!("{:?}", structure.glossary_terms).as_bytes());
    hash.update(format!("{:?}", structure.glossary).as_bytes());
    hash.update(site.config.quiz.pass_mark.to_le_bytes());
    crate::output::hash_bytes(&hash.finalize())
}

/// A hash of the theme's templates.
pub(crate) fn templates_key(theme: &Theme) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for (name, source) in &theme.templates {
        name.hash(&mut h);
        source.text.hash(&mut h);
    }
    h.finish()
}

/// A hash of a page's template context and the templates: equal keys, equal pages.
pub(crate) fn context_key<C: Serialize>(templates: u64, context: &C) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    h.write_u64(templates);
    match serde_json::to_vec(context) {
        Ok(bytes) => h.write(&bytes),
        Err(_) => h.write_u64(rand_key()),
    }
    h.finish()
}

/// A key that matches nothing (a context that cannot be serialized is always re-rendered).
fn rand_key() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or_default()
}

pub(crate) fn page_key(env: u64, page: &crate::content::Page) -> u64 {
    let mut hash = Sha256::new();
    hash.update(env.to_le_bytes());
    hash.update(page.source_path.as_bytes());
    hash.update([0]);
    hash.update(page.text.as_bytes());
    crate::output::hash_bytes(&hash.finalize())
}
