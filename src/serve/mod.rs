//! `zhiyin serve`: build, serve the output, watch the sources, rebuild, reload the open pages.
//!
//! The parts:
//! - [`http`]: a small pool of threads answering requests from the current build folder
//!   (never outside it), with the live-reload script injected into HTML as it is served;
//! - [`live`]: the reload channel, long polling on `/__zhiyin/poll`; waiting requests are
//!   parked, not held by a thread, so any number of open pages costs no worker;
//! - [`watch`]: the file watcher (notify, with a polling fallback) and its debouncer;
//! - this module: the builder thread that ties them together.
//!
//! A save that changes only pages' bodies is previewed first ([`quick`]): those pages (and
//! their course handbooks) are remade from the last build's site and the open pages reload
//! within milliseconds; the rebuild follows.
//!
//! Builds are incremental ([`crate::build::rebuild`]): one output folder (`site` inside a
//! temporary folder that is removed on exit) is kept, a rebuild reuses the Markdown output
//! of the pages whose text and link targets did not change, collects the output in memory
//! and writes only the files whose bytes changed (each through a temporary file and a
//! rename, so a request never sees half a file), then removes the files that are gone.
//! A build with errors writes nothing: the last good pages keep being served and every open
//! page shows the errors over them. The open pages are told to reload once the pages are
//! written; the search index (the slow part) is made and written just after.

mod http;
mod live;
mod quick;
pub mod signal;
mod watch;

use crate::build::Rebuild;
use crate::diagnostics::{render_all, Diagnostic};
use crate::incremental::{LastBuild, MarkdownCache};
use crate::output::{Collector, Manifest, Sink};
use crate::BuildOptions;
use std::fmt;
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How to serve a site.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder (holds site.toml and content/).
    pub root: PathBuf,
    /// Address to listen on; 127.0.0.1 by default (only this computer).
    pub bind: IpAddr,
    /// Port; 0 picks a free one (see [`ServeHandle::port`]).
    pub port: u16,
    /// Quiet time after the last change before rebuilding.
    pub debounce: Duration,
    /// Threads answering requests.
    pub workers: usize,
    /// Print nothing but errors.
    pub quiet: bool,
    /// Watch by polling the file system instead of OS notifications (network drives,
    /// some VMs). Also chosen by the environment variable `ZHIYIN_POLL=1`, and used
    /// automatically when OS notifications cannot be set up.
    pub poll: bool,
}

impl ServeOptions {
    pub fn new(root: impl Into<PathBuf>) -> ServeOptions {
        ServeOptions {
            root: root.into(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            debounce: Duration::from_millis(150),
            workers: 4,
            quiet: false,
            poll: std::env::var_os("ZHIYIN_POLL").is_some_and(|v| v != "0" && !v.is_empty()),
        }
    }
}

/// Why the server could not start.
#[derive(Debug)]
pub enum ServeError {
    /// Another program listens on the port already.
    PortInUse { addr: SocketAddr },
    /// Any other failure to listen (no such address, no permission…).
    Bind { addr: SocketAddr, error: io::Error },
    /// The temporary output folder could not be made.
    TempDir { path: PathBuf, error: io::Error },
    /// The site folder is not there.
    NoSite { root: PathBuf },
}

impl ServeError {
    /// The CLI's exit status: 2 for what the user should change in the command, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            ServeError::PortInUse { .. } | ServeError::Bind { .. } | ServeError::NoSite { .. } => 2,
            ServeError::TempDir { .. } => 1,
        }
    }
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::PortInUse { addr } => write!(
                f,
                "port {} on {} is already in use (another `zhiyin serve`, or another server?)\n  = help: stop that program, or choose another port: zhiyin serve --port {}",
                addr.port(),
                addr.ip(),
                suggest_port(addr.port())
            ),
            ServeError::Bind { addr, error } => write!(
                f,
                "cannot listen on {addr}: {error}\n  = help: check --bind (127.0.0.1 for this computer only, 0.0.0.0 for the local network) and --port (1024 or above)"
            ),
            ServeError::TempDir { path, error } => write!(
                f,
                "cannot create the preview folder {}: {error}\n  = help: check free disk space and the permissions of the temporary folder (TMPDIR)",
                path.display()
            ),
            ServeError::NoSite { root } => write!(
                f,
                "{} has no site.toml: not a site folder\n  = help: pass the site folder with --root DIR, or create a site with `zhiyin new DIR`",
                root.display()
            ),
        }
    }
}

impl std::error::Error for ServeError {}

fn suggest_port(port: u16) -> u16 {
    if port == 0 || port == u16::MAX {
        1112
    } else {
        port + 1
    }
}

/// What the server currently serves.
#[derive(Clone)]
pub(crate) struct Current {
    /// The canonical folder of the last good build; `None` until a build succeeds.
    pub dir: Option<PathBuf>,
    /// Names the last good build; pages compare it with the one they were served from.
    pub token: String,
}

/// State shared by the request workers, the builder and the handle.
pub(crate) struct Shared {
    pub current: RwLock<Current>,
    pub live: live::Live,
    pub stop: AtomicBool,
    /// Builds finished (good or failed), the first one included.
    pub builds: AtomicU64,
    /// (Output files written, Markdown pages rendered) by the last good build.
    pub last_work: Mutex<(usize, usize)>,
    /// Markdown files the last good build read (the others were taken over unchanged).
    pub sources_read: AtomicU64,
    /// Files the last build served in a quick preview before rebuilding (0: no preview).
    pub previewed: AtomicU64,
    pub last_errors: Mutex<Vec<Diagnostic>>,
}

impl Shared {
    pub fn current(&self) -> Current {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// A running server. Dropping it (or [`ServeHandle::shutdown`]) stops everything and removes
/// the temporary output folder.
pub struct ServeHandle {
    addr: SocketAddr,
    shared: Arc<Shared>,
    temp: PathBuf,
    server: Arc<tiny_http::Server>,
    workers: Vec<JoinHandle<()>>,
    builder: Option<JoinHandle<()>>,
    reaper: Option<JoinHandle<()>>,
    stopped: bool,
    quiet: bool,
}

impl ServeHandle {
    /// The port the server listens on (the real one when 0 was asked for).
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The address to open in a browser.
    pub fn url(&self) -> String {
        let ip = if self.addr.ip().is_unspecified() {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        } else {
            self.addr.ip()
        };
        format!("http://{}/", SocketAddr::new(ip, self.addr.port()))
    }

    /// The folder of the build being served (`None` before the first good build).
    pub fn output_dir(&self) -> Option<PathBuf> {
        self.shared.current().dir
    }

    /// The temporary folder holding the builds; removed on shutdown.
    pub fn temp_dir(&self) -> &Path {
        &self.temp
    }

    /// Builds finished so far (good or failed), counting the first one.
    pub fn builds(&self) -> u64 {
        self.shared.builds.load(Ordering::SeqCst)
    }

    /// What the last good build did: (output files written, pages whose Markdown was
    /// rendered). Unchanged pages are neither rendered again nor written.
    pub fn last_work(&self) -> (usize, usize) {
        *self
            .shared
            .last_work
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// How many files the last build served in a quick preview (edited pages and their
    /// course handbooks) before it rebuilt the rest; 0 when the edit was more than a change
    /// to pages' bodies.
    pub fn last_previewed(&self) -> u64 {
        self.shared.previewed.load(Ordering::SeqCst)
    }

    /// How many Markdown files the last good build read: the files whose size or
    /// modification time changed, or that the watcher reported (the rest were reused).
    pub fn last_sources_read(&self) -> u64 {
        self.shared.sources_read.load(Ordering::SeqCst)
    }

    /// The errors of the last build (empty when it succeeded).
    pub fn last_errors(&self) -> Vec<Diagnostic> {
        self.shared
            .last_errors
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Stops watching and serving, answers the waiting pages, removes the temporary folder.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if self.stopped {
            return;
        }
        self.stopped = true;
        self.shared.stop.store(true, Ordering::SeqCst);
        self.shared.live.wake();
        for _ in 0..self.workers.len() {
            self.server.unblock();
        }
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
        if let Some(r) = self.reaper.take() {
            let _ = r.join();
        }
        self.shared.live.release_all();
        // A big site's build may be running, writing into the folder: let it end first, or it
        // would make the folder again after its removal. (A second Ctrl-C quits at once.)
        if let Some(b) = self.builder.take() {
            let deadline = Instant::now() + Duration::from_millis(500);
            while !b.is_finished() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
            if !b.is_finished() && !self.quiet {
                eprintln!(
                    "waiting for the build in progress to end (Ctrl-C again to quit at once)"
                );
            }
            let _ = b.join();
        }
        let _ = std::fs::remove_dir_all(&self.temp);
    }
}

impl Drop for ServeHandle {
    fn drop(&mut self) {
        self.stop();
    }
}

static INSTANCE: AtomicU64 = AtomicU64::new(0);

/// Starts the server: listens, builds once, then serves and watches in the background.
/// Returns once the first build is done (good or failed) and requests are being answered.
pub fn start(opts: &ServeOptions) -> Result<ServeHandle, ServeError> {
    let root = crate::build::resolve_root(&opts.root);
    if !root.join("site.toml").is_file() {
        return Err(ServeError::NoSite { root });
    }
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener = TcpListener::bind(addr).map_err(|error| {
        if error.kind() == io::ErrorKind::AddrInUse {
            ServeError::PortInUse { addr }
        } else {
            ServeError::Bind { addr, error }
        }
    })?;
    let addr = listener
        .local_addr()
        .map_err(|error| ServeError::Bind { addr, error })?;
    let server =
        tiny_http::Server::from_listener(listener, None).map_err(|e| ServeError::Bind {
            addr,
            error: io::Error::other(e.to_string()),
        })?;
    let server = Arc::new(server);

    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let instance = format!(
        "{:x}{}",
        nanos & 0xff_ffff,
        INSTANCE.fetch_add(1, Ordering::SeqCst)
    );
    remove_stale_previews();
    let temp = std::env::temp_dir().join(format!("zhiyin-serve-{}-{instance}", std::process::id()));
    std::fs::create_dir_all(&temp).map_err(|error| ServeError::TempDir {
        path: temp.clone(),
        error,
    })?;
    let temp = temp.canonicalize().unwrap_or(temp);

    let shared = Arc::new(Shared {
        current: RwLock::new(Current {
            dir: None,
            token: String::new(),
        }),
        live: live::Live::new(),
        stop: AtomicBool::new(false),
        builds: AtomicU64::new(0),
        last_work: Mutex::new((0, 0)),
        previewed: AtomicU64::new(0),
        sources_read: AtomicU64::new(0),
        last_errors: Mutex::new(Vec::new()),
    });

    // The watcher starts before the first build, so that no edit made during it is lost.
    let watcher = watch::Watcher::new(&root, &temp, opts.poll);
    if let Some(w) = &watcher {
        if w.polling() && !opts.quiet {
            eprintln!("watching by polling the file system (every 500 ms)");
        }
    }

    let mut builder = Builder {
        root: root.clone(),
        temp: temp.clone(),
        instance,
        number: 0,
        manifest: Manifest::new(),
        cache: MarkdownCache::default(),
        last: None,
        shared: shared.clone(),
        quiet: opts.quiet,
    };
    builder.build_once(&[]);

    let workers = (0..opts.workers.max(1))
        .map(|i| {
            let server = server.clone();
            let shared = shared.clone();
            std::thread::Builder::new()
                .name(format!("zhiyin-http-{i}"))
                .spawn(move || http::worker(&server, &shared))
                .expect("spawn a request thread")
        })
        .collect();
    let reaper = {
        let shared = shared.clone();
        std::thread::Builder::new()
            .name("zhiyin-live".into())
            .spawn(move || shared.live.reap(&shared.stop))
            .expect("spawn the live-reload thread")
    };
    let debounce = opts.debounce;
    let builder = std::thread::Builder::new()
        .name("zhiyin-watch".into())
        .spawn(move || {
            let shared = builder.shared.clone();
            match watcher {
                Some(w) => w.run(debounce, &shared, |changed| builder.build_once(changed)),
                None => {
                    // No watcher at all: serve what was built.
                    while !shared.stop.load(Ordering::SeqCst) {
                        std::thread::sleep(Duration::from_millis(100));
                    }
                }
            }
        })
        .expect("spawn the watch thread");

    Ok(ServeHandle {
        addr,
        shared,
        temp,
        server,
        workers,
        builder: Some(builder),
        reaper: Some(reaper),
        stopped: false,
        quiet: opts.quiet,
    })
}

/// Removes preview folders left by a `zhiyin serve` that was killed (on Linux, where a
/// process's liveness shows in /proc; elsewhere they stay to the system's temp cleaning).
fn remove_stale_previews() {
    let proc_fs = Path::new("/proc/self");
    if !proc_fs.exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix("zhiyin-serve-") else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// What a quick preview wrote: files (pages and handbooks), and pages rendered.
#[derive(Clone, Copy)]
struct Previewed {
    files: usize,
    pages: usize,
}

/// Builds into one folder and publishes each result.
struct Builder {
    root: PathBuf,
    temp: PathBuf,
    instance: String,
    number: u64,
    /// What the output folder holds.
    manifest: Manifest,
    cache: MarkdownCache,
    /// The last build's inputs, when it succeeded: for quick previews of body edits.
    last: Option<LastBuild>,
    shared: Arc<Shared>,
    quiet: bool,
}

impl Builder {
    fn build_once(&mut self, changed: &[PathBuf]) {
        if !self.quiet && !changed.is_empty() {
            // Name a file that is there now (an editor's temporary file is gone by now).
            let shown = changed.iter().find(|p| p.exists()).unwrap_or(&changed[0]);
            let first = shown
                .strip_prefix(&self.root)
                .unwrap_or(shown)
                .display()
                .to_string();
            let more = match changed.len() {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            eprintln!("changed: {first}{more}; rebuilding");
        }
        let started = Instant::now();
        let dir = self.temp.join("site");
        let previewed = self.quick_preview(&dir, changed);
        self.shared
            .previewed
            .store(previewed.map_or(0, |p| p.files) as u64, Ordering::SeqCst);
        let mut reloaded_after = previewed.map(|_| started.elapsed());
        let sink = Sink::Collect(Collector::new(&dir, self.manifest.clone()));
        self.number += 1;
        let token = format!("{}-{}", self.instance, self.number);
        let mut last = self.last.take();
        let mut pages_done = |sink: &Sink| {
            let written = match sink {
                Sink::Collect(c) => c.apply().map_err(|e| vec![write_failed(&dir, e)])?,
                _ => Vec::new(),
            };
            // After a quick preview the open pages show this build already. Should the
            // rebuild change more than the build id in site-data.js, they reload again.
            if previewed.is_none() || written.iter().any(|f| f != crate::build::SITE_DATA) {
                reloaded_after = Some(started.elapsed());
                self.publish(&dir, &token);
            }
            Ok(())
        };
        let opts = BuildOptions {
            root: self.root.clone(),
            out: dir.clone(),
            on_page: None,
        };
        let result = crate::build::rebuild(
            &opts,
            &sink,
            Rebuild {
                cache: &self.cache,
                pages_done: &mut pages_done,
                last: &mut last,
                changed,
            },
        );
        self.last = last;
        // The rest of the build (search index, sw.js) goes in, then the files that are gone.
        let result = result.and_then(|summary| match &sink {
            Sink::Collect(c) => c
                .apply()
                .and_then(|_| c.remove_stale())
                .map(|()| summary)
                .map_err(|e| vec![write_failed(&dir, e)]),
            _ => Ok(summary),
        });
        let Sink::Collect(collector) = sink else {
            return;
        };
        let (manifest, written, removed) = collector.finish();
        self.cache.commit(result.is_ok());
        match result {
            Ok(summary) => {
                self.manifest = manifest;
                self.shared.builds.fetch_add(1, Ordering::SeqCst);
                let rendered =
                    self.cache.rendered.load(Ordering::Relaxed) + previewed.map_or(0, |p| p.pages);
                self.shared
                    .sources_read
                    .store(summary.sources_read as u64, Ordering::SeqCst);
                *self
                    .shared
                    .last_work
                    .lock()
                    .unwrap_or_else(|e| e.into_inner()) = (written, rendered);
                if !summary.warnings.is_empty() && !self.quiet {
                    eprint!("{}", render_all(&summary.warnings));
                }
                if !self.quiet {
                    let reload = reloaded_after
                        .filter(|_| self.number > 1)
                        .map(|d| {
                            let how = match previewed {
                                Some(p) => format!(" (a quick preview of {} file(s))", p.files),
                                None => String::new(),
                            };
                            format!("; open pages reloaded after {} ms{how}", d.as_millis())
                        })
                        .unwrap_or_default();
                    eprintln!(
                        "built {} pages in {} ms ({rendered} rendered, {written} files written, {removed} removed){reload}",
                        summary.pages,
                        started.elapsed().as_millis(),
                    );
                }
            }
            Err(diagnostics) => {
                // A failure after some files were written (a full disk): write them all next time.
                if written > 0 || removed > 0 {
                    self.manifest.clear();
                }
                eprint!("{}", render_all(&diagnostics));
                let serving = self.shared.current().dir.is_some();
                eprintln!(
                    "build failed; {}",
                    if serving {
                        "still serving the last good build (the errors show in the open pages)"
                    } else {
                        "the pages show the errors until the build succeeds"
                    }
                );
                let token = self.shared.current().token;
                self.set_errors(diagnostics.clone());
                self.shared.builds.fetch_add(1, Ordering::SeqCst);
                self.shared.live.publish(&token, &diagnostics);
            }
        }
    }

    /// Writes and publishes the pages of a body-only edit ([`quick::preview`]) before the
    /// rebuild. Returns what it wrote, or `None` when it did not publish.
    fn quick_preview(&mut self, dir: &Path, changed: &[PathBuf]) -> Option<Previewed> {
        let last = self.last.as_mut()?;
        let preview = quick::preview(last, &self.root, changed, &self.cache)?;
        if preview.files.is_empty() {
            return None;
        }
        for (rel, html) in &preview.files {
            if crate::output::write_atomic(&dir.join(rel), html).is_err() {
                self.manifest.clear(); // written in full by the rebuild
                return None;
            }
            self.manifest
                .insert(rel.clone(), crate::output::hash_bytes(html));
        }
        self.number += 1;
        let token = format!("{}-{}", self.instance, self.number);
        self.publish(dir, &token);
        Some(Previewed {
            files: preview.files.len(),
            pages: preview.pages,
        })
    }

    /// The pages are in place: serve them and tell the open pages to reload.
    fn publish(&self, dir: &Path, token: &str) {
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        {
            let mut current = self
                .shared
                .current
                .write()
                .unwrap_or_else(|e| e.into_inner());
            current.dir = Some(dir);
            current.token = token.to_string();
        }
        self.set_errors(Vec::new());
        // Last: the pages hear of the build only once everything above is true.
        self.shared.live.publish(token, &[]);
    }

    fn set_errors(&self, diagnostics: Vec<Diagnostic>) {
        *self
            .shared
            .last_errors
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = diagnostics;
    }
}

/// The CLI's `zhiyin serve`: starts, prints the address, optionally opens a browser, and
/// runs until Ctrl-C (or SIGTERM), then cleans up.
pub fn run(opts: &ServeOptions, open: bool) -> Result<(), ServeError> {
    signal::install();
    let handle = start(opts)?;
    let url = handle.url();
    if !opts.quiet {
        eprintln!("serving {} at {url} (Ctrl-C to stop)", handle_root(opts));
        if handle.addr().ip().is_unspecified() {
            eprintln!("listening on every network interface: other computers can open this site");
        }
    }
    if open {
        open_browser(&url);
    }
    while !signal::requested() {
        std::thread::sleep(Duration::from_millis(100));
    }
    if !opts.quiet {
        eprintln!("stopping");
    }
    handle.shutdown();
    Ok(())
}

fn handle_root(opts: &ServeOptions) -> String {
    crate::build::resolve_root(&opts.root).display().to_string()
}

/// Opens `url` in the default browser; failures are reported, never fatal.
fn open_browser(url: &str) {
    use std::process::{Command, Stdio};
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", "", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(url);
        c
    };
    let spawned = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        eprintln!("cannot open a browser ({e}); open {url} yourself");
    }
}

fn write_failed(dir: &Path, e: io::Error) -> Diagnostic {
    Diagnostic::error(dir, 1, 1, format!("cannot write the preview: {e}"))
        .with_hint("check free disk space and the permissions of the temporary folder (TMPDIR)")
}
