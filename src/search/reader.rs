//! Reads a built index and answers queries, the way `search.js` does (used by the tests to check
//! that the index is exact, and handy for debugging an index).

use super::bits::BitReader;
use super::codec::Decoder;
use super::index::{shard_of, IN_HEADING, IN_TITLE};
use super::tokenize::{char_class, for_each_token, normalize, query_parts, CharClass};
use super::IndexFile;
use std::collections::HashMap;

/// One page of a loaded index.
#[derive(Debug, Clone)]
pub struct DocInfo {
    pub url: String,
    pub section: String,
    pub len: usize,
    /// The stored text: title, a space, the body.
    pub text: String,
    pub title_len16: usize,
    pub headings: Vec<(String, usize, usize)>,
    /// The normalised text, UTF-16 units (what parts are matched against).
    pub norm16: Vec<u16>,
}

/// A hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub doc: usize,
    /// Sum over query parts of where the part matched best: 2 title, 1 heading, 0 body.
    pub tier: u32,
    pub score: f64,
    /// Anchor of the heading the first part's best match is under ("" for the page itself).
    pub anchor: String,
}

pub struct Index {
    pub docs: Vec<DocInfo>,
    pub shards: u32,
    /// token → postings (doc, value).
    postings: HashMap<String, Vec<(u32, u32)>>,
    avgdl: f64,
}

fn strip_call(bytes: &[u8], method: &str) -> Result<serde_json::Value, String> {
    let s = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
    let prefix = format!("ZhiyinSearch.{method}(");
    let inner = s
        .trim_end()
        .strip_prefix(&prefix)
        .and_then(|r| r.strip_suffix(");"))
        .ok_or_else(|| format!("not a {method} script"))?;
    serde_json::from_str(inner).map_err(|e| e.to_string())
}

fn s<'a>(v: &'a serde_json::Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or("")
}

impl Index {
    /// Loads every file of an index (as `build_index` returned them).
    pub fn load(files: &[IndexFile]) -> Result<Index, String> {
        let by_path: HashMap<&str, &[u8]> = files
            .iter()
            .map(|f| (f.path.as_str(), f.bytes.as_slice()))
            .collect();
        let m = strip_call(by_path.get("search/index.js").ok_or("no manifest")?, "add")?;
        let n = m["n"].as_u64().unwrap_or(0) as usize;
        let sections: Vec<String> = m["sections"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|s| s.as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default();
        // Codec.
        let syms: Vec<char> = s(&m, "syms").chars().collect();
        let mut slen = BitReader::new(s(&m, "slen"));
        let counts: Vec<u32> = m["counts"]
            .as_array()
            .map(|a| a.iter().map(|c| c.as_u64().unwrap_or(0) as u32).collect())
            .unwrap_or_default();
        let total: u32 = counts.iter().sum();
        let mut symbols = Vec::with_capacity(total as usize);
        let mut at = 0;
        for _ in 0..total {
            let l = slen.gamma() as usize;
            symbols.push(syms[at..at + l].iter().collect::<String>());
            at += l;
        }
        let decoder = Decoder::new(symbols, &counts);
        // Pages.
        let mut meta = BitReader::new(s(&m, "meta"));
        let mut docs = Vec::with_capacity(n);
        for _ in 0..n {
            let sec = meta.gamma() as usize - 1;
            let len = meta.gamma() as usize - 1;
            docs.push(DocInfo {
                url: String::new(),
                section: sections.get(sec).cloned().unwrap_or_default(),
                len,
                text: String::new(),
                title_len16: 0,
                headings: Vec::new(),
                norm16: Vec::new(),
            });
        }
        let mut cr = BitReader::new(s(&m, "chunks"));
        let chunk_count = cr.gamma() - 1;
        let mut first = 0usize;
        for c in 0..chunk_count {
            let size = cr.gamma() as usize;
            let path = format!("search/t{c}.js");
            let t = strip_call(by_path.get(path.as_str()).ok_or("missing chunk")?, "text")?;
            for (k, e) in t["d"].as_array().ok_or("bad chunk")?.iter().enumerate() {
                let d = &mut docs[first + k];
                d.url = e[0].as_str().unwrap_or("").to_string();
                d.title_len16 = e[1].as_u64().unwrap_or(0) as usize;
                d.text = decoder.decode(e[2].as_str().unwrap_or(""));
                d.norm16 = normalize(&d.text).encode_utf16().collect();
                let h = e[3].as_array().cloned().unwrap_or_default();
                for x in h.chunks(3) {
                    d.headings.push((
                        x[0].as_str().unwrap_or("").to_string(),
                        x[1].as_u64().unwrap_or(0) as usize,
                        x[2].as_u64().unwrap_or(0) as usize,
                    ));
                }
            }
            first += size;
        }
        // Postings.
        let shards = m["shards"].as_u64().unwrap_or(1) as u32;
        let mut postings = HashMap::new();
        for i in 0..shards {
            let path = format!("search/p{i}.js");
            let sh = strip_call(by_path.get(path.as_str()).ok_or("missing shard")?, "shard")?;
            let tokens: Vec<&str> = s(&sh, "t").split(' ').filter(|t| !t.is_empty()).collect();
            let mut r = BitReader::new(s(&sh, "p"));
            let lens: Vec<u64> = tokens.iter().map(|_| r.gamma() - 1).collect();
            let mut at = r.position();
            for (tok, l) in tokens.iter().zip(lens) {
                if shard_of(tok, shards) != i {
                    return Err(format!("token {tok} in the wrong shard"));
                }
                r.seek(at);
                let count = r.gamma();
                let k = r.gamma() as u32 - 1;
                let unigram = tok.chars().count() == 1
                    && tok.chars().all(|c| char_class(c) == CharClass::Cjk);
                let mut prev: i64 = -1;
                let mut list = Vec::with_capacity(count as usize);
                for _ in 0..count {
                    let doc = prev + 1 + r.rice(k) as i64;
                    prev = doc;
                    let tf = if unigram { 1 } else { r.gamma() as u32 };
                    list.push((doc as u32, (tf - 1) << 2));
                }
                let flagged = r.gamma() - 1;
                let mut at_entry: i64 = -1;
                for _ in 0..flagged {
                    at_entry += r.gamma() as i64;
                    let f = r.bits(2) as u32;
                    if let Some(e) = list.get_mut(at_entry as usize) {
                        e.1 |= f;
                    }
                }
                postings.insert(tok.to_string(), list);
                at += l;
            }
        }
        Ok(Index {
            docs,
            shards,
            postings,
            avgdl: m["avgdl"].as_f64().unwrap_or(1.0),
        })
    }

    /// Postings of a token (empty if the token is not indexed).
    pub fn postings(&self, token: &str) -> &[(u32, u32)] {
        self.postings.get(token).map_or(&[], |v| v.as_slice())
    }

    /// Documents whose postings contain every token of every part (before confirmation).
    pub fn candidates(&self, parts: &[String]) -> Vec<u32> {
        let mut cand: Option<Vec<u32>> = None;
        for p in parts {
            let chars: Vec<char> = p.chars().collect();
            let mut toks: Vec<String> = Vec::new();
            for_each_token(&chars, |t| toks.push(t.iter().collect()));
            for t in toks {
                let docs: Vec<u32> = self.postings(&t).iter().map(|e| e.0).collect();
                cand = Some(match cand {
                    None => docs,
                    Some(c) => c
                        .into_iter()
                        .filter(|d| docs.binary_search(d).is_ok())
                        .collect(),
                });
            }
        }
        cand.unwrap_or_default()
    }

    /// Answers a query: every page holding every part, best first.
    pub fn search(&self, query: &str, section: Option<&str>) -> Vec<Hit> {
        let parts = query_parts(query);
        if parts.is_empty() {
            return Vec::new();
        }
        let n = self.docs.len() as f64;
        let idf: Vec<f64> = parts
            .iter()
            .map(|p| {
                let chars: Vec<char> = p.chars().collect();
                let mut df = usize::MAX;
                for_each_token(&chars, |t| {
                    let t: String = t.iter().collect();
                    df = df.min(self.postings(&t).len());
                });
                let df = df as f64;
                (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
            })
            .collect();
        let mut hits = Vec::new();
        for d in self.candidates(&parts) {
            let doc = &self.docs[d as usize];
            if section.is_some_and(|s| s != doc.section) {
                continue;
            }
            let norm = &doc.norm16;
            let mut tier = 0;
            let mut score = 0.0;
            let mut anchor = None;
            let mut ok = true;
            for (pi, p) in parts.iter().enumerate() {
                let pu: Vec<u16> = p.encode_utf16().collect();
                let occ = find_all(norm, &pu);
                if occ.is_empty() {
                    ok = false;
                    break;
                }
                let field_of = |pos: usize| -> u32 {
                    if pos < doc.title_len16 {
                        2
                    } else if doc
                        .headings
                        .iter()
                        .any(|h| pos >= h.1 && pos + pu.len() <= h.1 + h.2)
                    {
                        1
                    } else {
                        0
                    }
                };
                let (best_field, best_pos) = occ
                    .iter()
                    .map(|&o| (field_of(o), o))
                    .max_by_key(|&(f, o)| (f, std::cmp::Reverse(o)))
                    .unwrap_or((0, 0));
                tier += best_field;
                let tf = occ.len() as f64;
                let k = 1.2 * (0.25 + 0.75 * doc.len as f64 / self.avgdl);
                score += idf[pi] * tf * 2.2 / (tf + k);
                if pi == 0 {
                    anchor = Some(if best_field == 2 {
                        String::new()
                    } else {
                        doc.headings
                            .iter()
                            .rfind(|h| h.1 <= best_pos)
                            .map(|h| h.0.clone())
                            .unwrap_or_default()
                    });
                }
            }
            if ok {
                hits.push(Hit {
                    doc: d as usize,
                    tier,
                    score,
                    anchor: anchor.unwrap_or_default(),
                });
            }
        }
        hits.sort_by(|a, b| {
            b.tier
                .cmp(&a.tier)
                .then(b.score.total_cmp(&a.score))
                .then(a.doc.cmp(&b.doc))
        });
        hits
    }

    /// Value flags of a token in a page (for tests).
    pub fn flags(&self, token: &str, doc: u32) -> Option<u32> {
        self.postings(token)
            .iter()
            .find(|e| e.0 == doc)
            .map(|e| e.1 & (IN_TITLE | IN_HEADING))
    }
}

/// Start offsets (UTF-16 units) where `part` occurs in `text` as a match: a substring whose word
/// characters at its edges are not glued to word characters of the text.
pub fn find_all(text: &[u16], part: &[u16]) -> Vec<usize> {
    let mut out = Vec::new();
    if part.is_empty() || part.len() > text.len() {
        return out;
    }
    let is_word =
        |u: u16| char::from_u32(u as u32).is_some_and(|c| char_class(c) == CharClass::Word);
    let head_word = is_word(part[0]);
    let tail_word = is_word(part[part.len() - 1]);
    for i in 0..=text.len() - part.len() {
        if text[i..i + part.len()] == *part
            && !(head_word && i > 0 && is_word(text[i - 1]))
            && !(tail_word && i + part.len() < text.len() && is_word(text[i + part.len()]))
        {
            out.push(i);
        }
    }
    out
}
