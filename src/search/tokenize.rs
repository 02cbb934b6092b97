//! The search tokenizer, shared character for character with `search.js`.
//!
//! * Normalise each character on its own (one character in, one character out, so positions in
//!   the normalised text are positions in the original): full-width ASCII (U+FF01–FF5E) and the
//!   ideographic space (U+3000) become half-width; common traditional characters fold to
//!   simplified (`t2s.txt`); letters are lower-cased when that gives one character of the
//!   Basic Multilingual Plane.
//! * Chinese (CJK) runs become overlapping character bigrams (a run of one character is that
//!   character); runs of Latin/Greek/Cyrillic letters and digits become whole tokens; everything
//!   else separates tokens.
//!
//! `tests/vectors/tokenizer.json` holds the vectors both implementations must reproduce.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The folding table: pairs of characters (traditional, simplified). Also shipped to the browser
/// inside the index manifest, so Rust and JavaScript fold from the same text.
pub const T2S_TABLE: &str = include_str!("t2s.txt");

/// The table's pairs as one string (comments and line breaks removed), as the manifest ships it.
pub fn t2s_pairs() -> &'static str {
    static PAIRS: OnceLock<String> = OnceLock::new();
    PAIRS.get_or_init(|| {
        T2S_TABLE
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(|l| l.chars())
            .filter(|c| !c.is_whitespace())
            .collect()
    })
}

/// Normalises one character (see the module documentation).
pub fn normalize_char(c: char) -> char {
    let u = c as u32;
    if u < 128 {
        return c.to_ascii_lowercase();
    }
    if u > 0xFFFF {
        return c;
    }
    static TABLE: OnceLock<Vec<u16>> = OnceLock::new();
    let table = TABLE.get_or_init(|| (0..=0xFFFFu32).map(|u| normalize_bmp(u) as u16).collect());
    char::from_u32(table[u as usize] as u32).unwrap_or(c)
}

/// The normalisation of a code unit of the Basic Multilingual Plane (surrogates stay).
fn normalize_bmp(u: u32) -> u32 {
    static FOLD: OnceLock<HashMap<u32, u32>> = OnceLock::new();
    let Some(c) = char::from_u32(u) else {
        return u;
    };
    if (0xFF01..=0xFF5E).contains(&u) {
        let h = u - 0xFEE0;
        return if (0x41..=0x5A).contains(&h) {
            h + 0x20
        } else {
            h
        };
    }
    if u == 0x3000 {
        return 0x20;
    }
    if c.is_ascii() {
        return c.to_ascii_lowercase() as u32;
    }
    let fold = FOLD.get_or_init(|| {
        let chars: Vec<char> = t2s_pairs().chars().collect();
        chars
            .chunks(2)
            .map(|p| (p[0] as u32, p[1] as u32))
            .collect()
    });
    if let Some(&s) = fold.get(&u) {
        return s;
    }
    let mut lower = c.to_lowercase();
    if let (Some(l), None) = (lower.next(), lower.next()) {
        if (l as u32) <= 0xFFFF {
            return l as u32;
        }
    }
    u
}

/// Normalises a string character by character (the result has as many characters).
pub fn normalize(text: &str) -> String {
    text.chars().map(normalize_char).collect()
}

/// What a (normalised) character is to the tokenizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharClass {
    /// Chinese, Japanese kana, Korean syllables: indexed by bigrams.
    Cjk,
    /// Letters and digits of alphabetic scripts: indexed as whole words.
    Word,
    /// Everything else: spaces, punctuation, symbols.
    Other,
}

pub fn char_class(c: char) -> CharClass {
    let u = c as u32;
    match u {
        0x30..=0x39 | 0x41..=0x5A | 0x61..=0x7A => CharClass::Word,
        0xD7 | 0xF7 => CharClass::Other,
        0xC0..=0x24F | 0x370..=0x3FF | 0x400..=0x4FF => CharClass::Word,
        0x3005..=0x3007
        | 0x3040..=0x30FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0x20000..=0x3FFFF => CharClass::Cjk,
        _ => CharClass::Other,
    }
}

/// One run of same-class characters in normalised text, by character index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub class: CharClass,
    pub start: usize,
    pub end: usize,
}

/// `char_class` by table for the Basic Multilingual Plane (runs see every character).
fn class_fast(c: char) -> CharClass {
    static TABLE: OnceLock<Vec<CharClass>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..=0xFFFFu32)
            .map(|u| char::from_u32(u).map_or(CharClass::Other, char_class))
            .collect()
    });
    table
        .get(c as usize)
        .copied()
        .unwrap_or_else(|| char_class(c))
}

/// Class bits in [`normalized_classes`] entries.
pub const CLASS_CJK: u32 = 1 << 16;
pub const CLASS_WORD: u32 = 2 << 16;

/// For each code unit of the Basic Multilingual Plane: its normalisation (low 16 bits) and the
/// class of that normalised character (`CLASS_CJK`, `CLASS_WORD` or neither): one look-up
/// per character for the index builder, which sees every character of the site.
pub fn normalized_classes() -> &'static [u32] {
    static TABLE: OnceLock<Vec<u32>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..=0xFFFFu32)
            .map(|u| {
                let n = char::from_u32(u).map_or(u, |c| normalize_char(c) as u32);
                let class = match char::from_u32(n).map_or(CharClass::Other, char_class) {
                    CharClass::Cjk => CLASS_CJK,
                    CharClass::Word => CLASS_WORD,
                    CharClass::Other => 0,
                };
                n | class
            })
            .collect()
    })
}

/// A character's normalisation and class bits, as [`normalized_classes`] gives them.
#[inline]
pub fn normalized_class(c: char, table: &[u32]) -> (u32, u32) {
    match table.get(c as usize) {
        Some(&e) => (e & 0xFFFF, e & !0xFFFF),
        None => {
            let n = normalize_char(c);
            let class = match char_class(n) {
                CharClass::Cjk => CLASS_CJK,
                CharClass::Word => CLASS_WORD,
                CharClass::Other => 0,
            };
            (n as u32, class)
        }
    }
}

/// The CJK and word runs of `chars` (already normalised).
pub fn runs(chars: &[char]) -> Vec<Run> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let class = class_fast(chars[i]);
        let start = i;
        while i < chars.len() && class_fast(chars[i]) == class {
            i += 1;
        }
        if class != CharClass::Other {
            out.push(Run {
                class,
                start,
                end: i,
            });
        }
    }
    out
}

/// Calls `f` with every token of the normalised characters, in order: bigrams of CJK runs (the
/// character itself for a run of one), whole word runs.
pub fn for_each_token(chars: &[char], mut f: impl FnMut(&[char])) {
    for run in runs(chars) {
        let s = &chars[run.start..run.end];
        if run.class == CharClass::Cjk && s.len() > 1 {
            for w in s.windows(2) {
                f(w);
            }
        } else {
            f(s);
        }
    }
}

/// Tokens of a text: normalise, then split (see the module documentation).
pub fn tokenize(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().map(normalize_char).collect();
    let mut out = Vec::new();
    for_each_token(&chars, |t| out.push(t.iter().collect()));
    out
}

/// White space for search: where query parts split, and what the stored text collapses to one
/// space. (Unicode White_Space, spelled out so that `search.js` tests the same set.)
pub fn is_space(c: char) -> bool {
    matches!(c as u32, 0x09..=0x0D | 0x20 | 0x85 | 0xA0 | 0x1680 | 0x2000..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000)
}

/// The parts of a query: normalised, split at white space, parts without any token dropped.
pub fn query_parts(query: &str) -> Vec<String> {
    normalize(query)
        .split(is_space)
        .filter(|p| !tokenize(p).is_empty())
        .map(str::to_string)
        .collect()
}
