// Which rule decided an action, as far as a check's outputs tell: the engine reports the policy
// and scope that decided (policy::ActionDecision) but not the rule. A rule is named when one of
// the action's outputs came from a rule of that policy, in that scope, with the decision's
// effect, and the output can only have been emitted because the rule activated (it has a
// `ruleActivated` output and no `conditionNotMet` one that could have fired instead).
// Otherwise — a default deny, a rule without outputs, a role policy's narrowing — the answer is
// empty.
//
// Thread-safety: pure function over immutable inputs.
#pragma once

#include <span>
#include <string_view>

#include "policy/check.h"
#include "policy/policy_set.h"

namespace portcullis::pdp {

// The name of the rule (the part of an output `src` after '#'), or empty. The view points into
// `outputs` (its `src`), valid as long as they are.
std::string_view DecidingRuleName(const policy::PolicySet& policies,
                                  const policy::CheckInput& input,
                                  const policy::ResourceInput& resource, std::string_view action,
                                  const policy::ActionDecision& decision,
                                  std::span<const policy::OutputEntry> outputs);

}  // namespace portcullis::pdp
