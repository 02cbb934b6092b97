//! The progress export (format `zhiyin-progress`, version 1) that a learner downloads from
//! 我的学习 and the trainer feeds to `zhiyin report`. Written by `buildExport` in
//! `themes/default/static/progress-tools.js`; documented in docs/progress.md; JSON Schema in
//! schema/progress-export.schema.json.

use super::canonical::checksum;
use super::time::parse_iso;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

pub const FORMAT: &str = "zhiyin-progress";
/// The newest format version this build reads and writes.
pub const VERSION: u64 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Export {
    pub format: String,
    pub version: u64,
    #[serde(default)]
    pub notice: String,
    pub exported: String,
    pub site: SiteRef,
    pub profile: Profile,
    pub courses: Vec<Course>,
    pub lessons: Vec<Lesson>,
    pub attempts: Vec<Attempt>,
    pub events: Vec<Event>,
    pub checksum: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteRef {
    pub id: String,
    #[serde(default)]
    pub build: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub code: String,
    pub created: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    NotStarted,
    InProgress,
    Completed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Course {
    pub key: String,
    pub title: String,
    /// Lesson page keys, in course order.
    pub lessons: Vec<String>,
    pub quizzes: Vec<QuizRef>,
    pub status: Status,
    pub lessons_read: u32,
    pub quizzes_passed: u32,
    pub score: Option<f64>,
    pub completed: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuizRef {
    pub page: String,
    pub id: String,
    pub pass_mark: f64,
    /// Question ids in the order the quiz shows them without shuffling.
    pub questions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Lesson {
    pub key: String,
    pub course: Option<String>,
    pub title: Option<String>,
    pub first_visit: Option<String>,
    pub last_visit: Option<String>,
    pub visits: u32,
    pub read: Option<String>,
    pub read_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attempt {
    pub page: String,
    pub quiz: String,
    pub course: Option<String>,
    pub time: String,
    pub score: f64,
    pub passed: bool,
    pub pass_mark: Option<f64>,
    pub answers: Vec<Answer>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub question: String,
    pub correct: bool,
    pub given: Value,
    #[serde(default)]
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub time: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quiz: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub course: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

/// Why a file is not a usable export; its Display is the message after `path: error: `.
#[derive(Debug, Clone, PartialEq)]
pub enum ExportError {
    NotJson(String),
    Foreign(String),
    BadVersion,
    Newer(u64),
    Checksum,
    Invalid(String),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::NotJson(e) => write!(f, "not valid JSON, the file is truncated or corrupted ({e})"),
            ExportError::Foreign(what) => write!(f, "not a zhiyin progress export ({what})"),
            ExportError::BadVersion => write!(f, "the format version is missing or not a whole number"),
            ExportError::Newer(v) => write!(
                f,
                "format version {v} is newer than this zhiyin reads (up to {VERSION}); update zhiyin"
            ),
            ExportError::Checksum => write!(
                f,
                "checksum mismatch: the file was changed or corrupted after it was exported"
            ),
            ExportError::Invalid(e) => write!(f, "does not match the export format: {e}"),
        }
    }
}

/// Reads and checks one export: JSON, format name, version, checksum, then the structure
/// and the values (times, scores). Checks run in that order, so the message names the
/// first thing wrong.
pub fn parse_export(bytes: &[u8]) -> Result<Export, ExportError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| ExportError::NotJson(e.to_string()))?;
    let obj = match &value {
        Value::Object(o) => o,
        Value::Array(items) if items.iter().any(|s| s.get("verb").is_some()) => {
            return Err(ExportError::Foreign(
                "this is a file of xAPI statements; send the .json progress export instead".into(),
            ))
        }
        _ => return Err(ExportError::Foreign("the file holds no JSON object".into())),
    };
    match obj.get("format") {
        Some(Value::String(s)) if s == FORMAT => {}
        Some(Value::String(s)) => {
            return Err(ExportError::Foreign(format!("its format is \"{s}\"")))
        }
        _ => return Err(ExportError::Foreign("it has no \"format\" field".into())),
    }
    let version = obj
        .get("version")
        .and_then(Value::as_u64)
        .filter(|v| *v >= 1)
        .ok_or(ExportError::BadVersion)?;
    if version > VERSION {
        return Err(ExportError::Newer(version));
    }
    match obj.get("checksum") {
        Some(Value::String(c)) if *c == checksum(&value) => {}
        Some(Value::String(_)) => return Err(ExportError::Checksum),
        _ => {
            return Err(ExportError::Invalid(
                "the \"checksum\" field is missing".into(),
            ))
        }
    }
    let export: Export =
        serde_json::from_value(value).map_err(|e| ExportError::Invalid(e.to_string()))?;
    export.check()?;
    Ok(export)
}

impl Export {
    /// The checks serde cannot make: times are ISO 8601, scores 0–100, names present.
    fn check(&self) -> Result<(), ExportError> {
        let bad = |what: String| Err(ExportError::Invalid(what));
        let time = |t: &str, what: &str| -> Result<(), ExportError> {
            if parse_iso(t).is_none() {
                return Err(ExportError::Invalid(format!(
                    "{what} \"{t}\" is not an ISO 8601 date-time"
                )));
            }
            Ok(())
        };
        if self.site.id.trim().is_empty() {
            return bad("site.id is empty".into());
        }
        if self.profile.id.trim().is_empty() || self.profile.name.trim().is_empty() {
            return bad("the learner's id or name is empty".into());
        }
        time(&self.exported, "exported")?;
        for c in &self.courses {
            if let Some(s) = c.score {
                if !(0.0..=100.0).contains(&s) {
                    return bad(format!("course {} has score {s}, outside 0–100", c.key));
                }
            }
            if let Some(t) = &c.completed {
                time(t, "course completion time")?;
            }
        }
        for l in &self.lessons {
            for t in [&l.first_visit, &l.last_visit, &l.read]
                .into_iter()
                .flatten()
            {
                time(t, "lesson time")?;
            }
        }
        for a in &self.attempts {
            time(&a.time, "attempt time")?;
            if !(0.0..=100.0).contains(&a.score) {
                return bad(format!(
                    "an attempt at {}#{} has score {}, outside 0–100",
                    a.page, a.quiz, a.score
                ));
            }
        }
        for e in &self.events {
            time(&e.time, "event time")?;
        }
        Ok(())
    }

    /// The learner's code as the report matches it (trimmed, upper case), if any.
    pub fn learner_code(&self) -> Option<String> {
        let c = self.profile.code.trim().to_uppercase();
        (!c.is_empty()).then_some(c)
    }
}

/// Serialises an export the way the browser does (with its checksum recomputed); for tests
/// and fixtures.
pub fn to_json(export: &Export) -> String {
    let mut value = serde_json::to_value(export).unwrap_or(Value::Null);
    let sum = checksum(&value);
    if let Value::Object(o) = &mut value {
        o.insert("checksum".into(), Value::String(sum));
    }
    serde_json::to_string_pretty(&value).unwrap_or_default()
}
