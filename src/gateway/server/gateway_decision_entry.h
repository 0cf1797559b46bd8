// A decision-log entry for one decide call of the gateway: the Cerbos checkResources shape that
// `portcullis pdp` writes too (inputs: principal, resource, actions, auxData; outputs: effect and
// policy per action, policy outputs), plus a `gateway` member with what only the gateway knows:
//
//   "gateway": {"hop": "mcp", "method": "tools/call",
//               "decisions": [{"id": <decision id>, "resource": "<kind>:<id>", "action": ...,
//                              "effect": ..., "rule": ..., "failClosed": true, "reason": ...}]}
//
// The decision ids are those the agent sees in a denial, so a denial can be found in the log.
// The credential itself is never logged; a JWT's verified claims are (auxData.jwt), as in Cerbos.
//
// Thread-safety: owns its data; rendered once on the decision log's writer thread.
#pragma once

#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "audit/decision_log.h"
#include "identity/principal.h"
#include "pdp/decision.h"

namespace portcullis::gateway::server {

class GatewayDecisionEntry final : public audit::DecisionEntry {
 public:
  // `decisions` are one per action of each resource, in order (as a Decider answers).
  GatewayDecisionEntry(std::string hop, std::string method, identity::Principal principal,
                       boost::json::value jwt_claims, std::vector<pdp::DecisionResource> resources,
                       std::vector<pdp::Decision> decisions);

  void WriteMembers(audit::JsonWriter& json) const override;

 private:
  void WritePrincipal(audit::JsonWriter& json) const;
  void WriteInputs(audit::JsonWriter& json) const;
  void WriteOutputs(audit::JsonWriter& json) const;
  void WriteGateway(audit::JsonWriter& json) const;

  std::string hop_;
  std::string method_;
  identity::Principal principal_;
  boost::json::value jwt_claims_;
  std::vector<pdp::DecisionResource> resources_;
  std::vector<pdp::Decision> decisions_;
};

}  // namespace portcullis::gateway::server
