// The policy decision point: evaluates a check (one principal, many resources × actions) against
// a compiled PolicySet exactly as Cerbos 0.55.0 does (verified against the binary; see the tests
// under tests/policy/):
//
// - Principal policies first (principal id, walking the principal's scope chain, looked up by
//   the RESOURCE's policy version): an ALLOW or DENY from them is final for that action. An
//   undecided action goes to the resource policies even when there are none (NO_MATCH then).
// - Then resource policies (kind + version), walking the resource's scope chain `a.b.c` → `a.b`
//   → `a` → "", once per principal role (in request order): a DENY ends the walk for that role;
//   an ALLOW ends it in a SCOPE_PERMISSIONS_OVERRIDE_PARENT scope and needs an ancestor's ALLOW
//   in a SCOPE_PERMISSIONS_REQUIRE_PARENTAL_CONSENT_FOR_ALLOWS scope (where a conditional ALLOW
//   whose condition fails is a DENY). The first role that ends with ALLOW decides; otherwise the
//   first decision of any role (DENY), otherwise default DENY.
// - A rule is evaluated once per "row" as Cerbos indexes it: per action pattern matching the
//   action, times per role it names (`*`, or the principal's role or an ancestor of it through
//   role policies' parentRoles) and per parent role of a derived role it names. Every row emits
//   the rule's outputs. A derived role's rows share one cached outcome per resource; the first
//   evaluation is silent when the derived role is inactive, the later ones are conditionNotMet.
// - Role policies (of the resource's version, in each scope of the walk) of the principal's role
//   and its ancestors deny the actions they do not list for the kind, or whose listed rule's
//   condition fails (narrowing only), where the scope has rules for the kind under that role or
//   its ancestors (of the resource policy, or of such role policies); their rules emit outputs.
// - A condition that fails at runtime counts as not satisfied (strictEvaluation: denies the
//   action). `now()` is fixed for the whole check.
// - meta: matchedPolicy is the policy key of the first scope of the chain, with the principal's
//   version for principal policies (or "NO_MATCH" when no policy of that version exists there, or
//   the role policy that denied); matchedScope the scope whose rule decided.
//
// Thread-safety: Check may be called concurrently from any number of threads on the same
// PolicySet; it takes no locks and keeps its scratch memory per thread. Lifetimes: see check.h.
#pragma once

#include "policy/check.h"
#include "policy/plan.h"
#include "policy/policy_set.h"

namespace portcullis::policy {

class Engine {
 public:
  // Decides every action of every resource of `input`; `output.results` gets one entry per
  // resource, in request order. Reuses `output`'s memory.
  static void Check(const PolicySet& policies, const CheckInput& input, CheckOutput& output);

  static CheckOutput Check(const PolicySet& policies, const CheckInput& input) {
    CheckOutput output;
    Check(policies, input, output);
    return output;
  }

  // Whether `input.action` is allowed whatever the unknown attributes are, denied whatever they
  // are, or depends on them (see plan.h).
  static PlanKind Plan(const PolicySet& policies, const PlanInput& input);
};

}  // namespace portcullis::policy
