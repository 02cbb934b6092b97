//! Bit streams written as base64 text (6 bits a character, most significant bit first), so they
//! sit in a JavaScript string literal. Integers are Elias-gamma or Rice coded.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

#[derive(Default, Debug, Clone)]
pub struct BitWriter {
    out: String,
    cur: u32,
    used: u32,
    bits: u64,
}

impl BitWriter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Bits written so far.
    pub fn bit_len(&self) -> u64 {
        self.bits
    }

    pub fn bit(&mut self, b: bool) {
        self.cur = (self.cur << 1) | b as u32;
        self.used += 1;
        self.bits += 1;
        if self.used == 6 {
            self.out.push(ALPHABET[self.cur as usize] as char);
            self.cur = 0;
            self.used = 0;
        }
    }

    /// The low `n` bits of `v`, most significant first.
    pub fn bits(&mut self, v: u64, n: u32) {
        for i in (0..n).rev() {
            self.bit((v >> i) & 1 == 1);
        }
    }

    /// Elias gamma code of `v` ≥ 1.
    pub fn gamma(&mut self, v: u64) {
        debug_assert!(v >= 1);
        let n = 63 - v.leading_zeros();
        for _ in 0..n {
            self.bit(false);
        }
        self.bits(v, n + 1);
    }

    /// Rice code of `v` ≥ 0 with parameter `k`: the quotient in unary (ones, then a zero),
    /// then the remainder in `k` bits.
    pub fn rice(&mut self, v: u64, k: u32) {
        for _ in 0..(v >> k) {
            self.bit(true);
        }
        self.bit(false);
        self.bits(v, k);
    }

    /// Appends another stream's bits.
    pub fn append(&mut self, other: &BitWriter) {
        let mut r = BitReader::new(&other.out);
        for _ in 0..(other.out.len() as u64 * 6) {
            self.bit(r.bit());
        }
        self.bits(other.cur as u64, other.used);
    }

    /// The base64 text, the last character padded with zero bits.
    pub fn finish(mut self) -> String {
        if self.used > 0 {
            let pad = 6 - self.used;
            self.cur <<= pad;
            self.out.push(ALPHABET[self.cur as usize] as char);
        }
        self.out
    }
}

/// Rice parameter for gaps whose mean is `mean`.
pub fn rice_k(sum: u64, count: u64) -> u32 {
    if count == 0 {
        return 0;
    }
    let mean = sum as f64 / count as f64;
    if mean < 1.5 {
        0
    } else {
        ((mean * std::f64::consts::LN_2).log2().floor().max(0.0) as u32).min(30)
    }
}

fn decode_char(c: u8) -> u32 {
    match c {
        b'A'..=b'Z' => (c - b'A') as u32,
        b'a'..=b'z' => (c - b'a') as u32 + 26,
        b'0'..=b'9' => (c - b'0') as u32 + 52,
        b'+' => 62,
        b'/' => 63,
        _ => 0,
    }
}

/// Reads a base64 bit stream; reading past the end yields zero bits.
pub struct BitReader<'a> {
    text: &'a [u8],
    pos: usize,
    cur: u32,
    left: u32,
}

impl<'a> BitReader<'a> {
    pub fn new(text: &'a str) -> Self {
        BitReader {
            text: text.as_bytes(),
            pos: 0,
            cur: 0,
            left: 0,
        }
    }

    /// Bits read so far.
    pub fn position(&self) -> u64 {
        self.pos as u64 * 6 - self.left as u64
    }

    /// Moves to bit `at`.
    pub fn seek(&mut self, at: u64) {
        self.pos = (at / 6) as usize;
        self.left = 0;
        let skip = (at % 6) as u32;
        if skip > 0 {
            self.load();
            self.left -= skip;
        }
    }

    fn load(&mut self) {
        self.cur = self.text.get(self.pos).map_or(0, |&c| decode_char(c));
        self.pos += 1;
        self.left = 6;
    }

    pub fn bit(&mut self) -> bool {
        if self.left == 0 {
            self.load();
        }
        self.left -= 1;
        (self.cur >> self.left) & 1 == 1
    }

    pub fn bits(&mut self, n: u32) -> u64 {
        let mut v = 0;
        for _ in 0..n {
            v = (v << 1) | self.bit() as u64;
        }
        v
    }

    pub fn gamma(&mut self) -> u64 {
        let mut n = 0;
        while !self.bit() {
            n += 1;
            if n > 63 {
                return 1;
            }
        }
        (1 << n) | self.bits(n)
    }

    pub fn rice(&mut self, k: u32) -> u64 {
        let mut q = 0u64;
        while self.bit() {
            q += 1;
        }
        (q << k) | self.bits(k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        let mut w = BitWriter::new();
        let values = [1u64, 2, 3, 7, 8, 1000, 123_456_789];
        for &v in &values {
            w.gamma(v);
            w.rice(v, 3);
            w.rice(v - 1, 0);
        }
        w.bits(0b101, 3);
        let n = w.bit_len();
        let s = w.finish();
        assert_eq!(s.len() as u64, n.div_ceil(6));
        let mut r = BitReader::new(&s);
        for &v in &values {
            assert_eq!(r.gamma(), v);
            assert_eq!(r.rice(3), v);
            assert_eq!(r.rice(0), v - 1);
        }
        assert_eq!(r.bits(3), 0b101);
        assert_eq!(r.position(), n);
        r.seek(0);
        assert_eq!(r.gamma(), 1);
    }

    #[test]
    fn append_keeps_the_bits() {
        let mut a = BitWriter::new();
        a.bits(0b1, 1);
        let mut b = BitWriter::new();
        b.gamma(9);
        b.gamma(300);
        a.append(&b);
        let s = a.finish();
        let mut r = BitReader::new(&s);
        assert!(r.bit());
        assert_eq!(r.gamma(), 9);
        assert_eq!(r.gamma(), 300);
    }
}
