// End-to-end tests of `portcullis pdp`: the real binary (PORTCULLIS_BIN) serving the policies of
// tests/pdp/testdata on a free loopback port, driven by the official Cerbos JS client
// (@cerbos/http) and by plain fetch for what Cerbos 0.55.0 answered in tests/pdp/testdata.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { HTTP } from "@cerbos/http";
import { NotOK, Status } from "@cerbos/core";

const BIN = process.env.PORTCULLIS_BIN ?? "build/portcullis";
const DATA = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "pdp", "testdata");
const POLICIES = path.join(DATA, "policies");
const CASES = JSON.parse(fs.readFileSync(path.join(DATA, "cases.json"), "utf8"));

// Starts `portcullis pdp` (by default on port 0); `started` resolves to its base URL once its
// startup line names the bound port.
function startPdp({ policies = POLICIES, http = "127.0.0.1:0", args = [] } = {}) {
  const child = spawn(BIN, ["pdp", "--policies", policies, "--http", http, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const started = new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      const match = stderr.match(/http:\/\/127\.0\.0\.1:(\d+)/);
      if (match) resolve(`http://127.0.0.1:${match[1]}`);
    });
    exited.then(({ code }) => reject(new Error(`pdp exited with ${code}: ${stderr}`)));
  });
  return { child, exited, started };
}

let pdp;
let baseUrl;

before(async () => {
  pdp = startPdp({ args: ["--threads", "2"] });
  baseUrl = await pdp.started;
});

after(() => {
  if (pdp.child.exitCode === null) pdp.child.kill("SIGKILL");
});

test("GET /_cerbos/health answers as Cerbos", async () => {
  const response = await fetch(`${baseUrl}/_cerbos/health`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.equal(await response.text(), '{"status":"SERVING"}\n');
  const unknown = await fetch(`${baseUrl}/_cerbos/health?service=nope`);
  assert.equal(unknown.status, 404);
  assert.deepEqual(await unknown.json(), { code: 5, message: "unknown service" });
});

test("the Cerbos client checks resources: decisions, metadata and outputs", async () => {
  const cerbos = new HTTP(baseUrl);
  const response = await cerbos.checkResources({
    requestId: "req-1",
    includeMetadata: true,
    principal: { id: "alice", roles: ["user"], attr: {} },
    resources: [
      { resource: { kind: "document", id: "d1", attr: { owner: "alice", locked: true } },
        actions: ["view", "edit", "delete", "archive"] },
      { resource: { kind: "document", id: "d2", attr: { owner: "bob" } }, actions: ["edit"] },
    ],
  });
  assert.equal(response.requestId, "req-1");
  assert.match(response.cerbosCallId, /^[0-9A-HJKMNP-TV-Z]{26}$/);
  const [d1, d2] = response.results;
  assert.deepEqual(d1.allowedActions().sort(), ["edit", "view"]);
  assert.equal(d1.isAllowed("delete"), false);
  assert.equal(d1.isAllowed("archive"), false);
  assert.equal(d2.isAllowed("edit"), false);
  assert.equal(response.isAllowed({ resource: { kind: "document", id: "d1" }, action: "edit" }), true);
  assert.deepEqual(d1.metadata.actions.view, {
    matchedPolicy: "resource.document.vdefault", matchedScope: "" });
  assert.equal(d1.output("resource.document.vdefault#rule-003"), "locked");
  assert.deepEqual(d1.output("resource.document.vdefault#rule-002"), {
    b: "aGk=", dur: "90s", f: 1.5, list: [1, "a", true], n: 1, nul: null,
    ts: "2024-01-02T03:04:05Z", u: 3, who: "alice" });
  // The owner derived role is not active for d2: the rule (and its outputs) do not apply.
  assert.deepEqual(d2.outputs, []);
});

test("the Cerbos client's isAllowed", async () => {
  const cerbos = new HTTP(baseUrl);
  const principal = { id: "bob", roles: ["user"] };
  assert.equal(await cerbos.isAllowed({
    principal, resource: { kind: "document", id: "d1" }, action: "view" }), true);
  assert.equal(await cerbos.isAllowed({
    principal, resource: { kind: "document", id: "d1", attr: { locked: true } }, action: "delete" }), false);
});

test("the Cerbos client gets an invalid request as Cerbos's NotOK error", async () => {
  const cerbos = new HTTP(baseUrl);
  await assert.rejects(
    cerbos.checkResources({ principal: { id: "bob", roles: [] }, resources: [] }),
    (error) => {
      assert.ok(error instanceof NotOK);
      assert.equal(error.code, Status.INVALID_ARGUMENT);
      assert.match(error.details, /validation errors/);
      return true;
    });
});

for (const recorded of CASES) {
  test(`POST /api/check/resources answers ${recorded.name} as Cerbos did (HTTP ${recorded.status})`,
    async () => {
      const response = await fetch(`${baseUrl}/api/check/resources`, {
        method: "POST", body: recorded.request, headers: { "Content-Type": "application/json" } });
      assert.equal(response.status, recorded.status);
      assert.equal(response.headers.get("content-type"), "application/json");
      // Through JSON text as the recording was (JSON.stringify writes Cerbos's -0 as 0).
      const answer = JSON.parse(JSON.stringify(await response.json()));
      if (recorded.status === 200) {
        assert.match(answer.cerbosCallId, /^[0-9A-HJKMNP-TV-Z]{26}$/);
        delete answer.cerbosCallId;
      }
      assert.deepEqual(answer, recorded.response);
    });
}

test("other methods and paths are answered as Cerbos answers them", async () => {
  const wrongMethod = await fetch(`${baseUrl}/api/check/resources`);
  assert.equal(wrongMethod.status, 501);
  assert.deepEqual(await wrongMethod.json(), { code: 12, message: "Method Not Allowed" });
  const unknown = await fetch(`${baseUrl}/api/nothing`, { method: "POST", body: "{}" });
  assert.equal(unknown.status, 404);
  assert.equal(await unknown.text(), "404 page not found\n");
});

test("a body over the limit gets 413 in Cerbos's error shape", async () => {
  const response = await fetch(`${baseUrl}/api/check/resources`, {
    method: "POST", body: " ".repeat(4 * 1024 * 1024 + 1) });
  assert.equal(response.status, 413);
  assert.deepEqual(await response.json(), { code: 8, message: "Payload Too Large" });
});

test("unusable policies or listen addresses exit with 2", async () => {
  for (const options of [
    { policies: path.join(DATA, "no-such-directory") },
    { http: "nowhere" },
    { http: `127.0.0.1:${new URL(baseUrl).port}` },  // in use
  ]) {
    const failed = startPdp(options);
    await assert.rejects(failed.started);
    assert.equal((await failed.exited).code, 2, JSON.stringify(options));
  }
});

test("SIGTERM stops the server, which exits 0", async () => {
  const own = startPdp();
  const url = await own.started;
  assert.equal((await fetch(`${url}/_cerbos/health`)).status, 200);
  own.child.kill("SIGTERM");
  assert.deepEqual(await own.exited, { code: 0, signal: null });
  await assert.rejects(fetch(`${url}/_cerbos/health`));
});
