// Engine options: the `engine:` section of Cerbos's configuration, with Cerbos's key names and
// defaults (configuration/pages/engine.adoc), fixed when a PolicySet is compiled.
//
// Thread-safety: a plain value.
#pragma once

#include <string>

#include <boost/json/object.hpp>

namespace portcullis::policy {

struct EngineOptions {
  // `defaultPolicyVersion`: the policy version used when a request names none.
  std::string default_policy_version = "default";
  // `defaultScope`: the scope used when a request names none ("" = unscoped).
  std::string default_scope;
  // `lenientScopeSearch`: when no policy exists for the requested scope, start the scope walk at
  // the nearest ancestor that has one (instead of answering NO_MATCH).
  bool lenient_scope_search = false;
  // `strictEvaluation`: a condition that fails at runtime denies the actions of its rule (instead
  // of counting as not satisfied).
  bool strict_evaluation = false;
  // `globals`: values visible to every expression as `globals` / `G`.
  boost::json::object globals;
};

}  // namespace portcullis::policy
