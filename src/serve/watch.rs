//! Watching the site's sources and debouncing editor saves into single rebuilds.
//!
//! Watched: `site.toml` (through a non-recursive watch of the site folder, so that an
//! atomic save, which replaces the file, is seen) and `content/`, `themes/`, `templates/`,
//! `static/` recursively; a top folder created, removed or replaced later is (re)watched.
//! Ignored: everything else in the site folder (the user's `public/`, `.git/`…), the
//! preview's own output, and the files the build itself ignores (hidden files, `~`,
//! `.swp`, `.tmp`, `#…`) plus a few more editor scratch names. Reads never count.
//!
//! Debouncing: a rebuild starts once no relevant event has arrived for the debounce time
//! (or 3 s after the first, if events never stop). Events arriving during a build lead to
//! one more build after it, so the last build always saw the last save.

use super::Shared;
use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{Event, EventKind, RecursiveMode};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// Folders of the site folder whose contents the build reads.
pub const WATCHED_DIRS: [&str; 4] = ["content", "themes", "templates", "static"];
/// The longest a rebuild waits for a stream of events to pause.
const MAX_WAIT: Duration = Duration::from_secs(3);
const POLL_INTERVAL: Duration = Duration::from_millis(500);

type Events = Receiver<notify::Result<Event>>;

pub struct Watcher {
    root: PathBuf,
    temp: PathBuf,
    backend: Backend,
    events: Events,
    /// Top folders with a recursive OS watch.
    watched: HashSet<PathBuf>,
}

enum Backend {
    Notify(Box<dyn notify::Watcher + Send>),
    /// Held for its `Drop`, which stops the polling thread.
    Poll(#[allow(dead_code)] Poller),
}

impl Watcher {
    /// Watches `root`'s sources; OS notifications unless `poll`, polling if those fail.
    pub fn new(root: &Path, temp: &Path, poll: bool) -> Option<Watcher> {
        if !poll {
            let (tx, rx) = mpsc::channel();
            match notify::recommended_watcher(tx) {
                Ok(w) => {
                    let mut watcher = Watcher::with(root, temp, Backend::Notify(Box::new(w)), rx);
                    match watcher.watch_all() {
                        Ok(()) => return Some(watcher),
                        Err(e) => eprintln!(
                            "cannot watch with file-system notifications ({e}); polling instead"
                        ),
                    }
                }
                Err(e) => {
                    eprintln!("cannot watch with file-system notifications ({e}); polling instead")
                }
            }
        }
        let (tx, rx) = mpsc::channel();
        let poller = Poller::start(root, temp, tx);
        Some(Watcher::with(root, temp, Backend::Poll(poller), rx))
    }

    fn with(root: &Path, temp: &Path, backend: Backend, events: Events) -> Watcher {
        Watcher {
            root: root.to_path_buf(),
            temp: temp.to_path_buf(),
            backend,
            events,
            watched: HashSet::new(),
        }
    }

    pub fn polling(&self) -> bool {
        matches!(self.backend, Backend::Poll(_))
    }

    fn watch_all(&mut self) -> notify::Result<()> {
        let Backend::Notify(inner) = &mut self.backend else {
            return Ok(());
        };
        inner.watch(&self.root, RecursiveMode::NonRecursive)?;
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            if dir.is_dir() {
                inner.watch(&dir, RecursiveMode::Recursive)?;
                self.watched.insert(dir);
            }
        }
        Ok(())
    }

    /// After a top folder was created, removed or replaced: watch what is there now.
    fn rewatch(&mut self) {
        let Backend::Notify(inner) = &mut self.backend else {
            return; // the poller looks at what is there each time
        };
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            if self.watched.remove(&dir) {
                let _ = inner.unwatch(&dir);
            }
            if dir.is_dir() {
                match inner.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watched.insert(dir);
                    }
                    Err(e) => eprintln!("cannot watch {}: {e}", dir.display()),
                }
            }
        }
    }

    /// Waits for changes and calls `rebuild` once per settled burst, until `shared.stop`.
    pub fn run(mut self, debounce: Duration, shared: &Shared, mut rebuild: impl FnMut(&[PathBuf])) {
        let mut changed: Vec<PathBuf> = Vec::new();
        let mut first: Option<Instant> = None;
        let mut last = Instant::now();
        let mut rewatch = false;
        loop {
            if shared.stop.load(Ordering::SeqCst) {
                return;
            }
            let wait = match first {
                None => Duration::from_millis(200),
                Some(_) => debounce
                    .saturating_sub(last.elapsed())
                    .max(Duration::from_millis(1)),
            };
            match self.events.recv_timeout(wait) {
                Ok(Ok(event)) => {
                    let paths = self.relevant(&event);
                    if !paths.is_empty() {
                        let now = Instant::now();
                        first.get_or_insert(now);
                        last = now;
                        for p in paths {
                            if self.is_top_dir(&p) {
                                rewatch = true;
                            }
                            if !changed.contains(&p) {
                                changed.push(p);
                            }
                        }
                    }
                }
                Ok(Err(e)) => {
                    // The watcher lost track (overflow, a watched folder gone): rebuild and rewatch.
                    eprintln!("file watcher: {e}");
                    let now = Instant::now();
                    first.get_or_insert(now);
                    last = now;
                    rewatch = true;
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            if let Some(started) = first {
                if last.elapsed() >= debounce || started.elapsed() >= MAX_WAIT {
                    if shared.stop.load(Ordering::SeqCst) {
                        return;
                    }
                    if rewatch {
                        self.rewatch();
                        rewatch = false;
                    }
                    rebuild(&changed);
                    changed.clear();
                    first = None;
                }
            }
        }
    }

    fn is_top_dir(&self, path: &Path) -> bool {
        path.parent() == Some(self.root.as_path())
            && path
                .file_name()
                .is_some_and(|n| WATCHED_DIRS.iter().any(|d| n == *d))
    }

    /// The paths of `event` that the build reads (none for reads and editor scratch files).
    fn relevant(&self, event: &Event) -> Vec<PathBuf> {
        match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
            EventKind::Access(_) => return Vec::new(),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => return Vec::new(),
            _ => {}
        }
        if event.need_rescan() {
            return vec![self.root.join("content")];
        }
        event
            .paths
            .iter()
            .filter(|p| is_source(&self.root, &self.temp, p))
            .cloned()
            .collect()
    }
}

/// The polling watcher: every [`POLL_INTERVAL`], the size and modification time (to the
/// nanosecond where the file system keeps it) of every source file, compared with the last
/// look. (notify's own poller compares whole seconds only, and misses quick successive saves.)
struct Poller {
    stop: Arc<AtomicBool>,
}

type Snapshot = HashMap<PathBuf, (u64, Option<SystemTime>)>;

impl Poller {
    fn start(root: &Path, temp: &Path, tx: mpsc::Sender<notify::Result<Event>>) -> Poller {
        let stop = Arc::new(AtomicBool::new(false));
        let (root, temp, flag) = (root.to_path_buf(), temp.to_path_buf(), stop.clone());
        let mut last = snapshot(&root, &temp);
        let spawned = std::thread::Builder::new()
            .name("zhiyin-poll".into())
            .spawn(move || {
                while !flag.load(Ordering::SeqCst) {
                    std::thread::sleep(POLL_INTERVAL);
                    let now = snapshot(&root, &temp);
                    let mut changed: Vec<PathBuf> = now
                        .iter()
                        .filter(|(p, v)| last.get(*p) != Some(v))
                        .map(|(p, _)| p.clone())
                        .chain(last.keys().filter(|p| !now.contains_key(*p)).cloned())
                        .collect();
                    last = now;
                    if changed.is_empty() {
                        continue;
                    }
                    changed.sort();
                    let mut event = Event::new(EventKind::Any);
                    event.paths = changed;
                    if tx.send(Ok(event)).is_err() {
                        return;
                    }
                }
            });
        if let Err(e) = spawned {
            eprintln!("cannot start the polling watcher ({e}); edits will not rebuild");
        }
        Poller { stop }
    }
}

impl Drop for Poller {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn snapshot(root: &Path, temp: &Path) -> Snapshot {
    let mut files = Snapshot::new();
    let stamp = |m: &std::fs::Metadata| (m.len(), m.modified().ok());
    let toml = root.join("site.toml");
    if let Ok(m) = std::fs::metadata(&toml) {
        files.insert(toml, stamp(&m));
    }
    for name in WATCHED_DIRS {
        let walker = walkdir::WalkDir::new(root.join(name))
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_scratch(&e.file_name().to_string_lossy()));
        for entry in walker.filter_map(Result::ok) {
            if entry.file_type().is_file() && !entry.path().starts_with(temp) {
                if let Ok(m) = entry.metadata() {
                    files.insert(entry.into_path(), stamp(&m));
                }
            }
        }
    }
    files
}

/// Whether a changed `path` is one the build reads: `site.toml` or a file under a watched
/// folder, with no ignored name on the way.
pub fn is_source(root: &Path, temp: &Path, path: &Path) -> bool {
    if path.starts_with(temp) {
        return false;
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let names: Vec<String> = rel
        .components()
        .map(|c| match c {
            Component::Normal(n) => n.to_string_lossy().into_owned(),
            _ => String::new(),
        })
        .collect();
    let Some(top) = names.first() else {
        return false;
    };
    if names.len() == 1 && top == "site.toml" {
        return true;
    }
    WATCHED_DIRS.contains(&top.as_str()) && names.iter().all(|n| !is_scratch(n))
}

/// Names the build skips, and editors' temporary and backup files.
pub fn is_scratch(name: &str) -> bool {
    name.is_empty()
        || crate::content::load::is_ignored(name)
        || name == "4913" // vim's probe that a folder is writable
        || name.ends_with(".swo")
        || name.ends_with(".swx")
        || name.ends_with(".bak")
        || name.ends_with(".orig")
        || name.ends_with(".part")
        || name.ends_with(".crdownload")
        || name.contains("___jb_tmp___")
        || name.contains("___jb_old___")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_scratch_files() {
        let root = Path::new("/s");
        let temp = Path::new("/tmp/zhiyin-serve-1");
        let yes = |p: &str| is_source(root, temp, Path::new(p));
        assert!(yes("/s/site.toml"));
        assert!(yes("/s/content/guides/a.md"));
        assert!(yes("/s/content"));
        assert!(yes("/s/templates/page.html"));
        assert!(yes("/s/themes/x/static/a.css"));
        assert!(!yes("/s/public/index.html"));
        assert!(!yes("/s/.git/index"));
        assert!(!yes("/s/site.toml~"));
        assert!(!yes("/s/content/guides/.a.md.swp"));
        assert!(!yes("/s/content/guides/a.md~"));
        assert!(!yes("/s/content/guides/a.md.tmp"));
        assert!(!yes("/s/content/guides/4913"));
        assert!(!yes("/s/content/.git/HEAD"));
        assert!(!yes("/s/content/guides/#a.md#"));
        assert!(!yes("/s/content/guides/a.md___jb_tmp___"));
        assert!(!yes("/tmp/zhiyin-serve-1/site-1/index.html"));
        assert!(!yes("/elsewhere/content/a.md"));
    }
}
