//! The HTML of a quiz. Without JavaScript it reads as a numbered list of questions
//! with their options; `quiz.js` turns it into a form. No answer, explanation,
//! feedback or hint appears in plain text (see `protect`).

use super::protect::obfuscate;
use super::{Answer, Question, QuestionKind, Quiz};
use std::fmt::Write;

pub(super) fn render(quiz: &Quiz) -> String {
    let id = esc(&quiz.id);
    let pass = number(quiz.pass_mark);
    let mut h = String::new();
    let _ = writeln!(
        h,
        "<section class=\"quiz\" id=\"{id}\" data-quiz=\"{id}\" data-pass=\"{pass}\" data-shuffle=\"{}\" data-reveal=\"{}\" data-attempts=\"{}\" aria-labelledby=\"{id}-title\">",
        u8::from(quiz.shuffle),
        u8::from(quiz.reveal),
        quiz.attempts.map(|a| a.to_string()).unwrap_or_default(),
    );
    let limit = quiz
        .attempts
        .map(|a| format!(" · 限做 {a} 次"))
        .unwrap_or_default();
    let _ = writeln!(
        h,
        "<p class=\"quiz-head\" id=\"{id}-title\"><strong>测验</strong> <span class=\"quiz-meta\">共 {} 题 · {pass} 分及格{limit}</span></p>",
        quiz.question_count
    );
    h.push_str("<ol class=\"quiz-questions\">\n");
    for q in &quiz.questions {
        question(&mut h, quiz, q);
    }
    h.push_str("</ol>\n<noscript><p class=\"quiz-nojs\">开启 JavaScript 后，可以在这里作答，查看得分和解析。</p></noscript>\n</section>\n");
    h
}

fn question(h: &mut String, quiz: &Quiz, q: &Question) {
    let _ = writeln!(
        h,
        "<li class=\"quiz-q\" id=\"{}-{}\" data-qid=\"{}\" data-type=\"{}\" data-ver=\"{}\" data-salt=\"{}\" data-key=\"{}\" data-secret=\"{}\">",
        esc(&quiz.id),
        esc(&q.id),
        esc(&q.id),
        q.kind.name(),
        q.content_hash,
        q.salt,
        q.answer_hashes().join(" "),
        secret(quiz, q),
    );
    if let Some(s) = &q.situation {
        let _ = writeln!(h, "<p class=\"quiz-situation\">{}</p>", esc(s));
    }
    let prompt = if q.kind == QuestionKind::Fill {
        blanks(&q.prompt)
    } else {
        esc(&q.prompt)
    };
    let _ = writeln!(
        h,
        "<p class=\"quiz-prompt\"><span class=\"quiz-type\">{}</span> {prompt}</p>",
        q.kind.label()
    );
    match q.kind {
        QuestionKind::TrueFalse => {
            h.push_str("<ul class=\"quiz-options quiz-tf\"><li>正确</li><li>错误</li></ul>\n")
        }
        QuestionKind::Order => {
            h.push_str("<ul class=\"quiz-steps\">");
            for i in q.display_order() {
                let _ = write!(h, "<li>{}</li>", esc(&q.steps[i]));
            }
            h.push_str("</ul>\n");
        }
        QuestionKind::Fill => {}
        _ => {
            h.push_str("<ol class=\"quiz-options\">");
            for o in &q.options {
                let _ = write!(h, "<li>{}</li>", esc(o));
            }
            h.push_str("</ol>\n");
        }
    }
    h.push_str("</li>\n");
}

/// The obfuscated JSON the script decodes: e = explanation, h = hint, f = feedback,
/// a = the right answer (only when the quiz reveals answers).
fn secret(quiz: &Quiz, q: &Question) -> String {
    let mut obj = serde_json::Map::new();
    if let Some(e) = &q.explanation {
        obj.insert("e".into(), e.clone().into());
    }
    if let Some(hint) = &q.hint {
        obj.insert("h".into(), hint.clone().into());
    }
    if !q.feedback.is_empty() {
        obj.insert("f".into(), serde_json::json!(q.feedback));
    }
    if quiz.reveal {
        let a = match &q.answer {
            Answer::Options(v) => serde_json::json!(v),
            Answer::Bool(b) => serde_json::json!(b),
            Answer::Text(v) => serde_json::json!(v[0]),
            Answer::Order => serde_json::json!(q.order_solution()),
        };
        obj.insert("a".into(), a);
    }
    obfuscate(&q.salt, &serde_json::Value::Object(obj).to_string())
}

/// Escapes the prompt and marks each run of two or more `_` as a blank.
fn blanks(prompt: &str) -> String {
    let mut out = String::new();
    let mut run = 0;
    let flush = |out: &mut String, run: usize| {
        if run >= 2 {
            let _ = write!(out, "<span class=\"quiz-blank\">{}</span>", "_".repeat(run));
        } else if run == 1 {
            out.push('_');
        }
    };
    for c in prompt.chars() {
        if c == '_' {
            run += 1;
            continue;
        }
        flush(&mut out, run);
        run = 0;
        out.push_str(&esc(c.encode_utf8(&mut [0; 4])));
    }
    flush(&mut out, run);
    out
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

use crate::escape::html as esc;
