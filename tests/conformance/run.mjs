// Runs the official CEL conformance tests (npm @bufbuild/cel-spec) against `portcullis cel eval
// --jsonl`, all through one process, and compares every result with the expected one.
//
//   node tests/conformance/run.mjs --bin build/portcullis [--section NAME]... [--verbose]
//
// Exits non-zero when the pass rate of the tests that are run is below the project's target, when
// a test fails that known_failures.json does not list, or when a listed known failure now passes
// (so that the list stays true).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..", "..");
const TARGET_PASS_RATE = 0.99;
const SECTIONS = [
  "basic", "bindings_ext", "comparisons", "conversions", "encoders_ext", "fp_math",
  "integer_math", "lists", "logic", "macros", "macros2", "math_ext", "parse", "plumbing",
  "string", "string_ext", "timestamps", "optionals",
];

function parseArgs(argv) {
  const args = { bin: null, sections: [], verbose: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--bin") args.bin = argv[++i];
    else if (argv[i] === "--section") args.sections.push(argv[++i]);
    else if (argv[i] === "--verbose") args.verbose = true;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!args.bin) throw new Error("usage: run.mjs --bin PATH [--section NAME]... [--verbose]");
  return args;
}

// ---- Collecting the tests ----

function collectTests(sections) {
  const require = createRequire(import.meta.url);
  const data = require(join(ROOT, "node_modules/@bufbuild/cel-spec/dist/cjs/testdata/conformance.js"));
  const tests = [];
  const walk = (suite, path, section) => {
    for (const test of suite.tests ?? []) {
      tests.push({ section, path: `${path}/${test.original.name}`, spec: test.original });
    }
    for (const child of suite.suites ?? []) walk(child, `${path}/${child.name}`, section);
  };
  for (const file of data.tests.suites) {
    if (sections.includes(file.name)) walk(file, file.name, file.name);
  }
  return tests;
}

// ---- Skip rules: tests needing what portcullis deliberately does not have ----

// Well-known types that cel.expr.Value JSON may carry and portcullis understands.
const SUPPORTED_WELL_KNOWN = new Set([
  "google.protobuf.Timestamp", "google.protobuf.Duration", "google.protobuf.Struct",
  "google.protobuf.Value", "google.protobuf.ListValue", "google.protobuf.BoolValue",
  "google.protobuf.BytesValue", "google.protobuf.DoubleValue", "google.protobuf.FloatValue",
  "google.protobuf.Int32Value", "google.protobuf.Int64Value", "google.protobuf.StringValue",
  "google.protobuf.UInt32Value", "google.protobuf.UInt64Value",
]);

// Matched against the expression with whitespace and comments removed, and against the JSON of
// the bindings and the expected result.
const PROTO_MESSAGE = /(TestAllTypes|proto[23]\.|cel\.expr\.conformance)/;
// `google.protobuf.Int64Value{value: 1}`: constructing a message needs its type at runtime.
const MESSAGE_CONSTRUCTION = /\bgoogle\.protobuf\.\w+\{/;

// The reason to skip a test, or null to run it.
function skipReason(test, perTestSkips) {
  if (perTestSkips.has(test.path)) return perTestSkips.get(test.path);
  const t = test.spec;
  if (t.checkOnly) return "checkOnly: tests the type checker only";
  const compactExpr = t.expr.replace(/\/\/[^\n]*/g, "").replace(/\s+/g, "");
  const inputs = JSON.stringify([t.bindings ?? null, t.value ?? null, t.typedResult ?? null]);
  if ([compactExpr, inputs, t.container ?? ""].some((text) => PROTO_MESSAGE.test(text))) {
    return "needs protobuf message types (cel.expr.conformance test messages)";
  }
  if (MESSAGE_CONSTRUCTION.test(compactExpr)) {
    return "constructs a protobuf message (no message types at runtime)";
  }
  for (const match of inputs.matchAll(/"@type":"type\.googleapis\.com\/([^"]+)"/g)) {
    if (!SUPPORTED_WELL_KNOWN.has(match[1])) return `needs protobuf message type ${match[1]}`;
  }
  return null;
}

// ---- Running ----

// Evaluates every request through one `cel eval --jsonl` process. Should the process die or hang,
// the request it was on gets that as its answer and a new process takes the remaining ones.
function evaluateAll(bin, requests) {
  const answers = [];
  while (answers.length < requests.length) {
    const pending = requests.slice(answers.length);
    const run = spawnSync(bin, ["cel", "eval", "--jsonl"], {
      input: pending.map((r) => JSON.stringify(r)).join("\n") + "\n",
      maxBuffer: 1 << 30,
      timeout: 60_000, // the whole data set takes about a second
      encoding: "utf8",
    });
    // A process that dies early leaves its input unread (EPIPE); its answers so far still count.
    if (run.error && !["ETIMEDOUT", "EPIPE"].includes(run.error.code)) throw run.error;
    const lines = run.stdout.split("\n").filter((line) => line.length > 0);
    for (const line of lines.slice(0, pending.length)) {
      try {
        answers.push(JSON.parse(line));
      } catch {
        answers.push({ crash: `unparsable output line: ${line}` });
      }
    }
    if (lines.length < pending.length) {
      const how = run.signal ? `killed by ${run.signal}` : `exited with ${run.status}`;
      answers.push({ crash: `process ${how}: ${run.stderr.trim().split("\n").slice(-3).join(" | ")}` });
    }
  }
  return answers;
}

function toRequest(t) {
  const request = { expr: t.expr };
  if (t.bindings) request.bindings = t.bindings;
  if (t.container) request.container = t.container;
  if (t.disableMacros) request.disableMacros = true;
  if (t.disableCheck) request.disableCheck = true;
  return request;
}

// ---- Comparing cel.expr.Value JSON ----

function toBigInt(v) {
  try {
    return BigInt(v);
  } catch {
    return null;
  }
}

function toDouble(v) {
  if (typeof v === "number") return v;
  if (v === "NaN") return NaN;
  if (v === "Infinity") return Infinity;
  if (v === "-Infinity") return -Infinity;
  return typeof v === "string" ? Number(v) : NaN;
}

function sameDouble(a, b) {
  const x = toDouble(a);
  const y = toDouble(b);
  return x === y || (Number.isNaN(x) && Number.isNaN(y));
}

function sameBytes(a, b) {
  return Buffer.from(a ?? "", "base64").equals(Buffer.from(b ?? "", "base64"));
}

// RFC 3339 → nanoseconds since the epoch (BigInt), or null.
function timestampNanos(text) {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/i.exec(text ?? "");
  if (!m) return null;
  const millis = Date.parse(`${m[1]}${m[3].toUpperCase()}`);
  if (Number.isNaN(millis)) return null;
  return BigInt(millis) * 1_000_000n + BigInt((m[2] ?? "").padEnd(9, "0") || "0");
}

// "1.5s", "-0.000000001s" → nanoseconds (BigInt), or null.
function durationNanos(text) {
  const m = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/.exec(text ?? "");
  if (!m) return null;
  const nanos = BigInt(m[2]) * 1_000_000_000n + BigInt((m[3] ?? "").padEnd(9, "0") || "0");
  return m[1] ? -nanos : nanos;
}

function sameObject(a, b) {
  if (a["@type"] !== b["@type"]) return false;
  const type = String(a["@type"]).replace(/^type\.googleapis\.com\//, "");
  if (type === "google.protobuf.Timestamp") {
    const x = timestampNanos(a.value);
    return x !== null && x === timestampNanos(b.value);
  }
  if (type === "google.protobuf.Duration") {
    const x = durationNanos(a.value);
    return x !== null && x === durationNanos(b.value);
  }
  if (/^google\.protobuf\.(Double|Float)Value$/.test(type)) return sameDouble(a.value, b.value);
  if (/^google\.protobuf\.U?Int(32|64)Value$/.test(type)) {
    return toBigInt(a.value ?? 0) === toBigInt(b.value ?? 0);
  }
  if (type === "google.protobuf.BytesValue") return sameBytes(a.value, b.value);
  return sameJson(a, b);
}

function sameJson(a, b) {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
}

// Deep equality of two cel.expr.Value JSON objects (maps compared regardless of entry order).
function sameValue(expected, got) {
  if (typeof expected !== "object" || typeof got !== "object" || !expected || !got) return false;
  const [kind] = Object.keys(expected);
  if (Object.keys(expected).length !== 1 || Object.keys(got).length !== 1 || !(kind in got)) {
    return false;
  }
  const a = expected[kind];
  const b = got[kind];
  switch (kind) {
    case "int64Value":
    case "uint64Value":
      return toBigInt(a) !== null && toBigInt(a) === toBigInt(b);
    case "doubleValue":
      return sameDouble(a, b);
    case "bytesValue":
      return sameBytes(a, b);
    case "nullValue":
      return (a === null || a === "NULL_VALUE") && (b === null || b === "NULL_VALUE");
    case "listValue": {
      const x = a?.values ?? [];
      const y = b?.values ?? [];
      return x.length === y.length && x.every((v, i) => sameValue(v, y[i]));
    }
    case "mapValue": {
      const x = a?.entries ?? [];
      const y = b?.entries ?? [];
      return (
        x.length === y.length &&
        x.every((e) => y.some((f) => sameValue(e.key, f.key) && sameValue(e.value, f.value)))
      );
    }
    case "objectValue":
      return typeof a === "object" && typeof b === "object" && a && b && sameObject(a, b);
    default:
      return a === b;
  }
}

// What the test expects: {value} or {error: true}. A test without a result expects `true`.
function expectation(t) {
  if (t.value) return { value: t.value };
  if (t.typedResult) return { value: t.typedResult.result };
  if (t.evalError || t.anyEvalErrors) return { error: true };
  if (t.unknown || t.anyUnknowns) return { unknown: true };
  return { value: { boolValue: true } };
}

function passes(expected, answer) {
  if (expected.error) return "error" in answer;
  if (expected.unknown) return typeof answer.error === "string" && answer.error.startsWith("unknown");
  return "value" in answer && sameValue(expected.value, answer.value);
}

// ---- Reporting ----

function loadList(file) {
  const entries = JSON.parse(readFileSync(join(HERE, file), "utf8"));
  return new Map(entries.map((e) => [e.test, e.reason]));
}

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const cell = (c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]));
  return rows.map((r) => r.map(cell).join("  ")).join("\n");
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const sections = args.sections.length ? args.sections : SECTIONS;
  const perTestSkips = loadList("skipped.json");
  const knownFailures = loadList("known_failures.json");

  const all = collectTests(sections);
  const skipped = [];
  const run = [];
  for (const test of all) {
    const reason = skipReason(test, perTestSkips);
    if (reason) skipped.push({ ...test, reason });
    else run.push(test);
  }
  const answers = evaluateAll(args.bin, run.map((t) => toRequest(t.spec)));

  const stats = new Map(sections.map((s) => [s, { passed: 0, failed: 0, skipped: 0 }]));
  for (const t of skipped) stats.get(t.section).skipped++;
  const failures = [];
  const stale = [];
  run.forEach((test, i) => {
    const expected = expectation(test.spec);
    const ok = !answers[i].crash && passes(expected, answers[i]);
    stats.get(test.section)[ok ? "passed" : "failed"]++;
    if (!ok) failures.push({ test, expected, got: answers[i] });
    else if (knownFailures.has(test.path)) stale.push(test.path);
  });

  const rows = [["section", "passed", "failed", "skipped"]];
  for (const [section, s] of stats) rows.push([section, s.passed, s.failed, s.skipped]);
  const total = (key) => [...stats.values()].reduce((sum, s) => sum + s[key], 0);
  rows.push(["total", total("passed"), total("failed"), total("skipped")]);
  console.log(table(rows));

  if (args.verbose) {
    console.log("\nskipped:");
    for (const t of skipped) console.log(`  ${t.path}: ${t.reason}`);
  } else {
    const reasons = new Map();
    for (const t of skipped) reasons.set(t.reason, (reasons.get(t.reason) ?? 0) + 1);
    console.log("\nskip reasons:");
    for (const [reason, n] of reasons) console.log(`  ${n} × ${reason}`);
  }

  const unexpected = failures.filter((f) => !knownFailures.has(f.test.path));
  if (failures.length) {
    console.log(`\nfailures (${failures.length}, ${unexpected.length} not in known_failures.json):`);
    for (const { test, expected, got } of failures) {
      const known = knownFailures.has(test.path) ? ` [known: ${knownFailures.get(test.path)}]` : "";
      console.log(`  ${test.path}${known}`);
      console.log(`    expr:     ${test.spec.expr}`);
      if (test.spec.bindings) console.log(`    bindings: ${JSON.stringify(test.spec.bindings)}`);
      const want = expected.value ?? (expected.error ? "an error" : "an unknown");
      console.log(`    expected: ${JSON.stringify(want)}`);
      console.log(`    got:      ${JSON.stringify(got)}`);
    }
  }
  if (stale.length) {
    console.log(`\nknown failures that now pass (remove them from known_failures.json):`);
    for (const path of stale) console.log(`  ${path}`);
  }

  const passed = total("passed");
  const rate = run.length ? passed / run.length : 1;
  const target = `target ${TARGET_PASS_RATE * 100}%`;
  // Worded so that CI does not take this line for the closing summary of the whole test run.
  console.log(
    `\npass rate: ${(rate * 100).toFixed(2)}% (${passed} of ${run.length} tests run pass, ` +
      `${failures.length - unexpected.length} known failures, ${unexpected.length} unexpected; ` +
      `${skipped.length} skipped; ${target})`,
  );
  const ok = rate >= TARGET_PASS_RATE && unexpected.length === 0 && stale.length === 0;
  process.exit(ok ? 0 : 1);
}

main();
