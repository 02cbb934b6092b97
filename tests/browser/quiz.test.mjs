// Quizzes in the browser, from file://: reading without JavaScript, answering every type,
// results, retry and attempt limit, stored results, keyboard ordering, phone layout.
// The test writes its own small site (all six question types) and builds it with zhiyin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { launch, newPage, fileUrl, buildSite, horizontalOverflow, screenshot, quizzesReady, SITE, PHONE, DESKTOP, tempDir } from "./harness.mjs";

const ALL = `id = "all"
shuffle = false
attempts = 2
pass = 60

[[question]]
id = "fugai"
type = "single"
prompt = "“两个覆盖”中的第一个覆盖是什么？"
options = ["党的组织覆盖所有小区", "物业服务覆盖所有小区", "业委会覆盖所有小区"]
answer = 1
explanation = "解析：先是组织覆盖。"
hint = "想一想“组织”和“成员”。"
feedback = ["反馈：对。", "反馈：物业不是党组织。", "反馈：业委会不是党组织。"]

[[question]]
id = "sanjia"
type = "multiple"
prompt = "哪些属于“三驾马车”？"
options = ["社区党委", "业委会", "物业服务企业", "居委会"]
answer = [2, 3]
explanation = "解析：业委会和物业。"

[[question]]
id = "tf"
type = "truefalse"
prompt = "业委会可以不接受党的领导。"
answer = false
explanation = "解析：要坚持党的领导。"

[[question]]
id = "fill"
type = "fill"
prompt = "小区党支部书记要选好，这是“一个____”。"
answer = ["关键", "KEY"]
explanation = "解析：一个关键。"

[[question]]
id = "order"
type = "order"
prompt = "把下列步骤排成正确顺序。"
steps = ["摸底排查", "组建支部", "运行机制"]
explanation = "解析：先摸底，再组建，后运行。"

[[question]]
id = "scen"
type = "scenario"
situation = "你是新任书记，小区物业与业主发生纠纷。"
prompt = "你首先应当怎么做？"
options = ["置之不理", "召集三方协商", "直接报警"]
answer = 2
feedback = ["反馈：问题会扩大。", "反馈：三方协商最好。", "反馈：不是治安案件。"]
explanation = "解析：三方协商。"
`;

const HIDDEN = `reveal = false

[[question]]
type = "single"
prompt = "第二个测验的题目"
options = ["选项甲", "选项乙", "选项丙"]
answer = 3
explanation = "解析：选丙。"

[[question]]
type = "fill"
prompt = "填空：____"
answer = "隐藏答案"
`;

/** Texts that must never be readable in the page source. */
const SECRETS = ["解析：", "反馈：", "想一想", "关键", "隐藏答案", "摸底排查</li><li>组建支部</li><li>运行机制"];

let browser, site, lesson;
before(async () => {
  const root = path.join(tempDir("zhiyin-quiz-"), "site");
  const write = (rel, text) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  write("site.toml", 'title = "测验测试"\ndescription = "quiz tests"\nid = "quiz-test"\nversion = "0.0.1"\n\n[quiz]\npass_mark = 80\n');
  write("content/_index.md", '+++\ntitle = "首页"\n+++\n\n首页。\n');
  write("content/courses/_index.md", '+++\ntitle = "课程"\n+++\n\n课程。\n');
  write("content/courses/t/_index.md", '+++\ntitle = "测验课程"\n+++\n\n一门课。\n');
  write(
    "content/courses/t/a.md",
    '+++\ntitle = "第一课"\nweight = 1\n+++\n\n## 测验\n\n```quiz\n' + ALL + "```\n\n## 第二个\n\n```quiz\n" + HIDDEN + "```\n",
  );
  site = buildSite(root);
  lesson = fileUrl("courses/t/a.html", site);
  browser = await launch();
});
after(async () => { await browser?.close(); });

async function open(opts = {}) {
  const page = await newPage(browser, { viewport: PHONE, ...opts });
  await page.goto(opts.url || lesson);
  await quizzesReady(page);
  return page;
}

test("the page source holds no answer, explanation, hint or feedback", () => {
  const html = readFileSync(path.join(site, "courses/t/a.html"), "utf8");
  assert.match(html, /<section class="quiz" id="all"/);
  for (const s of SECRETS) assert.ok(!html.includes(s), `${s} is readable in the page source`);
});

test("without JavaScript the questions read as a list with their options", async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
  const page = await ctx.newPage();
  await page.goto(lesson);
  const text = await page.locator("#all").innerText();
  for (const s of ["“两个覆盖”中的第一个覆盖是什么？", "物业服务覆盖所有小区", "你是新任书记", "召集三方协商", "正确", "错误"]) {
    assert.ok(text.includes(s), `${s} missing from the no-JS list`);
  }
  assert.equal(await page.locator("#all > ol.quiz-questions > li").count(), 6);
  assert.equal(await page.locator("#all input").count(), 0);
  await ctx.close();
});

test("answering every type: score, marks, feedback, explanation, reveal, event, stored result", async () => {
  const page = await open();
  await page.evaluate(() => {
    window.events = [];
    document.addEventListener("zhiyin:quiz-attempt", (e) => window.events.push(e.detail));
  });
  const q = page.locator("#all");
  assert.equal(await q.locator("fieldset").count(), 6);
  assert.equal(await q.locator("fieldset >> nth=0").locator("input[type=radio]").count(), 3);
  assert.equal(await q.locator("fieldset >> nth=1").locator("input[type=checkbox]").count(), 4);

  // Submitting with unanswered questions does not count as an attempt.
  await q.getByRole("button", { name: "提交" }).click();
  assert.match(await q.locator(".quiz-result").innerText(), /还有 5 题没有作答/);
  assert.equal(await page.evaluate(() => window.events.length), 0);

  await q.getByRole("button", { name: "提示" }).click();
  assert.match(await q.locator(".quiz-hint").first().innerText(), /想一想/);
  await q.getByLabel("党的组织覆盖所有小区").check(); // right
  await q.getByLabel("社区党委").check(); // wrong
  await q.getByLabel(/^错误$/).check(); // right
  await q.locator(".quiz-fill input").fill(" ＫＥＹ "); // right (full width, spaces)
  await q.getByLabel("置之不理").check(); // wrong; the order question is left as shown (never right)
  await q.getByRole("button", { name: "提交" }).click();

  const result = q.locator(".quiz-result");
  assert.equal(await result.getAttribute("aria-live"), "polite");
  assert.ok(await result.evaluate((e) => e === document.activeElement), "focus moves to the result");
  assert.match(await result.innerText(), /得分 50 分 · 答对 3 \/ 6 题 · 未通过（60 分及格）/);
  assert.match(await result.innerText(), /还可以再做 1 次/);
  const fbs = await q.locator(".quiz-fb").allInnerTexts();
  assert.match(fbs[0], /✓ 回答正确[\s\S]*解析：先是组织覆盖/);
  assert.match(fbs[1], /✗ 回答错误[\s\S]*解析：业委会和物业/, "reveal is on: the explanation shows");
  assert.match(fbs[4], /正确顺序：1\. 摸底排查　2\. 组建支部　3\. 运行机制/);
  assert.match(await q.locator(".quiz-opt", { hasText: "置之不理" }).innerText(), /你的选择[\s\S]*反馈：问题会扩大/);
  assert.match(await q.locator(".quiz-opt", { hasText: "召集三方协商" }).innerText(), /正确答案[\s\S]*反馈：三方协商最好/);

  const events = await page.evaluate(() => window.events);
  assert.equal(events.length, 1);
  const d = events[0];
  assert.equal(d.page, "courses/t/a.html");
  assert.equal(d.quizId, "all");
  assert.equal(d.passMark, 60);
  assert.equal(d.questionCount, 6);
  assert.equal(d.attempt.score, 50);
  assert.equal(d.attempt.passed, false);
  assert.deepEqual(d.attempt.answers.sanjia.given, [1]);
  assert.equal(d.attempt.answers.fill.correct, true);
  assert.equal(typeof d.attempt.answers.fill.hash, "string");
  const stored = await page.evaluate(() => window.Zhiyin.storage.get("quiz:courses/t/a.html#all"));
  assert.equal(stored.attempts, 1);
  assert.equal(stored.latest.score, 50);
  assert.equal(stored.best.score, 50);
  assert.equal(stored.history.length, 1);

  // On reload the last attempt is shown again, with the stored scores.
  await page.reload();
  assert.match(await q.locator(".quiz-stored").innerText(), /上次成绩 50 分（未通过）.*最好成绩 50 分/);
  assert.ok(await q.getByLabel("社区党委").isChecked());
  assert.ok(await q.getByLabel("社区党委").isDisabled());

  // Retry: a fresh form; all right this time; then the attempts are used up.
  await q.getByRole("button", { name: "再做一次" }).click();
  assert.equal(await q.locator("input:checked").count(), 0);
  await q.getByLabel("党的组织覆盖所有小区").check();
  await q.getByLabel(/业委会$/).check();
  await q.getByLabel("物业服务企业").check();
  await q.getByLabel(/^错误$/).check();
  await q.locator(".quiz-fill input").fill("关键");
  await q.getByLabel("召集三方协商").check();
  // Order by keyboard: 上移/下移 buttons, focus stays on the moved step.
  const order = q.locator(".quiz-order");
  for (const [text, to] of [["摸底排查", 0], ["组建支部", 1]]) {
    for (let k = 0; k < 3; k++) {
      const items = await order.locator(".quiz-text").allInnerTexts();
      const at = items.indexOf(text);
      if (at === to) break;
      await order.getByRole("button", { name: (at > to ? "上移：" : "下移：") + text }).focus();
      await page.keyboard.press("Enter");
      assert.match(await page.evaluate(() => document.activeElement.getAttribute("aria-label") || ""), new RegExp(text));
    }
  }
  assert.deepEqual(await order.locator(".quiz-text").allInnerTexts(), ["摸底排查", "组建支部", "运行机制"]);
  await q.locator(".quiz-fill input").press("Enter");
  assert.match(await result.innerText(), /得分 100 分 · 答对 6 \/ 6 题 · 通过/);
  assert.match(await result.innerText(), /已用完全部 2 次作答机会/);
  assert.equal(await q.getByRole("button", { name: "再做一次" }).count(), 0);
  assert.match(await q.locator(".quiz-stored").innerText(), /最好成绩 100 分（通过）.*已作答 2 次/);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.external, []);
});

test("reveal = false hides the right answer and the explanation of a wrong answer", async () => {
  const page = await open();
  const q = page.locator("#quiz-2");
  await q.getByLabel(/选项甲$/).check();
  await q.locator(".quiz-fill input").fill("不对");
  await q.getByRole("button", { name: "提交" }).click();
  const text = await q.innerText();
  assert.match(text, /得分 0 分/);
  assert.ok(!text.includes("解析：选丙"), text);
  assert.ok(!text.includes("隐藏答案"), text);
  assert.ok(!text.includes("正确答案"), text);
  assert.equal(await q.getByRole("button", { name: "再做一次" }).count(), 1, "no attempt limit");
  assert.deepEqual(page.errors, []);
});

test("shuffled quizzes keep their order within an attempt (seed stored with it)", async () => {
  const page = await open();
  const q = page.locator("#quiz-2");
  const before = await q.locator(".quiz-fs").allInnerTexts();
  await q.getByLabel(/选项丙$/).check();
  await q.locator(".quiz-fill input").fill("隐藏答案");
  await q.getByRole("button", { name: "提交" }).click();
  assert.match(await q.locator(".quiz-score").innerText(), /得分 100 分/);
  const layout = async () => (await q.locator("legend, .quiz-opt .quiz-text").allInnerTexts()).join("|");
  const shown = await layout();
  await page.reload();
  await quizzesReady(page);
  assert.equal(await layout(), shown, "the stored attempt is shown in the order it was taken");
  assert.ok(before.length === 2);
});

test("phone layout: 44px targets, no sideways scroll, dark mode and large text", async () => {
  for (const [name, viewport, setup] of [
    ["phone", PHONE, null],
    ["phone-large-dark", PHONE, () => { document.documentElement.setAttribute("data-text", "large"); document.documentElement.setAttribute("data-theme", "dark"); }],
    ["desktop", DESKTOP, null],
  ]) {
    const page = await open({ viewport });
    if (setup) await page.evaluate(setup);
    assert.equal(await horizontalOverflow(page), 0, `${name}: no sideways scrolling`);
    const small = await page.evaluate(() =>
      [...document.querySelectorAll(".quiz button, .quiz-opt, .quiz-fill input")]
        .map((e) => e.getBoundingClientRect())
        .filter((r) => r.height < 44 || r.width < 44).length,
    );
    assert.equal(small, 0, `${name}: every control is at least 44px`);
    await page.locator("#all").scrollIntoViewIfNeeded();
    await screenshot(page, "quiz-" + name);
    assert.deepEqual(page.errors, []);
  }
});

test("the quizzes of the bundled site load without errors", async () => {
  const pages = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      // handbook.html prints a course: its quizzes are plain questions by design.
      else if (e.name.endsWith(".html") && e.name !== "handbook.html" && readFileSync(p, "utf8").includes('<section class="quiz"')) pages.push(path.relative(SITE, p));
    }
  };
  walk(path.join(SITE, "courses"));
  assert.ok(pages.length > 0, "the bundled site has quizzes");
  const page = await newPage(browser, { viewport: PHONE });
  for (const rel of pages) {
    await page.goto(fileUrl(rel));
    await quizzesReady(page);
    const n = await page.locator("section.quiz").count();
    assert.equal(await page.locator("section.quiz.quiz-live").count(), n, `${rel}: every quiz is interactive`);
    assert.equal(await page.locator("section.quiz .quiz-submit").count(), n, rel);
  }
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.external, []);
});

test("a malformed #fragment in the address does not stop the quizzes loading", async () => {
  // A link copied badly (half a percent escape): the page must still read and its quiz work.
  const page = await newPage(browser, { viewport: PHONE });
  await page.goto(fileUrl("courses/fuquan/jinpai-tiaojieyuan.html") + "#%E0%A4");
  await quizzesReady(page);
  assert.equal(await page.locator("section.quiz.quiz-live").count(), await page.locator("section.quiz").count());
  assert.deepEqual(page.errors, []);
});
