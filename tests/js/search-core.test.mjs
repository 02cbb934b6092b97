// Unit tests for the pure core of themes/default/static/search.js: the tokenizer vectors the
// Rust tests also check (tests/vectors/tokenizer.json), and queries against built indexes loaded
// the way the browser loads them (each file run as a classic script), compared with what the
// Rust reader answers (target/search-fixture, written by `cargo test --lib search`) and, when
// ZHIYIN_SITE names a built site, against that site's index. Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { execFileSync } from "node:child_process";
import vm from "node:vm";

const require = createRequire(import.meta.url);
const core = require("../../themes/default/static/search.js");
const here = new URL(".", import.meta.url).pathname;
const vectors = JSON.parse(readFileSync(join(here, "../vectors/tokenizer.json"), "utf8"));
const t2s = readFileSync(join(here, "../../src/search/t2s.txt"), "utf8")
  .split("\n")
  .filter((l) => !l.startsWith("#"))
  .join("")
  .replace(/\s/g, "");
const fixture = join(here, "../../target/search-fixture");

test("tokenizer vectors match Rust", () => {
  core.setFold(t2s);
  for (const [input, out] of vectors.normalize) {
    assert.equal(core.normalize(input), out, JSON.stringify(input));
    assert.equal(core.normalize(input).length, input.length);
  }
  for (const [input, out] of vectors.tokenize) assert.deepEqual(core.tokenize(input), out, JSON.stringify(input));
  for (const [input, out] of vectors.query_parts) assert.deepEqual(core.queryParts(input), out, JSON.stringify(input));
  for (const [token, n, shard] of vectors.shard) assert.equal(core.shardOf(token, n), shard, token);
});

test("bit reader decodes gamma and Rice codes", () => {
  // 1 → "1"; 5 → "00101"; rice(9, k=2) → "110" + "01"; groups of 13 bits, two digits each.
  const bits = "1" + "00101" + "11001";
  const padded = bits.padEnd(Math.ceil(bits.length / 13) * 13, "0");
  const a = "!#$%&()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
  let s = "";
  for (let i = 0; i < padded.length; i += 13) {
    const v = parseInt(padded.slice(i, i + 13), 2);
    s += a[v % 91] + a[Math.floor(v / 91)];
  }
  const r = new core.Bits(s);
  assert.equal(r.gamma(), 1);
  assert.equal(r.gamma(), 5);
  assert.equal(r.rice(2), 9);
  assert.equal(r.position(), 11);
  r.seek(1);
  assert.equal(r.gamma(), 5);
});

test("the fast reader decodes what the plain reader decodes, from any bit", () => {
  // A deterministic stream of γ and Rice codes (k from 0 to 20), values up to 2^30.
  let seed = 7;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const ops = [];
  let bits = "";
  for (let i = 0; i < 3000; i++) {
    const v = 1 + Math.floor(Math.pow(2, rand() * 30));
    if (rand() < 0.5) {
      const b = v.toString(2);
      bits += "0".repeat(b.length - 1) + b;
      ops.push(["gamma", v]);
    } else {
      const k = Math.floor(rand() * 21);
      const q = Math.floor(v / 2 ** k);
      if (q > 200) continue;
      bits += "1".repeat(q) + "0" + (k ? (v % 2 ** k).toString(2).padStart(k, "0") : "");
      ops.push(["rice", v, k]);
    }
  }
  const padded = bits.padEnd(Math.ceil(bits.length / 13) * 13, "0");
  const a = "!#$%&()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
  let s = "";
  for (let i = 0; i < padded.length; i += 13) {
    const v = parseInt(padded.slice(i, i + 13), 2);
    s += a[v % 91] + a[Math.floor(v / 91)];
  }
  const plain = new core.Bits(s);
  const starts = [];
  for (const [op, v, k] of ops) {
    starts.push(plain.position());
    assert.equal(op === "gamma" ? plain.gamma() : plain.rice(k), v);
  }
  const fast = new core.Fast(s, 0);
  for (const [op, v, k] of ops) assert.equal(op === "gamma" ? fast.gamma() : fast.rice(k), v, `${op} ${v} ${k}`);
  for (let i = 0; i < ops.length; i += 97) {
    const f = new core.Fast(s, starts[i]);
    for (let j = i; j < Math.min(ops.length, i + 5); j++) {
      const [op, v, k] = ops[j];
      assert.equal(op === "gamma" ? f.gamma() : f.rice(k), v, `from bit ${starts[i]}`);
    }
  }
});

/** An index loaded from a folder holding search/*.js, the way the browser does it. */
function loadIndex(dir) {
  const index = new core.Index();
  const ctx = vm.createContext({
    ZhiyinSearch: {
      add: (m) => index.addManifest(m),
      shard: (o) => index.addShard(o),
      text: (o) => index.addText(o),
    },
  });
  const loaded = new Set();
  const run = (query, opts) => {
    for (let round = 0; round < 1000; round++) {
      const r = index.search(query, opts);
      if (!r.need) return r;
      for (const path of r.need) {
        assert.ok(!loaded.has(path), `asked twice for ${path}`);
        loaded.add(path);
        vm.runInContext(readFileSync(join(dir, path), "utf8"), ctx, { filename: path });
      }
    }
    throw new Error("search never finished");
  };
  return { index, run, loaded };
}

test("queries agree with the Rust reader (fixture index)", (t) => {
  if (!existsSync(join(fixture, "expected.json"))) {
    t.skip("no target/search-fixture: run `cargo test --lib search` first");
    return;
  }
  const expected = JSON.parse(readFileSync(join(fixture, "expected.json"), "utf8"));
  const { index, run } = loadIndex(fixture);
  // The whole Basic Multilingual Plane normalises as in Rust.
  run("x", {});
  const diffs = [];
  for (let u = 0; u < 0x10000; u++) {
    const n = core.normalize(String.fromCharCode(u)).charCodeAt(0);
    if (n !== u) diffs.push([u, n]);
  }
  assert.deepEqual(diffs, expected.normalize_bmp, "normalisation of the BMP differs from Rust");
  for (const c of expected.queries) {
    const r = run(c.query, { limit: 1e9, section: c.section || "" });
    const got = r.results.map((h) => h.url).sort();
    assert.deepEqual(got, [...c.urls].sort(), `query ${JSON.stringify(c.query)}`);
    assert.equal(r.complete, true);
    if (c.first) assert.equal(r.results[0].url, c.first, `best hit of ${JSON.stringify(c.query)}`);
    for (const h of r.results) {
      assert.ok(h.href.startsWith(h.url + "?hl="), h.href);
      // A title-only match shows the start of the page instead.
      if (h.field < 2) assert.match(h.snippet, /<mark>/, `snippet of ${h.url} for ${c.query}`);
    }
  }
  assert.equal(index.m.v, core.FORMAT);
});

test("a query loads only the shards and chunks it needs", (t) => {
  if (!existsSync(join(fixture, "expected.json"))) {
    t.skip("no fixture");
    return;
  }
  const { run, loaded } = loadIndex(fixture);
  const r = run("业委会", { limit: 3 });
  assert.ok(r.results.length > 0);
  const shards = [...loaded].filter((p) => p.startsWith("search/p"));
  assert.ok(shards.length <= 2, shards.join(" "));
  assert.ok(loaded.has("search/index.js"));
});

test("the built site answers search.html queries", (t) => {
  const site = process.env.ZHIYIN_SITE;
  if (!site || !existsSync(join(site, "search/index.js"))) {
    t.skip("ZHIYIN_SITE not set to a built site");
    return;
  }
  const { run, loaded } = loadIndex(site);
  const r = run("业委会", { limit: 20 });
  assert.ok(r.results.length > 0, "业委会 has hits");
  let bytes = 0;
  for (const p of loaded) bytes += readFileSync(join(site, p)).length;
  assert.ok(bytes < 300 * 1024, `first search loaded ${bytes} bytes`);
  for (const h of r.results) assert.ok(existsSync(join(site, h.url)), h.url);
  const none = run("这是一个不存在的短语", {});
  assert.equal(none.results.length, 0);
});

/** The canonical Huffman decoder, one bit at a time (the reference for the table decoder). */
function slowDecode(index, s) {
  const r = new core.Bits(s);
  const n = r.gamma() - 1;
  let out = "";
  for (let i = 0; i < n; i++) {
    let code = 0;
    let found = false;
    for (let L = 1; L < index.first.length; L++) {
      code = code * 2 + r.bit();
      const c = code - index.first[L];
      if (c < index.count[L]) {
        out += index.syms[index.index[L] + c];
        found = true;
        break;
      }
    }
    assert.ok(found, "a code that is not in the table");
  }
  return out;
}

test("the table decoder gives every stored text exactly, long codes included", (t) => {
  const dirs = [fixture, process.env.ZHIYIN_SITE].filter((d) => d && existsSync(join(d, "search/index.js")));
  if (!dirs.length) {
    t.skip("no fixture and no ZHIYIN_SITE");
    return;
  }
  for (const dir of dirs) {
    const { index, run } = loadIndex(dir);
    run("x", {});
    const ctx = vm.createContext({ ZhiyinSearch: { text: (o) => index.addText(o) } });
    const count = index.chunkFirst.length - 1;
    for (let c = 0; c < count; c++) vm.runInContext(readFileSync(join(dir, `search/t${c}.js`), "utf8"), ctx);
    const maxLen = index.first.length - 1;
    let pages = 0;
    for (let c = 0; c < count; c++) {
      for (const e of index.chunks[c]) {
        const want = slowDecode(index, e[2]);
        const got = index.decode(e[2]);
        assert.equal(got.text, want, `${dir}: ${e[0]}`);
        assert.equal(got.norm, core.normalize(want), `${dir}: normalised ${e[0]}`);
        pages++;
      }
    }
    assert.equal(pages, index.m.n, "every page decoded");
    t.diagnostic(`${dir}: ${pages} pages, longest code ${maxLen} bits (the table reads 11)`);
  }
});

test("dropCaches forgets decoded data and the next query answers the same", (t) => {
  if (!existsSync(join(fixture, "expected.json"))) {
    t.skip("no fixture");
    return;
  }
  const { index, run } = loadIndex(fixture);
  const before = run("业委会", { limit: 5 });
  assert.ok(index.docs.size > 0 && index.lists.size > 0);
  index.dropCaches();
  assert.equal(index.docs.size + index.lists.size + index.states.size, 0);
  const again = index.search("业委会", { limit: 5 });
  assert.equal(again.need, undefined, "the loaded files stay loaded");
  assert.deepEqual(again, before);
});

test("on a generated 400-page site every page holding the query is found, and a capped answer says so", (t) => {
  const bin = process.env.ZHIYIN_BIN;
  if (!bin || !existsSync(bin)) {
    t.skip("ZHIYIN_BIN not set to a built zhiyin");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "zhiyin-gen-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync("python3", [join(here, "../../scripts/gen-site.py"), join(dir, "site"), "400"], { stdio: "ignore" });
  execFileSync(bin, ["build", "--quiet", "--root", join(dir, "site"), "--out", join(dir, "out")]);
  const out = join(dir, "out");
  const { index, run } = loadIndex(out);
  run("x", {});
  // Every page's text, straight from the stored chunks: the ground truth.
  const ctx = vm.createContext({ ZhiyinSearch: { text: (o) => index.addText(o) } });
  const count = index.chunkFirst.length - 1;
  for (let c = 0; c < count; c++) vm.runInContext(readFileSync(join(out, `search/t${c}.js`), "utf8"), ctx);
  const pages = [];
  for (let c = 0; c < count; c++) for (const e of index.chunks[c]) pages.push({ url: e[0], norm: index.decode(e[2]).norm });
  for (const q of ["小区", "党", "区党", "物业管理指导", "小区党支部书记", "第3部分", "页面123", "居民 协商", "量子"]) {
    const parts = core.queryParts(q);
    const truth = pages.filter((p) => parts.every((part) => core.findAll(p.norm, part, 1).length)).map((p) => p.url).sort();
    const fresh = loadIndex(out);
    const all = fresh.run(q, { limit: 1e9 });
    assert.equal(all.complete, true, q);
    assert.equal(all.total, truth.length, `count of ${q}`);
    assert.deepEqual(all.results.map((h) => h.url).sort(), truth, `hits of ${q}`);
    const first = loadIndex(out).run(q, { limit: 10 });
    assert.ok(first.results.length <= 10);
    assert.equal(first.results.length, Math.min(10, truth.length), `first screen of ${q}`);
    for (const h of first.results) assert.ok(truth.includes(h.url), `${h.url} holds ${q}`);
    if (first.complete) assert.equal(first.total, truth.length, `a complete count of ${q} is exact`);
    else assert.ok(first.total >= first.results.length && first.total <= truth.length, `a partial count of ${q} is a lower bound`);
  }
});
