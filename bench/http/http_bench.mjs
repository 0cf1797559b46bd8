// The HTTP benchmark (bench/http/run): `portcullis pdp` and Cerbos 0.55.0 serve the agent-gateway
// policies of the differential corpus; wrk POSTs one CheckResources request (one principal, one
// resource, one action: a support agent's refund of 50) at several connection counts, to both
// servers in the same run. Then both load the same set padded with 1,000 policies, and their
// resident memory is read. Servers run on core 0, wrk on core 1.
//
//   node bench/http/http_bench.mjs BUILD_DIR
//   BENCH_HTTP_SECONDS=10 BENCH_HTTP_WARMUP_SECONDS=3 BENCH_HTTP_CONNECTIONS="1 16 64"
//   BENCH_HTTP_ROUNDS=1 (runs per server and count, alternating; the median one is reported)
//   BENCH_HTTP_PDP_THREADS=1 (pdp worker threads; the servers have one core)
//   BENCH_HTTP_IDLE_POLL=1 (hold /dev/cpu_dma_latency at 0 during the runs, when writable; 0: no)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";

import { holdIdlePolling } from "./idle_polling.mjs";
import { writePaddedPolicySet } from "./padding_policies.mjs";
import {
  cpuSeconds,
  residentMegabytes,
  startCerbos,
  startPortcullis,
  writeServerConfig,
} from "./servers.mjs";
import { runWrk } from "./wrk.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");
const POLICIES = path.join(ROOT, "tests", "differential", "corpus", "agent_gateway");
const REQUEST_FILE = path.join(HERE, "check_resources.json");
const SERVER_CORE = 0;
const WRK_CORE = 1;
const PADDING = 1000;
const TARGET_RATIO = 20;
const TARGET_RSS_MB = 30;

const settings = {
  seconds: Number(process.env.BENCH_HTTP_SECONDS ?? 10),
  warmupSeconds: Number(process.env.BENCH_HTTP_WARMUP_SECONDS ?? 3),
  connections: (process.env.BENCH_HTTP_CONNECTIONS ?? "1 16 64").trim().split(/\s+/).map(Number),
  rounds: Number(process.env.BENCH_HTTP_ROUNDS ?? 1),
  pdpThreads: Number(process.env.BENCH_HTTP_PDP_THREADS ?? 1),
};

// The decision part of a CheckResources answer (the call id differs per call).
async function decide(server, body) {
  const response = await fetch(`${server.baseUrl}/api/check/resources`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${server.name}: HTTP ${response.status}: ${text}`);
  const { cerbosCallId, ...decision } = JSON.parse(text);
  return decision;
}

// Both servers' decision for `body`; throws unless they are identical.
async function sameDecision({ portcullis, cerbos }, body) {
  const [ours, theirs] = [await decide(portcullis, body), await decide(cerbos, body)];
  if (!isDeepStrictEqual(ours, theirs)) {
    throw new Error(
      `the servers disagree, benchmark aborted:\n  portcullis: ${JSON.stringify(ours)}\n` +
        `  cerbos:     ${JSON.stringify(theirs)}`,
    );
  }
  return ours;
}

// Both servers on `policyDir`, pinned to the servers' core; `use(servers)` runs while they serve.
async function withServers(binary, policyDir, workDir, use) {
  const config = await writeServerConfig(policyDir, workDir);
  const cerbos = await startCerbos(config, SERVER_CORE);
  let portcullis;
  try {
    portcullis = await startPortcullis(binary, policyDir, config, SERVER_CORE, settings.pdpThreads);
    return await use({ portcullis, cerbos });
  } finally {
    await Promise.all([cerbos.stop(), portcullis?.stop()]);
  }
}

// wrk's figures, plus the server's CPU time per request (user + system): unlike requests per
// second, it hardly changes when other processes share the machine.
async function load(server, requestFile, connections, seconds) {
  const cpuBefore = cpuSeconds(server.pid);
  const result = await runWrk({
    url: `${server.baseUrl}/api/check/resources`,
    requestFile,
    connections,
    seconds,
    core: WRK_CORE,
  });
  const cpuUsPerRequest = ((cpuSeconds(server.pid) - cpuBefore) * 1e6) / result.requests;
  return { ...result, cpuUsPerRequest };
}

// The run with the median throughput.
function median(runs) {
  const sorted = [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

// A warm-up, then each connection count on Portcullis and on Cerbos, one after the other (in
// rounds, so that a burst of other work on the machine does not fall on one server only).
async function loadRuns({ portcullis, cerbos }, requestFile) {
  for (const server of [portcullis, cerbos]) {
    await load(server, requestFile, 16, settings.warmupSeconds);
  }
  const results = [];
  for (const connections of settings.connections) {
    const ours = [];
    const theirs = [];
    for (let round = 0; round < settings.rounds; ++round) {
      ours.push(await load(portcullis, requestFile, connections, settings.seconds));
      theirs.push(await load(cerbos, requestFile, connections, settings.seconds));
    }
    results.push({ connections, ours: median(ours), theirs: median(theirs) });
  }
  return results;
}

const residentMemory = ({ portcullis, cerbos }) => ({
  ours: residentMegabytes(portcullis.pid),
  theirs: residentMegabytes(cerbos.pid),
});

const number = (value) => Math.round(value).toLocaleString("en-US");
const latency = (us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${Math.round(us)} µs`);
const megabytes = (mb) => `${mb.toFixed(1)} MB`;

function printTable(header, rows) {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((r) => r[i].length)));
  // The first column (a label) aligned left, the figures right.
  const pad = (cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]));
  const line = (cells) => `| ${cells.map(pad).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const row of rows) console.log(line(row));
}

function printThroughput(results) {
  printTable(
    [
      "connections",
      "Portcullis req/s",
      "Cerbos req/s",
      "ratio",
      "Portcullis p50 / p99",
      "Cerbos p50 / p99",
      "server CPU per request",
    ],
    results.map(({ connections, ours, theirs }) => [
      String(connections),
      number(ours.requestsPerSecond),
      number(theirs.requestsPerSecond),
      `${(ours.requestsPerSecond / theirs.requestsPerSecond).toFixed(1)}×`,
      `${latency(ours.p50Us)} / ${latency(ours.p99Us)}`,
      `${latency(theirs.p50Us)} / ${latency(theirs.p99Us)}`,
      `${ours.cpuUsPerRequest.toFixed(1)} µs / ${theirs.cpuUsPerRequest.toFixed(0)} µs`,
    ]),
  );
  const met = results.every(
    ({ ours, theirs }) =>
      ours.requestsPerSecond >= TARGET_RATIO * theirs.requestsPerSecond && ours.p99Us < theirs.p99Us,
  );
  console.log(
    `target ≥ ${TARGET_RATIO}× Cerbos's req/s with a lower p99 at every count: ` +
      `${met ? "met" : "NOT met"}\n`,
  );
}

function printMemory(afterLoad, padded) {
  printTable(
    ["policy set", "Portcullis RSS", "Cerbos RSS"],
    [
      ["agent-gateway, after the load runs", megabytes(afterLoad.ours), megabytes(afterLoad.theirs)],
      [
        `the same + ${number(PADDING)} policies, after 100 requests`,
        megabytes(padded.ours),
        megabytes(padded.theirs),
      ],
    ],
  );
  console.log(
    `target RSS ≤ ${TARGET_RSS_MB} MB with ${number(PADDING)} policies: ` +
      `${padded.ours <= TARGET_RSS_MB ? "met" : "NOT met"}`,
  );
}

async function main() {
  const build = path.resolve(process.argv[2] ?? "build");
  const binary = path.join(build, "portcullis");
  if (!fs.existsSync(binary)) throw new Error(`${binary} not found (build it first)`);
  if (os.cpus().length < 2) throw new Error("needs 2 cores: servers on core 0, wrk on core 1");
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-bench-http-"));
  process.on("exit", () => fs.rmSync(workDir, { recursive: true, force: true }));
  // Sent compact, as JSON.stringify in the Cerbos SDKs writes it.
  const body = JSON.stringify(JSON.parse(fs.readFileSync(REQUEST_FILE, "utf8")));
  const requestFile = path.join(workDir, "request.json");
  fs.writeFileSync(requestFile, body);

  const idle = holdIdlePolling(process.env.BENCH_HTTP_IDLE_POLL !== "0");
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0].model}, Linux ${os.release()}, ` +
      `load average ${os.loadavg()[0].toFixed(2)} at start; ${idle}`,
  );
  console.log(
    `servers pinned to core ${SERVER_CORE} (pdp --threads ${settings.pdpThreads}; Cerbos's Go ` +
      `runtime sees one core), wrk -t1 pinned to core ${WRK_CORE}; ${settings.seconds} s per ` +
      `run (median of ${settings.rounds}) after a ${settings.warmupSeconds} s warm-up; policies ${path.relative(ROOT, POLICIES)}, ` +
      `request ${path.relative(ROOT, REQUEST_FILE)} (${body.length} bytes)`,
  );

  const { results, afterLoad } = await withServers(binary, POLICIES, workDir, async (servers) => {
    const decision = await sameDecision(servers, body);
    const effects = decision.results.map((result) => JSON.stringify(result.actions)).join(" ");
    console.log(`both servers decide ${effects}\n`);
    const results = await loadRuns(servers, requestFile);
    return { results, afterLoad: residentMemory(servers) };
  });
  printThroughput(results);

  const paddedDir = path.join(workDir, "padded");
  writePaddedPolicySet(POLICIES, paddedDir, PADDING);
  const padded = await withServers(binary, paddedDir, workDir, async (servers) => {
    for (let i = 0; i < 100; ++i) await sameDecision(servers, body);
    return residentMemory(servers);
  });
  printMemory(afterLoad, padded);
}

main().catch((error) => {
  console.error(`bench/http: ${error.message}`);
  process.exit(1);
});
