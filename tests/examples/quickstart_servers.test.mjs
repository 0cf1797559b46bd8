// The quickstart's upstreams work with the real clients: the four demo MCP servers with the
// official MCP TypeScript SDK's Client over Streamable HTTP, and the OpenAI-compatible stand-in
// with the `openai` npm client (streaming and not) and with plain HTTP in Anthropic's shape.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CreateMessageRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import OpenAI from "openai";

const QUICKSTART = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "examples", "quickstart");
const { startServers } = await import(path.join(QUICKSTART, "servers", "start.mjs"));
const { startStandin } = await import(path.join(QUICKSTART, "openai_standin.mjs"));

async function connect(url, capabilities = {}) {
  const client = new Client({ name: "quickstart-test", version: "1.0.0" }, { capabilities });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

const structured = (result) => result.structuredContent ?? JSON.parse(result.content[0].text);

describe("demo MCP servers with the SDK client", () => {
  let servers;
  const clients = [];
  before(async () => {
    servers = await startServers({ tickets: 0, crm: 0, payments: 0, payroll: 0 });
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await servers.close();
  });
  const open = async (name, capabilities) => {
    const client = await connect(servers.urls[name], capabilities);
    clients.push(client);
    return client;
  };

  test("each server lists its tools with annotations", async () => {
    const expected = {
      tickets: ["get_ticket", "search_tickets", "summarize_ticket", "update_ticket"],
      crm: ["lookup_customer"],
      payments: ["create_refund", "get_balance"],
      payroll: ["run_payroll"],
    };
    for (const [name, tools] of Object.entries(expected)) {
      const client = await open(name);
      assert.equal(client.getServerVersion().name, name);
      const listed = (await client.listTools()).tools;
      assert.deepEqual(listed.map((tool) => tool.name).sort(), tools);
      for (const tool of listed) {
        assert.equal(typeof tool.annotations?.readOnlyHint, "boolean", `${name}:${tool.name}`);
        assert.equal(tool.inputSchema.type, "object");
      }
    }
    const payments = (await (await open("payments")).listTools()).tools;
    const refund = payments.find((tool) => tool.name === "create_refund");
    assert.equal(refund.annotations.destructiveHint, true);
    assert.deepEqual(refund.inputSchema.required.sort(), ["amount", "currency", "reason"]);
  });

  test("tools answer calls, and refuse bad arguments", async () => {
    const tickets = await open("tickets");
    assert.equal(structured(await tickets.callTool({ name: "get_ticket", arguments: { id: "T-1002" } })).ticket.subject,
                 "Refund for damaged headphones");
    const updated = await tickets.callTool({ name: "update_ticket", arguments: { id: "T-1002", status: "pending" } });
    assert.equal(structured(updated).ticket.status, "pending");

    const crm = await open("crm");
    const customer = await crm.callTool({ name: "lookup_customer", arguments: { email: "ada@example.com" } });
    assert.equal(structured(customer).customer.id, "C-42");

    const payments = await open("payments");
    const refund = await payments.callTool({
      name: "create_refund", arguments: { amount: 50, currency: "USD", reason: "damaged item", ticket_id: "T-1002" },
    });
    assert.equal(refund.isError, undefined);
    assert.match(refund.content[0].text, /^refunded 50 USD \(R-\d+\)$/);
    assert.equal(structured(await payments.callTool({ name: "get_balance", arguments: { currency: "USD" } })).balances.USD,
                 24950);
    const negative = await payments.callTool({ name: "create_refund", arguments: { amount: -5, currency: "USD", reason: "x" } });
    assert.equal(negative.isError, true);

    const payroll = await open("payroll");
    const run = await payroll.callTool({ name: "run_payroll", arguments: { period: "2026-11" } });
    assert.equal(run.content[0].text, "payroll for 2026-11 submitted");
  });

  test("search_tickets reports progress before its result", async () => {
    const tickets = await open("tickets");
    const progress = [];
    const result = await tickets.callTool({ name: "search_tickets", arguments: { query: "refund" } }, undefined, {
      onprogress: (update) => progress.push(update),
    });
    assert.deepEqual(structured(result).tickets.map((ticket) => ticket.id), ["T-1002"]);
    assert.deepEqual(progress.map((update) => update.progress), [1, 2, 3]);
    assert.ok(progress.every((update) => update.total === 3));
  });

  test("summarize_ticket asks the client's model (sampling round trip)", async () => {
    const tickets = await open("tickets", { sampling: {} });
    const asked = [];
    tickets.setRequestHandler(CreateMessageRequestSchema, async (request) => {
      asked.push(request.params);
      return { model: "client-model", role: "assistant", content: { type: "text", text: "customer charged twice" } };
    });
    const result = await tickets.callTool({ name: "summarize_ticket", arguments: { id: "T-1001" } });
    assert.deepEqual(structured(result), { id: "T-1001", summary: "customer charged twice", model: "client-model" });
    assert.equal(asked.length, 1);
    assert.match(asked[0].messages[0].content.text, /Double charge on order 5531/);
  });

  test("a request with a foreign Host header is refused (DNS-rebinding protection)", async () => {
    // fetch() does not let a caller set Host; node:http does.
    const status = await new Promise((resolve, reject) => {
      const request = http.request(servers.urls.tickets, {
        method: "POST",
        headers: { host: "evil.example.com", "content-type": "application/json", accept: "application/json, text/event-stream" },
      }, (response) => {
        response.resume();
        resolve(response.statusCode);
      });
      request.on("error", reject);
      request.end(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }));
    });
    assert.equal(status, 403);
  });

  test("an unknown session is 404 and a request without one 400", async () => {
    const post = (headers) => fetch(servers.urls.crm, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    assert.equal((await post({ "mcp-session-id": "no-such-session" })).status, 404);
    assert.equal((await post({})).status, 400);
  });
});

describe("OpenAI-compatible stand-in", () => {
  let standin;
  let openai;
  before(async () => {
    standin = await startStandin();
    openai = new OpenAI({ baseURL: `${standin.url}/v1`, apiKey: "not-a-real-key", maxRetries: 0 });
  });
  after(() => standin.close());

  const request = { model: "gpt-4o-mini", messages: [{ role: "system", content: "be brief" }, { role: "user", content: "hello there" }] };

  test("answers chat completions with the openai client", async () => {
    const completion = await openai.chat.completions.create(request);
    assert.equal(completion.object, "chat.completion");
    assert.equal(completion.model, "gpt-4o-mini");
    assert.equal(completion.choices[0].message.content, 'Stand-in answer from gpt-4o-mini: you said "hello there"');
    assert.equal(completion.choices[0].finish_reason, "stop");
    assert.deepEqual(completion.usage, { prompt_tokens: 4, completion_tokens: 8, total_tokens: 12 });
    const received = standin.requests.at(-1);
    assert.equal(received.path, "/v1/chat/completions");
    assert.equal(received.headers.authorization, "Bearer not-a-real-key");
    assert.deepEqual(received.body, request);
  });

  test("streams chat completions chunk by chunk, with a final usage chunk when asked", async () => {
    const stream = await openai.chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } });
    let text = "";
    const chunks = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      text += chunk.choices[0]?.delta?.content ?? "";
    }
    assert.equal(text, 'Stand-in answer from gpt-4o-mini: you said "hello there"');
    assert.ok(chunks.length > 3);
    assert.equal(chunks[0].choices[0].delta.role, "assistant");
    assert.equal(chunks.at(-2).choices[0].finish_reason, "stop");
    assert.deepEqual(chunks.at(-1).choices, []);
    assert.deepEqual(chunks.at(-1).usage, { prompt_tokens: 4, completion_tokens: 8, total_tokens: 12 });
    assert.ok(chunks.slice(0, -1).every((chunk) => chunk.usage === null));

    const plain = await openai.chat.completions.create({ ...request, stream: true });
    const plainChunks = [];
    for await (const chunk of plain) plainChunks.push(chunk);
    assert.ok(plainChunks.every((chunk) => !("usage" in chunk) && chunk.choices.length === 1));
  });

  test("bad requests get OpenAI-shaped errors", async () => {
    await assert.rejects(openai.chat.completions.create({ model: "gpt-4o", messages: [] }), (error) => {
      assert.equal(error.status, 400);
      assert.equal(error.type, "invalid_request_error");
      assert.equal(error.param, "messages");
      return true;
    });
  });

  test("answers Anthropic Messages, streaming and not", async () => {
    const post = (body) => fetch(`${standin.url}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": "k", "anthropic-version": "2023-06-01" },
      body: JSON.stringify(body),
    });
    const body = { model: "claude-haiku-4-5", max_tokens: 64, messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }] };
    const response = await post(body);
    assert.equal(response.status, 200);
    const message = await response.json();
    assert.equal(message.type, "message");
    assert.deepEqual(message.content, [{ type: "text", text: 'Stand-in answer from claude-haiku-4-5: you said "hi"' }]);
    assert.equal(message.stop_reason, "end_turn");
    assert.deepEqual(message.usage, { input_tokens: 1, output_tokens: 7 });

    const streamed = await (await post({ ...body, stream: true })).text();
    const events = [...streamed.matchAll(/^event: (\S+)\ndata: (.*)$/gm)].map((m) => [m[1], JSON.parse(m[2])]);
    assert.deepEqual(events.map(([type]) => type).filter((t, i, all) => all[i - 1] !== t),
                     ["message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"]);
    const text = events.filter(([type]) => type === "content_block_delta").map(([, data]) => data.delta.text).join("");
    assert.equal(text, message.content[0].text);

    const missing = await post({ model: "claude-haiku-4-5", messages: body.messages });
    assert.equal(missing.status, 400);
    assert.equal((await missing.json()).error.type, "invalid_request_error");
  });
});
