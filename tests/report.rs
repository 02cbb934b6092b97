//! The progress export and `zhiyin report`: the shared checksum vectors, the JSON Schema,
//! merging two exports of one learner, conflicts, every kind of bad file, the roster,
//! escaping of learner text in HTML and neutralising it in CSV.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use zhiyin::progress::canonical::{canonical, checksum, sha256_hex};
use zhiyin::progress::{csv, parse_export, ExportError};

const BIN: &str = env!("CARGO_BIN_EXE_zhiyin");

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn vectors() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(repo("tests/vectors/progress-checksum.json")).unwrap(),
    )
    .unwrap()
}

fn schema_errors(doc: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo("schema/progress-export.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

// ---------- shared vectors (the JavaScript side checks the same file) ----------

#[test]
fn checksum_vectors_match_javascript() {
    let v = vectors();
    for pair in v["sha256"].as_array().unwrap() {
        assert_eq!(
            sha256_hex(pair[0].as_str().unwrap()),
            pair[1].as_str().unwrap()
        );
    }
    for case in v["canonical"].as_array().unwrap() {
        let value: Value = serde_json::from_str(case["json"].as_str().unwrap()).unwrap();
        assert_eq!(
            canonical(&value),
            case["canonical"].as_str().unwrap(),
            "{}",
            case["json"]
        );
    }
    for case in v["checksum"].as_array().unwrap() {
        let value: Value = serde_json::from_str(case["json"].as_str().unwrap()).unwrap();
        assert_eq!(checksum(&value), case["checksum"].as_str().unwrap());
    }
    for pair in v["csv_cell"].as_array().unwrap() {
        assert_eq!(
            csv::cell(pair[0].as_str().unwrap()),
            pair[1].as_str().unwrap(),
            "{}",
            pair[0]
        );
    }
}

#[test]
fn the_javascript_export_matches_the_schema_and_parses() {
    let doc = vectors()["export"]["doc"].clone();
    assert_eq!(schema_errors(&doc), Vec::<String>::new());
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let export = parse_export(text.as_bytes()).expect("the browser's export reads back");
    assert_eq!(export.profile.name, "张三");
    assert_eq!(export.attempts.len(), 3);
    assert_eq!(
        export.attempts[0].answers[0].question, "q-1",
        "answers in quiz order"
    );
    // What Rust writes is also valid, and reads back the same.
    let again: Value = serde_json::from_str(&zhiyin::progress::export::to_json(&export)).unwrap();
    assert_eq!(schema_errors(&again), Vec::<String>::new());
    assert_eq!(parse_export(again.to_string().as_bytes()).unwrap(), export);
}

#[test]
fn the_schema_rejects_what_the_reader_rejects() {
    let good = vectors()["export"]["doc"].clone();
    let mut bad = good.clone();
    bad["version"] = json!(2);
    assert!(!schema_errors(&bad).is_empty());
    let mut bad = good.clone();
    bad["attempts"][0]["score"] = json!(140);
    assert!(!schema_errors(&bad).is_empty());
    let mut bad = good;
    bad["profile"].as_object_mut().unwrap().remove("name");
    assert!(!schema_errors(&bad).is_empty());
}

// ---------- exports made for the report tests ----------

/// Site "demo": course A (lessons a/one with quiz-1 of three questions, a/two), course B
/// (b/one with quiz-1 of two questions, b/two) — the same structure as the shared vectors.
struct Ex<'a> {
    id: &'a str,
    name: &'a str,
    code: &'a str,
    site: &'a str,
    exported: &'a str,
    /// (lesson key, read time)
    reads: Vec<(&'a str, &'a str)>,
    /// (page, time, score, passed, per-question correct)
    attempts: Vec<(&'a str, &'a str, u32, bool, Vec<bool>)>,
}

impl Default for Ex<'_> {
    fn default() -> Self {
        Ex {
            id: "p-zhang",
            name: "张三",
            code: "A001",
            site: "demo",
            exported: "2024-05-04T00:00:00.000Z",
            reads: vec![],
            attempts: vec![],
        }
    }
}

fn questions(page: &str) -> Vec<&'static str> {
    if page.starts_with("courses/a/") {
        vec!["q-1", "q-2", "q-3"]
    } else {
        vec!["q-a", "q-b"]
    }
}

fn course_of(page: &str) -> &'static str {
    if page.starts_with("courses/a/") {
        "courses/a/index.html"
    } else {
        "courses/b/index.html"
    }
}

impl Ex<'_> {
    fn value(&self) -> Value {
        let courses = json!([
            {"key": "courses/a/index.html", "title": "课程甲", "lessons": ["courses/a/one.html", "courses/a/two.html"],
             "quizzes": [{"page": "courses/a/one.html", "id": "quiz-1", "passMark": 80, "questions": ["q-1", "q-2", "q-3"]}],
             "status": "in_progress", "lessonsRead": 0, "quizzesPassed": 0, "score": null, "completed": null},
            {"key": "courses/b/index.html", "title": "课程乙", "lessons": ["courses/b/one.html", "courses/b/two.html"],
             "quizzes": [{"page": "courses/b/one.html", "id": "quiz-1", "passMark": 66.5, "questions": ["q-a", "q-b"]}],
             "status": "not_started", "lessonsRead": 0, "quizzesPassed": 0, "score": null, "completed": null}
        ]);
        let lessons: Vec<Value> = self
            .reads
            .iter()
            .map(|(key, time)| {
                json!({"key": key, "course": course_of(key), "title": format!("课 {key}"), "firstVisit": time,
                       "lastVisit": time, "visits": 1, "read": time, "readBy": "end"})
            })
            .collect();
        let attempts: Vec<Value> = self
            .attempts
            .iter()
            .map(|(page, time, score, passed, right)| {
                let answers: Vec<Value> = questions(page)
                    .iter()
                    .zip(right)
                    .map(|(q, ok)| json!({"question": q, "correct": ok, "given": 1, "version": "h"}))
                    .collect();
                json!({"page": page, "quiz": "quiz-1", "course": course_of(page), "time": time, "score": score,
                       "passed": passed, "passMark": 80, "answers": answers})
            })
            .collect();
        let mut doc = json!({
            "format": "zhiyin-progress", "version": 1, "notice": "自我报告的学习记录", "exported": self.exported,
            "site": {"id": self.site, "build": "b1", "title": "示例站点", "version": "1"},
            "profile": {"id": self.id, "name": self.name, "code": self.code, "created": "2024-05-01T00:00:00.000Z"},
            "courses": courses, "lessons": lessons, "attempts": attempts,
            "events": [{"time": "2024-05-01T00:00:00.000Z", "type": "visited", "page": "courses/a/one.html"}]
        });
        doc["checksum"] = json!(checksum(&doc));
        doc
    }

    fn write(&self, dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(name);
        let doc = self.value();
        assert_eq!(
            schema_errors(&doc),
            Vec::<String>::new(),
            "test exports follow the schema"
        );
        std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
        path
    }
}

fn run(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    Command::new(BIN)
        .args(args.iter().map(|a| a.as_ref()))
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// completion.csv without its BOM, as rows of cells.
fn rows(dir: &Path, name: &str) -> Vec<Vec<String>> {
    let text = read(dir, name);
    assert!(
        text.starts_with('\u{feff}'),
        "{name} starts with a BOM for Excel"
    );
    assert!(text.contains("\r\n"), "{name} has CRLF line ends");
    csv::parse(&text).into_iter().map(|(_, r)| r).collect()
}

fn row<'a>(rows: &'a [Vec<String>], code: &str, course: &str) -> &'a Vec<String> {
    rows.iter()
        .find(|r| r[0] == code && r[3] == course)
        .unwrap_or_else(|| panic!("no row for {code} × {course} in {rows:?}"))
}

const A: &str = "courses/a/index.html";
const B: &str = "courses/b/index.html";

fn full_course_a(ex: Ex<'_>) -> Ex<'_> {
    Ex {
        reads: vec![
            ("courses/a/one.html", "2024-05-01T01:00:00.000Z"),
            ("courses/a/two.html", "2024-05-02T16:30:00.000Z"),
        ],
        attempts: vec![(
            "courses/a/one.html",
            "2024-05-01T02:00:00.000Z",
            100,
            true,
            vec![true, true, true],
        )],
        ..ex
    }
}

#[test]
fn two_learners_give_the_expected_rows() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let zhang = full_course_a(Ex::default()).write(dir.path(), "zhang.json");
    let li = Ex {
        id: "p-li",
        name: "李四",
        code: "A002",
        reads: vec![("courses/b/one.html", "2024-05-03T01:00:00.000Z")],
        attempts: vec![(
            "courses/b/one.html",
            "2024-05-03T02:00:00.000Z",
            50,
            false,
            vec![true, false],
        )],
        ..Ex::default()
    }
    .write(dir.path(), "li.json");
    let o = run(&[&"report", &zhang, &li, &"--out", &out]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = rows(&out, "completion.csv");
    assert_eq!(
        rows[0][..8],
        [
            "学员编号",
            "姓名",
            "所属中心",
            "课程",
            "课程名称",
            "状态",
            "得分",
            "完成日期"
        ]
    );
    assert_eq!(rows.len(), 1 + 2 * 2, "learner × course");
    let r = row(&rows, "A001", A);
    assert_eq!(
        (r[1].as_str(), r[5].as_str(), r[6].as_str()),
        ("张三", "已完成", "100")
    );
    assert_eq!(
        r[7], "2024-05-03",
        "completion date in Beijing time (16:30Z is the next day)"
    );
    assert_eq!(row(&rows, "A001", B)[5], "未开始");
    let r = row(&rows, "A002", B);
    assert_eq!(
        (r[5].as_str(), r[6].as_str(), r[8].as_str()),
        ("学习中", "50", "1")
    );

    let attempts = self::rows(&out, "attempts.csv");
    assert_eq!(attempts.len(), 3);
    assert!(attempts
        .iter()
        .any(|r| r[0] == "A002" && r[8] == "50" && r[10] == "未通过"));

    let questions = self::rows(&out, "questions.csv");
    let q = questions
        .iter()
        .find(|r| r[2] == "courses/b/one.html" && r[6] == "q-b")
        .unwrap();
    assert_eq!(
        (q[5].as_str(), q[8].as_str(), q[9].as_str(), q[10].as_str()),
        ("2", "1", "0", "0.0")
    );
    let q = questions.iter().find(|r| r[6] == "q-1").unwrap();
    assert_eq!(q[10], "100.0");

    let html = read(&out, "report.html");
    assert!(html.contains("<html lang=\"zh-CN\">"));
    assert!(html.contains("<svg") && html.contains("自我报告的学习记录"));
    assert!(html.contains("张三") && html.contains("李四"));
    for external in ["http://", "https://", "<script", "<link", "src=", "url("] {
        assert!(
            !html.contains(external),
            "report.html must be self-contained: found {external}"
        );
    }
}

#[test]
fn two_exports_of_one_learner_merge() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // Device one: lesson one read and its quiz failed; device two (a profile imported from
    // the first, so the same id): quiz passed and lesson two read.
    let one = Ex {
        exported: "2024-05-01T12:00:00.000Z",
        reads: vec![("courses/a/one.html", "2024-05-01T01:00:00.000Z")],
        attempts: vec![(
            "courses/a/one.html",
            "2024-05-01T02:00:00.000Z",
            33,
            false,
            vec![true, false, false],
        )],
        ..Ex::default()
    }
    .write(dir.path(), "phone.json");
    let two = Ex {
        exported: "2024-05-05T12:00:00.000Z",
        reads: vec![("courses/a/two.html", "2024-05-05T01:00:00.000Z")],
        attempts: vec![(
            "courses/a/one.html",
            "2024-05-05T02:00:00.000Z",
            100,
            true,
            vec![true, true, true],
        )],
        ..Ex::default()
    }
    .write(dir.path(), "pc.json");
    let o = run(&[&"report", &one, &two, &"--out", &out]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = rows(&out, "completion.csv");
    assert_eq!(rows.len(), 1 + 2, "one learner");
    let r = row(&rows, "A001", A);
    assert_eq!(
        (r[5].as_str(), r[6].as_str(), r[7].as_str()),
        ("已完成", "100", "2024-05-05")
    );
    assert_eq!(
        r[13], "pc.json phone.json",
        "both files named, newest first"
    );
    assert_eq!(r[14], "", "no conflict");
    assert_eq!(
        self::rows(&out, "attempts.csv").len(),
        3,
        "both attempts kept"
    );

    // The same file twice (or a copy) changes nothing.
    let copy = dir.path().join("copy.json");
    std::fs::copy(&two, &copy).unwrap();
    let o = run(&[&"report", &one, &two, &copy, &"--out", &out]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(self::rows(&out, "attempts.csv").len(), 3);
}

#[test]
fn conflicting_exports_are_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let a = Ex {
        attempts: vec![(
            "courses/a/one.html",
            "2024-05-01T02:00:00.000Z",
            33,
            false,
            vec![true, false, false],
        )],
        ..Ex::default()
    }
    .write(dir.path(), "a.json");
    let b = Ex {
        id: "p-other",
        name: "张三丰",
        exported: "2024-05-06T00:00:00.000Z",
        attempts: vec![(
            "courses/a/one.html",
            "2024-05-01T02:00:00.000Z",
            100,
            true,
            vec![true, true, true],
        )],
        ..Ex::default()
    }
    .write(dir.path(), "b.json");
    let o = run(&[&"report", &a, &b, &"--out", &out]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "conflicts are flagged, not skipped: {}",
        stderr(&o)
    );
    let err = stderr(&o);
    assert!(
        err.contains("warning: A001") && err.contains("姓名不同"),
        "{err}"
    );
    assert!(err.contains("作答记录不一致"), "{err}");
    let rows = rows(&out, "completion.csv");
    let r = row(&rows, "A001", A);
    assert_eq!(r[1], "张三丰", "the newest export's name");
    assert!(r[14].contains("冲突"), "{r:?}");
    assert!(read(&out, "report.html").contains("需要核对"));
}

#[test]
fn every_bad_file_is_skipped_with_its_reason_and_the_rest_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = d.join("out");
    let good = full_course_a(Ex::default()).write(d, "good.json");
    let text = std::fs::read_to_string(&good).unwrap();

    let malformed = d.join("malformed.json");
    std::fs::write(&malformed, "this is not json").unwrap();
    let truncated = d.join("truncated.json");
    std::fs::write(&truncated, &text[..text.len() / 2]).unwrap();
    let foreign = d.join("foreign.json");
    std::fs::write(&foreign, r#"{"format": "something-else", "version": 1}"#).unwrap();
    let xapi = d.join("statements.json");
    std::fs::write(
        &xapi,
        r#"[{"actor": {}, "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"}}]"#,
    )
    .unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["version"] = json!(2);
    v["checksum"] = json!(checksum(&v));
    let future = d.join("future.json");
    std::fs::write(&future, v.to_string()).unwrap();
    let edited = d.join("edited.json");
    std::fs::write(&edited, text.replace("\"score\": 100", "\"score\": 99")).unwrap();
    assert_ne!(std::fs::read_to_string(&edited).unwrap(), text);
    let other_site = Ex {
        id: "p-x",
        code: "X1",
        site: "another-site",
        ..Ex::default()
    }
    .write(d, "other-site.json");
    let second = Ex {
        id: "p-li",
        code: "A002",
        name: "李四",
        ..Ex::default()
    }
    .write(d, "second.json");
    let empty = d.join("empty.json");
    std::fs::write(&empty, "").unwrap();
    let missing = d.join("nowhere.json");

    let o = run(&[
        &"report",
        &good,
        &second,
        &malformed,
        &truncated,
        &foreign,
        &xapi,
        &future,
        &edited,
        &other_site,
        &empty,
        &missing,
        &"--out",
        &out,
    ]);
    assert_eq!(o.status.code(), Some(1), "something was skipped");
    let err = stderr(&o);
    let line = |p: &Path| {
        err.lines()
            .find(|l| l.starts_with(&format!("{}: error: ", p.display())))
            .unwrap_or_else(|| panic!("no line for {}:\n{err}", p.display()))
            .to_string()
    };
    assert!(line(&malformed).contains("not valid JSON"));
    assert!(line(&truncated).contains("truncated"));
    assert!(line(&foreign).contains("not a zhiyin progress export"));
    assert!(line(&xapi).contains("xAPI"));
    assert!(line(&future).contains("format version 2 is newer"));
    assert!(line(&edited).contains("checksum mismatch"));
    assert!(line(&other_site).contains("another-site"));
    assert!(line(&empty).contains("not valid JSON"));
    assert!(line(&missing).contains("no such file"));

    let rows = rows(&out, "completion.csv");
    assert_eq!(
        row(&rows, "A001", A)[5],
        "已完成",
        "the good file is still reported"
    );
    assert_eq!(rows.len(), 1 + 2 * 2);
    let html = read(&out, "report.html");
    assert!(
        html.contains("跳过的文件（9 个）"),
        "skipped files are listed in the page"
    );
}

#[test]
fn the_parser_names_each_problem() {
    let good = full_course_a(Ex::default()).value();
    assert!(parse_export(good.to_string().as_bytes()).is_ok());
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend(good.to_string().as_bytes());
    assert!(parse_export(&bom).is_ok(), "a BOM is fine");
    let mut v = good.clone();
    v["version"] = json!("1");
    assert_eq!(
        parse_export(v.to_string().as_bytes()),
        Err(ExportError::BadVersion)
    );
    let mut v = good.clone();
    v["exported"] = json!("yesterday");
    v["checksum"] = json!(checksum(&v));
    assert!(
        matches!(parse_export(v.to_string().as_bytes()), Err(ExportError::Invalid(m)) if m.contains("ISO 8601"))
    );
    let mut v = good;
    v["lessons"] = json!("none");
    v["checksum"] = json!(checksum(&v));
    assert!(matches!(
        parse_export(v.to_string().as_bytes()),
        Err(ExportError::Invalid(_))
    ));
}

#[test]
fn learner_text_is_escaped_in_html_and_neutralised_in_csv() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let evil = Ex {
        name: "<script>alert('x')</script>&",
        code: "=HYPERLINK(\"http://evil\",\"点我\")",
        ..full_course_a(Ex::default())
    }
    .write(dir.path(), "evil.json");
    let plus = Ex {
        id: "p2",
        name: "+SUM(1,2)",
        code: "@B2",
        ..Ex::default()
    }
    .write(dir.path(), "plus.json");
    let minus = Ex {
        id: "p3",
        name: "-1+1",
        code: "\tC3",
        ..Ex::default()
    }
    .write(dir.path(), "minus.json");
    let o = run(&[&"report", &evil, &plus, &minus, &"--out", &out]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = read(&out, "report.html");
    assert!(!html.contains("<script"), "names are escaped");
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"));
    assert!(!html.contains("http://evil\""), "the code is escaped too");
    for name in ["completion.csv", "attempts.csv"] {
        let text = read(&out, name);
        for line in text.lines().skip(1) {
            for bad in [
                ",=", ",+", ",-", ",@", ",\t", ",\"=", ",\"+", ",\"-", ",\"@",
            ] {
                assert!(!line.contains(bad), "{name}: a formula cell in {line:?}");
            }
            assert!(
                !line.starts_with(['=', '+', '-', '@', '\t']),
                "{name}: {line:?}"
            );
        }
        let rows = rows(&out, name);
        let codes: Vec<&str> = rows.iter().skip(1).map(|r| r[0].as_str()).collect();
        assert!(
            codes.contains(&"'=HYPERLINK(\"http://evil\",\"点我\")"),
            "{codes:?}"
        );
        assert!(codes.contains(&"'@B2") || name == "attempts.csv");
    }
    let rows = rows(&out, "completion.csv");
    assert!(rows.iter().any(|r| r[1] == "'+SUM(1,2)"));
    assert!(
        rows.iter().any(|r| r[1] == "'-1+1" && r[0] == "C3"),
        "codes are trimmed"
    );
}

#[test]
fn a_roster_lists_who_has_sent_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = d.join("out");
    full_course_a(Ex::default()).write(d, "zhang.json");
    // No learner code in this export: matched to the roster by name.
    Ex {
        id: "p-wang",
        name: "王五",
        code: "",
        ..Ex::default()
    }
    .write(d, "wang.json");
    Ex {
        id: "p-s",
        name: "赵六",
        code: "Z9",
        ..Ex::default()
    }
    .write(d, "stranger.json");
    let roster = d.join("roster.csv");
    std::fs::write(
        &roster,
        "\u{feff}学员编号,姓名,所属中心\r\na001,张三,粤海街道\r\nA002,李四,南山街道\r\nA003,王五,粤海街道\r\n,无编号,粤海街道\r\nA002,重复,南山街道\r\nA004,=cmd(),蛇口\r\n",
    )
    .unwrap();
    let o = run(&[&"report", &d, &"--roster", &roster, &"--out", &out]);
    let err = stderr(&o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "bad roster rows are skipped: {err}"
    );
    assert!(
        err.contains(&format!(
            "{}:5: error: roster row without a learner code",
            roster.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{}:6: error: learner code A002 appears twice",
            roster.display()
        )),
        "{err}"
    );
    assert!(err.contains("Z9 (赵六): 不在名单中"), "{err}");
    let rows = rows(&out, "completion.csv");
    let r = row(&rows, "A001", A);
    assert_eq!(
        (r[1].as_str(), r[2].as_str(), r[5].as_str()),
        ("张三", "粤海街道", "已完成"),
        "code matched without case"
    );
    let r = row(&rows, "A002", A);
    assert_eq!(
        (r[1].as_str(), r[2].as_str(), r[5].as_str()),
        ("李四", "南山街道", "未提交")
    );
    assert_eq!(
        row(&rows, "A003", A)[1],
        "王五",
        "matched by name, code taken from the roster"
    );
    assert_eq!(row(&rows, "A004", B)[1], "'=cmd()");
    let html = read(&out, "report.html");
    assert!(html.contains("未提交学习记录（2 人）"), "A002 and A004");
    assert!(html.contains("李四") && html.contains("南山街道"));
}

#[test]
fn folders_are_searched_and_xapi_files_beside_exports_are_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox/centre-1");
    std::fs::create_dir_all(&inbox).unwrap();
    full_course_a(Ex::default()).write(&inbox, "学习记录-张三.json");
    std::fs::write(inbox.join("学习记录-张三.xapi.json"), "[]").unwrap();
    std::fs::write(inbox.join("学习记录-张三.csv"), "\u{feff}记录\r\n").unwrap();
    let out = dir.path().join("report");
    let o = Command::new(BIN)
        .current_dir(dir.path())
        .args(["report", "inbox", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "--quiet prints nothing");
    let rows = rows(&out, "completion.csv");
    assert_eq!(
        row(&rows, "A001", A)[5],
        "已完成",
        "default output folder is ./report"
    );
}

#[test]
fn usage_errors_exit_2_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run(&[&"report"]);
    assert_eq!(o.status.code(), Some(2));
    let good = full_course_a(Ex::default()).write(dir.path(), "good.json");
    let o = run(&[
        &"report",
        &good,
        &"--roster",
        &dir.path().join("no-roster.csv"),
        &"--out",
        &out,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read the roster"));
    assert!(!out.exists());
}
