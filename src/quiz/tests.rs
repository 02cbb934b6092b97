use super::*;
use crate::diagnostics::Diagnostic;

/// The block's first TOML line is line 6 of the .md file.
const FIRST: usize = 6;

fn wrap(src: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let body: String = src.lines().map(|l| format!("{pad}{l}\n")).collect();
    format!("+++\ntitle = \"t\"\n+++\n\n{pad}```quiz\n{body}{pad}```\n")
}

fn parse_at(src: &str, indent: usize, index: usize) -> Result<Quiz, Vec<Diagnostic>> {
    let file = wrap(src, indent);
    let origin = BlockOrigin {
        path: Path::new("课程/a.md"),
        file_text: &file,
        first_line: FIRST,
        indent,
    };
    parse_quiz(src, &origin, &QuizDefaults { pass_mark: 80.0 }, index)
}

fn parse(src: &str) -> Result<Quiz, Vec<Diagnostic>> {
    parse_at(src, 0, 0)
}

fn errs(src: &str) -> Vec<Diagnostic> {
    match parse(src) {
        Ok(q) => panic!("expected errors, parsed {q:?}"),
        Err(e) => e,
    }
}

/// The only error of `src`: (line in the .md file, column, message), with a hint.
fn one(src: &str) -> (usize, usize, String) {
    let e = errs(src);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(e[0].hint.is_some(), "{e:#?}");
    assert!(e[0].source_line.is_some(), "{e:#?}");
    (e[0].line, e[0].column, e[0].message.clone())
}

/// .md line of TOML line `n` (1-based) of the block.
fn l(n: usize) -> usize {
    FIRST + n - 1
}

const SINGLE: &str = r#"[[question]]
type = "single"
prompt = "“两个覆盖”中的第一个覆盖是什么？"
options = ["党的组织覆盖所有小区", "物业服务覆盖所有小区", "业委会覆盖所有小区"]
answer = 1
explanation = "先是党的组织覆盖所有小区。"
hint = "想一想“组织”和“成员”。"
feedback = ["对。", "物业不是……", "业委会不是……"]
"#;

const ALL_TYPES: &str = r#"pass = 60
shuffle = false
attempts = 3
reveal = false

[[question]]
id = "fugai"
type = "single"
prompt = "“两个覆盖”中的第一个覆盖是什么？"
options = ["党的组织覆盖所有小区", "物业服务覆盖所有小区"]
answer = 1
explanation = "先是党的组织覆盖所有小区。"

[[question]]
type = "multiple"
prompt = "哪些是三驾马车？"
options = ["社区党委", "业委会", "物业", "居委会"]
answer = [3, 2]

[[question]]
type = "truefalse"
prompt = "业委会可以不接受党的领导。"
answer = false
feedback = ["不对。", "对。"]

[[question]]
type = "fill"
prompt = "小区党支部书记要选好，这是“一个____”。"
answer = ["关键", "ＫＥＹ"]

[[question]]
type = "order"
prompt = "把下列步骤排成正确顺序。"
steps = ["摸底", "组建", "运行"]

[[question]]
type = "scenario"
situation = "你是新任书记，小区物业与业主发生纠纷。"
prompt = "你首先应当怎么做？"
options = ["不管", "召集三方协商", "报警"]
answer = 2
feedback = ["不妥。", "最好。", "不妥。"]
"#;

#[test]
fn parses_every_type() {
    let q = parse(ALL_TYPES).unwrap();
    assert_eq!(q.id, "quiz-1");
    assert_eq!(q.question_count, 6);
    assert_eq!(q.pass_mark, 60.0);
    assert!(!q.shuffle && !q.reveal);
    assert_eq!(q.attempts, Some(3));
    assert_eq!(q.question_ids[0], "fugai");
    assert_eq!(q.question_ids.len(), 6);
    let k: Vec<QuestionKind> = q.questions.iter().map(|q| q.kind).collect();
    use QuestionKind::*;
    assert_eq!(k, [Single, Multiple, TrueFalse, Fill, Order, Scenario]);
    assert_eq!(q.questions[0].answer, Answer::Options(vec![1]));
    assert_eq!(q.questions[0].line, l(6));
    assert_eq!(q.questions[1].answer, Answer::Options(vec![2, 3]));
    assert_eq!(q.questions[1].canonical_answers(), ["2,3"]);
    assert_eq!(q.questions[2].answer, Answer::Bool(false));
    assert_eq!(q.questions[2].canonical_answers(), ["false"]);
    assert_eq!(q.questions[3].canonical_answers(), ["关键", "key"]);
    assert_eq!(q.questions[4].steps.len(), 3);
    assert_eq!(q.questions[4].answer, Answer::Order);
    assert_eq!(
        q.questions[5].situation.as_deref(),
        Some("你是新任书记，小区物业与业主发生纠纷。")
    );
    assert_eq!(q.questions[5].feedback.len(), 3);
    assert_eq!(q.questions[5].canonical_answers(), ["2"]);
    assert!(q.questions[1].id.starts_with("q-"));
    assert!(q
        .questions
        .iter()
        .all(|q| q.content_hash.len() == 12 && q.salt.len() == 16));
}

#[test]
fn defaults_and_explicit_quiz_id() {
    let q = parse_at(SINGLE, 0, 2).unwrap();
    assert_eq!(q.id, "quiz-3");
    assert_eq!(q.pass_mark, 80.0);
    assert!(q.shuffle && q.reveal);
    assert_eq!(q.attempts, None);
    let q = parse(&format!("id = \"san-jia\"\n{SINGLE}")).unwrap();
    assert_eq!(q.id, "san-jia");
    // A single answer may be written as a list of one.
    assert!(parse(&SINGLE.replace("answer = 1", "answer = [1]")).is_ok());
    // A fill answer may be one string.
    let fill = "[[question]]\ntype = \"fill\"\nprompt = \"一个____\"\nanswer = \"关键\"\n";
    assert_eq!(
        parse(fill).unwrap().questions[0].answer,
        Answer::Text(vec!["关键".into()])
    );
}

#[test]
fn ids_are_stable_and_hashes_track_content() {
    let a = parse(SINGLE).unwrap();
    let b = parse(&SINGLE.replace("想一想", "再想想")).unwrap();
    let c = parse(&SINGLE.replace("是什么？", "是什么?")).unwrap();
    assert_eq!(
        a.questions[0].id, b.questions[0].id,
        "a hint does not change the derived id"
    );
    assert_ne!(
        a.questions[0].content_hash, b.questions[0].content_hash,
        "but it changes the content hash"
    );
    assert_ne!(
        a.questions[0].id, c.questions[0].id,
        "the prompt is part of the derived id"
    );
    assert_eq!(
        a.questions[0].content_hash,
        parse(SINGLE).unwrap().questions[0].content_hash
    );
}

#[test]
fn invalid_toml_points_at_the_md_line() {
    let (line, col, msg) = one("pass = 80\n[[question]]\ntype = single\n");
    assert_eq!((line, col), (l(3), 8));
    assert!(msg.starts_with("invalid TOML"), "{msg}");
    let (line, _, msg) = one("[[question]]\nprompt = \"未闭合\ntype = \"single\"\n");
    assert_eq!(line, l(2));
    assert!(msg.contains("invalid TOML"), "{msg}");
    let e = errs("[[question]]\ntype = single\n");
    assert!(e[0].hint.as_deref().unwrap().contains("quotes"), "{e:?}");
}

#[test]
fn indentation_shifts_columns() {
    let src = "[[question]]\ntype = \"singel\"\nprompt = \"x\"\noptions = [\"a\"]\nanswer = 1\n";
    let e = parse_at(src, 3, 0).unwrap_err();
    assert_eq!((e[0].line, e[0].column), (l(2), 11));
    assert_eq!(e[0].source_line.as_deref(), Some("   type = \"singel\""));
}

#[test]
fn unknown_type_suggests() {
    let (line, col, msg) = one(&SINGLE.replace("\"single\"", "\"singel\""));
    assert_eq!((line, col), (l(2), 8));
    assert_eq!(msg, "unknown question type `singel`");
    let e = errs(&SINGLE.replace("\"single\"", "\"单选\""));
    assert!(e[0].hint.as_deref().unwrap().contains("`single`"), "{e:?}");
    let e = errs(&SINGLE.replace("\"single\"", "\"truefals\""));
    assert!(
        e[0].hint
            .as_deref()
            .unwrap()
            .contains("did you mean `truefalse`"),
        "{e:?}"
    );
}

#[test]
fn unknown_keys_suggest() {
    let (line, col, msg) = one(&SINGLE.replace("explanation =", "explaination ="));
    assert_eq!((line, col), (l(6), 1));
    assert_eq!(msg, "unknown key `explaination` in question 1");
    let e = errs(&format!("passmark = 80\n{SINGLE}"));
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].line, e[0].column), (l(1), 1));
    assert_eq!(e[0].message, "unknown key `passmark` in quiz");
    assert!(
        e[0].hint
            .as_deref()
            .unwrap()
            .contains("did you mean `pass`"),
        "{e:?}"
    );
    let e = errs(&format!("prompt = \"x\"\n{SINGLE}"));
    assert!(
        e[0].hint.as_deref().unwrap().contains("[[question]]"),
        "{e:?}"
    );
    let e = errs(&format!("{SINGLE}attempts = 2\n"));
    assert_eq!((e[0].line, e[0].column), (l(9), 1));
    assert_eq!(e[0].message, "unknown key `attempts` in question 1");
    assert!(
        e[0].hint
            .as_deref()
            .unwrap()
            .contains("above the first [[question]]"),
        "{e:?}"
    );
}

#[test]
fn no_correct_answer() {
    let (line, col, msg) = one(&SINGLE.replace("answer = 1\n", ""));
    assert_eq!((line, col), (l(1), 1), "points at the question's header");
    assert_eq!(msg, "question 1 has no correct answer");
    let multi = "[[question]]\ntype = \"multiple\"\nprompt = \"x\"\noptions = [\"a\", \"b\"]\nanswer = []\n";
    let (line, col, msg) = one(multi);
    assert_eq!((line, col), (l(5), 10));
    assert_eq!(msg, "question 1 has no correct answer");
    let fill = "[[question]]\ntype = \"fill\"\nprompt = \"x\"\nanswer = []\n";
    assert_eq!(one(fill).2, "question 1 has no correct answer");
    let tf = "[[question]]\ntype = \"truefalse\"\nprompt = \"x\"\n";
    assert_eq!(one(tf).2, "question 1 has no correct answer");
}

#[test]
fn answer_out_of_range() {
    let (line, col, msg) = one(&SINGLE.replace("answer = 1", "answer = 4"));
    assert_eq!((line, col), (l(5), 10));
    assert_eq!(msg, "answer 4 is out of range: question 1 has 3 options");
    let e = errs(&SINGLE.replace("answer = 1", "answer = 0"));
    assert!(e[0].hint.as_deref().unwrap().contains("start at 1"));
    let multi = "[[question]]\ntype = \"multiple\"\nprompt = \"x\"\noptions = [\"a\", \"b\"]\nanswer = [1, 3]\n";
    let (line, col, msg) = one(multi);
    assert_eq!((line, col), (l(5), 14));
    assert_eq!(msg, "answer 3 is out of range: question 1 has 2 options");
}

#[test]
fn duplicate_question_ids() {
    let src = format!(
        "{}\n{}",
        SINGLE.replace("[[question]]\n", "[[question]]\nid = \"a\"\n"),
        SINGLE
            .replace("[[question]]\n", "[[question]]\nid = \"a\"\n")
            .replace("是什么", "叫什么")
    );
    let (line, col, msg) = one(&src);
    assert_eq!((line, col), (l(12), 6));
    assert_eq!(msg, "duplicate question id `a`");
    // Two identical questions derive the same id.
    let e = errs(&format!("{SINGLE}\n{SINGLE}"));
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].line, l(10));
    assert!(e[0]
        .hint
        .as_deref()
        .unwrap()
        .contains("give one of them an id"));
}

#[test]
fn empty_options_and_empty_option_text() {
    let (line, col, msg) = one(&SINGLE.replace(
        "options = [\"党的组织覆盖所有小区\", \"物业服务覆盖所有小区\", \"业委会覆盖所有小区\"]",
        "options = []",
    ));
    assert_eq!((line, col), (l(4), 11));
    assert_eq!(msg, "question 1 has no options");
    let (line, col, msg) = one(&SINGLE.replace("\"物业服务覆盖所有小区\"", "\" \""));
    assert_eq!((line, col), (l(4), 26));
    assert_eq!(msg, "option 2 of question 1 is empty");
    let missing = "[[question]]\ntype = \"single\"\nprompt = \"x\"\nanswer = 1\n";
    assert_eq!(
        one(missing),
        (l(1), 1, "question 1 has no options".to_string())
    );
}

#[test]
fn pass_mark_outside_range() {
    let (line, col, msg) = one(&format!("pass = 120\n{SINGLE}"));
    assert_eq!((line, col), (l(1), 8));
    assert_eq!(msg, "pass mark 120 is outside 0–100");
    assert_eq!(
        one(&format!("pass = -5\n{SINGLE}")).2,
        "pass mark -5 is outside 0–100"
    );
    assert_eq!(
        parse(&format!("pass = 72.5\n{SINGLE}")).unwrap().pass_mark,
        72.5
    );
}

#[test]
fn single_and_scenario_with_two_answers() {
    let (line, col, msg) = one(&SINGLE.replace("answer = 1", "answer = [1, 2]"));
    assert_eq!((line, col), (l(5), 14));
    assert_eq!(
        msg,
        "a single-choice question has one correct answer, but answer lists 2"
    );
    let scen = "[[question]]\ntype = \"scenario\"\nsituation = \"s\"\nprompt = \"p\"\noptions = [\"a\", \"b\"]\nanswer = [1, 2]\nfeedback = [\"x\", \"y\"]\n";
    let (line, col, msg) = one(scen);
    assert_eq!((line, col), (l(6), 14));
    assert_eq!(
        msg,
        "a scenario question has one correct answer, but answer lists 2"
    );
}

#[test]
fn order_needs_two_steps() {
    let src = "[[question]]\ntype = \"order\"\nprompt = \"排序\"\nsteps = [\"只有一步\"]\n";
    let (line, col, msg) = one(src);
    assert_eq!((line, col), (l(4), 9));
    assert_eq!(
        msg,
        "an order question needs at least two steps, question 1 has 1"
    );
    let e = errs(
        "[[question]]\ntype = \"order\"\nprompt = \"排序\"\nsteps = [\"a\", \"b\"]\nanswer = 1\n",
    );
    assert_eq!(e[0].message, "`answer` is not used by order questions");
    assert_eq!((e[0].line, e[0].column), (l(5), 1));
}

#[test]
fn scenario_needs_situation_and_feedback() {
    let base = "[[question]]\ntype = \"scenario\"\nsituation = \"s\"\nprompt = \"p\"\noptions = [\"a\", \"b\"]\nanswer = 1\nfeedback = [\"x\", \"y\"]\n";
    assert!(parse(base).is_ok());
    assert_eq!(
        one(&base.replace("situation = \"s\"\n", "")),
        (l(1), 1, "scenario question 1 has no situation".to_string())
    );
    assert_eq!(
        one(&base.replace("feedback = [\"x\", \"y\"]\n", "")),
        (l(1), 1, "scenario question 1 has no feedback".to_string())
    );
    let (line, col, msg) = one(&base.replace("[\"x\", \"y\"]", "[\"x\", \"\"]"));
    assert_eq!((line, col), (l(7), 18));
    assert_eq!(msg, "feedback for option 2 of scenario question 1 is empty");
}

#[test]
fn feedback_count_must_match_options() {
    let (line, col, msg) = one(&SINGLE.replace(
        "feedback = [\"对。\", \"物业不是……\", \"业委会不是……\"]",
        "feedback = [\"对。\"]",
    ));
    assert_eq!((line, col), (l(8), 12));
    assert_eq!(msg, "question 1 has 1 feedback entries but 3 options");
    let tf = "[[question]]\ntype = \"truefalse\"\nprompt = \"x\"\nanswer = true\nfeedback = [\"a\", \"b\", \"c\"]\n";
    assert_eq!(
        one(tf).2,
        "question 1 has 3 feedback entries but 2 choices (正确, 错误)"
    );
}

#[test]
fn missing_prompt() {
    assert_eq!(
        one(&SINGLE.replace("prompt = \"“两个覆盖”中的第一个覆盖是什么？\"\n", "")),
        (l(1), 1, "question 1 has no prompt".to_string())
    );
    let (line, col, msg) = one(&SINGLE.replace(
        "prompt = \"“两个覆盖”中的第一个覆盖是什么？\"",
        "prompt = \"  \"",
    ));
    assert_eq!((line, col), (l(3), 10));
    assert_eq!(msg, "the prompt of question 1 is empty");
}

#[test]
fn attempts_at_least_one() {
    let (line, col, msg) = one(&format!("attempts = 0\n{SINGLE}"));
    assert_eq!((line, col), (l(1), 12));
    assert_eq!(msg, "attempts must be at least 1, not 0");
    assert_eq!(
        one(&format!("attempts = \"3\"\n{SINGLE}")).2,
        "`attempts` must be a whole number, not text"
    );
}

#[test]
fn no_questions() {
    assert_eq!(
        one("pass = 80\n"),
        (l(1), 1, "the quiz has no questions".to_string())
    );
    assert_eq!(one("question = []\n").2, "the quiz has no questions");
}

#[test]
fn truefalse_answer_in_quotes() {
    let e = errs("[[question]]\ntype = \"truefalse\"\nprompt = \"x\"\nanswer = \"错误\"\n");
    assert_eq!((e[0].line, e[0].column), (l(4), 10));
    assert_eq!(e[0].hint.as_deref(), Some("write answer = false"));
}

#[test]
fn keys_of_other_types_are_errors() {
    let e = errs("[[question]]\ntype = \"truefalse\"\nprompt = \"x\"\nanswer = true\noptions = [\"对\", \"错\"]\n");
    assert_eq!(e[0].message, "`options` is not used by truefalse questions");
    let e = errs(&SINGLE.replace("hint =", "situation = \"s\"\nhint ="));
    assert_eq!(e[0].message, "`situation` is not used by single questions");
}

#[test]
fn reports_all_errors_of_a_block_in_order() {
    let src = r#"pass = 150
colour = "red"

[[question]]
type = "single"
options = ["a", ""]
answer = 5

[[question]]
type = "order"
prompt = "p"
steps = ["a"]

[[question]]
type = "mystery"
prompt = "p"
"#;
    let e = errs(src);
    let got: Vec<(usize, String)> = e.iter().map(|d| (d.line, d.message.clone())).collect();
    assert_eq!(
        got,
        vec![
            (l(1), "pass mark 150 is outside 0–100".to_string()),
            (l(2), "unknown key `colour` in quiz".to_string()),
            (l(4), "question 1 has no prompt".to_string()),
            (l(6), "option 2 of question 1 is empty".to_string()),
            (
                l(12),
                "an order question needs at least two steps, question 2 has 1".to_string()
            ),
            (l(15), "unknown question type `mystery`".to_string()),
        ]
    );
}

#[test]
fn html_hides_answers_and_reads_as_a_list() {
    let quiz = parse(ALL_TYPES).unwrap();
    let html = render_quiz_html(&quiz);
    assert!(
        html.starts_with("<section class=\"quiz\" id=\"quiz-1\""),
        "{html}"
    );
    assert!(html.contains("<p class=\"quiz-prompt\"><span class=\"quiz-type\">单选</span> “两个覆盖”中的第一个覆盖是什么？</p>"));
    assert!(html.contains("<li>党的组织覆盖所有小区</li><li>物业服务覆盖所有小区</li>"));
    assert!(html.contains("<span class=\"quiz-blank\">____</span>"));
    assert!(
        html.contains("data-attempts=\"3\"")
            && html.contains("data-reveal=\"0\"")
            && html.contains("data-pass=\"60\"")
    );
    for secret in [
        "先是党的组织覆盖所有小区",
        "关键",
        "ＫＥＹ",
        "不妥。",
        "最好。",
        "不对。",
    ] {
        assert!(!html.contains(secret), "{secret} is readable in {html}");
    }
    // Order steps are never listed in the right order.
    assert!(
        !html.contains("<li>摸底</li><li>组建</li><li>运行</li>"),
        "{html}"
    );
    for q in &quiz.questions {
        assert!(html.contains(&format!("data-key=\"{}\"", q.answer_hashes().join(" "))));
    }
}

#[test]
fn secret_decodes_to_feedback_and_answer() {
    let quiz = parse(SINGLE).unwrap();
    let html = render_quiz_html(&quiz);
    let q = &quiz.questions[0];
    let start = html.find("data-secret=\"").unwrap() + 13;
    let b64 = &html[start..start + html[start..].find('"').unwrap()];
    let bytes = decode_base64(b64);
    let plain = String::from_utf8(protect::xor_keystream(&q.salt, &bytes)).unwrap();
    let v: serde_json::Value = serde_json::from_str(&plain).unwrap();
    assert_eq!(v["e"], "先是党的组织覆盖所有小区。");
    assert_eq!(v["h"], "想一想“组织”和“成员”。");
    assert_eq!(v["f"][1], "物业不是……");
    assert_eq!(v["a"], serde_json::json!([1]));
}

#[test]
fn order_solution_matches_the_page() {
    let quiz = parse(ALL_TYPES).unwrap();
    let q = &quiz.questions[4];
    let shown: Vec<&str> = q
        .display_order()
        .iter()
        .map(|&i| q.steps[i].as_str())
        .collect();
    let solution = q.order_solution();
    let arranged: Vec<&str> = solution.iter().map(|&p| shown[p - 1]).collect();
    assert_eq!(arranged, ["摸底", "组建", "运行"]);
}

#[test]
fn duplicate_quiz_ids_in_a_page() {
    let a = parse(&format!("id = \"x\"\n{SINGLE}")).unwrap();
    let mut b = a.clone();
    b.line = 40;
    let e = duplicate_quiz_ids(&[a, b], Path::new("a.md"), "");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].line, 40);
    assert_eq!(e[0].message, "duplicate quiz id `x`");
}

/// Shared with tests/js/quiz-core.test.mjs.
#[test]
fn shared_vectors() {
    let v: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/vectors/quiz-hash.json")).unwrap();
    for case in v["normalize"].as_array().unwrap() {
        assert_eq!(
            normalize_fill(case[0].as_str().unwrap()),
            case[1].as_str().unwrap(),
            "{case}"
        );
    }
    for case in v["sha256"].as_array().unwrap() {
        assert_eq!(
            protect::sha256_hex(case[0].as_str().unwrap()),
            case[1].as_str().unwrap(),
            "{case}"
        );
    }
    for case in v["answer_hash"].as_array().unwrap() {
        let (salt, canonical, hash) = (
            case["salt"].as_str().unwrap(),
            case["canonical"].as_str().unwrap(),
            case["hash"].as_str().unwrap(),
        );
        assert_eq!(answer_hash(salt, canonical), hash, "{case}");
    }
    for case in v["obfuscate"].as_array().unwrap() {
        let (salt, plain, cipher) = (
            case["salt"].as_str().unwrap(),
            case["plain"].as_str().unwrap(),
            case["cipher"].as_str().unwrap(),
        );
        assert_eq!(protect::obfuscate(salt, plain), cipher, "{case}");
    }
    for case in v["fill"].as_array().unwrap() {
        let (salt, typed, hash) = (
            case["salt"].as_str().unwrap(),
            case["typed"].as_str().unwrap(),
            case["hash"].as_str().unwrap(),
        );
        assert_eq!(answer_hash(salt, &normalize_fill(typed)), hash, "{case}");
    }
}

fn decode_base64(s: &str) -> Vec<u8> {
    const ABC: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.chars().filter(|&c| c != '=') {
        bits = (bits << 6) | ABC.find(c).unwrap() as u32;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    out
}
