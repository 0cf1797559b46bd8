// The gateway benchmark (bench/gateway/run): one MCP tools/call, sent by wrk
//   - directly to the upstream (bench_mcp_upstream, a fast C++ MCP server),
//   - through nginx as a plain reverse proxy (upstream keepalive, no access log),
//   - through `portcullis serve`: API-key authentication, the sealed session opened, the body
//     parsed strictly, the call decided by the policy engine on its arguments (a CEL condition),
//     a decision-log line written, the message re-serialised and relayed,
// and reports each path's requests/s and latency, the latency each proxy adds to the direct path,
// and Portcullis's figures relative to nginx's. Then the memory of an idle keep-alive client
// connection in each proxy. The proxies (one worker each) run on core 0; the upstream and wrk on
// core 1.
//
//   node bench/gateway/gateway_bench.mjs BUILD_DIR
//   BENCH_GATEWAY_SECONDS=5 BENCH_GATEWAY_CONNECTIONS="1 16" BENCH_GATEWAY_IDLE_CONNECTIONS=10000
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { freePort, spawnServer } from "../../tests/differential/cerbos_server.mjs";
import { residentMegabytes } from "../http/servers.mjs";
import { runWrk } from "../http/wrk.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const BUILD = path.resolve(process.argv[2] ?? "build");
const SECONDS = Number(process.env.BENCH_GATEWAY_SECONDS ?? 5);
const CONNECTIONS = (process.env.BENCH_GATEWAY_CONNECTIONS ?? "1 16").split(/\s+/).map(Number);
const IDLE_CONNECTIONS = Number(process.env.BENCH_GATEWAY_IDLE_CONNECTIONS ?? 10000);
const PROXY_CORE = 0;
const CLIENT_CORE = 1;
const API_KEY = "pk-bench-agent";
const PROTOCOL = "2025-06-18";
const CALL = {
  jsonrpc: "2.0", id: 7, method: "tools/call",
  params: { name: "echo", arguments: { text: "hello", amount: 50 } },
};

const POLICIES = {
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

async function startPortcullis(work, upstreamUrl) {
  const port = await freePort();
  const policies = path.join(work, "policies");
  fs.mkdirSync(policies);
  writeFiles(policies, POLICIES);
  const config = path.join(work, "portcullis.yaml");
  const sha256 = crypto.createHash("sha256").update(API_KEY).digest("hex");
  fs.writeFileSync(config, `listen:
  address: 127.0.0.1:${port}
identity:
  api_keys:
    - {sha256: ${sha256}, id: bench-agent, roles: [agent]}
policies:
  directory: ${policies}
mcp:
  servers:
    - {name: bench, url: "${upstreamUrl}", attr: {category: bench}}
  endpoints:
    - {path: /mcp, servers: [bench]}
sessions:
  keys:
    - {id: 1, secret: ${crypto.randomBytes(32).toString("base64")}}
audit:
  decision_log: ${path.join(work, "decisions.log")}
  access_log: off
`);
  const server = pinned(PROXY_CORE, path.join(BUILD, "portcullis"), ["serve", "-c", config, "--threads", "1"]);
  const url = `http://127.0.0.1:${port}/mcp`;
  await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok, "portcullis",
    server.child, server.log);
  const auth = { Authorization: `Bearer ${API_KEY}` };
  return { name: "portcullis", url, pid: server.child.pid, stop: server.stop, headers: await openSession(url, auth) };
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

const format = (value, digits = 0) => value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-gateway-bench-"));
  const targets = [];
  try {
    const upstream = await startUpstream(work);
    targets.push(upstream);
    targets.push(await startNginx(work, upstream.url));
    targets.push(await startPortcullis(work, upstream.url));
    const requestFile = path.join(work, "call.json");
    fs.writeFileSync(requestFile, JSON.stringify(CALL));

    console.log(`tools/call, ${SECONDS} s per run; proxies on core ${PROXY_CORE} (1 worker), upstream and wrk on core ${CLIENT_CORE}`);
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

    console.log(`\nMemory per idle keep-alive client connection (${IDLE_CONNECTIONS} connections, RSS after - before):`);
    const nginx = targets.find((target) => target.name === "nginx");
    const portcullis = targets.find((target) => target.name === "portcullis");
    const nginxBytes = await idleConnectionBytes(nginx, nginx.url.replace("/mcp", "/healthz"), IDLE_CONNECTIONS);
    const ourBytes = await idleConnectionBytes(portcullis, portcullis.url.replace("/mcp", "/healthz"), IDLE_CONNECTIONS);
    console.log(`| nginx | ${format(nginxBytes / 1024, 1)} kB |`);
    console.log(`| portcullis | ${format(ourBytes / 1024, 1)} kB | (target <= 10 kB)`);
  } finally {
    await Promise.all(targets.map((target) => target.stop()));
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
