// Every page of the bundled site is valid HTML: zero errors from the Nu Html Checker
// (npm package vnu-jar; needs Java, which the CI machine has).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { SITE } from "./harness.mjs";

const require = createRequire(import.meta.url);

test("the Nu Html Checker reports no error on any page", () => {
  const jar = require("vnu-jar");
  let out = "";
  try {
    execFileSync("java", ["-jar", jar, "--skip-non-html", "--errors-only", "--format", "gnu", SITE], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    out = String(e.stderr || "") + String(e.stdout || "");
  }
  const errors = out.split("\n").filter((l) => l.includes(": error:"));
  assert.deepEqual(errors, [], `${errors.length} HTML errors`);
  assert.equal(out, "", "the checker failed to run"); // a non-zero exit without error lines
});
