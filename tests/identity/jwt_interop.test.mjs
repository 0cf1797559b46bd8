// Tokens signed by an independent implementation (npm `jose`) verified by the real binary
// (`portcullis token verify`, PORTCULLIS_BIN): each supported algorithm, and the ways a token must
// be refused — expired, not yet valid, wrong issuer or audience, alg confusion (HS256 keyed with
// the RSA public key), alg none, unknown kid, a tampered payload — and kid rotation with the key
// set replaced in the running process.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { before, test } from "node:test";

import { SignJWT, UnsecuredJWT, exportJWK, exportSPKI, generateKeyPair } from "jose";

const BIN = process.env.PORTCULLIS_BIN ?? "build/portcullis";
const ISSUER = "https://idp.example";
const AUDIENCE = "https://gateway.example";

const keys = {};  // alg → {kid, privateKey, publicKey, jwk}
let jwksFile;

async function makeKey(alg, kid, options = {}) {
  const { privateKey, publicKey } = await generateKeyPair(alg, { ...options, extractable: true });
  return { alg, kid, privateKey, publicKey, jwk: { ...(await exportJWK(publicKey)), kid, use: "sig" } };
}

function writeJwks(...entries) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-jwks-"));
  const file = path.join(dir, "jwks.json");
  fs.writeFileSync(file, JSON.stringify({ keys: entries.map((key) => key.jwk) }));
  return file;
}

before(async () => {
  keys.RS256 = await makeKey("RS256", "rsa-2024");
  keys.ES256 = await makeKey("ES256", "ec-2024");
  keys.EdDSA = await makeKey("EdDSA", "ed-2024", { crv: "Ed25519" });
  keys.RS256.jwk.alg = "RS256";  // one key states its alg, the others leave it to be deduced
  jwksFile = writeJwks(keys.RS256, keys.ES256, keys.EdDSA);
});

const now = () => Math.floor(Date.now() / 1000);

function claims(overrides = {}) {
  return { sub: "alice", roles: ["user"], email: "alice@example.com", act: { sub: "agent-7" }, ...overrides };
}

// A token signed by `key` (jose), with registered claims that pass unless overridden.
async function sign(key, { payload = claims(), issuer = ISSUER, audience = AUDIENCE, exp = now() + 600, nbf, kid = key.kid } = {}) {
  let jwt = new SignJWT(payload)
    .setProtectedHeader({ alg: key.alg, kid })
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(exp);
  if (nbf !== undefined) jwt = jwt.setNotBefore(nbf);
  return jwt.sign(key.privateKey);
}

const MAPPING = ["--roles-claim", "roles", "--attr", "email=email", "--on-behalf-of-claim", "act.sub"];

function verify(token, { args = [], jwks = jwksFile } = {}) {
  const run = spawnSync(
    BIN, ["token", "verify", "--jwks", jwks, "--issuer", ISSUER, "--audience", AUDIENCE, ...MAPPING, ...args],
    { input: token, encoding: "utf8" });
  assert.ok(run.stdout, run.stderr);
  return { status: run.status, answer: JSON.parse(run.stdout), stdout: run.stdout };
}

function assertRefused(run, error, token) {
  assert.equal(run.status, 1, run.stdout);
  assert.equal(run.answer.error, error);
  assert.match(run.answer.wwwAuthenticate, /^Bearer error="invalid_token", error_description="[^"]+"$/);
  // The answer never repeats the token (nor its signature).
  assert.ok(!run.stdout.includes(token.split(".")[2] || token), run.stdout);
}

const PRINCIPAL = {
  id: "alice",
  roles: ["user"],
  attr: { email: "alice@example.com", on_behalf_of: "agent-7" },
};

for (const alg of ["RS256", "ES256", "EdDSA"]) {
  test(`accepts a jose ${alg} token and maps its claims`, async () => {
    const run = verify(await sign(keys[alg]));
    assert.equal(run.status, 0, run.stdout);
    assert.deepEqual(run.answer, { principal: PRINCIPAL });
  });
}

test("--token passes the token as an argument", async () => {
  const run = verify("", { args: ["--token", await sign(keys.ES256)] });
  assert.equal(run.status, 0, run.stdout);
  assert.equal(run.answer.principal.id, "alice");
});

test("refuses an expired token", async () => {
  const token = await sign(keys.ES256, { exp: now() - 3600 });
  assertRefused(verify(token), "token_expired", token);
});

test("refuses a token that is not valid yet", async () => {
  const token = await sign(keys.EdDSA, { nbf: now() + 3600 });
  assertRefused(verify(token), "token_not_yet_valid", token);
});

test("refuses a token from another issuer", async () => {
  const token = await sign(keys.RS256, { issuer: "https://evil.example" });
  assertRefused(verify(token), "wrong_issuer", token);
});

test("refuses a token for another audience", async () => {
  const token = await sign(keys.RS256, { audience: ["https://other.example"] });
  assertRefused(verify(token), "wrong_audience", token);
  const ok = await sign(keys.RS256, { audience: ["https://other.example", AUDIENCE] });
  assert.equal(verify(ok).status, 0);
});

test("refuses HS256 keyed with the RSA public key (alg confusion)", async () => {
  const secret = new TextEncoder().encode(await exportSPKI(keys.RS256.publicKey));
  const token = await new SignJWT(claims())
    .setProtectedHeader({ alg: "HS256", kid: keys.RS256.kid })
    .setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime(now() + 600)
    .sign(secret);
  assertRefused(verify(token), "unsupported_algorithm", token);
});

test("refuses alg none", () => {
  const token = new UnsecuredJWT(claims()).setIssuer(ISSUER).setAudience(AUDIENCE)
    .setExpirationTime(now() + 600).encode();
  assert.match(token, /\.$/);
  assertRefused(verify(token), "unsupported_algorithm", token);
});

test("refuses a token whose kid is not in the key set", async () => {
  const stranger = await makeKey("ES256", "ec-unknown");
  const token = await sign(stranger);
  assertRefused(verify(token), "unknown_key", token);
});

test("refuses a token whose payload was changed", async () => {
  const token = await sign(keys.EdDSA);
  const [header, , signature] = token.split(".");
  const forged = Buffer.from(JSON.stringify({ ...claims({ sub: "admin" }), iss: ISSUER, aud: AUDIENCE, exp: now() + 600 }))
    .toString("base64url");
  assertRefused(verify(`${header}.${forged}.${signature}`), "bad_signature", token);
});

test("kid rotation: a replaced key set refuses the old kid and accepts the new one", async () => {
  const next = await makeKey("ES256", "ec-2025");
  const oldToken = await sign(keys.ES256);
  const newToken = await sign(next);
  const lines = [
    { token: oldToken },
    { token: newToken },
    { jwks: { keys: [next.jwk] } },
    { token: oldToken },
    { token: newToken },
    { jwks: { keys: [{ kty: "oct", k: "c2VjcmV0" }] } },  // refused: the current set stays
    { token: newToken },
  ];
  const run = spawnSync(
    BIN, ["token", "verify", "--jwks", jwksFile, "--issuer", ISSUER, "--audience", AUDIENCE, "--jsonl"],
    { input: lines.map((line) => JSON.stringify(line)).join("\n") + "\n", encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const answers = run.stdout.trim().split("\n").map((line) => JSON.parse(line));
  assert.equal(answers.length, lines.length);
  assert.equal(answers[0].principal.id, "alice");
  assert.equal(answers[1].error, "unknown_key");
  assert.deepEqual(answers[2], { keys: 1 });
  assert.equal(answers[3].error, "unknown_key");
  assert.equal(answers[4].principal.id, "alice");
  assert.equal(answers[5].error, "jwks_rejected");
  assert.match(answers[5].description, /private key material/);
  assert.equal(answers[6].principal.id, "alice");
});

test("an unusable JWK set file is an error before any token", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-jwks-"));
  const file = path.join(dir, "jwks.json");
  fs.writeFileSync(file, JSON.stringify({ keys: [{ kty: "RSA", n: "AQAB=", e: "AQAB" }] }));
  const run = spawnSync(BIN, ["token", "verify", "--jwks", file, "--issuer", ISSUER, "--audience", AUDIENCE],
    { input: "x.y.z", encoding: "utf8" });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /no usable key; keys\[0\]: 'n' is not unpadded base64url/);
});
