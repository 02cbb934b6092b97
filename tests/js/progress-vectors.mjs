// Writes tests/vectors/progress-checksum.json from the JavaScript implementation (the
// reference); the Rust tests (src/progress, tests/report.rs) and tests/js/progress-core.test.mjs
// check themselves against it. Run after changing the format on purpose:
//   node tests/js/progress-vectors.mjs
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const tools = require("../../themes/default/static/progress-tools.js");

export const site = {
  format: "zhiyin-site", id: "demo", build: "abc123def456", title: "示例站点", version: "1.0", passMark: 80,
  courses: [
    { key: "courses/a/index.html", title: "课程甲", lessons: [
      { key: "courses/a/one.html", title: "第一课", quizzes: [{ id: "quiz-1", passMark: 80, questions: 3, questionIds: ["q-1", "q-2", "q-3"] }] },
      { key: "courses/a/two.html", title: "第二课", quizzes: [] }] },
    { key: "courses/b/index.html", title: "课程乙", lessons: [
      { key: "courses/b/one.html", title: "乙一", quizzes: [{ id: "quiz-1", passMark: 66.5, questions: 2, questionIds: ["q-a", "q-b"] }] },
      { key: "courses/b/two.html", title: "乙二", quizzes: [] }] }]
};
export const profile = { id: "p1abc", name: "张三", code: "A001", created: "2024-05-01T01:00:00.000Z" };
export const rec = {
  v: 1,
  lessons: {
    "courses/a/one.html": { first: "2024-05-01T01:05:00.000Z", last: "2024-05-02T02:00:00.000Z", visits: 3, read: "2024-05-01T01:20:00.000Z", how: "end" },
    "courses/a/two.html": { first: "2024-05-02T02:10:00.000Z", last: "2024-05-02T02:10:00.000Z", visits: 1, read: "2024-05-02T02:30:00.000Z", how: "button" },
    "courses/b/one.html": { first: "2024-05-03T03:00:00.000Z", last: "2024-05-03T03:00:00.000Z", visits: 1, read: null }
  },
  attempts: [
    { page: "courses/a/one.html", quiz: "quiz-1", time: "2024-05-01T01:30:00.000Z", score: 100, passed: true, passMark: 80,
      answers: { "q-3": { given: "党支部", correct: true, hash: "h3" }, "q-1": { given: 2, correct: true, hash: "h1" }, "q-2": { given: [1, 3], correct: true, hash: "h2" } } },
    { page: "courses/a/one.html", quiz: "quiz-1", time: "2024-05-01T01:25:00.000Z", score: 33, passed: false, passMark: 80,
      answers: { "q-2": { given: [1], correct: false, hash: "h2" }, "q-1": { given: 2, correct: true, hash: "h1" }, "q-3": { given: "=1+1", correct: false, hash: "h3" } } },
    { page: "courses/b/one.html", quiz: "quiz-1", time: "2024-05-03T03:10:00.000Z", score: 50, passed: false, passMark: 66.5,
      answers: { "q-a": { given: true, correct: true, hash: "ha" }, "q-b": { given: [3, 1, 2], correct: false, hash: "hb" } } }
  ],
  events: [
    { time: "2024-05-01T01:05:00.000Z", type: "visited", page: "courses/a/one.html", course: "courses/a/index.html" },
    { time: "2024-05-01T01:20:00.000Z", type: "read", page: "courses/a/one.html", course: "courses/a/index.html" },
    { time: "2024-05-01T01:25:00.000Z", type: "attempted", page: "courses/a/one.html", quiz: "quiz-1", course: "courses/a/index.html", score: 33 },
    { time: "2024-05-01T01:30:00.000Z", type: "attempted", page: "courses/a/one.html", quiz: "quiz-1", course: "courses/a/index.html", score: 100 },
    { time: "2024-05-02T02:10:00.000Z", type: "visited", page: "courses/a/two.html", course: "courses/a/index.html" },
    { time: "2024-05-02T02:30:00.000Z", type: "read", page: "courses/a/two.html", course: "courses/a/index.html" },
    { time: "2024-05-02T02:30:00.000Z", type: "completed", course: "courses/a/index.html", score: 100 },
    { time: "2024-05-03T03:00:00.000Z", type: "visited", page: "courses/b/one.html", course: "courses/b/index.html" },
    { time: "2024-05-03T03:10:00.000Z", type: "attempted", page: "courses/b/one.html", quiz: "quiz-1", course: "courses/b/index.html", score: 50 }
  ],
  completed: { "courses/a/index.html": "2024-05-02T02:30:00.000Z" }
};
export const now = "2024-05-04T00:00:00.000Z";

const canonical = [
  '{"b":1,"a":[1,"x",null,{"d":2.5,"c":true}],"é":1,"\\ud83d\\ude00":2,"\\uffff":3,"Z":0,"":[]}',
  '[80.0, -0.0, 66.7, 0.1, 1e21, 1.5e-7, 0.000001, 123456789012, 1e300, 2.5e-300, 100, 0.5, 1.0000000000000002]',
  '"a\\"b\\\\c\\n\\t\\u0001\\u001f\\u007f\\u2028中😀 /"',
  '{ "nested" : { "z" : [ { "y" : 1 , "x" : [ ] } ] , "a" : { } }, "t": true, "f": false, "n": null }',
  // Doubles across magnitudes (seeded, so the file is stable): JS and Rust must print alike.
  JSON.stringify(randomNumbers(400))
].map((json) => ({ json, canonical: tools.canon(JSON.parse(json)) }));

function randomNumbers(n) {
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const out = [];
  for (let i = 0; i < n; i++) {
    const exp = Math.floor(rand() * 60) - 30;
    const x = (rand() - 0.5) * Math.pow(10, exp);
    out.push(i % 4 === 0 ? Math.round(x * 1000) / 1000 : i % 4 === 1 ? Math.round(x) : x);
  }
  return out;
}

const sha256 = ["", "abc", "中文", "x".repeat(55), "x".repeat(56), "x".repeat(64), "指引".repeat(100), "😀𝄞"]
  .map((s) => [s, tools.sha256Hex(s)]);

const csv = ["=1+1", "+86 138", "-5", "@SUM(A1)", "\tx", "\r=x", "a,b", 'say "hi"', '=HYPERLINK("x","y")', "张三", "", "line\nbreak", "ok-", " =x"]
  .map((s) => [s, tools.csvCell(s)]);

const doc = tools.buildExport(site, profile, rec, now);
const vectors = {
  _doc: "Shared vectors for the progress export checksum (progress-tools.js and src/progress/canonical.rs). canonical: the canonical form of the JSON text (sorted keys by UTF-16 units, no spaces, JSON.stringify strings and numbers). checksum = 'sha256:' + SHA-256 of the canonical document without its top-level checksum. csv_cell: spreadsheet-safe CSV cells. export: buildExport(site, profile, rec, now) = doc. Regenerate with node tests/js/progress-vectors.mjs.",
  sha256, canonical, csv_cell: csv,
  checksum: [{ json: JSON.stringify(doc), checksum: doc.checksum }, { json: '{"checksum":"x","b":[1.5,"二"],"a":null}', checksum: tools.checksum({ b: [1.5, "二"], a: null }) }],
  export: { site, profile, rec, now, doc }
};
writeFileSync(new URL("../vectors/progress-checksum.json", import.meta.url), JSON.stringify(vectors, null, 1) + "\n");
console.log("wrote tests/vectors/progress-checksum.json");
