// The Decider that runs the policy engine in process, on the policy snapshot being served
// (replaced on reload with SetPolicies). It answers inline: `done` is called before Decide /
// Plan returns, on the calling thread, once every decision is owned (the snapshot is no longer
// used then, so `done` may call the decider again).
//
// Fail closed: when no policy set is loaded, when the engine throws or returns something
// malformed, every answer of the call is a DENY (ALWAYS_DENIED) with fail_closed set and the
// reason. A condition that fails at runtime is a decision, not a failure to decide: it is not
// satisfied, exactly as Cerbos (and a remote Cerbos PDP) decides it, so that every decider gives
// the same answer. Policies that must deny whenever a condition fails (a DENY rule reading an
// argument the agent left out) set the engine's `strictEvaluation: true`, as in Cerbos.
//
// Decisions: `id` a fresh ULID each, `policy` the engine's matched policy, `rule` as far as the
// outputs tell (deciding_rule.h; empty otherwise), `outputs` the action's outputs
// (decision_outputs.h). The principal's and resources' policy version and scope are the
// engine's defaults.
//
// Thread-safety: Decide, Plan and SetPolicies may be called concurrently from any threads.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "pdp/decider.h"
#include "pdp/policy_snapshot.h"
#include "policy/policy_set.h"

namespace portcullis::pdp {

class EmbeddedDecider final : public Decider {
 public:
  // `policies` may be null: everything is denied until SetPolicies.
  explicit EmbeddedDecider(std::shared_ptr<const policy::PolicySet> policies = nullptr);

  // Decides with `policies` from now on (hot reload); calls in flight finish on the set they
  // started with.
  void SetPolicies(std::shared_ptr<const policy::PolicySet> policies) {
    snapshot_.Set(std::move(policies));
  }

  void Decide(const identity::Principal& principal, const boost::json::value* jwt_claims,
              std::span<const DecisionResource> resources, DecideDone done) override;
  void Plan(const identity::Principal& principal, const boost::json::value* jwt_claims,
            std::span<const PlanQuery> queries, PlanDone done) override;

  // What Decide and Plan hand to `done`, returned.
  std::vector<Decision> DecideNow(const identity::Principal& principal,
                                  const boost::json::value* jwt_claims,
                                  std::span<const DecisionResource> resources) const;
  std::vector<PlanAnswer> PlanNow(const identity::Principal& principal,
                                  const boost::json::value* jwt_claims,
                                  std::span<const PlanQuery> queries) const;

 private:
  std::vector<Decision> Check(const policy::PolicySet& policies,
                              const identity::Principal& principal,
                              const boost::json::value* jwt_claims,
                              std::span<const DecisionResource> resources) const;

  PolicySnapshot snapshot_;
};

}  // namespace portcullis::pdp
