//! `zhiyin report`: many learners' exports in, a cohort report out (completion.csv,
//! attempts.csv, questions.csv, report.html).
//!
//! Every input file is read on its own; a bad one (unreadable, malformed, truncated, foreign,
//! from a newer format, checksum mismatch, another site) is skipped with one line naming it
//! and why, and the report is still written from the rest. Exports of one learner (same
//! learner code, or same profile id when there is no code) are merged; disagreements are
//! flagged, not hidden.

use super::csv;
use super::export::{parse_export, Attempt, Course, Export, Status};
use super::html;
use super::time::{date_cst, datetime_cst};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

pub struct ReportOptions {
    /// Export files, or folders searched (recursively) for `*.json` exports.
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    /// A CSV of learner code, name, centre: lists who has sent nothing.
    pub roster: Option<PathBuf>,
    /// The site the report is for; by default the site most exports come from.
    pub site: Option<String>,
}

/// An input left out of the report, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub path: PathBuf,
    /// 1-based line, for roster rows.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}: error: {}", self.path.display(), self.message),
            None => write!(f, "{}: error: {}", self.path.display(), self.message),
        }
    }
}

/// A usage error (exit status 2): nothing was written.
#[derive(Debug, Clone, PartialEq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Default)]
pub struct ReportSummary {
    pub site: Option<String>,
    /// Exports read and used.
    pub files: usize,
    pub learners: usize,
    /// Roster entries with no export.
    pub missing: usize,
    pub skipped: Vec<Skipped>,
    /// One line per disagreement between exports of one learner (or roster problem).
    pub flags: Vec<String>,
    pub written: Vec<PathBuf>,
    /// Files that could not be written.
    pub write_errors: Vec<String>,
}

impl ReportSummary {
    /// 0 when everything was read and written, 1 when anything was skipped or not written.
    pub fn exit_code(&self) -> u8 {
        u8::from(!self.skipped.is_empty() || !self.write_errors.is_empty())
    }
}

/// A roster line: the learners a trainer expects exports from.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterEntry {
    pub code: String,
    pub name: String,
    pub centre: String,
}

/// One course of one learner, from all their exports.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub status: Status,
    pub score: Option<f64>,
    pub completed: Option<String>,
    pub lessons_read: usize,
    pub lessons: usize,
    pub quizzes_passed: usize,
    pub quizzes: usize,
}

#[derive(Debug, Clone)]
pub struct AttemptRow {
    pub attempt: Attempt,
    pub file: PathBuf,
}

/// A learner: their exports merged (or a roster entry with none).
#[derive(Debug, Clone)]
pub struct Learner {
    pub code: String,
    pub name: String,
    pub centre: String,
    pub files: Vec<PathBuf>,
    pub outcomes: BTreeMap<String, Outcome>,
    pub attempts: Vec<AttemptRow>,
    pub last_activity: Option<String>,
    pub flags: Vec<String>,
    pub on_roster: bool,
}

impl Learner {
    pub fn sent_nothing(&self) -> bool {
        self.files.is_empty()
    }
}

/// Per-question results over every attempt of every learner.
#[derive(Debug, Clone, Default)]
pub struct QuestionStats {
    pub course: String,
    pub page: String,
    pub quiz: String,
    pub position: Option<usize>,
    pub question: String,
    pub learners: BTreeSet<String>,
    pub answers: usize,
    pub correct: usize,
}

impl QuestionStats {
    pub fn rate(&self) -> f64 {
        if self.answers == 0 {
            0.0
        } else {
            self.correct as f64 * 100.0 / self.answers as f64
        }
    }
}

/// Everything the output files are made from.
#[derive(Debug, Default)]
pub struct Cohort {
    pub site_title: String,
    pub site_id: String,
    pub courses: Vec<CourseInfo>,
    pub learners: Vec<Learner>,
    pub questions: Vec<QuestionStats>,
    pub lesson_titles: HashMap<String, String>,
    pub has_roster: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CourseInfo {
    pub key: String,
    pub title: String,
}

/// Runs a report: reads, merges, writes. Usage errors (no inputs, unreadable roster, output
/// folder not creatable) stop before anything is written.
pub fn report(opts: &ReportOptions) -> Result<ReportSummary, UsageError> {
    if opts.inputs.is_empty() {
        return Err(UsageError("give at least one export file or folder".into()));
    }
    let mut summary = ReportSummary::default();
    let roster = match &opts.roster {
        Some(path) => Some(read_roster(path, &mut summary)?),
        None => None,
    };
    let mut exports: Vec<(PathBuf, Export)> = Vec::new();
    for path in collect_files(&opts.inputs, &mut summary) {
        match std::fs::read(&path) {
            Err(e) => summary
                .skipped
                .push(skip(&path, format!("cannot read: {e}"))),
            Ok(bytes) => match parse_export(&bytes) {
                Ok(export) => exports.push((path, export)),
                Err(e) => summary.skipped.push(skip(&path, e.to_string())),
            },
        }
    }
    let site = opts.site.clone().or_else(|| majority_site(&exports));
    if let Some(site) = &site {
        exports.retain(|(path, e)| {
            let keep = e.site.id == *site;
            if !keep {
                summary.skipped.push(skip(
                    path,
                    format!(
                        "exported from site \"{}\", but this report is for site \"{site}\" (choose with --site)",
                        e.site.id
                    ),
                ));
            }
            keep
        });
    }
    summary.site = site;
    summary.files = exports.len();
    let cohort = build_cohort(exports, roster.as_deref(), &mut summary.flags);
    summary.learners = cohort.learners.iter().filter(|l| !l.sent_nothing()).count();
    summary.missing = cohort.learners.iter().filter(|l| l.sent_nothing()).count();

    std::fs::create_dir_all(&opts.out).map_err(|e| {
        UsageError(format!(
            "{}: error: cannot create the output folder: {e}",
            opts.out.display()
        ))
    })?;
    let files = [
        ("completion.csv", completion_csv(&cohort)),
        ("attempts.csv", attempts_csv(&cohort)),
        ("questions.csv", questions_csv(&cohort)),
        ("report.html", html::render(&cohort, &summary)),
    ];
    for (name, text) in files {
        let path = opts.out.join(name);
        match std::fs::write(&path, text) {
            Ok(()) => summary.written.push(path),
            Err(e) => summary
                .write_errors
                .push(format!("{}: error: cannot write: {e}", path.display())),
        }
    }
    Ok(summary)
}

fn skip(path: &Path, message: String) -> Skipped {
    Skipped {
        path: path.to_path_buf(),
        line: None,
        message,
    }
}

/// Files named on the command line are read whatever their name; folders are searched for
/// `*.json`, leaving out `*.xapi.json` (the xAPI download sits beside the export).
fn collect_files(inputs: &[PathBuf], summary: &mut ReportSummary) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(input)
                .follow_links(true)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .filter(|p| {
                    let name = p
                        .file_name()
                        .and_then(|n| n.to_str())
                        .unwrap_or("")
                        .to_lowercase();
                    name.ends_with(".json")
                        && !name.ends_with(".xapi.json")
                        && !name.starts_with('.')
                })
                .collect();
            found.sort();
            if found.is_empty() {
                summary
                    .flags
                    .push(format!("{}：文件夹里没有 .json 学习记录", input.display()));
            }
            files.extend(found);
        } else if input.exists() {
            files.push(input.clone());
        } else {
            summary
                .skipped
                .push(skip(input, "no such file or folder".into()));
        }
    }
    let mut seen = BTreeSet::new();
    files.retain(|f| seen.insert(f.canonicalize().unwrap_or_else(|_| f.clone())));
    files
}

fn majority_site(exports: &[(PathBuf, Export)]) -> Option<String> {
    // Most exports wins; on a tie, the site of the newest export.
    let mut counts: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    for (_, e) in exports {
        let entry = counts.entry(e.site.id.as_str()).or_insert((0, ""));
        entry.0 += 1;
        entry.1 = entry.1.max(e.exported.as_str());
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(id, _)| id.to_string())
}

/// Reads the roster: a header line is recognised (编号/code, 姓名/name, 中心/centre) and
/// otherwise the columns are code, name, centre. Bad rows are skipped with their line.
pub fn read_roster(
    path: &Path,
    summary: &mut ReportSummary,
) -> Result<Vec<RosterEntry>, UsageError> {
    let bytes = std::fs::read(path).map_err(|e| {
        UsageError(format!(
            "{}: error: cannot read the roster: {e}",
            path.display()
        ))
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        // Excel in China saves CSV as GBK by default.
        Err(e) => encoding_rs::GBK.decode(e.as_bytes()).0.into_owned(),
    };
    let rows = csv::parse(&text);
    let mut cols = (0usize, 1usize, 2usize);
    let mut body = &rows[..];
    if let Some((_, first)) = rows.first() {
        let find = |words: &[&str]| {
            first.iter().position(|c| {
                let c = c.trim().to_lowercase();
                words.iter().any(|w| c.contains(w))
            })
        };
        let code = find(&["编号", "学号", "code", "id"]);
        let name = find(&["姓名", "名字", "name"]);
        if code.is_some() || name.is_some() {
            let centre = find(&["中心", "社区", "单位", "centre", "center", "site"]);
            cols = (
                code.unwrap_or(usize::MAX),
                name.unwrap_or(usize::MAX),
                centre.unwrap_or(usize::MAX),
            );
            body = &rows[1..];
        }
    }
    let get =
        |row: &[String], i: usize| row.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
    let mut entries: Vec<RosterEntry> = Vec::new();
    let mut codes = BTreeSet::new();
    for (line, row) in body {
        let entry = RosterEntry {
            code: get(row, cols.0),
            name: get(row, cols.1),
            centre: get(row, cols.2),
        };
        let bad = |message: &str| Skipped {
            path: path.to_path_buf(),
            line: Some(*line),
            message: message.into(),
        };
        if entry.code.is_empty() {
            summary
                .skipped
                .push(bad("roster row without a learner code"));
            continue;
        }
        if !codes.insert(entry.code.to_uppercase()) {
            summary.skipped.push(bad(&format!(
                "learner code {} appears twice in the roster",
                entry.code
            )));
            continue;
        }
        entries.push(entry);
    }
    Ok(entries)
}

/// Merges exports into learners, matches them to the roster, computes outcomes and
/// per-question statistics.
pub fn build_cohort(
    mut exports: Vec<(PathBuf, Export)>,
    roster: Option<&[RosterEntry]>,
    flags: &mut Vec<String>,
) -> Cohort {
    // Newest export first: its course list, titles and name win.
    exports.sort_by(|a, b| b.1.exported.cmp(&a.1.exported).then_with(|| a.0.cmp(&b.0)));
    let mut cohort = Cohort {
        has_roster: roster.is_some(),
        ..Cohort::default()
    };
    if let Some((_, e)) = exports.first() {
        cohort.site_title = e.site.title.clone();
        cohort.site_id = e.site.id.clone();
    }
    let mut structure: BTreeMap<String, Course> = BTreeMap::new();
    for (_, e) in &exports {
        for c in &e.courses {
            if !structure.contains_key(&c.key) {
                cohort.courses.push(CourseInfo {
                    key: c.key.clone(),
                    title: c.title.clone(),
                });
                structure.insert(c.key.clone(), c.clone());
            }
        }
        for l in &e.lessons {
            if let Some(t) = &l.title {
                cohort
                    .lesson_titles
                    .entry(l.key.clone())
                    .or_insert_with(|| t.clone());
            }
        }
    }

    // Group: learner code, else profile id.
    let mut groups: Vec<(String, Vec<(PathBuf, Export)>)> = Vec::new();
    for (path, e) in exports {
        let key = e
            .learner_code()
            .unwrap_or_else(|| format!("\u{0}{}", e.profile.id));
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push((path, e)),
            None => groups.push((key, vec![(path, e)])),
        }
    }
    let mut learners: Vec<Learner> = groups
        .into_iter()
        .map(|(_, list)| merge_learner(list, &structure))
        .collect();

    if let Some(roster) = roster {
        let mut matched = vec![false; roster.len()];
        for l in &mut learners {
            let code = l.code.trim().to_uppercase();
            let by_code = roster
                .iter()
                .position(|r| !code.is_empty() && r.code.to_uppercase() == code);
            let by_name = || {
                let same: Vec<usize> = (0..roster.len())
                    .filter(|&i| roster[i].name == l.name)
                    .collect();
                (code.is_empty() && same.len() == 1).then(|| same[0])
            };
            match by_code.or_else(by_name) {
                Some(i) => {
                    let r = &roster[i];
                    if matched[i] {
                        l.flags
                            .push(format!("名单上的 {} 对应了不止一位学员", r.code));
                    }
                    matched[i] = true;
                    l.on_roster = true;
                    l.centre = r.centre.clone();
                    if l.code.is_empty() {
                        l.code = r.code.clone();
                    }
                    if !r.name.is_empty() && r.name != l.name {
                        l.flags
                            .push(format!("名单上 {} 的姓名是 {}", r.code, r.name));
                    }
                }
                None => l.flags.push("不在名单中".into()),
            }
        }
        for (i, r) in roster.iter().enumerate() {
            if !matched[i] {
                learners.push(Learner {
                    code: r.code.clone(),
                    name: r.name.clone(),
                    centre: r.centre.clone(),
                    files: Vec::new(),
                    outcomes: BTreeMap::new(),
                    attempts: Vec::new(),
                    last_activity: None,
                    flags: Vec::new(),
                    on_roster: true,
                });
            }
        }
    }
    learners.sort_by(|a, b| {
        (
            a.centre.as_str(),
            a.code.is_empty(),
            a.code.as_str(),
            a.name.as_str(),
        )
            .cmp(&(
                b.centre.as_str(),
                b.code.is_empty(),
                b.code.as_str(),
                b.name.as_str(),
            ))
    });
    for l in &learners {
        for f in &l.flags {
            flags.push(format!("{}: {f}", who(l)));
        }
    }

    // Per question: every answer of every learner's attempts.
    let mut questions: BTreeMap<(usize, String, String, usize, String), QuestionStats> =
        BTreeMap::new();
    let course_pos: HashMap<&str, usize> = cohort
        .courses
        .iter()
        .enumerate()
        .map(|(i, c)| (c.key.as_str(), i))
        .collect();
    for l in &learners {
        let id = if l.code.is_empty() {
            l.name.clone()
        } else {
            l.code.clone()
        };
        for row in &l.attempts {
            let a = &row.attempt;
            let course = a.course.clone().unwrap_or_default();
            let quiz = structure.get(&course).and_then(|c| {
                c.quizzes
                    .iter()
                    .find(|q| q.page == a.page && q.id == a.quiz)
            });
            for ans in &a.answers {
                let position =
                    quiz.and_then(|q| q.questions.iter().position(|x| *x == ans.question));
                let key = (
                    course_pos
                        .get(course.as_str())
                        .copied()
                        .unwrap_or(usize::MAX),
                    a.page.clone(),
                    a.quiz.clone(),
                    position.unwrap_or(usize::MAX),
                    ans.question.clone(),
                );
                let q = questions.entry(key).or_insert_with(|| QuestionStats {
                    course: course.clone(),
                    page: a.page.clone(),
                    quiz: a.quiz.clone(),
                    position: position.map(|p| p + 1),
                    question: ans.question.clone(),
                    ..QuestionStats::default()
                });
                q.learners.insert(id.clone());
                q.answers += 1;
                q.correct += usize::from(ans.correct);
            }
        }
    }
    cohort.questions = questions.into_values().collect();
    cohort.learners = learners;
    cohort
}

fn who(l: &Learner) -> String {
    if l.code.is_empty() {
        l.name.clone()
    } else {
        format!("{} ({})", l.code, l.name)
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// One learner from one or more exports (newest first).
fn merge_learner(list: Vec<(PathBuf, Export)>, structure: &BTreeMap<String, Course>) -> Learner {
    let newest = &list[0].1;
    let mut flags = Vec::new();
    let names: BTreeSet<&str> = list.iter().map(|(_, e)| e.profile.name.trim()).collect();
    if names.len() > 1 {
        let detail: Vec<String> = list
            .iter()
            .map(|(p, e)| format!("{}：{}", file_name(p), e.profile.name))
            .collect();
        flags.push(format!(
            "冲突：导出文件中的姓名不同（{}）",
            detail.join("；")
        ));
    }
    let mut seen_checksums = BTreeSet::new();
    let mut read: HashMap<String, String> = HashMap::new();
    let mut visited: BTreeSet<String> = BTreeSet::new();
    let mut attempts: BTreeMap<(String, String, String), AttemptRow> = BTreeMap::new();
    let mut last: Option<String> = None;
    let mut declared: HashMap<String, String> = HashMap::new();
    let mut bump = |t: &Option<String>| {
        if let Some(t) = t {
            if last.as_ref().is_none_or(|l| t > l) {
                last = Some(t.clone());
            }
        }
    };
    for (path, e) in &list {
        if !seen_checksums.insert(e.checksum.clone()) {
            continue; // the same export twice
        }
        for l in &e.lessons {
            visited.insert(l.key.clone());
            bump(&l.last_visit);
            bump(&l.read);
            if let Some(t) = &l.read {
                let entry = read.entry(l.key.clone()).or_insert_with(|| t.clone());
                if t < entry {
                    *entry = t.clone();
                }
            }
        }
        for a in &e.attempts {
            bump(&Some(a.time.clone()));
            let key = (a.page.clone(), a.quiz.clone(), a.time.clone());
            match attempts.get(&key) {
                Some(prev) if prev.attempt != *a => flags.push(format!(
                    "冲突：{} 和 {} 中 {}#{} 在 {} 的作答记录不一致（得分 {} 和 {}）",
                    file_name(&prev.file),
                    file_name(path),
                    a.page,
                    a.quiz,
                    a.time,
                    super::canonical::js_number(prev.attempt.score),
                    super::canonical::js_number(a.score),
                )),
                Some(_) => {}
                None => {
                    attempts.insert(
                        key,
                        AttemptRow {
                            attempt: a.clone(),
                            file: path.clone(),
                        },
                    );
                }
            }
        }
        for c in &e.courses {
            if let (Status::Completed, Some(t)) = (c.status, &c.completed) {
                let entry = declared.entry(c.key.clone()).or_insert_with(|| t.clone());
                if t < entry {
                    *entry = t.clone();
                }
            }
        }
    }
    let mut rows: Vec<AttemptRow> = attempts.into_values().collect();
    rows.sort_by(|a, b| a.attempt.time.cmp(&b.attempt.time));
    let mut outcomes = BTreeMap::new();
    for (key, course) in structure {
        outcomes.insert(
            key.clone(),
            outcome(course, &read, &visited, &rows, declared.get(key)),
        );
    }
    Learner {
        code: newest.profile.code.trim().to_string(),
        name: newest.profile.name.trim().to_string(),
        centre: String::new(),
        files: list.iter().map(|(p, _)| p.clone()).collect(),
        outcomes,
        attempts: rows,
        last_activity: last,
        flags,
        on_roster: false,
    }
}

/// The course rule of the browser (progress.js `courseState`), over merged records: every
/// lesson read and every quiz passed; the date is when the last of them happened; the score
/// is the mean of the best scores (rounded down). A completion an export declares stands.
fn outcome(
    course: &Course,
    read: &HashMap<String, String>,
    visited: &BTreeSet<String>,
    attempts: &[AttemptRow],
    declared: Option<&String>,
) -> Outcome {
    let mut done: Option<String> = None;
    let mut later = |t: &String| {
        if done.as_ref().is_none_or(|d| t > d) {
            done = Some(t.clone());
        }
    };
    let mut lessons_read = 0;
    let mut seen = false;
    for l in &course.lessons {
        if let Some(t) = read.get(l) {
            lessons_read += 1;
            later(t);
        }
    }
    let (mut passed, mut sum, mut scored) = (0, 0.0, 0);
    for q in &course.quizzes {
        let mine: Vec<&Attempt> = attempts
            .iter()
            .map(|r| &r.attempt)
            .filter(|a| a.page == q.page && a.quiz == q.id)
            .collect();
        if mine.is_empty() {
            continue;
        }
        seen = true;
        sum += mine.iter().map(|a| a.score).fold(f64::MIN, f64::max);
        scored += 1;
        if let Some(first_pass) = mine.iter().filter(|a| a.passed).map(|a| &a.time).min() {
            passed += 1;
            later(first_pass);
        }
    }
    let complete = !course.lessons.is_empty()
        && lessons_read == course.lessons.len()
        && passed == course.quizzes.len();
    let completed = match (complete.then_some(done).flatten(), declared) {
        (Some(a), Some(b)) => Some(if &a < b { a } else { b.clone() }),
        (a, b) => a.or_else(|| b.cloned()),
    };
    let visited = seen || course.lessons.iter().any(|l| visited.contains(l));
    Outcome {
        status: if completed.is_some() {
            Status::Completed
        } else if visited {
            Status::InProgress
        } else {
            Status::NotStarted
        },
        score: (scored > 0).then(|| (sum / scored as f64 + 1e-9).floor()),
        completed,
        lessons_read,
        lessons: course.lessons.len(),
        quizzes_passed: passed,
        quizzes: course.quizzes.len(),
    }
}

pub fn status_label(s: Status) -> &'static str {
    match s {
        Status::Completed => "已完成",
        Status::InProgress => "学习中",
        Status::NotStarted => "未开始",
    }
}

pub const NOTHING_SENT: &str = "未提交";

fn num(f: Option<f64>) -> String {
    f.map(super::canonical::js_number).unwrap_or_default()
}

fn completion_csv(c: &Cohort) -> String {
    let mut rows = vec![strings(&[
        "学员编号",
        "姓名",
        "所属中心",
        "课程",
        "课程名称",
        "状态",
        "得分",
        "完成日期",
        "已读课数",
        "课数",
        "通过测验数",
        "测验数",
        "最近学习",
        "导出文件",
        "备注",
    ])];
    for l in &c.learners {
        let files: Vec<String> = l.files.iter().map(|p| file_name(p)).collect();
        let note = l.flags.join("; ");
        let last = l.last_activity.as_deref().map(date_cst).unwrap_or_default();
        for course in &c.courses {
            let mut row = vec![
                l.code.clone(),
                l.name.clone(),
                l.centre.clone(),
                course.key.clone(),
                course.title.clone(),
            ];
            match l.outcomes.get(&course.key) {
                Some(o) if !l.sent_nothing() => row.extend([
                    status_label(o.status).to_string(),
                    num(o.score),
                    o.completed.as_deref().map(date_cst).unwrap_or_default(),
                    o.lessons_read.to_string(),
                    o.lessons.to_string(),
                    o.quizzes_passed.to_string(),
                    o.quizzes.to_string(),
                ]),
                _ => row.extend(
                    [if l.sent_nothing() {
                        NOTHING_SENT
                    } else {
                        "未开始"
                    }
                    .to_string()]
                    .into_iter()
                    .chain(std::iter::repeat_n(String::new(), 6)),
                ),
            }
            row.extend([last.clone(), files.join(" "), note.clone()]);
            rows.push(row);
        }
        if c.courses.is_empty() && l.sent_nothing() {
            let mut row = vec![
                l.code.clone(),
                l.name.clone(),
                l.centre.clone(),
                String::new(),
                String::new(),
                NOTHING_SENT.into(),
            ];
            row.resize(15, String::new());
            rows.push(row);
        }
    }
    csv::document(&rows)
}

fn attempts_csv(c: &Cohort) -> String {
    let mut rows = vec![strings(&[
        "学员编号",
        "姓名",
        "所属中心",
        "课程",
        "课",
        "课名",
        "测验",
        "时间",
        "得分",
        "及格分",
        "结果",
        "答对题数",
        "题数",
        "导出文件",
    ])];
    for l in &c.learners {
        for r in &l.attempts {
            let a = &r.attempt;
            rows.push(vec![
                l.code.clone(),
                l.name.clone(),
                l.centre.clone(),
                a.course.clone().unwrap_or_default(),
                a.page.clone(),
                c.lesson_titles.get(&a.page).cloned().unwrap_or_default(),
                a.quiz.clone(),
                a.time.clone(),
                super::canonical::js_number(a.score),
                num(a.pass_mark),
                if a.passed { "通过" } else { "未通过" }.into(),
                a.answers.iter().filter(|x| x.correct).count().to_string(),
                a.answers.len().to_string(),
                file_name(&r.file),
            ]);
        }
    }
    csv::document(&rows)
}

fn questions_csv(c: &Cohort) -> String {
    let titles: HashMap<&str, &str> = c
        .courses
        .iter()
        .map(|x| (x.key.as_str(), x.title.as_str()))
        .collect();
    let mut rows = vec![strings(&[
        "课程",
        "课程名称",
        "课",
        "课名",
        "测验",
        "题号",
        "题目编号",
        "作答人数",
        "作答次数",
        "答对次数",
        "正确率(%)",
    ])];
    for q in &c.questions {
        rows.push(vec![
            q.course.clone(),
            titles
                .get(q.course.as_str())
                .map(|s| s.to_string())
                .unwrap_or_default(),
            q.page.clone(),
            c.lesson_titles.get(&q.page).cloned().unwrap_or_default(),
            q.quiz.clone(),
            q.position.map(|p| p.to_string()).unwrap_or_default(),
            q.question.clone(),
            q.learners.len().to_string(),
            q.answers.to_string(),
            q.correct.to_string(),
            format!("{:.1}", q.rate()),
        ]);
    }
    csv::document(&rows)
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| s.to_string()).collect()
}

/// `zhiyin report`: runs, prints skipped files and flags to stderr and a summary to stdout,
/// and returns the exit status (0 ok, 1 something skipped, 2 usage error).
pub fn run_cli(opts: &ReportOptions, quiet: bool) -> u8 {
    match report(opts) {
        Err(e) => {
            eprintln!("{e}");
            2
        }
        Ok(summary) => {
            for s in &summary.skipped {
                eprintln!("{s}");
            }
            for f in &summary.flags {
                eprintln!("warning: {f}");
            }
            for e in &summary.write_errors {
                eprintln!("{e}");
            }
            if !quiet {
                println!(
                    "report: {} learners from {} files{}{} → {}",
                    summary.learners,
                    summary.files,
                    if summary.missing > 0 {
                        format!(", {} on the roster sent nothing", summary.missing)
                    } else {
                        String::new()
                    },
                    if summary.skipped.is_empty() {
                        String::new()
                    } else {
                        format!(", {} skipped", summary.skipped.len())
                    },
                    opts.out.join("report.html").display()
                );
            }
            summary.exit_code()
        }
    }
}

/// The time a report was made, for its page.
pub fn now_cst() -> String {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    datetime_cst(t)
}
