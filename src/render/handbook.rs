//! 学习手册: a course printed as one document — its lessons in order, quizzes as plain
//! questions, and an answer key at the end that a trainer can tear off.

use super::{ContextBuilder, PageContext};
use crate::build::{render_template, write_error};
use crate::diagnostics::Diagnostic;
use crate::output::Sink;
use crate::quiz::{Answer, Quiz};
use crate::render::theme::Theme;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
struct HandbookContext {
    #[serde(flatten)]
    base: PageContext,
    course_title: String,
    intro: String,
    lessons: Vec<HandbookLesson>,
}

#[derive(Serialize)]
struct HandbookLesson {
    position: usize,
    title: String,
    anchor: String,
    content: String,
    /// Answer key entries of this lesson's quizzes.
    answers: Vec<KeyEntry>,
}

#[derive(Serialize)]
struct KeyEntry {
    number: usize,
    prompt: String,
    answer: String,
    explanation: String,
}

/// Writes `courses/<course>/handbook.html` for every course. `bodies` maps page index →
/// (body HTML, quizzes) for courses and lessons.
pub fn write_handbooks(
    tera: &tera::Tera,
    theme: &Theme,
    builder: &ContextBuilder,
    bodies: &HashMap<usize, (&str, &[Quiz])>,
    sink: &Sink,
) -> Result<usize, Vec<Diagnostic>> {
    use rayon::prelude::*;
    builder
        .structure
        .courses
        .par_iter()
        .try_for_each(|&course| {
            let (output, html) = render_handbook(tera, theme, builder, course, bodies)?;
            sink.write(&output, &html)
                .map_err(|e| vec![write_error(&output, e)])
        })?;
    Ok(builder.structure.courses.len())
}

/// One course's handbook: (output path, HTML). `bodies` needs the course and its lessons.
pub fn render_handbook(
    tera: &tera::Tera,
    theme: &Theme,
    builder: &ContextBuilder,
    course: usize,
    bodies: &HashMap<usize, (&str, &[Quiz])>,
) -> Result<(String, Vec<u8>), Vec<Diagnostic>> {
    let pages = &builder.site.pages;
    let output = handbook_output(&pages[course].output);
    let lessons = builder.structure.children[course]
        .iter()
        .enumerate()
        .map(|(i, &l)| {
            let (html, quizzes) = bodies.get(&l).copied().unwrap_or(("", &[]));
            let prefix = format!("l{}-", i + 1);
            HandbookLesson {
                position: i + 1,
                title: pages[l].front.title.clone(),
                anchor: format!("{prefix}lesson"),
                content: demote_headings(&prefix_ids(html, &prefix)),
                answers: answer_key(quizzes),
            }
        })
        .collect();
    let title = format!("{}（学习手册）", pages[course].front.title);
    let context = HandbookContext {
        base: builder.generated_context(&output, &title, "handbook"),
        course_title: pages[course].front.title.clone(),
        // The intro's own headings sit directly under the page title: not demoted.
        intro: prefix_ids(bodies.get(&course).map_or("", |b| b.0), "intro-"),
        lessons,
    };
    let html = render_template(tera, theme, "handbook.html", &context)?;
    Ok((output, html))
}

/// `courses/c/index.html` → `courses/c/handbook.html`.
pub fn handbook_output(course_output: &str) -> String {
    match course_output.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/handbook.html"),
        None => "handbook.html".to_string(),
    }
}

/// Makes the ids of one lesson unique in the combined page (every lesson has a 学习目标).
fn prefix_ids(html: &str, prefix: &str) -> String {
    let mut out = html.to_string();
    for attr in [
        "id=\"",
        "href=\"#",
        "aria-labelledby=\"",
        "aria-describedby=\"",
        "for=\"",
    ] {
        out = out.replace(attr, &format!("{attr}{prefix}"));
    }
    out
}

/// Lesson headings sit under the lesson's own `<h2>`: h2 → h3 and so on.
fn demote_headings(html: &str) -> String {
    let mut out = html.to_string();
    for level in (2..=5).rev() {
        out = out
            .replace(&format!("<h{level}"), &format!("<h{}", level + 1))
            .replace(&format!("</h{level}>"), &format!("</h{}>", level + 1));
    }
    out
}

fn answer_key(quizzes: &[Quiz]) -> Vec<KeyEntry> {
    let mut entries = Vec::new();
    for quiz in quizzes {
        for q in &quiz.questions {
            let answer = match &q.answer {
                Answer::Options(chosen) => chosen
                    .iter()
                    .map(|&n| {
                        format!(
                            "{}. {}",
                            letter(n),
                            q.options.get(n - 1).map(String::as_str).unwrap_or("")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("；"),
                Answer::Bool(true) => "正确".to_string(),
                Answer::Bool(false) => "错误".to_string(),
                Answer::Text(accepted) => accepted.join(" 或 "),
                Answer::Order => q
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(i, s)| format!("{}. {s}", i + 1))
                    .collect::<Vec<_>>()
                    .join(" → "),
            };
            entries.push(KeyEntry {
                number: entries.len() + 1,
                prompt: q.prompt.clone(),
                answer,
                explanation: q.explanation.clone().unwrap_or_default(),
            });
        }
    }
    entries
}

/// Option letters as the quiz shows them: 1 → A.
fn letter(n: usize) -> char {
    char::from_u32('A' as u32 + (n as u32).saturating_sub(1)).unwrap_or('?')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_prefixed_and_headings_demoted() {
        let html = "<h2 id=\"学习目标\">学习目标</h2><a href=\"#学习目标\">x</a><a href=\"other.html#a\">y</a>";
        let out = demote_headings(&prefix_ids(html, "l2-"));
        assert_eq!(out, "<h3 id=\"l2-学习目标\">学习目标</h3><a href=\"#l2-学习目标\">x</a><a href=\"other.html#a\">y</a>");
        assert_eq!(
            handbook_output("courses/c/index.html"),
            "courses/c/handbook.html"
        );
        assert_eq!(letter(3), 'C');
    }
}
