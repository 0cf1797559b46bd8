// Hostile clients at the HTTP level against `portcullis serve`, with raw sockets: a client that
// sends its request a byte at a time does not hold up others; malformed framing (a bare LF inside
// a header value smuggling a second header, a request with both Content-Length and
// Transfer-Encoding) is refused with 400 and never reaches an upstream. (An obsolete line folding
// is unfolded into spaces, as RFC 9112 section 5.2 allows; no client header reaches an MCP
// upstream, and only an allowlist reaches an LLM provider.)
import assert from "node:assert/strict";
import net from "node:net";
import { after, before, describe, test } from "node:test";

import { KEYS, startGateway } from "./gateway_process.mjs";

// Sends `raw` on a new connection; resolves to the status of the first answer (0: closed
// without one).
function rawStatus(port, raw) {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(raw));
    let answer = "";
    const status = () => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
    socket.on("data", (chunk) => {
      answer += chunk;
      if (status()) socket.destroy();
    });
    socket.on("close", () => resolve(status()));
    socket.on("error", () => resolve(status()));
  });
}

describe("portcullis serve: hostile transport", () => {
  let gateway;
  let port;
  before(async () => {
    gateway = await startGateway();
    port = Number(new URL(gateway.baseUrl).port);
  });
  after(async () => { assert.equal(await gateway.stop(), 0); });

  const chatRequest = (extraHeaders) => {
    const body = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] });
    return `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
      `Authorization: Bearer ${KEYS.support}\r\nContent-Type: application/json\r\n${extraHeaders}` +
      `Content-Length: ${body.length}\r\n\r\n${body}`;
  };

  test("a client dribbling its request does not hold up the others", async () => {
    const slow = net.connect(port, "127.0.0.1");
    await new Promise((resolve) => slow.once("connect", resolve));
    const request = chatRequest("");
    let sent = 0;
    const dribble = setInterval(() => { if (sent < 40) slow.write(request[sent++]); }, 20);
    try {
      for (let i = 0; i < 5; i += 1) {
        const response = await fetch(`${gateway.baseUrl}/v1/chat/completions`, {
          method: "POST",
          headers: { authorization: `Bearer ${KEYS.support}`, "content-type": "application/json" },
          body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }),
        });
        assert.equal(response.status, 200);
      }
    } finally {
      clearInterval(dribble);
      slow.destroy();
    }
  });

  test("malformed framing is refused and nothing is forwarded", async () => {
    const before = gateway.standin.requests.length;
    const cases = {
      bare_lf_in_value: "X-Note: a\nAuthorization: Bearer pk-demo-manager-0003\r\n",
      content_length_and_chunked: "Transfer-Encoding: chunked\r\n",
    };
    for (const [name, headers] of Object.entries(cases)) {
      assert.equal(await rawStatus(port, chatRequest(headers)), 400, name);
    }
    assert.equal(gateway.standin.requests.length, before);
  });
});
