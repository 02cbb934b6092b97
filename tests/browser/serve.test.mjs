// `zhiyin serve` as a trainer sees it: an open page reloads after a save, shows an error
// overlay naming file:line when a save breaks the build, and clears it when fixed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { launch, newPage, copyFixture, screenshot, BIN, DESKTOP } from "./harness.mjs";

let browser;
let server;
let site;
let base;

before(async () => {
  browser = await launch();
  site = copyFixture("serve-site");
  server = spawn(BIN, ["serve", "--root", site, "--port", "0"], { stdio: ["ignore", "ignore", "pipe"] });
  base = await new Promise((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => reject(new Error("serve did not start: " + log)), 30000);
    server.stderr.on("data", (chunk) => {
      log += chunk;
      const m = log.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    });
    server.on("exit", (code) => reject(new Error(`serve exited (${code}): ${log}`)));
  });
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const done = new Promise((resolve) => server.on("exit", resolve));
    server.kill("SIGINT");
    await done;
  }
});

const guide = () => path.join(site, "content", "guides", "first-guide.md");

test("a save reloads the open page; a broken save shows the overlay until fixed", async () => {
  const page = await newPage(browser, { viewport: DESKTOP });
  await page.goto(base + "guides/first-guide.html");
  assert.match(await page.locator("main").innerText(), /原始版本/);
  const original = readFileSync(guide(), "utf8");

  writeFileSync(guide(), original.replace("原始版本", "浏览器里看到的修改"));
  await page.waitForFunction(() => document.body.innerText.includes("浏览器里看到的修改"), null, { timeout: 20000 });

  writeFileSync(guide(), original.replace("tags = [", "tags = ").replace("原始版本", "坏了"));
  const overlay = page.locator("#zhiyin-live-overlay");
  await overlay.waitFor({ state: "visible", timeout: 20000 });
  const text = await overlay.innerText();
  assert.match(text, /content\/guides\/first-guide\.md:\d+:\d+/);
  assert.match(text, /tags = /, "the source line is shown");
  // The last good page is still underneath.
  assert.match(await page.locator("main").innerText(), /浏览器里看到的修改/);
  await screenshot(page, "serve-error-overlay");

  writeFileSync(guide(), original.replace("原始版本", "改好了"));
  await page.waitForFunction(() => document.body.innerText.includes("改好了"), null, { timeout: 20000 });
  assert.equal(await overlay.count(), 0);
  // A missing file of the site (a theme in the making) is the site's problem, not serve's.
  assert.deepEqual(page.errors.filter((e) => !/^Failed to load resource/.test(e)), []);
  assert.deepEqual(page.external.filter((u) => !u.startsWith(base)), [], "no request leaves the preview");
});
