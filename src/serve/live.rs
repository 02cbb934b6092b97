//! The reload channel: long polling on `/__zhiyin/poll?since=VERSION`.
//!
//! Every finished build (good or failed) makes a new version of one small JSON state:
//! `{"version", "build", "ok", "errors": [...]}`. A page asks with the last version it saw;
//! if the server has a newer one the answer is immediate, otherwise the request is parked
//! (kept, with no thread waiting on it) until the next build or for at most [`PARK_FOR`].
//! So any number of open pages costs no request worker, and a page learns of a build
//! only once that build's pages are written and being served (the search index follows).

use super::http::{send, Body};
use crate::diagnostics::Diagnostic;
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};
use tiny_http::Request;

/// The longest a poll is held before it is answered with the unchanged state.
pub const PARK_FOR: Duration = Duration::from_secs(15);

/// The script injected into served HTML (never into `zhiyin build` output).
const LIVE_JS: &str = include_str!("live.js");

/// The `<script>` element added before `</body>` of HTML served by `zhiyin serve`.
pub fn script_tag(build: &str) -> String {
    let build = serde_json::to_string(build).unwrap_or_else(|_| "\"\"".into());
    format!(
        "<script data-zhiyin-live>\n{}</script>\n",
        LIVE_JS
            .replace("\"__ZHIYIN_BUILD__\"", &build)
            .replace("</", "<\\/")
    )
}

#[derive(Serialize)]
struct State<'a> {
    version: u64,
    /// The last good build the server serves ("" before the first one succeeds).
    build: &'a str,
    ok: bool,
    errors: Vec<ErrorPayload>,
}

/// One diagnostic, as the overlay shows it.
#[derive(Serialize)]
struct ErrorPayload {
    path: String,
    line: usize,
    column: usize,
    severity: &'static str,
    message: String,
    hint: Option<String>,
    source_line: Option<String>,
    /// The whole diagnostic as the terminal shows it.
    text: String,
}

impl ErrorPayload {
    fn of(d: &Diagnostic) -> ErrorPayload {
        ErrorPayload {
            path: d.path.to_string_lossy().replace('\\', "/"),
            line: d.line,
            column: d.column,
            severity: if d.is_error() { "error" } else { "warning" },
            message: d.message.clone(),
            hint: d.hint.clone(),
            source_line: d.source_line.clone(),
            text: d.to_string(),
        }
    }
}

struct Parked {
    request: Request,
    deadline: Instant,
}

struct Inner {
    version: u64,
    payload: String,
    parked: Vec<Parked>,
}

pub struct Live {
    inner: Mutex<Inner>,
    wake: Condvar,
}

impl Live {
    pub fn new() -> Live {
        Live {
            inner: Mutex::new(Inner {
                version: 0,
                payload: state_json(0, "", &[]),
                parked: Vec::new(),
            }),
            wake: Condvar::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A build finished: make the new state and answer every parked poll with it.
    pub fn publish(&self, build: &str, errors: &[Diagnostic]) {
        let (payload, parked) = {
            let mut inner = self.lock();
            inner.version += 1;
            inner.payload = state_json(inner.version, build, errors);
            (inner.payload.clone(), std::mem::take(&mut inner.parked))
        };
        for p in parked {
            answer(p.request, &payload);
        }
    }

    /// Answers now if the client is behind (or ahead: a page from an earlier server),
    /// otherwise parks the request until the next build.
    pub fn poll(&self, request: Request, since: Option<u64>) {
        let mut inner = self.lock();
        if since == Some(inner.version) {
            inner.parked.push(Parked {
                request,
                deadline: Instant::now() + PARK_FOR,
            });
        } else {
            let payload = inner.payload.clone();
            drop(inner);
            answer(request, &payload);
        }
    }

    /// Runs until `stop`: answers the polls that have waited long enough.
    pub fn reap(&self, stop: &AtomicBool) {
        loop {
            let (payload, expired) = {
                let inner = self.lock();
                let (mut inner, _) = self
                    .wake
                    .wait_timeout(inner, Duration::from_millis(500))
                    .unwrap_or_else(|e| e.into_inner());
                if stop.load(Ordering::SeqCst) {
                    return;
                }
                let now = Instant::now();
                let (expired, kept): (Vec<Parked>, Vec<Parked>) = std::mem::take(&mut inner.parked)
                    .into_iter()
                    .partition(|p| p.deadline <= now);
                inner.parked = kept;
                (inner.payload.clone(), expired)
            };
            for p in expired {
                answer(p.request, &payload);
            }
        }
    }

    /// Wakes the reaper (on shutdown).
    pub fn wake(&self) {
        self.wake.notify_all();
    }

    /// Answers every parked poll (on shutdown); the pages retry and reload when a server
    /// is back.
    pub fn release_all(&self) {
        let (payload, parked) = {
            let mut inner = self.lock();
            (inner.payload.clone(), std::mem::take(&mut inner.parked))
        };
        for p in parked {
            answer(p.request, &payload);
        }
    }
}

fn state_json(version: u64, build: &str, errors: &[Diagnostic]) -> String {
    let state = State {
        version,
        build,
        ok: !errors.iter().any(Diagnostic::is_error),
        errors: errors.iter().map(ErrorPayload::of).collect(),
    };
    serde_json::to_string(&state).unwrap_or_else(|_| "{}".into())
}

/// Sends the state; a page that went away meanwhile is no concern.
fn answer(request: Request, payload: &str) {
    let json = "application/json; charset=utf-8";
    send(
        request,
        200,
        json,
        &[],
        Body::Bytes(payload.as_bytes().to_vec()),
    );
}
