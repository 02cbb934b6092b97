//! Search index: size per page and build time on generated sites, and exactness on them.
//!
//! `cargo test --release --test search -- --nocapture` prints bytes per page for 1,000
//! generated pages of about 2,300 characters (the benchmark generator's vocabulary, and a
//! character-level Markov chain over the seed text for something closer to real prose).

use std::time::Instant;
use zhiyin::search::reader::{find_all, Index};
use zhiyin::search::{build_index, normalize, query_parts, SearchDoc, SearchHeading};

const WORDS: &str =
    "小区 党支部 书记 业委会 物业 管理 指导 委员会 社区 党委 居民 协商 议事 治理 服务 \
    楼栋长 网格员 志愿者 纠纷 调解 监督 评价 公约 项目 经费 阵地 队伍 培训 党员 群众 \
    安全 消防 垃圾 分类 停车 电梯 维修 基金 公开 透明 沟通 会议 记录 报备 清单 考核";

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

/// Pages like `scripts/gen-site.py` writes: four headed parts of random word sentences.
fn bench_pages(n: usize, seed: u64) -> Vec<SearchDoc> {
    let words: Vec<&str> = WORDS.split_whitespace().collect();
    let mut rng = Rng(seed);
    let sentence = |rng: &mut Rng| {
        let k = 6 + rng.below(9);
        let mut s: String = (0..k).map(|_| words[rng.below(words.len())]).collect();
        s.push('。');
        s
    };
    (0..n)
        .map(|i| {
            let mut body = String::new();
            let mut headings = Vec::new();
            for h in 0..4 {
                let text = format!(
                    "第{}部分 {}{}",
                    h + 1,
                    words[rng.below(words.len())],
                    words[rng.below(words.len())]
                );
                body.push_str(&text);
                body.push('\n');
                headings.push(SearchHeading {
                    anchor: text.replace(' ', "-"),
                    text,
                });
                let mut para = String::new();
                while para.chars().count() < 320 {
                    para.push_str(&sentence(&mut rng));
                }
                body.push_str(&para);
                body.push('\n');
                if h == 1 {
                    for _ in 0..4 {
                        body.push_str(&sentence(&mut rng));
                        body.push('\n');
                    }
                }
                if h == 2 {
                    body.push_str("项目 负责人 说明\n");
                    for _ in 0..3 {
                        body.push_str(words[rng.below(words.len())]);
                        body.push(' ');
                        body.push_str(words[rng.below(words.len())]);
                        body.push(' ');
                        body.push_str(&sentence(&mut rng));
                        body.push('\n');
                    }
                }
                body.push_str("参见相关页面。\n");
            }
            SearchDoc {
                url: format!("guides/g{i}.html"),
                title: format!("页面{i} {}", words[rng.below(words.len())]),
                section: ["政策指引", "案例", "课程"][i % 3].to_string(),
                headings,
                body,
            }
        })
        .collect()
}

/// Pages of prose from an order-3 character Markov chain over the seed articles and the
/// bundled curriculum (closer to real text: a larger vocabulary, fewer repeats).
fn markov_pages(n: usize, seed: u64) -> Vec<SearchDoc> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut corpus = String::new();
    let mut stack = vec![root.join("content")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                let s = std::fs::read_to_string(&p).unwrap_or_default();
                corpus.push_str(s.rsplit("+++").next().unwrap_or(""));
            }
        }
    }
    let chars: Vec<char> = corpus
        .chars()
        .filter(|c| !c.is_whitespace() && !"#>*-[]!|".contains(*c))
        .collect();
    assert!(chars.len() > 1000, "needs the bundled content");
    let mut next: std::collections::HashMap<&[char], Vec<char>> = Default::default();
    for w in chars.windows(4) {
        next.entry(&w[..3]).or_default().push(w[3]);
    }
    let mut rng = Rng(seed);
    (0..n)
        .map(|i| {
            let mut out: Vec<char> = Vec::with_capacity(2400);
            let start = rng.below(chars.len() - 4);
            out.extend_from_slice(&chars[start..start + 3]);
            while out.len() < 2300 {
                let key = &out[out.len() - 3..];
                match next.get(key) {
                    Some(v) => out.push(v[rng.below(v.len())]),
                    None => {
                        let s = rng.below(chars.len() - 4);
                        out.extend_from_slice(&chars[s..s + 3]);
                    }
                }
            }
            SearchDoc {
                url: format!("cases/c{i}.html"),
                title: out[..12].iter().collect(),
                section: "案例".into(),
                headings: Vec::new(),
                body: out.iter().collect(),
            }
        })
        .collect()
}

fn measure(label: &str, docs: &[SearchDoc]) -> f64 {
    let t = Instant::now();
    let files = build_index(docs.to_vec());
    let elapsed = t.elapsed();
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    let size = |prefix: &str| -> usize {
        files
            .iter()
            .filter(|f| f.path.starts_with(prefix))
            .map(|f| f.bytes.len())
            .sum()
    };
    let chars: usize = docs
        .iter()
        .map(|d| d.body.chars().count() + d.title.chars().count())
        .sum();
    let per_page = bytes as f64 / docs.len() as f64;
    println!(
        "{label}: {} pages, {:.0} chars/page, {} files, {:.0} bytes/page \
         (postings {:.0}, text {:.0}, manifest {}), built in {:?}",
        docs.len(),
        chars as f64 / docs.len() as f64,
        files.len(),
        per_page,
        size("search/p") as f64 / docs.len() as f64,
        size("search/t") as f64 / docs.len() as f64,
        size("search/index.js"),
        elapsed
    );
    per_page
}

#[test]
fn index_bytes_per_page() {
    let per_page = measure("generated (benchmark words)", &bench_pages(1000, 42));
    measure("generated (Markov prose)", &markov_pages(1000, 7));
    assert!(per_page < 2500.0, "{per_page:.0} bytes per page");
}

#[test]
fn generated_site_is_exact() {
    let docs = bench_pages(300, 5);
    let index = Index::load(&build_index(docs.clone())).unwrap();
    let texts: Vec<Vec<u16>> = index
        .docs
        .iter()
        .map(|d| normalize(&d.text).encode_utf16().collect())
        .collect();
    let mut rng = Rng(99);
    for _ in 0..200 {
        let d = rng.below(docs.len());
        let t: Vec<char> = index.docs[d].text.chars().collect();
        let len = 2 + rng.below(6);
        let at = rng.below(t.len() - len);
        let q: String = t[at..at + len].iter().collect();
        let parts = query_parts(&q);
        let mut got: Vec<usize> = index.search(&q, None).iter().map(|h| h.doc).collect();
        got.sort_unstable();
        let want: Vec<usize> = (0..docs.len())
            .filter(|&k| {
                parts.iter().all(|p| {
                    let pu: Vec<u16> = p.encode_utf16().collect();
                    !find_all(&texts[k], &pu).is_empty()
                })
            })
            .collect();
        assert_eq!(got, want, "{q:?}");
    }
}
