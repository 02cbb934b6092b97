// Every script the build ships (minified built-in theme files, generated data) must still
// parse: a minifier bug would otherwise ship a broken page silently.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";

const site = process.env.ZHIYIN_SITE;

test("every shipped script parses", { skip: !site && "ZHIYIN_SITE not set (scripts/test.sh sets it)" }, () => {
  const dirs = [path.join(site, "assets"), path.join(site, "search"), site];
  let checked = 0;
  for (const dir of dirs) {
    let names = [];
    try { names = readdirSync(dir); } catch { continue; }
    for (const name of names.filter((n) => n.endsWith(".js"))) {
      const file = path.join(dir, name);
      const code = readFileSync(file, "utf8");
      assert.doesNotThrow(() => new vm.Script(code, { filename: file }), `${file} does not parse`);
      checked++;
    }
  }
  assert.ok(checked >= 6, `only ${checked} scripts found`);
});
