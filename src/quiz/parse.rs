//! Parsing and validation of a ```quiz block. Every error of the block is collected,
//! each pointing at the key or value it is about, in .md coordinates.

use super::protect::{normalize_fill, sha256_hex};
use super::spanned::{Key, Node, Val};
use super::{
    Answer, BlockOrigin, Question, QuestionKind, Quiz, QuizDefaults, QUESTION_KEYS, QUIZ_KEYS,
};
use crate::diagnostics::{did_you_mean, line_col, Diagnostic};

struct Cx<'a> {
    src: &'a str,
    origin: &'a BlockOrigin<'a>,
    errors: Vec<Diagnostic>,
}

impl Cx<'_> {
    /// .md line and column of a byte offset in the block.
    fn pos(&self, offset: usize) -> (usize, usize) {
        let (line, col) = line_col(self.src, offset);
        (self.origin.first_line + line - 1, col + self.origin.indent)
    }

    fn error(&mut self, offset: usize, message: impl Into<String>, hint: impl Into<String>) {
        let (line, col) = self.pos(offset);
        self.errors.push(
            Diagnostic::error(self.origin.path, line, col, message)
                .with_hint(hint)
                .with_source(self.origin.file_text),
        );
    }

    fn wrong_type(&mut self, node: &Node, key: &str, expected: &str, example: &str) {
        let got = node.get_ref().kind();
        self.error(
            node.span().start,
            format!("`{key}` must be {expected}, not {got}"),
            format!("write it like this: {example}"),
        );
    }

    fn text(&mut self, node: &Node, key: &str) -> Option<String> {
        match node.get_ref() {
            Val::Str(s) => Some(s.clone()),
            _ => {
                self.wrong_type(node, key, "text in quotes", &format!("{key} = \"……\""));
                None
            }
        }
    }

    /// A list of texts, each with its byte offset.
    fn text_list(&mut self, node: &Node, key: &str) -> Option<Vec<(String, usize)>> {
        let Val::Array(items) = node.get_ref() else {
            self.wrong_type(node, key, "a list", &format!("{key} = [\"……\", \"……\"]"));
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for item in items {
            match item.get_ref() {
                Val::Str(s) => out.push((s.clone(), item.span().start)),
                other => {
                    let got = other.kind();
                    self.error(
                        item.span().start,
                        format!("every entry of `{key}` must be text in quotes, not {got}"),
                        format!("write it like this: {key} = [\"……\", \"……\"]"),
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    /// An id: non-empty, no spaces or HTML-special characters.
    fn ident(&mut self, node: &Node, what: &str) -> Option<String> {
        let id = self.text(node, "id")?;
        if id.is_empty()
            || id
                .chars()
                .any(|c| c.is_whitespace() || "\"'<>&#/\\?%".contains(c))
        {
            self.error(
                node.span().start,
                format!("{what} id `{id}` is not a usable id"),
                "use letters, digits, Chinese characters, - and _ (no spaces), e.g. id = \"liang-ge-fugai\"",
            );
            return None;
        }
        Some(id)
    }

    fn unknown_key(&mut self, key: &Key, allowed: &[&str], what: &str) {
        let name = key.get_ref();
        let hint = match did_you_mean(name, allowed)
            .or_else(|| alias(name).filter(|a| allowed.contains(a)))
        {
            Some(s) => format!("did you mean `{s}`? (allowed keys: {})", allowed.join(", ")),
            None if what == "quiz" && QUESTION_KEYS.contains(&name.as_str()) => {
                format!("`{name}` belongs to a question: put it under a [[question]] line")
            }
            None if what != "quiz" && QUIZ_KEYS.contains(&name.as_str()) => {
                format!(
                    "`{name}` belongs to the whole quiz: put it above the first [[question]] line"
                )
            }
            None => format!("allowed keys: {}", allowed.join(", ")),
        };
        self.error(
            key.span().start,
            format!("unknown key `{name}` in {what}"),
            hint,
        );
    }
}

fn toml_error(e: &toml::de::Error, cx: &mut Cx) {
    let message = e.message().trim().replace('\n', ", ");
    let offset = e.span().map_or(0, |s| s.start);
    let (message, hint) = if message.contains("$__toml_private_datetime") {
        (
            "a date or time is not allowed in a quiz".to_string(),
            "put text in quotes: \"……\"".to_string(),
        )
    } else if message.contains("invalid basic string") || message.contains("unterminated") {
        (
            format!("invalid TOML: {message}"),
            "a string is not closed: check that every \" has a partner on the same line".into(),
        )
    } else if message.starts_with("invalid string") {
        (
            format!("invalid TOML: {message}"),
            "text needs quotes, e.g. type = \"single\", prompt = \"……\"".into(),
        )
    } else if message.contains("duplicate key") {
        (
            format!("invalid TOML: {message}"),
            "each key once per question; start every question with its own [[question]] line"
                .into(),
        )
    } else {
        (format!("invalid TOML: {message}"), "a quiz is TOML: key = \"text\", key = 1, key = [\"a\", \"b\"], and [[question]] before each question".into())
    };
    cx.error(offset, message, hint);
}

pub(super) fn parse(
    src: &str,
    origin: &BlockOrigin,
    defaults: &QuizDefaults,
    index: usize,
) -> Result<Quiz, Vec<Diagnostic>> {
    let mut cx = Cx {
        src,
        origin,
        errors: Vec::new(),
    };
    let root: Node = match toml::from_str(src) {
        Ok(root) => root,
        Err(e) => {
            toml_error(&e, &mut cx);
            return Err(cx.errors);
        }
    };
    let Val::Table(entries) = root.get_ref() else {
        unreachable!("a TOML document is a table")
    };

    let mut id = None;
    let mut pass_mark = defaults.pass_mark;
    let mut shuffle = true;
    let mut reveal = true;
    let mut attempts = None;
    let mut question_nodes: Option<&Vec<Node>> = None;
    for (key, value) in entries {
        match key.get_ref().as_str() {
            "id" => id = cx.ident(value, "quiz"),
            "pass" => match *value.get_ref() {
                Val::Int(n) => pass_mark = n as f64,
                Val::Float(f) => pass_mark = f,
                _ => cx.wrong_type(value, "pass", "a number", "pass = 80"),
            },
            "shuffle" | "reveal" => match *value.get_ref() {
                Val::Bool(b) if key.get_ref() == "shuffle" => shuffle = b,
                Val::Bool(b) => reveal = b,
                _ => {
                    let k = key.get_ref().clone();
                    cx.wrong_type(value, &k, "true or false", &format!("{k} = false"));
                }
            },
            "attempts" => match *value.get_ref() {
                Val::Int(n) if n >= 1 => attempts = Some(u32::try_from(n).unwrap_or(u32::MAX)),
                Val::Int(n) => cx.error(
                    value.span().start,
                    format!("attempts must be at least 1, not {n}"),
                    "attempts is how many times a learner may submit; leave it out for no limit",
                ),
                _ => cx.wrong_type(value, "attempts", "a whole number", "attempts = 3"),
            },
            "question" => match value.get_ref() {
                Val::Array(items) => question_nodes = Some(items),
                _ => cx.error(
                    key.span().start,
                    "`question` must be a list of questions, each starting with a [[question]] line",
                    "write [[question]] (two brackets) before each question",
                ),
            },
            _ => cx.unknown_key(key, QUIZ_KEYS, "quiz"),
        }
    }
    if !(0.0..=100.0).contains(&pass_mark) {
        let offset = entries
            .iter()
            .find(|(k, _)| k.get_ref() == "pass")
            .map_or(0, |(_, v)| v.span().start);
        cx.error(
            offset,
            format!("pass mark {pass_mark} is outside 0–100"),
            "the pass mark is a percentage: pass = 80",
        );
    }
    let id = id.unwrap_or_else(|| format!("quiz-{}", index + 1));

    let mut questions = Vec::new();
    match question_nodes {
        Some(nodes) if !nodes.is_empty() => {
            for (i, node) in nodes.iter().enumerate() {
                if let Some(q) = question(&mut cx, node, i + 1, &id) {
                    questions.push((q, node));
                }
            }
        }
        Some(_) => cx.error(0, "the quiz has no questions", "add questions, each starting with a [[question]] line"),
        None if entries.iter().all(|(k, _)| k.get_ref() != "question") => cx.error(
            0,
            "the quiz has no questions",
            "add questions, each starting with a [[question]] line:\n    [[question]]\n    type = \"single\"\n    prompt = \"……\"",
        ),
        None => {}
    }

    // Ids must be unique within the quiz.
    for i in 0..questions.len() {
        let (q, node) = &questions[i];
        if let Some((_, first)) = questions[..i].iter().find(|(p, _)| p.id == q.id) {
            let explicit = id_offset(node);
            let (line, _) = cx.pos(first.span().start);
            let hint = if explicit.is_some() {
                format!("the question at line {line} has the same id; every question of a quiz needs its own id")
            } else {
                format!("the question at line {line} has the same type and prompt; give one of them an id = \"……\"")
            };
            cx.error(
                explicit.unwrap_or(node.span().start),
                format!("duplicate question id `{}`", q.id),
                hint,
            );
        }
    }

    if !cx.errors.is_empty() {
        cx.errors.sort_by_key(|d| (d.line, d.column));
        return Err(cx.errors);
    }
    let questions: Vec<Question> = questions.into_iter().map(|(q, _)| q).collect();
    Ok(Quiz {
        question_count: questions.len(),
        question_ids: questions.iter().map(|q| q.id.clone()).collect(),
        id,
        pass_mark,
        shuffle,
        attempts,
        reveal,
        questions,
        line: origin.first_line,
    })
}

fn id_offset(node: &Node) -> Option<usize> {
    match node.get_ref() {
        Val::Table(entries) => entries
            .iter()
            .find(|(k, _)| k.get_ref() == "id")
            .map(|(_, v)| v.span().start),
        _ => None,
    }
}

fn question(cx: &mut Cx, node: &Node, n: usize, quiz_id: &str) -> Option<Question> {
    let header = node.span().start;
    let Val::Table(entries) = node.get_ref() else {
        let got = node.get_ref().kind();
        cx.error(
            header,
            format!("question {n} must be a table, not {got}"),
            "start each question with a [[question]] line",
        );
        return None;
    };
    let errors_before = cx.errors.len();
    let get = |name: &str| entries.iter().find(|(k, _)| k.get_ref() == name);
    for (key, _) in entries {
        if !QUESTION_KEYS.contains(&key.get_ref().as_str()) {
            cx.unknown_key(key, QUESTION_KEYS, &format!("question {n}"));
        }
    }

    let kind = match get("type") {
        None => {
            cx.error(
                header,
                format!("question {n} has no type"),
                "add a line type = \"single\" (or multiple, truefalse, fill, order, scenario)",
            );
            None
        }
        Some((_, v)) => match cx.text(v, "type") {
            None => None,
            Some(t) => match QuestionKind::from_name(&t) {
                Some(k) => Some(k),
                None => {
                    let hint =
                        match chinese_type(&t).or_else(|| did_you_mean(&t, QuestionKind::NAMES)) {
                            Some(s) => format!(
                                "did you mean `{s}`? (types: {})",
                                QuestionKind::NAMES.join(", ")
                            ),
                            None => format!("types: {}", QuestionKind::NAMES.join(", ")),
                        };
                    cx.error(v.span().start, format!("unknown question type `{t}`"), hint);
                    None
                }
            },
        },
    };

    let prompt = match get("prompt") {
        None => {
            cx.error(
                header,
                format!("question {n} has no prompt"),
                "add a line prompt = \"……\" with the question itself",
            );
            None
        }
        Some((_, v)) => cx.text(v, "prompt").and_then(|p| {
            if p.trim().is_empty() {
                cx.error(
                    v.span().start,
                    format!("the prompt of question {n} is empty"),
                    "write the question in prompt = \"……\"",
                );
                None
            } else {
                Some(p)
            }
        }),
    };
    let explicit_id = get("id").and_then(|(_, v)| cx.ident(v, "question"));
    let mut optional_text = |key: &str| {
        get(key)
            .and_then(|(_, v)| cx.text(v, key))
            .filter(|s| !s.trim().is_empty())
    };
    let explanation = optional_text("explanation");
    let hint = optional_text("hint");
    let situation_text = optional_text("situation");

    let kind = kind?;
    // Keys that belong to other types.
    let uses = |key: &str| match key {
        "situation" => kind == QuestionKind::Scenario,
        "options" => kind.has_options(),
        "steps" => kind == QuestionKind::Order,
        "answer" => kind != QuestionKind::Order,
        "feedback" => kind.has_options() || kind == QuestionKind::TrueFalse,
        _ => true,
    };
    for (key, _) in entries {
        let name = key.get_ref().as_str();
        if QUESTION_KEYS.contains(&name) && !uses(name) {
            let hint = match name {
                "situation" => "`situation` is only for type = \"scenario\"".to_string(),
                "options" if kind == QuestionKind::Order => "an order question lists its steps in `steps`, in the right order".into(),
                "options" if kind == QuestionKind::TrueFalse => "a truefalse question has no options: write answer = true or answer = false".into(),
                "options" => "a fill question has no options: list accepted answers in answer = [\"……\"]".into(),
                "steps" => "`steps` is only for type = \"order\"; choices go in `options`".into(),
                "answer" => "an order question has no answer: write `steps` in the right order, they are shown shuffled".into(),
                _ => "feedback (one per option) is for single, multiple, scenario and truefalse questions".into(),
            };
            cx.error(
                key.span().start,
                format!("`{name}` is not used by {} questions", kind.name()),
                hint,
            );
        }
    }

    let mut options = Vec::new();
    let mut steps = Vec::new();
    let mut feedback = Vec::new();
    let mut answer = None;
    let no_answer_hint = match kind {
        QuestionKind::Multiple => {
            "add answer = [1, 3] with the numbers of all correct options (starting at 1)"
        }
        QuestionKind::TrueFalse => "add answer = true or answer = false",
        QuestionKind::Fill => "add answer = [\"……\"] with every accepted answer",
        _ => "add answer = 1 with the number of the correct option (option numbers start at 1)",
    };

    if kind.has_options() {
        let opts = match get("options") {
            None => {
                cx.error(
                    header,
                    format!("question {n} has no options"),
                    "add options = [\"……\", \"……\"]",
                );
                None
            }
            Some((_, v)) => cx.text_list(v, "options").and_then(|list| {
                if list.is_empty() {
                    cx.error(
                        v.span().start,
                        format!("question {n} has no options"),
                        "list the choices: options = [\"……\", \"……\"]",
                    );
                    return None;
                }
                let mut ok = true;
                for (i, (text, offset)) in list.iter().enumerate() {
                    if text.trim().is_empty() {
                        cx.error(
                            *offset,
                            format!("option {} of question {n} is empty", i + 1),
                            "write the option's text, or remove it",
                        );
                        ok = false;
                    }
                }
                ok.then(|| list.into_iter().map(|(t, _)| t).collect::<Vec<_>>())
            }),
        };
        let count = opts.as_ref().map(Vec::len);
        match get("answer") {
            None => cx.error(
                header,
                format!("question {n} has no correct answer"),
                no_answer_hint,
            ),
            Some((_, v)) => {
                let numbers: Option<Vec<(i64, usize)>> = match v.get_ref() {
                    Val::Int(a) => Some(vec![(*a, v.span().start)]),
                    Val::Array(items) => {
                        let mut out = Vec::new();
                        for item in items {
                            match *item.get_ref() {
                                Val::Int(a) => out.push((a, item.span().start)),
                                _ => cx.wrong_type(
                                    item,
                                    "answer",
                                    "option numbers",
                                    "answer = [1, 3]",
                                ),
                            }
                        }
                        (out.len() == items.len()).then_some(out)
                    }
                    _ => {
                        let example = if kind == QuestionKind::Multiple {
                            "answer = [1, 3]"
                        } else {
                            "answer = 2"
                        };
                        cx.wrong_type(v, "answer", "the number of an option", example);
                        None
                    }
                };
                if let Some(numbers) = numbers {
                    let single = kind != QuestionKind::Multiple;
                    if numbers.is_empty() {
                        cx.error(
                            v.span().start,
                            format!("question {n} has no correct answer"),
                            no_answer_hint,
                        );
                    } else if single && numbers.len() > 1 {
                        let (what, hint) = if kind == QuestionKind::Scenario {
                            (
                                "a scenario",
                                "choose the one best option; explain the others in `feedback`",
                            )
                        } else {
                            ("a single-choice", "use type = \"multiple\" for several correct answers, or keep one number")
                        };
                        cx.error(
                            numbers[1].1,
                            format!(
                                "{what} question has one correct answer, but answer lists {}",
                                numbers.len()
                            ),
                            hint,
                        );
                    } else {
                        let mut picked = Vec::new();
                        let mut ok = true;
                        for &(a, offset) in &numbers {
                            if let Some(count) = count {
                                if a < 1 || a as usize > count {
                                    let hint = if a == 0 {
                                        format!("option numbers start at 1: use 1 to {count}")
                                    } else {
                                        format!(
                                            "question {n} has {count} options: use 1 to {count}"
                                        )
                                    };
                                    cx.error(offset, format!("answer {a} is out of range: question {n} has {count} options"), hint);
                                    ok = false;
                                    continue;
                                }
                            }
                            if picked.contains(&(a as usize)) {
                                cx.error(
                                    offset,
                                    format!("answer lists option {a} twice"),
                                    "name each correct option once",
                                );
                                ok = false;
                            }
                            picked.push(a as usize);
                        }
                        picked.sort_unstable();
                        if ok && count.is_some() {
                            answer = Some(Answer::Options(picked));
                        }
                    }
                }
            }
        }
        if let Some(o) = opts {
            options = o;
        }
    }

    match kind {
        QuestionKind::TrueFalse => match get("answer") {
            None => cx.error(
                header,
                format!("question {n} has no correct answer"),
                no_answer_hint,
            ),
            Some((_, v)) => match v.get_ref() {
                Val::Bool(b) => answer = Some(Answer::Bool(*b)),
                Val::Str(s) => {
                    let guess = if matches!(s.as_str(), "false" | "错误" | "错" | "否" | "F") {
                        "false"
                    } else {
                        "true"
                    };
                    cx.error(
                        v.span().start,
                        "the answer of a truefalse question must be true or false, without quotes",
                        format!("write answer = {guess}"),
                    );
                }
                _ => cx.wrong_type(v, "answer", "true or false", "answer = false"),
            },
        },
        QuestionKind::Fill => match get("answer") {
            None => cx.error(
                header,
                format!("question {n} has no correct answer"),
                no_answer_hint,
            ),
            Some((_, v)) => {
                let list = match v.get_ref() {
                    Val::Str(s) => Some(vec![(s.clone(), v.span().start)]),
                    Val::Array(_) => cx.text_list(v, "answer"),
                    _ => {
                        cx.wrong_type(
                            v,
                            "answer",
                            "a list of accepted answers",
                            "answer = [\"关键\"]",
                        );
                        None
                    }
                };
                if let Some(list) = list {
                    if list.is_empty() {
                        cx.error(
                            v.span().start,
                            format!("question {n} has no correct answer"),
                            no_answer_hint,
                        );
                    } else if let Some((_, offset)) =
                        list.iter().find(|(s, _)| normalize_fill(s).is_empty())
                    {
                        cx.error(
                            *offset,
                            "an accepted answer is empty",
                            "write the text a learner should type, or remove it",
                        );
                    } else {
                        answer = Some(Answer::Text(list.into_iter().map(|(s, _)| s).collect()));
                    }
                }
            }
        },
        QuestionKind::Order => match get("steps") {
            None => cx.error(
                header,
                format!("question {n} has no steps"),
                "add steps = [\"第一步……\", \"第二步……\"] in the right order",
            ),
            Some((_, v)) => {
                if let Some(list) = cx.text_list(v, "steps") {
                    let mut ok = true;
                    if list.len() < 2 {
                        cx.error(
                            v.span().start,
                            format!(
                                "an order question needs at least two steps, question {n} has {}",
                                list.len()
                            ),
                            "list two or more steps, in the right order",
                        );
                        ok = false;
                    }
                    for (i, (text, offset)) in list.iter().enumerate() {
                        if text.trim().is_empty() {
                            cx.error(
                                *offset,
                                format!("step {} of question {n} is empty", i + 1),
                                "write the step's text, or remove it",
                            );
                            ok = false;
                        } else if list[..i].iter().any(|(t, _)| t.trim() == text.trim()) {
                            cx.error(
                                *offset,
                                format!("step {} of question {n} repeats an earlier step", i + 1),
                                "every step needs its own text",
                            );
                            ok = false;
                        }
                    }
                    if ok {
                        steps = list.into_iter().map(|(t, _)| t).collect();
                        answer = Some(Answer::Order);
                    }
                }
            }
        },
        _ => {}
    }

    // Feedback: one per option (正确, 错误 for truefalse); required for scenarios.
    let option_count = match kind {
        QuestionKind::TrueFalse => Some(2),
        k if k.has_options() && !options.is_empty() => Some(options.len()),
        _ => None,
    };
    match get("feedback") {
        Some((_, v)) if uses("feedback") => {
            if let Some(list) = cx.text_list(v, "feedback") {
                if let Some(count) = option_count {
                    if list.len() != count {
                        let what = if kind == QuestionKind::TrueFalse {
                            "2 choices (正确, 错误)".to_string()
                        } else {
                            format!("{count} options")
                        };
                        cx.error(
                            v.span().start,
                            format!(
                                "question {n} has {} feedback entries but {what}",
                                list.len()
                            ),
                            "give one feedback per option, in the same order as the options",
                        );
                    } else if kind == QuestionKind::Scenario {
                        for (i, (text, offset)) in list.iter().enumerate() {
                            if text.trim().is_empty() {
                                cx.error(*offset, format!("feedback for option {} of scenario question {n} is empty", i + 1), "a scenario explains every choice: say why this option is or is not right");
                            }
                        }
                    }
                }
                feedback = list.into_iter().map(|(t, _)| t).collect();
            }
        }
        None if kind == QuestionKind::Scenario => cx.error(
            header,
            format!("scenario question {n} has no feedback"),
            "a scenario explains every choice: add feedback = [\"……\", \"……\"], one per option",
        ),
        _ => {}
    }
    if kind == QuestionKind::Scenario && situation_text.is_none() {
        match get("situation") {
            Some((_, v)) if matches!(v.get_ref(), Val::Str(_)) => cx.error(
                v.span().start,
                format!("the situation of scenario question {n} is empty"),
                "describe the situation in situation = \"……\"",
            ),
            Some(_) => {}
            None => cx.error(
                header,
                format!("scenario question {n} has no situation"),
                "add situation = \"你是新任书记，……\" describing the case",
            ),
        }
    }

    if cx.errors.len() > errors_before {
        return None;
    }
    let prompt = prompt?;
    let answer = answer?;
    let situation = if kind == QuestionKind::Scenario {
        situation_text
    } else {
        None
    };
    let id = explicit_id.unwrap_or_else(|| {
        let basis = format!(
            "{}\n{}\n{}",
            kind.name(),
            prompt,
            situation.as_deref().unwrap_or("")
        );
        format!("q-{}", &sha256_hex(&basis)[..8])
    });
    let answer_json = match &answer {
        Answer::Options(v) => serde_json::json!(v),
        Answer::Bool(b) => serde_json::json!(b),
        Answer::Text(v) => serde_json::json!(v),
        Answer::Order => serde_json::Value::Null,
    };
    let content = serde_json::json!({
        "type": kind.name(), "prompt": prompt, "situation": situation, "options": options, "steps": steps,
        "answer": answer_json, "feedback": feedback, "explanation": explanation, "hint": hint,
    });
    let content_hash = sha256_hex(&content.to_string())[..12].to_string();
    let salt = sha256_hex(&format!(
        "zhiyin-quiz-salt\n{quiz_id}\n{id}\n{content_hash}"
    ))[..16]
        .to_string();
    let line = cx.pos(header).0;
    Some(Question {
        id,
        kind,
        prompt,
        situation,
        options,
        steps,
        answer,
        feedback,
        explanation,
        hint,
        content_hash,
        salt,
        line,
    })
}

/// Likely names for keys that are too far from the right one for `did_you_mean`.
fn alias(key: &str) -> Option<&'static str> {
    Some(match key {
        "pass_mark" | "passmark" | "pass_score" | "passing" | "及格" => "pass",
        "max_attempts" | "tries" | "次数" => "attempts",
        "random" | "randomize" | "randomise" | "乱序" => "shuffle",
        "show_answers" | "show_answer" => "reveal",
        "choices" | "选项" => "options",
        "correct" | "answers" | "答案" => "answer",
        "question" | "title" | "text" | "题目" => "prompt",
        "explain" | "analysis" | "解析" => "explanation",
        "scene" | "case" | "情景" => "situation",
        _ => return None,
    })
}

/// Chinese names of the types, for a helpful hint.
fn chinese_type(t: &str) -> Option<&'static str> {
    Some(match t {
        "单选" | "单选题" => "single",
        "多选" | "多选题" => "multiple",
        "判断" | "判断题" | "是非" => "truefalse",
        "填空" | "填空题" => "fill",
        "排序" | "排序题" => "order",
        "情景" | "情景题" | "情境" | "情境题" | "案例" => "scenario",
        _ => return None,
    })
}
