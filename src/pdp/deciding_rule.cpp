#include "pdp/deciding_rule.h"

#include <vector>

#include "policy/compiled_policy.h"
#include "policy/policy_id.h"

namespace portcullis::pdp {
namespace {

// Whether an output of `rule` proves the rule activated: `conditionNotMet` cannot be what fired,
// either because there is none or because nothing could fail (no condition, no derived role).
bool OutputMeansActivated(const policy::compiled::Rule& rule) {
  if (!rule.output.rule_activated) return false;
  return !rule.output.condition_not_met || (!rule.condition && rule.derived_roles.empty());
}

// The rules of the resource or principal policy that decided, or null (no match, role policy).
const std::vector<policy::compiled::Rule>* DecidingPolicyRules(
    const policy::PolicySet& policies, const policy::CheckInput& input,
    const policy::ResourceInput& resource, const policy::ActionDecision& decision) {
  // Cerbos looks both kinds of policies up by the resource's version.
  std::string_view version = resource.policy_version.empty()
                                 ? std::string_view(policies.options().default_policy_version)
                                 : resource.policy_version;
  if (decision.matched_policy.starts_with("resource.")) {
    const auto* policy = policies.FindResourcePolicy(policy::SanitizePolicyName(resource.kind),
                                                     version, decision.matched_scope);
    return policy ? &policy->rules : nullptr;
  }
  if (decision.matched_policy.starts_with("principal.")) {
    const auto* policy =
        policies.FindPrincipalPolicy(input.principal.id, version, decision.matched_scope);
    return policy ? &policy->rules : nullptr;
  }
  return nullptr;
}

}  // namespace

std::string_view DecidingRuleName(const policy::PolicySet& policies,
                                  const policy::CheckInput& input,
                                  const policy::ResourceInput& resource, std::string_view action,
                                  const policy::ActionDecision& decision,
                                  std::span<const policy::OutputEntry> outputs) {
  const std::vector<policy::compiled::Rule>* rules =
      DecidingPolicyRules(policies, input, resource, decision);
  if (rules == nullptr) return {};
  for (const policy::OutputEntry& output : outputs) {
    if (output.action != action) continue;
    for (const policy::compiled::Rule& rule : *rules) {
      if (rule.source == output.src && rule.effect == decision.effect &&
          OutputMeansActivated(rule)) {
        return output.src.substr(output.src.find('#') + 1);
      }
    }
  }
  return {};
}

}  // namespace portcullis::pdp
