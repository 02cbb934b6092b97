// Browser-test harness: Debian's Chromium driven by playwright-core, opening built sites
// from file://. Every browser test imports from here.
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, cpSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

/** Temporary folders made by this process, removed when it exits. */
const temporaries = [];
process.on("exit", () => {
  for (const dir of temporaries) rmSync(dir, { recursive: true, force: true });
});

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "..", "..");
/** The bundled site, built by scripts/test.sh (ZHIYIN_SITE) or by the harness on demand. */
export const SITE = process.env.ZHIYIN_SITE || buildSite(repoRoot);
export const BIN = process.env.ZHIYIN_BIN || path.join(repoRoot, "target", "debug", "zhiyin");
export const SCREENSHOTS = path.join(here, "screenshots");

export const PHONE = { width: 390, height: 844 };
export const SMALL_PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };

/** One page of each type in the bundled site (paths relative to its root). */
export const PAGE_TYPES = {
  home: "index.html",
  section: "guides/index.html",
  guide: "guides/san-jia-ma-che.html",
  case: "cases/lanyi-garden.html",
  course: "courses/zujian/index.html",
  lesson: "courses/zujian/liang-ge-fugai.html",
  handbook: "courses/zujian/handbook.html",
  glossary: "glossary.html",
  tag: "tags/index.html",
  search: "search.html?q=业委会",
  searchEmpty: "search.html?q=量子计算机",
  progress: "progress.html",
  certificate: "certificate.html",
  notFound: "404.html",
};


/** A new temporary folder, removed when the test process exits. */
export function tempDir(prefix = "zhiyin-") {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temporaries.push(dir);
  return dir;
}

/** Builds a site folder with the zhiyin binary into a fresh temporary folder; returns it. */
export function buildSite(root, out) {
  const dest = out || path.join(tempDir("zhiyin-site-"), "public");
  const bin = process.env.ZHIYIN_BIN || path.join(repoRoot, "target", "debug", "zhiyin");
  execFileSync(bin, ["build", "--quiet", "--root", root, "--out", dest], { stdio: "inherit" });
  return dest;
}

/** Copies a fixture site to a temporary folder (so tests may edit it) and returns its path. */
export function copyFixture(name) {
  const dest = path.join(tempDir("zhiyin-fixture-"), name);
  cpSync(path.join(repoRoot, "tests", "fixtures", name), dest, { recursive: true });
  return dest;
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--allow-file-access-from-files=false",
    ],
  });
}

/**
 * A new page (own context, so own localStorage unless `context` is given) that fails the
 * test on any console error or page error, and records every request leaving file://.
 */
export async function newPage(browser, { viewport = DESKTOP, context } = {}) {
  const ctx = context || (await browser.newContext({ viewport, locale: "zh-CN" }));
  const page = await ctx.newPage();
  page.errors = [];
  page.external = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") page.errors.push(m.text()); });
  page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) page.external.push(r.url()); });
  return page;
}

/** file:// URL of a page of a built site (path relative to the site root). */
export function fileUrl(relPath, site = SITE) {
  const [p, query] = relPath.split("?");
  return pathToFileURL(path.join(site, p)).href + (query ? "?" + query : "");
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, name + ".png");
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Fails if the page scrolls sideways (the classic phone layout bug). */
export async function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * Quizzes load their script (quiz.js) when one comes near the view: scrolls to each quiz of
 * the page and waits until every one is interactive, then back to the top.
 */
export async function quizzesReady(page) {
  const n = await page.locator("section.quiz").count();
  for (let i = 0; i < n; i++) await page.locator("section.quiz").nth(i).scrollIntoViewIfNeeded();
  await page.waitForFunction((count) => document.querySelectorAll("section.quiz.quiz-live").length === count, n);
  await page.evaluate(() => window.scrollTo(0, 0));
}
