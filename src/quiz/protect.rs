//! Answer protection shared with `quiz.js`: fill-in normalisation, salted answer
//! hashes, and the XOR keystream that hides explanations and feedback.
//!
//! This only stops casual peeking at the page source: everything the browser needs
//! to check an answer is in the page, so a determined reader can recover it.
//! The exact byte-level rules are pinned by `tests/vectors/quiz-hash.json`, which
//! both the Rust and the JavaScript tests check.

use sha2::{Digest, Sha256};

/// Whitespace, exactly the set JavaScript's `\s` matches (so Rust and JS agree).
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}

/// Normalises a fill-in answer: full-width ASCII (U+FF01–U+FF5E) to half-width,
/// U+3000 to a space, lower case, trimmed, inner whitespace collapsed to one space.
pub fn normalize_fill(s: &str) -> String {
    let half: String = s
        .chars()
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            0x3000 => ' ',
            _ => c,
        })
        .collect();
    let lower = half.to_lowercase();
    lower
        .split(is_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn sha256_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The salted hash of a canonical answer string: hex SHA-256 of `salt + ":" + canonical`.
pub fn answer_hash(salt: &str, canonical: &str) -> String {
    sha256_hex(&format!("{salt}:{canonical}"))
}

/// XOR `data` with the keystream of `salt`: block i is SHA-256 of `"key:" + salt + ":" + i`.
pub fn xor_keystream(salt: &str, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    for (i, chunk) in data.chunks(32).enumerate() {
        let block = Sha256::digest(format!("key:{salt}:{i}").as_bytes());
        out.extend(chunk.iter().zip(block.iter()).map(|(a, b)| a ^ b));
    }
    out
}

/// Obfuscates text for the page: base64 of the UTF-8 bytes XORed with the salt's keystream.
pub fn obfuscate(salt: &str, plain: &str) -> String {
    base64(&xor_keystream(salt, plain.as_bytes()))
}

/// Standard base64 with padding.
pub fn base64(data: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (k, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if k <= chunk.len() {
                out.push(ABC[((n >> shift) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A deterministic permutation of `0..n` that is never the identity (for n >= 2),
/// seeded by `seed`. Used to list order steps scrambled in the page.
pub fn scramble(seed: &str, n: usize) -> Vec<usize> {
    let mut perm: Vec<usize> = (0..n).collect();
    let mut counter = 0u32;
    let mut next = || {
        counter += 1;
        let d = Sha256::digest(format!("order:{seed}:{counter}").as_bytes());
        u32::from_be_bytes([d[0], d[1], d[2], d[3]])
    };
    for i in (1..n).rev() {
        let j = next() as usize % (i + 1);
        perm.swap(i, j);
    }
    if n >= 2 && perm.iter().enumerate().all(|(i, &p)| i == p) {
        perm.rotate_left(1);
    }
    perm
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_pads() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foob"), "Zm9vYg==");
    }

    #[test]
    fn keystream_round_trips() {
        let data = "解释：党的组织覆盖所有小区。".repeat(5);
        let x = xor_keystream("s1", data.as_bytes());
        assert_ne!(x, data.as_bytes());
        assert_eq!(xor_keystream("s1", &x), data.as_bytes());
    }

    #[test]
    fn scramble_is_never_identity() {
        for n in 2..8 {
            for s in 0..50 {
                let p = scramble(&s.to_string(), n);
                let mut sorted = p.clone();
                sorted.sort();
                assert_eq!(sorted, (0..n).collect::<Vec<_>>());
                assert!(p.iter().enumerate().any(|(i, &v)| i != v));
            }
        }
    }

    #[test]
    fn normalises_width_case_and_spaces() {
        assert_eq!(normalize_fill("  ＡＢＣ　ｄｅｆ\t x "), "abc def x");
        assert_eq!(normalize_fill("关键"), "关键");
        assert_eq!(normalize_fill("１２３％"), "123%");
    }
}
