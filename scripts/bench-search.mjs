// Search query benchmark in headless Chromium (driven by scripts/bench-search.sh).
//
//   node scripts/bench-search.mjs SITE_DIR [--runs N] [--json FILE]
//
// Opens SITE_DIR/search.html from file:// and times each query from the moment it is typed and
// submitted (Enter: the page's input debounce is not counted) to its results in the DOM
// (#search-status shows the outcome, #search-results holds the hits):
//   cold    — every query in a fresh browser context and page, after the page has loaded (the
//             search page loads its manifest, search/index.js, at start, as a reader would
//             find it); the postings shards and text chunks load lazily with <script> tags;
//   session — one page, each query after all the earlier ones (files they loaded stay);
//   warm    — the same page again, every file already loaded, the index's decoded caches
//             dropped before each query (ZhiyinSearch.index.dropCaches()), so each query
//             decodes its postings and texts again.
// Prints a table per query, medians and p90, the time loading 1 and 10 index files takes on
// its own (the floor under a cold query) and the same 10 files' bytes as one file (what a file
// costs beyond its bytes), and the search index size.
import { createRequire } from "node:module";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "..", "tests", "browser", "package.json"));
const { chromium } = require("playwright-core");

const args = process.argv.slice(2);
const site = path.resolve(args[0] || "");
const runs = Number(args.includes("--runs") ? args[args.indexOf("--runs") + 1] : 1);
const jsonOut = args.includes("--json") ? args[args.indexOf("--json") + 1] : null;
if (!args[0]) {
  console.error("usage: node scripts/bench-search.mjs SITE_DIR [--runs N] [--json FILE]");
  process.exit(2);
}

// Queries for scripts/gen-site.py sites (its 47 words, titles "页面{i} {word}", headings
// "第{n}部分 {word}{word}"): [kind, query].
const QUERIES = [
  ["common", "小区"],
  ["common", "党支部"],
  ["common", "业委会"],
  ["common", "物业"],
  ["common", "委员会"],
  ["common", "志愿者"],
  ["common", "垃圾分类"],
  ["common", "维修基金"],
  ["single", "党"],
  ["single", "管"],
  ["single", "梯"],
  ["boundary", "区党"],
  ["boundary", "会物"],
  ["boundary", "记业委"],
  ["boundary", "员会社"],
  ["boundary", "理指"],
  ["phrase", "党支部书记"],
  ["phrase", "居民协商"],
  ["phrase", "物业管理指导"],
  ["rare", "小区党支部书记业委会"],
  ["rare", "页面9999"],
  ["rare", "页面1234"],
  ["rare", "第4部分 消防安全"],
  ["none", "量子计算"],
  ["none", "换届选举"],
  ["two-part", "小区 消防"],
  ["two-part", "物业 电梯 维修"],
  ["two-part", "党员 培训"],
  ["latin/digit", "9876"],
  ["latin/digit", "42"],
  ["latin/digit", "abc"],
  ["latin/digit", "第3部分"],
  ["mixed", "页面77 社区"],
];

function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i];
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Submits `q` in the search page and resolves when its outcome is in the DOM. */
async function timeQuery(page, q) {
  return page.evaluate(
    (q) =>
      new Promise((resolve) => {
        const input = document.getElementById("search-page-input");
        const status = document.getElementById("search-status");
        const results = document.getElementById("search-results");
        const before = new Set(Array.from(document.scripts, (s) => s.src));
        input.value = q;
        let t0 = 0;
        const done = () => {
          const ms = performance.now() - t0;
          obs.disconnect();
          const loaded = Array.from(document.scripts, (s) => s.src).filter((s) => !before.has(s));
          resolve({ ms, status: status.textContent, shown: results.children.length, loaded });
        };
        const check = () => {
          const t = status.textContent;
          if (t && t !== "正在搜索…") done();
        };
        const obs = new MutationObserver(check);
        obs.observe(status, { childList: true, characterData: true, subtree: true });
        t0 = performance.now();
        input.form.requestSubmit();
      }),
    q,
  );
}

function fileSize(url) {
  try {
    return statSync(fileURLToPath(url)).size;
  } catch {
    return 0;
  }
}

const searchUrl = pathToFileURL(path.join(site, "search.html")).href;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});

async function freshPage() {
  const ctx = await browser.newContext({ locale: "zh-CN" });
  const page = await ctx.newPage();
  page.on("pageerror", (e) => console.error("page error:", String(e)));
  // Records when the manifest arrives (ZhiyinSearch.add), for "page open → manifest ready".
  await page.addInitScript(() => {
    let api;
    Object.defineProperty(window, "ZhiyinSearch", {
      configurable: true,
      get: () => api,
      set: (v) => {
        const add = v.add;
        v.add = function (m) {
          add.call(this, m);
          window.__manifestAt = performance.now();
        };
        api = v;
      },
    });
  });
  await page.goto(searchUrl);
  await page.waitForFunction(() => window.ZhiyinSearch && window.ZhiyinSearch.index.m);
  return { ctx, page };
}

const rows = QUERIES.map(([kind, q]) => ({ kind, q, cold: [], session: [], warm: [], bytes: 0, files: 0, status: "" }));

// Page open → manifest ready, per fresh page.
const manifest = [];
for (let r = 0; r < runs; r++) {
  for (const row of rows) {
    const { ctx, page } = await freshPage();
    manifest.push(
      await page.evaluate(() => window.__manifestAt),
    );
    const res = await timeQuery(page, row.q);
    row.cold.push(res.ms);
    row.status = res.status;
    row.shown = res.shown;
    row.files = res.loaded.length;
    row.bytes = res.loaded.reduce((a, u) => a + fileSize(u), 0);
    await ctx.close();
  }
}

for (let r = 0; r < runs; r++) {
  const { ctx, page } = await freshPage();
  for (const row of rows) row.session.push((await timeQuery(page, row.q)).ms);
  for (const row of rows) {
    await page.evaluate(() => window.ZhiyinSearch.index.dropCaches());
    const res = await timeQuery(page, row.q);
    row.warm.push(res.ms);
    if (res.status !== row.status) console.error(`warm outcome differs for ${row.q}: ${res.status} vs ${row.status}`);
  }
  await ctx.close();
}

// The floor under any cold query: loading index files alone, nothing decoded. In a fresh page
// (manifest loaded), k text chunk files are added as <script> elements at once; timed to the
// last onload. A cold query loads its postings shards, then the text chunks of its first hits.
// The last case loads the same ten files' bytes joined into one file (written to a temporary
// folder): what the files cost apart from their bytes.
const loadFloor = {};
const chunkCount = readdirSync(path.join(site, "search")).filter((f) => /^t\d+\.js$/.test(f)).length;
const joinedDir = mkdtempSync(path.join(tmpdir(), "zhiyin-bench-"));
const floorCases = [
  ["1 index file", 1, false],
  ["10 index files at once", 10, false],
  ["the same 10 files' bytes joined in 1 file", 10, true],
];
for (const [label, k, joined] of floorCases) {
  loadFloor[label] = [];
  for (let r = 0; r < 5; r++) {
    const { ctx, page } = await freshPage();
    let paths = Array.from({ length: k }, (_, i) => `search/t${(r * 101 + i * 37) % Math.max(chunkCount, 1)}.js`);
    if (joined) {
      const file = path.join(joinedDir, `joined-${r}.js`);
      writeFileSync(file, paths.map((p) => readFileSync(path.join(site, p), "utf8")).join("\n"));
      paths = [pathToFileURL(file).href];
    }
    loadFloor[label].push(
      await page.evaluate(
        (paths) =>
          new Promise((resolve) => {
            const t0 = performance.now();
            let left = paths.length;
            for (const p of paths) {
              const s = document.createElement("script");
              s.src = p;
              s.async = true;
              s.onload = s.onerror = () => --left === 0 && resolve(performance.now() - t0);
              document.head.appendChild(s);
            }
          }),
        paths,
      ),
    );
    await ctx.close();
  }
}
await browser.close();
rmSync(joinedDir, { recursive: true, force: true });

const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : "-");
console.log(`query                       kind          cold ms  session  warm ms   loaded (cold)      outcome`);
for (const row of rows) {
  console.log(
    `${row.q.padEnd(22 - [...row.q].filter((c) => c.charCodeAt(0) > 0x2e80).length)} ${row.kind.padEnd(12)} ${f1(median(row.cold)).padStart(8)} ${f1(median(row.session)).padStart(8)} ${f1(median(row.warm)).padStart(8)}   ${String(row.files).padStart(3)} files ${(row.bytes / 1024).toFixed(0).padStart(5)} KB   ${row.status}`,
  );
}
const all = (k) => rows.flatMap((r) => r[k]);
const totals = {};
for (const k of ["cold", "session", "warm"]) {
  totals[k] = { median: median(all(k)), p90: pct(all(k), 90), max: Math.max(...all(k)) };
  console.log(`${k.padEnd(8)} median ${f1(totals[k].median)} ms   p90 ${f1(totals[k].p90)} ms   max ${f1(totals[k].max)} ms   (${all(k).length} queries)`);
}
const coldBytes = rows.map((r) => r.bytes);
console.log(`cold bytes loaded per query: median ${(median(coldBytes) / 1024).toFixed(0)} KB, p90 ${(pct(coldBytes, 90) / 1024).toFixed(0)} KB, max ${(Math.max(...coldBytes) / 1024).toFixed(0)} KB`);
console.log(`navigation start → manifest decoded: median ${f1(median(manifest))} ms`);
for (const [label] of floorCases) {
  console.log(`load floor: ${label} from file://, nothing decoded: median ${f1(median(loadFloor[label]))} ms (5 fresh pages)`);
}

// Index size.
const dir = path.join(site, "search");
const files = readdirSync(dir);
const size = (re) => files.filter((f) => re.test(f)).reduce((a, f) => a + statSync(path.join(dir, f)).size, 0);
const pages = await (async () => {
  const m = /\bn:(\d+)/.exec(require("node:fs").readFileSync(path.join(dir, "index.js"), "utf8").replace(/"/g, ""));
  return m ? Number(m[1]) : NaN;
})();
const total = size(/./);
console.log(
  `index: ${files.length} files, ${(total / 1048576).toFixed(2)} MB for ${pages} pages = ${(total / pages / 1024).toFixed(2)} KB/page ` +
    `(manifest ${(size(/^index\.js$/) / 1024).toFixed(0)} KB, ${files.filter((f) => /^p\d+\.js$/.test(f)).length} postings shards ${(size(/^p\d+\.js$/) / 1048576).toFixed(2)} MB, ` +
    `${files.filter((f) => /^t\d+\.js$/.test(f)).length} text chunks ${(size(/^t\d+\.js$/) / 1048576).toFixed(2)} MB)`,
);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ rows, totals, manifest: median(manifest), loadFloor, index: { files: files.length, bytes: total, pages } }, null, 1));
