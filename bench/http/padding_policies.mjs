// The 1,000-policy set of the memory figure: a policy directory's files plus `count` resource
// policies of unrelated kinds, as a large organisation's directory would hold (the same padding
// bench/policy_bench.cpp compiles in process).
import fs from "node:fs";
import path from "node:path";

function paddingPolicy(index) {
  return [
    "apiVersion: api.cerbos.dev/v1",
    "resourcePolicy:",
    `  resource: kind_${index}`,
    "  version: default",
    "  rules:",
    "    - actions: [view, edit]",
    "      effect: EFFECT_ALLOW",
    "      roles: [user]",
    "      condition:",
    "        match:",
    "          expr: R.attr.owner == P.id",
    "",
  ].join("\n");
}

// Writes into `targetDir` (created) a copy of `policyDir` and `count` padding policies.
export function writePaddedPolicySet(policyDir, targetDir, count) {
  fs.cpSync(policyDir, targetDir, { recursive: true });
  const paddingDir = path.join(targetDir, "padding");
  fs.mkdirSync(paddingDir);
  for (let i = 0; i < count; ++i) {
    fs.writeFileSync(path.join(paddingDir, `kind_${i}.yaml`), paddingPolicy(i));
  }
}
