// What the gateway asks its policy decision point and what it gets back, owned (no views), so that
// a decision outlives the policy snapshot and the request buffers it was made from: the enforce
// step builds denials from it and the record step logs it, possibly after an upstream answered.
//
// Thread-safety: plain values.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "policy/model.h"

namespace portcullis::pdp {

// One resource of a hop, as the describe step builds it (kind `model`, `mcp_server`, `mcp_tool`,
// `mcp_prompt`, `mcp_resource`), with the actions to decide for it.
struct DecisionResource {
  std::string kind;
  std::string id;
  boost::json::object attr;  // R.attr
  std::vector<std::string> actions;
};

// The decision for one action of one resource.
struct Decision {
  std::string id;  // decision id (a ULID): in the audit line, the denial and response headers
  policy::Effect effect = policy::Effect::kDeny;
  std::string policy;  // the matched policy key, or "NO_MATCH"
  std::string rule;    // the rule that decided; empty for the default deny
  // Set when no decision could be made (engine error, remote PDP down, timeout): the effect is
  // then DENY and `reason` says what failed.
  bool fail_closed = false;
  std::string reason;
  // The policy outputs for this action, as Cerbos reports them: [{"src": "...", "val": ...}].
  boost::json::array outputs;

  bool allowed() const { return effect == policy::Effect::kAllow; }
};

// Calls visit(resource, action, decision) for each decision of a Decider's answer: one per action
// of each resource, resource-major, in order; an answer shorter than the actions ends the walk.
template <typename Visit>
void ForEachDecision(std::span<const DecisionResource> resources,
                     std::span<const Decision> decisions, Visit&& visit) {
  size_t next = 0;
  for (const DecisionResource& resource : resources) {
    for (const std::string& action : resource.actions) {
      if (next == decisions.size()) return;
      visit(resource, action, decisions[next++]);
    }
  }
}

}  // namespace portcullis::pdp
