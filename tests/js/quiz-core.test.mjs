// Unit tests for the pure core of themes/default/static/quiz.js, against the vectors the
// Rust tests also check (tests/vectors/quiz-hash.json). Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const quiz = require("../../themes/default/static/quiz.js");
const vectors = JSON.parse(readFileSync(new URL("../vectors/quiz-hash.json", import.meta.url), "utf8"));

test("SHA-256 matches the shared vectors (incl. multi-block and Chinese)", () => {
  for (const [input, hex] of vectors.sha256) assert.equal(quiz.sha256Hex(input), hex, input);
});

test("fill normalisation matches Rust", () => {
  for (const [input, out] of vectors.normalize) assert.equal(quiz.normalizeFill(input), out, JSON.stringify(input));
});

test("answer hashes match Rust", () => {
  for (const c of vectors.answer_hash) assert.equal(quiz.answerHash(c.salt, c.canonical), c.hash);
  for (const c of vectors.fill) assert.equal(quiz.answerHash(c.salt, quiz.canonical("fill", c.typed)), c.hash, c.typed);
});

test("deobfuscation inverts the Rust obfuscation", () => {
  for (const c of vectors.obfuscate) assert.equal(quiz.deobfuscate(c.salt, c.cipher), c.plain);
});

test("canonical answers", () => {
  assert.equal(quiz.canonical("single", 2), "2");
  assert.equal(quiz.canonical("scenario", 3), "3");
  assert.equal(quiz.canonical("multiple", [3, 1, 10]), "1,3,10");
  assert.equal(quiz.canonical("truefalse", false), "false");
  assert.equal(quiz.canonical("truefalse", true), "true");
  assert.equal(quiz.canonical("order", [3, 1, 2]), "3,1,2");
  assert.equal(quiz.canonical("fill", "  Ｋｅｙ　"), "key");
});

test("scoring: whole percent rounded down, pass at or above the mark", () => {
  assert.deepEqual(quiz.score(5, 6, 80), { score: 83, passed: true, correct: 5, total: 6 });
  assert.deepEqual(quiz.score(2, 3, 67), { score: 66, passed: false, correct: 2, total: 3 });
  assert.equal(quiz.score(4, 5, 80).passed, true);
  assert.equal(quiz.score(7, 10, 70).passed, true);
  assert.equal(quiz.score(7, 10, 70).score, 70);
  assert.equal(quiz.score(0, 3, 0).passed, true);
  assert.equal(quiz.score(3, 3, 100).score, 100);
  assert.equal(quiz.score(0, 0, 80).score, 0);
});

test("stored record keeps best, latest, count and the last 20", () => {
  let rec = null;
  const at = (score, i) => ({ time: `2024-01-${String(i + 1).padStart(2, "0")}T00:00:00Z`, score, passed: score >= 80, seed: i, answers: {} });
  rec = quiz.record(rec, at(50, 0));
  assert.equal(rec.attempts, 1);
  assert.equal(rec.best.score, 50);
  rec = quiz.record(rec, at(90, 1));
  rec = quiz.record(rec, at(60, 2));
  assert.equal(rec.best.score, 90);
  assert.equal(rec.latest.score, 60);
  assert.equal(rec.attempts, 3);
  for (let i = 3; i < 25; i++) rec = quiz.record(rec, at(10, i % 28));
  assert.equal(rec.history.length, 20);
  assert.equal(rec.attempts, 25);
  assert.equal(rec.best.score, 90);
});

test("seeded shuffle is stable and a permutation", () => {
  const a = quiz.shuffled([1, 2, 3, 4, 5, 6], quiz.random(42));
  const b = quiz.shuffled([1, 2, 3, 4, 5, 6], quiz.random(42));
  assert.deepEqual(a, b);
  assert.deepEqual([...a].sort(), [1, 2, 3, 4, 5, 6]);
  const seen = new Set();
  for (let s = 0; s < 50; s++) seen.add(quiz.shuffled([1, 2, 3], quiz.random(s)).join());
  assert.equal(seen.size, 6);
});

test("quiz.js is ES2017 (no optional chaining or ??)", () => {
  const src = readFileSync(new URL("../../themes/default/static/quiz.js", import.meta.url), "utf8");
  assert.ok(!/\?\.[a-zA-Z_$\[(]/.test(src), "optional chaining");
  assert.ok(!/\?\?/.test(src), "nullish coalescing");
});
