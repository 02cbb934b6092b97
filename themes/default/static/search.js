/* zhiyin search: the tokenizer and index reader (a pure core, also loadable in node), the
   header box's live dropdown, the search page, and the highlight of a hit on the page it opens.
   Plain ES2017, no dependencies; the index loads with classic <script> tags (works from file://).
   The tokenizer must match src/search/tokenize.rs (tests/vectors/tokenizer.json). */
(function () {
  "use strict";

  /* ------------------------------------------------------------------ core */

  var core = (function () {
    var FORMAT = 1;
    var fold = {};
    var lowerCache = new Int32Array(65536);

    /* The traditional → simplified pairs (shipped in the index manifest). */
    function setFold(pairs) {
      fold = {};
      for (var i = 0; i + 1 < pairs.length; i += 2) fold[pairs.charCodeAt(i)] = pairs.charCodeAt(i + 1);
      lowerCache = new Int32Array(65536);
    }

    /* One UTF-16 unit of the Basic Multilingual Plane in, one out (surrogates pass through). */
    function normCode(u) {
      if (u >= 0xff01 && u <= 0xff5e) u -= 0xfee0;
      else if (u === 0x3000) return 0x20;
      if (u < 128) return u >= 65 && u <= 90 ? u + 32 : u;
      if (u >= 0xd800 && u <= 0xdfff) return u;
      var c = lowerCache[u];
      if (c) return c;
      var f = fold[u];
      if (f !== undefined) c = f;
      else {
        var l = String.fromCharCode(u).toLowerCase();
        c = l.length === 1 ? l.charCodeAt(0) : u;
      }
      lowerCache[u] = c;
      return c;
    }

    function normalize(s) {
      var out = "";
      var chunk = [];
      for (var i = 0; i < s.length; i++) {
        chunk.push(normCode(s.charCodeAt(i)));
        if (chunk.length === 4096) {
          out += String.fromCharCode.apply(null, chunk);
          chunk = [];
        }
      }
      return out + String.fromCharCode.apply(null, chunk);
    }

    function isSpace(u) {
      return (u >= 9 && u <= 13) || u === 32 || u === 0x85 || u === 0xa0 || u === 0x1680 ||
        (u >= 0x2000 && u <= 0x200a) || u === 0x2028 || u === 0x2029 || u === 0x202f || u === 0x205f || u === 0x3000;
    }

    /* 0 other, 1 CJK, 2 word (for a code point). */
    function charClass(u) {
      if ((u >= 48 && u <= 57) || (u >= 65 && u <= 90) || (u >= 97 && u <= 122)) return 2;
      if (u === 0xd7 || u === 0xf7) return 0;
      if ((u >= 0xc0 && u <= 0x24f) || (u >= 0x370 && u <= 0x4ff)) return 2;
      if ((u >= 0x3005 && u <= 0x3007) || (u >= 0x3040 && u <= 0x30ff) || (u >= 0x3400 && u <= 0x4dbf) ||
        (u >= 0x4e00 && u <= 0x9fff) || (u >= 0xac00 && u <= 0xd7af) || (u >= 0xf900 && u <= 0xfaff) ||
        (u >= 0x20000 && u <= 0x3ffff)) return 1;
      return 0;
    }

    /* Tokens of an already normalised string: CJK bigrams (a lone character on its own),
       whole words. */
    function tokensOf(n) {
      var out = [];
      var i = 0;
      var starts = [];
      var cls = [];
      while (i < n.length) {
        var u = n.charCodeAt(i);
        var w = 1;
        if (u >= 0xd800 && u <= 0xdbff && i + 1 < n.length) {
          var lo = n.charCodeAt(i + 1);
          if (lo >= 0xdc00 && lo <= 0xdfff) {
            u = ((u - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
            w = 2;
          }
        }
        starts.push(i);
        cls.push(charClass(u));
        i += w;
      }
      starts.push(n.length);
      var k = 0;
      while (k < cls.length) {
        var c = cls[k];
        var s = k;
        while (k < cls.length && cls[k] === c) k++;
        if (c === 1 && k - s > 1) {
          for (var j = s; j + 1 < k; j++) out.push(n.slice(starts[j], starts[j + 2]));
        } else if (c !== 0) out.push(n.slice(starts[s], starts[k]));
      }
      return out;
    }

    function tokenize(s) {
      return tokensOf(normalize(s));
    }

    function queryParts(q) {
      var n = normalize(q);
      var parts = [];
      var cur = "";
      for (var i = 0; i <= n.length; i++) {
        if (i === n.length || isSpace(n.charCodeAt(i))) {
          if (cur && tokensOf(cur).length) parts.push(cur);
          cur = "";
        } else cur += n.charAt(i);
      }
      return parts;
    }

    function shardOf(token, shards) {
      var h = 0x811c9dc5;
      for (var i = 0; i < token.length; i++) {
        h ^= token.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
      }
      return (h >>> 0) % Math.max(1, shards);
    }

    /* Bit streams: each 13 bits (most significant first) are two characters of a
       91-character alphabet, low digit first. */
    var ALPHABET = "!#$%&()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
    var DIGIT = new Int8Array(128);
    for (var ai = 0; ai < ALPHABET.length; ai++) DIGIT[ALPHABET.charCodeAt(ai)] = ai;

    function Bits(s) {
      this.s = s;
      this.p = 0;
      this.cur = 0;
      this.left = 0;
    }
    Bits.prototype.load = function () {
      var s = this.s;
      var p = this.p;
      this.cur = (p < s.length ? DIGIT[s.charCodeAt(p)] : 0) + 91 * (p + 1 < s.length ? DIGIT[s.charCodeAt(p + 1)] : 0);
      this.p = p + 2;
      this.left = 13;
    };
    Bits.prototype.bit = function () {
      if (this.left === 0) this.load();
      this.left--;
      return (this.cur >> this.left) & 1;
    };
    Bits.prototype.bits = function (n) {
      var v = 0;
      while (n > 0) {
        if (this.left === 0) this.load();
        var take = n < this.left ? n : this.left;
        this.left -= take;
        v = v * (1 << take) + ((this.cur >> this.left) & ((1 << take) - 1));
        n -= take;
      }
      return v;
    };
    /* Zeros (or, with ones = true, ones) up to and including the next bit of the other kind. */
    Bits.prototype.run = function (ones) {
      var n = 0;
      for (;;) {
        if (this.left === 0) this.load();
        var mask = (1 << this.left) - 1;
        var v = (ones ? ~this.cur : this.cur) & mask;
        if (v === 0) {
          n += this.left;
          this.left = 0;
          if (n > 4096) return n;
          continue;
        }
        var z = Math.clz32(v) - (32 - this.left);
        n += z;
        this.left -= z + 1;
        return n;
      }
    };
    Bits.prototype.gamma = function () {
      var n = this.run(false);
      if (n > 52) return 1;
      return Math.pow(2, n) + this.bits(n);
    };
    Bits.prototype.rice = function (k) {
      return this.run(true) * Math.pow(2, k) + this.bits(k);
    };
    Bits.prototype.position = function () {
      return (this.p / 2) * 13 - this.left;
    };
    Bits.prototype.seek = function (at) {
      this.p = Math.floor(at / 13) * 2;
      this.left = 0;
      var skip = at % 13;
      if (skip) {
        this.load();
        this.left = 13 - skip;
      }
    };

    /* The same bit stream read through an accumulator of up to 31 bits, from bit `at`: the
       fast reader for long postings lists. */
    function Fast(s, at) {
      this.s = s;
      this.len = s.length;
      this.p = Math.floor(at / 13) * 2;
      this.acc = 0;
      this.nb = 0;
      var skip = at % 13;
      if (skip) {
        this.fill();
        this.nb = 13 - skip;
      }
    }
    Fast.prototype.fill = function () {
      var s = this.s;
      var p = this.p;
      var g = (p < this.len ? DIGIT[s.charCodeAt(p)] : 0) + 91 * (p + 1 < this.len ? DIGIT[s.charCodeAt(p + 1)] : 0);
      this.p = p + 2;
      this.acc = ((this.acc & ((1 << this.nb) - 1)) << 13) | g;
      this.nb += 13;
    };
    /* n ≤ 18 bits. */
    Fast.prototype.bits = function (n) {
      if (n === 0) return 0;
      while (this.nb < n) this.fill();
      this.nb -= n;
      return (this.acc >>> this.nb) & ((1 << n) - 1);
    };
    Fast.prototype.run = function (ones) {
      var n = 0;
      for (;;) {
        if (this.nb === 0) this.fill();
        var mask = this.nb === 31 ? 0x7fffffff : (1 << this.nb) - 1;
        var v = (ones ? ~this.acc : this.acc) & mask;
        if (v === 0) {
          n += this.nb;
          this.nb = 0;
          if (n > 4096) return n;
          continue;
        }
        var z = Math.clz32(v) - (32 - this.nb);
        this.nb -= z + 1;
        return n + z;
      }
    };
    Fast.prototype.gamma = function () {
      var n = this.run(false);
      if (n > 52) return 1;
      if (n <= 18) return (1 << n) + this.bits(n);
      var v = 1;
      while (n > 0) {
        var take = n < 18 ? n : 18;
        v = v * (1 << take) + this.bits(take);
        n -= take;
      }
      return v;
    };
    Fast.prototype.rice = function (k) {
      var q = this.run(true);
      if (k <= 18) return q * (1 << k) + this.bits(k);
      return q * Math.pow(2, k) + this.bits(k - 18) * 262144 + this.bits(18);
    };

    /* Matches of a normalised part in normalised text: start offsets. A word character at the
       part's edge must not be glued to another word character of the text. */
    function isWordUnit(u) {
      return charClass(u) === 2;
    }
    function findAll(text, part, max) {
      var out = [];
      if (!part) return out;
      var headWord = isWordUnit(part.charCodeAt(0));
      var tailWord = isWordUnit(part.charCodeAt(part.length - 1));
      var at = text.indexOf(part);
      while (at >= 0) {
        var end = at + part.length;
        if (!(headWord && at > 0 && isWordUnit(text.charCodeAt(at - 1))) &&
          !(tailWord && end < text.length && isWordUnit(text.charCodeAt(end)))) {
          out.push(at);
          if (max && out.length >= max) break;
        }
        at = text.indexOf(part, at + 1);
      }
      return out;
    }

    function escapeHtml(s) {
      return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
    }

    /* ---- the index */

    function Index() {
      this.m = null;
      this.shards = {};
      this.chunks = {};
      this.lists = new Map();
      this.docs = new Map();
      this.states = new Map();
    }

    Index.prototype.addManifest = function (m) {
      if (!m || m.v !== FORMAT) throw new Error("zhiyin search: unsupported index format");
      setFold(m.fold || "");
      var n = m.n;
      var meta = new Bits(m.meta);
      this.docSection = new Int32Array(n);
      this.docLen = new Int32Array(n);
      for (var d = 0; d < n; d++) {
        this.docSection[d] = meta.gamma() - 1;
        this.docLen[d] = meta.gamma() - 1;
      }
      var cb = new Bits(m.chunks);
      var count = cb.gamma() - 1;
      this.docChunk = new Int32Array(n);
      this.chunkFirst = new Int32Array(count + 1);
      var first = 0;
      for (var c = 0; c < count; c++) {
        var size = cb.gamma();
        this.chunkFirst[c] = first;
        for (var k = 0; k < size && first + k < n; k++) this.docChunk[first + k] = c;
        first += size;
      }
      this.chunkFirst[count] = first;
      /* The text codec: symbols in canonical order, code lengths as counts per length. */
      var lens = new Bits(m.slen);
      var total = 0;
      for (var l = 0; l < m.counts.length; l++) total += m.counts[l];
      var syms = new Array(total);
      var at = 0;
      for (var s = 0; s < total; s++) {
        var chars = lens.gamma();
        var start = at;
        for (var x = 0; x < chars; x++) {
          var u = m.syms.charCodeAt(at);
          at += u >= 0xd800 && u <= 0xdbff ? 2 : 1;
        }
        syms[s] = m.syms.slice(start, at);
      }
      this.syms = syms;
      this.normSyms = syms.map(normalize);
      this.tab = null;
      this.first = [0];
      this.index = [0];
      this.count = [0];
      var code = 0;
      var idx = 0;
      for (var L = 0; L < m.counts.length; L++) {
        code *= 2;
        this.first.push(code);
        this.index.push(idx);
        this.count.push(m.counts[L]);
        code += m.counts[L];
        idx += m.counts[L];
      }
      this.m = m;
    };

    /* Forgets everything decoded from the loaded files (postings, texts, query states); the
       files stay loaded. The benchmark uses it to time warm queries honestly. */
    Index.prototype.dropCaches = function () {
      this.lists = new Map();
      this.docs = new Map();
      this.states = new Map();
      for (var k in this.shards) {
        this.shards[k].map = null;
        this.shards[k].offsets = null;
      }
    };

    Index.prototype.addShard = function (o) {
      this.shards[o.i] = { t: o.t, p: o.p, map: null, offsets: null };
    };

    Index.prototype.addText = function (o) {
      this.chunks[o.i] = o.d;
    };

    /* The text codec's lookup table: the next TABLE_BITS bits → (symbol << 5) | code length,
       0 for codes longer than TABLE_BITS (decoded bit by bit). Built on first use. */
    var TABLE_BITS = 11;
    Index.prototype.table = function () {
      if (this.tab) return this.tab;
      var T = TABLE_BITS;
      var tab = new Int32Array(1 << T);
      for (var L = 1; L < this.first.length && L <= T; L++) {
        for (var c = 0; c < this.count[L]; c++) {
          var code = this.first[L] + c;
          var from = code << (T - L);
          tab.fill(((this.index[L] + c) << 5) | L, from, from + (1 << (T - L)));
        }
      }
      this.tab = tab;
      return tab;
    };

    /* Decodes a Huffman-coded text: {text, norm} (norm: the normalised text, made from each
       symbol's normalised form, so the page text need not be normalised again). */
    Index.prototype.decode = function (s) {
      var r = new Bits(s);
      var n = r.gamma() - 1;
      /* Continue from the γ reader's position with a local accumulator of ≤ 31 bits. */
      var p = r.p;
      var acc = r.left ? r.cur & ((1 << r.left) - 1) : 0;
      var nb = r.left;
      var len = s.length;
      var tab = this.table();
      var T = TABLE_BITS;
      var mask = (1 << T) - 1;
      var maxLen = this.first.length - 1;
      var syms = this.syms;
      var norms = this.normSyms;
      var out = new Array(n);
      var outN = new Array(n);
      for (var i = 0; i < n; i++) {
        if (nb < T) {
          while (nb <= 18) {
            var g = (p < len ? DIGIT[s.charCodeAt(p)] : 0) + 91 * (p + 1 < len ? DIGIT[s.charCodeAt(p + 1)] : 0);
            p += 2;
            acc = ((acc & ((1 << nb) - 1)) << 13) | g;
            nb += 13;
          }
        }
        var e = tab[(acc >>> (nb - T)) & mask];
        var sym;
        if (e) {
          nb -= e & 31;
          sym = e >>> 5;
        } else {
          /* A long code: its first T bits, then one bit at a time. */
          var code = (acc >>> (nb - T)) & mask;
          nb -= T;
          sym = -1;
          for (var L = T + 1; L <= maxLen; L++) {
            if (nb === 0) {
              acc = (p < len ? DIGIT[s.charCodeAt(p)] : 0) + 91 * (p + 1 < len ? DIGIT[s.charCodeAt(p + 1)] : 0);
              p += 2;
              nb = 13;
            }
            nb--;
            code = code * 2 + ((acc >>> nb) & 1);
            var c = code - this.first[L];
            if (c < this.count[L]) {
              sym = this.index[L] + c;
              break;
            }
          }
          if (sym < 0) throw new Error("zhiyin search: bad text code");
        }
        out[i] = syms[sym];
        outN[i] = norms[sym];
      }
      return { text: out.join(""), norm: outN.join("") };
    };

    Index.prototype.decodeText = function (s) {
      return this.decode(s).text;
    };

    /* A page of a loaded chunk: url, text (original and normalised), title length, headings. */
    Index.prototype.doc = function (d) {
      var doc = this.docs.get(d);
      if (doc) return doc;
      var c = this.docChunk[d];
      var chunk = this.chunks[c];
      if (!chunk) return null;
      var e = chunk[d - this.chunkFirst[c]];
      var dec = this.decode(e[2]);
      var text = dec.text;
      var heads = [];
      for (var i = 0; i + 2 < e[3].length; i += 3) heads.push({ anchor: e[3][i], start: e[3][i + 1], len: e[3][i + 2] });
      doc = {
        id: d,
        url: e[0],
        titleLen: e[1],
        text: text,
        norm: dec.norm,
        heads: heads,
        section: this.m.sections[this.docSection[d]] || ""
      };
      if (this.docs.size > 400) this.docs.clear();
      this.docs.set(d, doc);
      return doc;
    };

    /* Postings of a token: {docs, vals} (null while its shard is not loaded). */
    Index.prototype.postings = function (token) {
      var hit = this.lists.get(token);
      if (hit) return hit;
      var sh = this.shards[shardOf(token, this.m.shards)];
      if (!sh) return null;
      if (!sh.map) {
        sh.map = new Map();
        var toks = sh.t ? sh.t.split(" ") : [];
        var r = new Bits(sh.p);
        var lens = [];
        for (var i = 0; i < toks.length; i++) {
          sh.map.set(toks[i], i);
          lens.push(r.gamma() - 1);
        }
        sh.offsets = new Float64Array(toks.length);
        var at = r.position();
        for (var j = 0; j < toks.length; j++) {
          sh.offsets[j] = at;
          at += lens[j];
        }
      }
      var k = sh.map.get(token);
      var list = { docs: new Int32Array(0), vals: new Int32Array(0), flagged: new Int32Array(0) };
      if (k !== undefined) {
        var b = new Fast(sh.p, sh.offsets[k]);
        var n = b.gamma();
        var rk = b.gamma() - 1;
        list.docs = new Int32Array(n);
        list.vals = new Int32Array(n);
        var uni = isCjkUnigram(token);
        var prev = -1;
        for (var e = 0; e < n; e++) {
          prev += 1 + b.rice(rk);
          list.docs[e] = prev;
          list.vals[e] = uni ? 0 : (b.gamma() - 1) * 4;
        }
        /* Title (2) and heading (1) flags of the few entries that have any. */
        var flagged = b.gamma() - 1;
        list.flagged = new Int32Array(flagged);
        var at = -1;
        for (var f = 0; f < flagged; f++) {
          at += b.gamma();
          list.flagged[f] = at;
          list.vals[at] |= b.bits(2);
        }
      }
      this.lists.set(token, list);
      return list;
    };

    function isUnigram(tok) {
      return tok.length === 1 || (tok.length === 2 && tok.charCodeAt(0) >= 0xd800 && tok.charCodeAt(0) <= 0xdbff);
    }
    function isCjkUnigram(tok) {
      if (!isUnigram(tok)) return false;
      var u = tok.length === 2 ? ((tok.charCodeAt(0) - 0xd800) << 10) + (tok.charCodeAt(1) - 0xdc00) + 0x10000 : tok.charCodeAt(0);
      return charClass(u) === 1;
    }

    /* The first i ≥ from with a[i] ≥ v (n if none), galloping: fast when a is much longer than
       the candidates walked through it. */
    function seekGE(a, from, n, v) {
      if (from >= n || a[from] >= v) return from;
      var lo = from;
      var step = 1;
      var hi = from + 1;
      while (hi < n && a[hi] < v) {
        lo = hi;
        step *= 2;
        hi = lo + step;
      }
      if (hi > n) hi = n;
      while (lo + 1 < hi) {
        var mid = (lo + hi) >> 1;
        if (a[mid] < v) lo = mid;
        else hi = mid;
      }
      return hi;
    }

    var K1 = 1.2;
    var B = 0.75;
    function tfPart(tf, len, avgdl) {
      return (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * len) / avgdl));
    }

    /* Files (relative to the site root) still needed to answer, or null. */
    Index.prototype.missing = function (parts) {
      if (!this.m) return ["search/index.js"];
      var need = [];
      for (var i = 0; i < parts.length; i++) {
        var toks = tokensOf(parts[i]);
        for (var j = 0; j < toks.length; j++) {
          var s = shardOf(toks[j], this.m.shards);
          var path = "search/p" + s + ".js";
          if (!this.shards[s] && need.indexOf(path) < 0) need.push(path);
        }
      }
      return need.length ? need : null;
    };

    /* Candidates of a query (every token of every part in the postings), ordered by an upper
       bound of their rank. */
    Index.prototype.state = function (parts, section) {
      var key = parts.join(" ") + "\u0000" + section;
      var st = this.states.get(key);
      if (st) return st;
      var n = this.m.n;
      var partToks = [];
      var all = [];
      var exact = true;
      var idf = [];
      for (var p = 0; p < parts.length; p++) {
        var toks = tokensOf(parts[p]);
        var uniq = [];
        var df = Infinity;
        for (var t = 0; t < toks.length; t++) {
          if (uniq.indexOf(toks[t]) < 0) uniq.push(toks[t]);
          df = Math.min(df, this.postings(toks[t]).docs.length);
        }
        partToks.push(uniq);
        all = all.concat(uniq);
        if (!(toks.length === 1 && toks[0] === parts[p])) exact = false;
        idf.push(Math.log(1 + (n - df + 0.5) / (df + 0.5)));
      }
      /* Intersect, shortest list first. */
      var lists = all.map(function (t) {
        return this.postings(t);
      }, this);
      var order = lists.slice().sort(function (a, b) {
        return a.docs.length - b.docs.length;
      });
      var cand = order[0].docs;
      var m = cand.length;
      for (var o = 1; o < order.length && m; o++) {
        var docs = order[o].docs;
        var keep = new Int32Array(m);
        var kept = 0;
        var q = 0;
        var dl = docs.length;
        for (var ci = 0; ci < m; ci++) {
          var want = cand[ci];
          q = seekGE(docs, q, dl, want);
          if (q < dl && docs[q] === want) keep[kept++] = want;
        }
        cand = keep;
        m = kept;
      }
      if (section) {
        var si = this.m.sections.indexOf(section);
        var inSection = new Int32Array(m);
        var ns = 0;
        for (var sc = 0; sc < m; sc++) if (this.docSection[cand[sc]] === si) inSection[ns++] = cand[sc];
        cand = inSection;
        m = ns;
      }
      /* Rank tiers (title 2, heading 1, summed over parts) come from the few flagged
         entries; ranking stays lazy, one tier at a time from the top (rankNext), so a first
         screen of hits ranks a few hundred candidates, not every page that has the word. */
      var tierOf = new Int32Array(n);
      var flaggedDocs = [];
      for (var pp = 0; pp < parts.length; pp++) {
        var pl = partToks[pp].map(function (t) {
          return this.postings(t);
        }, this);
        var lead = pl.reduce(function (a, b) {
          return b.flagged.length < a.flagged.length ? b : a;
        });
        var ptr = pl.map(function () {
          return 0;
        });
        for (var fi = 0; fi < lead.flagged.length; fi++) {
          var doc = lead.docs[lead.flagged[fi]];
          /* A title (heading) match needs every token of the part in the title (a heading). */
          var fl = 3;
          for (var li = 0; li < pl.length && fl; li++) {
            ptr[li] = seekGE(pl[li].docs, ptr[li], pl[li].docs.length, doc);
            fl = pl[li].docs[ptr[li]] === doc ? fl & pl[li].vals[ptr[li]] : 0;
          }
          if (!fl) continue;
          if (!tierOf[doc]) flaggedDocs.push(doc);
          tierOf[doc] += fl & 2 ? 2 : 1;
        }
      }
      var byTier = [];
      for (var fd = 0; fd < flaggedDocs.length; fd++) {
        var dd = flaggedDocs[fd];
        var ci = seekGE(cand, 0, m, dd);
        if (ci < m && cand[ci] === dd) (byTier[tierOf[dd]] = byTier[tierOf[dd]] || []).push(dd);
      }
      /* Groups best tier first; the last one (tier 0, the other candidates) is found when
         needed. */
      var groups = [];
      for (var tv = byTier.length - 1; tv > 0; tv--) {
        if (byTier[tv]) groups.push({ tier: tv, docs: byTier[tv].sort(function (a, b) {
          return a - b;
        }) });
      }
      groups.push({ tier: 0, docs: null });
      st = {
        parts: parts,
        partToks: partToks,
        idf: idf,
        exact: exact,
        all: cand.subarray(0, m),
        tierOf: tierOf,
        groups: groups,
        cands: new Int32Array(m),
        ready: 0,
        next: 0,
        hits: []
      };
      if (this.states.size > 20) this.states.clear();
      this.states.set(key, st);
      return st;
    };

    /* Ranks the next tier group of a query's candidates onto the end of st.cands (by upper
       bound of score, then page: the order a sort of all candidates gives). */
    Index.prototype.rankNext = function (st) {
      var g = st.groups.shift();
      var docs = g.docs;
      if (!docs) {
        var all = st.all;
        var tierOf = st.tierOf;
        docs = new Int32Array(all.length - st.ready);
        var k = 0;
        for (var a = 0; a < all.length; a++) if (!tierOf[all[a]]) docs[k++] = all[a];
      }
      var m = docs.length;
      /* Upper bounds: per part, tf ≤ the least tf of its tokens. */
      var score = new Float64Array(m);
      for (var pp = 0; pp < st.parts.length; pp++) {
        var tfUb = new Float64Array(m).fill(Infinity);
        var toks = st.partToks[pp];
        for (var tt = 0; tt < toks.length; tt++) {
          if (isCjkUnigram(toks[tt])) continue;
          var list = this.postings(toks[tt]);
          var ld = list.docs;
          var lv = list.vals;
          var ln = ld.length;
          var r = 0;
          for (var c = 0; c < m; c++) {
            r = seekGE(ld, r, ln, docs[c]);
            tfUb[c] = Math.min(tfUb[c], (lv[r] >> 2) + 1);
          }
        }
        var idf = st.idf[pp];
        var avgdl = this.m.avgdl;
        for (var c2 = 0; c2 < m; c2++) {
          var tf = tfUb[c2] === Infinity ? 1 : tfUb[c2];
          score[c2] += idf * tfPart(tf, this.docLen[docs[c2]], avgdl);
        }
      }
      /* Sort by one packed number: rank bound (rounded to 1e-4) above, then the page. */
      var packed = new Float64Array(m);
      var top = g.tier * 100;
      for (var z = 0; z < m; z++) {
        packed[z] = Math.round((top + Math.min(score[z], 99)) * 1e4) * 16777216 + (16777215 - docs[z]);
      }
      packed.sort();
      var out = st.cands;
      var at = st.ready;
      for (var y = 0; y < m; y++) out[at + y] = 16777215 - (packed[m - 1 - y] % 16777216);
      st.ready = at + m;
    };

    /* The candidate at rank i (ranking more tiers as needed). */
    Index.prototype.candAt = function (st, i) {
      while (i >= st.ready && st.groups.length) this.rankNext(st);
      return st.cands[i];
    };

    /* Confirms a candidate against its stored text: a hit, or null. */
    Index.prototype.verify = function (doc, st) {
      var tier = 0;
      var score = 0;
      var marks = [];
      var first = null;
      for (var p = 0; p < st.parts.length; p++) {
        var part = st.parts[p];
        var occ = findAll(doc.norm, part);
        if (!occ.length) return null;
        var best = -1;
        var bestPos = 0;
        for (var i = 0; i < occ.length; i++) {
          var pos = occ[i];
          var f = 0;
          if (pos < doc.titleLen) f = 2;
          else {
            for (var h = 0; h < doc.heads.length; h++) {
              var hd = doc.heads[h];
              if (pos >= hd.start && pos + part.length <= hd.start + hd.len) {
                f = 1;
                break;
              }
            }
          }
          if (f > best) {
            best = f;
            bestPos = pos;
          }
        }
        tier += best;
        score += st.idf[p] * tfPart(occ.length, this.docLen[doc.id], this.m.avgdl);
        marks.push(doc.text.substr(occ[0] < doc.titleLen && occ.length > 1 ? occ[1] : occ[0], part.length));
        if (p === 0) first = { field: best, pos: bestPos, len: part.length };
      }
      var anchor = "";
      var heading = "";
      if (first.field < 2) {
        for (var k = 0; k < doc.heads.length; k++) {
          if (doc.heads[k].start <= first.pos) {
            anchor = doc.heads[k].anchor;
            heading = doc.text.substr(doc.heads[k].start, doc.heads[k].len);
          }
        }
      }
      return {
        doc: doc.id,
        url: doc.url,
        title: doc.text.slice(0, doc.titleLen),
        section: doc.section,
        tier: tier,
        score: score,
        anchor: anchor,
        heading: heading,
        field: first.field,
        marks: marks,
        href: doc.url + "?hl=" + encodeURIComponent(marks.join(" ")) + (anchor ? "#" + anchor : ""),
        snippet: snippetHtml(doc, st.parts, first)
      };
    };

    /* HTML of a snippet around the best match (a body match; for a title match, the body's
       first match or its start), every part marked. */
    function snippetHtml(doc, parts, first) {
      var body = doc.titleLen + 1;
      var pos = first.pos;
      if (pos < body) {
        pos = -1;
        for (var p = 0; p < parts.length; p++) {
          var o = doc.norm.indexOf(parts[p], body);
          if (o >= 0 && (pos < 0 || o < pos)) pos = o;
        }
        if (pos < 0) pos = body;
      }
      var start = Math.max(body, pos - 24);
      var end = Math.min(doc.text.length, pos + 72);
      if (start > body && isLow(doc.text.charCodeAt(start))) start--;
      if (end < doc.text.length && isLow(doc.text.charCodeAt(end))) end++;
      var marked = new Uint8Array(end - start);
      for (var q = 0; q < parts.length; q++) {
        var occ = findAll(doc.norm.slice(start, end), parts[q]);
        for (var i = 0; i < occ.length; i++) marked.fill(1, occ[i], occ[i] + parts[q].length);
      }
      var html = start > body ? "…" : "";
      var i2 = 0;
      while (i2 < marked.length) {
        var j = i2;
        while (j < marked.length && marked[j] === marked[i2]) j++;
        var piece = escapeHtml(doc.text.slice(start + i2, start + j));
        html += marked[i2] ? "<mark>" + piece + "</mark>" : piece;
        i2 = j;
      }
      return html + (end < doc.text.length ? "…" : "");
    }
    function isLow(u) {
      return u >= 0xdc00 && u <= 0xdfff;
    }

    /* How many text files the candidates not yet confirmed still need. */
    Index.prototype.chunksToLoad = function (st) {
      var seen = {};
      var count = 0;
      for (var i = st.next; i < st.cands.length; i++) {
        var c = this.docChunk[this.candAt(st, i)];
        if (!this.chunks[c] && !seen[c]) {
          seen[c] = true;
          count++;
        }
      }
      return count;
    };

    /* Runs a query as far as the loaded files allow. Returns {need: [paths]} when more files
       must load first, else {results, total, complete, more}: results are confirmed hits,
       best first; total is exact when complete. opts: limit (hits wanted, default 20),
       section (a label; "" for all). */
    Index.prototype.search = function (query, opts) {
      opts = opts || {};
      var limit = opts.limit || 20;
      var parts = queryParts(query);
      if (!this.m) return { need: ["search/index.js"] };
      if (!parts.length) return { results: [], total: 0, complete: true, more: false, parts: parts };
      var need = this.missing(parts);
      if (need) return { need: need };
      var st = this.state(parts, opts.section || "");
      /* Confirm candidates in rank-bound order: all of them when there are few and their
         texts are in few files (exact count and order), else until `limit` hits; ask for the
         chunks of the next ones. Each file costs a few milliseconds from file://. */
      var all = st.cands.length <= (opts.verifyAll || 300) && this.chunksToLoad(st) <= Math.max(limit, 24);
      var target = all ? st.cands.length : limit;
      while (st.hits.length < target && st.next < st.cands.length) {
        var d = this.candAt(st, st.next);
        var doc = this.doc(d);
        if (!doc) {
          var paths = [];
          /* As many as should fill the page: for a query the texts must confirm, by the share
             of candidates confirmed so far (all, before the first). */
          var short = Math.max(limit - st.hits.length, 1);
          var rate = st.exact || !st.next ? 1 : Math.max(st.hits.length / st.next, 0.05);
          var want = all ? st.cands.length : Math.ceil(short / rate);
          for (var i = st.next; i < st.cands.length && i < st.next + want && (all || paths.length < 24); i++) {
            var c = this.docChunk[this.candAt(st, i)];
            var path = "search/t" + c + ".js";
            if (!this.chunks[c] && paths.indexOf(path) < 0) paths.push(path);
          }
          return { need: paths };
        }
        var hit = this.verify(doc, st);
        if (hit) st.hits.push(hit);
        st.next++;
      }
      st.hits.sort(function (a, b) {
        return b.tier - a.tier || b.score - a.score || a.doc - b.doc;
      });
      var complete = st.exact || st.next >= st.cands.length;
      var total = st.exact ? st.cands.length : st.hits.length;
      return {
        results: st.hits.slice(0, limit),
        total: total,
        complete: complete,
        more: !complete || total > limit,
        parts: parts
      };
    };

    return {
      FORMAT: FORMAT,
      setFold: setFold,
      normalize: normalize,
      tokenize: tokenize,
      tokensOf: tokensOf,
      queryParts: queryParts,
      shardOf: shardOf,
      charClass: charClass,
      isSpace: isSpace,
      findAll: findAll,
      escapeHtml: escapeHtml,
      Bits: Bits,
      Fast: Fast,
      Index: Index
    };
  })();

  if (typeof module !== "undefined" && module.exports) {
    module.exports = core;
    return;
  }
  if (typeof document === "undefined") return;

  /* ------------------------------------------------------------------ browser */

  var body = document.body;
  var root = body.getAttribute("data-root") || "";
  var index = new core.Index();
  var files = {}; /* path → "loading" | "ok" | "error" */
  var waiting = {}; /* path → callbacks */

  window.ZhiyinSearch = {
    core: core,
    index: index,
    add: function (m) {
      index.addManifest(m);
    },
    shard: function (o) {
      index.addShard(o);
    },
    text: function (o) {
      index.addText(o);
    },
    query: run
  };

  function loadOne(path, done) {
    if (files[path] === "ok" || files[path] === "error") return done(files[path] === "ok");
    (waiting[path] = waiting[path] || []).push(done);
    if (files[path] === "loading") return;
    files[path] = "loading";
    var s = document.createElement("script");
    s.src = root + path;
    s.async = true;
    function finish(ok) {
      files[path] = ok ? "ok" : "error";
      var cbs = waiting[path] || [];
      delete waiting[path];
      for (var i = 0; i < cbs.length; i++) cbs[i](ok);
    }
    s.onload = function () {
      finish(true);
    };
    s.onerror = function () {
      finish(false);
    };
    document.head.appendChild(s);
  }

  function load(paths, done) {
    var left = paths.length;
    var ok = true;
    if (!left) return done(true);
    paths.forEach(function (p) {
      loadOne(p, function (good) {
        ok = ok && good;
        if (--left === 0) done(ok);
      });
    });
  }

  /* While the input waits out its debounce: start loading the postings shards the typed text
     will need (the manifest first), so the query finds them there. Nothing is computed. */
  function prefetch(q) {
    if (!index.m) return load(["search/index.js"], function () {});
    var parts = core.queryParts(q);
    var need = parts.length ? index.missing(parts) : null;
    if (need) load(need.filter(function (p) {
      return files[p] !== "error";
    }), function () {});
  }

  /* Runs a query to the end, loading what it needs; calls back with the result or {error}. */
  function run(query, opts, cb) {
    var r;
    try {
      r = index.search(query, opts);
    } catch (e) {
      return cb({ error: "搜索索引无法读取，请重新生成网站。" });
    }
    if (!r.need) return cb(r);
    for (var i = 0; i < r.need.length; i++) {
      if (files[r.need[i]] === "error" || (files[r.need[i]] === "ok" && r.need[i] === "search/index.js")) {
        return cb({ error: "没有找到搜索索引（search/ 文件夹）。请确认网站文件完整。" });
      }
    }
    load(r.need, function () {
      run(query, opts, cb);
    });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function hitTitle(h) {
    return h.title || h.url;
  }

  function debounce(fn, ms) {
    var t = 0;
    return function () {
      clearTimeout(t);
      t = setTimeout(fn, ms);
    };
  }

  /* ---- the header box: live dropdown, ↑ ↓ Enter Esc */

  function setupHeader() {
    var input = document.getElementById("site-search-input");
    if (!input) return;
    var form = input.form;
    var list = el("div", "search-dropdown");
    list.id = "site-search-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "搜索结果");
    list.hidden = true;
    (form || input.parentNode).appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    var active = -1;
    var seq = 0;

    function options() {
      return list.querySelectorAll("[role=option]");
    }
    function setActive(i) {
      var opts = options();
      if (!opts.length) return;
      if (i < -1) i = opts.length - 1;
      if (i >= opts.length) i = -1;
      active = i;
      for (var k = 0; k < opts.length; k++) opts[k].setAttribute("aria-selected", k === i ? "true" : "false");
      if (i >= 0) {
        input.setAttribute("aria-activedescendant", opts[i].id);
        if (opts[i].scrollIntoView) opts[i].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function open() {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    function allHref(q) {
      return root + "search.html?q=" + encodeURIComponent(q);
    }
    function render(q, r) {
      list.textContent = "";
      active = -1;
      if (r.error) {
        list.appendChild(el("p", "search-dropdown-note", r.error));
      } else if (!r.results.length) {
        list.appendChild(el("p", "search-dropdown-note", "没有找到“" + q + "”。试试更短的词，或少输入几个词。"));
      } else {
        r.results.forEach(function (h, i) {
          var a = el("a", "search-option");
          a.id = "site-search-opt-" + i;
          a.setAttribute("role", "option");
          a.setAttribute("aria-selected", "false");
          a.href = root + h.href;
          var t = el("span", "search-option-title", hitTitle(h));
          if (h.heading && h.heading !== h.title) t.appendChild(el("span", "search-option-heading", " › " + h.heading));
          a.appendChild(t);
          if (h.section) a.appendChild(el("span", "search-option-section", h.section));
          var s = el("span", "search-option-snippet");
          s.innerHTML = h.snippet;
          a.appendChild(s);
          list.appendChild(a);
        });
      }
      var more = el("a", "search-option search-option-all", r.total > 0 ? "查看全部 " + r.total + (r.complete ? "" : "+") + " 条结果" : "打开搜索页");
      more.id = "site-search-opt-all";
      more.setAttribute("role", "option");
      more.setAttribute("aria-selected", "false");
      more.href = allHref(q);
      list.appendChild(more);
      open();
    }
    var update = debounce(function () {
      var q = input.value;
      var mine = ++seq;
      if (!core.queryParts(q).length) return close();
      run(q, { limit: 8 }, function (r) {
        if (mine === seq && input.value === q) render(q, r);
      });
    }, 80);

    function preload() {
      if (!index.m) load(["search/index.js"], function () {});
    }
    input.addEventListener("focus", preload);
    input.addEventListener("input", function () {
      prefetch(input.value);
      update();
    });
    input.addEventListener("keydown", function (e) {
      if (e.isComposing || e.keyCode === 229) return;
      if (e.key === "ArrowDown" || e.key === "Down") {
        e.preventDefault();
        if (list.hidden) update();
        else setActive(active + 1);
      } else if (e.key === "ArrowUp" || e.key === "Up") {
        e.preventDefault();
        if (!list.hidden) setActive(active - 1);
      } else if (e.key === "Enter") {
        var opts = options();
        if (!list.hidden && active >= 0 && opts[active]) {
          e.preventDefault();
          window.location.href = opts[active].href;
        }
      } else if (e.key === "Escape" || e.key === "Esc") {
        if (!list.hidden) {
          e.preventDefault();
          close();
        } else if (input.value) input.value = "";
      }
    });
    document.addEventListener("click", function (e) {
      if (!list.hidden && !(form || input.parentNode).contains(e.target)) close();
    });
    if (form) {
      form.addEventListener("submit", function (e) {
        if (!core.queryParts(input.value).length) e.preventDefault();
      });
    }
    /* This script loads on first use (site.js): the reader may already be in the box. */
    if (document.activeElement === input) {
      preload();
      if (input.value) update();
    }
  }

  /* ---- the search page: ?q=QUERY&s=SECTION */

  function params() {
    var out = {};
    var s = window.location.search.replace(/^\?/, "");
    if (!s) return out;
    s.split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      var k = i < 0 ? kv : kv.slice(0, i);
      var v = i < 0 ? "" : kv.slice(i + 1);
      try {
        out[decodeURIComponent(k)] = decodeURIComponent(v.replace(/\+/g, " "));
      } catch (e) {
        /* a malformed parameter is ignored */
      }
    });
    return out;
  }

  function setupPage() {
    var results = document.getElementById("search-results");
    if (!results) return false;
    var input = document.getElementById("search-page-input");
    var status = document.getElementById("search-status");
    var empty = document.getElementById("search-empty");
    var moreBtn = document.getElementById("search-more");
    var filter = document.getElementById("search-filter");
    var p = params();
    /* The first screen: the texts of 10 hits load at once from file:// (one file each). */
    var FIRST = 10;
    var limit = FIRST;
    var seq = 0;
    var section = p.s || "";
    if (input) input.value = p.q || "";
    var header = document.getElementById("site-search-input");
    if (header && !header.value) header.value = p.q || "";
    function setSection(s) {
      section = s;
      if (!filter) return;
      var radios = filter.querySelectorAll("input[type=radio]");
      for (var i = 0; i < radios.length; i++) radios[i].checked = radios[i].value === s;
    }
    setSection(section);
    function query() {
      return input ? input.value : p.q || "";
    }
    function remember() {
      try {
        var url = "search.html?q=" + encodeURIComponent(query()) + (section ? "&s=" + encodeURIComponent(section) : "");
        window.history.replaceState(null, "", url);
      } catch (e) {
        /* file:// may refuse; the page still works */
      }
    }
    function show(q, r) {
      results.textContent = "";
      if (empty) empty.hidden = true;
      if (moreBtn) moreBtn.hidden = true;
      if (r.error) {
        if (status) status.textContent = r.error;
        return;
      }
      if (!r.parts.length) {
        if (status) status.textContent = "输入要找的词，例如“业委会”或“党支部 换届”。";
        return;
      }
      if (!r.results.length) {
        if (status) status.textContent = "没有找到与“" + q + "”" + (section ? "（" + section + "）" : "") + "相关的内容。";
        if (empty) empty.hidden = false;
        return;
      }
      if (status) {
        status.textContent = (r.complete ? "找到 " + r.total + " 条结果" : "前 " + r.results.length + " 条结果（可能还有更多，点“显示更多结果”继续查找）") +
          (section ? "（" + section + "）" : "") + "。";
      }
      r.results.forEach(function (h) {
        var li = el("li", "search-result");
        var a = el("a", "search-result-title", hitTitle(h));
        a.href = h.href;
        if (h.heading && h.heading !== h.title) a.appendChild(el("span", "search-result-heading", " › " + h.heading));
        li.appendChild(a);
        if (h.section) li.appendChild(el("span", "search-result-section", h.section));
        var s = el("p", "search-result-snippet");
        s.innerHTML = h.snippet;
        li.appendChild(s);
        results.appendChild(li);
      });
      if (moreBtn) moreBtn.hidden = !r.more;
    }
    function go() {
      var q = query();
      var mine = ++seq;
      if (status && core.queryParts(q).length) status.textContent = "正在搜索…";
      run(q, { limit: limit, section: section }, function (r) {
        if (mine === seq) show(q, r);
      });
    }
    /* go() first: its file requests leave before replaceState, which can take a few
       milliseconds from file://. */
    var live = debounce(function () {
      limit = FIRST;
      go();
      remember();
    }, 150);
    if (input) {
      input.addEventListener("input", function () {
        prefetch(input.value);
        live();
      });
      if (input.form) {
        input.form.addEventListener("submit", function (e) {
          e.preventDefault();
          limit = FIRST;
          go();
          remember();
        });
      }
    }
    if (filter) {
      filter.addEventListener("change", function (e) {
        if (e.target && e.target.name === "s") {
          setSection(e.target.value);
          limit = FIRST;
          go();
          remember();
        }
      });
    }
    if (moreBtn) {
      moreBtn.addEventListener("click", function () {
        limit += 20;
        go();
      });
    }
    go();
    return true;
  }

  /* ---- on the page a hit opened: mark the match (?hl=…) and scroll to it */

  var waitedForQuiz = false;
  function highlight() {
    var hl = params().hl;
    if (!hl) return;
    var scope = document.getElementById("main") || document.body;
    var nodes = [];
    var starts = [];
    var text = "";
    var walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        var p = n.parentNode;
        while (p && p !== scope) {
          if (/^(SCRIPT|STYLE|NOSCRIPT|TEXTAREA)$/.test(p.nodeName)) return NodeFilter.FILTER_REJECT;
          /* Navigation (tables of contents, the course outline beside a lesson) is not the
             page's own text: the index leaves it out, and a match there may be folded away. */
          if (p.nodeName === "NAV" || (p.classList && p.classList.contains("course-outline"))) {
            return NodeFilter.FILTER_REJECT;
          }
          p = p.parentNode;
        }
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    var n;
    while ((n = walker.nextNode())) {
      nodes.push(n);
      starts.push(text.length);
      text += n.nodeValue;
    }
    var norm = core.normalize(text);
    var terms = hl.split(/\s+/).filter(Boolean);
    /* A hit under a heading links to it (#anchor): each part is marked at its first
       occurrence from there on, where the hit's snippet found it, else at its first one. */
    var site = window.Zhiyin; /* site.js, which loaded this script or ran before it */
    var anchor = site.hashTarget();
    var after = 0;
    if (anchor && scope.contains(anchor)) {
      after = text.length;
      for (var k = nodes.length - 1; k >= 0 && anchor.compareDocumentPosition(nodes[k]) & 4; k--) after = starts[k];
    }
    /* The match to show: the first part's (the snippet's) from the anchor on, else the next
       part's (none past the anchor: the browser has gone to the heading). quiz.js lays each
       quiz out anew, dropping marks in it: for a match in a quiz not laid out yet, the
       quizzes are loaded (site.js) and the marking waits for them (or 3 s). */
    var ranges = [];
    var shown;
    terms.forEach(function (t) {
      var occ = core.findAll(norm, core.normalize(t));
      if (!occ.length) return;
      var at = occ.filter(function (o) { return o >= after; })[0];
      if (at == null) at = occ[0];
      else if (shown == null) shown = at;
      ranges.push([at, at + t.length]);
    });
    ranges.sort(function (a, b) {
      return a[0] - b[0];
    });
    for (var w = 0; w < nodes.length && !waitedForQuiz; w++) {
      var p = nodes[w].parentNode;
      if (starts[w] <= shown && shown < starts[w] + nodes[w].nodeValue.length && p.closest(".quiz:not(.quiz-live)")) {
        waitedForQuiz = true;
        var fired = false;
        var again = function () {
          if (fired) return;
          fired = true;
          highlight();
        };
        document.addEventListener("zhiyin:quiz-ready", again);
        setTimeout(again, 3000);
        site.loadQuiz();
        return;
      }
    }
    var target = null;
    /* Wrap from the last range back, so earlier offsets stay valid. */
    for (var r = ranges.length - 1; r >= 0; r--) {
      var from = ranges[r][0];
      var to = ranges[r][1];
      if (r + 1 < ranges.length && to > ranges[r + 1][0]) continue;
      for (var i = nodes.length - 1; i >= 0; i--) {
        var s = starts[i];
        var e = s + nodes[i].nodeValue.length;
        if (e <= from || s >= to) continue;
        var node = nodes[i];
        var a = Math.max(from, s) - s;
        var b = Math.min(to, e) - s;
        if (b < node.nodeValue.length) node.splitText(b);
        var mid = a > 0 ? node.splitText(a) : node;
        var mark = document.createElement("mark");
        mark.className = "search-hl";
        if (from === shown) target = mark;
        mid.parentNode.insertBefore(mark, mid);
        mark.appendChild(mid);
      }
    }
    if (target) {
      var scroll = function () {
        if (target.scrollIntoView) target.scrollIntoView({ block: "center" });
      };
      scroll();
      setTimeout(scroll, 60);
    }
  }

  var onSearchPage = setupPage();
  setupHeader();
  if (!onSearchPage) highlight();
})();
