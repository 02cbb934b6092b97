// Tap targets (issue 9, WCAG 2.5.5): at 360×740 every visible control on every page type is at
// least 44×44 CSS px, except links inside running text (a sentence of a paragraph, list item,
// table cell…), which WCAG exempts. Also screenshots of every page type at 360×740 and
// 1280×800, light and dark, for a person to look at (tests/browser/screenshots/).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, fileUrl, screenshot, horizontalOverflow, SMALL_PHONE, DESKTOP, PAGE_TYPES } from "./harness.mjs";

const MIN = 44;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Visible controls smaller than MIN×MIN that are not inline links in running text. */
function smallTargets(min) {
  const sel = "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], label[for], label:has(input[type=checkbox]), label:has(input[type=radio])";
  const bad = [];
  const text = (el) => (el.textContent || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 16);
  /** A link is inline when its block holds other text besides it (a sentence it sits in). */
  function inline(el) {
    if (el.tagName !== "A") return false;
    if (getComputedStyle(el).display !== "inline") return false;
    if (el.classList.contains("term")) return true; // a glossary term marked in the text itself
    const block = el.parentElement.closest("p, li, td, th, dd, dt, figcaption, blockquote, span.card-summary");
    if (!block) return false;
    const rest = block.textContent.replace(el.textContent, "").replace(/[\s、，。：；·#]/g, "");
    return rest.length > 0;
  }
  for (const el of document.querySelectorAll(sel)) {
    if (el.closest("[hidden], .visually-hidden")) continue;
    if (el.classList.contains("skip-link")) continue; // off screen until focused; 44 px when shown
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || s.visibility === "hidden" || el.checkVisibility?.() === false) continue;
    // A check box or radio wrapped in a label: the label is the target.
    if (el.tagName === "INPUT" && /^(checkbox|radio)$/.test(el.type) && el.closest("label")) continue;
    if (inline(el)) continue;
    if (r.width < min - 0.5 || r.height < min - 0.5) {
      bad.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : ""}「${text(el)}」 ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
  }
  return [...new Set(bad)];
}

test("every control is at least 44×44 px at 360×740 (inline links in text excepted)", async () => {
  const page = await newPage(browser, { viewport: SMALL_PHONE });
  const failures = [];
  for (const [name, rel] of Object.entries(PAGE_TYPES)) {
    await page.goto(fileUrl(rel));
    await page.waitForTimeout(200);
    // Quizzes become forms when scrolled near: bring every one into view first.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForTimeout(200);
    await page.evaluate(() => window.scrollTo(0, 0));
    const small = await page.evaluate(smallTargets, MIN);
    if (small.length) failures.push(`${name}: ${small.join("; ")}`);
    assert.equal(await horizontalOverflow(page), 0, `${name}: no sideways scroll at 360 px`);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
  assert.deepEqual(failures, [], "tap targets under 44×44 px");
});

test("the check finds a small control (it can fail)", async () => {
  const page = await newPage(browser, { viewport: SMALL_PHONE });
  await page.setContent(`<p>一句话里的<a href="#x">链接</a>不算。</p><nav><a href="#y">小</a></nav><button style="font-size:10px;padding:0">点</button>`);
  const small = await page.evaluate(smallTargets, MIN);
  assert.equal(small.length, 2, small.join("; "));
  await page.context().close();
});

test("screenshots of every page type at 360×740 and 1280×800, light and dark", async () => {
  for (const [size, viewport] of [["phone", SMALL_PHONE], ["desktop", DESKTOP]]) {
    for (const scheme of ["light", "dark"]) {
      const ctx = await browser.newContext({ viewport, locale: "zh-CN", colorScheme: scheme });
      const page = await newPage(browser, { context: ctx });
      for (const [name, rel] of Object.entries(PAGE_TYPES)) {
        await page.goto(fileUrl(rel));
        await page.waitForTimeout(150);
        assert.equal(await page.getAttribute("html", "data-theme"), scheme === "dark" ? "dark" : null, `${name}: follows the ${scheme} scheme`);
        await screenshot(page, `${size}-${scheme}-${name}`);
      }
      assert.deepEqual(page.errors, []);
      await ctx.close();
    }
  }
});
