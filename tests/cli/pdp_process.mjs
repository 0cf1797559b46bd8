// Running `portcullis pdp` (PORTCULLIS_BIN) in end-to-end tests: start it on a free loopback port,
// read its stderr, stop it with SIGTERM; and polling for what it does asynchronously.
import { spawn } from "node:child_process";

const BIN = process.env.PORTCULLIS_BIN ?? "build/portcullis";
// Generous: a hang fails a test, not a slow machine.
const PATIENCE_MS = 30000;

const running = new Set();

// Kills every pdp still running (for `after`).
export function killAll() {
  for (const child of running) child.kill("SIGKILL");
}

// Starts `portcullis pdp --policies <policies> --http 127.0.0.1:0 <args>`; resolves once its
// startup line is written, with its base URL, everything written to stderr so far (stderr()),
// and stop(), which resolves with the exit code.
export async function startPdp(policies, args = []) {
  const child = spawn(BIN, ["pdp", "--policies", policies, "--http", "127.0.0.1:0", ...args], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  running.add(child);
  let stderr = "";
  child.stderr.setEncoding("utf8");
  const baseUrl = await new Promise((resolve, reject) => {
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      const match = stderr.match(/http:\/\/127\.0\.0\.1:(\d+).*\n/);
      if (match) resolve(`http://127.0.0.1:${match[1]}`);
    });
    child.on("exit", (code) => reject(new Error(`pdp exited with ${code}: ${stderr}`)));
  });
  const stop = () =>
    new Promise((resolve) => {
      running.delete(child);
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once("exit", (code) => resolve(code));
      child.kill("SIGTERM");
    });
  return { baseUrl, stderr: () => stderr, stop };
}

// Runs `portcullis pdp <args>` expecting it not to start; resolves with its exit code and stderr.
export function failingPdp(args) {
  const child = spawn(BIN, ["pdp", ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => { stderr += chunk; });
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stderr })));
}

// Polls `probe` until it returns a truthy value, which it resolves with.
export async function eventually(what, probe) {
  const deadline = Date.now() + PATIENCE_MS;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
