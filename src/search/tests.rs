use super::index::collapse;
use super::reader::{find_all, Index};
use super::tokenize::{normalize_char, t2s_pairs};
use super::*;
use std::path::Path;

fn vectors() -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/tokenizer.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn tokenizer_vectors() {
    let v = vectors();
    for case in v["normalize"].as_array().unwrap() {
        let (input, out) = (case[0].as_str().unwrap(), case[1].as_str().unwrap());
        assert_eq!(normalize(input), out, "normalize {input:?}");
        assert_eq!(normalize(input).chars().count(), input.chars().count());
    }
    for case in v["tokenize"].as_array().unwrap() {
        let input = case[0].as_str().unwrap();
        assert_eq!(tokenize(input), strings(&case[1]), "tokenize {input:?}");
    }
    for case in v["query_parts"].as_array().unwrap() {
        let input = case[0].as_str().unwrap();
        assert_eq!(
            query_parts(input),
            strings(&case[1]),
            "query_parts {input:?}"
        );
    }
    for case in v["shard"].as_array().unwrap() {
        let (token, n) = (case[0].as_str().unwrap(), case[1].as_u64().unwrap() as u32);
        assert_eq!(
            shard_of(token, n) as u64,
            case[2].as_u64().unwrap(),
            "shard {token}"
        );
    }
}

#[test]
fn normalisation_keeps_utf16_lengths() {
    // Offsets into the normalised text are offsets into the original (search.js relies on it).
    for u in 0..0x3_0000u32 {
        if let Some(c) = char::from_u32(u) {
            assert_eq!(normalize_char(c).len_utf16(), c.len_utf16(), "U+{u:04X}");
        }
    }
    let pairs: Vec<char> = t2s_pairs().chars().collect();
    assert_eq!(pairs.len() % 2, 0);
    assert!(pairs.len() > 2000);
}

/// Pages from the bundled curriculum and the seed articles, plus pages that exercise the edges.
fn corpus() -> Vec<SearchDoc> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    let mut stack = vec![root.join("content")];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                files.push(p);
            }
        }
    }
    files.sort();
    let mut docs: Vec<SearchDoc> = files
        .iter()
        .take(40)
        .enumerate()
        .map(|(i, p)| {
            let src = std::fs::read_to_string(p).unwrap_or_default();
            let body = src.rsplit("+++").next().unwrap_or("").to_string();
            let title = src
                .lines()
                .find_map(|l| l.strip_prefix("title = "))
                .unwrap_or("无题")
                .trim_matches('"')
                .to_string();
            let headings = body
                .lines()
                .filter_map(|l| l.strip_prefix("## ").or_else(|| l.strip_prefix("### ")))
                .enumerate()
                .map(|(k, t)| SearchHeading {
                    anchor: format!("h{k}"),
                    text: t.to_string(),
                })
                .collect();
            SearchDoc {
                url: format!("p/{i}.html"),
                title,
                section: ["政策指引", "案例", "课程"][i % 3].to_string(),
                headings,
                body,
            }
        })
        .collect();
    docs.push(SearchDoc {
        url: "edge/a.html".into(),
        title: "SCORM 1.2 與 業委會".into(),
        section: "术语表".into(),
        headings: vec![
            SearchHeading {
                anchor: "ye-wei-hui".into(),
                text: "业委会".into(),
            },
            SearchHeading {
                anchor: "missing".into(),
                text: "不在正文里的标题".into(),
            },
        ],
        body: "业委会\n  业主委员会的简称。Ｅ-mail：ab@example.org；有3名以上正式党员。\n\
               Café déjà-vu scorm12 𠀀𠀁 in　full-width！ΣΑΣ Привет 小區黨支部書記"
            .into(),
    });
    docs.push(SearchDoc {
        url: "edge/empty.html".into(),
        title: String::new(),
        section: String::new(),
        headings: Vec::new(),
        body: String::new(),
    });
    docs
}

/// The text the index must hold for a page (what the oracle searches).
fn expected_text(d: &SearchDoc) -> String {
    let mut t = format!("{} {}", collapse(&d.title), collapse(&d.body));
    let body = collapse(&d.body);
    for h in &d.headings {
        let ht = collapse(&h.text);
        if !ht.is_empty() && !body.contains(&ht) {
            t.push(' ');
            t.push_str(&ht);
        }
    }
    t
}

/// The normalised expected text of every page, UTF-16 units.
fn oracle_texts(docs: &[SearchDoc]) -> Vec<Vec<u16>> {
    docs.iter()
        .map(|d| normalize(&expected_text(d)).encode_utf16().collect())
        .collect()
}

fn oracle(texts: &[Vec<u16>], query: &str) -> Vec<usize> {
    let parts = query_parts(query);
    if parts.is_empty() {
        return Vec::new();
    }
    (0..texts.len())
        .filter(|&d| {
            parts.iter().all(|p| {
                let pu: Vec<u16> = p.encode_utf16().collect();
                !find_all(&texts[d], &pu).is_empty()
            })
        })
        .collect()
}

fn check(index: &Index, texts: &[Vec<u16>], query: &str) {
    let mut got: Vec<usize> = index.search(query, None).iter().map(|h| h.doc).collect();
    got.sort_unstable();
    assert_eq!(got, oracle(texts, query), "query {query:?}");
}

/// A small deterministic generator (xorshift).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn index_round_trip_is_exact() {
    let docs = corpus();
    let files = build_index(docs.clone());
    let index = Index::load(&files).expect("index loads");
    let texts = oracle_texts(&docs);
    assert_eq!(index.docs.len(), docs.len());
    for (d, info) in docs.iter().zip(&index.docs) {
        assert_eq!(info.url, d.url);
        assert_eq!(info.section, d.section);
        assert_eq!(info.text, expected_text(d), "stored text of {}", d.url);
    }
    // Boundary-crossing and edge fragments.
    for q in [
        "支部书",
        "党支部",
        "小区党支部书记",
        "书记",
        "支",
        "业委会",
        "業委會",
        "业委會",
        "SCORM",
        "scorm",
        "1.2",
        "scorm12",
        "e-mail",
        "mail",
        "Ｅ",
        "3名",
        "有3名以上",
        "café",
        "déjà-vu",
        "𠀀",
        "𠀀𠀁",
        "σασ",
        "ΣΑΣ",
        "привет",
        "不在正文里的标题",
        "full-width!",
        "业委会 党员",
        "党员 3",
        "ab@example.org",
        "example",
        "exam",
        "corm",
        "不存在的词语",
        "，",
        "  ",
        "",
        "两个覆盖",
        "“两个覆盖”",
        "黨支部",
    ] {
        check(&index, &texts, q);
    }
    // Random substrings of every page's text (exact substrings must all be found), and random
    // character strings (mostly absent).
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let all: Vec<Vec<char>> = docs
        .iter()
        .map(|d| expected_text(d).chars().collect())
        .collect();
    let pool: Vec<char> = all.iter().flatten().copied().collect();
    for _ in 0..1500 {
        let d = rng.below(all.len());
        let t = &all[d];
        if t.len() < 2 {
            continue;
        }
        let len = 1 + rng.below(8);
        let at = rng.below(t.len().saturating_sub(len).max(1));
        let q: String = t[at..(at + len).min(t.len())].iter().collect();
        let found = index.search(&q, None).iter().any(|h| h.doc == d);
        let parts = query_parts(&q);
        // A fragment that cuts a Latin word in two is not a match by design.
        let cuts_word = oracle(&texts, &q).binary_search(&d).is_err();
        assert!(
            found || parts.is_empty() || cuts_word,
            "{q:?} not found in its page {d}"
        );
        check(&index, &texts, &q);
    }
    for _ in 0..300 {
        let len = 1 + rng.below(4);
        let q: String = (0..len).map(|_| pool[rng.below(pool.len())]).collect();
        check(&index, &texts, &q);
    }
}

#[test]
fn ranking_puts_titles_then_headings_first() {
    let doc = |url: &str, title: &str, heads: &[(&str, &str)], body: &str| SearchDoc {
        url: url.into(),
        title: title.into(),
        section: "案例".into(),
        headings: heads
            .iter()
            .map(|(a, t)| SearchHeading {
                anchor: a.to_string(),
                text: t.to_string(),
            })
            .collect(),
        body: body.into(),
    };
    let docs = vec![
        doc(
            "body.html",
            "其他",
            &[],
            "正文里多次提到业委会，业委会，业委会。",
        ),
        doc(
            "head.html",
            "另一页",
            &[("ywh", "业委会的职责")],
            "业委会的职责\n内容。",
        ),
        doc("title.html", "业委会", &[], "简介。"),
        doc("none.html", "无关", &[], "物业公司。"),
    ];
    let files = build_index(docs.clone());
    let index = Index::load(&files).unwrap();
    let hits = index.search("业委会", None);
    let urls: Vec<&str> = hits
        .iter()
        .map(|h| index.docs[h.doc].url.as_str())
        .collect();
    assert_eq!(urls, vec!["title.html", "head.html", "body.html"]);
    assert_eq!(hits[1].anchor, "ywh");
    assert_eq!(index.flags("业委", 2), Some(2));
    assert_eq!(index.flags("业委", 1), Some(1));
    let filtered = index.search("业委会", Some("政策指引"));
    assert!(filtered.is_empty());
}

#[test]
fn every_file_is_a_classic_script() {
    let files = build_index(corpus());
    assert!(files.iter().any(|f| f.path == "search/index.js"));
    for f in &files {
        assert!(
            f.path.starts_with("search/") && f.path.ends_with(".js"),
            "{}",
            f.path
        );
        let s = std::str::from_utf8(&f.bytes).unwrap();
        assert!(s.starts_with("ZhiyinSearch."), "{}", f.path);
        assert!(!s.contains('\u{2028}') && !s.contains('\u{2029}'));
    }
}

#[test]
fn empty_site_builds_an_index() {
    let files = build_index(Vec::new());
    let index = Index::load(&files).unwrap();
    assert!(index.search("小区", None).is_empty());
}

/// Writes `target/search-fixture/`: the corpus's index files and what the Rust reader answers,
/// for `tests/js/search-core.test.mjs` to compare `search.js` against.
#[test]
fn writes_js_fixture() {
    let docs = corpus();
    let files = build_index(docs.clone());
    let index = Index::load(&files).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/search-fixture");
    let _ = std::fs::remove_dir_all(&dir);
    for f in &files {
        let p = dir.join(&f.path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, &f.bytes).unwrap();
    }
    let mut queries: Vec<(String, String)> = [
        "业委会",
        "業委會",
        "支部书",
        "小区党支部",
        "党",
        "SCORM",
        "1.2",
        "3名",
        "e-mail",
        "𠀀",
        "不在正文里的标题",
        "业委会 物业",
        "“两个覆盖”",
        "σασ",
        "不存在的词语",
    ]
    .iter()
    .map(|q| (q.to_string(), String::new()))
    .collect();
    queries.push(("业委会".into(), "案例".into()));
    queries.push(("书记".into(), "课程".into()));
    let mut rng = Rng(7);
    let all: Vec<Vec<char>> = docs
        .iter()
        .map(|d| expected_text(d).chars().collect())
        .collect();
    for _ in 0..120 {
        let t = &all[rng.below(all.len())];
        if t.len() < 10 {
            continue;
        }
        let len = 1 + rng.below(6);
        let at = rng.below(t.len() - len);
        queries.push((t[at..at + len].iter().collect(), String::new()));
    }
    let cases: Vec<serde_json::Value> = queries
        .iter()
        .map(|(q, s)| {
            let hits = index.search(q, if s.is_empty() { None } else { Some(s.as_str()) });
            let urls: Vec<&str> = hits
                .iter()
                .map(|h| index.docs[h.doc].url.as_str())
                .collect();
            // The best hit, when it is clearly best (no tie on tier and a clear score gap).
            let first = match hits.as_slice() {
                [a, b, ..] if a.tier > b.tier || a.score > b.score * 1.01 => urls[0],
                [_] => urls[0],
                _ => "",
            };
            serde_json::json!({"query": q, "section": s, "urls": urls, "first": first})
        })
        .collect();
    let normalize_bmp: Vec<[u32; 2]> = (0..0x1_0000u32)
        .filter_map(|u| char::from_u32(u).map(|c| [u, normalize_char(c) as u32]))
        .filter(|p| p[0] != p[1])
        .collect();
    let expected = serde_json::json!({"queries": cases, "normalize_bmp": normalize_bmp});
    std::fs::write(dir.join("expected.json"), expected.to_string()).unwrap();
}

#[test]
fn collapse_matches_splitting_at_every_space_character() {
    use super::tokenize::is_space;
    let spaces: Vec<char> = (0..=0x3000u32)
        .filter_map(char::from_u32)
        .filter(|&c| is_space(c))
        .collect();
    assert!(spaces.len() > 20, "the space set: {spaces:?}");
    // Each space alone and beside neighbours that share its lead byte but are not spaces.
    let mut text = String::from("  头 ");
    for &c in &spaces {
        text.push(c);
        text.push_str("字\u{2010}\u{00A9}\u{1681}\u{3001}a");
        text.push(c);
        text.push(c);
    }
    text.push_str("尾\u{3000}");
    let expected = text
        .split(is_space)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(collapse(&text), expected);
    assert_eq!(collapse(""), "");
    assert_eq!(collapse(" \u{3000} "), "");
}

#[test]
fn line_separators_and_closing_tags_are_escaped_in_scripts() {
    let body = "第一行\u{2028}第二行\u{2029}结束 </script> 正文";
    let docs = vec![SearchDoc {
        url: "a</b.html".into(),
        title: "标题</x>".into(),
        // Text is collapsed (U+2028/2029 are white space there); labels are not.
        section: "政策\u{2028}指引\u{2029}".into(),
        headings: Vec::new(),
        body: body.into(),
    }];
    let files = build_index(docs);
    for f in &files {
        let s = std::str::from_utf8(&f.bytes).unwrap();
        assert!(
            !s.contains('\u{2028}') && !s.contains('\u{2029}'),
            "{}",
            f.path
        );
        assert!(!s.contains("</"), "{}: {s}", f.path);
    }
    let index = Index::load(&files).unwrap();
    assert_eq!(index.docs[0].url, "a</b.html");
    assert_eq!(index.docs[0].section, "政策\u{2028}指引\u{2029}");
    assert!(index.docs[0]
        .text
        .contains("第一行 第二行 结束 </script> 正文"));
}

/// The index files do not depend on how the work was split between threads (a build's output
/// is compared with the previous one's to keep unchanged files).
#[test]
fn index_is_the_same_on_one_thread_and_on_many() {
    let build_on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool")
            .install(|| build_index(corpus()))
    };
    let one = build_on(1);
    let many = build_on(8);
    assert_eq!(one.len(), many.len());
    for (a, b) in one.iter().zip(&many) {
        assert_eq!(a.path, b.path);
        assert!(a.bytes == b.bytes, "{} differs", a.path);
    }
}
