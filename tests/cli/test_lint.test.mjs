// End-to-end tests of `portcullis test` and `portcullis lint`, driving the real binary
// (PORTCULLIS_BIN) on the fixture policy directories of tests/policy/testdata. Where the Cerbos
// 0.55.0 binary is installed (node_modules, by scripts/bootstrap), the same suites also run
// through `cerbos compile` and both must agree on the result of every action.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const BIN = process.env.PORTCULLIS_BIN ?? "build/portcullis";
const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const DATA = path.join(ROOT, "tests", "policy", "testdata");
const PASSING = path.join(DATA, "suites", "passing");
const FAILING = path.join(DATA, "suites", "failing");
const CERBOS = path.join(ROOT, "node_modules", "@cerbos", "cerbos-linux-x64", "cerbos-linux-x64");

function run(args) {
  const result = spawnSync(BIN, args, { encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// "suite/test/principal/resource/action" -> PASS|FAIL|SKIP|ERROR, from `portcullis test -v`.
function portcullisResults(dir) {
  const { stdout } = run(["test", "--policies", dir, "-v"]);
  const results = new Map();
  let suite = null;
  for (const line of stdout.split("\n")) {
    const header = line.match(/^(PASS|FAIL|SKIP|ERROR) (.+) \((.+)\)/);
    if (header) suite = header[2];
    const action = line.match(
      /^ {2}(PASS|FAIL|SKIP|ERROR) test "(.+)": principal (\S+), resource (\S+), action (\S+):/);
    if (action) results.set([suite, action[2], action[3], action[4], action[5]].join("/"), action[1]);
  }
  return results;
}

// The same map from `cerbos compile -o json`.
function cerbosResults(dir) {
  const result = spawnSync(CERBOS, ["compile", "-o", "json", dir], { encoding: "utf8" });
  const label = { RESULT_PASSED: "PASS", RESULT_FAILED: "FAIL", RESULT_SKIPPED: "SKIP", RESULT_ERRORED: "ERROR" };
  const results = new Map();
  for (const suite of JSON.parse(result.stdout).suites) {
    for (const testCase of suite.testCases ?? []) {
      for (const principal of testCase.principals) {
        for (const resource of principal.resources) {
          for (const action of resource.actions) {
            const key = [suite.name, testCase.name, principal.name, resource.name, action.name].join("/");
            results.set(key, label[action.details.result]);
          }
        }
      }
    }
  }
  return { status: result.status, results };
}

test("portcullis test passes a directory whose suites all pass", () => {
  const result = run(["test", "--policies", PASSING]);
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /^PASS DocumentSuite \(tests\/document_test\.yaml\): 16 passed, 0 failed, 1 skipped$/m);
  assert.match(result.stdout, /^PASS ScopedSuite \(tests\/scoped_test\.yaml\): 4 passed, 0 failed, 0 skipped$/m);
  assert.match(result.stdout, /^SKIP SkippedSuite \(tests\/skipped_test\.yaml\): skipped: waiting for the archive policy$/m);
  assert.match(result.stdout, /^3 suites: 20 passed, 0 failed, 1 skipped, 0 errored$/m);
});

test("portcullis test reports each failure with the action and both effects", () => {
  const result = run(["test", "--policies", FAILING]);
  assert.equal(result.status, 1, result.stdout + result.stderr);
  assert.match(result.stdout, /^FAIL ToolSuite \(tests\/tool_test\.yaml\): 2 passed, 3 failed, 0 skipped$/m);
  assert.ok(result.stdout.includes(
    'FAIL test "users call the shell (wrong)": principal ann, resource shell, action call: ' +
    "expected EFFECT_ALLOW, got EFFECT_DENY"), result.stdout);
  // Unlisted actions are expected to be denied.
  assert.ok(result.stdout.includes(
    'FAIL test "admins are not listed (expected DENY)": principal root, resource shell, ' +
    "action configure: expected EFFECT_DENY, got EFFECT_ALLOW"), result.stdout);
  assert.ok(result.stdout.includes(
    'output resource.tool.vdefault#read-only: expected {"mode":"write","tool":"search"}, ' +
    'got {"mode":"read","tool":"search"}'), result.stdout);
  assert.match(result.stdout, /^1 suites: 2 passed, 3 failed, 0 skipped, 0 errored$/m);
});

test("portcullis test --filter runs only the matching tests", () => {
  const result = run(["test", "--policies", FAILING, "--filter", "test=users call read*"]);
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /^PASS ToolSuite \(tests\/tool_test\.yaml\): 1 passed, 0 failed, 0 skipped$/m);
  assert.equal(run(["test", "--policies", FAILING, "--filter", "colour=red"]).status, 2);
});

test("portcullis test exits 2 with every error when the policies do not compile", () => {
  const result = run(["test", "--policies", path.join(DATA, "many_errors")]);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /^broken\.yaml:5:1: /m);
  assert.match(result.stderr, /^tools\/tool\.json:10:18: /m);
});

test("portcullis test reports a suite that does not load as errored", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-test-"));
  fs.copyFileSync(path.join(FAILING, "resource_tool.yaml"), path.join(dir, "resource_tool.yaml"));
  fs.writeFileSync(path.join(dir, "bad_test.yaml"), [
    "name: Bad",
    "principals:",
    "  ann: {id: ann, roles: [user]}",
    "tests:",
    "  - name: t",
    "    input: {principals: [ann], resources: [nowhere], actions: [call]}",
    "    expected:",
    "      - {principal: ann, resource: nowhere, actions: {call: EFFECT_DENY}}",
    "",
  ].join("\n"));
  const result = run(["test", "--policies", dir]);
  assert.equal(result.status, 1);
  assert.match(result.stdout, /^ERROR Bad \(bad_test\.yaml\): the suite does not load$/m);
  assert.match(result.stdout, /^bad_test\.yaml:6:44: resource "nowhere" not found$/m);
});

test("portcullis lint prints every error of a broken directory", () => {
  const result = run(["lint", "--policies", path.join(DATA, "many_errors")]);
  assert.equal(result.status, 1);
  const expected = [
    "broken.yaml:5:1:", "models/model.yaml:7:15:", "models/model.yaml:9:7:", "models/model.yaml:11:7:",
    "principal.yaml:4:12:", "principal.yaml:5:10:", "principal.yaml:12:11:", "tools/_schemas:",
    "tools/tool.json:7:19:", "tools/tool.json:10:18:",
  ];
  const lines = result.stderr.trim().split("\n");
  assert.equal(lines.length, expected.length + 1, result.stderr);
  for (const [i, prefix] of expected.entries()) assert.ok(lines[i].startsWith(prefix), `${lines[i]} / ${prefix}`);
  assert.match(lines.at(-1), /^10 error\(s\) in /);
});

test("portcullis lint accepts a valid directory", () => {
  const result = run(["lint", "--policies", PASSING]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^OK: 3 policies compiled/);
});

for (const [name, dir, cerbosStatus] of [["passing", PASSING, 0], ["failing", FAILING, 4]]) {
  test(`portcullis test and cerbos compile agree on every action (${name})`, { skip: !fs.existsSync(CERBOS) }, () => {
    const cerbos = cerbosResults(dir);
    assert.equal(cerbos.status, cerbosStatus);
    const ours = portcullisResults(dir);
    assert.ok(ours.size > 0);
    assert.deepEqual(Object.fromEntries([...ours].sort()), Object.fromEntries([...cerbos.results].sort()));
  });
}
