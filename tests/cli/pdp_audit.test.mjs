// End-to-end tests of the decision log of `portcullis pdp`: the real binary (PORTCULLIS_BIN) and
// the real Cerbos 0.55.0 (npm, pinned) serve the same policies with the same `audit:` settings,
// the official Cerbos JS client (@cerbos/http) sends both the same checks, and the lines
// Portcullis writes must be the ones Cerbos writes, but for call ids, times and client ports.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { HTTP } from "@cerbos/http";
import { startCerbos } from "../differential/cerbos_server.mjs";
import { eventually, failingPdp, killAll, startPdp as start } from "./pdp_process.mjs";

const POLICIES = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "pdp", "testdata",
  "policies");

after(killAll);

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-audit-"));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

function auditSection(file, extra = []) {
  return [
    "audit:",
    "  enabled: true",
    "  accessLogsEnabled: false",
    "  decisionLogsEnabled: true",
    "  backend: file",
    "  file:",
    `    path: ${JSON.stringify(file)}`,
    ...extra,
    "",
  ].join("\n");
}

// A pdp for the test policies with the config text `config` (and no watching).
let configs = 0;
function startPdp(config) {
  const configFile = path.join(scratch, `portcullis-${configs++}.yaml`);
  fs.writeFileSync(configFile, config);
  return start(POLICIES, ["-c", configFile, "--no-watch"]);
}

function readLines(file) {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, "utf8").split("\n").filter((line) => line !== "")
    .map((line) => JSON.parse(line));
}

// Checks with every kind of answer: derived roles and outputs, an output that fails, a principal
// policy's DENY, scoped policies, no policy at all, attributes on both sides.
const CHECKS = [
  { requestId: "owner-edits", principal: { id: "alice", roles: ["user"], attr: { tier: 2 } },
    resources: [
      { resource: { kind: "document", id: "d1", attr: { owner: "alice", locked: true } },
        actions: ["view", "edit", "delete"] },
      { resource: { kind: "nothing", id: "n1" }, actions: ["a"] },
    ] },
  { requestId: "principal-policy", principal: { id: "alice", roles: ["user"] },
    resources: [{ resource: { kind: "tool", id: "t1" }, actions: ["secret", "call"] }] },
  { requestId: "scoped", principal: { id: "bob", roles: ["admin", "user"] },
    resources: [{ resource: { kind: "document", id: "d2", scope: "acme", attr: { owner: "bob" } },
      actions: ["archive", "view", "zzz"] }] },
  { requestId: "no-rule", principal: { id: "bob", roles: ["user"] },
    resources: [{ resource: { kind: "document", id: "d3", attr: { owner: "carol" } },
      actions: ["zzz"] }] },
];

// An entry without what differs between two servers answering the same call: the call id, the
// time, the client's port.
function comparable(entry) {
  const copy = structuredClone(entry);
  delete copy.callId;
  delete copy.timestamp;
  delete copy.peer.address;
  return copy;
}

test("the decision log has Cerbos's entries for the same calls, and the answers' call ids",
  async () => {
    const cerbosLog = path.join(scratch, "cerbos-decisions.log");
    const portcullisLog = path.join(scratch, "portcullis-decisions.log");
    const extra = ["  includeMetadataKeys: [x-tenant]"];
    const cerbos = await startCerbos(POLICIES, auditSection(cerbosLog, extra));
    const pdp = await startPdp(
      "storage:\n  driver: disk\n  disk:\n    watchForChanges: false\n" +
      auditSection(portcullisLog, extra));
    const options = { headers: { "x-tenant": "acme", "x-other": "not logged" } };
    const callIds = new Map();  // requestId → Portcullis's cerbosCallId
    try {
      for (const check of CHECKS) {
        await new HTTP(cerbos.baseUrl, options).checkResources(check);
        const answer = await new HTTP(pdp.baseUrl, options).checkResources(check);
        callIds.set(check.requestId, answer.cerbosCallId);
      }
      await eventually("Cerbos's decision log", () => readLines(cerbosLog).length === CHECKS.length);
    } finally {
      await cerbos.stop();
    }
    assert.equal(await pdp.stop(), 0);  // every answered decision is written by then

    const expected = new Map(readLines(cerbosLog).map((e) => [e.checkResources.inputs[0].requestId, e]));
    const actual = readLines(portcullisLog);
    assert.equal(actual.length, CHECKS.length);
    for (const [index, entry] of actual.entries()) {
      const requestId = CHECKS[index].requestId;
      assert.equal(entry.callId, callIds.get(requestId), requestId);
      assert.match(entry.peer.address, /^127\.0\.0\.1:\d+$/);
      assert.ok(!Number.isNaN(Date.parse(entry.timestamp)));
      const mine = comparable(entry);
      assert.deepEqual(mine, comparable(expected.get(requestId)), requestId);
    }
  });

test("every concurrent call is logged once, with the call id it was answered with", async () => {
  const file = path.join(scratch, "concurrent.log");
  const pdp = await startPdp(auditSection(file));
  const cerbos = new HTTP(pdp.baseUrl);
  const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => cerbos.checkResources({
    requestId: `r${i}`, principal: { id: "alice", roles: ["user"] },
    resources: [{ resource: { kind: "document", id: `d${i}` }, actions: ["view"] }] })));
  assert.equal(await pdp.stop(), 0);
  const lines = readLines(file);
  assert.equal(lines.length, 200);
  const logged = new Map(lines.map((line) => [line.callId, line.checkResources.inputs[0].requestId]));
  assert.equal(logged.size, 200);
  for (const answer of answers) assert.equal(logged.get(answer.cerbosCallId), answer.requestId);
});

test("secrets stay out of the decision log; the filters apply", async () => {
  const file = path.join(scratch, "secrets.log");
  const pdp = await startPdp(auditSection(file, [
    "  excludeMetadataKeys: [x-api-key]",
    "  decisionLogFilters:",
    "    checkResources:",
    "      ignoreAllowAll: true",
  ]));
  const cerbos = new HTTP(pdp.baseUrl, { headers: {
    authorization: "Bearer SECRET-BEARER", "x-api-key": "SECRET-KEY", "x-tenant": "acme" } });
  const principal = { id: "bob", roles: ["user"] };
  // Only allowed: left out by ignoreAllowAll.
  const allowed = await cerbos.checkResources({ principal,
    resources: [{ resource: { kind: "document", id: "d1" }, actions: ["view"] }] });
  const denied = await cerbos.checkResources({ principal,
    resources: [{ resource: { kind: "document", id: "d1" }, actions: ["view", "delete"] }] });
  // A JWT in auxData: refused (no key set is configured), so no decision, and never logged.
  await assert.rejects(cerbos.checkResources({ principal, auxData: { jwt: { token: "SECRET.JWT.TOKEN" } },
    resources: [{ resource: { kind: "document", id: "d1" }, actions: ["delete"] }] }));
  assert.equal(await pdp.stop(), 0);

  const text = fs.readFileSync(file, "utf8");
  assert.doesNotMatch(text, /SECRET/);
  const lines = readLines(file);
  assert.deepEqual(lines.map((line) => line.callId), [denied.cerbosCallId]);
  assert.notEqual(allowed.cerbosCallId, denied.cerbosCallId);
  const metadata = lines[0].metadata;
  assert.deepEqual(metadata["x-tenant"], { values: ["acme"] });
  assert.equal(metadata.authorization, undefined);
  assert.equal(metadata["x-api-key"], undefined);
  assert.match(metadata["user-agent"].values[0], /cerbos-sdk-javascript/);
});

test("an audit section the decision log cannot use stops the start with the reason", async () => {
  for (const [config, reason] of [
    [auditSection(path.join(scratch, "missing-dir", "x.log")), /missing-dir\/x\.log: No such file/],
    ["audit:\n  enabled: true\n  decisionLogsEnabled: true\n  backend: kafka\n", /audit\.backend: "kafka" is not supported/],
    ["audit:\n  enabled: true\n  decisionLogsEnabled: true\n  backend: file\n", /audit\.file\.path/],
    ["audit:\n  enabled: yes please\n", /audit\.enabled: expected true or false/],
    ["audit:\n  colour: blue\n", /audit: unknown field "colour"/],
  ]) {
    const configFile = path.join(scratch, "bad.yaml");
    fs.writeFileSync(configFile, config);
    const { code, stderr } = await failingPdp(
      ["--policies", POLICIES, "--http", "127.0.0.1:0", "-c", configFile]);
    assert.equal(code, 2, stderr);
    assert.match(stderr, reason);
  }
});
