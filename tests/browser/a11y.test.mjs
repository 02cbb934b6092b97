// Accessibility: axe-core at WCAG 2.1 A/AA on every page type, light and dark, large text,
// and a quiz after it has been answered. Any violation fails the test with its rule and nodes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { launch, newPage, fileUrl, quizzesReady, PAGE_TYPES } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];


let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function violations(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags } });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  }, TAGS);
}

for (const mode of ["light", "dark"]) {
  test(`axe-core finds no WCAG 2.1 AA violation on any page type (${mode})`, async () => {
    const found = {};
    for (const [name, path] of Object.entries(PAGE_TYPES)) {
      const page = await newPage(browser);
      await page.emulateMedia({ colorScheme: mode });
      await page.goto(fileUrl(path));
      await page.waitForTimeout(250);
      assert.equal(await page.getAttribute("html", "data-theme"), mode === "dark" ? "dark" : null, `${name}: follows the system`);
      const v = await violations(page);
      if (v.length) found[name] = v;
      await page.context().close();
    }
    assert.deepEqual(found, {});
  });
}

test("axe-core: a lesson quiz after answering, in large text and dark mode", async () => {
  const page = await newPage(browser);
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(fileUrl(PAGE_TYPES.lesson));
  await quizzesReady(page);
  await page.click("#text-size-toggle");
  const quiz = page.locator("section.quiz").first();
  for (const fs of await quiz.locator("fieldset").all()) {
    const choice = fs.locator("input[type=radio], input[type=checkbox]");
    if (await choice.count()) await choice.first().check();
    const blank = fs.locator("input[type=text]");
    if (await blank.count()) await blank.first().fill("不知道");
  }
  await quiz.getByRole("button", { name: /提交/ }).click();
  await quiz.locator("[class*=result]").first().waitFor();
  assert.deepEqual(await violations(page), []);
});
