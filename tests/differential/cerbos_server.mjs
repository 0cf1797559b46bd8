// Starts the real Cerbos PDP (npm @cerbos/cerbos-linux-x64, pinned) on free loopback ports for a
// policy directory, and stops it. Every started server is also killed when the process exits.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const CERBOS_BIN = path.join(ROOT, "node_modules", "@cerbos", "cerbos-linux-x64", "cerbos-linux-x64");

const running = new Set();
const killAll = () => {
  for (const child of running) child.kill("SIGKILL");
};
process.on("exit", killAll);
// A ctest timeout or Ctrl-C must not leave a Cerbos behind: neither a signal to this process nor
// the end of the `node --test` runner that started it (which does not forward signals).
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    killAll();
    process.exit(128 + (signal === "SIGINT" ? 2 : 15));
  });
}
const parent = process.ppid;
setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch {
    killAll();
    process.exit(1);
  }
}, 500).unref();

// A port nobody listens on right now (the kernel's choice for an ephemeral bind).
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// The Cerbos config: loopback listeners, the disk store, and the corpus's engine section (raw YAML).
export function cerbosConfig(httpPort, grpcPort, policyDir, engineYaml) {
  return [
    "server:",
    `  httpListenAddr: 127.0.0.1:${httpPort}`,
    `  grpcListenAddr: 127.0.0.1:${grpcPort}`,
    "storage:",
    "  driver: disk",
    "  disk:",
    `    directory: ${JSON.stringify(policyDir)}`,
    "    watchForChanges: false",
    "telemetry:",
    "  disabled: true",
    engineYaml ?? "",
  ].join("\n");
}

// Waits until the server `child` (named `name` in errors) answers `GET baseUrl/_cerbos/health`
// with SERVING.
export async function waitForHealth(baseUrl, child, log, timeoutMs, name = "cerbos") {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(`${baseUrl}/_cerbos/health`);
      if (response.ok && (await response.json()).status === "SERVING") return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} did not become healthy in ${timeoutMs} ms:\n${log()}`);
}

// Spawns a server process (killed when this one exits), keeping the end of its output for error
// messages. Returns {child, log(), stop()}; stop ends it: SIGTERM, SIGKILL after 3 s.
export function spawnServer(command, args, env = process.env) {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env });
  running.add(child);
  let output = "";
  const keep = (chunk) => {
    output = (output + chunk).slice(-20000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const stop = () =>
    new Promise((resolve) => {
      running.delete(child);
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 3000).unref();
    });
  return { child, log: () => output, stop };
}

// Returns {baseUrl, stop()}; the server serves `policyDir` with the optional `engine:` YAML block.
export async function startCerbos(policyDir, engineYaml) {
  const httpPort = await freePort();
  let grpcPort = await freePort();
  while (grpcPort === httpPort) grpcPort = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-differential-"));
  const configFile = path.join(dir, "cerbos.yaml");
  fs.writeFileSync(configFile, cerbosConfig(httpPort, grpcPort, policyDir, engineYaml));

  const server = spawnServer(CERBOS_BIN, ["server", `--config=${configFile}`], {
    ...process.env,
    CERBOS_NO_TELEMETRY: "1",
  });
  const stop = () =>
    server.stop().finally(() => fs.rmSync(dir, { recursive: true, force: true }));

  const baseUrl = `http://127.0.0.1:${httpPort}`;
  try {
    await waitForHealth(baseUrl, server.child, server.log, 30000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, stop, log: server.log };
}

// POST /api/check/resources; returns {ok, status, body} with the parsed JSON body.
export async function cerbosCheck(baseUrl, requestText) {
  const response = await fetch(`${baseUrl}/api/check/resources`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: requestText,
  });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = { unparsable: text };
  }
  return { ok: response.ok, status: response.status, body };
}
