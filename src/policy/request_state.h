// Private to the engine: the state of one Engine::Check call — the request's values as CEL sees
// them (built lazily, borrowing the request's JSON), per-resource memoisation of variables,
// conditions and derived roles, and the Activation that resolves Cerbos's top-level names.
//
// Thread-safety: one RequestState per thread (the engine keeps one thread_local instance and
// reuses its memory across checks).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "cel/function.h"
#include "cel/program.h"
#include "policy/check.h"
#include "policy/compiled_policy.h"
#include "policy/policy_set.h"

namespace portcullis::policy::engine_detail {

// The outcome of a condition: kError only matters under strictEvaluation (otherwise a failed
// expression counts as false, as in Cerbos).
enum class ConditionResult : uint8_t { kFalse, kTrue, kError };

// Chooses the outcome of conditions that depend on unknown attributes (planning): one choice
// per distinct condition source text, in the order they are first met; beyond the given
// choices, false.
class UnknownConditionChoices {
 public:
  // Starts a run with the given choices for the first conditions met.
  void Reset(std::vector<bool> choices) {
    choices_ = std::move(choices);
    met_.clear();
  }
  bool Choose(std::string_view condition);
  // The choices of the conditions the last run met, in order (including the ones it added).
  std::vector<bool> MetChoices() const {
    return {choices_.begin(), choices_.begin() + static_cast<std::ptrdiff_t>(met_.size())};
  }

 private:
  std::vector<bool> choices_;
  std::vector<std::string_view> met_;  // met_[i] is decided by choices_[i]
};

class RequestState {
 public:
  // Starts a check: fixes `now`, forgets the previous request's values.
  void BeginCheck(const PolicySet& set, const CheckInput& input);
  // Starts one resource: invalidates every memo of the previous resource.
  void BeginResource(const ResourceCheck& check, ResourceResult& result);

  const PolicySet& set() const { return *set_; }
  const CheckInput& input() const { return *input_; }
  const ResourceCheck& resource() const { return *check_; }
  ResourceResult& result() { return *result_; }
  cel::EvalContext& eval_context() { return ctx_; }

  // Evaluates a condition tree with the constants/variables of `params`; `effective_roles` are
  // the (sorted) names `runtime.effectiveDerivedRoles` lists, or null for none. Memoised per
  // resource in `slot`.
  ConditionResult EvaluateCondition(const compiled::Condition& condition,
                                    const compiled::Params& params,
                                    const std::vector<std::string_view>* effective_roles,
                                    uint32_t slot);
  // The value memoised in condition slot `slot` for this resource, or null (for outcomes the
  // engine memoises itself).
  const ConditionResult* Memoized(uint32_t slot) const {
    return condition_generation_[slot] == generation_ ? &conditions_[slot] : nullptr;
  }
  void Memoize(uint32_t slot, ConditionResult result) {
    condition_generation_[slot] = generation_;
    conditions_[slot] = result;
  }
  // Evaluates an expression (an output) in the same context, unmemoised.
  cel::Value EvaluateExpression(const cel::Program& program, const compiled::Params& params,
                                const std::vector<std::string_view>* effective_roles);
  // Whether a derived role's condition holds for this resource (memoised): kError only when it
  // failed under strictEvaluation (otherwise a failure is kFalse, inactive).
  ConditionResult DerivedRoleOutcome(const compiled::DerivedRole& role);
  bool DerivedRoleActive(const compiled::DerivedRole& role) {
    return DerivedRoleOutcome(role) == ConditionResult::kTrue;
  }

  // Records a runtime failure of `expression` once per resource.
  void RecordError(std::string_view expression, std::string_view message);

  // Planning: attributes to treat as unknown and how to decide conditions depending on them.
  // Empty patterns / null choices (the default) for a check.
  void SetUnknowns(std::span<const cel::AttributePattern> patterns,
                   UnknownConditionChoices* choices) {
    unknown_patterns_ = patterns;
    unknown_choices_ = choices;
  }

 private:
  friend class RequestActivation;

  // Lazily built values of the request (owned maps/lists built only when an expression reads
  // the whole object; fields are served directly from the input).
  cel::Value PrincipalValue();
  cel::Value RolesValue();
  cel::Value ResourceValue();
  cel::Value AuxDataValue();
  cel::Value RequestValue();
  cel::Value VariableValue(const compiled::Params& params, size_t index);

  ConditionResult Evaluate(const compiled::Condition& condition, const compiled::Params& params,
                           const std::vector<std::string_view>* effective_roles);

  const PolicySet* set_ = nullptr;
  const CheckInput* input_ = nullptr;
  const ResourceCheck* check_ = nullptr;
  ResourceResult* result_ = nullptr;
  cel::EvalContext ctx_;
  int64_t work_budget_ = 0;

  std::optional<cel::Value> principal_, roles_, resource_, aux_data_, request_;
  std::span<const cel::AttributePattern> unknown_patterns_;
  UnknownConditionChoices* unknown_choices_ = nullptr;

  // Memo slots are valid when their generation equals generation_ (bumped per resource).
  uint32_t generation_ = 0;
  std::vector<uint32_t> variable_generation_;
  std::vector<cel::Value> variables_;
  std::vector<uint32_t> condition_generation_;
  std::vector<ConditionResult> conditions_;
  std::vector<uint32_t> derived_role_generation_;
  std::vector<ConditionResult> derived_roles_;
};

// Resolves Cerbos's names for one expression: request, P/R, V/variables, C/constants, G/globals,
// runtime. Dotted names ("R.attr", "V.limit") are answered directly, so field chains skip the
// intermediate objects (see cel::Activation::BindsQualifiedNames).
class RequestActivation final : public cel::Activation {
 public:
  RequestActivation(RequestState& state, const compiled::Params& params,
                    const std::vector<std::string_view>* effective_roles)
      : state_(state), params_(params), effective_roles_(effective_roles) {}

  std::optional<cel::Value> Find(std::string_view name) const override;
  bool BindsQualifiedNames() const override { return true; }
  std::span<const cel::AttributePattern> UnknownPatterns() const override {
    return state_.unknown_patterns_;
  }

 private:
  std::optional<cel::Value> FindPrincipal(std::string_view field) const;
  std::optional<cel::Value> FindResource(std::string_view field) const;
  std::optional<cel::Value> FindRequest(std::string_view rest) const;
  std::optional<cel::Value> FindVariable(std::string_view name) const;
  std::optional<cel::Value> FindConstant(std::string_view name) const;
  std::optional<cel::Value> FindGlobal(std::string_view name) const;
  std::optional<cel::Value> FindRuntime(std::string_view field) const;
  cel::Value VariablesMap() const;
  cel::Value EffectiveDerivedRoles() const;

  RequestState& state_;
  const compiled::Params& params_;
  const std::vector<std::string_view>* effective_roles_;
};

}  // namespace portcullis::policy::engine_detail
