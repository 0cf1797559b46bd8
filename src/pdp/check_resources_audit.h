// Decision-log entries (audit/decision_log.h) for CheckResources calls, in the shape Cerbos
// 0.55.0's file backend writes them:
//
//   "checkResources": {
//     "inputs":  [{requestId, principal{id, policyVersion, roles, attr, scope},
//                  resource{kind, policyVersion, id, attr, scope}, actions, auxData{jwt}}, ...],
//     "outputs": [{requestId, resourceId, actions{a: {effect, policy, scope}},
//                  effectiveDerivedRoles, outputs[{src, action, val | error}],
//                  evaluationErrors[{celError{expression, message}}]}, ...]},
//   "auditTrail": {"effectivePolicies": {"<policy id>": {"attributes":
//                  {"driver": "disk", "source": "<file>"}}}}
//
// one input and one output per resource. What is never logged: the `Authorization` header (as
// in Cerbos), and the auxData JWT itself (only its verified claims, which the decision used).
//
// effectivePolicies: Cerbos lists the policies that had a rule applying to the call. The engine
// does not report those, so the entry names the policies known from the answer: for each action
// the policy whose rule decided it (an ALLOW, a DENY in a named scope, a role policy's DENY),
// and the policy of each output. A DENY from a rule of an unscoped policy without an output,
// and policies whose rules applied without deciding, are missing from the list.
//
// Thread-safety: a CheckResourcesAuditor is immutable after construction and Record may be called
// from any number of threads at once. An entry is rendered on the decision log's writer thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "audit/decision_log.h"
#include "net/http_server.h"
#include "pdp/cerbos_json.h"
#include "policy/check.h"
#include "policy/policy_watcher.h"

namespace portcullis::pdp {

// What the decision log records of CheckResources calls (Cerbos's `audit` settings).
struct CheckAuditOptions {
  // includeMetadataKeys / excludeMetadataKeys: header names (any case) logged as `metadata`.
  // Both empty: none; only include: those; only exclude: all others; both: included and not
  // excluded. `authorization` is never logged.
  std::vector<std::string> include_metadata_keys;
  std::vector<std::string> exclude_metadata_keys;
  // decisionLogFilters.checkResources.ignoreAllowAll: calls without a DENY are not logged.
  bool ignore_allow_all = false;
};

// One CheckResources call, as the decision log writes it.
class CheckResourcesDecision final : public audit::DecisionEntry {
 public:
  // `output` is Engine::Check's answer to `request`; its values must not view memory other than
  // the request and the PolicySet (see CheckResourcesAuditor::Record). `keep_alive` owns that
  // PolicySet and `sources` (which may be null: no policy is then named as effective).
  CheckResourcesDecision(std::unique_ptr<const CheckResourcesRequest> request,
                         policy::CheckOutput output, const policy::PolicySources* sources,
                         std::shared_ptr<const void> keep_alive);

  void WriteMembers(audit::JsonWriter& json) const override;

 private:
  void WriteInputs(audit::JsonWriter& json) const;
  void WriteOutputs(audit::JsonWriter& json) const;
  void WriteAuditTrail(audit::JsonWriter& json) const;

  std::unique_ptr<const CheckResourcesRequest> request_;
  policy::CheckOutput output_;
  const policy::PolicySources* sources_;
  std::shared_ptr<const void> keep_alive_;
};

// Turns answered CheckResources calls into decision-log entries.
class CheckResourcesAuditor {
 public:
  // `log` must outlive the auditor.
  CheckResourcesAuditor(audit::DecisionLog& log, CheckAuditOptions options);

  // Submits the entry of a call answered with `call_id` (unless a filter leaves it out): takes
  // `request` and the content of `output` (left empty), copies what it needs of `http` (peer,
  // metadata). `sources` and `keep_alive` as for CheckResourcesDecision.
  void Record(const net::HttpRequest& http, std::unique_ptr<const CheckResourcesRequest> request,
              policy::CheckOutput& output, std::string call_id,
              const policy::PolicySources* sources, std::shared_ptr<const void> keep_alive) const;

 private:
  void DescribeCaller(const net::HttpRequest& http, audit::DecisionEntry& entry) const;

  audit::DecisionLog& log_;
  CheckAuditOptions options_;  // metadata keys lowercased
};

}  // namespace portcullis::pdp
