// Requests for the knowledge_base corpus: clearance against classification, wildcard actions, DENY
// across roles, runtime errors, globals, timestamps, hierarchies, IP ranges and list helpers.

const DAY_MS = 86_400_000;
// Relative to the time of the run, far from any boundary the policies test (one year).
const RECENTLY = new Date(Date.now() - 10 * DAY_MS).toISOString();

const ACTIONS = [
  "view", "view", "view:summary", "view:history", "view:*", "report:sales:read", "report:read",
  "report:a:b:read", "edit", "edit", "comment", "move", "delete", "share", "share", "publish",
  "export", "purge", "transfer", "pin", "archive", "*", "VIEW",
];
const TAGS = ["shareable", "public", "draft", "embargoed", "hr"];
const PEOPLE = ["alice", "bob", "carol"];

function principal(prng) {
  return {
    id: prng.pick([...PEOPLE, "ops-agent", "ops-agent"]),
    roles: prng.subset(
      ["reader", "editor", "contractor", "admin", "analyst", "superuser", "kb_viewer", "guest", "editor", "reader"], 1, 3),
    attr: prng.someOf(
      {
        clearance: () => prng.pick([0, 1, 2, 3, 3, "2", -1, 2.5]),
        department: () => prng.pick(["eng", "sales", "legal"]),
        vip: () => prng.pick([true, false, "true"]),
        ip: () => prng.pick(["10.1.2.3", "192.168.1.77", "192.168.2.1", "2001:db8::1", "2001:db9::1", "8.8.8.8", "not-an-ip", 7]),
        home: () => prng.pick(["a", "a.b", "a.b.c", "x.y", ""]),
      },
      0.7),
  };
}

function documentAttr(prng) {
  return prng.someOf(
    {
      classification: () => prng.pick(["public", "internal", "confidential", "secret", "top", 1]),
      author: () => prng.pick([...PEOPLE, "ops-agent"]),
      department: () => prng.pick(["eng", "sales", "legal"]),
      locked: () => prng.pick([true, false]),
      archived: () => prng.pick([true, false, "no"]),
      tags: () => (prng.chance(0.9) ? prng.subset(TAGS, 0, 3) : prng.pick(["draft", 3])),
      path: () => prng.pick(["a.b.c", "a.b", "a", "x.y.z", "a.b.c.d", "ab.c"]),
      embargo_until: () => prng.pick(["2020-01-01T00:00:00Z", "2099-01-01T00:00:00Z", "not a time", 5]),
      reviewed_at: () => prng.pick(["2019-06-01T00:00:00Z", "2024-01-01T00:00:00Z", RECENTLY, RECENTLY]),
      legal_hold: () => prng.pick([true, false, false, "yes"]),
      owner: () => prng.pick(["alice", { id: "alice" }, { id: "bob" }, {}]),
    },
    0.7);
}

// One generated request: a principal and one to three resources, mostly documents.
export function generate(prng) {
  const count = prng.int(1, 3);
  const resources = Array.from({ length: count }, (_, i) => {
    const resource = {
      kind: prng.chance(0.9) ? "document" : prng.pick(["folder", "Document"]),
      id: `doc-${i}`,
      attr: documentAttr(prng),
    };
    if (prng.chance(0.12)) resource.policyVersion = prng.pick(["v2", "v2", "v3", "default"]);
    if (prng.chance(0.04)) resource.scope = prng.pick(["kb", "."]);
    return { resource, actions: prng.subset(ACTIONS, 1, 4) };
  });
  return { requestId: "gen", includeMeta: prng.chance(0.9), principal: principal(prng), resources };
}

const ask = (principal, ...resources) => ({ includeMeta: true, principal: { attr: {}, ...principal }, resources });
const doc = (attr, actions, extra = {}) => ({ resource: { kind: "document", id: "d", attr, ...extra }, actions });
const editor = { id: "alice", roles: ["editor"], attr: { department: "eng", clearance: 2, home: "a.b", ip: "10.9.9.9" } };
const admin = { id: "root", roles: ["admin"], attr: { ip: "10.0.0.1" } };

export const edgeCases = {
  "public document for a guest": ask({ id: "g", roles: ["guest"] }, doc({ classification: "public" }, ["view"])),
  "clearance exactly the level": ask(editor, doc({ classification: "confidential" }, ["view"])),
  "clearance below the level": ask(editor, doc({ classification: "secret" }, ["view"])),
  "clearance as a string": ask({ ...editor, attr: { clearance: "3" } }, doc({ classification: "internal" }, ["view"])),
  "unknown classification": ask(editor, doc({ classification: "top" }, ["view"])),
  "archived document": ask(editor, doc({ classification: "internal", archived: true }, ["view"])),
  "embargoed tag": ask(editor, doc({ classification: "internal", tags: ["embargoed"] }, ["view"])),
  "view parts by wildcard": ask({ id: "r", roles: ["reader"] }, doc({}, ["view:summary", "view:a:b", "view", "view:"])),
  "report wildcard in the middle": ask({ id: "an", roles: ["analyst"] },
    doc({ tags: ["x", "y"] }, ["report:sales:read", "report:read", "report:a:b:read", "report::read"])),
  "editor and contractor edit (DENY across roles)": ask({ ...editor, roles: ["editor", "contractor"] },
    doc({ author: "alice" }, ["edit", "comment"])),
  "author edits": ask(editor, doc({ author: "alice" }, ["edit"])),
  "department editor on a locked document": ask(editor, doc({ department: "eng", locked: true }, ["edit"])),
  "department editor without a locked attribute": ask(editor, doc({ department: "eng" }, ["edit"])),
  "move inside one's tree": ask(editor, doc({ path: "a.b.c" }, ["move"])),
  "move outside one's tree": ask(editor, doc({ path: "a.c" }, ["move"])),
  "move to one's home": ask(editor, doc({ path: "a.b" }, ["move"])),
  "delete from the office (IPv4)": ask(admin, doc({ legal_hold: false }, ["delete"])),
  "delete from the office (IPv6)": ask({ ...admin, attr: { ip: "2001:db8::7" } }, doc({ legal_hold: false }, ["delete"])),
  "delete from outside": ask({ ...admin, attr: { ip: "8.8.8.8" } }, doc({ legal_hold: false }, ["delete"])),
  "delete with a malformed IP": ask({ ...admin, attr: { ip: "not-an-ip" } }, doc({ legal_hold: false }, ["delete"])),
  "purge without legal_hold (DENY by runtime error)": ask(admin, doc({}, ["purge"])),
  "purge with legal_hold false": ask(admin, doc({ legal_hold: false }, ["purge"])),
  "purge under legal hold": ask(admin, doc({ legal_hold: true }, ["purge"])),
  "purge with a non-boolean legal_hold": ask(admin, doc({ legal_hold: "yes" }, ["purge"])),
  "share shareable": ask(editor, doc({ tags: ["shareable"] }, ["share"])),
  "share with a draft tag": ask(editor, doc({ tags: ["shareable", "draft"] }, ["share"])),
  "share with a restricted tag": ask(editor, doc({ tags: ["public", "hr"] }, ["share"])),
  "share without tags": ask(editor, doc({}, ["share"])),
  "publish after the embargo": ask(editor, doc({ embargo_until: "2020-01-01T00:00:00Z", reviewed_at: RECENTLY }, ["publish"])),
  "publish before the embargo": ask(editor, doc({ embargo_until: "2099-01-01T00:00:00Z", reviewed_at: RECENTLY }, ["publish"])),
  "publish with a stale review": ask(editor, doc({ embargo_until: "2020-01-01T00:00:00Z", reviewed_at: "2019-06-01T00:00:00Z" }, ["publish"])),
  "publish with a bad timestamp": ask(editor, doc({ embargo_until: "soon", reviewed_at: RECENTLY }, ["publish"])),
  "export with few tags (globals)": ask(admin, doc({ tags: ["a", "b", "c"] }, ["export"])),
  "export with too many tags (globals)": ask(admin, doc({ tags: ["a", "b", "c", "d"] }, ["export"])),
  "transfer with a string owner (runtime error in ALLOW)": ask(editor, doc({ owner: "alice" }, ["transfer"])),
  "transfer with a map owner": ask(editor, doc({ owner: { id: "alice" } }, ["transfer"])),
  "vip pins": ask({ id: "v", roles: ["guest"], attr: { vip: true } }, doc({}, ["pin"])),
  "superuser does anything": ask({ id: "su", roles: ["superuser"] }, doc({}, ["purge", "anything", "*"])),
  "superuser and admin purge under hold": ask({ id: "su", roles: ["superuser", "admin"] }, doc({ legal_hold: true }, ["purge"])),
  "ops agent views a folder (principal policy, no resource policy)": ask({ id: "ops-agent", roles: ["guest"] },
    { resource: { kind: "folder", id: "f", attr: {} }, actions: ["view", "view:tree", "viewer", "purge"] }),
  "ops agent deletes a draft": ask({ id: "ops-agent", roles: ["admin"] }, doc({ tags: ["draft"], legal_hold: true }, ["delete"])),
  "ops agent deletes a non-draft": ask({ id: "ops-agent", roles: ["admin"] }, doc({ tags: [] }, ["delete"])),
  "ops agent purges": ask({ id: "ops-agent", roles: ["admin"] }, doc({ legal_hold: false }, ["purge"])),
  "kb viewer": ask({ id: "kv", roles: ["kb_viewer"], attr: { clearance: 3 } },
    doc({ classification: "secret" }, ["view", "view:summary", "edit"]),
    doc({ classification: "internal" }, ["view:summary"])),
  "kb viewer and editor": ask({ id: "kv", roles: ["kb_viewer", "editor"], attr: { clearance: 3 } },
    doc({ classification: "secret", author: "kv" }, ["view:summary", "edit"])),
  "ops agent views a document of a version without a policy": ask({ id: "ops-agent", roles: ["guest"] },
    doc({}, ["view", "purge"], { policyVersion: "v3" })),
  "ops agent views a document of version 2": ask({ id: "ops-agent", roles: ["guest"] },
    doc({}, ["view", "purge", "edit"], { policyVersion: "v2" })),
  "ops agent with principal policyVersion v2": ask({ id: "ops-agent", roles: ["guest"], policyVersion: "v2" },
    doc({}, ["view", "purge", "move"])),
  "ops agent as kb viewer on a folder": ask({ id: "ops-agent", roles: ["kb_viewer"] },
    { resource: { kind: "folder", id: "f", attr: {} }, actions: ["view", "move", "purge"] }),
  "ops agent in a scope without policies": ask({ id: "ops-agent", roles: ["admin"] },
    doc({ legal_hold: false }, ["view", "move", "purge"], { scope: "kb" })),
  "version 2": ask(editor, doc({}, ["view", "edit", "view:x"], { policyVersion: "v2" })),
  "version without a policy": ask(editor, doc({ classification: "public" }, ["view"], { policyVersion: "v3" })),
  "many actions": ask({ id: "su", roles: ["superuser", "contractor"] }, doc({ classification: "public", tags: ["draft"] }, [
    "view", "view:summary", "report:x:read", "edit", "comment", "move", "delete", "share", "publish", "export", "purge",
    "transfer", "pin"])),
};
