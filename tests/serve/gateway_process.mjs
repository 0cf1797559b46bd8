// Running `portcullis serve` (PORTCULLIS_BIN) in end-to-end tests, in front of the quickstart's
// real upstreams: the four demo MCP servers (official MCP SDK) and the OpenAI-compatible stand-in,
// all on free loopback ports. The gateway reads a copy of examples/quickstart/portcullis.yaml whose
// upstream URLs point at those ports and whose listener takes any free port.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const BIN = process.env.PORTCULLIS_BIN ?? "build/portcullis";
export const QUICKSTART = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)), "..", "..", "examples", "quickstart");
const { startServers } = await import(path.join(QUICKSTART, "servers", "start.mjs"));
const { startStandin } = await import(path.join(QUICKSTART, "openai_standin.mjs"));

// The quickstart's demo API keys (public, see examples/quickstart/portcullis.yaml).
export const KEYS = {
  support: "pk-demo-support-0001",
  triage: "pk-demo-triage-0002",
  manager: "pk-demo-manager-0003",
};

// The quickstart config with its upstream URLs replaced by `urls` ({tickets: url, ..., standin:
// base}) and `listen.address` set to 127.0.0.1:0; `edit(text)` may change it further.
function writeConfig(dir, urls, edit = (text) => text) {
  let text = fs.readFileSync(path.join(QUICKSTART, "portcullis.yaml"), "utf8");
  text = text.replace(/address: 127\.0\.0\.1:8080/, "address: 127.0.0.1:0");
  text = text.replace(/directory: policies/, `directory: ${path.join(QUICKSTART, "policies")}`);
  text = text.replaceAll("http://127.0.0.1:7100", urls.standin);
  for (const [name, port] of Object.entries({ tickets: 7101, crm: 7102, payments: 7103, payroll: 7104 })) {
    text = text.replace(`http://127.0.0.1:${port}/mcp`, urls[name]);
  }
  const file = path.join(dir, "portcullis.yaml");
  fs.writeFileSync(file, edit(text));
  return file;
}

// Starts the upstreams and the gateway. Resolves to {baseUrl, config, upstreams, standin,
// stderr(), restart(), stop()} (config: the config file's path); `options.down` names MCP servers
// to leave stopped, `options.edit` edits the config text.
export async function startGateway(options = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-serve-"));
  const upstreams = await startServers({ tickets: 0, crm: 0, payments: 0, payroll: 0 });
  const standin = await startStandin({ port: 0 });
  const urls = { ...upstreams.urls, standin: standin.url };
  for (const name of options.down ?? []) urls[name] = "http://127.0.0.1:9/mcp"; // discard port
  const config = writeConfig(dir, urls, options.edit);

  let gateway = await spawnGateway(config);
  return {
    get baseUrl() { return gateway.baseUrl; },
    config,
    upstreams,
    standin,
    stderr: () => gateway.stderr(),
    // A new process on the same config (sessions sealed by the old one must still work).
    async restart() {
      await gateway.stop();
      gateway = await spawnGateway(config);
    },
    async stop() {
      const code = await gateway.stop();
      await Promise.all([upstreams.close(), standin.close()]);
      fs.rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}

// `portcullis serve -c config`; resolves once it prints the URL it listens on.
function spawnGateway(config) {
  const child = spawn(BIN, ["serve", "-c", config], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  const ready = new Promise((resolve, reject) => {
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      const match = stderr.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) resolve(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`portcullis serve exited with ${code}:\n${stderr}`)));
  });
  return ready.then((baseUrl) => ({
    baseUrl,
    stderr: () => stderr,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once("exit", (code) => resolve(code));
      child.kill("SIGTERM");
    }),
  }));
}
