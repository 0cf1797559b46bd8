// The gateway benchmark (bench/gateway/run): one MCP tools/call, sent by wrk
//   - directly to the upstream (bench_mcp_upstream, a fast C++ MCP server),
//   - through nginx as a plain reverse proxy (upstream keepalive, no access log),
//   - through `portcullis serve`: API-key authentication, the sealed session opened, the body
//     parsed strictly, the call decided by the policy engine on its arguments (a CEL condition),
//     a decision-log line written, the message re-serialised and relayed,
// and reports each path's requests/s and latency, the latency each proxy adds to the direct path,
// and Portcullis's figures relative to nginx's. Then the memory of an idle keep-alive client
// connection in each proxy. Then many streamed LLM answers held open at once through Portcullis
// (POST /v1/chat/completions, stream: true, against a stand-in that sends one chunk a second:
// bench/gateway/sse_streams.mjs): whether all complete, and its memory meanwhile. The proxies
// (one worker each) run on core 0; the upstreams, wrk and the Node clients on core 1.
//
//   node bench/gateway/gateway_bench.mjs BUILD_DIR
//   BENCH_GATEWAY_SECONDS=5 BENCH_GATEWAY_CONNECTIONS="1 16" BENCH_GATEWAY_IDLE_CONNECTIONS=10000
//   BENCH_GATEWAY_STREAMS=10000 BENCH_GATEWAY_STREAM_SECONDS=15
// (no connections, 0 idle connections or 0 streams: that part is skipped)
//   BENCH_GATEWAY_IDLE_POLL=1 (hold /dev/cpu_dma_latency at 0 during the runs, when writable; 0: no)
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { freePort, spawnServer } from "../../tests/differential/cerbos_server.mjs";
import { holdIdlePolling } from "../http/idle_polling.mjs";
import { residentMegabytes } from "../http/servers.mjs";
import { runWrk } from "../http/wrk.mjs";
import { holdStreams } from "./sse_streams.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const BUILD = path.resolve(process.argv[2] ?? "build");
const SECONDS = Number(process.env.BENCH_GATEWAY_SECONDS ?? 5);
const CONNECTIONS = (process.env.BENCH_GATEWAY_CONNECTIONS ?? "1 16").split(/\s+/).map(Number).filter((n) => n > 0);
const IDLE_CONNECTIONS = Number(process.env.BENCH_GATEWAY_IDLE_CONNECTIONS ?? 10000);
const STREAMS = Number(process.env.BENCH_GATEWAY_STREAMS ?? 10000);
const STREAM_SECONDS = Number(process.env.BENCH_GATEWAY_STREAM_SECONDS ?? 15);
const PROXY_CORE = 0;
const CLIENT_CORE = 1;
const API_KEY = "pk-bench-agent";
const PROTOCOL = "2025-06-18";
const CALL = {
  jsonrpc: "2.0", id: 7, method: "tools/call",
  params: { name: "echo", arguments: { text: "hello", amount: 50 } },
};

const MODEL = "bench-model";

const POLICIES = {
  "model.yaml": `apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: model
  version: default
  rules:
    - actions: [invoke]
      effect: EFFECT_ALLOW
      roles: [agent]
      condition:
        match:
          expr: R.attr.tier == "bench" && R.attr.stream == true
`,
  "mcp_server.yaml": `apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: mcp_server
  version: default
  rules:
    - actions: [connect]
      effect: EFFECT_ALLOW
      roles: [agent]
`,
  "mcp_tool.yaml": `apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: mcp_tool
  version: default
  rules:
    - name: echo-small-amounts
      actions: ["bench:echo"]
      effect: EFFECT_ALLOW
      roles: [agent]
      condition:
        match:
          expr: R.attr.args.amount <= 100 && R.attr.category == "bench"
`,
};

function writeFiles(dir, files) {
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
}

async function waitUntil(probe, what, child, log) {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`${what} exited:\n${log()}`);
    try {
      if (await probe()) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} did not start:\n${log()}`);
}

function pinned(core, command, args) {
  return spawnServer("taskset", ["-c", String(core), command, ...args]);
}

const post = (url, body, headers = {}) => fetch(url, {
  method: "POST",
  headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
  body: JSON.stringify(body),
});

// Opens an MCP session at `url`; returns the headers every later request carries.
async function openSession(url, auth = {}) {
  const response = await post(url, {
    jsonrpc: "2.0", id: 1, method: "initialize",
    params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: "bench", version: "1" } },
  }, auth);
  if (!response.ok) throw new Error(`initialize at ${url}: ${response.status} ${await response.text()}`);
  const headers = { ...auth, "Mcp-Session-Id": response.headers.get("mcp-session-id"),
    "MCP-Protocol-Version": PROTOCOL, Accept: "application/json, text/event-stream" };
  await post(url, { jsonrpc: "2.0", method: "notifications/initialized" }, headers);
  const check = await (await post(url, CALL, headers)).json();
  if (check.result?.content?.[0]?.text !== "ok") throw new Error(`tools/call at ${url}: ${JSON.stringify(check)}`);
  return headers;
}

async function startUpstream(work) {
  const port = await freePort();
  const server = pinned(CLIENT_CORE, path.join(BUILD, "bench", "bench_mcp_upstream"),
    ["--port", String(port), "--threads", "1"]);
  const url = `http://127.0.0.1:${port}/mcp`;
  await waitUntil(async () => (await post(url, { jsonrpc: "2.0", method: "ping", id: 0 })).ok,
    "the upstream", server.child, server.log);
  return { name: "direct", url, pid: server.child.pid, stop: server.stop, headers: await openSession(url) };
}

async function startNginx(work, upstreamUrl) {
  const port = await freePort();
  const upstream = new URL(upstreamUrl);
  fs.mkdirSync(path.join(work, "nginx"), { recursive: true });
  const conf = path.join(work, "nginx", "nginx.conf");
  fs.writeFileSync(conf, `worker_processes 1;
daemon off;
master_process off;
pid ${work}/nginx/nginx.pid;
error_log ${work}/nginx/error.log warn;
events { worker_connections ${IDLE_CONNECTIONS + 1024}; }
http {
  access_log off;
  client_body_temp_path ${work}/nginx/body;
  proxy_temp_path ${work}/nginx/proxy;
  fastcgi_temp_path ${work}/nginx/fastcgi;
  uwsgi_temp_path ${work}/nginx/uwsgi;
  scgi_temp_path ${work}/nginx/scgi;
  keepalive_requests 1000000;
  upstream mcp { server ${upstream.host}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location = /healthz { return 200 "ok"; }
    location / {
      proxy_pass http://mcp;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`);
  const server = pinned(PROXY_CORE, "nginx", ["-c", conf, "-p", `${work}/nginx`]);
  const url = `http://127.0.0.1:${port}/mcp`;
  await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, "nginx",
    server.child, server.log);
  return { name: "nginx", url, pid: server.child.pid, stop: server.stop, headers: await openSession(url) };
}

// The slow-streaming LLM stand-in; resolves to its base URL and stop().
async function startSlowStandin() {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "slow_llm_standin.mjs");
  const server = pinned(CLIENT_CORE, process.execPath, [script, "--chunks", String(STREAM_SECONDS)]);
  let url;
  await waitUntil(async () => {
    url = /\{"url":"([^"]+)"\}/.exec(server.log())?.[1];
    return url !== undefined;
  }, "the LLM stand-in", server.child, server.log);
  return { url, stop: server.stop };
}

// A `portcullis serve` of its own (files in a new folder under `work`), so that each memory
// figure starts from a fresh heap.
async function startPortcullis(work, upstreamUrl, llmUrl) {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(work, "portcullis-"));
  const policies = path.join(dir, "policies");
  fs.mkdirSync(policies);
  writeFiles(policies, POLICIES);
  const config = path.join(dir, "portcullis.yaml");
  const sha256 = crypto.createHash("sha256").update(API_KEY).digest("hex");
  fs.writeFileSync(config, `listen:
  address: 127.0.0.1:${port}
identity:
  api_keys:
    - {sha256: ${sha256}, id: bench-agent, roles: [agent]}
policies:
  directory: ${policies}
llm:
  providers:
    - {name: slow, kind: openai, base_url: "${llmUrl}"}
  models:
    - {name: ${MODEL}, provider: slow, attr: {tier: bench}}
mcp:
  servers:
    - {name: bench, url: "${upstreamUrl}", attr: {category: bench}}
  endpoints:
    - {path: /mcp, servers: [bench]}
sessions:
  keys:
    - {id: 1, secret: ${crypto.randomBytes(32).toString("base64")}}
audit:
  decision_log: ${path.join(dir, "decisions.log")}
  access_log: off
`);
  const server = pinned(PROXY_CORE, path.join(BUILD, "portcullis"), ["serve", "-c", config, "--threads", "1"]);
  const url = `http://127.0.0.1:${port}/mcp`;
  await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok, "portcullis",
    server.child, server.log);
  const auth = { Authorization: `Bearer ${API_KEY}` };
  return {
    name: "portcullis", url, pid: server.child.pid, stop: server.stop, auth, headers: await openSession(url, auth),
  };
}

// The bytes of resident memory one idle keep-alive client connection costs `target`: `count`
// connections each send one request and stay open; RSS after minus before, per connection.
async function idleConnectionBytes(target, healthUrl, count) {
  const url = new URL(healthUrl);
  const before = residentMegabytes(target.pid);
  const sockets = [];
  const request = `GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`;
  for (let opened = 0; opened < count; opened += 500) {
    const batch = [];
    for (let i = opened; i < Math.min(count, opened + 500); i += 1) {
      batch.push(new Promise((resolve, reject) => {
        const socket = net.connect(Number(url.port), url.hostname, () => socket.write(request));
        socket.once("data", () => resolve(socket));
        socket.once("error", reject);
      }));
    }
    sockets.push(...(await Promise.all(batch)));
  }
  await new Promise((resolve) => setTimeout(resolve, 2000));  // Portcullis trims idle buffers after 1 s
  const after = residentMegabytes(target.pid);
  for (const socket of sockets) socket.destroy();
  return ((after - before) * 1024 * 1024) / count;
}

// The soft limit on open files of process `pid`.
function openFileLimit(pid) {
  return Number(/^Max open files\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/limits`, "utf8"))[1]);
}

const format = (value, digits = 0) => value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-gateway-bench-"));
  const targets = [];
  const others = [];
  try {
    const upstream = await startUpstream(work);
    targets.push(upstream);
    targets.push(await startNginx(work, upstream.url));
    const standin = await startSlowStandin();
    others.push(standin);
    targets.push(await startPortcullis(work, upstream.url, standin.url));
    const requestFile = path.join(work, "call.json");
    fs.writeFileSync(requestFile, JSON.stringify(CALL));

    const idle = holdIdlePolling(process.env.BENCH_GATEWAY_IDLE_POLL !== "0");
    console.log(`machine: ${os.cpus().length} × ${os.cpus()[0].model}, Linux ${os.release()}, ` +
      `load average ${os.loadavg()[0].toFixed(2)} at start; ${idle}`);
    if (CONNECTIONS.length > 0) console.log(`tools/call, ${SECONDS} s per run; proxies on core ${PROXY_CORE} (1 worker), upstream and wrk on core ${CLIENT_CORE}`);
    for (const connections of CONNECTIONS) {
      const results = {};
      for (const target of targets) {
        await runWrk({ url: target.url, requestFile, headers: target.headers, connections, seconds: 1, core: CLIENT_CORE });
        results[target.name] = await runWrk({
          url: target.url, requestFile, headers: target.headers, connections, seconds: SECONDS, core: CLIENT_CORE,
        });
      }
      const direct = results.direct;
      console.log(`\n${connections} connection(s)`);
      console.log("| path | req/s | p50 µs | p99 µs | added p50 µs | added p99 µs |");
      console.log("|---|---|---|---|---|---|");
      for (const [name, result] of Object.entries(results)) {
        const added = name === "direct" ? ["", ""] : [format(result.p50Us - direct.p50Us, 1), format(result.p99Us - direct.p99Us, 1)];
        console.log(`| ${name} | ${format(result.requestsPerSecond)} | ${format(result.p50Us, 1)} | ${format(result.p99Us, 1)} | ${added[0]} | ${added[1]} |`);
      }
      const ours = results.portcullis;
      const theirs = results.nginx;
      const ratio = (a, b) => (b > 0 ? format(a / b, 2) : "n/a");
      console.log(`portcullis / nginx: added latency p50 ${ratio(ours.p50Us - direct.p50Us, theirs.p50Us - direct.p50Us)}x, ` +
        `p99 ${ratio(ours.p99Us - direct.p99Us, theirs.p99Us - direct.p99Us)}x (target <= 1.2); ` +
        `req/s ${ratio(ours.requestsPerSecond, theirs.requestsPerSecond)}x (target >= 0.8)`);
    }

    const nginx = targets.find((target) => target.name === "nginx");
    const portcullis = targets.find((target) => target.name === "portcullis");
    if (IDLE_CONNECTIONS > 0) await reportIdleConnections(nginx, portcullis);
    if (STREAMS > 0) {
      const streaming = await startPortcullis(work, upstream.url, standin.url);
      others.push(streaming);
      await reportStreams(streaming);
    }
  } finally {
    await Promise.all([...targets, ...others].map((server) => server.stop()));
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function reportIdleConnections(nginx, portcullis) {
  console.log(`\nMemory per idle keep-alive client connection (${IDLE_CONNECTIONS} connections, RSS after - before):`);
  const nginxBytes = await idleConnectionBytes(nginx, nginx.url.replace("/mcp", "/healthz"), IDLE_CONNECTIONS);
  const ourBytes = await idleConnectionBytes(portcullis, portcullis.url.replace("/mcp", "/healthz"), IDLE_CONNECTIONS);
  console.log(`| nginx | ${format(nginxBytes / 1024, 1)} kB |`);
  console.log(`| portcullis | ${format(ourBytes / 1024, 1)} kB | (target <= 10 kB)`);
}

// STREAMS streamed chat completions held open together through `portcullis`.
async function reportStreams(portcullis) {
  const limit = openFileLimit(portcullis.pid);
  console.log(`\n${format(STREAMS)} concurrent streamed LLM answers through portcullis (POST /v1/chat/completions, ` +
    `stream: true; ${STREAM_SECONDS} chunks, one a second, each); its open-file limit: ${format(limit)} ` +
    `(a stream holds two: the client's connection and the provider's)`);
  const result = await holdStreams({
    url: portcullis.url.replace("/mcp", "/v1/chat/completions"),
    headers: portcullis.auth,
    body: { model: MODEL, stream: true, messages: [{ role: "user", content: "count slowly" }] },
    count: STREAMS,
    chunks: STREAM_SECONDS,
    pid: portcullis.pid,
  });
  const perStream = ((result.rampMb - result.baselineMb) * 1024) / Math.max(result.openAfterRamp, 1);
  console.log("| streams | completed | most open at once | all begun after | open then | RSS before | RSS then | per open stream | RSS peak |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  console.log(`| ${format(STREAMS)} | ${format(result.completed)} | ${format(result.peakOpen)} | ` +
    `${format(result.rampSeconds, 1)} s | ${format(result.openAfterRamp)} | ${format(result.baselineMb, 1)} MB | ` +
    `${format(result.rampMb, 1)} MB | ${format(perStream, 1)} kB | ${format(result.peakMb, 1)} MB |`);
  if (Object.keys(result.failures).length > 0) console.log(`failed: ${JSON.stringify(result.failures)}`);
}

await main();
