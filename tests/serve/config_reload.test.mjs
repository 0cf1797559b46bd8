// Hot reload of the gateway's config file: a valid change is served without a restart (a new API
// key authenticates, a removed model is gone); a broken file is reported with its location and
// the last good config keeps serving.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";

import { KEYS, startGateway } from "./gateway_process.mjs";

const NEW_KEY = "pk-test-auditor-0004";
const sha256 = (text) => crypto.createHash("sha256").update(text).digest("hex");

// Polls `probe` until it returns true (the watcher debounces; a reload takes a moment).
async function eventually(probe, what) {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (await probe()) return;
    await sleep(100);
  }
  assert.fail(`not observed: ${what}`);
}

describe("portcullis serve: config hot reload", () => {
  let gateway;
  const chat = (key, model) => fetch(`${gateway.baseUrl}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });
  before(async () => { gateway = await startGateway(); });
  after(async () => { assert.equal(await gateway.stop(), 0); });

  test("a key added to the file authenticates once the file is saved", async () => {
    assert.equal((await chat(NEW_KEY, "gpt-4o-mini")).status, 401);
    const text = fs.readFileSync(gateway.config, "utf8");
    fs.writeFileSync(gateway.config, text.replace("  api_keys:\n",
      `  api_keys:\n    - sha256: ${sha256(NEW_KEY)}\n      id: auditor-agent\n      roles: [support]\n`));
    await eventually(async () => (await chat(NEW_KEY, "gpt-4o-mini")).status === 200, "the new key works");
    assert.match(gateway.stderr(), /reloaded .*portcullis\.yaml/);
  });

  test("a broken file is reported and the last good config keeps serving", async () => {
    const good = fs.readFileSync(gateway.config, "utf8");
    fs.writeFileSync(gateway.config, good.replace("listen:\n", "listen:\n  no_such_key: 1\n"));
    await eventually(() => /still serving the last good config/.test(gateway.stderr()), "the failure reported");
    assert.match(gateway.stderr(), /portcullis\.yaml:\d+:\d+: .*no_such_key/);
    assert.equal((await chat(NEW_KEY, "gpt-4o-mini")).status, 200);
    assert.equal((await chat(KEYS.support, "gpt-4o-mini")).status, 200);
    fs.writeFileSync(gateway.config, good);
  });

  test("a model removed from the file is no longer served", async () => {
    const text = fs.readFileSync(gateway.config, "utf8");
    assert.equal((await chat(KEYS.support, "gpt-4o")).status, 200);
    fs.writeFileSync(gateway.config,
      text.replace(/    - name: gpt-4o\n      provider: \S+\s+(# provider: openai\n)?      attr: \{tier: standard\}\n/, ""));
    assert.notEqual(fs.readFileSync(gateway.config, "utf8"), text);
    await eventually(async () => (await chat(KEYS.support, "gpt-4o")).status === 404, "gpt-4o gone");
    assert.equal((await chat(KEYS.support, "gpt-4o-mini")).status, 200);
  });
});
