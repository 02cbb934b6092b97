//! Quizzes: the ```quiz block format (TOML), its validation, and what the browser receives.
//!
//! Seam with the Markdown stage: `markdown` finds a fenced block whose info string is
//! `quiz`, and calls `parse_quiz` with the block's text and where it sits in the .md file;
//! on success it inserts `render_quiz_html` in place of the block.
//!
//! The browser side is `themes/default/static/quiz.js` (+ `quiz.css`). The page carries no
//! answer in plain text: each question holds a salted SHA-256 of its canonical answer and an
//! XOR-obfuscated blob with explanation, hint, feedback and (if `reveal`) the answer — see
//! `protect`. The hashing rules are pinned by `tests/vectors/quiz-hash.json`.

mod parse;
pub mod protect;
mod render;
mod spanned;

use crate::diagnostics::Diagnostic;
use std::path::Path;

pub use protect::{answer_hash, normalize_fill};

/// Where a quiz block's TOML sits in its Markdown file, to map errors back to it.
pub struct BlockOrigin<'a> {
    /// Path of the .md file as shown to the user.
    pub path: &'a Path,
    /// The whole .md file's text (for source lines in diagnostics).
    pub file_text: &'a str,
    /// 1-based line of the .md file where the block's first TOML line is.
    pub first_line: usize,
    /// Characters of indentation before each TOML line in the .md file (0 at top level).
    pub indent: usize,
}

/// Site-wide quiz defaults (from site.toml `[quiz]`).
#[derive(Debug, Clone)]
pub struct QuizDefaults {
    pub pass_mark: f64,
}

/// Keys allowed at the top of a quiz block.
pub const QUIZ_KEYS: &[&str] = &["id", "pass", "shuffle", "attempts", "reveal", "question"];
/// Keys allowed in a `[[question]]`.
pub const QUESTION_KEYS: &[&str] = &[
    "id",
    "type",
    "prompt",
    "situation",
    "options",
    "answer",
    "steps",
    "feedback",
    "explanation",
    "hint",
];

/// A parsed, validated quiz.
#[derive(Debug, Clone)]
pub struct Quiz {
    /// `quiz-N` (1-based position in the page) unless the block sets `id`.
    pub id: String,
    pub question_count: usize,
    /// Stable ids of the questions, in authored order.
    pub question_ids: Vec<String>,
    /// Pass mark in percent (0–100).
    pub pass_mark: f64,
    pub shuffle: bool,
    /// Attempt limit; `None` = unlimited.
    pub attempts: Option<u32>,
    /// Show the right answers after a wrong answer.
    pub reveal: bool,
    pub questions: Vec<Question>,
    /// 1-based .md line of the block's first TOML line.
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionKind {
    Single,
    Multiple,
    TrueFalse,
    Fill,
    Order,
    Scenario,
}

impl QuestionKind {
    pub const NAMES: &'static [&'static str] = &[
        "single",
        "multiple",
        "truefalse",
        "fill",
        "order",
        "scenario",
    ];

    pub fn from_name(name: &str) -> Option<QuestionKind> {
        Some(match name {
            "single" => QuestionKind::Single,
            "multiple" => QuestionKind::Multiple,
            "truefalse" => QuestionKind::TrueFalse,
            "fill" => QuestionKind::Fill,
            "order" => QuestionKind::Order,
            "scenario" => QuestionKind::Scenario,
            _ => return None,
        })
    }

    /// The name used in the block (`type = "…"`) and in the page (`data-type`).
    pub fn name(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
            QuestionKind::TrueFalse => "truefalse",
            QuestionKind::Fill => "fill",
            QuestionKind::Order => "order",
            QuestionKind::Scenario => "scenario",
        }
    }

    /// The Chinese label shown to learners.
    pub fn label(self) -> &'static str {
        match self {
            QuestionKind::Single => "单选",
            QuestionKind::Multiple => "多选",
            QuestionKind::TrueFalse => "判断",
            QuestionKind::Fill => "填空",
            QuestionKind::Order => "排序",
            QuestionKind::Scenario => "情景",
        }
    }

    /// Questions answered by choosing among `options`.
    pub fn has_options(self) -> bool {
        matches!(
            self,
            QuestionKind::Single | QuestionKind::Multiple | QuestionKind::Scenario
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// 1-based option numbers, ascending (exactly one for single and scenario).
    Options(Vec<usize>),
    Bool(bool),
    /// Every accepted answer, as written.
    Text(Vec<String>),
    /// Order questions: `steps` as written are the right order.
    Order,
}

#[derive(Debug, Clone)]
pub struct Question {
    /// Explicit `id`, else `q-` + a hash of type, prompt and situation.
    pub id: String,
    pub kind: QuestionKind,
    pub prompt: String,
    pub situation: Option<String>,
    /// Options of single/multiple/scenario questions (empty otherwise).
    pub options: Vec<String>,
    /// Steps of an order question, in the right order (empty otherwise).
    pub steps: Vec<String>,
    pub answer: Answer,
    /// One per option (per 正确/错误 for truefalse), or empty.
    pub feedback: Vec<String>,
    pub explanation: Option<String>,
    pub hint: Option<String>,
    /// Hash of all the question's fields: stored answers are kept only while it matches.
    pub content_hash: String,
    /// Per-question salt for the answer hash and the obfuscation keystream.
    pub salt: String,
    /// 1-based .md line of the question's `[[question]]` header.
    pub line: usize,
}

impl Question {
    /// Order questions: the page lists the steps in this order (indices into `steps`),
    /// never the right one.
    pub fn display_order(&self) -> Vec<usize> {
        protect::scramble(&self.salt, self.steps.len())
    }

    /// Canonical answer strings (several for fill), as hashed for the page:
    /// option numbers 1-based and comma-joined; `true`/`false`; normalised text;
    /// for order, the 1-based positions in the page's list, in the right order.
    pub fn canonical_answers(&self) -> Vec<String> {
        let join = |v: &[usize]| {
            v.iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(",")
        };
        match &self.answer {
            Answer::Options(v) => vec![join(v)],
            Answer::Bool(b) => vec![b.to_string()],
            Answer::Text(v) => {
                let mut out: Vec<String> = v.iter().map(|s| normalize_fill(s)).collect();
                out.dedup();
                out
            }
            Answer::Order => vec![join(&self.order_solution())],
        }
    }

    /// For order questions: the 1-based positions in the page's list, in the right order.
    pub fn order_solution(&self) -> Vec<usize> {
        let shown = self.display_order();
        (0..self.steps.len())
            .map(|step| shown.iter().position(|&s| s == step).unwrap_or(0) + 1)
            .collect()
    }

    /// The salted hashes the page carries for this question.
    pub fn answer_hashes(&self) -> Vec<String> {
        self.canonical_answers()
            .iter()
            .map(|c| answer_hash(&self.salt, c))
            .collect()
    }
}

/// Parses and validates one quiz block. `index` is the quiz's position in its page (0-based).
/// Returns every error of the block, each located in the .md file.
pub fn parse_quiz(
    toml_src: &str,
    origin: &BlockOrigin,
    defaults: &QuizDefaults,
    index: usize,
) -> Result<Quiz, Vec<Diagnostic>> {
    parse::parse(toml_src, origin, defaults, index)
}

/// The HTML that replaces the block in the page. Readable as a list without JavaScript;
/// answers are never present in plain text.
pub fn render_quiz_html(quiz: &Quiz) -> String {
    render::render(quiz)
}

/// Errors for quizzes of one page that share an id (two blocks with the same `id = "…"`).
pub fn duplicate_quiz_ids(quizzes: &[Quiz], path: &Path, file_text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, q) in quizzes.iter().enumerate() {
        if let Some(first) = quizzes[..i].iter().find(|p| p.id == q.id) {
            out.push(
                Diagnostic::error(path, q.line, 1, format!("duplicate quiz id `{}`", q.id))
                    .with_hint(format!(
                        "the quiz at line {} has the same id; give each quiz of a page its own id",
                        first.line
                    ))
                    .with_source(file_text),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests;
