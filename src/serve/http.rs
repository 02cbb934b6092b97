//! Answering requests from the current build folder.
//!
//! A URL path is percent-decoded once, split on `/` and `\`, and any `..` segment, drive
//! (`C:`) or NUL rejects it; the file found is then canonicalized (symlinks resolved) and
//! must still lie inside the canonical build folder. A folder serves its `index.html`;
//! anything else unknown gets the site's `404.html` with status 404.

use super::live;
use super::Shared;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::Duration;
use tiny_http::{Method, Request};

/// The URL of the reload channel.
pub const POLL_PATH: &str = "/__zhiyin/poll";

/// Served as `/sw.js` under serve: clears this site's offline caches and unregisters.
const SW_UNREGISTER: &str = "/* zhiyin serve: no offline worker during live preview */\n\
self.addEventListener(\"install\", function () { self.skipWaiting(); });\n\
self.addEventListener(\"activate\", function (event) {\n\
  event.waitUntil(caches.keys().then(function (keys) {\n\
    return Promise.all(keys.filter(function (k) { return k.indexOf(\"zhiyin|\") === 0; })\n\
      .map(function (k) { return caches.delete(k); }));\n\
  }).then(function () { return self.registration.unregister(); }));\n\
});\n";

/// One request thread: takes requests until the server stops.
pub fn worker(server: &tiny_http::Server, shared: &Shared) {
    while !shared.stop.load(Ordering::SeqCst) {
        match server.recv_timeout(Duration::from_millis(250)) {
            Ok(Some(request)) => {
                // A bug in one answer must not take a worker down with it.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    handle(request, shared)
                }));
            }
            Ok(None) => {}
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

fn handle(request: Request, shared: &Shared) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        send(
            request,
            405,
            TEXT,
            &[("Allow", "GET, HEAD")],
            Body::Bytes(b"only GET and HEAD are served\n".to_vec()),
        );
        return;
    }
    let url = request.url().to_string();
    let (path, query) = split_url(&url);
    if path == POLL_PATH {
        let since = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("since="))
            .and_then(|v| v.parse::<u64>().ok());
        shared.live.poll(request, since);
        return;
    }
    if path == "/sw.js" {
        // The offline service worker would answer from its cache and hide live edits: under
        // serve, `sw.js` is one that removes itself and any worker an earlier static
        // serving of this address left behind (site.js does not register under serve).
        let js = "text/javascript; charset=utf-8";
        send(request, 200, js, &[], Body::Bytes(SW_UNREGISTER.into()));
        return;
    }
    let current = shared.current();
    let Some(dir) = current.dir else {
        no_build_yet(request, &current.token);
        return;
    };
    match resolve(&dir, path) {
        Resolved::File(file) => serve_file(request, &file, &current.token),
        Resolved::Redirect(to) => {
            let location = if query.is_empty() {
                to
            } else {
                format!("{to}?{query}")
            };
            let body = Body::Bytes(format!("moved to {location}\n").into_bytes());
            send(request, 301, TEXT, &[("Location", &location)], body);
        }
        Resolved::NotFound if wants_page(path) => not_found(request, &dir, &current.token),
        // A missing stylesheet, script or image: an empty 404 of the type asked for, so the
        // browser's console says "404" rather than that it refused an HTML page as CSS.
        Resolved::NotFound => {
            let kind = content_type(Path::new(path));
            send(request, 404, kind, &[], Body::Bytes(Vec::new()));
        }
    }
}

/// Whether a missing URL is one a reader would open as a page (and so gets the 404 page).
fn wants_page(path: &str) -> bool {
    let last = path.rsplit(['/', '\\']).next().unwrap_or("");
    let ext = last.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(ext.as_deref(), None | Some("html" | "htm"))
}

/// Path and query of a request target (origin form, or absolute form `http://host/path`).
fn split_url(url: &str) -> (&str, &str) {
    let mut rest = url;
    if let Some(after) = rest
        .strip_prefix("http://")
        .or_else(|| rest.strip_prefix("https://"))
    {
        rest = after.find('/').map_or("/", |i| &after[i..]);
    }
    let rest = rest.split('#').next().unwrap_or("");
    match rest.split_once('?') {
        Some((p, q)) => (p, q),
        None => (rest, ""),
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash: where to send the browser.
    Redirect(String),
    NotFound,
}

/// Characters escaped in a path segment of a redirect.
const SEGMENT: &AsciiSet = &crate::escape::URL_PATH.add(b'/');

/// Maps a URL path to a file inside `root` (a canonical folder), or says why not.
pub fn resolve(root: &Path, raw_path: &str) -> Resolved {
    if !raw_path.starts_with('/') {
        return Resolved::NotFound;
    }
    let Ok(decoded) = percent_decode_str(raw_path).decode_utf8() else {
        return Resolved::NotFound;
    };
    if decoded.contains('\0') {
        return Resolved::NotFound;
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in decoded.split(['/', '\\']) {
        match segment {
            "" | "." => {}
            ".." => return Resolved::NotFound,
            s if s.contains(':') => return Resolved::NotFound,
            s => segments.push(s),
        }
    }
    let mut candidate = root.to_path_buf();
    candidate.extend(&segments);
    let Some(found) = inside(root, &candidate) else {
        return Resolved::NotFound;
    };
    if found.is_file() {
        return Resolved::File(found);
    }
    if !found.is_dir() {
        return Resolved::NotFound;
    }
    let slash = decoded.ends_with('/') || decoded.ends_with('\\');
    if !segments.is_empty() && !slash {
        let mut to = String::new();
        for s in &segments {
            to.push('/');
            to.extend(utf8_percent_encode(s, SEGMENT));
        }
        to.push('/');
        return Resolved::Redirect(to);
    }
    match inside(root, &found.join("index.html")) {
        Some(index) if index.is_file() => Resolved::File(index),
        _ => Resolved::NotFound,
    }
}

/// `path` with symlinks resolved, if it exists and lies inside `root`.
fn inside(root: &Path, path: &Path) -> Option<PathBuf> {
    let real = path.canonicalize().ok()?;
    real.starts_with(root).then_some(real)
}

/// The Content-Type for a file name.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "bmp" => "image/bmp",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "ogg" => "audio/ogg",
        "wav" => "audio/wav",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _ => "application/octet-stream",
    }
}

fn is_html(path: &Path) -> bool {
    content_type(path).starts_with("text/html")
}

fn serve_file(request: Request, file: &Path, token: &str) {
    let kind = content_type(file);
    if is_html(file) {
        match std::fs::read(file) {
            Ok(bytes) => {
                let html = inject(&String::from_utf8_lossy(&bytes), token, false);
                respond_html(request, html, 200);
            }
            Err(_) => respond_text(request, 404, "not found\n"),
        }
        return;
    }
    match File::open(file) {
        Ok(f) => {
            let len = f.metadata().map(|m| m.len()).unwrap_or(0);
            send(request, 200, kind, &[], Body::File(f, len));
        }
        Err(_) => respond_text(request, 404, "not found\n"),
    }
}

fn not_found(request: Request, dir: &Path, token: &str) {
    match std::fs::read(dir.join("404.html")) {
        Ok(bytes) => {
            // The 404 page's links are relative to the site root, wherever it is shown.
            let html = inject(&String::from_utf8_lossy(&bytes), token, true);
            respond_html(request, html, 404);
        }
        Err(_) => respond_text(request, 404, "404: no such page\n"),
    }
}

/// Before any good build: a page that shows the errors (over it) and reloads when fixed.
fn no_build_yet(request: Request, token: &str) {
    let page = "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
        <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
        <title>正在等待成功的构建</title></head>\n<body style=\"font-family:system-ui,sans-serif;padding:2em\">\
        <h1>网站还没有成功构建</h1><p>终端里列出了错误。改正并保存后，本页会自动刷新。</p>\
        <p>The site has not built yet: fix the errors shown in the terminal and save; this page reloads by itself.</p>\n</body></html>\n";
    respond_html(request, inject(page, token, false), 503);
}

/// Adds the live-reload script before the last `</body>` (and `<base href="/">` for
/// pages shown at another URL than their own).
pub fn inject(html: &str, token: &str, base_root: bool) -> String {
    let script = live::script_tag(token);
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len() + script.len() + 32);
    let mut rest = html;
    let mut rest_lower = lower.as_str();
    if base_root {
        if let Some(head) = rest_lower.find("<head") {
            if let Some(close) = rest_lower[head..].find('>') {
                let at = head + close + 1;
                out.push_str(&rest[..at]);
                out.push_str("<base href=\"/\">");
                rest = &rest[at..];
                rest_lower = &rest_lower[at..];
            }
        }
    }
    match rest_lower.rfind("</body>") {
        Some(at) => {
            out.push_str(&rest[..at]);
            out.push_str(&script);
            out.push_str(&rest[at..]);
        }
        None => {
            out.push_str(rest);
            out.push_str(&script);
        }
    }
    out
}

fn respond_html(request: Request, html: String, status: u16) {
    send(request, status, HTML, &[], Body::Bytes(html.into_bytes()));
}

fn respond_text(request: Request, status: u16, text: &str) {
    send(
        request,
        status,
        TEXT,
        &[],
        Body::Bytes(text.as_bytes().to_vec()),
    );
}

const HTML: &str = "text/html; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";

pub enum Body {
    Bytes(Vec<u8>),
    /// An open file and its length.
    File(File, u64),
}

/// Writes a whole response, and closes the connection after it.
///
/// Not `Request::respond`: every answer says `Connection: close`, which tiny_http 0.12 does
/// not let a response say. Its connection threads come from a pool that can leave a new
/// connection waiting until another one ends (a race in its idle-thread count); with
/// browsers' long-lived keep-alive connections that left some of a page's requests
/// unanswered for minutes. One request per connection keeps every connection short, so a
/// waiting one is taken up at once. (Loopback connections are cheap.)
pub fn send(request: Request, status: u16, content_type: &str, extra: &[(&str, &str)], body: Body) {
    let head_only = *request.method() == Method::Head;
    let len = match &body {
        Body::Bytes(b) => b.len() as u64,
        Body::File(_, len) => *len,
    };
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nServer: zhiyin\r\nContent-Type: {content_type}\r\n\
         Content-Length: {len}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
         Connection: close\r\n",
        reason(status)
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut writer = request.into_writer();
    // A client that went away mid-way is its own business: errors end the answer, nothing more.
    let _ = (|| -> std::io::Result<()> {
        writer.write_all(head.as_bytes())?;
        if !head_only {
            match body {
                Body::Bytes(bytes) => writer.write_all(&bytes)?,
                Body::File(mut file, _) => {
                    std::io::copy(&mut file, &mut writer)?;
                }
            }
        }
        writer.flush()
    })();
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_get_the_404_page_and_files_a_plain_404() {
        assert!(wants_page("/a/b.html"));
        assert!(wants_page("/a/b/"));
        assert!(wants_page("/a/b"));
        assert!(!wants_page("/assets/x.css"));
        assert!(!wants_page("/img/a.PNG"));
    }

    #[test]
    fn splits_origin_and_absolute_forms() {
        assert_eq!(split_url("/a/b?x=1#f"), ("/a/b", "x=1"));
        assert_eq!(split_url("http://h:1/a?q"), ("/a", "q"));
        assert_eq!(split_url("http://h"), ("/", ""));
    }

    #[test]
    fn injects_before_the_last_body_and_adds_base() {
        let html = "<html><head><title>t</title></head><body>x</body></html>";
        let out = inject(html, "b1", true);
        assert!(
            out.starts_with("<html><head><base href=\"/\"><title>"),
            "{out}"
        );
        let script = out.find("data-zhiyin-live").unwrap();
        assert!(script < out.rfind("</body>").unwrap());
        assert!(out.contains("var build = \"b1\";"), "{out}");
        assert!(!inject("<p>no body", "b", false).is_empty());
    }

    #[test]
    fn content_types_carry_charset_for_text() {
        assert_eq!(
            content_type(Path::new("a.HTML")),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("a.svg")),
            "image/svg+xml; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("a.png")), "image/png");
        assert_eq!(content_type(Path::new("a")), "application/octet-stream");
    }
}
