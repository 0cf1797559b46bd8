#include "pdp/embedded_decider.h"

#include <exception>
#include <string>
#include <string_view>
#include <utility>

#include "pdp/deciding_rule.h"
#include "pdp/decision_outputs.h"
#include "pdp/ulid.h"
#include "policy/engine.h"

namespace portcullis::pdp {
namespace {

constexpr std::string_view kNoPolicies = "no policy set is loaded";
constexpr std::string_view kIncompleteAnswer = "the policy engine returned an incomplete answer";

std::string EngineFailure(const std::exception& error) {
  return std::string("the policy engine failed: ") + error.what();
}

Decision FailClosedDecision(std::string_view reason) {
  Decision decision;
  decision.id = NewUlid();
  decision.fail_closed = true;
  decision.reason = reason;
  return decision;
}

std::vector<Decision> FailClosed(std::span<const DecisionResource> resources,
                                 std::string_view reason) {
  std::vector<Decision> decisions;
  for (const DecisionResource& resource : resources) {
    for (size_t i = 0; i < resource.actions.size(); ++i) {
      decisions.push_back(FailClosedDecision(reason));
    }
  }
  return decisions;
}

std::vector<PlanAnswer> FailClosed(std::span<const PlanQuery> queries, std::string_view reason) {
  return std::vector<PlanAnswer>(queries.size(), PlanAnswer{.kind = policy::PlanKind::kAlwaysDenied,
                                                            .fail_closed = true,
                                                            .reason = std::string(reason)});
}

std::vector<std::string_view> Views(const std::vector<std::string>& strings) {
  return {strings.begin(), strings.end()};
}

// The principal as the engine views it (the roles' views point into `principal`).
struct PrincipalView {
  explicit PrincipalView(const identity::Principal& principal) : roles(Views(principal.roles)) {
    input.id = principal.id;
    input.roles = roles;
    input.attr = &principal.attr;
  }
  PrincipalView(const PrincipalView&) = delete;
  PrincipalView& operator=(const PrincipalView&) = delete;

  std::vector<std::string_view> roles;
  policy::PrincipalInput input;
};

}  // namespace

EmbeddedDecider::EmbeddedDecider(std::shared_ptr<const policy::PolicySet> policies)
    : snapshot_(std::move(policies)) {}

void EmbeddedDecider::Decide(const identity::Principal& principal,
                             const boost::json::value* jwt_claims,
                             std::span<const DecisionResource> resources, DecideDone done) {
  done(DecideNow(principal, jwt_claims, resources));
}

void EmbeddedDecider::Plan(const identity::Principal& principal,
                           const boost::json::value* jwt_claims, std::span<const PlanQuery> queries,
                           PlanDone done) {
  done(PlanNow(principal, jwt_claims, queries));
}

std::vector<Decision> EmbeddedDecider::DecideNow(
    const identity::Principal& principal, const boost::json::value* jwt_claims,
    std::span<const DecisionResource> resources) const {
  try {
    const std::shared_ptr<const policy::PolicySet>& policies = snapshot_.Current();
    if (!policies) return FailClosed(resources, kNoPolicies);
    return Check(*policies, principal, jwt_claims, resources);
  } catch (const std::exception& error) {
    return FailClosed(resources, EngineFailure(error));
  }
}

std::vector<Decision> EmbeddedDecider::Check(const policy::PolicySet& policies,
                                             const identity::Principal& principal,
                                             const boost::json::value* jwt_claims,
                                             std::span<const DecisionResource> resources) const {
  PrincipalView principal_view(principal);
  // The engine views a resource's attributes as a JSON value; DecisionResource holds an object,
  // so each is copied into one.
  std::vector<boost::json::value> attrs;
  std::vector<std::vector<std::string_view>> actions;
  std::vector<policy::ResourceCheck> checks;
  attrs.reserve(resources.size());
  actions.reserve(resources.size());
  checks.reserve(resources.size());
  for (const DecisionResource& resource : resources) {
    const boost::json::value& attr = attrs.emplace_back(resource.attr);
    const std::vector<std::string_view>& action_views =
        actions.emplace_back(Views(resource.actions));
    checks.push_back(
        {.resource = {resource.kind, resource.id, &attr, {}, {}}, .actions = action_views});
  }
  policy::CheckInput input{.principal = principal_view.input,
                           .resources = checks,
                           .jwt_claims = jwt_claims,
                           .now = std::nullopt};
  thread_local policy::CheckOutput output;
  policy::Engine::Check(policies, input, output);
  if (output.results.size() != checks.size()) return FailClosed(resources, kIncompleteAnswer);

  std::vector<Decision> decisions;
  for (size_t r = 0; r < checks.size(); ++r) {
    const policy::ResourceCheck& check = checks[r];
    const policy::ResourceResult& result = output.results[r];
    if (result.actions.size() != check.actions.size()) {
      return FailClosed(resources, kIncompleteAnswer);
    }
    for (size_t a = 0; a < check.actions.size(); ++a) {
      std::string_view action = check.actions[a];
      const policy::ActionDecision& engine_decision = result.actions[a];
      Decision& decision = decisions.emplace_back();
      decision.id = NewUlid();
      decision.effect = engine_decision.effect;
      decision.policy = engine_decision.matched_policy;
      decision.rule = DecidingRuleName(policies, input, check.resource, action, engine_decision,
                                       result.outputs);
      decision.outputs = ActionOutputs(result.outputs, action);
    }
  }
  return decisions;
}

std::vector<PlanAnswer> EmbeddedDecider::PlanNow(const identity::Principal& principal,
                                                 const boost::json::value* jwt_claims,
                                                 std::span<const PlanQuery> queries) const {
  try {
    const std::shared_ptr<const policy::PolicySet>& policies = snapshot_.Current();
    if (!policies) return FailClosed(queries, kNoPolicies);
    PrincipalView principal_view(principal);
    std::vector<PlanAnswer> answers;
    answers.reserve(queries.size());
    for (const PlanQuery& query : queries) {
      boost::json::value attr(query.attr);
      std::vector<std::string_view> unknown = Views(query.unknown_attributes);
      policy::PlanInput input{.principal = principal_view.input,
                              .resource = {query.kind, query.id, &attr, {}, {}},
                              .action = query.action,
                              .unknown_attributes = unknown,
                              .jwt_claims = jwt_claims,
                              .now = std::nullopt};
      answers.emplace_back().kind = policy::Engine::Plan(*policies, input);
    }
    return answers;
  } catch (const std::exception& error) {
    return FailClosed(queries, EngineFailure(error));
  }
}

}  // namespace portcullis::pdp
