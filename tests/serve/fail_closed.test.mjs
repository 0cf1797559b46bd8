// Fail closed, end to end: `portcullis serve` whose policy directory does not load serves anyway
// and denies every hop — no MCP server is reached, no tool call and no model call goes upstream —
// with denials that say no decision could be made. /readyz says why it is not ready.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import OpenAI from "openai";

import { KEYS, startGateway } from "./gateway_process.mjs";

const DECISION_UNAVAILABLE = -32004;

describe("portcullis serve: a policy set that does not load", () => {
  let gateway;
  let policies;
  before(async () => {
    policies = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-broken-policies-"));
    fs.writeFileSync(path.join(policies, "broken.yaml"),
      'apiVersion: api.cerbos.dev/v1\nresourcePolicy:\n  resource: model\n  version: default\n' +
      '  rules:\n    - actions: ["invoke"]\n      effect: EFFECT_ALLOW\n      roles: ["*"]\n' +
      '      condition: {match: {expr: "R.attr.tier ==="}}\n');
    gateway = await startGateway({
      edit: (text) => text.replace(/directory: \S+/, `directory: ${policies}`),
    });
  });
  after(async () => {
    assert.equal(await gateway.stop(), 0);
    fs.rmSync(policies, { recursive: true, force: true });
  });

  test("the gateway says why it is not ready", async () => {
    const response = await fetch(`${gateway.baseUrl}/readyz`);
    assert.equal(response.status, 503);
    assert.match((await response.json()).reason, /no policy set/);
    assert.match(gateway.stderr(), /broken\.yaml/);
  });

  test("MCP: no server is reached and a tool call is denied as undecidable", async () => {
    const client = new Client({ name: "fail-closed-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gateway.baseUrl}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${KEYS.manager}` } },
    }));
    assert.deepEqual((await client.listTools()).tools, []);
    await assert.rejects(
      client.callTool({ name: "payments__get_balance", arguments: { currency: "USD" } }),
      (error) => {
        assert.ok(error instanceof McpError, String(error));
        assert.equal(error.code, DECISION_UNAVAILABLE);
        assert.equal(error.data.failClosed, true);
        return true;
      });
    // No server was initialized: the gateway opened no upstream session anywhere.
    assert.deepEqual(gateway.upstreams.sessions(), { tickets: 0, crm: 0, payments: 0, payroll: 0 });
    await client.close();
  });

  test("LLM: the model call is denied and never forwarded", async () => {
    const before = gateway.standin.requests.length;
    const openai = new OpenAI({ apiKey: KEYS.manager, baseURL: `${gateway.baseUrl}/v1`, maxRetries: 0 });
    await assert.rejects(
      openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }),
      (error) => {
        assert.ok(error instanceof OpenAI.PermissionDeniedError, String(error));
        assert.equal(error.error.fail_closed, true);
        return true;
      });
    assert.equal(gateway.standin.requests.length, before);
  });
});
