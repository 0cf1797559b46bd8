// End-to-end tests of `portcullis check`, driving the real binary (PORTCULLIS_BIN) on the
// policies and the requests whose Cerbos 0.55.0 answers are recorded in tests/pdp/testdata.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const BIN = process.env.PORTCULLIS_BIN ?? "build/portcullis";
const DATA = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "pdp", "testdata");
const POLICIES = path.join(DATA, "policies");
const CASES = JSON.parse(fs.readFileSync(path.join(DATA, "cases.json"), "utf8"));

function check(args, input) {
  const run = spawnSync(BIN, ["check", ...args], { input, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function tempFile(name, text) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-check-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

for (const recorded of CASES) {
  test(`answers ${recorded.name} as Cerbos did (HTTP ${recorded.status})`, () => {
    const run = check(["--policies", POLICIES], recorded.request);
    assert.equal(run.status, recorded.status === 200 ? 0 : 1, run.stderr);
    const answer = JSON.parse(run.stdout);
    if (recorded.status === 200) {
      assert.match(answer.cerbosCallId, /^[0-9A-HJKMNP-TV-Z]{26}$/);
      delete answer.cerbosCallId;
    }
    // Through JSON text as the recording was (JSON.stringify writes Cerbos's -0 as 0).
    assert.deepEqual(JSON.parse(JSON.stringify(answer)), recorded.response);
  });
}

const VIEW_REQUEST = JSON.stringify({
  includeMeta: true,
  principal: { id: "bob", roles: ["user"] },
  resources: [{ resource: { kind: "document", id: "d1" }, actions: ["view"] }],
});

test("--request reads the request from a file", () => {
  const run = check(["--policies", POLICIES, "--request", tempFile("request.json", VIEW_REQUEST)]);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout).results[0].actions.view, "EFFECT_ALLOW");
});

test("-c reads engine options from the config file and flags override them", () => {
  const config = tempFile("portcullis.yaml", "engine:\n  defaultPolicyVersion: v2\n  lenientScopeSearch: false\n");
  const fromFile = JSON.parse(check(["--policies", POLICIES, "-c", config], VIEW_REQUEST).stdout);
  assert.deepEqual(fromFile.results[0].actions, { view: "EFFECT_DENY" });
  assert.equal(fromFile.results[0].meta.actions.view.matchedPolicy, "NO_MATCH");
  const overridden = JSON.parse(
    check(["--policies", POLICIES, "-c", config, "--default-policy-version", "default"], VIEW_REQUEST).stdout);
  assert.deepEqual(overridden.results[0].actions, { view: "EFFECT_ALLOW" });
});

test("a bad config file is reported on stderr with exit code 2", () => {
  const config = tempFile("portcullis.yaml", "engine:\n  strictEvaluation: maybe\n");
  const run = check(["--policies", POLICIES, "-c", config], VIEW_REQUEST);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /portcullis\.yaml:2: engine\.strictEvaluation: expected true or false/);
});

test("policies that do not compile are reported on stderr with exit code 2", () => {
  const dir = path.dirname(tempFile("bad.yaml", [
    "apiVersion: api.cerbos.dev/v1",
    "resourcePolicy:",
    "  resource: doc",
    "  version: default",
    "  rules:",
    "    - actions: [view]",
    "      effect: EFFECT_ALLOW",
    "      roles: [user]",
    "      condition: {match: {expr: 'R.attr.x +'}}",
    "",
  ].join("\n")));
  const run = check(["--policies", dir], VIEW_REQUEST);
  assert.equal(run.status, 2);
  assert.equal(run.stdout, "");
  assert.match(run.stderr, /bad\.yaml/);
});
