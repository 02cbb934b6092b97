//! Integration tests: build fixture sites with the real binary and check the output,
//! every bad input's message and exit status, and that a failed build changes nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_zhiyin");

/// A site in a temporary folder, written from (path, text) pairs.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new(files: &[(&str, &str)]) -> Site {
        let site = Site {
            dir: tempfile::tempdir().unwrap(),
        };
        for (path, text) in files {
            site.write(path, text.as_bytes());
        }
        site
    }

    /// A small valid site: a guide, a case, a course with three lessons.
    fn basic() -> Site {
        Site::new(&[
            ("site.toml", "title = \"测试站\"\nid = \"test-site\"\n"),
            ("content/_index.md", "+++\ntitle = \"首页\"\n+++\n欢迎。先读[指引](guides/a.md)。\n"),
            ("content/guides/_index.md", "+++\ntitle = \"政策指引\"\nweight = 1\n+++\n"),
            (
                "content/guides/a.md",
                "+++\ntitle = \"指引甲\"\ntags = [\"业委会\"]\nsources = [\"来源\"]\n+++\n## 两个覆盖\n\n正文，见[案例](../cases/b.md#做法)和[第二课](@/courses/c/two.md)。\n\n## 一个关键\n\n![图](img/pic.png)\n",
            ),
            ("content/guides/img/pic.png", "\u{89}PNG fake"),
            ("content/cases/_index.md", "+++\ntitle = \"案例\"\nweight = 2\n+++\n"),
            ("content/cases/b.md", "+++\ntitle = \"案例乙\"\ntags = [\"业委会\", \"物业\"]\n+++\n## 背景\n\n> [!提示]\n> 先看背景。\n\n## 做法\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n"),
            ("content/courses/_index.md", "+++\ntitle = \"课程\"\nweight = 3\n+++\n"),
            ("content/courses/c/_index.md", "+++\ntitle = \"课程丙\"\n+++\n"),
            ("content/courses/c/one.md", "+++\ntitle = \"第一课\"\nweight = 1\n+++\n## 学习目标\n\n目标。\n"),
            ("content/courses/c/two.md", "+++\ntitle = \"第二课\"\nweight = 2\n+++\n## 正文\n\n正文。\n"),
            ("content/courses/c/three.md", "+++\ntitle = \"第三课\"\nweight = 3\n+++\n## 正文\n\n正文。\n"),
        ])
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    fn write(&self, path: &str, bytes: &[u8]) {
        let p = self.root().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    fn run(&self, command: &str) -> Output {
        Command::new(BIN)
            .arg(command)
            .arg("--quiet")
            .arg("--root")
            .arg(self.root())
            .arg("--out")
            .arg(self.out())
            .output()
            .unwrap()
    }

    fn build_ok(&self) {
        let out = self.run("build");
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn read(&self, output_path: &str) -> String {
        std::fs::read_to_string(self.out().join(output_path))
            .unwrap_or_else(|e| panic!("{output_path}: {e}"))
    }

    /// The page with percent-escapes decoded, so assertions can name Chinese paths plainly.
    fn read_decoded(&self, output_path: &str) -> String {
        percent_encoding::percent_decode_str(&self.read(output_path))
            .decode_utf8_lossy()
            .into_owned()
    }
}

/// Every file under `dir` with its bytes, to compare outputs exactly.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// All href/src values in an HTML text.
fn refs(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap();
            found.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    found
}

#[test]
fn builds_pages_with_relative_links_that_resolve_to_files() {
    let site = Site::basic();
    site.build_ok();
    for page in [
        "index.html",
        "guides/index.html",
        "guides/a.html",
        "cases/b.html",
        "courses/c/index.html",
        "courses/c/one.html",
        "tags/业委会.html",
        "tags/index.html",
        "search.html",
        "404.html",
    ] {
        assert!(site.out().join(page).is_file(), "{page} missing");
    }
    assert!(
        site.out().join("guides/img/pic.png").is_file(),
        "image copied beside its page"
    );
    let mut checked = 0;
    for (path, bytes) in snapshot(&site.out()) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        assert!(html.contains("<html lang=\"zh-CN\">"), "{path:?}");
        for r in refs(&html) {
            if r.starts_with('#')
                || r.starts_with("http")
                || r.starts_with("mailto:")
                || r.starts_with("data:")
            {
                continue;
            }
            assert!(!r.starts_with('/'), "{path:?}: absolute link {r}");
            let file_part = r.split(['#', '?']).next().unwrap();
            let decoded = percent_encoding::percent_decode_str(file_part)
                .decode_utf8()
                .unwrap();
            let target = path.parent().unwrap().join(decoded.as_ref());
            assert!(target.is_file(), "{path:?}: {r} does not name a file");
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} links checked");
}

#[test]
fn lessons_have_position_and_neighbours_and_pages_have_a_toc() {
    let site = Site::basic();
    site.build_ok();
    let two = site.read("courses/c/two.html");
    assert!(two.contains("第 2 课 / 共 3 课"), "{two}");
    assert!(two.contains("rel=\"prev\" href=\"one.html\""));
    assert!(two.contains("rel=\"next\" href=\"three.html\""));
    let guide = site.read_decoded("guides/a.html");
    assert!(guide.contains("<h2 id=\"两个覆盖\">"));
    assert!(
        guide.contains("href=\"#一个关键\""),
        "table of contents links the headings"
    );
    assert!(
        guide.contains("href=\"../cases/b.html#做法\""),
        "link to a .md file becomes a link to its page"
    );
    assert!(
        guide.contains("href=\"../courses/c/two.html\""),
        "@/ links resolve from the content root"
    );
    let case = site.read("cases/b.html");
    assert!(
        case.contains("<aside class=\"admonition tip\">"),
        "admonition box"
    );
    assert!(case.contains("class=\"table-wrap\""));
    let course = site.read("courses/c/index.html");
    let (one, three) = (
        course.find("第一课").unwrap(),
        course.find("第三课").unwrap(),
    );
    assert!(one < three, "lessons ordered by weight");
}

#[test]
fn navigation_does_not_grow_with_the_square_of_pages() {
    // 60 lessons in one course and 60 guides: the guide pages must not list each other.
    let mut files: Vec<(String, String)> = vec![
        ("site.toml".into(), "title = \"大\"\n".into()),
        (
            "content/guides/_index.md".into(),
            "+++\ntitle = \"指引\"\n+++\n".into(),
        ),
    ];
    for i in 0..60 {
        files.push((
            format!("content/guides/g{i}.md"),
            format!("+++\ntitle = \"指引{i}\"\n+++\n正文\n"),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let site = Site::new(&refs);
    site.build_ok();
    let guide = site.read("guides/g1.html");
    assert!(
        !guide.contains("指引59"),
        "a guide page lists the other guides"
    );
    assert!(
        site.read("guides/index.html").contains("指引59"),
        "the section page lists them"
    );
}

#[test]
fn site_templates_and_static_files_override_the_theme() {
    let site = Site::basic();
    site.write("templates/page.html", b"{% extends \"base.html\" %}{% block content %}OVERRIDDEN {{ page.title }}{% endblock content %}");
    site.write("static/zhiyin.css", b"/* site css */");
    site.build_ok();
    assert!(site.read("guides/a.html").contains("OVERRIDDEN 指引甲"));
    assert_eq!(site.read("assets/zhiyin.css"), "/* site css */");
    assert!(!site.read("cases/b.html").is_empty());
}

#[test]
fn must_just_work_inputs() {
    let site = Site::new(&[
        ("site.toml", "\u{feff}title = \"站\"\r\n"),
        ("content/_index.md", "\u{feff}+++\r\ntitle = \"首页\"\r\n+++\r\n见[我的 案例](案例%20集/我的%20案例.md)和[另一种写法](<案例 集/我的 案例.md>)。\r\n"),
        ("content/案例 集/_index.md", "+++\ntitle = \"空的栏目\"\n+++\n"),
        ("content/案例 集/我的 案例.md", "+++\ntitle = \"带空格的文件\"\n+++\n## 标题\r\n"),
        ("content/empty/_index.md", "+++\ntitle = \"空栏目\"\n+++\n"),
    ]);
    site.build_ok();
    assert!(site
        .read_decoded("index.html")
        .contains("href=\"案例 集/我的 案例.html\""));
    assert!(site
        .read("案例 集/我的 案例.html")
        .contains("<h2 id=\"标题\">"));
    assert!(site.read("empty/index.html").contains("还没有内容"));
}

#[test]
fn new_creates_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("my site");
    let out = Command::new(BIN).arg("new").arg(&target).output().unwrap();
    assert!(out.status.success());
    let built = Command::new(BIN)
        .args(["build", "--quiet", "--root"])
        .arg(&target)
        .arg("--out")
        .arg(target.join("public"))
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert!(target
        .join("public/courses/starter/lesson-two.html")
        .is_file());
    let again = Command::new(BIN).arg("new").arg(&target).output().unwrap();
    assert_eq!(
        again.status.code(),
        Some(2),
        "new refuses a non-empty folder"
    );
}

#[test]
fn usage_errors_exit_2() {
    let out = Command::new(BIN).arg("frobnicate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(BIN)
        .arg("build")
        .arg("--no-such-flag")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn check_writes_nothing() {
    let site = Site::basic();
    let out = site.run("check");
    assert!(out.status.success());
    assert!(!site.out().exists());
}

/// Builds a good site, breaks it with `files`, rebuilds: exit 1, the expected message at
/// the expected place, and the previous output byte for byte as it was.
fn assert_bad_input(files: &[(&str, &[u8])], expected_location: &str, expected_message: &str) {
    let site = Site::basic();
    site.build_ok();
    let before = snapshot(&site.out());
    for (path, bytes) in files {
        site.write(path, bytes);
    }
    let out = site.run("build");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(expected_location),
        "expected {expected_location} in:\n{stderr}"
    );
    assert!(
        stderr.contains(expected_message),
        "expected {expected_message:?} in:\n{stderr}"
    );
    assert!(
        stderr.contains("help:"),
        "every error says what to do:\n{stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
    assert_eq!(
        snapshot(&site.out()),
        before,
        "a failed build changed the previous output"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("zhiyin-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

#[test]
fn bad_front_matter_not_closed() {
    assert_bad_input(
        &[(
            "content/guides/x.md",
            "+++\ntitle = \"x\"\n正文\n".as_bytes(),
        )],
        "content/guides/x.md:1:1: error",
        "not closed",
    );
}

#[test]
fn bad_unclosed_string_points_at_the_md_line() {
    assert_bad_input(
        &[(
            "content/guides/x.md",
            "+++\nweight = 1\ntitle = \"没有结束\n+++\n".as_bytes(),
        )],
        "content/guides/x.md:3:",
        "invalid TOML",
    );
}

#[test]
fn bad_missing_title() {
    assert_bad_input(
        &[("content/guides/x.md", b"+++\nweight = 1\n+++\n")],
        "content/guides/x.md:1:1: error",
        "no title",
    );
}

#[test]
fn bad_unknown_key_suggests_the_right_one() {
    assert_bad_input(
        &[(
            "content/guides/x.md",
            "+++\ntitle = \"x\"\nsumary = \"y\"\n+++\n".as_bytes(),
        )],
        "content/guides/x.md:3:1: error",
        "did you mean `summary`",
    );
}

#[test]
fn bad_internal_link_with_column_in_characters() {
    assert_bad_input(
        &[(
            "content/guides/x.md",
            "+++\ntitle = \"x\"\n+++\n中文中文[链接](nowhere.md)\n".as_bytes(),
        )],
        "content/guides/x.md:4:10: error",
        "broken link",
    );
}

#[test]
fn bad_anchor() {
    assert_bad_input(
        &[(
            "content/guides/x.md",
            "+++\ntitle = \"x\"\n+++\n[a](../cases/b.md#不存在)\n".as_bytes(),
        )],
        "content/guides/x.md:4:",
        "has no heading #不存在",
    );
}

#[test]
fn bad_missing_image() {
    assert_bad_input(
        &[(
            "content/guides/x.md",
            "+++\ntitle = \"x\"\n+++\n![图](img/missing.png)\n".as_bytes(),
        )],
        "content/guides/x.md:4:",
        "image not found",
    );
}

#[test]
fn bad_two_pages_with_the_same_output() {
    assert_bad_input(
        &[("content/guides/A.md", b"+++\ntitle = \"x\"\n+++\n")],
        "content/guides/",
        "same file",
    );
}

#[test]
fn bad_lesson_outside_a_course() {
    assert_bad_input(
        &[("content/courses/stray.md", b"+++\ntitle = \"x\"\n+++\n")],
        "content/courses/stray.md:1:1: error",
        "lesson outside a course",
    );
}

#[test]
fn bad_gbk_file_says_how_to_convert() {
    let (gbk, _, _) = encoding_rs::GBK.encode("+++\ntitle = \"标题\"\n+++\n正文\n");
    assert_bad_input(
        &[("content/guides/x.md", &gbk)],
        "content/guides/x.md:2:",
        "GBK/GB18030",
    );
}

#[test]
fn bad_template_override_names_template_and_line() {
    assert_bad_input(&[("templates/page.html", b"{% extends \"base.html\" %}\n{% block content %}\n{{ page.title \n{% endblock content %}")], "templates/page.html:4:", "template error");
}

#[test]
fn every_error_of_a_run_is_reported_with_a_count() {
    let site = Site::basic();
    site.write(
        "content/guides/x.md",
        b"+++\ntitle = \"x\"\n+++\n[a](no1.md)\n",
    );
    site.write("content/cases/y.md", b"+++\ntitel = \"y\"\n+++\n");
    let out = site.run("build");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("content/guides/x.md:4:"), "{stderr}");
    assert!(stderr.contains("content/cases/y.md:2:"), "{stderr}");
    assert!(stderr.contains("errors, 0 warnings"), "{stderr}");
}

#[test]
fn course_handbook_has_every_lesson_unique_ids_and_an_answer_key() {
    let site = Site::basic();
    site.write(
        "content/courses/c/two.md",
        "+++\ntitle = \"第二课\"\nweight = 2\n+++\n## 正文\n\n正文。\n\n```quiz\n[[question]]\ntype = \"single\"\nprompt = \"选哪个？\"\noptions = [\"甲\", \"乙\"]\nanswer = 2\nexplanation = \"因为乙。\"\n```\n".as_bytes(),
    );
    site.build_ok();
    let book = site.read("courses/c/handbook.html");
    let (one, two, three) = (
        book.find("第一课").unwrap(),
        book.find("第二课").unwrap(),
        book.find("第三课").unwrap(),
    );
    assert!(one < two && two < three, "lessons in order");
    assert!(book.contains("答案与解析"));
    assert!(book.contains("B. 乙"), "answer key names the right option");
    assert!(book.contains("因为乙。"));
    let mut ids: Vec<&str> = book
        .split("id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    let total = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), total, "ids are unique in the handbook");
    assert!(site
        .read("courses/c/index.html")
        .contains("href=\"handbook.html\""));
}

#[test]
fn quiz_questions_and_options_are_searchable_but_explanations_are_not() {
    let site = Site::basic();
    site.write(
        "content/courses/c/two.md",
        "+++\ntitle = \"第二课\"\nweight = 2\n+++\n## 正文\n\n正文。\n\n```quiz\n[[question]]\ntype = \"single\"\nprompt = \"楼道堆物清理由谁牵头？\"\noptions = [\"网格长先行劝导\", \"物业独自处理\"]\nanswer = 1\nexplanation = \"解析里的秘密词语\"\n```\n"
            .as_bytes(),
    );
    site.build_ok();
    let urls = search_urls(&site);
    assert_eq!(urls("堆物清理"), vec!["courses/c/two.html"]);
    assert_eq!(urls("网格长先行"), vec!["courses/c/two.html"]);
    assert!(
        urls("秘密词语").is_empty(),
        "explanations stay out of the index"
    );
}

/// A search over a built site's index (the Rust reader of the format `search.js` reads).
fn search_urls(site: &Site) -> impl Fn(&str) -> Vec<String> {
    let files: Vec<zhiyin::search::IndexFile> = std::fs::read_dir(site.out().join("search"))
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            zhiyin::search::IndexFile {
                path: format!("search/{}", p.file_name().unwrap().to_string_lossy()),
                bytes: std::fs::read(&p).unwrap(),
            }
        })
        .collect();
    let index = zhiyin::search::reader::Index::load(&files).unwrap();
    move |q: &str| {
        let mut urls: Vec<String> = index
            .search(q, None)
            .iter()
            .map(|h| index.docs[h.doc].url.clone())
            .collect();
        urls.sort();
        urls
    }
}

#[test]
fn summaries_listed_cards_and_sources_are_searchable() {
    let site = Site::basic();
    site.write(
        "content/guides/a.md",
        "+++\ntitle = \"指引甲\"\nsummary = \"摘要里的独特说法\"\ntags = [\"标签独有词\"]\nsources = [\"《某某工作汇编》\"]\n+++\n## 正文\n\n正文。\n"
            .as_bytes(),
    );
    site.build_ok();
    let urls = search_urls(&site);
    // The guide shows its summary as its lead paragraph; its section lists it on a card.
    assert_eq!(urls("独特说法"), vec!["guides/a.html", "guides/index.html"]);
    assert_eq!(urls("工作汇编"), vec!["guides/a.html"]);
    assert!(urls("标签独有词").contains(&"guides/a.html".to_string()));
    // The home page's course cards.
    assert!(urls("课程丙").contains(&"index.html".to_string()));
}

#[cfg(unix)]
#[test]
fn a_rebuild_links_unchanged_files_and_leaves_failed_builds_no_trace() {
    use std::os::unix::fs::MetadataExt;
    let site = Site::basic();
    site.build_ok();
    let meta = |p: &str| std::fs::metadata(site.out().join(p)).unwrap();
    let case = meta("cases/b.html").ino();
    let guide = meta("guides/a.html").ino();
    let text = std::fs::read_to_string(site.root().join("content/guides/a.md")).unwrap();
    site.write(
        "content/guides/a.md",
        format!("{text}\n新加的一句话。\n").as_bytes(),
    );
    site.build_ok();
    assert_eq!(
        meta("cases/b.html").ino(),
        case,
        "an unchanged page keeps its file"
    );
    assert_ne!(
        meta("guides/a.html").ino(),
        guide,
        "a changed page is a new file"
    );
    assert!(site.read("guides/a.html").contains("新加的一句话"));
    let single = |what: &str| {
        for path in snapshot(&site.out()).keys() {
            let links = std::fs::metadata(path).unwrap().nlink();
            assert_eq!(links, 1, "{what}: {} has {links} links", path.display());
        }
    };
    single("after a rebuild");

    // A failed build (its staging folder had linked the unchanged files) leaves them alone.
    let before = snapshot(&site.out());
    site.write("content/guides/broken.md", b"+++\ntitle = \"\xe5\n");
    assert_eq!(site.run("build").status.code(), Some(1));
    assert_eq!(snapshot(&site.out()), before);
    single("after a failed build");
    std::fs::remove_file(site.root().join("content/guides/broken.md")).unwrap();

    // A file someone linked elsewhere is copied, never shared.
    let elsewhere = site.root().join("kept-copy.html");
    std::fs::hard_link(site.out().join("cases/b.html"), &elsewhere).unwrap();
    site.build_ok();
    assert_ne!(meta("cases/b.html").ino(), case);
    assert_eq!(std::fs::metadata(&elsewhere).unwrap().nlink(), 1);
    single("after linking a file elsewhere");
}
