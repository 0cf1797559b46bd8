// The MCP hop of `portcullis serve`, end to end: the official MCP TypeScript SDK's Client as the
// agent, the quickstart's demo servers (official SDK too) as upstreams, the quickstart policies.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CallToolResultSchema, CreateMessageRequestSchema, McpError } from "@modelcontextprotocol/sdk/types.js";

import { KEYS, startGateway } from "./gateway_process.mjs";

const POLICY_DENIED = -32003; // the gateway's JSON-RPC error code for a policy denial (-32004: fail-closed)

function transport(gateway, key, sessionId) {
  return new StreamableHTTPClientTransport(new URL(`${gateway.baseUrl}/mcp`), {
    requestInit: { headers: key ? { authorization: `Bearer ${key}` } : {} },
    sessionId,
  });
}

async function connect(gateway, key) {
  const client = new Client({ name: "gateway-test", version: "1.0.0" });
  await client.connect(transport(gateway, key));
  return client;
}

const names = async (client) => (await client.listTools()).tools.map((tool) => tool.name).sort();
const structured = (result) => result.structuredContent ?? JSON.parse(result.content[0].text);

describe("portcullis serve: MCP", () => {
  let gateway;
  const clients = [];
  const open = async (key) => {
    const client = await connect(gateway, key);
    clients.push(client);
    return client;
  };
  before(async () => { gateway = await startGateway(); });
  after(async () => {
    await Promise.allSettled(clients.map((client) => client.close()));
    assert.equal(await gateway.stop(), 0);
  });

  test("tools/list shows each agent only what it could call, prefixed by server", async () => {
    assert.deepEqual(await names(await open(KEYS.support)), [
      "crm__lookup_customer",
      "payments__create_refund", // listed: refunds up to 100 are allowed
      "payments__get_balance",
      "tickets__get_ticket", "tickets__search_tickets", "tickets__summarize_ticket",
      "tickets__update_ticket",
    ]);
    const triage = await names(await open(KEYS.triage));
    assert.ok(!triage.some((name) => name.startsWith("payments__")), triage.join());
    assert.ok(!triage.some((name) => name.startsWith("payroll__")), triage.join());
    assert.ok(triage.includes("tickets__get_ticket"));
  });

  test("a refund within the support limit goes through; over it, a denial with its remediation", async () => {
    const client = await open(KEYS.support);
    const allowed = await client.callTool({
      name: "payments__create_refund",
      arguments: { amount: 50, currency: "USD", reason: "damaged item", ticket_id: "T-1001" },
    });
    assert.equal(structured(allowed).refund.amount, 50);

    await assert.rejects(
      client.callTool({
        name: "payments__create_refund",
        arguments: { amount: 9000, currency: "USD", reason: "goodwill" },
      }),
      (error) => {
        assert.ok(error instanceof McpError, String(error));
        assert.equal(error.code, POLICY_DENIED);
        assert.equal(error.data.policy, "resource.mcp_tool.vdefault");
        assert.equal(error.data.remediation.code, "refund_over_limit");
        assert.match(error.data.remediation.remediation, /manager/);
        assert.match(error.data.decisionId, /^[0-9A-HJKMNP-TV-Z]{26}$/);
        return true;
      });
    // The denied refund never reached the payments server: only the first one left the balance.
    const balance = await client.callTool({ name: "payments__get_balance", arguments: { currency: "USD" } });
    assert.equal(structured(balance).balances.USD, 25000 - 50);
  });

  test("progress notifications of a long call reach the client as the server sends them", async () => {
    const client = await open(KEYS.support);
    const progress = [];
    const result = await client.callTool(
      { name: "tickets__search_tickets", arguments: { query: "a" } },
      CallToolResultSchema,
      { onprogress: (update) => progress.push(update) });
    assert.ok(Array.isArray(structured(result).tickets));
    assert.ok(progress.length > 1, JSON.stringify(progress));
    assert.equal(progress.at(-1).progress, progress.at(-1).total);
  });

  test("sampling: the server's request reaches the client, decided as model access, and back", async () => {
    const client = new Client({ name: "gateway-test", version: "1.0.0" }, { capabilities: { sampling: {} } });
    const asked = [];
    client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
      asked.push(request.params);
      return { model: "agent-model", role: "assistant", content: { type: "text", text: "Damaged parcel, refund asked." } };
    });
    await client.connect(transport(gateway, KEYS.support));
    clients.push(client);
    const result = await client.callTool({ name: "tickets__summarize_ticket", arguments: { id: "T-1001" } });
    assert.deepEqual(structured(result), { id: "T-1001", summary: "Damaged parcel, refund asked.", model: "agent-model" });
    assert.equal(asked.length, 1);
    assert.equal(asked[0].maxTokens, 100);
  });

  test("resources: read through the server that lists them, decided per URI", async () => {
    const support = await open(KEYS.support);
    const resources = (await support.listResources()).resources.map((resource) => resource.uri);
    assert.ok(resources.includes("crm://policies/refunds"), resources.join());
    const templates = (await support.listResourceTemplates()).resourceTemplates;
    assert.ok(templates.some((template) => template.uriTemplate === "crm://customers/{id}"));
    const record = await support.readResource({ uri: "crm://customers/C-42" });
    assert.equal(JSON.parse(record.contents[0].text).name, "Ada Lovelace");

    const triage = await open(KEYS.triage);
    await triage.listResourceTemplates();
    await assert.rejects(triage.readResource({ uri: "crm://customers/C-42" }), (error) => {
      assert.ok(error instanceof McpError, String(error));
      assert.equal(error.code, POLICY_DENIED);
      assert.equal(error.data.remediation.code, "customer_record_not_allowed");
      return true;
    });
    const document = await triage.readResource({ uri: "crm://policies/refunds" });
    assert.match(document.contents[0].text, /Refunds/);
  });

  test("a tool the agent cannot see cannot be called either", async () => {
    const client = await open(KEYS.triage);
    await assert.rejects(
      client.callTool({ name: "payroll__run_payroll", arguments: {} }),
      (error) => error instanceof McpError && error.code === POLICY_DENIED);
  });

  test("no or a bad credential: 401 pointing at the protected-resource metadata", async () => {
    for (const authorization of [undefined, "Bearer pk-not-a-key", "Basic Zm9vOmJhcg=="]) {
      const response = await fetch(`${gateway.baseUrl}/mcp`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
      });
      assert.equal(response.status, 401, String(authorization));
      assert.match(response.headers.get("www-authenticate"),
        /^Bearer .*resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource(\/mcp)?"/);
    }
    const metadata = await (await fetch(`${gateway.baseUrl}/.well-known/oauth-protected-resource/mcp`)).json();
    assert.equal(metadata.resource, `${gateway.baseUrl}/mcp`);
    assert.deepEqual(metadata.bearer_methods_supported, ["header"]);
  });

  test("a session id presented by another principal is refused", async () => {
    const support = await open(KEYS.support);
    await support.listTools();
    const sessionId = support.transport.sessionId;
    assert.ok(sessionId);
    const response = await fetch(`${gateway.baseUrl}/mcp`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        authorization: `Bearer ${KEYS.triage}`,
        "mcp-session-id": sessionId,
        "mcp-protocol-version": "2025-06-18",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 7, method: "tools/list" }),
    });
    assert.ok([403, 404].includes(response.status), String(response.status));
  });

  test("hostile bodies: duplicate keys, batches, deep nesting — refused, nothing forwarded", async () => {
    const client = await open(KEYS.support);
    await client.listTools();
    const post = (body) => fetch(`${gateway.baseUrl}/mcp`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        authorization: `Bearer ${KEYS.support}`,
        "mcp-session-id": client.transport.sessionId,
        "mcp-protocol-version": "2025-06-18",
      },
      body,
    });
    const duplicate = '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"payments__create_refund",' +
      '"arguments":{"amount":50,"amount":9000,"currency":"USD","reason":"x"}}}';
    const batch = JSON.stringify([{ jsonrpc: "2.0", id: 4, method: "tools/list" }]);
    const deep = `{"jsonrpc":"2.0","id":5,"method":"tools/call","params":${"[".repeat(5000)}${"]".repeat(5000)}}`;
    for (const body of [duplicate, batch, deep, "{not json"]) {
      const response = await post(body);
      assert.ok(response.status >= 400 && response.status < 500, `${response.status} for ${body.slice(0, 40)}`);
      const answer = await response.json();
      assert.ok(answer.error && typeof answer.error.code === "number", JSON.stringify(answer));
    }
    const balance = await client.callTool({ name: "payments__get_balance", arguments: { currency: "USD" } });
    assert.equal(structured(balance).balances.USD, 25000);
  });

  test("a session survives a gateway restart (sealed session id, no session store)", async () => {
    const client = await open(KEYS.support);
    await client.callTool({
      name: "payments__create_refund",
      arguments: { amount: 10, currency: "EUR", reason: "late delivery" },
    });
    const sessionId = client.transport.sessionId;
    await gateway.restart();
    const resumed = new Client({ name: "gateway-test", version: "1.0.0" });
    await resumed.connect(transport(gateway, KEYS.support, sessionId));
    clients.push(resumed);
    const balance = await resumed.callTool({ name: "payments__get_balance", arguments: { currency: "EUR" } });
    assert.equal(structured(balance).balances.EUR, 12000 - 10); // the same upstream session
    // The new process has seen no listing of this session: it lists the resources to route.
    const document = await resumed.readResource({ uri: "crm://policies/refunds" });
    assert.match(document.contents[0].text, /Refunds/);
  });
});

describe("portcullis serve: one upstream down", () => {
  let gateway;
  before(async () => { gateway = await startGateway({ down: ["crm"] }); });
  after(async () => { await gateway.stop(); });

  test("the other servers' tools are still listed and callable", async () => {
    const client = await connect(gateway, KEYS.support);
    const tools = await names(client);
    assert.ok(!tools.some((name) => name.startsWith("crm__")), tools.join());
    assert.ok(tools.includes("tickets__get_ticket"));
    const ticket = await client.callTool({ name: "tickets__get_ticket", arguments: { id: "T-1001" } });
    assert.ok(!ticket.isError);
    await client.close();
  });
});
