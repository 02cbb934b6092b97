//! The index builder. See `mod.rs` for the file format.

use super::bits::{rice_k, BitCount, BitSink, BitWriter, TextWriter};
use super::codec::Codec;
use super::fx::FxMap as HashMap;
use super::tokenize::{
    is_space, normalized_class, normalized_classes, t2s_pairs, CLASS_CJK, CLASS_WORD,
};
use super::{IndexFile, SearchDoc};
use rayon::prelude::*;
use std::fmt::Write;

/// Format version, checked by `search.js`.
pub const FORMAT: u32 = 1;
/// Postings entries per shard, about (an entry is one token in one page: a few bits).
const ENTRIES_PER_SHARD: usize = 15_000;
/// Stored-text characters (base64) per text chunk, about.
const CHUNK_CHARS: usize = 3_500;

/// Flags of a postings entry.
pub const IN_TITLE: u32 = 2;
pub const IN_HEADING: u32 = 1;

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

/// FNV-1a of a CJK token key (a bigram or a single character), as `fnv_chars` of its text.
#[inline]
fn fnv_key(key: u64) -> u32 {
    let (a, b) = ((key >> 21) as u32 & 0x1F_FFFF, key as u32 & 0x1F_FFFF);
    let step = |h: u32, unit: u32| (h ^ unit).wrapping_mul(0x0100_0193);
    let unigram = key & UNI != 0;
    // Characters of the Basic Multilingual Plane are one UTF-16 unit each: no encoding.
    if b < 0x1_0000 && (unigram || a < 0x1_0000) {
        let h = 0x811c_9dc5;
        return if unigram {
            step(h, b)
        } else {
            step(step(h, a), b)
        };
    }
    let ch = |v: u32| char::from_u32(v).unwrap_or(' ');
    if unigram {
        fnv_chars(std::iter::once(ch(b)))
    } else {
        fnv_chars([ch(a), ch(b)].into_iter())
    }
}

/// Collapses white space runs (`is_space`) to one space and trims.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    collapsed_chars(s, |c| out.push(c));
    out
}

/// Passes the characters of `s` to `push`, white space runs collapsed to one space and
/// trimmed, decoding and collapsing in one pass. Returns whether any character lies beyond
/// the Basic Multilingual Plane (two UTF-16 units).
#[inline]
fn collapsed_chars(s: &str, mut push: impl FnMut(char)) -> bool {
    let (mut any, mut gap, mut astral) = (false, false, false);
    for c in s.chars() {
        // Chinese characters lie above every space but U+3000: one comparison for most.
        if (c as u32) <= 0x3000 && is_space(c) {
            gap = true;
            continue;
        }
        if gap && any {
            push(' ');
        }
        (any, gap) = (true, false);
        astral |= c as u32 > 0xFFFF;
        push(c);
    }
    astral
}

/// One page, prepared: its stored text, encoded (its tokens went to the batch's entries).
struct Prepared {
    /// The stored text — title, a space, the body (white space collapsed), then headings not
    /// found in the body — coded by the site's text codec.
    encoded: String,
    title_len16: usize,
    /// (anchor, offset, length) of headings in `text`, UTF-16 units.
    headings: Vec<(String, usize, usize)>,
    /// Length for ranking: characters of the normalised text.
    len: usize,
}

/// Per-thread working space of `prepare`, reused page after page: allocating a map and a few
/// vectors for each page cost more than the tokenizing.
struct Scratch {
    /// The page's stored text, as characters.
    raw: Vec<char>,
    /// A heading's text, as characters.
    heading: Vec<char>,
    /// Its text codec symbols.
    symbols: Vec<u32>,
    /// Field of each character: 2 title, 1 heading, 0 body.
    field: Vec<u8>,
    /// Single CJK characters of the Basic Multilingual Plane: 4 | flags while seen on the page.
    uni: Vec<u8>,
    /// Those characters, in order of first appearance (emitted, then reset, per page).
    uni_seen: Vec<u32>,
    /// Bigrams (and single characters outside the Basic Multilingual Plane).
    counts: KeyCounts,
    words: HashMap<String, u32>,
    worded: Vec<(String, u32, u32)>,
    /// The word being read.
    word: String,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch {
        raw: Vec::new(),
        heading: Vec::new(),
        symbols: Vec::new(),
        field: Vec::new(),
        uni: vec![0; 0x1_0000],
        uni_seen: Vec::new(),
        counts: KeyCounts::new(),
        words: HashMap::default(),
        worded: Vec::new(),
        word: String::new(),
    });
}

/// Where a page's tokens go: a batch's postings entries, with the batch's word table.
struct Entries {
    /// Entries, each key carrying its bucket in bits `BUCKET_SHIFT`.. (stripped when sorted).
    list: Vec<Entry>,
    /// Words in order of first appearance in the batch.
    words: Vec<String>,
    word_ids: HashMap<String, u64>,
}

impl Entries {
    fn cjk(&mut self, key: u64, page: u32, value: u32) {
        let bucket = (fnv_key(key) % MICRO as u32) as u64;
        self.list.push((key | bucket << BUCKET_SHIFT, page, value));
    }

    fn word(&mut self, word: &str, page: u32, value: u32) {
        let id = match self.word_ids.get(word) {
            Some(&id) => id,
            None => {
                let id = self.words.len() as u64;
                self.words.push(word.to_string());
                self.word_ids.insert(word.to_string(), id);
                id
            }
        };
        let bucket = (fnv_chars(word.chars()) % MICRO as u32) as u64;
        self.list
            .push((WORD | id | bucket << BUCKET_SHIFT, page, value));
    }
}

/// The first position at or after `from` where `needle` occurs in `hay`.
fn find_chars(hay: &[char], from: usize, needle: &[char]) -> Option<usize> {
    let (&head, rest) = needle.split_first()?;
    let last = hay.len().checked_sub(needle.len())?;
    (from..=last).find(|&i| hay[i] == head && hay[i + 1..i + needle.len()] == *rest)
}

/// Prepares page `page`: its stored text, encoded, and its tokens into `out`.
fn prepare(doc: &SearchDoc, page: u32, codec: &Codec, out: &mut Entries) -> Prepared {
    SCRATCH.with(|scratch| {
        let mut scratch = scratch.borrow_mut();
        let Scratch {
            raw,
            heading,
            symbols,
            field,
            uni,
            uni_seen,
            counts,
            words,
            worded,
            word,
        } = &mut *scratch;
        // The stored text: title, a space, the body, then headings not found in the body.
        raw.clear();
        raw.reserve(doc.title.len() + doc.body.len() / 2 + 1);
        let mut astral = collapsed_chars(&doc.title, |c| raw.push(c));
        let title_chars = raw.len();
        raw.push(' ');
        let body_start = raw.len();
        astral |= collapsed_chars(&doc.body, |c| raw.push(c));
        // Headings: found in order in the body (the renderer puts their text there), else
        // appended. Spans in characters.
        let mut spans: Vec<(&str, usize, usize)> = Vec::with_capacity(doc.headings.len());
        let mut cursor = body_start;
        for h in &doc.headings {
            heading.clear();
            astral |= collapsed_chars(&h.text, |c| heading.push(c));
            if heading.is_empty() {
                continue;
            }
            let at = match find_chars(raw, cursor, heading) {
                Some(i) => i,
                None => match find_chars(raw, body_start, heading) {
                    Some(i) => i,
                    None => {
                        raw.push(' ');
                        raw.extend_from_slice(heading);
                        raw.len() - heading.len()
                    }
                },
            };
            cursor = at + heading.len();
            spans.push((&h.anchor, at, heading.len()));
        }
        let encoded = codec.encode(raw, symbols);
        // Offsets in UTF-16 units (what the browser counts): characters, plus one for each
        // character beyond the Basic Multilingual Plane before (rare: counted only then).
        let raw_ref: &[char] = raw;
        let units = |at: usize| {
            if astral {
                at + raw_ref[..at].iter().filter(|&&c| c as u32 > 0xFFFF).count()
            } else {
                at
            }
        };
        field.clear();
        field.resize(raw.len(), 0);
        field[..title_chars].fill(2);
        let title_len16 = units(title_chars);
        let mut headings = Vec::with_capacity(spans.len());
        for (anchor, at, len) in spans {
            for f in &mut field[at..at + len] {
                if *f == 0 {
                    *f = 1;
                }
            }
            let start = units(at);
            headings.push((anchor.to_string(), start, units(at + len) - start));
        }
        // Postings flags by field (0 body, 1 heading, 2 title).
        const FLAGS: [u32; 3] = [0, IN_HEADING, IN_TITLE];
        let flag = |f: u8| FLAGS[f as usize];
        // One pass over the characters, each normalised and classed by one table look-up:
        // every CJK character on its own (single-character queries; the token of a
        // one-character run), every pair of neighbouring CJK characters (flagged as where
        // its first character is), every run of word characters.
        let table = normalized_classes();
        let mut single = |c: u32, fl: u32, counts: &mut KeyCounts| {
            if c < 0x1_0000 {
                let u = c as usize;
                if uni[u] == 0 {
                    uni_seen.push(c);
                }
                uni[u] |= 4 | fl as u8;
            } else {
                counts.add(UNI | c as u64, fl);
            }
        };
        let mut i = 0;
        while i < raw.len() {
            let (c, class) = normalized_class(raw[i], table);
            if class == CLASS_CJK {
                // A run of CJK characters: each one, and each with the one before.
                let (mut p, mut pfl) = (c, flag(field[i]));
                single(p, pfl, counts);
                i += 1;
                while i < raw.len() {
                    let (c, class) = normalized_class(raw[i], table);
                    if class != CLASS_CJK {
                        break;
                    }
                    let fl = flag(field[i]);
                    single(c, fl, counts);
                    counts.add(((p as u64) << 21) | c as u64, pfl);
                    (p, pfl) = (c, fl);
                    i += 1;
                }
            } else if class == CLASS_WORD {
                let fl = flag(field[i]);
                word.clear();
                while i < raw.len() {
                    let (c, class) = normalized_class(raw[i], table);
                    if class != CLASS_WORD {
                        break;
                    }
                    word.push(char::from_u32(c).unwrap_or(raw[i]));
                    i += 1;
                }
                let slot = match words.get(word.as_str()) {
                    Some(&slot) => slot as usize,
                    None => {
                        words.insert(word.clone(), worded.len() as u32);
                        worded.push((word.clone(), 0, 0));
                        worded.len() - 1
                    }
                };
                worded[slot].1 += 1;
                worded[slot].2 |= fl;
            } else {
                i += 1;
            }
        }
        // Values: (tf − 1) << 2 | flags; single CJK characters carry flags only.
        for (key, tf, fl) in counts.iter() {
            let value = if key & UNI != 0 {
                fl
            } else {
                ((tf - 1) << 2) | fl
            };
            out.cjk(key, page, value);
        }
        for &u in uni_seen.iter() {
            out.cjk(UNI | u as u64, page, (uni[u as usize] & 3) as u32);
            uni[u as usize] = 0;
        }
        for (word, tf, fl) in worded.iter() {
            out.word(word, page, ((tf - 1) << 2) | fl);
        }
        uni_seen.clear();
        counts.clear();
        words.clear();
        worded.clear();
        Prepared {
            len: raw.len(),
            title_len16,
            headings,
            encoded,
        }
    })
}

/// The CJK tokens of one page with their counts and flags, in order of first appearance: an
/// open-addressing table whose used slots are emptied after each page (this is the builder's
/// innermost loop: one call per character of the site).
struct KeyCounts {
    /// Keys (`EMPTY` where none), and beside them tf << 2 | flags.
    keys: Vec<u64>,
    values: Vec<u32>,
    /// Table positions of this page's keys, in order of first appearance.
    order: Vec<u32>,
}

/// No token key: bigram keys use 42 bits, single characters `UNI` and 21.
const EMPTY: u64 = u64::MAX;

impl KeyCounts {
    fn new() -> Self {
        // 1,024 slots (12 KB, within the L1 cache); the table doubles when a page fills half
        // of it and keeps that size (a page of the generated 10,000-page site has about 560
        // bigrams, so 2,048 slots there).
        let size = 1 << 10;
        KeyCounts {
            keys: vec![EMPTY; size],
            values: vec![0; size],
            order: Vec::new(),
        }
    }

    #[inline]
    fn position(keys: &[u64], key: u64) -> usize {
        let mask = keys.len() - 1;
        // Fibonacci hashing: the top bits of the product are the well-mixed ones.
        let shift = 64 - keys.len().trailing_zeros();
        let mut at = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize;
        loop {
            let k = keys[at];
            if k == key || k == EMPTY {
                return at;
            }
            at = (at + 1) & mask;
        }
    }

    /// Counts one occurrence of `key` with `flags`.
    #[inline]
    fn add(&mut self, key: u64, flags: u32) {
        let at = Self::position(&self.keys, key);
        if self.keys[at] == EMPTY {
            self.keys[at] = key;
            self.values[at] = 4 | flags;
            self.order.push(at as u32);
            if self.order.len() * 2 > self.keys.len() {
                self.grow();
            }
        } else {
            self.values[at] = (self.values[at] + 4) | flags;
        }
    }

    fn grow(&mut self) {
        let size = self.keys.len() * 2;
        let keys = std::mem::replace(&mut self.keys, vec![EMPTY; size]);
        let values = std::mem::replace(&mut self.values, vec![0; size]);
        for at in self.order.iter_mut() {
            let new = Self::position(&self.keys, keys[*at as usize]);
            self.keys[new] = keys[*at as usize];
            self.values[new] = values[*at as usize];
            *at = new as u32;
        }
    }

    /// (key, tf, flags) of each key, in order of first appearance.
    fn iter(&self) -> impl Iterator<Item = (u64, u32, u32)> + '_ {
        self.order.iter().map(|&at| {
            let v = self.values[at as usize];
            (self.keys[at as usize], v >> 2, v & 3)
        })
    }

    fn clear(&mut self) {
        for &at in &self.order {
            self.keys[at as usize] = EMPTY;
        }
        self.order.clear();
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
    script_of_json(method, &value.to_string())
}

/// A JavaScript file that calls `ZhiyinSearch.<method>(json)`, from the JSON text.
fn script_of_json(method: &str, json: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len() + method.len() + 20);
    out.extend_from_slice(b"ZhiyinSearch.");
    out.extend_from_slice(method.as_bytes());
    out.push(b'(');
    // JSON is not quite JavaScript: U+2028/2029 end lines in older engines, and `</` could
    // close a <script> element if the file were ever inlined. One pass over the bytes.
    let b = json.as_bytes();
    let mut from = 0;
    for i in memchr::memchr2_iter(b'<', 0xE2, b) {
        let escape: &[u8] = match b[i] {
            b'<' if b.get(i + 1) == Some(&b'/') => b"<\\",
            0xE2 if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0xA8) => b"\\u2028",
            0xE2 if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0xA9) => b"\\u2029",
            _ => continue,
        };
        out.extend_from_slice(&b[from..i]);
        out.extend_from_slice(escape);
        from = if escape.len() == 2 { i + 1 } else { i + 3 };
    }
    out.extend_from_slice(&b[from..]);
    out.extend_from_slice(b");\n");
    out
}

/// Appends a bit stream's text (its alphabet needs no escaping) to `out` as a JSON string.
fn push_stream(out: &mut String, text: &str) {
    debug_assert!(!text.contains(['"', '\\']) && text.is_ascii());
    out.push('"');
    out.push_str(text);
    out.push('"');
}

/// Appends `s` to `out` as a JSON string.
fn push_json_str(out: &mut String, s: &str) {
    // serde_json's own escaping; a &str always serialises.
    out.push_str(&serde_json::to_string(s).expect("a string serialises"));
}

/// Text chunk `i`'s JSON, `{"d":[[url, title length, encoded text, [anchor, offset, length,
/// …]], …],"i":i}`, written directly: the text serde_json gives for that value (keys in
/// order), without building it.
fn chunk_json(i: usize, pages: &[(&str, &Prepared)]) -> String {
    let size: usize = pages
        .iter()
        .map(|(u, p)| u.len() + p.encoded.len() + 32)
        .sum();
    let mut out = String::with_capacity(size + 16);
    out.push_str("{\"d\":[");
    for (n, (url, p)) in pages.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push('[');
        push_json_str(&mut out, url);
        let _ = write!(out, ",{},", p.title_len16);
        push_stream(&mut out, &p.encoded);
        out.push_str(",[");
        for (h, (anchor, off, len)) in p.headings.iter().enumerate() {
            if h > 0 {
                out.push(',');
            }
            push_json_str(&mut out, anchor);
            let _ = write!(out, ",{off},{len}");
        }
        out.push_str("]]");
    }
    let _ = write!(out, "],\"i\":{i}}}");
    out
}

/// Encodes one shard: the tokens (space-separated) and the postings stream.
/// `parts`: the shard's buckets in each batch, in page order, each with its batch's word ids
/// (batch id → site id).
fn encode_shard(parts: &[(&[Entry], &[u64])], words: &[String]) -> (String, String) {
    let global = |key: u64, remap: &[u64]| {
        if key & WORD != 0 {
            WORD | remap[(key & !WORD) as usize]
        } else {
            key
        }
    };
    // Group by token (a counting sort: entries arrive in page order and keep it).
    let total: usize = parts.iter().map(|(p, _)| p.len()).sum();
    let mut ids: HashMap<u64, u32> = HashMap::default();
    let mut keys: Vec<u64> = Vec::new();
    let mut counts: Vec<u32> = Vec::new();
    let mut slot: Vec<u32> = Vec::with_capacity(total);
    for &(part, remap) in parts {
        slot.extend(part.iter().map(|e| {
            let key = global(e.0, remap);
            let id = *ids.entry(key).or_insert_with(|| {
                keys.push(key);
                counts.push(0);
                keys.len() as u32 - 1
            });
            counts[id as usize] += 1;
            id
        }));
    }
    // Tokens in key order, so the file does not depend on the order pages listed their tokens.
    let mut order: Vec<u32> = (0..keys.len() as u32).collect();
    // Words by their text: their ids depend on the order pages listed them.
    order.sort_unstable_by(|&a, &b| {
        let (a, b) = (keys[a as usize], keys[b as usize]);
        if a & WORD != 0 && b & WORD != 0 {
            words[(a & !WORD) as usize].cmp(&words[(b & !WORD) as usize])
        } else {
            a.cmp(&b)
        }
    });
    let mut start: Vec<usize> = vec![0; keys.len()];
    let mut at = 0;
    for &t in &order {
        start[t as usize] = at;
        at += counts[t as usize] as usize;
    }
    let mut fill = start.clone();
    let mut entries = vec![(0u64, 0u32, 0u32); total];
    let all = parts.iter().flat_map(|&(part, _)| part.iter());
    for (&(_, page, value), &id) in all.zip(&slot) {
        entries[fill[id as usize]] = (keys[id as usize], page, value);
        fill[id as usize] += 1;
    }
    // Each list's length in bits comes first, so the lists are measured (plain arithmetic),
    // then written once, straight into the shard's stream.
    let lists: Vec<(u64, &[Entry], u32)> = order
        .iter()
        .map(|&t| {
            let t = t as usize;
            let list = &entries[start[t]..start[t] + counts[t] as usize];
            let gap_sum = list.last().map_or(0, |e| e.1 as u64 + 1) - list.len() as u64;
            (keys[t], list, rice_k(gap_sum, list.len() as u64))
        })
        .collect();
    let list_lengths: Vec<u64> = lists
        .iter()
        .map(|&(key, list, k)| list_bits(key, list, k))
        .collect();
    let total: u64 = list_lengths.iter().map(|&b| b + gamma_bits(b + 1)).sum();
    let mut out = TextWriter::with_bits(total);
    for &b in &list_lengths {
        out.gamma(b + 1);
    }
    let mut tokens = String::new();
    for &(key, list, k) in &lists {
        write_list(&mut out, key, list, k);
        if !tokens.is_empty() {
            tokens.push(' ');
        }
        tokens.push_str(&token_string(key, words));
    }
    (tokens, out.finish())
}

/// Bits of Elias gamma code of `v` ≥ 1.
fn gamma_bits(v: u64) -> u64 {
    2 * (63 - v.leading_zeros() as u64) + 1
}

/// Bits `write_list` writes for this list.
fn list_bits(key: u64, list: &[Entry], k: u32) -> u64 {
    let mut count = BitCount::default();
    write_list(&mut count, key, list, k);
    count.0
}

/// One token's postings list: γ(pages), γ(k + 1), per page Rice_k(page gap) and (but for
/// single CJK characters) γ(tf); then γ(flagged + 1) and per flagged page γ(entry index gap)
/// and its 2 flag bits.
fn write_list(w: &mut impl BitSink, key: u64, list: &[Entry], k: u32) {
    w.gamma(list.len() as u64);
    w.gamma(k as u64 + 1);
    let unigram = key & UNI != 0;
    let mut prev: i64 = -1;
    let mut flagged = 0u64;
    for &(_, doc, v) in list {
        let tf = if unigram { 0 } else { (v >> 2) as u64 + 1 };
        w.rice_gamma((doc as i64 - prev - 1) as u64, k, tf);
        prev = doc as i64;
        flagged += (v & 3 != 0) as u64;
    }
    // Title and heading flags, for the few entries that have any.
    w.gamma(flagged + 1);
    let mut prev: i64 = -1;
    for (i, &(_, _, v)) in list.iter().enumerate() {
        if v & 3 != 0 {
            w.gamma((i as i64 - prev) as u64);
            prev = i as i64;
            w.bits((v & 3) as u64, 2);
        }
    }
}

/// Pages are prepared in batches, in parallel; each batch deals its pages' tokens into
/// `MICRO` buckets by FNV-1a. The shard count is a power of two no larger than `MICRO`, so
/// shard `s` is the union of the buckets `m` with `m % shards == s`: the tokens are sharded
/// without a second pass over them, and no page keeps its tokens once dealt.
const MICRO: usize = 4096;
/// While a batch deals its entries, each key carries its bucket in these bits (free in every
/// key: bigrams use 42 bits, words their id, below `WORD`).
const BUCKET_SHIFT: u32 = 50;
const BUCKET_BITS: u64 = (MICRO as u64 - 1) << BUCKET_SHIFT;
/// Pages per batch.
const BATCH: usize = 256;

/// A postings entry: (token key, page, value). Word keys are `WORD | id` in the batch's table.
type Entry = (u64, u32, u32);

struct Batch {
    pages: Vec<Prepared>,
    /// Words in order of first appearance in the batch.
    words: Vec<String>,
    /// The entries, bucket after bucket, each bucket in page order.
    entries: Vec<Entry>,
    /// Where each of the `MICRO` buckets starts in `entries`, and where the last ends.
    starts: Vec<u32>,
}

impl Batch {
    fn bucket(&self, m: usize) -> &[Entry] {
        &self.entries[self.starts[m] as usize..self.starts[m + 1] as usize]
    }
}

fn prepare_batch(first_doc: usize, docs: &[SearchDoc], codec: &Codec) -> Batch {
    // About one postings entry for every three characters of text (a new token), at first.
    let chars: usize = docs.iter().map(|d| d.body.len() / 3 / 3).sum();
    let mut out = Entries {
        list: Vec::with_capacity(chars),
        words: Vec::new(),
        word_ids: HashMap::default(),
    };
    let pages: Vec<Prepared> = docs
        .iter()
        .enumerate()
        .map(|(k, doc)| prepare(doc, (first_doc + k) as u32, codec, &mut out))
        .collect();
    // A counting sort into one vector, bucket after bucket (4,096 vectors a batch cost more
    // to allocate and free than the entries took to sort).
    let bucket_of = |key: u64| (key >> BUCKET_SHIFT) as usize & (MICRO - 1);
    let mut starts = vec![0u32; MICRO + 1];
    for &(key, _, _) in &out.list {
        starts[bucket_of(key) + 1] += 1;
    }
    for m in 0..MICRO {
        starts[m + 1] += starts[m];
    }
    let mut fill = starts.clone();
    let mut entries = vec![(0u64, 0u32, 0u32); out.list.len()];
    for (key, page, value) in out.list {
        let at = &mut fill[bucket_of(key)];
        entries[*at as usize] = (key & !BUCKET_BITS, page, value);
        *at += 1;
    }
    Batch {
        pages,
        words: out.words,
        entries,
        starts,
    }
}

/// The shard count: a power of two near `entries / ENTRIES_PER_SHARD`, at most `MICRO`.
fn shard_count(entries: usize) -> u32 {
    let want = (entries as f64 / ENTRIES_PER_SHARD as f64).max(1.0);
    let below = (want.log2().floor() as u32).min(MICRO.trailing_zeros());
    let (lo, hi) = (1u32 << below, (2u32 << below).min(MICRO as u32));
    // Nearest on a log scale.
    if (want / lo as f64) <= (hi as f64 / want) {
        lo
    } else {
        hi
    }
}

/// Characters of the texts the codec learns its code lengths from, at most (spread over the
/// site; phrases are learned from a part of them).
const CODEC_SAMPLE_CHARS: usize = 1_000_000;

/// The site's text codec, learned before the pages are prepared so that each page is encoded
/// while its text is at hand: every character of the site, phrases and code lengths from a
/// sample of pages.
fn learn_codec(docs: &[SearchDoc]) -> Codec {
    // Every character that can reach a stored text (white space becomes one space), and the
    // site's length in characters: per batch of pages, a bitmap of the Basic Multilingual
    // Plane (8 KB: it stays in the cache) and a list of the few characters beyond it.
    const BMP_WORDS: usize = 0x1_0000 / 64;
    type Seen = (Vec<u64>, Vec<char>, usize);
    let (bmp, mut astral, total_chars): Seen = docs
        .par_chunks(BATCH)
        .map(|batch| {
            let mut m = vec![0u64; BMP_WORDS];
            let mut astral = Vec::new();
            let mut n = 0;
            for d in batch {
                let texts = [d.title.as_str(), d.body.as_str()];
                let heads = d.headings.iter().map(|h| h.text.as_str());
                for t in texts.into_iter().chain(heads) {
                    for c in t.chars() {
                        let u = c as usize;
                        if u < 0x1_0000 {
                            m[u / 64] |= 1 << (u % 64);
                        } else {
                            astral.push(c);
                        }
                        n += 1;
                    }
                }
            }
            (m, astral, n)
        })
        .reduce(
            || (vec![0u64; BMP_WORDS], Vec::new(), 0),
            |(mut a, mut astral, n), (b, more, k)| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x |= y;
                }
                astral.extend(more);
                (a, astral, n + k)
            },
        );
    astral.sort_unstable();
    astral.dedup();
    let chars: Vec<char> = (0..0x1_0000u32)
        .filter(|&u| u == 0x20 || bmp[u as usize / 64] & (1 << (u % 64)) != 0)
        .filter_map(char::from_u32)
        .chain(astral)
        .filter(|&c| c == ' ' || !super::tokenize::is_space(c))
        .collect();
    let stride = (total_chars / CODEC_SAMPLE_CHARS).max(1);
    let sample: Vec<String> = docs
        .iter()
        .step_by(stride)
        .map(|d| format!("{} {}", collapse(&d.title), collapse(&d.body)))
        .collect();
    let sample: Vec<&str> = sample.iter().map(String::as_str).collect();
    Codec::learn(&sample, &chars, total_chars)
}

pub fn build(docs: Vec<SearchDoc>, phase_done: &mut dyn FnMut(&'static str)) -> Vec<IndexFile> {
    let codec = learn_codec(&docs);
    phase_done("codec");
    let batches: Vec<Batch> = docs
        .par_chunks(BATCH)
        .enumerate()
        .map(|(b, chunk)| prepare_batch(b * BATCH, chunk, &codec))
        .collect();
    phase_done("pages");
    // The page bodies are in the prepared texts now; keep only what the manifest needs.
    let docs: Vec<(String, String)> = docs.into_iter().map(|d| (d.url, d.section)).collect();

    // Words get global ids in order of first appearance.
    let mut word_ids: HashMap<&str, u64> = HashMap::default();
    let mut words: Vec<String> = Vec::new();
    let remaps: Vec<Vec<u64>> = batches
        .iter()
        .map(|b| {
            b.words
                .iter()
                .map(|w| {
                    *word_ids.entry(w.as_str()).or_insert_with(|| {
                        words.push(w.clone());
                        words.len() as u64 - 1
                    })
                })
                .collect()
        })
        .collect();
    drop(word_ids);
    let total_entries: usize = batches.iter().map(|b| b.entries.len()).sum();
    let shards = shard_count(total_entries);
    let mut files: Vec<IndexFile> = (0..shards as usize)
        .into_par_iter()
        .map(|i| {
            let parts: Vec<(&[Entry], &[u64])> = (i..MICRO)
                .step_by(shards as usize)
                .flat_map(|m| {
                    let batches = batches.iter().zip(&remaps);
                    batches.map(move |(b, remap)| (b.bucket(m), remap.as_slice()))
                })
                .collect();
            let (tokens, postings) = encode_shard(&parts, &words);
            let mut json = String::with_capacity(tokens.len() + postings.len() + 32);
            let _ = write!(json, "{{\"i\":{i},\"p\":");
            push_stream(&mut json, &postings);
            json.push_str(",\"t\":");
            push_json_str(&mut json, &tokens);
            json.push('}');
            IndexFile {
                path: format!("search/p{i}.js"),
                bytes: script_of_json("shard", &json),
            }
        })
        .collect();
    drop(remaps);
    phase_done("shards");
    let prepared: Vec<Prepared> = batches.into_iter().flat_map(|b| b.pages).collect();

    // Text chunks: consecutive pages, about CHUNK_CHARS each; made in parallel.
    let mut chunk_ranges: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    while start < docs.len() {
        let mut end = start;
        let mut size = 0;
        while end < docs.len() && (end == start || size < CHUNK_CHARS) {
            size += prepared[end].encoded.len() + docs[end].0.len() + 16;
            end += 1;
        }
        chunk_ranges.push(start..end);
        start = end;
    }
    let chunk_sizes: Vec<usize> = chunk_ranges.iter().map(|r| r.len()).collect();
    files.par_extend(chunk_ranges.into_par_iter().enumerate().map(|(i, range)| {
        let pages: Vec<(&str, &Prepared)> =
            range.map(|d| (docs[d].0.as_str(), &prepared[d])).collect();
        IndexFile {
            path: format!("search/t{i}.js"),
            bytes: script_of_json("text", &chunk_json(i, &pages)),
        }
    }));

    phase_done("chunks");
    // The manifest.
    let mut sections: Vec<String> = Vec::new();
    let mut meta = BitWriter::new();
    let mut total_len = 0usize;
    for (d, p) in docs.iter().zip(&prepared) {
        let s = match sections.iter().position(|s| *s == d.1) {
            Some(s) => s,
            None => {
                sections.push(d.1.clone());
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
    phase_done("manifest");
    files
}

/// The chunk sizes stream, prefixed with the chunk count.
fn chunks_count_string(sizes: BitWriter, count: usize) -> String {
    let mut w = BitWriter::new();
    w.gamma(count as u64 + 1);
    w.append(&sizes);
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key hash (no UTF-16 encoding for the Basic Multilingual Plane) is the hash of the
    /// token's text, which search.js computes.
    #[test]
    fn key_hash_is_the_text_hash() {
        for (a, b) in [
            ('党', '支'),
            ('a', '业'),
            ('𠀀', '区'),
            ('区', '𠀀'),
            ('\u{FFFF}', '\u{10000}'),
        ] {
            let bigram = ((a as u64) << 21) | b as u64;
            assert_eq!(fnv_key(bigram), fnv_chars([a, b].into_iter()), "{a}{b}");
            assert_eq!(
                fnv_key(UNI | a as u64),
                fnv_chars(std::iter::once(a)),
                "{a}"
            );
        }
    }

    /// KeyCounts against a plain map, page after page: growth past the first table, keys
    /// that collide, first-appearance order, and the generation stamps wrapping around.
    #[test]
    fn key_counts_match_a_map() {
        let mut counts = KeyCounts::new();
        let mut seed = 7u64;
        for page in 0..40 {
            let distinct = [3usize, 5_000, 300][page % 3];
            let mut want: Vec<(u64, u32, u32)> = Vec::new();
            let mut at: std::collections::HashMap<u64, usize> = Default::default();
            for _ in 0..distinct * 3 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                // Keys share their low bits often (the hash must spread them).
                let key = 1 + ((seed >> 33) % distinct as u64) * 4096;
                let flags = (seed >> 20) as u32 & 3;
                counts.add(key, flags);
                let i = *at.entry(key).or_insert_with(|| {
                    want.push((key, 0, 0));
                    want.len() - 1
                });
                want[i].1 += 1;
                want[i].2 |= flags;
            }
            assert_eq!(counts.iter().collect::<Vec<_>>(), want, "page {page}");
            counts.clear();
            assert_eq!(counts.iter().count(), 0);
        }
        // A key of an earlier page starts again from nothing (its slot was emptied), and a
        // key probed past an emptied slot is still found.
        let mut counts = KeyCounts::new();
        let size = counts.keys.len();
        let home = KeyCounts::position(&counts.keys, 42);
        let same_slot = (1..u64::MAX)
            .find(|&k| k != 42 && KeyCounts::position(&counts.keys, k) == home)
            .unwrap_or(0);
        assert_ne!(same_slot, 0);
        counts.add(42, 2);
        counts.add(same_slot, 0);
        counts.clear();
        counts.add(same_slot, 1);
        counts.add(same_slot, 0);
        counts.add(42, 1);
        assert_eq!(
            counts.iter().collect::<Vec<_>>(),
            vec![(same_slot, 2, 1), (42, 1, 1)]
        );
        assert_eq!(counts.keys.len(), size);
    }
}
