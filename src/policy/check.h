// The input and output of a policy check: one principal, many resources, many actions per
// resource (Cerbos's CheckResources), as plain views so that callers build them without copying.
//
// Lifetimes: a CheckInput only views memory the caller owns (strings, JSON attributes); it must
// stay alive while Engine::Check runs and while the CheckOutput is read, because outputs may
// borrow from it (output values can be request attributes, `action` views the request's action).
// A CheckOutput also views the PolicySet it was computed with (policy ids, rule names): keep that
// snapshot alive (hold its shared_ptr) while reading the output.
//
// Thread-safety: plain values; a CheckOutput is written by one Engine::Check call at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "cel/value.h"
#include "policy/model.h"

namespace portcullis::policy {

struct PrincipalInput {
  std::string_view id;
  std::span<const std::string_view> roles;
  // A JSON object (`attr`), or null for none. JSON numbers are doubles to CEL, as in Cerbos.
  const boost::json::value* attr = nullptr;
  std::string_view policy_version;  // empty: EngineOptions::default_policy_version
  std::string_view scope;           // empty: EngineOptions::default_scope; "." = unscoped
};

struct ResourceInput {
  std::string_view kind;
  std::string_view id;
  const boost::json::value* attr = nullptr;  // a JSON object, or null
  std::string_view policy_version;
  std::string_view scope;
};

// One resource and the actions to decide for it.
struct ResourceCheck {
  ResourceInput resource;
  std::span<const std::string_view> actions;
};

struct CheckInput {
  PrincipalInput principal;
  std::span<const ResourceCheck> resources;
  // Verified JWT claims (`request.auxData.jwt`), a JSON object, or null for none.
  const boost::json::value* jwt_claims = nullptr;
  // The instant `now()` returns for the whole check; the current time when unset.
  std::optional<cel::Timestamp> now;
};

// The decision for one action.
struct ActionDecision {
  Effect effect = Effect::kDeny;
  // The policy Cerbos reports as `meta.actions[a].matchedPolicy`: a policy key such as
  // "resource.doc.vdefault/acme", or "NO_MATCH" when no policy applies.
  std::string_view matched_policy;
  // The scope whose rule decided (`matchedScope`); empty for the unscoped policy or no decision.
  std::string_view matched_scope;
};

// One `outputs` entry: the value of a rule's `output.when.ruleActivated` (the rule matched) or
// `conditionNotMet` (action and role matched, the condition did not hold).
struct OutputEntry {
  std::string_view src;     // "<policy key>#<rule name>"
  std::string_view action;  // the request's action
  cel::Value value;         // may borrow the request's JSON or the PolicySet
  std::string error;        // non-empty when the expression failed (then value is null)
};

// A condition or variable that failed at runtime (kept for the audit log, as Cerbos's
// `evaluationErrors[].celError`).
struct EvaluationError {
  std::string_view expression;  // the CEL source
  std::string message;
};

struct ResourceResult {
  std::vector<ActionDecision> actions;  // in the order of ResourceCheck::actions
  // The derived roles that were active (only those some rule refers to), sorted.
  std::vector<std::string_view> effective_derived_roles;
  std::vector<OutputEntry> outputs;  // in evaluation order, as Cerbos returns them
  std::vector<EvaluationError> evaluation_errors;
  // Whether a condition, variable or output read the check's `now` (now(), timeSince()).
  bool read_now = false;
};

// The results of a check, in the order of CheckInput::resources. Reusing one CheckOutput for
// successive checks reuses its memory. Not copyable: decisions may view strings it owns.
class CheckOutput {
 public:
  CheckOutput() = default;
  CheckOutput(const CheckOutput&) = delete;
  CheckOutput& operator=(const CheckOutput&) = delete;
  CheckOutput(CheckOutput&&) = default;
  CheckOutput& operator=(CheckOutput&&) = default;

  std::vector<ResourceResult> results;

  // Stores `text` for the lifetime of this output (until the next check into it) and returns a
  // view of the copy. For the engine's rare computed strings.
  std::string_view Keep(std::string_view text);
  // Forgets kept strings (keeping their memory for reuse).
  void ResetKept() { kept_used_ = 0; }

 private:
  std::vector<std::unique_ptr<std::string>> kept_;
  size_t kept_used_ = 0;
};

}  // namespace portcullis::policy
