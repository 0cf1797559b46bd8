// End-to-end tests of `portcullis config check`, driving the real binary (PORTCULLIS_BIN) on the
// quickstart's config and on broken configs written by the tests.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const BIN = process.env.PORTCULLIS_BIN ?? "build/portcullis";
const QUICKSTART = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "examples", "quickstart");
const QUICKSTART_CONFIG = path.join(QUICKSTART, "portcullis.yaml");

// The environment without the variables a config may name, plus `extra`.
function environment(extra = {}) {
  const env = { ...process.env };
  for (const name of ["PORTCULLIS_SESSION_KEY", "OPENAI_API_KEY", "UPSTREAM_TOKEN"]) delete env[name];
  return { ...env, ...extra };
}

function configCheck(args, env = environment()) {
  const run = spawnSync(BIN, ["config", "check", ...args], { encoding: "utf8", env });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-config-"));
  fs.mkdirSync(path.join(dir, "policies"));
  return dir;
}

const SECRET_SHA256 = "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b";

test("the quickstart config is valid, and the summary says what it configures", () => {
  const run = configCheck(["-c", QUICKSTART_CONFIG]);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, "");
  const lines = run.stdout.split("\n");
  assert.equal(lines[0], `ok: ${QUICKSTART_CONFIG}`);
  assert.match(run.stdout, /^ {2}listen {6}127\.0\.0\.1:8080 \(hosts: localhost, 127\.0\.0\.1, ::1;/m);
  assert.match(run.stdout, /^ {2}identity {4}0 JWT issuers, 3 API keys \(support-agent, triage-agent, manager-agent\)$/m);
  assert.match(run.stdout, new RegExp(`^  policies    ${path.join(QUICKSTART, "policies")} \\(watched\\)$`, "m"));
  assert.match(run.stdout, /^ {2}llm {9}2 providers, 4 models \(gpt-4o-mini, gpt-4o, o3, claude-haiku-4-5\)$/m);
  assert.match(run.stdout, /^ {4}endpoint {2}\/mcp: tickets, crm, payments, payroll \(names prefixed: server__name\)$/m);
  assert.match(run.stdout, /environment variables not checked/);
});

test("--check-env reads the variables: the quickstart's session key falls back to its demo key", () => {
  assert.equal(configCheck(["-c", QUICKSTART_CONFIG, "--check-env"]).status, 0);
  const bad = configCheck(["-c", QUICKSTART_CONFIG, "--check-env"], environment({ PORTCULLIS_SESSION_KEY: "too-short" }));
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /portcullis\.yaml:\d+:\d+: sessions\.keys\[0\]\.secret_env: the value of PORTCULLIS_SESSION_KEY must be the base64 of 32 random bytes/);
  const good = configCheck(["-c", QUICKSTART_CONFIG, "--check-env"],
                           environment({ PORTCULLIS_SESSION_KEY: Buffer.alloc(32, 7).toString("base64") }));
  assert.equal(good.status, 0, good.stderr);
  assert.doesNotMatch(good.stdout, /not checked/);
});

test("a missing variable is an error only with --check-env", () => {
  const dir = tempDir();
  const config = path.join(dir, "gw.yaml");
  fs.writeFileSync(config, [
    "policies: {directory: policies}",
    `identity: {api_keys: [{sha256: ${SECRET_SHA256}, id: a, roles: [r]}]}`,
    "llm:",
    "  providers:",
    "    - {name: openai, kind: openai, base_url: 'https://api.openai.com/v1', api_key_env: OPENAI_API_KEY}",
    "mcp:",
    "  servers:",
    "    - name: tickets",
    "      url: http://127.0.0.1:7101/mcp",
    "      auth: {header: Authorization, value_env: UPSTREAM_TOKEN, value_prefix: 'Bearer '}",
    "",
  ].join("\n"));
  assert.equal(configCheck(["-c", config]).status, 0);
  const missing = configCheck(["-c", config, "--check-env"]);
  assert.equal(missing.status, 2);
  assert.equal(missing.stdout, "");
  assert.equal(missing.stderr, [
    `${config}:5:88: llm.providers[0].api_key_env: environment variable OPENAI_API_KEY is not set`,
    `${config}:10:48: mcp.servers[0].auth.value_env: environment variable UPSTREAM_TOKEN is not set`,
    `2 error(s) in ${config}`,
    "",
  ].join("\n"));
  const set = configCheck(["-c", config, "--check-env"], environment({ OPENAI_API_KEY: "sk-x", UPSTREAM_TOKEN: "t" }));
  assert.equal(set.status, 0, set.stderr);
});

test("every error is printed as file:line:column with exit code 2", () => {
  const dir = tempDir();
  const config = path.join(dir, "gw.yaml");
  fs.writeFileSync(config, [
    "listen:",
    "  adress: 127.0.0.1:8080",
    "policies: {directory: policies}",
    `identity: {api_keys: [{sha256: ${SECRET_SHA256}, id: a, roles: [r]}]}`,
    "llm:",
    "  models: [{name: gpt-4o, provider: openai}]",
    "mcp:",
    "  servers: [{name: Tickets, url: 'ftp://h'}]",
    "",
  ].join("\n"));
  const run = configCheck(["-c", config]);
  assert.equal(run.status, 2);
  assert.equal(run.stdout, "");
  assert.deepEqual(run.stderr.trimEnd().split("\n"), [
    `${config}:2:3: listen: unknown field "adress" (did you mean "address"?)`,
    `${config}:6:37: llm.models[0].provider: unknown provider "openai"; none is defined`,
    `${config}:8:20: mcp.servers[0].name: "Tickets" is not a name: use up to 64 characters, words of a-z and 0-9 joined by single '-' or '_' (e.g. "billing-v2")`,
    `${config}:8:34: mcp.servers[0].url: "ftp://h" is not a usable URL: the scheme is not http or https`,
    `4 error(s) in ${config}`,
  ]);
});

test("an unreadable file and a missing -c are errors", () => {
  const missing = configCheck(["-c", path.join(tempDir(), "nope.yaml")]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.yaml: cannot read the config file\n/);
  const noFlag = configCheck([]);
  assert.notEqual(noFlag.status, 0);
  assert.match(noFlag.stderr, /--config is required/);
});
