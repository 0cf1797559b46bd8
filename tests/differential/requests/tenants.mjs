// Requests for the tenants corpus: scope chains in both scopePermissions modes, lenient scope
// search, the default policy version, scoped principal and role policies.

const SCOPES = ["acme", "acme.eu", "acme.eu.paris", "acme.eu.paris.left-bank", "acme.us", "globex", "globex.x", "initech", "."];
const ACTIONS = ["view", "view", "list", "edit", "edit", "export", "delete", "delete", "archive", "*", "share"];

function principal(prng) {
  const out = {
    id: prng.pick(["ann", "ben", "cat", "auditor-bot", "auditor-bot"]),
    roles: prng.subset(["member", "editor", "contractor", "acme_editor", "guest", "editor"], 1, 3),
    attr: prng.someOf(
      {
        tenant: () => prng.pick(["acme", "globex", 3]),
        suspended: () => prng.pick([true, false, false, "no"]),
      },
      0.6),
  };
  if (prng.chance(0.3)) out.scope = prng.pick(SCOPES);
  if (prng.chance(0.08)) out.policyVersion = prng.pick(["v1", "v2", "default"]);
  return out;
}

// One generated request: a principal and one to three workspaces in various scopes.
export function generate(prng) {
  const count = prng.int(1, 3);
  const resources = Array.from({ length: count }, (_, i) => {
    const resource = {
      kind: prng.chance(0.93) ? "workspace" : "project",
      id: `ws-${i}`,
      attr: prng.someOf(
        {
          tenant: () => prng.pick(["acme", "globex"]),
          owner: () => prng.pick(["ann", "ben", "cat"]),
          contract_active: () => prng.pick([true, false, 1]),
          region: () => prng.pick(["eu", "us"]),
          night: () => prng.pick([true, false]),
          archived: () => prng.pick([true, false, "yes"]),
        },
        0.7),
    };
    if (prng.chance(0.7)) resource.scope = prng.pick(SCOPES);
    if (prng.chance(0.1)) resource.policyVersion = prng.pick(["v1", "v2", "default", "v3"]);
    return { resource, actions: prng.subset(ACTIONS, 1, 4) };
  });
  return { requestId: "gen", includeMeta: prng.chance(0.9), principal: principal(prng), resources };
}

const ask = (principal, ...resources) => ({ includeMeta: true, principal: { attr: {}, ...principal }, resources });
const ws = (scope, attr, actions, extra = {}) => ({
  resource: { kind: "workspace", id: `ws-${scope || "root"}`, attr, ...(scope ? { scope } : {}), ...extra },
  actions,
});
const editor = { id: "ann", roles: ["editor"], attr: { tenant: "acme" } };
const ALL = ["view", "list", "edit", "export", "delete", "archive"];

export const edgeCases = {
  "root scope editor": ask(editor, ws("", { owner: "ann" }, ALL)),
  "acme editor (override parent)": ask(editor, ws("acme", { owner: "ann" }, ALL)),
  "acme contractor with an active contract": ask({ id: "cat", roles: ["contractor"] }, ws("acme", { contract_active: true }, ["edit", "view"])),
  "acme contractor without a contract": ask({ id: "cat", roles: ["contractor"] }, ws("acme", {}, ["edit"])),
  "acme.eu export in the EU (parental consent)": ask(editor, ws("acme.eu", { region: "eu" }, ["export", "view"])),
  "acme.eu contractor export (parent does not allow)": ask({ id: "cat", roles: ["contractor"] }, ws("acme.eu", { region: "eu" }, ["export"])),
  "acme.eu export outside the EU": ask(editor, ws("acme.eu", { region: "us" }, ["export"])),
  "paris delete by an editor (parent denies)": ask(editor, ws("acme.eu.paris", { owner: "ann" }, ["delete"])),
  "paris night export": ask(editor, ws("acme.eu.paris", { region: "eu", night: true }, ["export"])),
  "lenient: a child scope of paris": ask(editor, ws("acme.eu.paris.left-bank", { region: "eu" }, ["export", "delete", "view"])),
  "lenient: acme.us falls back to acme": ask({ id: "cat", roles: ["contractor"] }, ws("acme.us", { contract_active: true }, ["edit"])),
  "lenient: an unknown tenant falls back to the root": ask(editor, ws("initech", {}, ["edit", "view"])),
  "globex archived view": ask({ id: "ben", roles: ["member"] }, ws("globex", { archived: true }, ["view", "list"])),
  "globex archive (parent consent only for owners)": ask({ id: "ben", roles: ["member"] },
    ws("globex", { owner: "ben" }, ["archive"]), ws("globex", { owner: "ann" }, ["archive"])),
  "suspended principal in a scope": ask({ ...editor, attr: { suspended: true } }, ws("acme.eu", { region: "eu" }, ["view", "export"])),
  "same tenant guest views": ask({ id: "g", roles: ["guest"], attr: { tenant: "globex" } }, ws("", { tenant: "globex" }, ["view", "edit"])),
  "auditor bot views everywhere": ask({ id: "auditor-bot", roles: ["guest"] },
    ws("", {}, ["view", "list"]), ws("acme", { archived: true }, ["view", "list"]), ws("globex.x", {}, ["view"])),
  "auditor bot in acme (scoped principal policy)": ask({ id: "auditor-bot", roles: ["editor"], scope: "acme" },
    ws("acme", {}, ["export", "edit"])),
  "auditor bot in acme.eu (principal scope chain)": ask({ id: "auditor-bot", roles: ["editor"], scope: "acme.eu" },
    ws("acme.eu", { region: "eu" }, ["export", "edit"])),
  "acme editor role (role policy in scope acme)": ask({ id: "ann", roles: ["acme_editor"], scope: "acme" },
    ws("acme", { owner: "ann" }, ALL)),
  "acme editor role without a principal scope": ask({ id: "ann", roles: ["acme_editor"] }, ws("acme", {}, ALL)),
  "version 2": ask(editor, ws("", {}, ["view", "edit"], { policyVersion: "v2" })),
  "explicit default version (no policies)": ask(editor, ws("", {}, ["view"], { policyVersion: "default" })),
  "principal version 2": ask({ ...editor, policyVersion: "v2" }, ws("", {}, ["view"])),
  "scope dot": ask(editor, ws(".", {}, ["view", "edit"])),
  "suspended principal in scope dot (R.scope in an output)": ask({ ...editor, attr: { suspended: true } }, ws(".", {}, ["view"])),
  "suspended auditor bot with principal policyVersion v2": ask(
    { id: "auditor-bot", roles: ["member"], attr: { suspended: true }, policyVersion: "v2" }, ws("acme.eu", {}, ["view"])),
};
