// The quickstart's scripted agent: the three demo agents go through the gateway with the official
// MCP TypeScript SDK and the `openai` npm client, scene by scene, and print what the gateway let
// through and what it refused. Exit code 0 only when every scene behaved as the quickstart's
// policies say, so it doubles as a smoke test of the running gateway.
//
//   node examples/quickstart/agent.mjs [--gateway http://127.0.0.1:8080]
import { parseArgs } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import OpenAI from "openai";

const { values: args } = parseArgs({ options: { gateway: { type: "string", default: "http://127.0.0.1:8080" } } });
const GATEWAY = args.gateway.replace(/\/$/, "");
const AGENTS = {
  support: { key: "pk-demo-support-0001", name: "support-agent" },
  triage: { key: "pk-demo-triage-0002", name: "triage-agent" },
  manager: { key: "pk-demo-manager-0003", name: "manager-agent" },
};

const color = process.stdout.isTTY;
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const ok = (text) => console.log(`  ${paint(32, "ALLOWED")} ${text}`);
const no = (text) => console.log(`  ${paint(31, "DENIED ")} ${text}`);
const note = (text) => console.log(`          ${text}`);
let failures = 0;
const expect = (condition, what) => {
  if (condition) return;
  failures += 1;
  console.log(`  ${paint(33, "UNEXPECTED")} ${what}`);
};
const scene = (title) => console.log(`\n${paint(1, title)}`);

async function connect(agent) {
  const client = new Client({ name: `quickstart-${agent.name}`, version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${GATEWAY}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${agent.key}` } },
  }));
  return client;
}

const resultOf = (result) => result.structuredContent ?? JSON.parse(result.content[0].text);

// A tools/call that the policies may refuse: prints the outcome, returns the error (or null).
async function call(client, name, args) {
  try {
    const result = await client.callTool({ name, arguments: args });
    ok(`${name} ${JSON.stringify(args)}`);
    note(`→ ${JSON.stringify(resultOf(result)).slice(0, 110)}`);
    return null;
  } catch (error) {
    if (!(error instanceof McpError)) throw error;
    no(`${name} ${JSON.stringify(args)}`);
    note(`code ${error.code}; ${error.data?.remediation?.code ?? ""}`);
    note(`reason:      ${error.data?.reason}`);
    note(`remediation: ${error.data?.remediation?.remediation ?? "-"}`);
    note(`decision id: ${error.data?.decisionId} (its line in the decision log)`);
    return error;
  }
}

const clients = {};
try {
  scene("1. Each agent sees only the tools it could ever call (tools/list, filtered by policy)");
  for (const [role, agent] of Object.entries(AGENTS)) {
    clients[role] = await connect(agent);
    const tools = (await clients[role].listTools()).tools.map((tool) => tool.name);
    console.log(`  ${agent.name.padEnd(14)} ${tools.length} tools: ${tools.join(", ")}`);
    expect(!tools.some((name) => name.startsWith("payroll__")), `${agent.name} sees payroll`);
    expect(tools.includes("payments__create_refund") === (role !== "triage"),
      `${agent.name}: refund tool visibility`);
  }
  note("payroll is hidden from everyone; triage sees no payments tool; the refund tool is listed for");
  note("support although its refunds are capped: some arguments are allowed.");

  scene("2. Tool calls are decided with their arguments");
  expect(await call(clients.support, "payments__create_refund",
    { amount: 50, currency: "USD", reason: "damaged item", ticket_id: "T-1001" }) === null, "refund of 50");
  const over = await call(clients.support, "payments__create_refund",
    { amount: 9000, currency: "USD", reason: "goodwill" });
  expect(over?.data?.remediation?.code === "refund_over_limit", "refund of 9000 denied with its remediation");
  expect(await call(clients.manager, "payments__create_refund",
    { amount: 800, currency: "EUR", reason: "escalated by support", ticket_id: "T-1001" }) === null,
    "manager refund of 800");
  const payroll = await call(clients.triage, "payroll__run_payroll", {});
  expect(payroll !== null, "payroll call denied");

  scene("3. Models are decided per identity (LLM provider: the LOCAL STAND-IN, no real model)");
  const openai = (agent) => new OpenAI({ apiKey: agent.key, baseURL: `${GATEWAY}/v1`, maxRetries: 0 });
  const answer = await openai(AGENTS.support).chat.completions.create({
    model: "gpt-4o-mini", messages: [{ role: "user", content: "Summarize ticket T-1001" }],
  });
  ok(`support-agent → gpt-4o-mini`);
  note(`→ ${answer.choices[0].message.content}`);
  expect(answer.object === "chat.completion", "gpt-4o-mini answer");
  try {
    await openai(AGENTS.support).chat.completions.create({ model: "o3", messages: [{ role: "user", content: "hi" }] });
    expect(false, "o3 allowed for support");
  } catch (error) {
    if (!(error instanceof OpenAI.PermissionDeniedError)) throw error;
    no(`support-agent → o3 (HTTP ${error.status})`);
    note(`reason:      ${error.error.reason}`);
    note(`remediation: ${error.error.remediation}`);
  }
  const stream = await openai(AGENTS.manager).chat.completions.create({
    model: "o3", messages: [{ role: "user", content: "Draft the refund note" }], stream: true,
  });
  let text = "";
  let chunks = 0;
  for await (const chunk of stream) {
    chunks += 1;
    text += chunk.choices[0]?.delta?.content ?? "";
  }
  ok(`manager-agent → o3, streamed in ${chunks} chunks`);
  note(`→ ${text}`);
  expect(chunks > 1 && text.length > 0, "streamed answer");
} catch (error) {
  failures += 1;
  console.error(`\nthe agent stopped: ${error.message ?? error}`);
} finally {
  await Promise.allSettled(Object.values(clients).map((client) => client.close()));
}

console.log(failures === 0 ? `\n${paint(32, "Every scene behaved as the policies say.")}`
  : `\n${paint(31, `${failures} scene(s) did not behave as expected.`)}`);
process.exit(failures === 0 ? 0 : 1);
