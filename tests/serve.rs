//! `zhiyin serve`: the server on a free port, fetched with a plain HTTP/1.1 client over
//! TcpStream; edits to a copy of tests/fixtures/serve-site; the reload channel's payloads.
//! Waits poll with generous deadlines (the machine may be busy), never fixed sleeps,
//! except the short quiet periods that check that nothing *more* happens.

use serde_json::Value;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use zhiyin::serve::{self, ServeError, ServeHandle, ServeOptions};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/serve-site");
const DEADLINE: Duration = Duration::from_secs(30);
const GUIDE: &str = "content/guides/first-guide.md";
const GUIDE_URL: &str = "/guides/first-guide.html";

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_dir(Path::new(FIXTURE), &root);
        Fixture { _dir: dir, root }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    /// The usual save: the whole file written in place.
    fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn start(&self) -> ServeHandle {
        let mut opts = ServeOptions::new(&self.root);
        opts.port = 0;
        opts.quiet = true;
        opts.poll = false;
        opts.debounce = Duration::from_millis(100);
        serve::start(&opts).expect("the server starts")
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }
}

/// One request, sent exactly as given (no normalisation), `Connection: close`.
fn request(port: u16, method: &str, target: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(40)))
        .unwrap();
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    parse_reply(&raw)
}

fn get(port: u16, target: &str) -> Reply {
    request(port, "GET", target)
}

fn parse_reply(raw: &[u8]) -> Reply {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let line_end = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let size_text = String::from_utf8_lossy(&rest[..line_end]).into_owned();
            let size =
                usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap();
            rest = &rest[line_end + 2..];
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[..size]);
            rest = &rest[size + 2..];
        }
        body = out;
    }
    Reply {
        status,
        headers,
        body,
    }
}

/// The reload channel's state; waits (long poll) while `since` is the current version.
fn poll(port: u16, since: u64) -> Value {
    let reply = get(port, &format!("/__zhiyin/poll?since={since}"));
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    reply.json()
}

/// Waits until the reload channel has a version after `since`, and returns it.
fn next_state(port: u16, since: u64) -> Value {
    let deadline = Instant::now() + DEADLINE;
    loop {
        let state = poll(port, since);
        if state["version"].as_u64().unwrap() > since {
            return state;
        }
        assert!(
            Instant::now() < deadline,
            "no new build after version {since}"
        );
    }
}

/// Waits until `n` builds have finished in all.
fn wait_builds(h: &ServeHandle, n: u64) {
    let deadline = Instant::now() + DEADLINE;
    while h.builds() < n {
        assert!(
            Instant::now() < deadline,
            "only {} of {n} builds",
            h.builds()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// After a save: exactly one more build, and none after it for a while.
fn expect_one_rebuild(h: &ServeHandle, before: u64, what: &str) {
    wait_builds(h, before + 1);
    // Longer than the debounce: a second burst would have started a second build by now.
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(h.builds(), before + 1, "{what}: more than one rebuild");
}

fn wait_for(port: u16, target: &str, what: impl Fn(&Reply) -> bool) -> Reply {
    let deadline = Instant::now() + DEADLINE;
    loop {
        let reply = get(port, target);
        if what(&reply) {
            return reply;
        }
        assert!(
            Instant::now() < deadline,
            "{target} never became as expected: {} {}",
            reply.status,
            reply.text()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn serves_pages_assets_and_404_with_right_types() {
    let site = Fixture::new();
    let h = site.start();
    let port = h.port();

    let home = get(port, "/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control"), Some("no-store"));
    let text = home.text();
    assert_eq!(text.matches("data-zhiyin-live").count(), 1, "{text}");
    assert!(text.find("data-zhiyin-live").unwrap() < text.rfind("</body>").unwrap());
    assert_eq!(get(port, "/index.html").text(), text);

    // A folder serves its index.html; without the slash it is redirected to it.
    let guides = get(port, "/guides/");
    assert_eq!(guides.status, 200);
    assert!(guides.text().contains("政策指引"));
    let moved = get(port, "/guides?x=1");
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("location"), Some("/guides/?x=1"));
    assert_eq!(get(port, "/tags/%E7%A4%BA%E4%BE%8B.html").status, 200);

    for (path, kind) in [
        ("/assets/zhiyin.css", "text/css; charset=utf-8"),
        ("/assets/site.js", "text/javascript; charset=utf-8"),
        ("/guides/data.json", "application/json; charset=utf-8"),
        ("/guides/diagram.svg", "image/svg+xml; charset=utf-8"),
        ("/guides/dot.png", "image/png"),
        (GUIDE_URL, "text/html; charset=utf-8"),
    ] {
        let reply = get(port, path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(kind), "{path}");
    }
    let png = get(port, "/guides/dot.png");
    assert_eq!(
        png.body,
        std::fs::read(site.path("content/guides/dot.png")).unwrap()
    );

    let missing = get(port, "/no/such/page.html");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let text = missing.text();
    assert!(text.contains("页面未找到"), "the site's 404.html: {text}");
    assert!(text.contains("<base href=\"/\">"), "{text}");
    assert!(text.contains("data-zhiyin-live"));

    // A missing file that is not a page: an empty 404 of its own type (no HTML posing as CSS).
    let css = get(port, "/assets/missing.css");
    assert_eq!(css.status, 404);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(css.body.is_empty());
    assert_eq!(get(port, "/no/such/folder/").status, 404);
    assert!(get(port, "/no/such/folder/").text().contains("页面未找到"));
    assert_eq!(home.header("connection"), Some("close"));

    let head = request(port, "HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(request(port, "POST", "/").status, 405);
    // The offline worker is replaced by one that removes itself.
    let sw = get(port, "/sw.js");
    assert!(sw.text().contains("unregister"), "{}", sw.text());

    // `zhiyin build` output never carries the live-reload script.
    let out = tempfile::tempdir().unwrap();
    zhiyin::build(&zhiyin::BuildOptions {
        root: site.root.clone(),
        out: out.path().join("public"),
        on_page: None,
    })
    .unwrap();
    for entry in walkdir::WalkDir::new(out.path()) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned();
            assert!(
                !text.contains("data-zhiyin-live") && !text.contains("__zhiyin/poll"),
                "{} has the reload script",
                entry.path().display()
            );
        }
    }
    h.shutdown();
}

#[test]
fn never_serves_outside_the_output_folder() {
    let site = Fixture::new();
    let h = site.start();
    let port = h.port();
    let out = h.output_dir().unwrap();
    // Secrets beside the build folder and one above it.
    let beside = out.parent().unwrap().join("secret.txt");
    std::fs::write(&beside, "SECRET-BESIDE").unwrap();
    std::fs::write(site.path("secret.txt"), "SECRET-SOURCE").unwrap();
    let attempts = [
        "/../secret.txt",
        "/..%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/.%2e/secret.txt",
        "/guides/../../secret.txt",
        "/guides/%2e%2e/%2e%2e/secret.txt",
        "/./../secret.txt",
        "//../secret.txt",
        "/..\\secret.txt",
        "/..%5csecret.txt",
        "/..%5Csecret.txt",
        "/guides\\..\\..\\secret.txt",
        "/%252e%252e/secret.txt",
        "/..%00/secret.txt",
        "/%00",
        "/..;/secret.txt",
        "/../../../../../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%2fetc%2fpasswd",
        "/C:/Windows/win.ini",
        "/c:%5cWindows%5cwin.ini",
        "http://127.0.0.1/../secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/..%252fsecret.txt",
        "../secret.txt",
    ];
    for target in attempts {
        let reply = get(port, target);
        let text = reply.text();
        assert!(
            reply.status == 404 || reply.status == 400,
            "{target}: status {}",
            reply.status
        );
        assert!(
            !text.contains("SECRET") && !text.contains("root:"),
            "{target} leaked: {text}"
        );
    }

    #[cfg(unix)]
    {
        // Symlinks inside the output that lead out of it are not followed out.
        std::os::unix::fs::symlink(&beside, out.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(out.parent().unwrap(), out.join("linkdir")).unwrap();
        std::os::unix::fs::symlink(site.path("secret.txt"), out.join("source.html")).unwrap();
        for target in [
            "/link.txt",
            "/linkdir/secret.txt",
            "/linkdir/",
            "/source.html",
        ] {
            let reply = get(port, target);
            assert_eq!(reply.status, 404, "{target}");
            assert!(!reply.text().contains("SECRET"), "{target} leaked");
        }
        // A symlink that stays inside is fine.
        std::os::unix::fs::symlink(out.join("index.html"), out.join("home.html")).unwrap();
        assert_eq!(get(port, "/home.html").status, 200);
    }
    h.shutdown();
}

#[test]
fn an_edit_reloads_and_an_error_shows_until_fixed() {
    let site = Fixture::new();
    let h = site.start();
    let port = h.port();
    let first = poll(port, 0);
    assert_eq!(first["ok"], true);
    assert_eq!(first["errors"].as_array().unwrap().len(), 0);
    let v0 = first["version"].as_u64().unwrap();
    let b0 = first["build"].as_str().unwrap().to_string();
    assert!(!b0.is_empty());
    // The page carries the build it came from, which the channel compares.
    assert!(get(port, GUIDE_URL)
        .text()
        .contains(&format!("var build = \"{b0}\";")));

    // Edit: the reload comes only once the new build is served.
    let original = site.read(GUIDE);
    site.write(GUIDE, &original.replace("原始版本", "修改之后"));
    let state = next_state(port, v0);
    let b1 = state["build"].as_str().unwrap().to_string();
    assert_ne!(b1, b0);
    assert_eq!(state["ok"], true);
    let page = get(port, GUIDE_URL).text();
    assert!(page.contains("修改之后") && !page.contains("原始版本"));
    assert!(page.contains(&format!("var build = \"{b1}\";")));

    // Break a lesson's front matter: the errors come down the channel, the pages stay.
    let lesson = "content/courses/jichu/lesson-one.md";
    let good_lesson = site.read(lesson);
    site.write(lesson, &good_lesson.replace("weight = 10", "weigth = 10"));
    let v1 = state["version"].as_u64().unwrap();
    let broken = next_state(port, v1);
    assert_eq!(broken["ok"], false, "{broken}");
    assert_eq!(
        broken["build"],
        b1.as_str(),
        "the last good build is still served"
    );
    let errors = broken["errors"].as_array().unwrap();
    let e = errors
        .iter()
        .find(|e| e["path"] == lesson)
        .unwrap_or_else(|| panic!("no error for {lesson}: {broken}"));
    assert_eq!(e["line"], 3);
    assert!(e["message"].as_str().unwrap().contains("weigth"), "{e}");
    assert_eq!(e["source_line"], "weigth = 10");
    assert!(e["hint"].as_str().unwrap().contains("weight"), "{e}");
    assert!(e["text"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{lesson}:3:1: error:")));
    assert!(!h.last_errors().is_empty());
    let still = get(port, "/courses/jichu/lesson-one.html");
    assert_eq!(still.status, 200);
    assert!(still.text().contains("第一课"));
    // A page opened now gets the errors at once (its first poll is since=0).
    assert_eq!(poll(port, 0)["ok"], false);

    // A template error (the build stops at the theme, before the content): named too.
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title | nosuchfilter }}\n{% endblock content %}\n",
    );
    let v2 = broken["version"].as_u64().unwrap();
    let both = next_state(port, v2);
    assert_eq!(both["ok"], false);
    let paths: Vec<&str> = both["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert!(
        paths
            .iter()
            .any(|p| p.contains("templates/page.html") || p.contains("page.html")),
        "{both}"
    );

    // Fix both: the errors clear and the pages reload to the new build.
    std::fs::remove_file(site.path("templates/page.html")).unwrap();
    site.write(
        lesson,
        &good_lesson.replace("第一课：认识课程", "第一课：认识课程（新）"),
    );
    let mut state = both;
    let fixed = loop {
        state = next_state(port, state["version"].as_u64().unwrap());
        if state["ok"] == true {
            break state;
        }
    };
    assert_eq!(fixed["errors"].as_array().unwrap().len(), 0);
    assert_ne!(fixed["build"], b1.as_str());
    assert!(get(port, "/courses/jichu/lesson-one.html")
        .text()
        .contains("（新）"));
    assert!(h.last_errors().is_empty());
    h.shutdown();
}

#[test]
fn every_save_pattern_is_one_rebuild() {
    let site = Fixture::new();
    let h = site.start();
    let port = h.port();
    let original = site.read(GUIDE);
    let guide = site.path(GUIDE);
    let version = |text: &str| original.replace("原始版本", text);
    let shows = |text: &'static str| move |r: &Reply| r.status == 200 && r.text().contains(text);

    // Atomic save: a temporary file renamed over the original.
    let n = h.builds();
    let tmp = site.path("content/guides/first-guide.md.tmp");
    std::fs::write(&tmp, version("原子保存")).unwrap();
    std::fs::rename(&tmp, &guide).unwrap();
    expect_one_rebuild(&h, n, "atomic rename");
    wait_for(port, GUIDE_URL, shows("原子保存"));

    // Truncate, then write in pieces.
    let n = h.builds();
    {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&guide)
            .unwrap();
        f.flush().unwrap();
        let text = version("截断后写入");
        let (a, b) = text.split_at(text.len() / 2);
        f.write_all(a.as_bytes()).unwrap();
        f.flush().unwrap();
        f.write_all(b.as_bytes()).unwrap();
    }
    expect_one_rebuild(&h, n, "truncate then write");
    wait_for(port, GUIDE_URL, shows("截断后写入"));

    // Vim's default: swap file, backup by rename, new file written, backup removed.
    let n = h.builds();
    let swap = site.path("content/guides/.first-guide.md.swp");
    let backup = site.path("content/guides/first-guide.md~");
    std::fs::write(&swap, "swap").unwrap();
    std::fs::write(site.path("content/guides/4913"), "").unwrap();
    std::fs::remove_file(site.path("content/guides/4913")).unwrap();
    std::fs::rename(&guide, &backup).unwrap();
    std::fs::write(&guide, version("vim 保存")).unwrap();
    std::fs::remove_file(&backup).unwrap();
    std::fs::remove_file(&swap).unwrap();
    expect_one_rebuild(&h, n, "vim save");
    wait_for(port, GUIDE_URL, shows("vim 保存"));

    // Editor scratch files alone cause no build at all.
    let n = h.builds();
    for name in [
        ".first-guide.md.swp",
        "first-guide.md~",
        "notes.tmp",
        "#first-guide.md#",
        ".#first-guide.md",
        "x.md___jb_tmp___",
    ] {
        std::fs::write(site.path(&format!("content/guides/{name}")), "scratch").unwrap();
    }
    std::fs::write(site.path("public-not-watched.txt"), "x").unwrap();
    std::fs::create_dir_all(site.path("public")).unwrap();
    std::fs::write(site.path("public/index.html"), "x").unwrap();
    std::thread::sleep(Duration::from_millis(700));
    assert_eq!(h.builds(), n, "scratch files started a build");

    // Many files at once, as a git checkout does: one build, all of them there.
    let n = h.builds();
    for i in 0..30 {
        site.write(
            &format!("content/guides/batch-{i:02}.md"),
            &format!(
                "+++\ntitle = \"批量指引 {i}\"\nsources = [\"测试\"]\n+++\n\n批量内容 {i}。\n"
            ),
        );
    }
    expect_one_rebuild(&h, n, "30 new files");
    for i in [0, 17, 29] {
        let reply = get(port, &format!("/guides/batch-{i:02}.html"));
        assert_eq!(reply.status, 200, "batch-{i:02}");
        assert!(reply.text().contains(&format!("批量内容 {i}")));
    }

    // Deleted files are gone from the site.
    let n = h.builds();
    for i in 0..30 {
        std::fs::remove_file(site.path(&format!("content/guides/batch-{i:02}.md"))).unwrap();
    }
    expect_one_rebuild(&h, n, "30 deletions");
    assert_eq!(get(port, "/guides/batch-05.html").status, 404);

    // A renamed file moves (with the one link to it updated in the same breath).
    let n = h.builds();
    std::fs::rename(
        site.path("content/cases/first-case.md"),
        site.path("content/cases/renamed-case.md"),
    )
    .unwrap();
    let text = site.read(GUIDE).replace("first-case.md", "renamed-case.md");
    site.write(GUIDE, &text);
    expect_one_rebuild(&h, n, "rename");
    assert_eq!(get(port, "/cases/first-case.html").status, 404);
    assert_eq!(get(port, "/cases/renamed-case.html").status, 200);

    // A new top folder (templates/ did not exist) is watched from its creation on.
    let n = h.builds();
    site.write("templates/404.html", "{% extends \"base.html\" %}\n{% block content %}<h1>自定义404</h1>{% endblock content %}\n");
    wait_builds(&h, n + 1);
    wait_for(port, "/nope.html", |r| {
        r.status == 404 && r.text().contains("自定义404")
    });
    let n = h.builds();
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block content %}<h1>再改404</h1>{% endblock content %}\n",
    );
    wait_builds(&h, n + 1);
    wait_for(port, "/nope.html", |r| {
        r.status == 404 && r.text().contains("再改404")
    });

    // site.toml, saved atomically.
    let n = h.builds();
    let toml = site.read("site.toml").replace("预览测试站", "改名后的站");
    std::fs::write(site.path("site.toml.tmp"), toml).unwrap();
    std::fs::rename(site.path("site.toml.tmp"), site.path("site.toml")).unwrap();
    expect_one_rebuild(&h, n, "site.toml");
    wait_for(port, "/", shows("改名后的站"));
    h.shutdown();
}

#[test]
fn fifty_waiting_pages_all_reload_and_workers_stay_free() {
    let site = Fixture::new();
    let h = site.start();
    let port = h.port();
    let v0 = poll(port, 0)["version"].as_u64().unwrap();
    let clients = 50;
    let ready = std::sync::Arc::new(std::sync::Barrier::new(clients + 1));
    let threads: Vec<_> = (0..clients)
        .map(|i| {
            let ready = ready.clone();
            std::thread::spawn(move || {
                let page = get(port, if i % 2 == 0 { "/" } else { GUIDE_URL });
                assert_eq!(page.status, 200);
                ready.wait();
                next_state(port, v0)
            })
        })
        .collect();
    ready.wait();
    // With 50 polls parked, pages are still answered at once (the 4 workers are free).
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    for _ in 0..20 {
        assert_eq!(get(port, "/assets/zhiyin.css").status, 200);
    }
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );

    let original = site.read(GUIDE);
    site.write(GUIDE, &original.replace("原始版本", "五十个页面"));
    let states: Vec<Value> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let build = states[0]["build"].clone();
    for s in &states {
        assert!(s["version"].as_u64().unwrap() > v0);
        assert_eq!(s["ok"], true);
    }
    assert!(states
        .iter()
        .all(|s| s["build"] == build || s["version"].as_u64().unwrap() > v0 + 1));
    assert!(get(port, GUIDE_URL).text().contains("五十个页面"));
    h.shutdown();
}

#[test]
fn clients_that_go_away_do_not_disturb_the_server() {
    let site = Fixture::new();
    // A big attachment, so that a response is cut off mid-way.
    let big: Vec<u8> = (0..8_000_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(site.path("content/guides/big.bin"), &big).unwrap();
    let h = site.start();
    let port = h.port();
    for i in 0..20 {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        match i % 4 {
            0 => {
                write!(s, "GET /guides/big.bin HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
                let mut buf = [0u8; 4096];
                let _ = s.read(&mut buf);
            }
            1 => {
                write!(s, "GET /guides/big.bin HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
            }
            2 => {
                write!(s, "GET /guid").unwrap();
            }
            _ => {
                write!(
                    s,
                    "GET /__zhiyin/poll?since=999999 HTTP/1.1\r\nHost: x\r\n\r\n"
                )
                .unwrap();
            }
        }
        let _ = s.shutdown(Shutdown::Both);
    }
    // A poll parked and then abandoned, answered later by a build.
    {
        let v = poll(port, 0)["version"].as_u64().unwrap();
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            s,
            "GET /__zhiyin/poll?since={v} HTTP/1.1\r\nHost: x\r\n\r\n"
        )
        .unwrap();
        std::thread::sleep(Duration::from_millis(100));
        drop(s);
        let n = h.builds();
        let original = site.read(GUIDE);
        site.write(GUIDE, &original.replace("原始版本", "断开之后"));
        wait_builds(&h, n + 1);
    }
    let whole = get(port, "/guides/big.bin");
    assert_eq!(whole.status, 200);
    assert_eq!(whole.body.len(), big.len());
    assert!(whole.body == big);
    assert!(get(port, GUIDE_URL).text().contains("断开之后"));
    h.shutdown();
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let mut opts = ServeOptions::new(FIXTURE);
    opts.port = port;
    opts.quiet = true;
    let err = serve::start(&opts).err().expect("the port is taken");
    assert!(matches!(err, ServeError::PortInUse { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains(&port.to_string()) && message.contains("--port"),
        "{message}"
    );
    assert_eq!(err.exit_code(), 2);

    // The same through the command line: exit status 2, no panic.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zhiyin"))
        .args(["serve", "--root", FIXTURE, "--port", &port.to_string()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--port") && !stderr.contains("panicked"),
        "{stderr}"
    );
    drop(taken);
}

#[test]
fn shutdown_removes_the_preview_folder() {
    let site = Fixture::new();
    // One left by a serve that was killed (no process has this id): removed on start.
    let stale = std::env::temp_dir().join("zhiyin-serve-999999999-test");
    std::fs::create_dir_all(stale.join("site-1")).unwrap();
    let h = site.start();
    #[cfg(target_os = "linux")]
    assert!(!stale.exists(), "a stale preview folder was left");
    let _ = std::fs::remove_dir_all(&stale);
    let temp = h.temp_dir().to_path_buf();
    assert!(temp.is_dir());
    assert!(h.output_dir().unwrap().starts_with(&temp));
    assert!(!h.output_dir().unwrap().starts_with(&site.root));
    h.shutdown();
    assert!(!temp.exists());
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_command_and_cleans_up() {
    use std::io::BufRead;
    let site = Fixture::new();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_zhiyin"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&site.root)
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let port: u16 = loop {
        line.clear();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "no address printed"
        );
        if let Some(at) = line.find("http://127.0.0.1:") {
            let rest = &line[at + "http://127.0.0.1:".len()..];
            break rest[..rest.find('/').unwrap()].parse().unwrap();
        }
    };
    assert_eq!(get(port, "/").status, 200);
    let temp_prefix = format!("zhiyin-serve-{pid}-");
    let ours = || {
        std::fs::read_dir(std::env::temp_dir())
            .unwrap()
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().starts_with(&temp_prefix))
    };
    assert!(ours(), "a preview folder while running");
    let status = std::process::Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + DEADLINE;
    let exit = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(exit.code(), Some(0));
    assert!(!ours(), "the preview folder was removed");
}

#[test]
fn the_polling_watcher_rebuilds_too() {
    let site = Fixture::new();
    let mut opts = ServeOptions::new(&site.root);
    opts.port = 0;
    opts.quiet = true;
    opts.poll = true;
    opts.debounce = Duration::from_millis(100);
    let h = serve::start(&opts).unwrap();
    let n = h.builds();
    let original = site.read(GUIDE);
    site.write(GUIDE, &original.replace("原始版本", "轮询发现"));
    wait_builds(&h, n + 1);
    wait_for(h.port(), GUIDE_URL, |r| r.text().contains("轮询发现"));
    h.shutdown();
}

/// Every file below `dir` → its bytes.
fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// The served folder equals, file by file, a fresh full build of the same sources.
fn assert_same_as_full_build(fx: &Fixture, h: &ServeHandle, step: &str) {
    assert!(h.last_errors().is_empty(), "{step}: {:?}", h.last_errors());
    let out = fx._dir.path().join(format!("full-{}", h.builds()));
    zhiyin::build(&zhiyin::BuildOptions {
        root: fx.root.clone(),
        out: out.clone(),
        on_page: None,
    })
    .unwrap_or_else(|e| panic!("{step}: full build failed: {e:?}"));
    let served = tree(&h.output_dir().expect("a build is served"));
    let full = tree(&out);
    let names =
        |t: &std::collections::BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&served), names(&full), "{step}: not the same files");
    for (name, bytes) in &full {
        assert!(
            served[name] == *bytes,
            "{step}: {name} differs from a full build"
        );
    }
}

/// Saves, waits for the rebuild, compares with a full build.
fn step(fx: &Fixture, h: &ServeHandle, what: &str, edit: impl FnOnce()) {
    let before = h.builds();
    edit();
    wait_builds(h, before + 1);
    // A save may come as several events: let any second build end too.
    std::thread::sleep(Duration::from_millis(400));
    assert_same_as_full_build(fx, h, what);
}

#[test]
fn incremental_rebuilds_equal_a_full_build_after_every_edit() {
    let fx = Fixture::new();
    let h = fx.start();
    wait_builds(&h, 1);
    assert_same_as_full_build(&fx, &h, "first build");
    step(&fx, &h, "edit a guide's text", || {
        let text = fx.read(GUIDE) + "\n新加的一段话。\n";
        fx.write(GUIDE, &text);
    });
    step(&fx, &h, "change a title", || {
        let text = fx.read("content/courses/jichu/lesson-one.md");
        let changed = text.replacen("title = \"", "title = \"改过的", 1);
        assert_ne!(text, changed);
        fx.write("content/courses/jichu/lesson-one.md", &changed);
    });
    step(&fx, &h, "add a page", || {
        fx.write(
            "content/guides/second-guide.md",
            "+++\ntitle = \"第二篇指引\"\ntags = [\"示例\", \"新标签\"]\n+++\n\n## 内容\n\n见[第一篇](first-guide.md#目的)。\n",
        );
    });
    step(&fx, &h, "delete a page", || {
        std::fs::remove_file(fx.path("content/guides/second-guide.md")).unwrap();
    });
    step(&fx, &h, "rename a lesson", || {
        std::fs::rename(
            fx.path("content/courses/jichu/lesson-two.md"),
            fx.path("content/courses/jichu/lesson-2.md"),
        )
        .unwrap();
    });
    step(&fx, &h, "override a template", || {
        let base = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/templates/base.html"
        ))
        .unwrap();
        let changed = base.replacen("<head>", "<head><!-- 站点覆盖的模板 -->", 1);
        assert_ne!(base, changed);
        fx.write("templates/base.html", &changed);
    });
    step(&fx, &h, "edit site.toml", || {
        let text = fx.read("site.toml").replace("预览测试站", "改名的测试站");
        fx.write("site.toml", &text);
    });
    let before = h.builds();
    let good = fx.read(GUIDE);
    fx.write(GUIDE, "+++\ntitle = \n+++\n坏了\n");
    wait_builds(&h, before + 1);
    assert!(!h.last_errors().is_empty(), "a broken file is an error");
    step(&fx, &h, "fix the broken file", || fx.write(GUIDE, &good));
}

#[test]
fn a_one_file_edit_rewrites_only_what_depends_on_it() {
    let fx = Fixture::new();
    let h = fx.start();
    wait_builds(&h, 1);
    let dir = h.output_dir().unwrap();
    let others = [
        "courses/jichu/lesson-one.html",
        "cases/first-case.html",
        "index.html",
    ];
    let mtime = |rel: &str| {
        std::fs::metadata(dir.join(rel))
            .unwrap()
            .modified()
            .unwrap()
    };
    let sources = walkdir::WalkDir::new(fx.path("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .count() as u64;
    assert_eq!(
        h.last_sources_read(),
        sources,
        "the first build reads every file"
    );
    let before: Vec<_> = others.iter().map(|r| mtime(r)).collect();
    let guide_before = std::fs::read(dir.join(GUIDE_URL.trim_start_matches('/'))).unwrap();
    std::thread::sleep(Duration::from_millis(50));
    let n = h.builds();
    let text = fx.read(GUIDE) + "\n只改这一篇。\n";
    fx.write(GUIDE, &text);
    wait_builds(&h, n + 1);
    let guide = std::fs::read_to_string(dir.join(GUIDE_URL.trim_start_matches('/'))).unwrap();
    assert!(guide.contains("只改这一篇"), "the page shows the edit");
    assert_ne!(guide.as_bytes(), guide_before.as_slice());
    let after: Vec<_> = others.iter().map(|r| mtime(r)).collect();
    assert_eq!(before, after, "unrelated pages were rewritten");
    let (written, rendered) = h.last_work();
    assert_eq!(rendered, 1, "only the edited page's Markdown is rendered");
    assert_eq!(
        h.last_sources_read(),
        1,
        "only the edited file is read again"
    );
    let total = tree(&dir).len();
    assert!(
        written * 2 < total,
        "{written} of {total} files written for a one-page edit"
    );
}

#[test]
fn a_body_edit_is_previewed_at_once_and_equals_a_full_build() {
    let fx = Fixture::new();
    let h = fx.start();
    wait_builds(&h, 1);
    let port = h.port();
    let version = |h: &ServeHandle| poll(h.port(), 0)["version"].as_u64().unwrap();

    // A guide's body: previewed, one reload, the same folder as a full build.
    let v = version(&h);
    step(&fx, &h, "edit a guide's body", || {
        let text = fx.read(GUIDE).replace("原始版本", "预览版本");
        fx.write(GUIDE, &text);
    });
    assert_eq!(h.last_previewed(), 1, "a body edit is previewed");
    assert_eq!(version(&h), v + 1, "the open pages reload once");
    assert!(get(port, GUIDE_URL).text().contains("预览版本"));

    // A lesson's body: its page and the course handbook, still one reload.
    let lesson = "content/courses/jichu/lesson-one.md";
    let v = version(&h);
    step(&fx, &h, "edit a lesson's body", || {
        let text = fx
            .read(lesson)
            .replace("知道课程由多课组成", "知道课程由几课组成");
        fx.write(lesson, &text);
    });
    assert_eq!(
        h.last_previewed(),
        2,
        "the lesson and its handbook are previewed"
    );
    assert_eq!(h.last_work().1, 1, "one page's Markdown rendered");
    assert_eq!(version(&h), v + 1, "the handbook came with the preview");
    assert!(get(port, "/courses/jichu/handbook.html")
        .text()
        .contains("知道课程由几课组成"));

    // What other pages show is not previewed: the normal rebuild does it all.
    step(&fx, &h, "edit a summary", || {
        let text = fx.read(GUIDE).replace("一篇示例指引", "一篇改过的示例指引");
        fx.write(GUIDE, &text);
    });
    assert_eq!(h.last_previewed(), 0, "front matter shows on other pages");
    step(&fx, &h, "add a heading", || {
        let text = fx.read(GUIDE) + "\n## 新的小节\n";
        fx.write(GUIDE, &text);
    });
    assert_eq!(h.last_previewed(), 1, "nothing links to a new heading yet");
    step(&fx, &h, "link to a heading", || {
        let case = "content/cases/first-case.md";
        let text = fx.read(case) + "\n见[主要内容](../guides/first-guide.md#主要内容)。\n";
        fx.write(case, &text);
    });
    // Removing a heading another page links to breaks that link: the rebuild reports it.
    let served = get(port, GUIDE_URL).text();
    let n = h.builds();
    let linked = fx.read(GUIDE);
    fx.write(GUIDE, &linked.replace("## 主要内容", "主要内容"));
    wait_builds(&h, n + 1);
    assert_eq!(h.last_previewed(), 0, "a heading other pages link to");
    assert!(
        h.last_errors()
            .iter()
            .any(|e| e.message.contains("主要内容")),
        "{:?}",
        h.last_errors()
    );
    assert_eq!(
        get(port, GUIDE_URL).text(),
        served,
        "the last good page is served"
    );
    step(&fx, &h, "put the heading back", || fx.write(GUIDE, &linked));
    step(&fx, &h, "change a quiz", || {
        let text = fx.read(lesson).replace(
            "explanation = \"weight 小的在前，相同时按文件名。\"",
            "explanation = \"weight 小的在前，相同时按文件名。\"\n\n[[question]]\ntype = \"truefalse\"\nprompt = \"新加的题。\"\nanswer = true\nexplanation = \"新加的解释。\"",
        );
        fx.write(lesson, &text);
    });
    assert_eq!(h.last_previewed(), 0, "site-data.js lists the questions");

    // A body edit with a broken link is not previewed: the served page stays as it was.
    let before = get(port, GUIDE_URL).text();
    let n = h.builds();
    let good = fx.read(GUIDE);
    let broken = good.replace("预览版本", "[断了](nowhere.md)");
    assert_ne!(broken, good);
    fx.write(GUIDE, &broken);
    wait_builds(&h, n + 1);
    assert!(!h.last_errors().is_empty(), "the broken link is an error");
    assert_eq!(h.last_previewed(), 0);
    assert_eq!(
        get(port, GUIDE_URL).text(),
        before,
        "the last good page is served"
    );
    step(&fx, &h, "fix the link", || fx.write(GUIDE, &good));
    assert_eq!(
        h.last_previewed(),
        0,
        "after a failed build the whole site is rebuilt"
    );
}

#[test]
fn a_reported_file_is_read_again_even_with_the_same_size_and_time() {
    let fx = Fixture::new();
    let h = fx.start();
    wait_builds(&h, 1);
    let path = fx.path(GUIDE);
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let text = fx.read(GUIDE);
    // Same length in bytes (版本 → 文本, 一 → 二), and the old modification time put back:
    // only the watcher's report says the file changed. (The title changes too, so that the
    // edit is not a quick preview, which reads the file anyway.)
    let edited = text
        .replace("原始版本", "原始文本")
        .replace("第一篇指引", "第二篇指引");
    assert_eq!(edited.len(), text.len());
    let n = h.builds();
    fx.write(GUIDE, &edited);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
    wait_builds(&h, n + 1);
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(h.last_previewed(), 0);
    let page = get(h.port(), GUIDE_URL).text();
    assert!(page.contains("原始文本") && page.contains("第二篇指引"));
    assert_same_as_full_build(&fx, &h, "same size and time");
}
