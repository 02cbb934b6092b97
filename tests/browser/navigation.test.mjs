// A trainee's first path through the bundled site, by clicks, from file://.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, fileUrl, screenshot, horizontalOverflow, PHONE, DESKTOP } from "./harness.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("home → course → lesson → next lesson, all by clicks", async () => {
  const page = await newPage(browser, { viewport: DESKTOP });
  await page.goto(fileUrl("index.html"));
  assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
  await page.locator(".course-cards a").first().click();
  await page.waitForLoadState();
  assert.match(page.url(), /courses\/[^/]+\/index\.html$/);
  await page.getByRole("link", { name: /开始学习第 1 课/ }).click();
  await page.waitForLoadState();
  assert.match(await page.locator(".lesson-position").first().innerText(), /第 1 课 \/ 共 \d+ 课/);
  const firstTitle = await page.locator("h1").innerText();
  const firstUrl = page.url();
  const nextHref = await page.locator("a.pager-next").getAttribute("href");
  await page.locator("a.pager-next").click();
  await page.waitForURL((u) => u.href.endsWith("/" + nextHref.split("/").pop()));
  assert.match(await page.locator(".lesson-position").first().innerText(), /第 2 课/);
  assert.notEqual(await page.locator("h1").innerText(), firstTitle);
  await page.locator("a.pager-prev").click();
  await page.waitForURL(firstUrl);
  assert.equal(await page.locator("h1").innerText(), firstTitle);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.external, [], "no request may leave the site");
});

test("a lesson page looks right on a phone and on a desktop", async () => {
  for (const [name, viewport] of [["phone", PHONE], ["desktop", DESKTOP]]) {
    const page = await newPage(browser, { viewport });
    await page.goto(fileUrl("index.html"));
    await page.locator(".course-cards a").first().click();
    await page.getByRole("link", { name: /开始学习第 1 课/ }).click();
    await page.waitForLoadState();
    assert.equal(await horizontalOverflow(page), 0, `${name}: no sideways scrolling`);
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    assert.match(font, /PingFang SC|Microsoft YaHei|Noto Sans CJK SC/, "system CJK font stack");
    await screenshot(page, `lesson-${name}`);
    await page.context().close();
  }
});

test("the breadcrumbs and header links work from a deep page", async () => {
  const page = await newPage(browser);
  await page.goto(fileUrl("index.html"));
  const hrefs = await page.locator(".site-nav a").evaluateAll((as) => as.map((a) => a.href));
  assert.ok(hrefs.length >= 3, "header lists the sections");
  for (const href of hrefs) {
    assert.match(href, /^file:.*\.html$/, "header links name files");
    const res = await page.goto(href);
    assert.ok(res === null || res.ok(), href);
    assert.ok((await page.locator("h1").count()) === 1, href + " has one h1");
  }
});
