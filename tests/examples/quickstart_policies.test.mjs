// The quickstart's policies and their test suites pass in both engines: `portcullis test` and the
// real Cerbos's `cerbos compile` (which also runs the suites), with the same number of checks.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const BIN = process.env.PORTCULLIS_BIN ?? "build/portcullis";
const POLICIES = path.join(ROOT, "examples", "quickstart", "policies");
const CERBOS = path.join(ROOT, "node_modules", "@cerbos", "cerbos-linux-x64", "cerbos-linux-x64");

test("portcullis test and cerbos compile pass the same quickstart suites", { skip: !fs.existsSync(CERBOS) }, () => {
  const ours = spawnSync(BIN, ["test", "--policies", POLICIES], { encoding: "utf8" });
  assert.equal(ours.status, 0, ours.stdout + ours.stderr);
  const [, suites, passed] = ours.stdout.match(/^(\d+) suites: (\d+) passed, 0 failed, 0 skipped, 0 errored$/m);
  assert.equal(Number(suites), 3);

  const cerbos = spawnSync(CERBOS, ["compile", POLICIES], { encoding: "utf8" });
  assert.equal(cerbos.status, 0, cerbos.stdout + cerbos.stderr);
  const [, executed, ok] = cerbos.stdout.match(/^(\d+) tests executed \[(\d+) OK\]$/m);
  assert.equal(executed, passed);
  assert.equal(ok, passed);
});
