//! The stored-text codec: a phrase dictionary learned from the site (byte-pair merges on a
//! sample, parsed greedily by longest match) and a canonical Huffman code over the symbols
//! (every character of the site plus the phrases). `search.js` decodes it.

use super::bits::{BitReader, BitSink, TextWriter};
use super::fx::FxMap as HashMap;
use rayon::prelude::*;
use std::collections::BinaryHeap;

/// Longest code, in bits.
const MAX_CODE_LEN: u8 = 24;
/// Longest phrase, in characters.
const MAX_PHRASE: usize = 12;
/// Characters of text the phrase dictionary is learned from, at most.
const SAMPLE_CHARS: usize = 150_000;

pub struct Codec {
    /// Symbols in canonical order (by code length, then first appearance).
    pub symbols: Vec<String>,
    /// Code length of each symbol, non-decreasing.
    pub lens: Vec<u8>,
    /// Parses texts into (canonical) symbol numbers.
    parser: Parser,
}

const NONE: u32 = u32::MAX;

/// The phrase trie while it is built: the root's children in a table by character, other edges
/// in one open-addressing table keyed by (node, character). Parsing goes through its compiled
/// form, `Parser`.
struct Trie {
    root_bmp: Vec<u32>,
    root_other: HashMap<char, u32>,
    /// Edge key `node << 21 | char` (never 0: the root's edges are not here) and child.
    edge_keys: Vec<u64>,
    edge_nodes: Vec<u32>,
    edges: usize,
    node_symbol: Vec<u32>,
}

impl Trie {
    fn new() -> Self {
        Trie {
            root_bmp: vec![NONE; 0x1_0000],
            root_other: HashMap::default(),
            edge_keys: vec![0; 1 << 10],
            edge_nodes: vec![NONE; 1 << 10],
            edges: 0,
            node_symbol: vec![NONE],
        }
    }

    #[inline]
    fn edge_slot(keys: &[u64], key: u64) -> usize {
        let mask = keys.len() - 1;
        let mut at = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize & mask;
        while keys[at] != 0 && keys[at] != key {
            at = (at + 1) & mask;
        }
        at
    }

    #[inline]
    fn child(&self, node: u32, c: char) -> u32 {
        if node == 0 {
            let u = c as usize;
            if u < 0x1_0000 {
                self.root_bmp[u]
            } else {
                self.root_other.get(&c).copied().unwrap_or(NONE)
            }
        } else {
            let key = ((node as u64) << 21) | c as u64;
            self.edge_nodes[Self::edge_slot(&self.edge_keys, key)]
        }
    }

    fn add_edge(&mut self, node: u32, c: char, child: u32) {
        if node == 0 {
            if (c as usize) < 0x1_0000 {
                self.root_bmp[c as usize] = child;
            } else {
                self.root_other.insert(c, child);
            }
            return;
        }
        if (self.edges + 1) * 2 > self.edge_keys.len() {
            let size = self.edge_keys.len() * 2;
            let keys = std::mem::replace(&mut self.edge_keys, vec![0; size]);
            let nodes = std::mem::replace(&mut self.edge_nodes, vec![NONE; size]);
            for (k, n) in keys.into_iter().zip(nodes) {
                if k != 0 {
                    let at = Self::edge_slot(&self.edge_keys, k);
                    self.edge_keys[at] = k;
                    self.edge_nodes[at] = n;
                }
            }
        }
        let key = ((node as u64) << 21) | c as u64;
        let at = Self::edge_slot(&self.edge_keys, key);
        self.edge_keys[at] = key;
        self.edge_nodes[at] = child;
        self.edges += 1;
    }

    fn insert(&mut self, s: &str, symbol: u32) {
        let mut node = 0u32;
        for c in s.chars() {
            let next = self.child(node, c);
            node = if next != NONE {
                next
            } else {
                let n = self.node_symbol.len() as u32;
                self.node_symbol.push(NONE);
                self.add_edge(node, c, n);
                n
            };
        }
        self.node_symbol[node as usize] = symbol;
    }

    /// The double-array form of this trie, for parsing.
    fn compile(&self) -> Parser {
        // Edges (parent, character, child), and each node's symbol.
        let mut edges: Vec<(u32, char, u32)> = Vec::with_capacity(self.edges + 4096);
        for (u, &n) in self.root_bmp.iter().enumerate() {
            if n != NONE {
                edges.push((0, char::from_u32(u as u32).unwrap_or('\0'), n));
            }
        }
        for (&c, &n) in &self.root_other {
            edges.push((0, c, n));
        }
        for (&k, &n) in self.edge_keys.iter().zip(&self.edge_nodes) {
            if k != 0 {
                let c = char::from_u32((k & 0x1F_FFFF) as u32).unwrap_or('\0');
                edges.push(((k >> 21) as u32, c, n));
            }
        }
        Parser::new(&edges, &self.node_symbol)
    }
}

/// A slot of the double array: a node (its parent's slot in `check`, `NONE` if the slot is
/// free) and where its children start (`base`, their codes added), with the flag `ENDS` if a
/// symbol ends there (the walk learns how far the match reaches from the slot it loads anyway).
#[derive(Clone, Copy)]
struct Slot {
    check: u32,
    base: u32,
}

/// The flag in a slot's `base` that a symbol ends at its node.
const ENDS: u32 = 1 << 31;

const FREE: Slot = Slot {
    check: NONE,
    base: 0,
};

/// The trie as a double array over dense character codes (≥ 1; 0 for a character no edge
/// has): the child of the node at slot `p` by code `k` is at slot `base(p) + k` if that slot's
/// `check` is `p`. The root is no slot; its base is 0 and its children have `check` 0, so a
/// character's node is the slot of its code. A node without children has base 0 too, so the
/// walk ends at a failed check whichever way it ends. Slot 0 stays free, and the slots reach
/// past every base plus every code (no walk leaves them).
struct Parser {
    codes_bmp: Vec<u32>,
    codes_other: HashMap<char, u32>,
    slots: Vec<Slot>,
    /// The symbol of each slot's node, `NONE` if none ends there.
    symbols: Vec<u32>,
}

impl Parser {
    /// From the trie's edges (the root is node 0) and the symbol of each node.
    fn new(edges: &[(u32, char, u32)], node_symbol: &[u32]) -> Parser {
        // Codes: characters that label the most edges first (they take the least room).
        let mut uses: HashMap<char, u32> = HashMap::default();
        for &(_, c, _) in edges {
            *uses.entry(c).or_insert(0) += 1;
        }
        let mut by_use: Vec<(u32, char)> = uses.into_iter().map(|(c, n)| (n, c)).collect();
        by_use.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let max_code = by_use.len();
        let mut codes_bmp = vec![0u32; 0x1_0000];
        let mut codes_other: HashMap<char, u32> = HashMap::default();
        for (i, &(_, c)) in by_use.iter().enumerate() {
            let k = i as u32 + 1;
            if (c as usize) < 0x1_0000 {
                codes_bmp[c as usize] = k;
            } else {
                codes_other.insert(c, k);
            }
        }
        let code = |c: char| -> u32 {
            if (c as usize) < 0x1_0000 {
                codes_bmp[c as usize]
            } else {
                codes_other.get(&c).copied().unwrap_or(0)
            }
        };
        // Children of each node, by code.
        let mut children: Vec<(u32, u32, u32)> = edges
            .iter()
            .map(|&(parent, c, child)| (parent, code(c), child))
            .collect();
        children.sort_unstable();
        let mut first_child = vec![0usize; node_symbol.len() + 1];
        for &(parent, _, _) in &children {
            first_child[parent as usize + 1] += 1;
        }
        for i in 0..node_symbol.len() {
            first_child[i + 1] += first_child[i];
        }
        let mut slots = vec![FREE; max_code + 1];
        let mut symbols = vec![NONE; max_code + 1];
        // Breadth first: (node, its slot); the root's children sit at their codes.
        let mut queue: std::collections::VecDeque<(u32, u32)> = Default::default();
        for &(_, k, child) in &children[first_child[0]..first_child[1]] {
            slots[k as usize].check = 0;
            symbols[k as usize] = node_symbol[child as usize];
            if node_symbol[child as usize] != NONE {
                slots[k as usize].base = ENDS;
            }
            queue.push_back((child, k));
        }
        // Slots below `free` are taken.
        let mut free = 1;
        let mut max_base = 0;
        while let Some((node, at)) = queue.pop_front() {
            let kids = &children[first_child[node as usize]..first_child[node as usize + 1]];
            let Some(&(_, k0, _)) = kids.first() else {
                continue;
            };
            while free < slots.len() && slots[free].check != NONE {
                free += 1;
            }
            // The first base that puts every child in a free slot (and none at slot 0).
            let mut base = free.max(k0 as usize + 1) - k0 as usize;
            while !kids
                .iter()
                .all(|&(_, k, _)| slots.get(base + k as usize).is_none_or(|s| s.check == NONE))
            {
                base += 1;
            }
            max_base = max_base.max(base);
            slots[at as usize].base |= base as u32;
            for &(_, k, child) in kids {
                let s = base + k as usize;
                if s >= slots.len() {
                    slots.resize(s + 1, FREE);
                    symbols.resize(s + 1, NONE);
                }
                slots[s].check = at;
                symbols[s] = node_symbol[child as usize];
                if node_symbol[child as usize] != NONE {
                    slots[s].base = ENDS;
                }
                queue.push_back((child, s as u32));
            }
        }
        slots.resize(slots.len().max(max_base + max_code + 1), FREE);
        assert!(
            slots.len() < ENDS as usize,
            "the double array outgrew its bases"
        );
        symbols.resize(slots.len(), NONE);
        Parser {
            codes_bmp,
            codes_other,
            slots,
            symbols,
        }
    }

    #[inline]
    fn code(&self, c: char) -> u32 {
        let u = c as usize;
        if u < 0x1_0000 {
            self.codes_bmp[u]
        } else {
            self.code_other(c)
        }
    }

    #[cold]
    fn code_other(&self, c: char) -> u32 {
        self.codes_other.get(&c).copied().unwrap_or(0)
    }

    /// Greedy longest-match parse into symbols (every character must be a symbol).
    fn parse(&self, chars: &[char], out: &mut Vec<u32>) {
        let slots = &self.slots[..];
        let symbols = &self.symbols[..];
        let mut i = 0;
        while i < chars.len() {
            // The character's node is the slot of its code (slot 0, free, for no code).
            let mut node = self.code(chars[i]);
            let mut best = (NONE, 1);
            if slots[node as usize].check == 0 {
                best.0 = symbols[node as usize];
                let mut base = slots[node as usize].base & !ENDS;
                let mut j = i + 1;
                while j < chars.len() {
                    let at = base + self.code(chars[j]);
                    let s = slots[at as usize];
                    if s.check != node {
                        break;
                    }
                    j += 1;
                    if s.base & ENDS != 0 {
                        best = (symbols[at as usize], j - i);
                    }
                    node = at;
                    base = s.base & !ENDS;
                }
            }
            // Every character is a symbol (Codec::learn's contract); were one missing, the
            // text would decode one symbol short rather than the build failing.
            debug_assert!(best.0 != NONE, "character missing from the codec");
            if best.0 != NONE {
                out.push(best.0);
            }
            i += best.1;
        }
    }
}

/// Learns phrases by batched byte-pair merges over a sample of the texts.
fn learn_phrases(texts: &[&str], max_merges: usize) -> Vec<String> {
    if max_merges == 0 {
        return Vec::new();
    }
    let total: usize = texts.iter().map(|t| t.len()).sum::<usize>() / 3;
    let stride = (total / SAMPLE_CHARS).max(1);
    let mut names: Vec<String> = Vec::new();
    let mut ids: HashMap<char, u32> = HashMap::default();
    let mut seqs: Vec<Vec<u32>> = Vec::new();
    let mut sampled = 0;
    for t in texts.iter().step_by(stride) {
        if sampled >= SAMPLE_CHARS {
            break;
        }
        let seq: Vec<u32> = t
            .chars()
            .map(|c| {
                *ids.entry(c).or_insert_with(|| {
                    names.push(c.to_string());
                    names.len() as u32 - 1
                })
            })
            .collect();
        sampled += seq.len();
        seqs.push(seq);
    }
    let mut char_len: Vec<usize> = vec![1; names.len()];
    let first_phrase = names.len();
    let min_count = 4;
    while names.len() - first_phrase < max_merges {
        let mut counts: HashMap<u64, u32> = HashMap::default();
        for s in &seqs {
            for w in s.windows(2) {
                if char_len[w[0] as usize] + char_len[w[1] as usize] <= MAX_PHRASE {
                    *counts
                        .entry(((w[0] as u64) << 32) | w[1] as u64)
                        .or_insert(0) += 1;
                }
            }
        }
        let mut pairs: Vec<(u32, u64)> = counts
            .into_iter()
            .filter(|&(_, n)| n >= min_count)
            .map(|(p, n)| (n, p))
            .collect();
        if pairs.is_empty() {
            break;
        }
        pairs.sort_unstable_by(|a, b| b.cmp(a));
        // A batch of the most frequent pairs per pass; pairs that overlap in a sequence merge
        // left to right (close enough to strict byte-pair encoding, and far fewer passes).
        let budget = (max_merges - (names.len() - first_phrase)).min(1024);
        let mut merges: HashMap<u64, u32> = HashMap::default();
        for &(_, p) in pairs.iter().take(budget) {
            let (a, b) = ((p >> 32) as u32, p as u32);
            let name = format!("{}{}", names[a as usize], names[b as usize]);
            char_len.push(char_len[a as usize] + char_len[b as usize]);
            names.push(name);
            merges.insert(p, names.len() as u32 - 1);
        }
        for s in seqs.iter_mut() {
            let mut out = Vec::with_capacity(s.len());
            let mut i = 0;
            while i < s.len() {
                if i + 1 < s.len() {
                    if let Some(&m) = merges.get(&(((s[i] as u64) << 32) | s[i + 1] as u64)) {
                        out.push(m);
                        i += 2;
                        continue;
                    }
                }
                out.push(s[i]);
                i += 1;
            }
            *s = out;
        }
    }
    names.split_off(first_phrase)
}

/// Huffman code lengths for `freqs` (all > 0), at most `MAX_CODE_LEN`.
fn huffman_lengths(freqs: &[u64]) -> Vec<u8> {
    let n = freqs.len();
    if n == 1 {
        return vec![1];
    }
    let mut f: Vec<u64> = freqs.to_vec();
    loop {
        let mut heap: BinaryHeap<std::cmp::Reverse<(u64, usize)>> = f
            .iter()
            .enumerate()
            .map(|(i, &w)| std::cmp::Reverse((w, i)))
            .collect();
        let mut parent = vec![usize::MAX; n];
        let mut next = n;
        let mut parents: Vec<usize> = Vec::new();
        while heap.len() > 1 {
            let std::cmp::Reverse((w1, a)) = heap.pop().unwrap();
            let std::cmp::Reverse((w2, b)) = heap.pop().unwrap();
            let id = next;
            next += 1;
            parents.push(usize::MAX);
            for x in [a, b] {
                if x < n {
                    parent[x] = id;
                } else {
                    parents[x - n] = id;
                }
            }
            heap.push(std::cmp::Reverse((w1 + w2, id)));
        }
        // Depth of internal nodes: the root is the last one made.
        let mut depth = vec![0u8; parents.len()];
        for i in (0..parents.len()).rev() {
            if parents[i] != usize::MAX {
                depth[i] = depth[parents[i] - n].saturating_add(1);
            }
        }
        let lens: Vec<u8> = parent
            .iter()
            .map(|&p| depth[p - n].saturating_add(1))
            .collect();
        if lens.iter().all(|&l| l <= MAX_CODE_LEN) {
            return lens;
        }
        for w in f.iter_mut() {
            *w = (*w >> 1) + 1;
        }
    }
}

impl Codec {
    /// Learns a codec: phrases from a sample of the texts, every character of `chars` a symbol
    /// too (it must hold every character the texts to encode have), and code lengths from how
    /// often the sample uses each symbol (each counted once more, so every symbol has a code).
    /// `total_chars`, the characters of all texts, sets how many phrases pay for themselves.
    pub fn learn(sample: &[&str], chars: &[char], total_chars: usize) -> Codec {
        // The phrase table ships once in the manifest.
        let max_merges = (total_chars / 48).min(8192);
        let phrases = learn_phrases(sample, max_merges);
        let mut names: Vec<String> = chars.iter().map(|c| c.to_string()).collect();
        names.extend(phrases);
        let mut trie = Trie::new();
        for (i, s) in names.iter().enumerate() {
            trie.insert(s, i as u32);
        }
        let mut parser = trie.compile();
        drop(trie);
        // Each symbol counted once more, after the sum (rayon splits the fold as it likes).
        let mut freq: Vec<u64> = sample
            .par_iter()
            .fold(
                || (vec![0u64; names.len()], Vec::new()),
                |(mut freq, mut buf): (Vec<u64>, Vec<u32>), t| {
                    let cs: Vec<char> = t.chars().collect();
                    buf.clear();
                    parser.parse(&cs, &mut buf);
                    for &s in &buf {
                        if let Some(f) = freq.get_mut(s as usize) {
                            *f += 1;
                        }
                    }
                    (freq, buf)
                },
            )
            .map(|(freq, _)| freq)
            .reduce_with(|mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
                a
            })
            .unwrap_or_else(|| vec![0; names.len()]);
        for f in freq.iter_mut() {
            *f += 1;
        }
        let lens = if names.is_empty() {
            Vec::new()
        } else {
            huffman_lengths(&freq)
        };
        // Canonical order: by code length, then symbol number.
        let mut order: Vec<usize> = (0..names.len()).collect();
        order.sort_by_key(|&k| (lens[k], k));
        let mut canonical = vec![NONE; names.len()];
        let mut symbols = Vec::with_capacity(order.len());
        let mut sorted_lens = Vec::with_capacity(order.len());
        for (canon, &k) in order.iter().enumerate() {
            canonical[k] = canon as u32;
            symbols.push(std::mem::take(&mut names[k]));
            sorted_lens.push(lens[k]);
        }
        let mut codes = Vec::with_capacity(symbols.len());
        let mut code = 0u32;
        let mut prev_len = sorted_lens.first().copied().unwrap_or(0);
        for &l in &sorted_lens {
            code <<= l - prev_len;
            prev_len = l;
            codes.push(code);
            code += 1;
        }
        // The parser answers symbol numbers; make them codes and lengths (`code << 5 | length`,
        // under 2^29 as codes are at most 24 bits).
        for s in parser.symbols.iter_mut() {
            if *s != NONE {
                let c = canonical[*s as usize] as usize;
                *s = (codes[c] << 5) | sorted_lens[c] as u32;
            }
        }
        Codec {
            symbols,
            lens: sorted_lens,
            parser,
        }
    }

    /// Encodes a text (every character in the codec): the symbol count (γ of count + 1), then
    /// the codes. `symbols` is working space, reused between calls.
    pub fn encode(&self, text: &[char], symbols: &mut Vec<u32>) -> String {
        symbols.clear();
        // Each symbol as its code and length (`code << 5 | length`).
        self.parser.parse(text, symbols);
        let count = symbols.len() as u64 + 1;
        let bits = symbols.iter().map(|&s| (s & 31) as u64).sum::<u64>()
            + 2 * (63 - count.leading_zeros() as u64)
            + 1;
        let mut w = TextWriter::with_bits(bits);
        w.gamma(count);
        w.bits_all(symbols.iter().map(|&s| ((s >> 5) as u64, s & 31)));
        w.finish()
    }

    /// Number of symbols of each code length 1..=max, as the manifest ships it.
    pub fn length_counts(&self) -> Vec<u32> {
        let max = self.lens.last().copied().unwrap_or(0) as usize;
        let mut counts = vec![0u32; max];
        for &l in &self.lens {
            counts[l as usize - 1] += 1;
        }
        counts
    }
}

/// The decoder side, from what the manifest ships (as `search.js` does it).
pub struct Decoder {
    symbols: Vec<String>,
    /// Per length: (first code, index of the first symbol, count).
    table: Vec<(u32, usize, u32)>,
}

impl Decoder {
    pub fn new(symbols: Vec<String>, counts: &[u32]) -> Self {
        let mut table = Vec::with_capacity(counts.len() + 1);
        table.push((0, 0, 0));
        let (mut code, mut index) = (0u32, 0usize);
        for &n in counts {
            code <<= 1;
            table.push((code, index, n));
            code += n;
            index += n as usize;
        }
        Decoder { symbols, table }
    }

    pub fn decode(&self, b64: &str) -> String {
        let mut r = BitReader::new(b64);
        let n = r.gamma() - 1;
        let mut out = String::new();
        for _ in 0..n {
            let mut code = 0u32;
            for (first, index, count) in self.table.iter().skip(1) {
                code = (code << 1) | r.bit() as u32;
                if code.wrapping_sub(*first) < *count {
                    out.push_str(&self.symbols[index + (code - first) as usize]);
                    break;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_round_trip() {
        let texts: Vec<String> = (0..50)
            .map(|i| format!("小区党支部书记第{i}次会议，业委会和物业公司一起协商。Step {i}: 𠀀"))
            .collect();
        let (codec, dec) = learn(&texts, 50);
        assert!(codec.symbols.iter().any(|s| s.chars().count() > 1));
        let mut buf = Vec::new();
        for t in &texts {
            let chars: Vec<char> = t.chars().collect();
            assert_eq!(&dec.decode(&codec.encode(&chars, &mut buf)), t);
        }
    }

    /// A codec learned from a sample, with the characters of every text.
    fn learn(texts: &[String], sampled: usize) -> (Codec, Decoder) {
        let mut chars: Vec<char> = texts.iter().flat_map(|t| t.chars()).collect();
        chars.sort_unstable();
        chars.dedup();
        let sample: Vec<&str> = texts.iter().take(sampled).map(String::as_str).collect();
        let total = texts.iter().map(|t| t.chars().count()).sum();
        let codec = Codec::learn(&sample, &chars, total);
        let dec = Decoder::new(codec.symbols.clone(), &codec.length_counts());
        (codec, dec)
    }

    /// Characters the sample never saw still have codes (texts outside the sample use them).
    #[test]
    fn characters_outside_the_sample_round_trip() {
        let texts: Vec<String> = (0..40)
            .map(|i| match i {
                0..=29 => format!("业委会和物业公司第{i}次协商"),
                _ => format!("黨支部書記 Ωmega {i} 𠀀𠀁 ａｂｃ"),
            })
            .collect();
        let (codec, dec) = learn(&texts, 30);
        let mut buf = Vec::new();
        for t in &texts {
            let chars: Vec<char> = t.chars().collect();
            assert_eq!(&dec.decode(&codec.encode(&chars, &mut buf)), t);
        }
    }

    /// The trie's greedy parse is the longest symbol at each position, with thousands of
    /// phrases (its edge table grows many times) sharing prefixes, over a few characters and
    /// over hundreds (the double array places nodes with children of scattered codes).
    #[test]
    fn parse_takes_the_longest_symbol() {
        let many: String = (0x4E00..0x4F00)
            .chain(0x2_0000..0x2_0040)
            .filter_map(char::from_u32)
            .chain("abc xyz".chars())
            .collect();
        for alphabet in ["党支部书记业委会物𠀀", many.as_str()] {
            let alphabet: Vec<char> = alphabet.chars().collect();
            let mut seed = 11u64;
            let mut next = |n: usize| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (seed >> 33) as usize % n
            };
            let mut names: Vec<String> = alphabet.iter().map(|c| c.to_string()).collect();
            let mut phrases: Vec<String> = Vec::new();
            for _ in 0..3000 {
                let len = 2 + next(MAX_PHRASE - 1);
                // Phrases often extend one another, so walks go deep.
                let mut p: String = match phrases.len() {
                    0 => String::new(),
                    n => phrases[next(n)].chars().take(len - 1).collect(),
                };
                while p.chars().count() < len {
                    p.push(alphabet[next(alphabet.len())]);
                }
                phrases.push(p);
            }
            names.extend(phrases.iter().cloned());
            names.sort();
            names.dedup();
            let mut trie = Trie::new();
            for (i, s) in names.iter().enumerate() {
                trie.insert(s, i as u32);
            }
            let mut text: Vec<char> = Vec::new();
            while text.len() < 20_000 {
                match next(3) {
                    0 => text.push(alphabet[next(alphabet.len())]),
                    _ => text.extend(phrases[next(phrases.len())].chars()),
                }
            }
            let mut got = Vec::new();
            trie.compile().parse(&text, &mut got);
            let mut want = Vec::new();
            let mut i = 0;
            while i < text.len() {
                let best = (1..=MAX_PHRASE.min(text.len() - i))
                    .rev()
                    .find_map(|len| {
                        let s: String = text[i..i + len].iter().collect();
                        names.binary_search(&s).ok().map(|k| (k as u32, len))
                    })
                    .expect("every character is a symbol");
                want.push(best.0);
                i += best.1;
            }
            assert!(want.len() < text.len() / 2, "long matches are common");
            assert_eq!(got, want);
        }
    }

    #[test]
    fn one_symbol_and_empty() {
        let texts = ["aaaa".to_string(), String::new()];
        let (codec, dec) = learn(&texts, 2);
        let mut buf = Vec::new();
        assert_eq!(dec.decode(&codec.encode(&['a'; 4], &mut buf)), "aaaa");
        assert_eq!(dec.decode(&codec.encode(&[], &mut buf)), "");
        let (codec, dec) = learn(&[String::new()], 1);
        assert_eq!(dec.decode(&codec.encode(&[], &mut buf)), "");
    }
}
