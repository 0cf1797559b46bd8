// Bearer JWTs through `portcullis serve`, signed by an independent implementation (npm `jose`)
// and verified against a JWK set the gateway fetches from a URL: a valid token reaches both hops
// as its principal (and never goes upstream); expired, forged, wrong-audience and alg:none tokens
// get 401 with an RFC 6750 challenge and nothing reaches an upstream; a key the issuer starts
// signing with is picked up without a restart (kid rotation); an oversized body is refused.
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SignJWT, UnsecuredJWT, exportJWK, generateKeyPair } from "jose";

import { startGateway } from "./gateway_process.mjs";

const ISSUER = "https://idp.portcullis.test";
const AUDIENCE = "portcullis-gateway";

async function makeKey(kid) {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" } };
}

// A JWKS endpoint whose key list the test changes.
async function startJwks() {
  const served = { keys: [], fetches: 0 };
  const server = http.createServer((request, response) => {
    served.fetches += 1;
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ keys: served.keys.map((key) => key.jwk) }));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  served.url = `http://127.0.0.1:${server.address().port}/jwks.json`;
  served.close = () => new Promise((resolve) => server.close(resolve));
  return served;
}

function sign(key, claims = {}, { expiresIn = "5m", audience = AUDIENCE } = {}) {
  return new SignJWT({ roles: ["support"], ...claims })
    .setProtectedHeader({ alg: "ES256", kid: key.kid })
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setSubject("jwt-support-agent")
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key.privateKey);
}

describe("portcullis serve: JWT bearer tokens", () => {
  let gateway;
  let jwks;
  let current;
  const chat = (token, body) => fetch(`${gateway.baseUrl}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: body ?? JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }),
  });

  before(async () => {
    jwks = await startJwks();
    current = await makeKey("key-1");
    jwks.keys = [current];
    gateway = await startGateway({
      edit: (text) => text
        .replace("identity:\n", `identity:\n  jwt:\n    - issuer: ${ISSUER}\n      audiences: [${AUDIENCE}]\n` +
          `      jwks_url: ${jwks.url}\n      claims: {id: sub, roles: roles}\n`)
        .replace("listen:\n", "listen:\n  max_body_bytes: 65536\n"),
    });
    // The gateway listens at once and is ready once it has fetched the issuer's keys.
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if ((await fetch(`${gateway.baseUrl}/readyz`)).status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal((await fetch(`${gateway.baseUrl}/readyz`)).status, 200);
  });
  after(async () => {
    assert.equal(await gateway.stop(), 0);
    await jwks.close();
  });

  test("a valid token is the principal on both hops, and never goes upstream", async () => {
    const token = await sign(current);
    const response = await chat(token);
    assert.equal(response.status, 200, await response.text());
    const seen = gateway.standin.requests.at(-1);
    assert.ok(!JSON.stringify(seen.headers).includes(token.split(".")[2]));

    const client = new Client({ name: "jwt-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gateway.baseUrl}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }));
    const tools = (await client.listTools()).tools.map((tool) => tool.name);
    assert.ok(tools.includes("payments__create_refund"), tools.join());  // the support role's view
    assert.ok(!tools.some((name) => name.startsWith("payroll__")), tools.join());
    await client.close();
  });

  test("bad tokens get 401 with a challenge, and nothing reaches the provider", async () => {
    const before = gateway.standin.requests.length;
    const stranger = await makeKey("key-1");  // same kid, another key: a forgery
    const bad = {
      expired: await sign(current, {}, { expiresIn: Math.floor(Date.now() / 1000) - 3600 }),
      forged: await sign(stranger),
      wrong_audience: await sign(current, {}, { audience: "someone-else" }),
      alg_none: new UnsecuredJWT({ roles: ["manager"] }).setIssuer(ISSUER).setAudience(AUDIENCE)
        .setSubject("jwt-support-agent").setExpirationTime("5m").encode(),
    };
    for (const [name, token] of Object.entries(bad)) {
      const response = await chat(token);
      assert.equal(response.status, 401, name);
      assert.match(response.headers.get("www-authenticate"), /^Bearer .*error="invalid_token"/, name);
      assert.ok(!(await response.text()).includes(token.split(".")[1]), name);
    }
    assert.equal(gateway.standin.requests.length, before);
  });

  test("a key the issuer starts signing with works without a restart", async () => {
    const next = await makeKey("key-2");
    jwks.keys = [current, next];
    const token = await sign(next);
    // The first token with the new kid makes the gateway fetch the set at once (it may itself
    // be refused while the fetch is in flight); no restart, no waiting for the refresh period.
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt += 1) {
      status = (await chat(token)).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(status, 200);
    current = next;
  });

  test("a body over listen.max_body_bytes is refused before anything is decided", async () => {
    const before = gateway.standin.requests.length;
    const huge = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "x".repeat(70000) }] });
    const response = await chat(await sign(current), huge);
    assert.equal(response.status, 413);
    assert.equal(gateway.standin.requests.length, before);
  });
});
