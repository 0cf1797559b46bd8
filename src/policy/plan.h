// Planning with unknown attributes: for one principal, one resource kind and one action, with
// some request attributes not known yet (e.g. `R.attr.args` before any tool call exists), is the
// action allowed whatever those attributes turn out to be, denied whatever they are, or does it
// depend on them? The same three answers as Cerbos's PlanResources (KIND_ALWAYS_ALLOWED,
// KIND_ALWAYS_DENIED, KIND_CONDITIONAL).
//
// Computed by evaluating the policies with CEL's unknown values: a condition that depends on an
// unknown attribute evaluates to an unknown, and the engine's decision is taken on every
// combination of true/false for those conditions. The answer is ALWAYS_ALLOWED (or _DENIED) only
// when every combination allows (denies); since combinations are not checked for consistency
// (two conditions on the same attribute are treated as independent), an inconsistent
// combination can only turn an ALWAYS answer into CONDITIONAL, never the reverse. Conditions
// with the same source text are treated as one.
//
// Lifetimes and thread-safety as in check.h.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "policy/check.h"

namespace portcullis::policy {

enum class PlanKind { kAlwaysAllowed, kAlwaysDenied, kConditional };

// "KIND_ALWAYS_ALLOWED", "KIND_ALWAYS_DENIED", "KIND_CONDITIONAL".
std::string_view PlanKindName(PlanKind kind);

struct PlanInput {
  PrincipalInput principal;
  // The resource: kind, version and scope as for a check; `attr` holds the attributes that are
  // known (or null).
  ResourceInput resource;
  std::string_view action;
  // The unknown attributes, written as conditions name them: "R.attr.args", or in full,
  // "request.resource.attr.args" (both spellings are covered either way). Also "P.attr.x".
  std::span<const std::string_view> unknown_attributes;
  const boost::json::value* jwt_claims = nullptr;
  std::optional<cel::Timestamp> now;
};

}  // namespace portcullis::policy
