// Starts the two servers of the HTTP benchmark on free loopback ports, each pinned to one core with
// taskset: `portcullis pdp` and the real Cerbos (npm @cerbos/cerbos-linux-x64, pinned 0.55.0).
// Process handling is the differential suite's (which also kills every server when this process
// exits).
import fs from "node:fs";
import path from "node:path";

import {
  CERBOS_BIN,
  cerbosConfig,
  freePort,
  spawnServer,
  waitForHealth,
} from "../../tests/differential/cerbos_server.mjs";

async function distinctFreePorts(count) {
  const ports = new Set();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

// The resident set size of a process in MB (VmRSS of /proc/PID/status).
export function residentMegabytes(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kilobytes = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)[1]);
  return kilobytes / 1024;
}

// The CPU time a process has used so far, in seconds (utime + stime of /proc/PID/stat).
export function cpuSeconds(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces) start at its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticksPerSecond = 100; // USER_HZ, 100 on every Linux architecture in use
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

// Runs `command args` on `core` (taskset execs it, so the child's pid is the server's) and waits
// until it serves `baseUrl`. Returns {name, baseUrl, pid, stop()}.
async function startPinned(name, core, command, args, baseUrl) {
  const server = spawnServer("taskset", ["-c", String(core), command, ...args]);
  try {
    await waitForHealth(baseUrl, server.child, server.log, 60000, name);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { name, baseUrl, pid: server.child.pid, stop: server.stop };
}

// The config both servers read: Cerbos's listeners and disk store, no watching, telemetry off
// (audit is off by default in both). Portcullis reads the same file (-c) and ignores the sections
// it has no use for (the listeners and the directory are its flags). Returns the file's path and
// Cerbos's HTTP port.
export async function writeServerConfig(policyDir, workDir) {
  const [httpPort, grpcPort] = await distinctFreePorts(2);
  const file = path.join(workDir, `config-${httpPort}.yaml`);
  fs.writeFileSync(file, cerbosConfig(httpPort, grpcPort, policyDir));
  return { file, cerbosPort: httpPort };
}

// `portcullis pdp` with `threads` workers, on its own port.
export async function startPortcullis(binary, policyDir, config, core, threads) {
  const [port] = await distinctFreePorts(1);
  const args = ["pdp", "-c", config.file, "--policies", policyDir, "--http", `127.0.0.1:${port}`];
  args.push("--threads", String(threads));
  return startPinned("portcullis", core, binary, args, `http://127.0.0.1:${port}`);
}

// Cerbos, logging warnings only (no per-request work beyond the decision).
export async function startCerbos(config, core) {
  const args = ["server", `--config=${config.file}`, "--log-level=warn"];
  return startPinned("cerbos", core, CERBOS_BIN, args, `http://127.0.0.1:${config.cerbosPort}`);
}
