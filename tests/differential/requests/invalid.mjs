// Turns a valid CheckResources request into one Cerbos rejects (HTTP 400), in one of the ways a
// client gets a request wrong; both engines must reject it with the same error.
const MUTATIONS = [
  (r) => (r.principal.roles = []),
  (r) => (r.principal.roles = [...r.principal.roles, ""]),
  (r) => (r.principal.id = ""),
  (r) => (r.principal.policyVersion = "v.1"),
  (r) => (r.principal.scope = "-bad"),
  (r) => (r.principal.attr = { ...r.principal.attr, "": 1 }),
  (r) => r.resources[0].actions.push(r.resources[0].actions[0]),
  (r) => r.resources[0].actions.push(""),
  (r) => (r.resources[0].actions = []),
  (r) => (r.resources[0].resource.kind = ""),
  (r) => (r.resources[0].resource.id = ""),
  (r) => (r.resources[0].resource.scope = "a..b"),
  (r) => (r.resources = []),
  (r) => delete r.principal,
];

export function invalidated(prng, request) {
  const copy = structuredClone(request);
  prng.pick(MUTATIONS)(copy);
  // Sometimes two errors at once (when the first left a principal and a resource to spoil).
  if (prng.chance(0.3) && copy.principal && copy.resources.length) prng.pick(MUTATIONS)(copy);
  return copy;
}
