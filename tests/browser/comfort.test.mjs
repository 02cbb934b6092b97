// Study comfort (issue 10): 大字模式 on every page type at 360×740, read-aloud, calm reading.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, newPage, fileUrl, screenshot, horizontalOverflow, SMALL_PHONE, PAGE_TYPES } from "./harness.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });


/** Pairs of visible text boxes that overlap (neither inside the other). */
async function overlappingText(page) {
  return page.evaluate(() => {
    const sel = "h1, h2, h3, p, li, a, button, label, summary, th, td, .card-title, .card-summary, input";
    const els = [...document.querySelectorAll(sel)].filter((el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      const rendered = el.checkVisibility ? el.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true }) : true;
      return rendered && r.width > 0 && r.height > 0 && s.visibility !== "hidden" && r.bottom > 0 && r.top < innerHeight * 3;
    });
    // Inline elements are compared line fragment by line fragment (getClientRects), since
    // the union box of a link that wraps spans lines it does not cover.
    const boxes = els.flatMap((el) => [...el.getClientRects()].map((r) => [el, r]));
    const bad = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, ra] = boxes[i], [b, rb] = boxes[j];
        if (a === b || a.contains(b) || b.contains(a)) continue;
        const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        if (w > 2 && h > 2) bad.push(`${a.tagName}.${a.className}「${a.textContent.trim().slice(0, 12)}」 × ${b.tagName}.${b.className}「${b.textContent.trim().slice(0, 12)}」`);
      }
    }
    return [...new Set(bad)];
  });
}

test("大字模式: every page type at 360×740 without sideways scroll or overlapping text; it survives reload", async () => {
  const page = await newPage(browser, { viewport: SMALL_PHONE });
  await page.goto(fileUrl(PAGE_TYPES.home));
  const base = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  await page.click("#text-size-toggle");
  assert.equal(await page.getAttribute("html", "data-text"), "large");
  const large = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  assert.ok(large / base >= 1.35, `body text grows ${large / base}×`);
  await page.reload();
  assert.equal(await page.getAttribute("html", "data-text"), "large", "remembered across a reload from file://");
  for (const [name, path] of Object.entries(PAGE_TYPES)) {
    await page.goto(fileUrl(path));
    await page.waitForTimeout(150);
    assert.equal(await page.getAttribute("html", "data-text"), "large", `${name}: still large`);
    assert.equal(await horizontalOverflow(page), 0, `${name}: no sideways scroll`);
    assert.deepEqual(await overlappingText(page), [], `${name}: overlapping text`);
    await screenshot(page, `large-text-${name}`);
  }
  await page.context().close();
});

/** A fake speechSynthesis that records what is spoken and finishes each utterance at once. */
function stubSpeech(voices) {
  return `(() => {
    const spoken = [];
    window.__spoken = spoken;
    class Utterance { constructor(text) { this.text = text; } }
    window.SpeechSynthesisUtterance = Utterance;
    const listeners = [];
    Object.defineProperty(window, "speechSynthesis", { configurable: true, value: {
      getVoices: () => ${JSON.stringify(voices)},
      speak(u) { spoken.push({ text: u.text, lang: u.lang }); if (!this.paused) setTimeout(() => u.onend && u.onend(), 400); },
      pause() { this.paused = true; window.__paused = true; },
      resume() { this.paused = false; },
      cancel() {},
      addEventListener(t, f) { listeners.push(f); },
    }});
  })()`;
}

test("朗读: offered with a Chinese voice, reads paragraph by paragraph with highlighting, pauses", async () => {
  const ctx = await browser.newContext({ viewport: SMALL_PHONE });
  await ctx.addInitScript(stubSpeech([{ lang: "en-US", name: "E" }, { lang: "zh-CN", name: "Z" }]));
  const page = await ctx.newPage();
  await page.goto(fileUrl(PAGE_TYPES.guide));
  const button = page.locator("#read-aloud");
  assert.ok(await button.isVisible(), "read-aloud button shown");
  await button.click();
  await page.waitForFunction(() => window.__spoken.length >= 2);
  const spoken = await page.evaluate(() => window.__spoken);
  assert.equal(spoken[0].lang, "zh-CN");
  assert.ok(spoken[0].text.length > 0);
  assert.equal(await page.locator(".reading-now").count(), 1, "the current paragraph is highlighted");
  assert.equal(await button.innerText(), "暂停朗读");
  await button.click();
  assert.equal(await button.innerText(), "继续朗读");
  assert.ok(await page.evaluate(() => window.__paused));
  await page.click("#read-stop");
  assert.equal(await page.locator(".reading-now").count(), 0);
  await ctx.close();
});

test("朗读: hidden when the browser has no Chinese voice, or no speech at all", async () => {
  for (const voices of [[{ lang: "en-US", name: "E" }], []]) {
    const ctx = await browser.newContext({ viewport: SMALL_PHONE });
    await ctx.addInitScript(stubSpeech(voices));
    const page = await ctx.newPage();
    await page.goto(fileUrl(PAGE_TYPES.lesson));
    await page.waitForTimeout(100);
    assert.equal(await page.locator("#read-aloud").isVisible(), false, JSON.stringify(voices));
    assert.ok(await page.locator("#calm-toggle").isVisible(), "calm mode still offered");
    await ctx.close();
  }
});

test("专注阅读: the lesson text alone, a progress bar, the next step at the end", async () => {
  const page = await newPage(browser, { viewport: SMALL_PHONE });
  await page.goto(fileUrl(PAGE_TYPES.lesson));
  await page.click("#calm-toggle");
  // The first press loads reading.js and then switches calm mode on.
  await page.waitForSelector("html[data-calm=on]", { state: "attached" });
  assert.equal(await page.locator(".site-header").isVisible(), false);
  assert.equal(await page.locator(".course-outline").isVisible(), false);
  assert.ok(await page.locator(".reading-progress").isVisible(), "progress bar shown");
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForTimeout(200);
  assert.equal(await page.getAttribute("#reading-progress", "aria-valuenow"), "100");
  assert.ok(await page.locator("a.pager-next").isVisible(), "next lesson offered at the end");
  await screenshot(page, "calm-mode-end");
  await page.keyboard.press("Escape");
  assert.ok(await page.locator(".site-header").isVisible(), "Esc leaves calm mode");
});
