// Puts a Cerbos CheckResources answer and a Portcullis one in a comparable form and lists where
// they differ. Compared: success or error (and the error's code and message), every result's
// resource echo, effects, matched policy and scope, effective derived roles (as a set), outputs (as
// a multiset) and validation errors. Not compared: cerbosCallId.

// JSON text with object keys sorted, so that equal values print equally.
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const sortedBy = (items, key) => [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

function normalizeResult(result) {
  const out = { ...result };
  if (out.meta?.effectiveDerivedRoles) {
    out.meta = { ...out.meta, effectiveDerivedRoles: [...out.meta.effectiveDerivedRoles].sort() };
  }
  if (out.outputs) out.outputs = sortedBy(out.outputs, canonical);
  return out;
}

// The comparable form of an answer {ok, status, body}.
export function normalize(answer) {
  if (!answer.ok) return { error: { code: answer.body.code, message: answer.body.message } };
  const body = { ...answer.body };
  delete body.cerbosCallId;
  if (Array.isArray(body.results)) body.results = body.results.map(normalizeResult);
  // Through JSON text, as a client would see it (e.g. -0 prints as 0).
  return JSON.parse(JSON.stringify(body));
}

// The leaves where two normalized answers differ: [{path, cerbos, portcullis}].
export function differences(cerbos, portcullis, at = "$") {
  const same = canonical(cerbos) === canonical(portcullis);
  if (same) return [];
  const bothObjects =
    cerbos !== null && portcullis !== null && typeof cerbos === "object" && typeof portcullis === "object" &&
    Array.isArray(cerbos) === Array.isArray(portcullis);
  if (!bothObjects || (Array.isArray(cerbos) && cerbos.length !== portcullis.length)) {
    return [{ path: at, cerbos, portcullis }];
  }
  const keys = new Set([...Object.keys(cerbos), ...Object.keys(portcullis)]);
  return [...keys].flatMap((key) => differences(cerbos[key], portcullis[key], `${at}.${key}`));
}
