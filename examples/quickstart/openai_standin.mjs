// A LOCAL STAND-IN for an LLM provider, for the quickstart and the tests — not OpenAI, not
// Anthropic, no model behind it. It speaks the wire formats clients expect so that the gateway can
// be tried without an account:
//
//   POST /v1/chat/completions   OpenAI Chat Completions, with and without `stream: true` (SSE
//                               chunks, a final usage chunk when stream_options.include_usage)
//   POST /v1/messages           Anthropic Messages (max_tokens required), with and without stream
//   GET  /v1/models             the models it answers for (any name is accepted)
//   GET  /standin/requests      what it received (method, path, headers, body; newest last), so
//                               tests can check what a gateway forwarded; DELETE clears it
//
// Every answer is canned: "Stand-in answer from <model>: you said \"<last user text>\"".
//
//   node examples/quickstart/openai_standin.mjs [--port 7100]     (or STANDIN_PORT; 0: any)
//
// It prints {"url": "http://127.0.0.1:<port>"} once listening. For real providers, see the
// commented provider entries in portcullis.yaml.
import http from "node:http";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

const MAX_BODY_BYTES = 4 << 20;
const MAX_RECORDED = 200;

// Whitespace-separated words, a rough token count that is the same for every run.
const countTokens = (text) => (text.match(/\S+/g) ?? []).length;

// The text of the last user message (string content or text parts), in either API's shape.
function lastUserText(messages) {
  const user = [...(messages ?? [])].reverse().find((message) => message?.role === "user");
  if (!user) return "";
  if (typeof user.content === "string") return user.content;
  if (Array.isArray(user.content)) {
    return user.content.filter((part) => part?.type === "text").map((part) => part.text).join(" ");
  }
  return "";
}

function promptTokens(body) {
  const texts = (body.messages ?? []).map((m) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content)));
  if (typeof body.system === "string") texts.push(body.system);
  return countTokens(texts.join(" "));
}

const answerFor = (body) => `Stand-in answer from ${body.model}: you said "${lastUserText(body.messages)}"`;

// The answer cut into the pieces a stream sends (words with their following space).
const pieces = (answer) => answer.match(/\S+\s*/g) ?? [answer];

function sendJson(res, status, value) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

function openAiError(res, status, message, type = "invalid_request_error", param = null) {
  sendJson(res, status, { error: { message, type, param, code: null } });
}

function anthropicError(res, status, message, type = "invalid_request_error") {
  sendJson(res, status, { type: "error", error: { type, message } });
}

function startEventStream(res) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
}

function chatCompletions(body, res, ids) {
  if (typeof body.model !== "string" || !Array.isArray(body.messages) || body.messages.length === 0) {
    return openAiError(res, 400, "model and a non-empty messages array are required", "invalid_request_error",
                       typeof body.model !== "string" ? "model" : "messages");
  }
  const id = `chatcmpl-standin-${ids.next()}`;
  const created = Math.floor(Date.now() / 1000);
  const answer = answerFor(body);
  const usage = {
    prompt_tokens: promptTokens(body),
    completion_tokens: countTokens(answer),
    total_tokens: promptTokens(body) + countTokens(answer),
  };
  if (body.stream !== true) {
    return sendJson(res, 200, {
      id, object: "chat.completion", created, model: body.model, system_fingerprint: "standin",
      choices: [{ index: 0, message: { role: "assistant", content: answer, refusal: null }, logprobs: null, finish_reason: "stop" }],
      usage,
    });
  }
  const includeUsage = body.stream_options?.include_usage === true;
  const chunk = (choices, extra = {}) => `data: ${JSON.stringify({
    id, object: "chat.completion.chunk", created, model: body.model, system_fingerprint: "standin", choices,
    ...(includeUsage ? { usage: null } : {}), ...extra,
  })}\n\n`;
  startEventStream(res);
  res.write(chunk([{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }]));
  for (const piece of pieces(answer)) {
    res.write(chunk([{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }]));
  }
  res.write(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }]));
  if (includeUsage) res.write(chunk([], { usage }));
  res.end("data: [DONE]\n\n");
}

function messages(body, res, ids) {
  if (typeof body.model !== "string" || !Array.isArray(body.messages) || body.messages.length === 0) {
    return anthropicError(res, 400, "model and a non-empty messages array are required");
  }
  if (!Number.isInteger(body.max_tokens) || body.max_tokens < 1) {
    return anthropicError(res, 400, "max_tokens: Field required");
  }
  const id = `msg_standin_${ids.next()}`;
  const answer = answerFor(body);
  const usage = { input_tokens: promptTokens(body), output_tokens: countTokens(answer) };
  const message = { id, type: "message", role: "assistant", model: body.model, content: [], stop_reason: null, stop_sequence: null };
  if (body.stream !== true) {
    return sendJson(res, 200, { ...message, content: [{ type: "text", text: answer }], stop_reason: "end_turn", usage });
  }
  const event = (type, data) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  startEventStream(res);
  event("message_start", { message: { ...message, usage: { input_tokens: usage.input_tokens, output_tokens: 0 } } });
  event("content_block_start", { index: 0, content_block: { type: "text", text: "" } });
  for (const piece of pieces(answer)) event("content_block_delta", { index: 0, delta: { type: "text_delta", text: piece } });
  event("content_block_stop", { index: 0 });
  event("message_delta", { delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
  event("message_stop", {});
  res.end();
}

// Starts the stand-in. Resolves to { url, port, requests, close() }; `requests` is the live list
// of what it received.
export async function startStandin({ port = 0, host = "127.0.0.1" } = {}) {
  const requests = [];
  let counter = 0;
  const ids = { next: () => ++counter };
  const server = http.createServer((req, res) => {
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => {
      const path = new URL(req.url, "http://standin").pathname;
      if (path === "/standin/requests") {
        if (req.method === "DELETE") requests.length = 0;
        return sendJson(res, 200, requests);
      }
      const text = Buffer.concat(chunks).toString("utf8");
      let body = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = undefined;
      }
      requests.push({ method: req.method, path, headers: req.headers, body: body === undefined ? text : body });
      if (requests.length > MAX_RECORDED) requests.shift();

      if (req.method === "GET" && path === "/v1/models") {
        return sendJson(res, 200, { object: "list", data: [{ id: "standin", object: "model", created: 0, owned_by: "standin" }] });
      }
      const anthropic = path === "/v1/messages";
      if (req.method !== "POST" || (path !== "/v1/chat/completions" && !anthropic)) {
        return anthropic ? anthropicError(res, 404, "not found", "not_found_error")
                         : openAiError(res, 404, `no route ${req.method} ${path} on the stand-in`, "not_found_error");
      }
      if (size > MAX_BODY_BYTES) {
        return anthropic ? anthropicError(res, 413, "request too large", "request_too_large")
                         : openAiError(res, 413, "request too large");
      }
      if (body === undefined || body === null || typeof body !== "object" || Array.isArray(body)) {
        return anthropic ? anthropicError(res, 400, "the body must be a JSON object")
                         : openAiError(res, 400, "the body must be a JSON object");
      }
      return anthropic ? messages(body, res, ids) : chatCompletions(body, res, ids);
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const actualPort = server.address().port;
  return {
    url: `http://${host}:${actualPort}`,
    port: actualPort,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { port: { type: "string" } } });
  const port = Number(values.port ?? process.env.STANDIN_PORT ?? 7100);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`not a port: ${values.port}`);
  const standin = await startStandin({ port });
  console.log(JSON.stringify({ url: standin.url }));
  const stop = () => standin.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
