// Compiling a loaded policy directory into an immutable, indexed PolicySet (policy_set.h).
//
//   PolicyDirectory dir = LoadPolicyDirectory("policies");
//   CompiledPolicies compiled = CompilePolicies(dir, options);
//   if (!compiled.ok()) { std::cerr << FormatErrors(compiled.errors); return 1; }
//   std::shared_ptr<const PolicySet> set = compiled.policy_set;
//
// Checks what `cerbos compile` 0.55.0 checks across policies, reporting every problem at once,
// each at the file:line:column it concerns: missing imports (derived roles, exported variables
// and constants), derived roles that no import defines, constants / variables defined twice
// (imports and locals), undefined variables, variable cycles, CEL that does not compile (with
// cel's caret excerpt), scoped policies whose parent scopes have no policy, and policies of one
// scope with conflicting scopePermissions. Every expression is compiled exactly once.
//
// Thread-safety: reentrant; the result is owned by the caller.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "policy/engine_options.h"
#include "policy/loader.h"
#include "policy/model.h"
#include "policy/policy_errors.h"
#include "policy/policy_set.h"

namespace portcullis::policy {

struct CompiledPolicies {
  // Set only when there is no error.
  std::shared_ptr<const PolicySet> policy_set;
  std::vector<PolicyError> errors;

  bool ok() const { return policy_set != nullptr; }
};

// Compiles the enabled policies of a loaded directory. Loader errors are not repeated: compile
// only a directory that loaded without errors (REQUIRES: dir.ok()), else the result has an error.
CompiledPolicies CompilePolicies(const PolicyDirectory& dir, const EngineOptions& options = {});

// Compiles a list of (enabled) policies, e.g. parsed with ParsePolicy.
CompiledPolicies CompilePolicies(std::span<const Policy> policies,
                                 const EngineOptions& options = {});

}  // namespace portcullis::policy
