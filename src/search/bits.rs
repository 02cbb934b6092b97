//! Bit streams written as text that sits in a JavaScript string literal unescaped: each group of
//! 13 bits (most significant first) is two characters of a 91-character alphabet (printable
//! ASCII without space, `"`, `'` and `\`), low digit first. Integers are Elias-gamma or Rice coded.

const ALPHABET: &[u8; 91] =
    b"!#$%&()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";

/// The alphabet: `!` to `~` without `"`, `'` and `\`.
pub fn alphabet() -> &'static [u8] {
    ALPHABET
}

const fn decode_table() -> [u8; 128] {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 91 {
        t[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    t
}

static DECODE: [u8; 128] = decode_table();

/// The two characters of each 13-bit group.
const fn group_table() -> [[u8; 2]; 8192] {
    let mut t = [[0u8; 2]; 8192];
    let mut g = 0;
    while g < 8192 {
        t[g] = [ALPHABET[g % 91], ALPHABET[g / 91]];
        g += 1;
    }
    t
}

static GROUPS: [[u8; 2]; 8192] = group_table();

/// Writes a stream straight to its text, as `BitWriter` then `finish` would (no appending).
pub struct TextWriter {
    out: Vec<u8>,
    /// Pending bits, `used` (< 13 between calls) of them from the top down; the rest zero.
    acc: u64,
    used: u32,
}

impl TextWriter {
    /// For a stream of (about) `bits` bits: the text gets that much room.
    pub fn with_bits(bits: u64) -> Self {
        TextWriter {
            out: Vec::with_capacity(bits.div_ceil(13) as usize * 2),
            acc: 0,
            used: 0,
        }
    }

    /// Each `(v, n)`: the low `n` (1 to 32) bits of `v`, most significant first (the codec's
    /// symbols: the writer's state stays in locals through the run).
    #[inline]
    pub fn bits_all(&mut self, items: impl IntoIterator<Item = (u64, u32)>) {
        let mut out = std::mem::take(&mut self.out);
        let (mut acc, mut used) = (self.acc, self.used);
        for (v, n) in items {
            debug_assert!((1..=32).contains(&n));
            push_bits(&mut out, &mut acc, &mut used, v, n);
        }
        (self.out, self.acc, self.used) = (out, acc, used);
    }

    /// The low `n` (≤ 51) bits of `v`, most significant first: fewer than 13 are pending, so
    /// they fit the 64-bit accumulator.
    #[inline]
    fn wide(&mut self, v: u64, n: u32) {
        debug_assert!(n <= 51 && self.used < 13);
        if n > 0 {
            push_bits(&mut self.out, &mut self.acc, &mut self.used, v, n);
        }
    }

    /// The text, the last group padded with zero bits.
    pub fn finish(mut self) -> String {
        if self.used > 0 {
            self.out
                .extend_from_slice(&GROUPS[(self.acc >> 51) as usize]);
        }
        String::from_utf8(self.out).expect("the alphabet is ASCII")
    }
}

impl BitSink for TextWriter {
    #[inline]
    fn put(&mut self, v: u64, n: u32) {
        self.wide(v, n);
    }

    /// Rice_k(`gap`) then, when `gamma` > 0, γ(`gamma`): a postings entry, written in one
    /// step when the two codes fit the accumulator together (nearly always).
    #[inline]
    fn rice_gamma(&mut self, gap: u64, k: u32, gamma: u64) {
        let q = gap >> k;
        let g = if gamma == 0 {
            0
        } else {
            2 * (63 - gamma.leading_zeros()) + 1
        };
        let n = q as u32 + 1 + k + g;
        if q >= 32 || n > 51 {
            self.rice(gap, k);
            if gamma > 0 {
                self.gamma(gamma);
            }
            return;
        }
        // Unary ones and a zero, the k low bits of the gap, then γ (its zeros are the high
        // bits of a `g`-bit field holding `gamma`).
        let unary = ((1u64 << (q + 1)) - 2) << (k + g);
        let low = (gap & ((1u64 << k) - 1)) << g;
        self.wide(unary | low | gamma, n);
    }
}

/// Appends the low `n` (1 to 51) bits of `v` to a text stream's accumulator, `used` (< 13)
/// bits pending in it from the top down, and moves every complete 13-bit group to `out`.
#[inline(always)]
fn push_bits(out: &mut Vec<u8>, acc: &mut u64, used: &mut u32, v: u64, n: u32) {
    *acc |= (v & (u64::MAX >> (64 - n))) << (64 - *used - n);
    *used += n;
    while *used >= 13 {
        out.extend_from_slice(&GROUPS[(*acc >> 51) as usize]);
        *acc <<= 13;
        *used -= 13;
    }
}

/// A bit stream being written: [`BitWriter`] (groups, appendable) or [`TextWriter`] (straight
/// to text). Each writes runs of up to 32 bits; the codes are written the same way for both.
pub trait BitSink {
    /// The low `n` (0 to 32) bits of `v`, most significant first.
    fn put(&mut self, v: u64, n: u32);

    /// The low `n` (up to 64) bits of `v`, most significant first.
    #[inline]
    fn bits(&mut self, v: u64, n: u32) {
        if n > 32 {
            self.put(v >> 32, n - 32);
            self.put(v & 0xFFFF_FFFF, 32);
        } else {
            self.put(v, n);
        }
    }

    /// Elias gamma code of `v` ≥ 1: n zeros, then the n + 1 bits of `v` (so `v` itself in
    /// 2n + 1 bits while that fits 64).
    fn gamma(&mut self, v: u64) {
        debug_assert!(v >= 1);
        let n = 63 - v.leading_zeros();
        if n < 32 {
            self.bits(v, 2 * n + 1);
        } else {
            self.bits(0, n);
            self.bits(v, n + 1);
        }
    }

    /// Rice code of `v` ≥ 0 with parameter `k`: the quotient in unary (ones, then a zero),
    /// then the remainder in `k` bits.
    fn rice(&mut self, v: u64, k: u32) {
        let mut q = v >> k;
        while q >= 32 {
            self.put(u32::MAX as u64, 32);
            q -= 32;
        }
        self.put((1u64 << (q + 1)) - 2, q as u32 + 1);
        self.bits(v, k);
    }

    /// Rice_k(`gap`) then, when `gamma` > 0, γ(`gamma`): a postings entry.
    #[inline]
    fn rice_gamma(&mut self, gap: u64, k: u32, gamma: u64) {
        self.rice(gap, k);
        if gamma > 0 {
            self.gamma(gamma);
        }
    }
}

/// Counts the bits a stream would take and writes none: a postings list is measured by
/// the same code that writes it (its length goes before it).
#[derive(Default)]
pub struct BitCount(pub u64);

impl BitSink for BitCount {
    #[inline]
    fn put(&mut self, _v: u64, n: u32) {
        self.0 += n as u64;
    }

    // The codes' lengths, without stepping through their bits.
    #[inline]
    fn gamma(&mut self, v: u64) {
        self.0 += 2 * (63 - v.leading_zeros() as u64) + 1;
    }

    #[inline]
    fn rice(&mut self, v: u64, k: u32) {
        self.0 += (v >> k) + 1 + k as u64;
    }
}

#[derive(Default, Debug, Clone)]
pub struct BitWriter {
    /// Complete 13-bit groups (turned into text by `finish`, so `append` copies whole groups).
    groups: Vec<u16>,
    /// Pending bits, the oldest highest; `used` of them.
    acc: u64,
    used: u32,
    bits: u64,
}

impl BitWriter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Bits written so far.
    #[cfg(test)]
    pub fn bit_len(&self) -> u64 {
        self.bits
    }

    #[inline]
    fn flush(&mut self) {
        while self.used >= 13 {
            self.used -= 13;
            self.groups.push(((self.acc >> self.used) & 0x1FFF) as u16);
        }
        self.acc &= (1u64 << self.used) - 1;
    }

    /// Appends another stream's bits.
    pub fn append(&mut self, other: &BitWriter) {
        if self.used == 0 {
            self.groups.extend_from_slice(&other.groups);
            self.bits += other.groups.len() as u64 * 13;
        } else {
            for &g in &other.groups {
                self.bits(g as u64, 13);
            }
        }
        self.bits(other.acc, other.used);
    }

    /// The text, the last group padded with zero bits.
    pub fn finish(mut self) -> String {
        if self.used > 0 {
            let pad = 13 - self.used;
            self.groups.push(((self.acc << pad) & 0x1FFF) as u16);
        }
        let a = alphabet();
        let mut out = String::with_capacity(self.groups.len() * 2);
        for g in self.groups {
            out.push(a[(g % 91) as usize] as char);
            out.push(a[(g / 91) as usize] as char);
        }
        out
    }
}

impl BitSink for BitWriter {
    #[inline]
    fn put(&mut self, v: u64, n: u32) {
        debug_assert!(n <= 32);
        if n == 0 {
            return;
        }
        self.acc = (self.acc << n) | (v & ((1u64 << n) - 1));
        self.used += n;
        self.bits += n as u64;
        self.flush();
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
    DECODE.get(c as usize).copied().unwrap_or(0) as u32
}

/// Reads a bit stream; reading past the end yields zero bits.
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
        self.pos as u64 / 2 * 13 - self.left as u64
    }

    /// Moves to bit `at`.
    pub fn seek(&mut self, at: u64) {
        self.pos = (at / 13) as usize * 2;
        self.left = 0;
        let skip = (at % 13) as u32;
        if skip > 0 {
            self.load();
            self.left -= skip;
        }
    }

    fn load(&mut self) {
        let lo = self.text.get(self.pos).map_or(0, |&c| decode_char(c));
        let hi = self.text.get(self.pos + 1).map_or(0, |&c| decode_char(c));
        self.cur = lo + 91 * hi;
        self.pos += 2;
        self.left = 13;
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
        assert_eq!(s.len() as u64, n.div_ceil(13) * 2);
        assert!(s.bytes().all(|b| alphabet().contains(&b)));
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

    /// `TextWriter` writes what `BitWriter` does, for any run of writes.
    #[test]
    fn text_writer_matches_bit_writer() {
        let mut seed = 5u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            seed >> 11
        };
        for round in 0..200 {
            let (mut a, mut b) = (BitWriter::new(), TextWriter::with_bits(round));
            // And the bit count a measured list takes, code by code.
            let mut c = BitCount::default();
            for _ in 0..round {
                let v = next();
                if v % 7 == 0 {
                    let g = (next() >> (next() % 64)).max(1);
                    a.gamma(g);
                    b.gamma(g);
                    c.gamma(g);
                } else if v % 7 == 2 {
                    // A postings entry: Rice (quotients to 127), then γ (or not).
                    let k = (next() % 31) as u32;
                    let gap = next() % (1 << (k + 7));
                    let g = if next() % 3 == 0 {
                        0
                    } else {
                        next() >> (next() % 64)
                    };
                    a.rice(gap, k);
                    if g > 0 {
                        a.gamma(g);
                    }
                    b.rice_gamma(gap, k, g);
                    c.rice_gamma(gap, k, g);
                } else if v % 7 == 3 {
                    let k = (next() % 31) as u32;
                    let gap = next() % (1 << (k + 6));
                    a.rice(gap, k);
                    b.rice(gap, k);
                    c.rice(gap, k);
                } else if v % 7 == 1 {
                    let n = (next() % 32) as u32 + 1;
                    a.bits(v, n);
                    b.bits_all([(v, n)]);
                    c.bits(v, n);
                } else {
                    let n = (next() % 33) as u32;
                    a.bits(v, n);
                    b.bits(v, n);
                    c.bits(v, n);
                }
            }
            assert_eq!(c.0, a.bit_len());
            assert_eq!(a.finish(), b.finish());
        }
        for g in [1u64, 2, 65_535, 65_536, 1 << 31, (1 << 32) + 7, u64::MAX] {
            let (mut a, mut b) = (BitWriter::new(), TextWriter::with_bits(0));
            a.bits(1, 3);
            b.bits(1, 3);
            a.gamma(g);
            b.gamma(g);
            assert_eq!(a.finish(), b.finish());
        }
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
