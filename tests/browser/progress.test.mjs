// Learner progress from file://, on the starter site (its quiz answers are known): two
// learners share one browser, each reads a lesson and takes a quiz; exports (JSON validated
// against the schema, CSV, xAPI validated with xapi-validation); the certificate; import into
// a fresh browser; bad imports; a full storage; `zhiyin report` on the two exports.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { launch, newPage, fileUrl, screenshot, buildSite, horizontalOverflow, quizzesReady, BIN, repoRoot, SITE, PHONE, tempDir } from "./harness.mjs";

const require = createRequire(import.meta.url);
const validateStatement = require("xapi-validation").default;
const { Validator } = require("jsonschema");
const tools = require("../../themes/default/static/progress-tools.js");
const schema = JSON.parse(readFileSync(path.join(repoRoot, "schema/progress-export.schema.json"), "utf8"));

const work = tempDir("zhiyin-progress-");
let site, browser, shared;
const files = {};
const ONE = "courses/starter/lesson-one.html";
const TWO = "courses/starter/lesson-two.html";

before(async () => {
  execFileSync(BIN, ["new", path.join(work, "starter"), "--quiet"]);
  site = buildSite(path.join(work, "starter"), path.join(work, "public"));
  browser = await launch();
  shared = await browser.newContext({ locale: "zh-CN", acceptsDownloads: true, viewport: { width: 1100, height: 800 } });
});
after(async () => { await browser?.close(); });

const url = (p) => fileUrl(p, site);
/** Script errors (a file another part has not written yet shows as "Failed to load resource"). */
const scriptErrors = (page) => page.errors.filter((e) => !/^Failed to load resource/.test(e));

async function createProfile(page, name, code) {
  await page.locator(".profile-btn").click();
  const menu = page.locator("#profile-menu");
  await menu.locator("input[name=name]").fill(name);
  await menu.locator("input[name=code]").fill(code);
  await menu.getByRole("button", { name: "新建并开始记录" }).click();
  await page.locator(".profile-btn", { hasText: name }).waitFor();
}

async function submitQuiz(page, answer) {
  const quiz = page.locator("section.quiz");
  await answer(quiz);
  await quiz.getByRole("button", { name: "提交" }).click();
  await quiz.locator(".quiz-score").waitFor();
  return quiz.locator(".quiz-score").innerText();
}

/** Puts the starter's order question into its written order with the ↑ buttons. */
async function solveOrder(quiz) {
  await quiz.locator("ol.quiz-order").evaluate((ol) => {
    const steps = ["建课程文件夹", "写 _index.md", "写每一课"];
    steps.forEach((text, want) => {
      const li = [].find.call(ol.children, (x) => x.querySelector(".quiz-text").textContent === text);
      while ([].indexOf.call(ol.children, li) > want) li.querySelector("button").click();
    });
  });
}

async function download(page, button) {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.locator(`[data-export=${button}]`).click()]);
  const file = path.join(work, dl.suggestedFilename());
  await dl.saveAs(file);
  return file;
}

function checkExport(file, name) {
  const doc = JSON.parse(readFileSync(file, "utf8"));
  const result = new Validator().validate(doc, schema);
  assert.deepEqual(result.errors.map(String), [], `${name}: export follows schema/progress-export.schema.json`);
  assert.equal(tools.checksum(doc), doc.checksum, "checksum verifies");
  return doc;
}

test("two learners share one browser: profiles, reading, quizzes, 我的学习, exports, certificate", async () => {
  const page = await newPage(browser, { context: shared });
  await page.goto(url(ONE));
  await quizzesReady(page);
  assert.equal(await page.locator(".profile-btn").innerText(), "选择学习者");
  assert.deepEqual(scriptErrors(page), []);
  assert.match(await page.locator("#lesson-end").innerText(), /选择或新建学习者以后/);

  // 张三: reads lesson one to its end, passes its quiz.
  await createProfile(page, "张三", "A001");
  await page.locator("#lesson-end").scrollIntoViewIfNeeded();
  await page.locator(".le-done").waitFor({ timeout: 5000 });
  assert.match(await page.locator(".le-done").innerText(), /已读/);
  const score = await submitQuiz(page, async (q) => {
    await q.locator("label.quiz-opt", { hasText: "课程文件夹里" }).click();
    await q.locator("label.quiz-opt", { hasText: "正确" }).click();
  });
  assert.match(score, /得分 100 分.*通过/);
  assert.match(await page.locator(".le-next").innerText(), /下一步：第 2 课/);

  // Lesson two: marked read with the button, quiz passed: the course is complete.
  await page.goto(url(TWO));
  await quizzesReady(page);
  await page.locator("#mark-read").click();
  await page.locator(".le-done").waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.className), "le-done", "focus moves to the confirmation");
  await submitQuiz(page, async (q) => {
    await q.locator(".quiz-fill input").fill("quiz");
    await solveOrder(q);
  });
  assert.match(await page.locator(".le-next").innerText(), /已完成《入门课程》/);

  // 李四 on the same browser: reads lesson one, fails its quiz.
  await page.goto(url(ONE));
  await quizzesReady(page);
  await createProfile(page, "李四", "A002");
  assert.doesNotMatch(await page.locator("#lesson-end").innerText(), /已读 ·/, "a new learner starts fresh");
  await page.locator("#mark-read").click();
  const failed = await submitQuiz(page, async (q) => {
    await q.locator("label.quiz-opt", { hasText: "网站根目录" }).click();
    await q.locator("label.quiz-opt", { hasText: "错误" }).click();
  });
  assert.match(failed, /得分 0 分.*未通过/);

  // Switching back is one click, and 张三's records are where they were.
  await page.locator(".profile-btn").click();
  await page.getByRole("button", { name: "切换到 张三（A001）" }).click();
  await page.locator(".profile-btn", { hasText: "张三" }).waitFor();
  assert.match(await page.locator(".quiz-stored").innerText(), /上次成绩 100 分/);
  assert.match(await page.locator(".le-done").innerText(), /已读/);

  // The course page and home page show progress.
  await page.goto(url("courses/starter/index.html"));
  assert.equal(await page.locator("li[data-lesson].is-read").count(), 2);
  assert.match(await page.locator(".course-progress").innerText(), /已读 2\/2 课 · 测验通过 2\/2/);
  await page.goto(url("index.html"));
  assert.match(await page.locator("li[data-course] .card-progress").first().innerText(), /已完成/);

  // 我的学习: progress, what next, exports.
  await page.goto(url("progress.html"));
  const app = page.locator("#progress-app");
  assert.match(await app.innerText(), /自我报告的学习记录/);
  assert.match(await app.locator(".pg-course").innerText(), /入门课程 已完成/);
  assert.match(await app.locator(".pg-course").innerText(), /测验最好 100 分（通过）/);
  files.zhang = await download(page, "json");
  const doc = checkExport(files.zhang, "张三");
  assert.equal(doc.profile.name, "张三");
  assert.equal(doc.courses[0].status, "completed");
  assert.equal(doc.attempts.length, 2);
  const csv = readFileSync(await download(page, "csv"), "utf8");
  assert.ok(csv.startsWith("\ufeff记录,学习者,学员编号"), "CSV with BOM");
  assert.match(csv, /\r\n课程,张三,A001,courses\/starter\/index.html,/);
  const xapiFile = await download(page, "xapi");
  assert.match(xapiFile, /\.xapi\.json$/);
  const statements = JSON.parse(readFileSync(xapiFile, "utf8"));
  assert.ok(statements.length >= 8);
  for (const s of statements) assert.deepEqual(validateStatement(s).map(String), [], JSON.stringify(s));
  const verbs = new Set(statements.map((s) => s.verb.id.split("/").pop()));
  for (const v of ["experienced", "answered", "passed", "completed"]) assert.ok(verbs.has(v), v);

  // The certificate: name, course, date, score; clean when printed.
  await app.getByRole("link", { name: "查看结业证书" }).first().click();
  await page.locator(".cert").waitFor();
  const cert = await page.locator(".cert").innerText();
  for (const part of ["结业证书", "张三", "A001", "《入门课程》", "平均成绩 100 分", "完成日期 2", "自我报告的学习记录"]) assert.ok(cert.includes(part), part);
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator(".site-header").isVisible(), false, "no navigation chrome on paper");
  assert.equal(await page.locator(".cert-actions").isVisible(), false);
  await page.setViewportSize({ width: 794, height: 1123 });
  await screenshot(page, "certificate-print");
  const pdf = await page.pdf({ format: "A4" });
  assert.ok(pdf.length > 1000);
  await page.emulateMedia({ media: "screen" });

  // 李四's export.
  await page.goto(url("progress.html"));
  await page.locator(".pg-people li", { hasText: "李四" }).getByRole("button", { name: "切换" }).click();
  await page.locator(".profile-btn", { hasText: "李四" }).waitFor();
  files.li = await download(page, "json");
  const li = checkExport(files.li, "李四");
  assert.equal(li.courses[0].status, "in_progress");
  assert.equal(li.attempts[0].score, 0);

  // A profile can be deleted, after a confirmation.
  await createProfile(page, "王五", "");
  await page.locator(".pg-people li", { hasText: "王五" }).getByRole("button", { name: "删除" }).click();
  assert.match(await page.locator(".pg-people").innerText(), /删除后无法恢复/);
  await page.getByRole("button", { name: "确认删除" }).click();
  await page.locator(".pg-people").waitFor();
  await page.waitForFunction(() => !document.querySelector(".pg-people").innerText.includes("王五"));
  assert.equal(await page.locator(".profile-btn").innerText(), "选择学习者", "deleting the current learner leaves none chosen");
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes("王五")).length), 0);
  assert.deepEqual(scriptErrors(page), []);
  assert.deepEqual(page.external, [], "no request leaves the site");
});

test("import into a fresh browser continues where the learner left off; bad files are refused", async () => {
  const page = await newPage(browser, { viewport: PHONE });
  await page.goto(url("progress.html"));
  assert.equal(await horizontalOverflow(page), 0);
  await page.locator("#import-file").setInputFiles(files.zhang);
  const msg = page.locator(".pg-import .pg-msg");
  await msg.filter({ hasText: "已导入" }).waitFor();
  assert.match(await msg.innerText(), /已导入到“张三（A001）”：新增 2 次测验作答/);
  assert.match(await page.locator(".profile-btn").innerText(), /张三$/);
  assert.match(await page.locator(".pg-course").innerText(), /已完成/);
  await screenshot(page, "progress-phone");

  await page.goto(url(ONE));
  await quizzesReady(page);
  assert.match(await page.locator(".quiz-stored").innerText(), /上次成绩 100 分/, "the quiz shows the imported result");
  assert.match(await page.locator(".le-done").innerText(), /已读/);

  // Importing again asks first, and merging adds nothing twice.
  await page.goto(url("progress.html"));
  await page.locator("#import-file").setInputFiles(files.zhang);
  await page.locator("[data-import=merge]").waitFor();
  assert.match(await msg.innerText(), /合并会保留两边的全部记录/);
  await page.locator("[data-import=merge]").click();
  await msg.filter({ hasText: "新增 0 次" }).waitFor();

  // Bad files: corrupted, edited, from another site, from a newer version.
  const text = readFileSync(files.zhang, "utf8");
  const bad = (name, content) => { const f = path.join(work, name); writeFileSync(f, content); return f; };
  const cases = [
    [bad("truncated.json", text.slice(0, 300)), /不是完整的学习记录/],
    [bad("edited.json", text.replace('"name": "张三"', '"name": "张三丰"')), /校验不通过/],
    [bad("other.json", (() => { const d = JSON.parse(text); d.site.id = "other"; d.site.title = "别的网站"; d.checksum = tools.checksum(d); return JSON.stringify(d); })()), /来自另一个网站（别的网站）/],
    [bad("newer.json", (() => { const d = JSON.parse(text); d.version = 2; d.checksum = tools.checksum(d); return JSON.stringify(d); })()), /格式版本 2/]
  ];
  for (const [file, message] of cases) {
    await page.locator("#import-file").setInputFiles(file);
    await msg.filter({ hasText: message }).waitFor();
    assert.equal(await msg.getAttribute("role"), "alert");
  }
  assert.deepEqual(scriptErrors(page), []);
  await page.context().close();
});

test("a full storage gives a visible message, not a silent loss", async () => {
  const ctx = await browser.newContext({ locale: "zh-CN" });
  await ctx.addInitScript(() => {
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      if (String(k).endsWith(":progress")) throw new DOMException("full", "QuotaExceededError");
      return set.call(this, k, v);
    };
  });
  const page = await newPage(browser, { context: ctx });
  await page.goto(url(ONE));
  await quizzesReady(page);
  await createProfile(page, "赵六", "");
  await page.locator("#mark-read").click();
  const warning = page.locator("#storage-warning");
  await warning.waitFor();
  assert.match(await warning.innerText(), /存储空间已满/);
  await ctx.close();
});

test("without any storage (private mode) the learner is told, and this visit still works", async () => {
  const ctx = await browser.newContext({ locale: "zh-CN" });
  await ctx.addInitScript(() => {
    Storage.prototype.setItem = function () { throw new DOMException("denied", "SecurityError"); };
  });
  const page = await newPage(browser, { context: ctx });
  await page.goto(url(ONE));
  await quizzesReady(page);
  await createProfile(page, "孙七", "");
  const warning = page.locator("#storage-warning");
  await warning.waitFor();
  assert.match(await warning.innerText(), /不能保存/);
  await page.locator("#mark-read").click();
  await page.locator(".le-done").waitFor();
  assert.deepEqual(scriptErrors(page), []);
  await ctx.close();
});

test("zhiyin report on the two exports gives the expected rows", () => {
  const out = path.join(work, "report");
  const r = spawnSync(BIN, ["report", files.zhang, files.li, "--out", out], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const rows = readFileSync(path.join(out, "completion.csv"), "utf8").replace(/^\ufeff/, "").trim().split("\r\n").map((l) => l.split(","));
  assert.equal(rows.length, 3);
  const zhang = rows.find((x) => x[0] === "A001");
  const li = rows.find((x) => x[0] === "A002");
  assert.deepEqual([zhang[1], zhang[3], zhang[5], zhang[6]], ["张三", "courses/starter/index.html", "已完成", "100"]);
  assert.match(zhang[7], /^\d{4}-\d\d-\d\d$/);
  assert.deepEqual([li[1], li[5], li[6], li[8]], ["李四", "学习中", "0", "1"]);
  const attempts = readFileSync(path.join(out, "attempts.csv"), "utf8").trim().split("\r\n");
  assert.equal(attempts.length, 1 + 3);
  const html = readFileSync(path.join(out, "report.html"), "utf8");
  assert.match(html, /<svg/);
  assert.doesNotMatch(html, /https?:|<script|<link/);
});

test("the built (minified) scripts compute the same checksums, CSV cells and xAPI as the sources", () => {
  const built = createRequire(path.join(site, "assets", "x.js"))("./progress-tools.js");
  const vectors = JSON.parse(readFileSync(path.join(repoRoot, "tests/vectors/progress-checksum.json"), "utf8"));
  const v = vectors.export;
  assert.deepEqual(built.buildExport(v.site, v.profile, v.rec, v.now), v.doc);
  for (const c of vectors.canonical) assert.equal(built.canon(JSON.parse(c.json)), c.canonical);
  for (const [input, out] of vectors.csv_cell) assert.equal(built.csvCell(input), out, JSON.stringify(input));
  assert.equal(built.toCSV(v.doc), tools.toCSV(v.doc));
  assert.deepEqual(built.toXAPI(v.doc), tools.toXAPI(v.doc));
  assert.equal(built.checkImport(JSON.stringify(v.doc), "demo").doc.checksum, v.doc.checksum);
});

test("the bundled site: every page kind loads with the profile control and no errors", async () => {
  const page = await newPage(browser);
  for (const p of ["index.html", "progress.html", "certificate.html?course=nothing.html"]) {
    await page.goto(fileUrl(p, SITE));
    await page.locator(".profile-btn").waitFor();
  }
  assert.match(await page.locator("#certificate-app").innerText(), /没有找到这门课程/);
  const first = await page.evaluate(() => window.ZHIYIN_SITE.courses[0].lessons[0].key);
  await page.goto(fileUrl(first, SITE));
  assert.match(await page.locator("#lesson-end").innerText(), /选择学习者/);
  assert.deepEqual(scriptErrors(page), []);
  assert.deepEqual(page.external, []);
  await page.context().close();
});
