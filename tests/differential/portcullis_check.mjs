// Runs `portcullis check` (one process per request) and maps its exit code to Cerbos's HTTP outcome:
// 0 = answered (HTTP 200), 1 = invalid request (Cerbos's error JSON), anything else = harness failure.
import { spawn } from "node:child_process";

export const PORTCULLIS_BIN = process.env.PORTCULLIS_BIN ?? "build/portcullis";

export function portcullisCheck(policyDir, configFile, requestText) {
  const args = ["check", "--policies", policyDir];
  if (configFile) args.push("-c", configFile);
  return new Promise((resolve, reject) => {
    const child = spawn(PORTCULLIS_BIN, args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code !== 0 && code !== 1) {
        return resolve({ crashed: true, code, signal, stdout, stderr });
      }
      let body;
      try {
        body = JSON.parse(stdout);
      } catch {
        body = { unparsable: stdout, stderr };
      }
      resolve({ ok: code === 0, status: code === 0 ? 200 : "error", body });
    });
    child.stdin.on("error", () => {}); // The process may exit before reading all of stdin.
    child.stdin.end(requestText);
  });
}

// Runs `work(item, index)` over `items` with at most `limit` in flight; results in input order.
export async function mapLimited(items, limit, work) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
