// Runs wrk (one thread, pinned to a core) POSTing the JSON body of a file to a URL, through
// post_body.lua, and reads its figures.
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), "post_body.lua");

// Returns {requestsPerSecond, p50Us, p99Us, requests}; throws when any request failed: a socket
// error, a timeout or an answer that is not 2xx/3xx (wrk's "Non-2xx or 3xx responses").
// `headers`: extra request headers ({name: value}).
export async function runWrk({ url, requestFile, headers = {}, connections, seconds, core }) {
  const args = ["-c", String(core), "wrk", "-t1", `-c${connections}`, `-d${seconds}s`, "--latency"];
  args.push("-s", SCRIPT, url);
  const headerLines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join("\n");
  const { stdout } = await promisify(execFile)("taskset", args, {
    env: { ...process.env, BENCH_HTTP_REQUEST: requestFile, BENCH_HTTP_HEADERS: headerLines },
  });
  const line = stdout.split("\n").find((text) => text.startsWith("wrk-summary "));
  if (!line) throw new Error(`wrk printed no summary:\n${stdout}`);
  const summary = JSON.parse(line.slice("wrk-summary ".length));
  const failures = [];
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
  if (non2xx || summary.status_errors > 0) failures.push(`${summary.status_errors} non-2xx answers`);
  for (const kind of ["connect_errors", "read_errors", "write_errors", "timeouts"]) {
    if (summary[kind] > 0) failures.push(`${summary[kind]} ${kind.replace("_", " ")}`);
  }
  if (failures.length) throw new Error(`wrk ${url}: ${failures.join(", ")}\n${stdout}`);
  return {
    requestsPerSecond: summary.requests / (summary.duration_us / 1e6),
    p50Us: summary.p50_us,
    p99Us: summary.p99_us,
    requests: summary.requests,
  };
}
