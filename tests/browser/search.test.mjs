// Chinese search from file:// (issue 5): the header box on any page, the search page
// (DESIGN.md contract: hits as links inside #search-results, best first), match highlighting.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, fileUrl, screenshot, PHONE } from "./harness.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("typing in the header box of a lesson shows marked results; a click lands on the match", async () => {
  const page = await newPage(browser, { viewport: PHONE });
  await page.goto(fileUrl("courses/zujian/liang-ge-fugai.html"));
  assert.equal(await page.locator("script[src$='assets/search.js']").count(), 0, "search.js is not loaded until used");
  await page.click("#site-search-input");
  await page.keyboard.type("高空抛物");
  const first = page.locator("a.search-option").first();
  await first.waitFor({ timeout: 10000 });
  assert.ok((await page.locator(".search-option mark").count()) > 0, "the matched text is marked");
  await screenshot(page, "search-dropdown-phone");
  const href = await first.getAttribute("href");
  assert.match(href, /hl=/, "a hit asks its page to highlight the match");
  await first.click();
  await page.waitForLoadState();
  const mark = page.locator("mark.search-hl").first();
  await mark.waitFor({ timeout: 10000 });
  assert.equal(await mark.innerText(), "高空抛物");
  assert.ok(await mark.isVisible(), "the page scrolled to the match");
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.external, []);
});

test("keyboard: ↓ selects a hit and Enter opens it; Esc closes the list", async () => {
  const page = await newPage(browser);
  await page.goto(fileUrl("index.html"));
  await page.focus("#site-search-input");
  await page.keyboard.type("业委会");
  await page.locator("a.search-option").first().waitFor({ timeout: 10000 });
  await page.keyboard.press("Escape");
  assert.equal(await page.locator("a.search-option").first().isVisible(), false, "Esc closes the list");
  await page.keyboard.press("ArrowDown"); // reopens the list
  await page.locator("a.search-option").first().waitFor({ timeout: 10000 });
  await page.keyboard.press("ArrowDown"); // selects the first hit
  assert.equal(await page.locator("a.search-option").first().getAttribute("aria-selected"), "true");
  const target = await page.locator("a.search-option").first().getAttribute("href");
  const targetPath = decodeURI(target.split("?")[0]).replace(/^(\.\.\/)+/, "");
  await page.keyboard.press("Enter");
  // Wait for the navigation itself: the current page is already "loaded".
  await page.waitForURL((u) => decodeURI(u.href).includes(targetPath), { timeout: 10000 });
});

test("search.html?q= lists hits best first inside #search-results, including a fragment across words", async () => {
  const page = await newPage(browser);
  for (const q of ["业委会", "民生微实事", "支部书"]) {
    await page.goto(fileUrl(`search.html?q=${encodeURIComponent(q)}`));
    const links = page.locator("#search-results a");
    await links.first().waitFor({ timeout: 10000 });
    assert.ok((await links.count()) >= 1, q);
    const firstTitle = await links.first().innerText();
    assert.ok(firstTitle.length > 0);
  }
  await page.goto(fileUrl(`search.html?q=${encodeURIComponent("业委会")}`));
  await page.locator("#search-results a").first().waitFor();
  assert.match(await page.locator("#search-results a").first().innerText(), /业委会/, "a title match ranks first");
  assert.deepEqual(page.errors, []);
});

test("a query with no hits shows a helpful empty state", async () => {
  const page = await newPage(browser);
  await page.goto(fileUrl(`search.html?q=${encodeURIComponent("量子计算机")}`));
  await page.locator("#search-empty").waitFor({ state: "visible", timeout: 10000 });
  assert.equal(await page.locator("#search-results a").count(), 0);
  assert.match(await page.locator("#search-empty").innerText(), /更短的词/);
  assert.ok((await page.locator("#search-empty a").count()) >= 2, "links to browse instead");
  assert.equal(await page.locator("#search-more").isVisible(), false, "no 显示更多结果 without more");
});

test("the section filter narrows results to one section", async () => {
  const page = await newPage(browser);
  await page.goto(fileUrl(`search.html?q=${encodeURIComponent("业委会")}&s=${encodeURIComponent("案例")}`));
  await page.locator("#search-results a").first().waitFor({ timeout: 10000 });
  const hrefs = await page.locator("#search-results a.search-result-title").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.ok(hrefs.length > 0);
  for (const h of hrefs) assert.match(h, /^cases\//, h);
});

test("the search page shows the first 10 hits with an exact count; 显示更多结果 adds more", async () => {
  const page = await newPage(browser);
  await page.goto(fileUrl(`search.html?q=${encodeURIComponent("小区")}`));
  const items = page.locator("#search-results > li");
  await items.first().waitFor({ timeout: 10000 });
  assert.equal(await items.count(), 10);
  const status = await page.locator("#search-status").innerText();
  const total = Number(/找到 (\d+) 条结果/.exec(status)?.[1]);
  assert.ok(total > 10, status);
  await page.click("#search-more");
  await page.waitForFunction(() => document.querySelectorAll("#search-results > li").length > 10, null, { timeout: 10000 });
  assert.equal(await items.count(), Math.min(30, total));
  assert.deepEqual(page.errors, []);
});

test("typing starts loading the shards the query needs at once, before the debounce runs it", async () => {
  const page = await newPage(browser);
  await page.goto(fileUrl("search.html"));
  await page.waitForFunction(() => window.ZhiyinSearch && window.ZhiyinSearch.index.m, null, { timeout: 10000 });
  const r = await page.evaluate(() => {
    const { core, index } = window.ZhiyinSearch;
    const want = core.tokensOf(core.normalize("楼栋长")).map((t) => "search/p" + core.shardOf(t, index.m.shards) + ".js");
    const input = document.getElementById("search-page-input");
    input.value = "楼栋长";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    const requested = Array.from(document.scripts, (s) => s.getAttribute("src") || "").filter((s) => /search\/p\d+\.js$/.test(s));
    return { want, requested, status: document.getElementById("search-status").textContent };
  });
  for (const w of r.want) assert.ok(r.requested.some((s) => s.endsWith(w)), `${w} requested on input: ${r.requested}`);
  assert.equal(r.status.includes("楼栋长"), false, "the query itself waits for the debounce");
  await page.locator("#search-results a").first().waitFor({ timeout: 10000 });
  assert.deepEqual(page.errors, []);
});

test("a hit whose lesson title is also in the folded course outline highlights the title, not the outline", async () => {
  // 业委会's best hit is a lesson whose title the course outline beside it repeats; on a phone
  // the outline is folded away, so a mark there could not be seen.
  const page = await newPage(browser, { viewport: PHONE });
  await page.goto(fileUrl(`search.html?q=${encodeURIComponent("业委会")}`));
  const first = page.locator("#search-results a").first();
  await first.waitFor({ timeout: 10000 });
  await first.click();
  await page.waitForLoadState();
  const mark = page.locator("mark.search-hl").first();
  await mark.waitFor({ state: "attached", timeout: 10000 });
  assert.equal(await page.locator(".course-outline mark.search-hl, nav mark.search-hl").count(), 0, "no mark in navigation");
  assert.ok(await mark.isVisible(), "the mark can be seen");
  assert.deepEqual(page.errors, []);
});

test("a hit in a lesson's quiz lands at the quiz with the match marked in the built quiz", async () => {
  // 支部书 高空抛物: the best hit is 金牌调解员's 测验 section, where a quiz option holds 支部书;
  // 高空抛物 also appears higher up, in the learning goals. The page must go to the quiz (the
  // hit's heading), and the mark must survive quiz.js laying the quiz out.
  const page = await newPage(browser);
  await page.goto(fileUrl(`search.html?q=${encodeURIComponent("支部书 高空抛物")}`));
  const first = page.locator("#search-results a").first();
  await first.waitFor({ timeout: 10000 });
  assert.match(decodeURIComponent(await first.getAttribute("href")), /#测验$/, "the hit links to its heading");
  await first.click();
  await page.waitForLoadState();
  const quizMark = page.locator("section.quiz.quiz-live mark.search-hl", { hasText: "支部书" });
  await quizMark.waitFor({ timeout: 10000 });
  assert.equal(await quizMark.innerText(), "支部书");
  assert.ok(await quizMark.isVisible(), "the page shows the match in the quiz");
  // Both parts are marked from the hit's heading on (高空抛物 is in the quiz too), none in the
  // learning goals above, where the page would otherwise scroll back up to.
  assert.equal(await page.locator("mark.search-hl:not(section.quiz mark)").count(), 0, "no mark above the quiz");
  await screenshot(page, "search-hit-in-quiz-desktop");
  assert.deepEqual(page.errors, []);
});

test("a match only in a quiz, with no heading in the link, brings the quiz in and marks it there", async () => {
  // Opened from a hit without #anchor: the quiz is far below and not laid out yet; the page
  // must bring it into view (so quiz.js lays it out) and mark the match in the built quiz.
  const page = await newPage(browser, { viewport: PHONE });
  await page.goto(fileUrl(`courses/fuquan/jinpai-tiaojieyuan.html?hl=${encodeURIComponent("由支部书记个人出钱")}`));
  const mark = page.locator("section.quiz.quiz-live mark.search-hl");
  await mark.waitFor({ timeout: 10000 });
  assert.equal(await mark.innerText(), "由支部书记个人出钱");
  assert.ok(await mark.isVisible(), "the mark is shown");
  const box = await mark.boundingBox();
  assert.ok(box && box.y >= 0 && box.y < PHONE.height, `the mark is in view (y = ${box && box.y})`);
  assert.deepEqual(page.errors, []);
});
