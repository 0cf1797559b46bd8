// Requests for the agent_gateway corpus: models by tier, MCP servers by category, tool calls with
// arguments around every limit the policies set, tenants' scopes, the refund bot and tier-1 support.

const TOOL_ACTIONS = [
  "tickets:get_ticket", "tickets:search_tickets", "tickets:update_ticket", "tickets:close_ticket",
  "tickets:delete_ticket", "crm:lookup_customer", "crm:export", "crm:update_customer",
  "payments:create_refund", "payments:create_refund", "payments:create_refund", "payments:list_refunds",
  "payments:get_payment", "payments:void_payment", "payroll:get_salary", "payroll:update_salary",
  "wiki:search",
];
// Action names that look like wildcards or are malformed: requests carry them literally.
const ODD_ACTIONS = ["*", "payments:*", "tickets:", ":", "payments:create_refund:extra", "PAYMENTS:CREATE_REFUND"];
const AMOUNTS = [
  -1, 0, 0.01, 1, 25, 25.5, 26, 49.99, 50, 50.01, 51, 99, 99.99, 100, 100.0001, 101, 499, 500, 500.5,
  999, 1000, 1000.01, 1001, 9000, 1e308, "50", null, true,
];
const TOKENS = [0, 100, 4095, 4096, 4097, 4096.5, 15999, 16000, 16001, 31999, 32000, 32001, 100000, -1, "100"];
const PEOPLE = ["alice", "bob", "carol", "dana"];

function principal(prng) {
  const id = prng.pick([...PEOPLE, "refund-bot", "refund-bot", "triage-bot", "agent-7"]);
  const roles = prng.subset(
    ["support", "manager", "hr", "triage_agent", "auditor", "tier1_support", "guest", "support"], 1, 3);
  const out = {
    id,
    roles,
    attr: prng.someOf(
      {
        tenant: () => prng.pick(["acme", "globex", "initech", 5]),
        support_tier: () => prng.pick(["tier1", "tier2", "lead", 2]),
        on_behalf_of: () => prng.pick([...PEOPLE, ""]),
      },
      0.6),
  };
  if (prng.chance(0.1)) out.scope = prng.pick(["acme", "globex", "acme.eu"]);
  return out;
}

function scope(prng) {
  if (prng.chance(0.55)) return {};
  return { scope: prng.pick(["acme", "acme", "globex", "globex", "acme.eu", "acme.eu", "initech", "acme.us", "."]) };
}

function model(prng) {
  const attr = prng.someOf(
    {
      provider: () => prng.pick(["openai", "anthropic", "experimental-lab", 7]),
      tier: () => prng.pick(["small", "small", "standard", "standard", "frontier", "huge", 1]),
      max_tokens: () => prng.pick(TOKENS),
    },
    0.85);
  const actions = prng.subset(["invoke", "invoke", "invoke", "invoke:*", "*", "stream", "Invoke"], 1, 2);
  return {
    resource: { kind: "model", id: prng.pick(["gpt-small", "claude-haiku", "frontier-x", "lab-1"]), attr, ...scope(prng) },
    actions,
  };
}

function server(prng) {
  const attr = prng.someOf(
    {
      category: () => prng.pick(["ticketing", "crm", "payments", "hr", "wiki", 3]),
      tenant: () => prng.pick(["acme", "globex", "initech"]),
      public: () => prng.pick([true, false, "true"]),
      status: () => prng.pick(["active", "quarantined"]),
    },
    0.75);
  const actions = prng.subset(["connect", "connect", "connect", "disconnect", "*", "connect:*"], 1, 2);
  return {
    resource: { kind: prng.chance(0.9) ? "mcp_server" : "mcp_servers", id: prng.pick(["tickets", "crm", "payments", "payroll"]), attr, ...scope(prng) },
    actions,
  };
}

function toolArgs(prng, principalId) {
  return prng.someOf(
    {
      amount: () => prng.pick(AMOUNTS),
      currency: () => prng.pick(["USD", "EUR", "GBP", "JPY", "usd"]),
      assignee: () => prng.pick([...PEOPLE, principalId]),
      region: () => prng.pick(["eu", "us"]),
      ticket_id: () => `T-${prng.int(1, 999)}`,
    },
    0.7);
}

function tool(prng, principalId) {
  const first = prng.chance(0.9) ? prng.pick(TOOL_ACTIONS) : prng.pick(ODD_ACTIONS);
  const actions = prng.chance(0.7) ? [first] : [...new Set([first, ...prng.subset(TOOL_ACTIONS, 1, 3)])];
  const attr = prng.someOf(
    {
      category: () => prng.pick(["ticketing", "crm", "payments", "hr"]),
      tenant: () => prng.pick(["acme", "globex"]),
      annotations: () =>
        prng.someOf({ readOnlyHint: () => prng.chance(0.5), destructiveHint: () => prng.pick([true, false, "yes"]) }, 0.7),
    },
    0.7);
  if (prng.chance(0.9)) attr.args = toolArgs(prng, principalId);
  const kind = prng.chance(0.95) ? "mcp_tool" : prng.pick(["mcp_prompt", "MCP_TOOL"]);
  return { resource: { kind, id: first, attr, ...scope(prng) }, actions };
}

// One generated request: a principal and one to three resources of any kind.
export function generate(prng) {
  const p = principal(prng);
  const count = prng.int(1, 3);
  const resources = Array.from({ length: count }, (_, i) => {
    const which = prng.next();
    const entry = which < 0.2 ? model(prng) : which < 0.35 ? server(prng) : tool(prng, p.id);
    entry.resource.id = `${entry.resource.id}#${i}`; // unique ids per request
    if (prng.chance(0.05)) entry.resource.policyVersion = prng.pick(["default", "v2"]);
    return entry;
  });
  return { requestId: "gen", includeMeta: prng.chance(0.9), principal: p, resources };
}

const refund = (amount, extra = {}) => ({
  resource: { kind: "mcp_tool", id: "payments:create_refund", attr: { category: "payments", args: { amount, currency: "USD", ...extra } } },
  actions: ["payments:create_refund"],
});
const ask = (principalFields, ...resources) => ({ includeMeta: true, principal: { attr: {}, ...principalFields }, resources });
const inScope = (scopeName, entry) => ({ ...entry, resource: { ...entry.resource, scope: scopeName } });
const modelOf = (tier, maxTokens, extra = {}) => ({
  resource: { kind: "model", id: `m-${tier}`, attr: { provider: "openai", tier, max_tokens: maxTokens, ...extra } },
  actions: ["invoke"],
});
const serverOf = (category, extra = {}) => ({
  resource: { kind: "mcp_server", id: category, attr: { category, ...extra } },
  actions: ["connect"],
});
const toolCall = (action, attr) => ({ resource: { kind: "mcp_tool", id: action, attr }, actions: [action] });

const alice = { id: "alice", roles: ["support"], attr: { tenant: "acme", support_tier: "tier1" } };
const manager = { id: "mona", roles: ["manager"], attr: { tenant: "acme" } };
const bot = { id: "refund-bot", roles: ["support"], attr: { on_behalf_of: "alice" } };

// Hand-written cases: the scenario's story, each limit exactly, and the tricky corners.
export const edgeCases = {
  "support refund at the cap": ask(alice, refund(100)),
  "support refund just above the cap": ask(alice, refund(100.01)),
  "support refund of 9000 with remediation": ask(alice, refund(9000)),
  "support refund in a refused currency": ask(alice, refund(10, { currency: "JPY" })),
  "support refund without an amount": ask(alice, toolCall("payments:create_refund", { args: { currency: "USD" } })),
  "support refund without args": ask(alice, toolCall("payments:create_refund", { category: "payments" })),
  "manager refund at the cap": ask(manager, refund(1000)),
  "manager refund above the cap": ask(manager, refund(1001)),
  "manager refund of zero": ask(manager, refund(0)),
  "support and manager roles together": ask({ ...manager, roles: ["support", "manager"] }, refund(500)),
  "refund bot within its cap": ask(bot, refund(50)),
  "refund bot above its cap": ask(bot, refund(51)),
  "refund bot on behalf of alice asks 9000": ask(bot, refund(9000)),
  "refund bot payroll": ask(bot, toolCall("payroll:get_salary", { category: "hr" })),
  "refund bot frontier model": ask(bot, modelOf("frontier", 100)),
  "refund bot connects to payments through the wildcard resource": ask(bot, serverOf("payments"), serverOf("crm")),
  "hr reads payroll": ask({ id: "dana", roles: ["hr"] }, toolCall("payroll:get_salary", { args: {} })),
  "support reads payroll": ask(alice, toolCall("payroll:get_salary", { args: {} })),
  "hr and support read payroll": ask({ id: "dana", roles: ["hr", "support"] }, toolCall("payroll:update_salary", {})),
  "tier-1 support refund within the role policy": ask({ id: "tim", roles: ["tier1_support"] }, refund(25)),
  "tier-1 support refund above the role policy": ask({ id: "tim", roles: ["tier1_support"] }, refund(26)),
  "tier-1 support refund history not in the role policy": ask(
    { id: "tim", roles: ["tier1_support"] }, toolCall("payments:list_refunds", {})),
  "tier-1 support models": ask({ id: "tim", roles: ["tier1_support"], attr: { support_tier: "lead" } },
    modelOf("small", 10), modelOf("standard", 10)),
  "tier-1 and manager roles": ask({ id: "tim", roles: ["tier1_support", "manager"] }, refund(500)),
  "lead support on a standard model": ask({ ...alice, attr: { support_tier: "lead" } }, modelOf("standard", 16000)),
  "tier-1 support on a standard model": ask(alice, modelOf("standard", 100)),
  "model without max_tokens": ask(manager, { resource: { kind: "model", id: "m", attr: { tier: "small" } }, actions: ["invoke"] }),
  "model of an unknown tier": ask(manager, modelOf("huge", 10)),
  "token budget exceeded": ask(manager, modelOf("frontier", 32001)),
  "manager on an experimental provider": ask(manager, modelOf("frontier", 10, { provider: "experimental-lab" })),
  "triage agent servers": ask({ id: "triage-bot", roles: ["triage_agent"] },
    serverOf("ticketing"), serverOf("crm"), serverOf("payments"), serverOf("hr")),
  "quarantined server": ask(manager, serverOf("crm", { status: "quarantined" })),
  "public server of one's tenant": ask({ id: "gus", roles: ["guest"], attr: { tenant: "acme" } },
    serverOf("wiki", { tenant: "acme", public: true }), serverOf("wiki", { tenant: "globex", public: true })),
  "triage agent destructive tool": ask({ id: "triage-bot", roles: ["triage_agent"] },
    toolCall("tickets:get_ticket", { annotations: { destructiveHint: true } })),
  "triage agent tool without annotations": ask({ id: "triage-bot", roles: ["triage_agent"] },
    toolCall("tickets:get_ticket", {})),
  "auditor read-only tool": ask({ id: "audrey", roles: ["auditor"] },
    toolCall("crm:lookup_customer", { annotations: { readOnlyHint: true } }),
    toolCall("crm:export", { annotations: { readOnlyHint: false } })),
  "assignee closes a ticket": ask(alice, toolCall("tickets:close_ticket", { args: { assignee: "alice" } })),
  "assignee through on_behalf_of": ask(bot, toolCall("tickets:update_ticket", { args: { assignee: "alice" } })),
  "not the assignee": ask(alice, toolCall("tickets:close_ticket", { args: { assignee: "bob" } })),
  "not the assignee, with two parent roles of the derived role": ask(
    { ...alice, roles: ["support", "manager"] }, toolCall("tickets:close_ticket", { args: { assignee: "bob" } })),
  "refund bot in a scope without policies": ask(bot, inScope("initech", toolCall("tickets:get_ticket", {}))),
  "acme support refund within the tenant cap": ask(alice, inScope("acme", refund(50))),
  "acme support refund above the tenant cap": ask(alice, inScope("acme", refund(51))),
  "acme manager exports CRM": ask(manager, inScope("acme", toolCall("crm:export", { tenant: "acme" }))),
  "acme.eu CRM export outside the EU": ask(manager, inScope("acme.eu", toolCall("crm:export", { tenant: "acme", args: { region: "us" } }))),
  "acme.eu refund in euro above the base cap": ask(alice, inScope("acme.eu", refund(5000, { currency: "EUR" }))),
  "globex support refund within the base cap": ask(alice, inScope("globex", refund(80))),
  "globex support refund above the base cap": ask(alice, inScope("globex", refund(300))),
  "globex support refund above its own cap": ask(alice, inScope("globex", refund(600))),
  "globex manager voids a payment": ask(manager, inScope("globex", toolCall("payments:void_payment", {}))),
  "globex hr payroll on behalf": ask({ id: "dana", roles: ["hr"], attr: { on_behalf_of: "x" } },
    inScope("globex", toolCall("payroll:get_salary", {}))),
  "a scope without policies": ask(manager, inScope("initech", refund(10))),
  "a child scope of a leaf": ask(manager, inScope("acme.eu.paris", refund(10))),
  "wildcard-looking actions": ask(manager, { resource: { kind: "mcp_tool", id: "x", attr: {} }, actions: ["*", "tickets:*", "payments:create_refund:extra"] }),
  "derived role name sent as a role": ask({ id: "eve", roles: ["ticket_assignee"] }, toolCall("tickets:close_ticket", { args: { assignee: "eve" } })),
  "unknown kind": ask(manager, { resource: { kind: "mcp_prompt", id: "p", attr: {} }, actions: ["tickets:get_ticket"] }),
  "policy version without policies": ask(manager, { resource: { kind: "mcp_tool", id: "t", policyVersion: "v2", attr: {} }, actions: ["tickets:get_ticket"] }),
  "invalid: no roles": ask({ id: "x", roles: [] }, refund(1)),
  "invalid: duplicate actions": ask(alice, { resource: { kind: "mcp_tool", id: "t" }, actions: ["a", "a"] }),
  "invalid: bad scope": ask(alice, inScope("-bad", refund(1))),
};
