// Recall and precision of zhiyin's search and of Pagefind on the same built pages
// (driven by scripts/compare-pagefind.sh, which builds the site, runs Pagefind over it and
// serves it on 127.0.0.1).
//
//   node scripts/compare-pagefind.mjs SITE_DIR HTTP_BASE_URL
//
// Corpus: every built page except the utility pages (search, 404, progress, certificate), the
// tag lists and the print handbooks (which repeat their course's lessons). Ground truth for a
// query: the corpus pages whose main content (#main, innerText in Chromium) contains the query
// (every space-separated part, for a multi-part query), compared after normalising both:
// full-width → half-width (NFKC), lower case. zhiyin: every result of its search, run from
// file://. Pagefind: every result of its JS API (pagefind.search, each result's data()), run
// over http. Results outside the corpus are counted, not scored.
import { createRequire } from "node:module";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "..", "tests", "browser", "package.json"));
const { chromium } = require("playwright-core");

const [siteArg, base] = process.argv.slice(2);
if (!siteArg || !base) {
  console.error("usage: node scripts/compare-pagefind.mjs SITE_DIR HTTP_BASE_URL");
  process.exit(2);
}
const site = path.resolve(siteArg);

// [kind, query] for the bundled curriculum (content/).
const QUERIES = [
  ["word", "业委会"],
  ["word", "党支部"],
  ["word", "物业"],
  ["word", "小区"],
  ["word", "居民"],
  ["word", "三驾马车"],
  ["word", "物业管理指导委员会"],
  ["word", "高空抛物"],
  ["word", "民生微实事"],
  ["word", "楼栋长"],
  ["word", "负面清单"],
  ["word", "换届"],
  ["word", "粤海街道"],
  ["word", "蓝漪花园"],
  ["word", "交叉任职"],
  ["word", "人人有责"],
  ["fragment", "支部书"],
  ["fragment", "委会换"],
  ["fragment", "区党支"],
  ["fragment", "理指导"],
  ["fragment", "主心"],
  ["fragment", "力点的"],
  ["fragment", "马车是"],
  ["fragment", "业主大"],
  ["single", "党"],
  ["single", "楼"],
  ["digit/latin", "2020"],
  ["digit/latin", "127"],
  ["digit/latin", "1+1+N"],
  ["digit/latin", "GDP"],
  ["digit/latin", "ＧＤＰ"],
  ["digit/latin", "30%"],
  ["two-part", "党支部 换届"],
  ["two-part", "业委会 物管公司"],
  ["two-part", "居民 议事"],
  ["none", "量子计算"],
];

const EXCLUDE = /^(tags\/|search\.html$|404\.html$|progress\.html$|certificate\.html$)|(^|\/)handbook\.html$/;
function htmlFiles(dir, rel = "") {
  const out = [];
  for (const name of readdirSync(path.join(dir, rel))) {
    const r = rel ? rel + "/" + name : name;
    if (r === "search" || r === "assets" || r === "pagefind") continue;
    if (statSync(path.join(dir, r)).isDirectory()) out.push(...htmlFiles(dir, r));
    else if (name.endsWith(".html")) out.push(r);
  }
  return out;
}
const corpus = htmlFiles(site).filter((f) => !EXCLUDE.test(f)).sort();
const inCorpus = new Set(corpus);
const norm = (s) => s.normalize("NFKC").toLowerCase();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const ctx = await browser.newContext({ locale: "zh-CN" });
const page = await ctx.newPage();
page.on("pageerror", (e) => console.error("page error:", String(e)));

// Ground-truth texts.
const texts = new Map();
for (const f of corpus) {
  await page.goto(pathToFileURL(path.join(site, f)).href);
  texts.set(f, norm(await page.evaluate(() => (document.getElementById("main") || document.body).innerText)));
}

// zhiyin, from file://: every result.
await page.goto(pathToFileURL(path.join(site, "search.html")).href);
async function zhiyin(q) {
  return page.evaluate(
    (q) =>
      new Promise((resolve) => {
        window.ZhiyinSearch.query(q, { limit: 1e9 }, (r) =>
          resolve(r.error ? { error: r.error } : { urls: r.results.map((h) => h.url), total: r.total, complete: r.complete }),
        );
      }),
    q,
  );
}
const zy = [];
for (const [, q] of QUERIES) zy.push(await zhiyin(q));

// Pagefind, over http: every result.
const pf = [];
await page.goto(base.replace(/\/?$/, "/") + "index.html");
await page.evaluate(async () => {
  window.__pagefind = await import("./pagefind/pagefind.js");
  await window.__pagefind.init();
});
for (const [, q] of QUERIES) {
  pf.push(
    await page.evaluate(async (q) => {
      const r = await window.__pagefind.search(q);
      const data = await Promise.all(r.results.map((x) => x.data()));
      return { urls: data.map((d) => d.url) };
    }, q),
  );
}
await browser.close();

const prefix = new URL(base).pathname.replace(/\/?$/, "/");
function relUrl(u) {
  let p = decodeURIComponent(u.split("#")[0].split("?")[0]);
  if (p.startsWith(prefix)) p = p.slice(prefix.length);
  p = p.replace(/^\//, "");
  if (p === "" || p.endsWith("/")) p += "index.html";
  return p;
}

function score(truth, urls) {
  const got = new Set();
  let other = 0;
  for (const u of urls) {
    const p = relUrl(u);
    if (inCorpus.has(p)) got.add(p);
    else other++;
  }
  let hit = 0;
  for (const p of got) if (truth.has(p)) hit++;
  return { hit, got: got.size, other, recall: truth.size ? hit / truth.size : got.size ? 0 : 1, precision: got.size ? hit / got.size : 1 };
}

const pctf = (x) => (x * 100).toFixed(0).padStart(4) + "%";
console.log(`corpus: ${corpus.length} pages`);
console.log(`query                  kind          truth | zhiyin found recall precis. | pagefind found recall precis. other`);
const tot = { truth: 0, zy: { hit: 0, got: 0 }, pf: { hit: 0, got: 0 }, zyRecall: [], pfRecall: [], zyPrec: [], pfPrec: [] };
QUERIES.forEach(([kind, q], i) => {
  const parts = norm(q).split(/\s+/).filter(Boolean);
  const truth = new Set(corpus.filter((f) => parts.every((p) => texts.get(f).includes(p))));
  const a = zy[i].error ? { hit: 0, got: 0, other: 0, recall: 0, precision: 0 } : score(truth, zy[i].urls);
  const b = score(truth, pf[i].urls);
  tot.truth += truth.size;
  tot.zy.hit += a.hit;
  tot.zy.got += a.got;
  tot.pf.hit += b.hit;
  tot.pf.got += b.got;
  tot.zyRecall.push(a.recall);
  tot.pfRecall.push(b.recall);
  tot.zyPrec.push(a.precision);
  tot.pfPrec.push(b.precision);
  const wide = [...q].filter((c) => c.charCodeAt(0) > 0x2e80).length;
  const missed = [...truth].filter((p) => !zy[i].urls?.map(relUrl).includes(p));
  console.log(
    `${q.padEnd(22 - wide)} ${kind.padEnd(12)} ${String(truth.size).padStart(6)} | ${String(a.got).padStart(12)} ${pctf(a.recall)} ${pctf(a.precision)}   | ${String(b.got).padStart(14)} ${pctf(b.recall)} ${pctf(b.precision)} ${String(b.other).padStart(5)}` +
      (missed.length ? `   zhiyin missed: ${missed.join(" ")}` : ""),
  );
});
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(
  `total (${QUERIES.length} queries): ${tot.truth} relevant page matches\n` +
    `  zhiyin:   ${tot.zy.hit}/${tot.truth} found (recall ${pctf(tot.zy.hit / tot.truth)}), precision ${pctf(tot.zy.got ? tot.zy.hit / tot.zy.got : 1)}; mean per query: recall ${pctf(mean(tot.zyRecall))}, precision ${pctf(mean(tot.zyPrec))}\n` +
    `  pagefind: ${tot.pf.hit}/${tot.truth} found (recall ${pctf(tot.pf.hit / tot.truth)}), precision ${pctf(tot.pf.got ? tot.pf.hit / tot.pf.got : 1)}; mean per query: recall ${pctf(mean(tot.pfRecall))}, precision ${pctf(mean(tot.pfPrec))}`,
);
