// A slow-streaming stand-in for an OpenAI-compatible provider, for the concurrent-streams part of
// the gateway benchmark (bench/gateway/sse_streams.mjs): every POST /v1/chat/completions with
// `stream: true` is answered with an event stream of `--chunks` content chunks, one every
// `--interval-ms` (each stream on its own timer, so that thousands of streams do not tick in
// step), then the finish chunk, the usage chunk and `data: [DONE]`. The content of chunk i is
// "tick <i> ", so a client can check that every chunk arrived, in order. Anything else is a 400.
// Not a model and not a provider: canned chunks only.
//
//   node bench/gateway/slow_llm_standin.mjs [--chunks 15] [--interval-ms 1000]
//
// Prints {"url": "http://127.0.0.1:<port>/v1"} (the provider's base_url) once listening.
import http from "node:http";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { chunks: { type: "string", default: "15" }, "interval-ms": { type: "string", default: "1000" } },
});
const CHUNKS = Number(values.chunks);
const INTERVAL_MS = Number(values["interval-ms"]);

function refuse(res, message) {
  res.writeHead(400, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: { message, type: "invalid_request_error", param: null, code: null } }));
}

let streams = 0;

function stream(body, res) {
  const id = `chatcmpl-slow-${++streams}`;
  const created = Math.floor(Date.now() / 1000);
  const chunk = (choices, extra = {}) => `data: ${JSON.stringify({
    id, object: "chat.completion.chunk", created, model: body.model, choices, usage: null, ...extra,
  })}\n\n`;
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.write(chunk([{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }]));
  let sent = 0;
  const timer = setInterval(() => {
    sent += 1;
    res.write(chunk([{ index: 0, delta: { content: `tick ${sent} ` }, finish_reason: null }]));
    if (sent < CHUNKS) return;
    clearInterval(timer);
    res.write(chunk([{ index: 0, delta: {}, finish_reason: "stop" }]));
    res.write(chunk([], { usage: { prompt_tokens: 1, completion_tokens: 2 * CHUNKS, total_tokens: 1 + 2 * CHUNKS } }));
    res.end("data: [DONE]\n\n");
  }, INTERVAL_MS);
  res.on("close", () => clearInterval(timer));
}

const server = http.createServer((req, res) => {
  const parts = [];
  req.on("data", (part) => parts.push(part));
  req.on("end", () => {
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") return refuse(res, `no route ${req.method} ${req.url}`);
    let body;
    try {
      body = JSON.parse(Buffer.concat(parts).toString("utf8"));
    } catch {
      return refuse(res, "the body is not JSON");
    }
    if (body?.stream !== true) return refuse(res, "this stand-in only streams");
    return stream(body, res);
  });
});
// The gateway opens its upstream connections in bursts of hundreds: a backlog beyond Node's 511.
server.listen({ port: 0, host: "127.0.0.1", backlog: 4096 }, () => {
  console.log(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}/v1` }));
});
process.on("SIGTERM", () => process.exit(0));
