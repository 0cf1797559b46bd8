// End-to-end tests of `portcullis pdp` hot reload: the real binary (PORTCULLIS_BIN) serving a
// policy directory of the test's own, driven by the official Cerbos JS client (@cerbos/http)
// while the test rewrites, breaks and repairs the policies.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { HTTP } from "@cerbos/http";
import { eventually, killAll, startPdp as start } from "./pdp_process.mjs";

after(killAll);

function documentPolicy(effect) {
  return [
    "apiVersion: api.cerbos.dev/v1",
    "resourcePolicy:",
    "  resource: document",
    "  version: default",
    "  rules:",
    "    - actions: [view]",
    `      effect: ${effect}`,
    "      roles: [user]",
    "",
  ].join("\n");
}

function policyDirectory(effect = "EFFECT_ALLOW") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-reload-"));
  fs.writeFileSync(path.join(dir, "doc.yaml"), documentPolicy(effect));
  return dir;
}

// Writes through a temporary file and a rename, as editors and deployment tools do.
function replaceFile(file, text) {
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
}

// A pdp for `policies` with a Cerbos client for it.
async function startPdp(policies, args = []) {
  const pdp = await start(policies, args);
  return { ...pdp, cerbos: new HTTP(pdp.baseUrl) };
}

async function policyStatus(baseUrl) {
  const response = await fetch(`${baseUrl}/_portcullis/policies`);
  assert.equal(response.status, 200);
  return response.json();
}

const alice = { id: "alice", roles: ["user"] };
const viewDocument = { principal: alice, resource: { kind: "document", id: "d1" }, action: "view" };

test("a valid change is served once reloaded, and the status says so", async () => {
  const dir = policyDirectory("EFFECT_ALLOW");
  const pdp = await startPdp(dir);
  assert.match(pdp.stderr(), /reloaded when it changes/);
  assert.equal(await pdp.cerbos.isAllowed(viewDocument), true);
  const before = await policyStatus(pdp.baseUrl);
  assert.equal(before.generation, 1);
  assert.equal(before.lastError, null);
  assert.deepEqual(before.policies, { resource: 1, principal: 0, role: 0 });
  assert.ok(!Number.isNaN(Date.parse(before.loadedAt)));

  replaceFile(path.join(dir, "doc.yaml"), documentPolicy("EFFECT_DENY"));
  await eventually("the decision to flip", async () => !(await pdp.cerbos.isAllowed(viewDocument)));
  const status = await policyStatus(pdp.baseUrl);
  assert.equal(status.generation, 2);
  assert.ok(Date.parse(status.loadedAt) >= Date.parse(before.loadedAt));
  await eventually("the log line", async () => /reloaded .* \(generation 2\)/.test(pdp.stderr()));

  // A policy in a new subdirectory is found too.
  fs.mkdirSync(path.join(dir, "more", "nested"), { recursive: true });
  fs.writeFileSync(path.join(dir, "more", "nested", "tool.yaml"),
    documentPolicy("EFFECT_ALLOW").replace("resource: document", "resource: tool"));
  await eventually("the new policy", async () => pdp.cerbos.isAllowed({
    principal: alice, resource: { kind: "tool", id: "t1" }, action: "view" }));
  assert.equal(await pdp.stop(), 0);
});

test("an invalid change keeps the last good policies serving and reports why", async () => {
  const dir = policyDirectory("EFFECT_ALLOW");
  const pdp = await startPdp(dir);
  fs.writeFileSync(path.join(dir, "doc.yaml"), `${documentPolicy("EFFECT_DENY")}  colour: blue\n`);
  const status = await eventually("the reload error", async () => {
    const current = await policyStatus(pdp.baseUrl);
    return current.lastError && current;
  });
  assert.equal(status.generation, 1);
  assert.ok(!Number.isNaN(Date.parse(status.lastError.failedAt)));
  assert.equal(status.lastError.errors.length, 1);
  assert.match(status.lastError.errors[0], /^doc\.yaml:9:3: .*colour/);
  // The log names the file and line too.
  await eventually("the log line", async () => /failed, still serving[^]*doc\.yaml:9:3/.test(pdp.stderr()));

  // Still the previous decisions, and still healthy.
  assert.equal(await pdp.cerbos.isAllowed(viewDocument), true);
  assert.deepEqual(await pdp.cerbos.checkHealth(), { status: "SERVING" });

  // Repaired: served, and the error is gone.
  replaceFile(path.join(dir, "doc.yaml"), documentPolicy("EFFECT_DENY"));
  await eventually("the repaired policy", async () => !(await pdp.cerbos.isAllowed(viewDocument)));
  const repaired = await policyStatus(pdp.baseUrl);
  assert.equal(repaired.generation, 2);
  assert.equal(repaired.lastError, null);
  assert.equal(await pdp.stop(), 0);
});

test("no request fails while the policies are reloaded again and again", async () => {
  const dir = policyDirectory("EFFECT_ALLOW");
  const pdp = await startPdp(dir, ["--threads", "2"]);
  let running = true;
  let answered = 0;
  const failures = [];
  // Four clients, each with its own keep-alive connection, checking back to back.
  const clients = Array.from({ length: 4 }, async () => {
    const cerbos = new HTTP(pdp.baseUrl);
    while (running) {
      try {
        const result = await cerbos.checkResource({
          principal: alice, resource: { kind: "document", id: "d1" }, actions: ["view"] });
        assert.ok(["EFFECT_ALLOW", "EFFECT_DENY"].includes(result.actions.view));
        answered++;
      } catch (error) {
        failures.push(error);
      }
    }
  });
  for (let generation = 2; generation <= 7; generation++) {
    const effect = generation % 2 === 0 ? "EFFECT_DENY" : "EFFECT_ALLOW";
    replaceFile(path.join(dir, "doc.yaml"), documentPolicy(effect));
    await eventually(`generation ${generation}`,
      async () => (await policyStatus(pdp.baseUrl)).generation === generation);
    // Every client sees the new decision.
    await eventually("the new decision",
      async () => (await pdp.cerbos.isAllowed(viewDocument)) === (effect === "EFFECT_ALLOW"));
  }
  running = false;
  await Promise.all(clients);
  assert.deepEqual(failures, []);
  assert.ok(answered > 0);
  assert.equal(await pdp.stop(), 0);
});

test("watching can be turned off with the config file or --no-watch", async () => {
  const dir = policyDirectory("EFFECT_ALLOW");
  const config = path.join(dir, ".portcullis.yaml");  // hidden: not a policy file
  fs.writeFileSync(config, "storage:\n  driver: disk\n  disk:\n    watchForChanges: false\n");
  for (const args of [["-c", config], ["--no-watch"], ["-c", config, "--watch", "--no-watch"]]) {
    const pdp = await startPdp(dir, args);
    assert.doesNotMatch(pdp.stderr(), /reloaded when it changes/);
    assert.equal(await pdp.stop(), 0);
  }
  // The flag overrides the file.
  const watching = await startPdp(dir, ["-c", config, "--watch"]);
  assert.match(watching.stderr(), /reloaded when it changes/);
  replaceFile(path.join(dir, "doc.yaml"), documentPolicy("EFFECT_DENY"));
  await eventually("the decision to flip",
    async () => !(await watching.cerbos.isAllowed(viewDocument)));
  assert.equal(await watching.stop(), 0);
});
