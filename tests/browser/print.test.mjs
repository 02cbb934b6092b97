// Paper: guides, cases, lessons and the course handbook print cleanly on A4 — no navigation
// chrome, external link targets shown — and the handbook holds every lesson plus an answer key.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { launch, newPage, fileUrl, SCREENSHOTS } from "./harness.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Number of pages in a PDF made by Chromium (one "/Type /Page" object per page). */
function pdfPages(pdf) {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
}

async function printed(page, name) {
  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ format: "A4", printBackground: false });
  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(path.join(SCREENSHOTS, `${name}.pdf`), pdf);
  return pdf;
}

const CHROME = [".site-header", ".site-footer", ".breadcrumbs", ".course-outline", ".pager", ".toc", ".reading-tools", ".skip-link"];

for (const [name, rel] of [["guide", "guides/san-jia-ma-che.html"], ["case", "cases/lanyi-garden.html"], ["lesson", "courses/zujian/liang-ge-fugai.html"]]) {
  test(`a ${name} prints without navigation chrome`, async () => {
    const page = await newPage(browser);
    await page.goto(fileUrl(rel));
    const pdf = await printed(page, `print-${name}`);
    for (const sel of CHROME) {
      for (const el of await page.locator(sel).all()) assert.equal(await el.isVisible(), false, `${sel} is hidden on paper`);
    }
    assert.ok(await page.locator("h1").isVisible());
    const pages = pdfPages(pdf);
    assert.ok(pages >= 1 && pages <= 12, `${name}: ${pages} pages`);
  });
}

test("external link targets are printed after the link text", async () => {
  const page = await newPage(browser);
  await page.goto(fileUrl("guides/san-jia-ma-che.html"));
  await page.evaluate(() => {
    const a = document.createElement("a");
    a.id = "ext";
    a.href = "https://example.org/x";
    a.textContent = "外部";
    document.querySelector(".prose").appendChild(a);
  });
  await page.emulateMedia({ media: "print" });
  const after = await page.evaluate(() => getComputedStyle(document.querySelector("#ext"), "::after").content);
  assert.match(after, /example\.org/);
});

test("the course handbook prints every lesson in order and the answer key last", async () => {
  const page = await newPage(browser);
  await page.goto(fileUrl("courses/zujian/index.html"));
  await page.getByRole("link", { name: "打印整门课程" }).click();
  await page.waitForLoadState();
  const lessons = await page.locator(".handbook-lesson > h2").allInnerTexts();
  assert.ok(lessons.length >= 4, `${lessons.length} lessons`);
  assert.match(lessons[0], /第 1 课/);
  const key = page.locator("#answer-key");
  assert.ok((await page.locator(".key-list li").count()) >= 5 * lessons.length, "an answer for every question");
  const keyBelowLessons = await page.evaluate(() => {
    const lessons = [...document.querySelectorAll(".handbook-lesson")];
    return document.querySelector("#answer-key").getBoundingClientRect().top > lessons.at(-1).getBoundingClientRect().top;
  });
  assert.ok(keyBelowLessons, "the key comes after the lessons");
  assert.ok(await key.isVisible());
  const pdf = await printed(page, "print-handbook");
  const pages = pdfPages(pdf);
  assert.ok(pages >= lessons.length + 2, `each lesson and the key start a page: ${pages} pages`);
  assert.equal(await page.locator(".quiz button").first().isVisible(), false, "no quiz buttons on paper");
});
