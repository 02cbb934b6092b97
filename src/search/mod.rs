//! Chinese-aware search: the tokenizer shared with the browser, and the index builder.
//!
//! # Index format (version 1)
//!
//! Every file is a classic script that hands one JSON object to `window.ZhiyinSearch`, so the
//! index loads with `<script>` tags from `file://`. Bit streams are text: each 13 bits (most
//! significant first) are two characters of a 91-character alphabet (`!`–`~` without `"`, `'`,
//! `\`), low digit first; integers in them are Elias-gamma (γ) or Rice coded.
//!
//! * `search/index.js` — the manifest, `ZhiyinSearch.add({...})`: `v` format, `n` pages,
//!   `sections` (labels), `meta` (per page: γ(section index + 1), γ(length + 1)), `avgdl`,
//!   `shards` (count), `chunks` (γ(chunk count + 1), then γ(pages in each chunk)), the text codec
//!   (`syms`: every symbol concatenated in canonical order, `slen`: γ(characters) of each,
//!   `counts`: symbols per code length 1, 2, …) and `fold` (the traditional → simplified pairs).
//! * `search/p{i}.js` — postings shard i, `ZhiyinSearch.shard({i, t, p})`: `t` the tokens
//!   (space-separated), `p` a stream: γ(bit length + 1) of each token's list, then the lists.
//!   A list: γ(pages), γ(k + 1), per page Rice_k(page gap) and (except for CJK single
//!   characters) γ(tf); then γ(flagged + 1) and per flagged page γ(entry index gap) and 2 bits
//!   (2 in the title, 1 in a heading). Tokens: CJK bigrams, every CJK character, whole
//!   Latin/digit words. A token lives in shard FNV-1a-32(UTF-16 units) mod `shards`.
//! * `search/t{i}.js` — stored text chunk i, `ZhiyinSearch.text({i, d})`: consecutive pages,
//!   each `[url, title length, text, [anchor, offset, length, …]]`; the text (title, a space,
//!   the body, white space collapsed) is Huffman coded: γ(symbols + 1), then the codes. Offsets
//!   and lengths count UTF-16 units.
//!
//! A query part matches where its normalised text is a substring of the page's normalised text
//! (and a Latin/digit word at its edge is not glued to more letters or digits): the postings
//! give the candidates, the stored text confirms them and gives snippets.

mod bits;
mod codec;
mod fx;
mod index;
pub mod reader;
pub mod tokenize;

#[cfg(test)]
mod tests;

pub use index::{collapse, shard_of, FORMAT};
use serde::{Deserialize, Serialize};
pub use tokenize::{normalize, query_parts, tokenize};

/// One page as the search index sees it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SearchDoc {
    /// Output path relative to the site root, e.g. `guides/a.html`.
    pub url: String,
    pub title: String,
    /// Human section label: 政策指引, 案例, 课程, 术语表, or empty.
    pub section: String,
    pub headings: Vec<SearchHeading>,
    /// The page's plain text (no markup), in reading order.
    pub body: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SearchHeading {
    pub anchor: String,
    pub text: String,
}

/// A file the index builder wants written, relative to the output root.
#[derive(Debug, Clone)]
pub struct IndexFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Builds the search index files (classic scripts, loaded with <script>, never fetch).
pub fn build_index(docs: Vec<SearchDoc>) -> Vec<IndexFile> {
    index::build(docs, &mut |_| {})
}

/// [`build_index`], calling `phase_done` with each phase's name as it ends (the codec, the
/// pages, the postings shards, the text chunks, the manifest): for `ZHIYIN_TIMINGS` and the
/// index benchmark (examples/bench_index.rs).
pub fn build_index_phases(
    docs: Vec<SearchDoc>,
    phase_done: &mut dyn FnMut(&'static str),
) -> Vec<IndexFile> {
    index::build(docs, phase_done)
}
