// End-to-end tests of `portcullis cel eval`, driving the real binary (PORTCULLIS_BIN).
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";
import { test } from "node:test";

const BIN = process.env.PORTCULLIS_BIN ?? "build/portcullis";

function celEval(...args) {
  const run = spawnSync(BIN, ["cel", "eval", ...args], { encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

// Runs --expr and returns the parsed answer line and the exit code.
function evalExpr(expr, ...more) {
  const run = celEval("--expr", expr, ...more);
  const lines = run.stdout.split("\n").filter(Boolean);
  assert.equal(lines.length, 1, `one answer line expected, got ${JSON.stringify(run.stdout)}`);
  return { answer: JSON.parse(lines[0]), status: run.status };
}

function evalLines(lines) {
  const run = spawnSync(BIN, ["cel", "eval", "--jsonl"], { input: lines.join("\n") + "\n", encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.split("\n").filter(Boolean).map((line) => JSON.parse(line));
}

test("--expr prints the value as cel.expr.Value JSON and exits 0", () => {
  const run = celEval("--expr", "1 + 2");
  assert.equal(run.status, 0);
  assert.equal(run.stdout, '{"value":{"int64Value":"3"}}\n');
});

test("--expr renders strings, lists and maps", () => {
  assert.deepEqual(evalExpr("'a' + 'b'").answer, { value: { stringValue: "ab" } });
  assert.deepEqual(evalExpr("[1u, true]").answer, {
    value: { listValue: { values: [{ uint64Value: "1" }, { boolValue: true }] } },
  });
  assert.deepEqual(evalExpr("{'k': 1.5}").answer, {
    value: { mapValue: { entries: [{ key: { stringValue: "k" }, value: { doubleValue: 1.5 } }] } },
  });
});

test("--expr renders a timestamp as a google.protobuf.Timestamp object", () => {
  assert.deepEqual(evalExpr("timestamp('2009-02-13T23:31:30Z')").answer, {
    value: {
      objectValue: { "@type": "type.googleapis.com/google.protobuf.Timestamp", value: "2009-02-13T23:31:30Z" },
    },
  });
});

test("--bindings accepts ExprValue and bare Value per name", () => {
  const bindings = {
    R: {
      value: {
        mapValue: {
          entries: [
            { key: { stringValue: "amount" }, value: { doubleValue: 50 } },
            {
              key: { stringValue: "owners" },
              value: { listValue: { values: [{ stringValue: "alice" }, { stringValue: "bob" }] } },
            },
          ],
        },
      },
    },
    P: { stringValue: "bob" },
  };
  const { answer, status } = evalExpr("R.amount <= 100.0 && P in R.owners", "--bindings", JSON.stringify(bindings));
  assert.equal(status, 0);
  assert.deepEqual(answer, { value: { boolValue: true } });
});

test("--container resolves names in the container", () => {
  const bindings = JSON.stringify({ "a.b.x": { int64Value: "7" } });
  assert.deepEqual(evalExpr("x * 2", "--bindings", bindings, "--container", "a.b").answer, {
    value: { int64Value: "14" },
  });
});

test("an evaluation error prints {error} and exits 1", () => {
  const { answer, status } = evalExpr("1 / 0");
  assert.equal(status, 1);
  assert.match(answer.error, /by zero/);
  assert.equal(evalExpr("9223372036854775807 + 1").status, 1);
});

test("an unbound variable is an error", () => {
  const { answer, status } = evalExpr("x + 1");
  assert.equal(status, 1);
  assert.equal(typeof answer.error, "string");
});

test("a parse error reports line:column and a caret", () => {
  const { answer, status } = evalExpr("1 +\n  (2 * )");
  assert.equal(status, 1);
  assert.match(answer.error, /2:\d+/);
  assert.match(answer.error, /\^/);
});

test("an optional result is not representable and is an error", () => {
  const { answer, status } = evalExpr("optional.of(1)");
  assert.equal(status, 1);
  assert.match(answer.error, /optional/);
});

test("malformed --bindings is an error, not a crash", () => {
  const run = celEval("--expr", "x", "--bindings", "{not json");
  assert.equal(run.status, 1);
  assert.match(JSON.parse(run.stdout).error, /bindings/);
  const wrongShape = evalExpr("x", "--bindings", JSON.stringify({ x: { int64Value: "not a number" } }));
  assert.equal(wrongShape.status, 1);
});

test("now() is the current time", () => {
  const { answer } = evalExpr(
    `now() > timestamp('${new Date(Date.now() - 60_000).toISOString()}') && ` +
      `now() < timestamp('${new Date(Date.now() + 60_000).toISOString()}')`,
  );
  assert.deepEqual(answer, { value: { boolValue: true } });
});

test("without --expr or --jsonl the command fails", () => {
  assert.notEqual(celEval().status, 0);
  assert.notEqual(celEval("--expr", "1", "--jsonl").status, 0);
});

test("--jsonl answers every line in order, malformed lines with an error", () => {
  const answers = evalLines([
    JSON.stringify({ expr: "1 + 1" }),
    "{this is not json",
    JSON.stringify({ expr: "x.size()", bindings: { x: { value: { stringValue: "héllo" } } } }),
    JSON.stringify({ bindings: {} }),
    JSON.stringify({ expr: "1 / 0" }),
    "[1, 2]",
    JSON.stringify({ expr: "y", container: "ns", bindings: { "ns.y": { value: { boolValue: false } } } }),
  ]);
  assert.equal(answers.length, 7);
  assert.deepEqual(answers[0], { value: { int64Value: "2" } });
  assert.match(answers[1].error, /malformed/);
  assert.deepEqual(answers[2], { value: { int64Value: "5" } });
  assert.match(answers[3].error, /expr/);
  assert.match(answers[4].error, /by zero/);
  assert.match(answers[5].error, /malformed/);
  assert.deepEqual(answers[6], { value: { boolValue: false } });
});

test("--jsonl honours disableMacros", () => {
  const [withMacros, withoutMacros] = evalLines([
    JSON.stringify({ expr: "[1, 2].exists(x, x == 2)" }),
    JSON.stringify({ expr: "[1, 2].exists(x, x == 2)", disableMacros: true }),
  ]);
  assert.deepEqual(withMacros, { value: { boolValue: true } });
  assert.equal(typeof withoutMacros.error, "string");
});

test("--jsonl answers each line as soon as it is read", async () => {
  const child = spawn(BIN, ["cel", "eval", "--jsonl"], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  for (const n of [1, 2, 3]) {
    child.stdin.write(JSON.stringify({ expr: `${n} * 10` }) + "\n");
    const { value } = await lines.next();
    assert.deepEqual(JSON.parse(value), { value: { int64Value: String(n * 10) } });
  }
  child.stdin.end();
  const code = await new Promise((resolve) => child.on("close", resolve));
  assert.equal(code, 0);
});
