// Unit tests for the pure cores of themes/default/static/progress.js and progress-tools.js:
// checksum (against the vectors the Rust tests also check), export, CSV, xAPI, import checks,
// merging. Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const core = require("../../themes/default/static/progress.js");
const tools = require("../../themes/default/static/progress-tools.js");
const vectors = JSON.parse(readFileSync(new URL("../vectors/progress-checksum.json", import.meta.url), "utf8"));
const { site, profile, rec, now, doc } = vectors.export;
const clone = (x) => JSON.parse(JSON.stringify(x));

test("SHA-256, canonical JSON and checksums match the shared vectors", () => {
  for (const [input, hex] of vectors.sha256) assert.equal(tools.sha256Hex(input), hex, input.slice(0, 20));
  for (const c of vectors.canonical) assert.equal(tools.canon(JSON.parse(c.json)), c.canonical, c.json);
  for (const c of vectors.checksum) assert.equal(tools.checksum(JSON.parse(c.json)), c.checksum);
});

test("canonical form: sorted keys by UTF-16 units, no spaces, undefined left out", () => {
  assert.equal(tools.canon({ b: 1, a: { d: [1, undefined], c: "x" }, u: undefined }), '{"a":{"c":"x","d":[1,null]},"b":1}');
  assert.equal(tools.canon({ "\u{1F600}": 1, "\uffff": 2 }), '{"\u{1F600}":1,"\uffff":2}');
  const d = clone(doc);
  d.profile.name = "李四";
  assert.notEqual(tools.checksum(d), doc.checksum, "an edit changes the checksum");
  assert.equal(tools.checksum({ ...doc, checksum: "anything" }), doc.checksum, "the checksum field itself is left out");
});

test("the export of the vector record is exactly the shared document", () => {
  assert.deepEqual(tools.buildExport(site, profile, rec, now), doc);
  assert.equal(doc.format, "zhiyin-progress");
  assert.equal(doc.version, 1);
  assert.match(doc.notice, /自我报告的学习记录/);
  assert.deepEqual(doc.attempts.map((a) => a.time), [...doc.attempts.map((a) => a.time)].sort(), "attempts oldest first");
  assert.deepEqual(doc.attempts[1].answers.map((a) => a.question), ["q-1", "q-2", "q-3"], "answers in quiz order");
  const [a, b] = doc.courses;
  assert.equal(a.status, "completed");
  assert.equal(a.completed, "2024-05-02T02:30:00.000Z", "completion = the last lesson read or quiz passed");
  assert.equal(a.score, 100, "best score counts");
  assert.equal(b.status, "in_progress");
  assert.equal(b.completed, null);
});

test("course state: every lesson read and every quiz passed; next step", () => {
  const c = site.courses[0];
  const r = core.norm(clone(rec));
  assert.equal(core.courseState(c, r).status, "completed");
  r.attempts = r.attempts.filter((x) => !x.passed);
  r.completed = {};
  let s = core.courseState(c, r);
  assert.equal(s.status, "in_progress");
  assert.equal(s.next.quiz.id, "quiz-1");
  assert.equal(s.next.best, 33);
  delete r.lessons["courses/a/two.html"];
  r.attempts = [];
  s = core.courseState(c, r);
  assert.equal(s.next.lesson.key, "courses/a/one.html", "an unpassed quiz of an earlier lesson comes first");
  assert.equal(core.courseState(c, core.norm(null)).status, "not_started");
});

test("CSV: UTF-8 BOM, CRLF, header, one row per record, formulas neutralised", () => {
  for (const [input, out] of vectors.csv_cell) assert.equal(tools.csvCell(input), out, JSON.stringify(input));
  const text = tools.toCSV(doc);
  assert.ok(text.startsWith("\ufeff记录,学习者,学员编号,"));
  assert.ok(text.endsWith("\r\n"));
  const lines = text.slice(1).trim().split("\r\n");
  assert.equal(lines.filter((l) => l.startsWith("课程,")).length, 2);
  assert.equal(lines.filter((l) => l.startsWith("测验,")).length, 3);
  assert.equal(lines.filter((l) => l.startsWith("作答,")).length, 8);
  assert.ok(lines.some((l) => l.startsWith("课程,张三,A001,courses/a/index.html,,课程甲,,,2024-05-02T02:30:00.000Z,100,,已完成,")));
  const evil = clone(doc);
  evil.profile.name = "=HYPERLINK(\"x\")";
  evil.profile.code = "+1";
  assert.ok(tools.toCSV(evil).includes(",\"'=HYPERLINK(\"\"x\"\")\",'+1,"));
});

test("xAPI: ADL verbs, scaled scores in 0–1, stable ids", () => {
  const st = tools.toXAPI(doc);
  const verbs = new Set(st.map((s) => s.verb.id.split("/").pop()));
  assert.deepEqual([...verbs].sort(), ["answered", "completed", "experienced", "failed", "passed"]);
  for (const s of st) {
    assert.match(s.verb.id, /^http:\/\/adlnet\.gov\/expapi\/verbs\//);
    assert.equal(s.actor.account.name, "A001");
    assert.equal(s.actor.name, "张三");
    assert.match(s.object.id, /^urn:zhiyin:demo:/);
    assert.match(s.timestamp, /^\d{4}-\d\d-\d\dT/);
    assert.match(s.id, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    if (s.result && s.result.score) {
      assert.ok(s.result.score.scaled >= 0 && s.result.score.scaled <= 1);
      assert.equal(s.result.score.scaled, s.result.score.raw / 100);
    }
  }
  assert.equal(new Set(st.map((s) => s.id)).size, st.length, "ids are unique");
  assert.deepEqual(tools.toXAPI(doc).map((s) => s.id), st.map((s) => s.id), "ids are stable");
  const passed = st.filter((s) => s.verb.id.endsWith("/passed"));
  assert.equal(passed.length, 1);
  assert.equal(passed[0].result.score.scaled, 1);
  const course = st.find((s) => s.verb.id.endsWith("/completed") && s.object.definition.type.endsWith("/course"));
  assert.equal(course.object.definition.name["zh-CN"], "课程甲");
  assert.equal(st.filter((s) => s.verb.id.endsWith("/answered")).length, 8);
});

test("xAPI statements pass xapi-validation (when tests/browser has it installed)", async (t) => {
  let validate;
  try {
    validate = require("../browser/node_modules/xapi-validation").default;
  } catch (e) {
    t.skip("xapi-validation not installed (cd tests/browser && npm ci)");
    return;
  }
  for (const s of tools.toXAPI(doc)) assert.deepEqual(validate(s).map(String), [], JSON.stringify(s));
});

test("import: a good file passes; every bad file gets a clear message", () => {
  const text = JSON.stringify(doc, null, 1);
  assert.deepEqual(tools.checkImport(text, "demo").doc, doc);
  assert.ok(tools.checkImport("\ufeff" + text, "demo").doc, "a BOM is fine");
  const err = (t, id = "demo") => tools.checkImport(t, id).error || "";
  assert.match(err("not json"), /不是完整的学习记录/);
  assert.match(err(text.slice(0, text.length / 2)), /不是完整的学习记录/, "truncated");
  assert.match(err('{"format":"other"}'), /不是本网站导出的学习记录/);
  assert.match(err(JSON.stringify(tools.toXAPI(doc))), /xAPI/);
  assert.match(err(text, "other-site"), /来自另一个网站（示例站点）/);
  const newer = clone(doc);
  newer.version = 2;
  newer.checksum = tools.checksum(newer);
  assert.match(err(JSON.stringify(newer)), /更新版本的网站导出（格式版本 2）/);
  assert.match(err(text.replace('"score": 100', '"score": 99')), /校验不通过/);
  const broken = clone(doc);
  delete broken.attempts;
  broken.checksum = tools.checksum(broken);
  assert.match(err(JSON.stringify(broken)), /缺少必要的内容/);
});

test("merge: unites records, keeps the earliest read, never drops local data, is idempotent", () => {
  const local = core.norm({
    lessons: { "courses/a/one.html": { first: "2024-06-01T00:00:00.000Z", last: "2024-06-09T00:00:00.000Z", visits: 9, read: "2024-06-02T00:00:00.000Z", how: "button" },
      "courses/b/two.html": { first: "2024-06-03T00:00:00.000Z", last: "2024-06-03T00:00:00.000Z", visits: 1, read: null } },
    attempts: [{ page: "courses/b/one.html", quiz: "quiz-1", time: "2024-06-05T00:00:00.000Z", score: 100, passed: true, passMark: 66.5, answers: {} }],
    events: [{ time: "2024-06-05T00:00:00.000Z", type: "attempted", page: "courses/b/one.html", quiz: "quiz-1", score: 100 }]
  });
  const m = tools.mergeRecord(local, doc);
  assert.equal(m.added, 3);
  const r = m.rec;
  assert.equal(r.lessons["courses/a/one.html"].read, "2024-05-01T01:20:00.000Z", "earliest read wins");
  assert.equal(r.lessons["courses/a/one.html"].last, "2024-06-09T00:00:00.000Z", "newer local visit kept");
  assert.equal(r.lessons["courses/a/one.html"].visits, 9);
  assert.ok(r.lessons["courses/b/two.html"], "local-only lesson kept");
  assert.equal(r.attempts.length, 4, "local attempt kept");
  assert.equal(r.events.length, doc.events.length + 1);
  assert.deepEqual(r.attempts.find((a) => a.score === 33).answers["q-3"], { given: "=1+1", correct: false, hash: "h3" });
  assert.equal(core.courseState(site.courses[1], r).passed, 1, "local pass still counts");
  assert.equal(r.completed["courses/a/index.html"], "2024-05-02T02:30:00.000Z");
  const again = tools.mergeRecord(r, doc);
  assert.equal(again.added, 0);
  assert.deepEqual(again.rec, r, "importing the same file twice changes nothing");
  assert.equal(local.attempts.length, 1, "the input record is not modified");
});

test("quiz records rebuilt after a merge keep the newer local attempt", () => {
  const attempts = tools.mergeRecord(null, doc).rec.attempts.filter((a) => a.page === "courses/a/one.html");
  const fresh = tools.quizRecord(null, attempts);
  assert.equal(fresh.attempts, 2);
  assert.equal(fresh.best.score, 100);
  assert.equal(fresh.latest.time, "2024-05-01T01:30:00.000Z");
  assert.deepEqual(fresh.history.map((h) => h.score), [33, 100]);
  const localLatest = { time: "2024-07-01T00:00:00.000Z", score: 50, passed: false, seed: 7, answers: {} };
  const kept = tools.quizRecord({ best: localLatest, latest: localLatest, attempts: 5, history: [localLatest] }, attempts);
  assert.equal(kept.latest, localLatest);
  assert.equal(kept.best.score, 100);
  assert.equal(kept.attempts, 5);
  assert.equal(kept.history.length, 3);
});

test("the browser scripts stay ES2017 and small", () => {
  for (const name of ["progress.js", "progress-tools.js"]) {
    const src = readFileSync(new URL("../../themes/default/static/" + name, import.meta.url), "utf8");
    assert.doesNotMatch(src, /\?\.[\w([]|\?\?/, name + ": no optional chaining or nullish coalescing");
    assert.doesNotMatch(src, /catch\s*\{/, name + ": no optional catch binding (ES2019)");
    assert.doesNotMatch(src, /^\s*(import|export)\s|\bimport\(|fetch\(|XMLHttpRequest/m, name + ": classic script, no network");
    assert.doesNotMatch(src, /\.flat\(|\.flatMap\(|fromEntries|matchAll|replaceAll/, name + ": no post-ES2017 library calls");
  }
  const size = Buffer.byteLength(readFileSync(new URL("../../themes/default/static/progress.js", import.meta.url)));
  assert.ok(size < 18 * 1024, `progress.js is ${size} bytes; keep it under 18 KB (it loads on every page)`);
});
