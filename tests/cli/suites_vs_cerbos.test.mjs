// A policy directory's test suites pass in both engines: `portcullis test` and the real Cerbos's
// `cerbos compile` (which also runs the suites), suite by suite with the same number of checks.
// The directory is the first argument (`node suites_vs_cerbos.test.mjs DIR`) or POLICY_DIR
// (`node --test` takes its arguments as test files); by default the quickstart's policies.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const BIN = process.env.PORTCULLIS_BIN ?? "build/portcullis";
const POLICIES = path.resolve(
  process.argv[2] ?? process.env.POLICY_DIR ?? path.join(ROOT, "examples", "quickstart", "policies"));
const CERBOS = path.join(ROOT, "node_modules", "@cerbos", "cerbos-linux-x64", "cerbos-linux-x64");

// The suite files under `dir` (relative paths), as Cerbos names them: *_test.{yaml,yml,json}.
function suiteFiles(dir) {
  return fs.readdirSync(dir, { recursive: true })
    .filter((file) => /_test\.(yaml|yml|json)$/.test(file))
    .sort();
}

// `portcullis test` output -> {suite file: passed checks}; every suite must pass.
function portcullisCounts(stdout) {
  const counts = {};
  for (const [, file, passed] of stdout.matchAll(/^PASS .* \((.+)\): (\d+) passed, 0 failed, 0 skipped$/gm)) {
    counts[file] = Number(passed);
  }
  return counts;
}

// `cerbos compile --test-output=json` output -> {suite file: checks}; every suite must pass.
function cerbosCounts(stdout) {
  const counts = {};
  for (const suite of JSON.parse(stdout).suites ?? []) {
    assert.equal(suite.summary.overallResult, "RESULT_PASSED", `cerbos: ${suite.file} did not pass`);
    counts[suite.file] = suite.summary.testsCount;
  }
  return counts;
}

const name = path.relative(ROOT, POLICIES);
test(`portcullis test and cerbos compile pass the same suites of ${name}`, () => {
  const files = suiteFiles(POLICIES);
  assert.ok(files.length > 0, `no *_test.yaml suite under ${POLICIES}`);

  const ours = spawnSync(BIN, ["test", "--policies", POLICIES], { encoding: "utf8" });
  assert.equal(ours.status, 0, ours.stdout + ours.stderr);
  const [, suites] = ours.stdout.match(/^(\d+) suites: \d+ passed, 0 failed, 0 skipped, 0 errored$/m);
  assert.equal(Number(suites), files.length);

  const cerbos = spawnSync(CERBOS, ["compile", "--test-output=json", POLICIES], { encoding: "utf8" });
  assert.equal(cerbos.status, 0, cerbos.stdout + cerbos.stderr);
  const expected = cerbosCounts(cerbos.stdout);
  assert.deepEqual(Object.keys(expected).sort(), files);
  assert.deepEqual(portcullisCounts(ours.stdout), expected);
});
