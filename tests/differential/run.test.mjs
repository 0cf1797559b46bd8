// Differential suite: every corpus under corpus/ is served by the real Cerbos 0.55.0 (started here on
// loopback) and answered by `portcullis check` (PORTCULLIS_BIN), for hand-written and generated
// requests; effects, matched policies and scopes, effective derived roles and outputs must be equal.
// Mismatches listed in known_mismatches.json ({corpus, reason, requests: [request names]}) are
// reported but do not fail the test; remove an entry once the engine is fixed.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { cerbosCheck, startCerbos } from "./cerbos_server.mjs";
import { canonical, differences, normalize } from "./compare.mjs";
import { mapLimited, portcullisCheck } from "./portcullis_check.mjs";
import { Prng } from "./prng.mjs";
import { invalidated } from "./requests/invalid.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const KNOWN = JSON.parse(fs.readFileSync(path.join(HERE, "known_mismatches.json"), "utf8"));

// name, PRNG seed and number of generated requests per corpus; `policies` (default: the name)
// serves one policy directory and its requests under other engine options (<name>.engine.yaml).
const CORPORA = [
  { name: "agent_gateway", seed: 0x5eed_a6e7, generated: 360 },
  { name: "knowledge_base", seed: 0x5eed_0cb0, generated: 360 },
  { name: "knowledge_base_strict", policies: "knowledge_base", seed: 0x5eed_57c7, generated: 360 },
  { name: "tenants", seed: 0x5eed_7e4a, generated: 360 },
  { name: "tenants_strict", policies: "tenants", seed: 0x5eed_57c8, generated: 360 },
];

const INVALID_SHARE = 0.06;
const PORTCULLIS_CONCURRENCY = 2;
const CERBOS_CONCURRENCY = 4;
const DETAILED_REPORTS = Number(process.env.DIFFERENTIAL_DETAILS ?? 8);

// The corpus's engine options (Cerbos's `engine:` block), in corpus/<name>.engine.yaml if any.
function engineConfigFile(name) {
  const file = path.join(HERE, "corpus", `${name}.engine.yaml`);
  return fs.existsSync(file) ? file : null;
}

// The hand-written requests, the generated ones, and invalid variants of some generated ones (from a
// PRNG of their own, so that adding mutations does not change the other generated requests).
function requestsOf(module, corpus) {
  const prng = new Prng(corpus.seed);
  const mutations = new Prng(corpus.seed ^ 0xbad);
  const named = Object.entries(module.edgeCases).map(([name, request]) => ({ name, request }));
  for (let i = 0; i < corpus.generated; i++) {
    const request = module.generate(prng);
    named.push({ name: `generated #${i}`, request });
    if (mutations.chance(INVALID_SHARE)) {
      named.push({ name: `generated #${i}, invalid`, request: invalidated(mutations, request) });
    }
  }
  return named.map(({ name, request }) => ({ name, text: JSON.stringify(request) }));
}

function report(corpusName, { name, text }, cerbos, portcullis, diffs) {
  return [
    `--- ${corpusName}: ${name}`,
    `request:    ${text}`,
    `cerbos:     ${canonical(cerbos)}`,
    `portcullis: ${canonical(portcullis)}`,
    "differences:",
    ...diffs.map((d) => `  ${d.path}: cerbos=${JSON.stringify(d.cerbos)} portcullis=${JSON.stringify(d.portcullis)}`),
  ].join("\n");
}

for (const corpus of CORPORA) {
  test(`${corpus.name}: Portcullis answers as Cerbos 0.55.0`, { timeout: 300_000 }, async () => {
    const started = Date.now();
    const policies = corpus.policies ?? corpus.name;
    const policyDir = path.join(HERE, "corpus", policies);
    const configFile = engineConfigFile(corpus.name);
    const module = await import(`./requests/${policies}.mjs`);
    const requests = requestsOf(module, corpus);
    const handWritten = Object.keys(module.edgeCases).length;
    const known = new Map(); // request name -> the reasons it is known to differ
    for (const entry of KNOWN.filter((k) => k.corpus === corpus.name)) {
      for (const name of entry.requests) known.set(name, [...(known.get(name) ?? []), entry.reason]);
    }

    const cerbos = await startCerbos(policyDir, configFile ? fs.readFileSync(configFile, "utf8") : "");
    let cerbosAnswers;
    try {
      cerbosAnswers = await mapLimited(requests, CERBOS_CONCURRENCY, (r) => cerbosCheck(cerbos.baseUrl, r.text));
    } finally {
      await cerbos.stop();
    }
    const portcullisAnswers = await mapLimited(requests, PORTCULLIS_CONCURRENCY, (r) =>
      portcullisCheck(policyDir, configFile, r.text));

    const unexpected = [];
    const knownSeen = [];
    requests.forEach((request, i) => {
      const portcullisAnswer = portcullisAnswers[i];
      assert.ok(!portcullisAnswer.crashed,
        `portcullis check failed on ${request.name} (exit ${portcullisAnswer.code}, signal ${portcullisAnswer.signal}):\n` +
        `request: ${request.text}\n${portcullisAnswer.stderr}`);
      const expected = normalize(cerbosAnswers[i]);
      const actual = normalize(portcullisAnswer);
      const diffs = differences(expected, actual);
      if (diffs.length === 0) return;
      const text = report(corpus.name, request, expected, actual, diffs);
      if (known.has(request.name)) knownSeen.push({ name: request.name, text });
      else unexpected.push(text);
    });

    const stale = [...known.keys()].filter((name) => !knownSeen.some((seen) => seen.name === name));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `${corpus.name}: ${requests.length} requests compared (${handWritten} hand-written, ` +
      `${requests.length - handWritten} generated) in ${seconds} s; ${unexpected.length} mismatches, ${knownSeen.length} known`);
    for (const { name, text } of knownSeen) {
      const [header, , , , ...diffs] = text.split("\n");
      console.log([header, ...diffs, ...known.get(name).map((reason) => `  known: ${reason}`)].join("\n"));
    }
    for (const name of stale) console.log(`known mismatch no longer seen (remove it): ${corpus.name}: ${name}`);
    assert.equal(unexpected.length, 0,
      `${unexpected.length} requests answered differently from Cerbos:\n` +
      unexpected.slice(0, DETAILED_REPORTS).join("\n") +
      (unexpected.length > DETAILED_REPORTS
        ? `\n... and ${unexpected.length - DETAILED_REPORTS} more: ` +
          unexpected.slice(DETAILED_REPORTS).map((t) => t.split("\n")[0].replace(/^--- /, "")).join("; ")
        : ""));
    // The list must stay true: a fixed difference is taken off it.
    assert.equal(stale.length, 0,
      `known mismatches no longer seen, remove them from known_mismatches.json: ${stale.join("; ")}`);
  });
}
