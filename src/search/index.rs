//! The index builder. See `mod.rs` for the file format.

use super::bits::{rice_k, BitWriter};
use super::codec::Codec;
use super::fx::FxMap as HashMap;
use super::tokenize::{is_space, normalize_char, runs, t2s_pairs, CharClass};
use super::{IndexFile, SearchDoc};
use rayon::prelude::*;

/// Format version, checked by `search.js`.
pub const FORMAT: u32 = 1;
/// Postings entries per shard, about (an entry is one token in one page: a few bits).
const ENTRIES_PER_SHARD: usize = 15_000;
/// Stored-text characters (base64) per text chunk, about.
const CHUNK_CHARS: usize = 3_500;

/// Flags of a postings entry.
pub const IN_TITLE: u32 = 2;
pub const IN_HEADING: u32 = 1;

thread_local! {
    static UNI_TABLE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Key of an indexed token: CJK unigrams and bigrams packed, words interned.
const UNI: u64 = 1 << 63;
const WORD: u64 = 1 << 62;

/// 32-bit FNV-1a over the UTF-16 code units of a token: which shard holds it.
pub fn shard_of(token: &str, shards: u32) -> u32 {
    fnv_chars(token.chars()) % shards.max(1)
}

fn fnv_chars(chars: impl Iterator<Item = char>) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    let mut buf = [0u16; 2];
    for c in chars {
        for &u in c.encode_utf16(&mut buf).iter() {
            h ^= u as u32;
            h = h.wrapping_mul(0x0100_0193);
        }
    }
    h
}

/// The shard of a token key.
fn shard_of_key(key: u64, words: &[String], shards: u32) -> u32 {
    let ch = |v: u64| char::from_u32((v & 0x1F_FFFF) as u32).unwrap_or(' ');
    let h = if key & WORD != 0 {
        fnv_chars(words[(key & !WORD) as usize].chars())
    } else if key & UNI != 0 {
        fnv_chars(std::iter::once(ch(key)))
    } else {
        fnv_chars([ch(key >> 21), ch(key)].into_iter())
    };
    h % shards.max(1)
}

/// Collapses white space runs to one space and trims.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if is_space(c) {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// One page, prepared: its stored text and the tokens it holds.
struct Prepared {
    /// Title, a space, the body (white space collapsed); headings not found in the body follow.
    text: String,
    title_len16: usize,
    /// (anchor, offset, length) of headings in `text`, UTF-16 units.
    headings: Vec<(String, usize, usize)>,
    /// Length for ranking: characters of the normalised text.
    len: usize,
    /// (key, value) of CJK tokens; value = (tf − 1) << 2 | flags (unigrams: flags only).
    cjk: Vec<(u64, u32)>,
    words: Vec<(String, u32)>,
}

fn prepare(doc: &SearchDoc) -> Prepared {
    let title = collapse(&doc.title);
    let body = collapse(&doc.body);
    let mut text = String::with_capacity(title.len() + body.len() + 1);
    text.push_str(&title);
    text.push(' ');
    let body_start = text.len();
    text.push_str(&body);
    // Headings: found in order in the body (the renderer puts their text there), else appended.
    let mut heading_bytes: Vec<(String, usize, usize)> = Vec::new();
    let mut cursor = body_start;
    for h in &doc.headings {
        let ht = collapse(&h.text);
        if ht.is_empty() {
            continue;
        }
        let at = match text[cursor..].find(&ht) {
            Some(i) => cursor + i,
            None => match text[body_start..].find(&ht) {
                Some(i) => body_start + i,
                None => {
                    text.push(' ');
                    text.len()
                }
            },
        };
        if at == text.len() {
            text.push_str(&ht);
        }
        cursor = at + ht.len();
        heading_bytes.push((h.anchor.clone(), at, ht.len()));
    }
    let chars: Vec<char> = text.chars().map(normalize_char).collect();
    // Field of each character: 2 title, 1 heading, 0 body.
    let mut field = vec![0u8; chars.len()];
    let title_chars = title.chars().count();
    for f in field.iter_mut().take(title_chars) {
        *f = 2;
    }
    let mut headings = Vec::with_capacity(heading_bytes.len());
    for (anchor, at, len) in heading_bytes {
        let start_c = text[..at].chars().count();
        let len_c = text[at..at + len].chars().count();
        for f in field.iter_mut().skip(start_c).take(len_c) {
            if *f == 0 {
                *f = 1;
            }
        }
        headings.push((
            anchor,
            utf16_len(&text[..at]),
            utf16_len(&text[at..at + len]),
        ));
    }
    let flag = |f: u8| match f {
        2 => IN_TITLE,
        1 => IN_HEADING,
        _ => 0,
    };
    let mut cjk: HashMap<u64, (u32, u32)> =
        HashMap::with_capacity_and_hasher(chars.len(), Default::default());
    let mut words: HashMap<String, (u32, u32)> = HashMap::default();
    // Single CJK characters of the Basic Multilingual Plane: a table (flags + 4), reset after.
    let mut uni_seen: Vec<u32> = Vec::new();
    UNI_TABLE.with(|table| {
        let mut table = table.borrow_mut();
        if table.is_empty() {
            table.resize(0x1_0000, 0);
        }
        for run in runs(&chars) {
            if run.class == CharClass::Cjk {
                for i in run.start..run.end {
                    let fl = flag(field[i]);
                    // Every CJK character on its own (single-character queries; the token of
                    // a one-character run), and the bigram starting here.
                    let u = chars[i] as usize;
                    if u < 0x1_0000 {
                        if table[u] == 0 {
                            uni_seen.push(u as u32);
                        }
                        table[u] |= 4 | fl as u8;
                    } else {
                        cjk.entry(UNI | u as u64).or_insert((0, 0)).1 |= fl;
                    }
                    if i + 1 < run.end {
                        let key = ((u as u64) << 21) | chars[i + 1] as u64;
                        let e = cjk.entry(key).or_insert((0, 0));
                        e.0 += 1;
                        e.1 |= fl;
                    }
                }
            } else {
                let e = words
                    .entry(chars[run.start..run.end].iter().collect())
                    .or_insert((0, 0));
                e.0 += 1;
                e.1 |= flag(field[run.start]);
            }
        }
        for &u in &uni_seen {
            cjk.insert(UNI | u as u64, (0, (table[u as usize] & 3) as u32));
            table[u as usize] = 0;
        }
    });
    let value = |key: Option<u64>, (tf, fl): (u32, u32)| match key {
        Some(k) if k & UNI != 0 => fl,
        _ => ((tf.max(1) - 1) << 2) | fl,
    };
    Prepared {
        title_len16: utf16_len(&title),
        len: chars.len(),
        cjk: cjk
            .into_iter()
            .map(|(k, v)| (k, value(Some(k), v)))
            .collect(),
        words: words
            .into_iter()
            .map(|(k, v)| (k, value(None, v)))
            .collect(),
        text,
        headings,
    }
}

fn token_string(key: u64, words: &[String]) -> String {
    if key & WORD != 0 {
        words[(key & !WORD) as usize].clone()
    } else if key & UNI != 0 {
        char::from_u32((key & 0x1F_FFFF) as u32).map_or_else(String::new, |c| c.to_string())
    } else {
        let a = char::from_u32((key >> 21) as u32 & 0x1F_FFFF).unwrap_or(' ');
        let b = char::from_u32(key as u32 & 0x1F_FFFF).unwrap_or(' ');
        [a, b].iter().collect()
    }
}

/// A JavaScript file that calls `ZhiyinSearch.<method>(json)`.
fn script(method: &str, value: &serde_json::Value) -> Vec<u8> {
    let json = value
        .to_string()
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
        .replace("</", "<\\/");
    format!("ZhiyinSearch.{method}({json});\n").into_bytes()
}

/// Encodes one shard: the tokens (space-separated) and the postings stream.
fn encode_shard(entries: Vec<(u64, u32, u32)>, words: &[String]) -> (String, String) {
    // Group by token (a counting sort: entries arrive in page order and keep it).
    let mut ids: HashMap<u64, u32> = HashMap::default();
    let mut keys: Vec<u64> = Vec::new();
    let mut counts: Vec<u32> = Vec::new();
    let slot: Vec<u32> = entries
        .iter()
        .map(|e| {
            let id = *ids.entry(e.0).or_insert_with(|| {
                keys.push(e.0);
                counts.push(0);
                keys.len() as u32 - 1
            });
            counts[id as usize] += 1;
            id
        })
        .collect();
    let mut start: Vec<usize> = Vec::with_capacity(keys.len() + 1);
    let mut at = 0;
    for &c in &counts {
        start.push(at);
        at += c as usize;
    }
    start.push(at);
    let mut fill = start.clone();
    let mut grouped = vec![(0u64, 0u32, 0u32); entries.len()];
    for (e, &id) in entries.iter().zip(&slot) {
        grouped[fill[id as usize]] = *e;
        fill[id as usize] += 1;
    }
    let entries = grouped;
    let mut tokens: Vec<String> = Vec::new();
    let mut lists: Vec<BitWriter> = Vec::new();
    for t in 0..keys.len() {
        let (i, j) = (start[t], start[t + 1]);
        let key = keys[t];
        let list = &entries[i..j];
        let mut w = BitWriter::new();
        w.gamma(list.len() as u64);
        let gap_sum = list.last().map_or(0, |e| e.1 as u64 + 1) - list.len() as u64;
        let k = rice_k(gap_sum, list.len() as u64);
        w.gamma(k as u64 + 1);
        let mut prev: i64 = -1;
        let unigram = key & UNI != 0;
        for &(_, doc, v) in list {
            w.rice((doc as i64 - prev - 1) as u64, k);
            prev = doc as i64;
            if !unigram {
                w.gamma((v >> 2) as u64 + 1);
            }
        }
        // Title and heading flags, for the few entries that have any.
        let flagged: Vec<(usize, u32)> = list
            .iter()
            .enumerate()
            .filter(|(_, e)| e.2 & 3 != 0)
            .map(|(i, e)| (i, e.2 & 3))
            .collect();
        w.gamma(flagged.len() as u64 + 1);
        let mut prev: i64 = -1;
        for (i, f) in flagged {
            w.gamma((i as i64 - prev) as u64);
            prev = i as i64;
            w.bits(f as u64, 2);
        }
        tokens.push(token_string(key, words));
        lists.push(w);
    }
    let mut out = BitWriter::new();
    for l in &lists {
        out.gamma(l.bit_len() + 1);
    }
    for l in &lists {
        out.append(l);
    }
    (tokens.join(" "), out.finish())
}

pub fn build(docs: &[SearchDoc]) -> Vec<IndexFile> {
    let prepared: Vec<Prepared> = docs.par_iter().map(prepare).collect();
    let texts: Vec<String> = prepared.iter().map(|p| p.text.clone()).collect();
    let (codec, parsed) = Codec::train(&texts);
    drop(texts);
    let encoded: Vec<String> = parsed.par_iter().map(|p| codec.encode(p)).collect();
    drop(parsed);

    // Words get ids in order of first appearance.
    let mut word_ids: HashMap<String, u64> = HashMap::default();
    let mut words: Vec<String> = Vec::new();
    let mut total_entries = 0usize;
    for p in &prepared {
        total_entries += p.cjk.len() + p.words.len();
        for (w, _) in &p.words {
            if !word_ids.contains_key(w) {
                word_ids.insert(w.clone(), words.len() as u64);
                words.push(w.clone());
            }
        }
    }
    let shards = total_entries.div_ceil(ENTRIES_PER_SHARD).clamp(1, 4096) as u32;
    // Entries by shard, in page order: batches of pages in parallel, joined in order.
    let batches: Vec<Vec<Vec<(u64, u32, u32)>>> = prepared
        .par_chunks(256)
        .enumerate()
        .map(|(b, batch)| {
            let mut buckets: Vec<Vec<(u64, u32, u32)>> = vec![Vec::new(); shards as usize];
            for (k, p) in batch.iter().enumerate() {
                let doc = (b * 256 + k) as u32;
                for &(key, v) in &p.cjk {
                    buckets[shard_of_key(key, &words, shards) as usize].push((key, doc, v));
                }
                for (w, v) in &p.words {
                    let key = WORD | word_ids[w];
                    buckets[shard_of_key(key, &words, shards) as usize].push((key, doc, *v));
                }
            }
            buckets
        })
        .collect();
    let buckets: Vec<Vec<(u64, u32, u32)>> = (0..shards as usize)
        .into_par_iter()
        .map(|s| {
            let n = batches.iter().map(|b| b[s].len()).sum();
            let mut all = Vec::with_capacity(n);
            for b in &batches {
                all.extend_from_slice(&b[s]);
            }
            all
        })
        .collect();
    drop(batches);
    let mut files: Vec<IndexFile> = buckets
        .into_par_iter()
        .enumerate()
        .map(|(i, entries)| {
            let (tokens, postings) = encode_shard(entries, &words);
            IndexFile {
                path: format!("search/p{i}.js"),
                bytes: script(
                    "shard",
                    &serde_json::json!({"i": i, "t": tokens, "p": postings}),
                ),
            }
        })
        .collect();

    // Text chunks: consecutive pages, about CHUNK_CHARS each.
    let mut chunk_sizes: Vec<usize> = Vec::new();
    let mut start = 0;
    while start < docs.len() {
        let mut end = start;
        let mut size = 0;
        while end < docs.len() && (end == start || size < CHUNK_CHARS) {
            size += encoded[end].len() + docs[end].url.len() + 16;
            end += 1;
        }
        let entries: Vec<serde_json::Value> = (start..end)
            .map(|d| {
                let p = &prepared[d];
                let mut heads: Vec<serde_json::Value> = Vec::new();
                for (anchor, off, len) in &p.headings {
                    heads.push(anchor.clone().into());
                    heads.push((*off).into());
                    heads.push((*len).into());
                }
                serde_json::json!([docs[d].url, p.title_len16, encoded[d], heads])
            })
            .collect();
        let i = chunk_sizes.len();
        files.push(IndexFile {
            path: format!("search/t{i}.js"),
            bytes: script("text", &serde_json::json!({"i": i, "d": entries})),
        });
        chunk_sizes.push(end - start);
        start = end;
    }

    // The manifest.
    let mut sections: Vec<String> = Vec::new();
    let mut meta = BitWriter::new();
    let mut total_len = 0usize;
    for (d, p) in docs.iter().zip(&prepared) {
        let s = match sections.iter().position(|s| *s == d.section) {
            Some(s) => s,
            None => {
                sections.push(d.section.clone());
                sections.len() - 1
            }
        };
        meta.gamma(s as u64 + 1);
        meta.gamma(p.len as u64 + 1);
        total_len += p.len;
    }
    let mut chunks = BitWriter::new();
    for &n in &chunk_sizes {
        chunks.gamma(n as u64);
    }
    let mut slen = BitWriter::new();
    for s in &codec.symbols {
        slen.gamma(s.chars().count() as u64);
    }
    let avgdl = if docs.is_empty() {
        1.0
    } else {
        (total_len as f64 / docs.len() as f64).max(1.0)
    };
    let manifest = serde_json::json!({
        "v": FORMAT,
        "n": docs.len(),
        "sections": sections,
        "meta": meta.finish(),
        "avgdl": (avgdl * 100.0).round() / 100.0,
        "shards": shards,
        "chunks": chunks_count_string(chunks, chunk_sizes.len()),
        "syms": codec.symbols.concat(),
        "slen": slen.finish(),
        "counts": codec.length_counts(),
        "fold": t2s_pairs(),
    });
    files.push(IndexFile {
        path: "search/index.js".to_string(),
        bytes: script("add", &manifest),
    });
    files
}

/// The chunk sizes stream, prefixed with the chunk count.
fn chunks_count_string(sizes: BitWriter, count: usize) -> String {
    let mut w = BitWriter::new();
    w.gamma(count as u64 + 1);
    w.append(&sizes);
    w.finish()
}
