#include "policy/request_state.h"

#include <algorithm>
#include <chrono>

#include <boost/json/object.hpp>

#include "cel/value_ops.h"

namespace portcullis::policy::engine_detail {
namespace {

using cel::Value;

// Budget of comprehension iterations / built elements for one expression evaluation.
constexpr int64_t kWorkBudget = 1'000'000;

const boost::json::value& EmptyObject() {
  static const boost::json::value empty = boost::json::object();
  return empty;
}

Value JsonOrEmpty(const boost::json::value* json) {
  return Value::FromJson(json && json->is_object() ? *json : EmptyObject());
}

cel::Timestamp CurrentTime() {
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count();
  return {nanos / 1'000'000'000, static_cast<int32_t>(nanos % 1'000'000'000)};
}

std::optional<Value> FindJsonField(const boost::json::value& object, std::string_view name) {
  if (!object.is_object()) return std::nullopt;
  const boost::json::object& fields = object.get_object();
  auto it = fields.find(name);
  if (it == fields.end()) return std::nullopt;
  return Value::FromJson(it->value());
}

// Splits "head.rest" at the first dot; `rest` is empty and `whole` true without a dot.
struct DottedName {
  std::string_view head;
  std::string_view rest;
  bool whole;
};

DottedName Split(std::string_view name) {
  size_t dot = name.find('.');
  if (dot == std::string_view::npos) return {name, {}, true};
  return {name.substr(0, dot), name.substr(dot + 1), false};
}

// Adds `key: value` to a map under construction, skipping empty strings as protobuf JSON does.
void AddField(std::vector<std::pair<Value, Value>>& entries, std::string_view key,
              std::string_view value) {
  if (!value.empty())
    entries.emplace_back(Value::BorrowedString(key), Value::BorrowedString(value));
}

// The scope as conditions see it: the root scope, which requests may write ".", is "" (as in
// Cerbos, for both P.scope and R.scope).
std::string_view ScopeSeenByConditions(std::string_view scope) {
  return scope == "." ? std::string_view() : scope;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// UnknownConditionChoices

bool UnknownConditionChoices::Choose(std::string_view condition) {
  for (size_t i = 0; i < met_.size(); ++i) {
    if (met_[i] == condition) return choices_[i];
  }
  met_.push_back(condition);
  if (choices_.size() < met_.size()) choices_.push_back(false);
  return choices_[met_.size() - 1];
}

// ---------------------------------------------------------------------------------------------
// RequestState

void RequestState::BeginCheck(const PolicySet& set, const CheckInput& input) {
  set_ = &set;
  input_ = &input;
  ctx_.now = input.now ? *input.now : CurrentTime();
  principal_.reset();
  roles_.reset();
  variable_generation_.resize(set.variable_slots(), 0);
  variables_.resize(set.variable_slots());
  condition_generation_.resize(set.condition_slots(), 0);
  conditions_.resize(set.condition_slots());
  derived_role_generation_.resize(set.derived_role_slots(), 0);
  derived_roles_.resize(set.derived_role_slots());
}

void RequestState::BeginResource(const ResourceCheck& check, ResourceResult& result) {
  check_ = &check;
  result_ = &result;
  resource_.reset();
  aux_data_.reset();
  request_.reset();
  if (++generation_ == 0) {
    // Wrapped around: clear every memo so that no stale slot looks current.
    std::fill(variable_generation_.begin(), variable_generation_.end(), 0);
    std::fill(condition_generation_.begin(), condition_generation_.end(), 0);
    std::fill(derived_role_generation_.begin(), derived_role_generation_.end(), 0);
    generation_ = 1;
  }
}

void RequestState::RecordError(std::string_view expression, std::string_view message) {
  for (const EvaluationError& error : result_->evaluation_errors) {
    if (error.expression.data() == expression.data() && error.message == message) return;
  }
  result_->evaluation_errors.push_back({expression, std::string(message)});
}

ConditionResult RequestState::EvaluateCondition(
    const compiled::Condition& condition, const compiled::Params& params,
    const std::vector<std::string_view>* effective_roles, uint32_t slot) {
  if (const ConditionResult* memoized = Memoized(slot)) return *memoized;
  ConditionResult result = Evaluate(condition, params, effective_roles);
  Memoize(slot, result);
  return result;
}

ConditionResult RequestState::Evaluate(const compiled::Condition& condition,
                                       const compiled::Params& params,
                                       const std::vector<std::string_view>* roles) {
  const bool strict = set_->options().strict_evaluation;
  switch (condition.op) {
    case Match::Op::kExpr: {
      Value value = EvaluateExpression(*condition.program, params, roles);
      if (value.is(cel::Kind::kBool)) {
        return value.bool_value() ? ConditionResult::kTrue : ConditionResult::kFalse;
      }
      if (value.IsError()) {
        RecordError(condition.program->source(), value.error_message());
        return strict ? ConditionResult::kError : ConditionResult::kFalse;
      }
      if (value.IsUnknown() && unknown_choices_) {
        return unknown_choices_->Choose(condition.program->source()) ? ConditionResult::kTrue
                                                                     : ConditionResult::kFalse;
      }
      return ConditionResult::kFalse;  // not a bool: not satisfied, as in Cerbos
    }
    case Match::Op::kAll:
      for (const compiled::Condition& child : condition.of) {
        ConditionResult result = Evaluate(child, params, roles);
        if (result != ConditionResult::kTrue) return result;
      }
      return ConditionResult::kTrue;
    case Match::Op::kAny:
      for (const compiled::Condition& child : condition.of) {
        ConditionResult result = Evaluate(child, params, roles);
        if (result != ConditionResult::kFalse) return result;
      }
      return ConditionResult::kFalse;
    case Match::Op::kNone:
      for (const compiled::Condition& child : condition.of) {
        ConditionResult result = Evaluate(child, params, roles);
        if (result == ConditionResult::kError) return result;
        if (result == ConditionResult::kTrue) return ConditionResult::kFalse;
      }
      return ConditionResult::kTrue;
  }
  return ConditionResult::kFalse;
}

Value RequestState::EvaluateExpression(const cel::Program& program, const compiled::Params& params,
                                       const std::vector<std::string_view>* roles) {
  RequestActivation activation(*this, params, roles);
  int64_t outer_budget = ctx_.work_budget;
  ctx_.work_budget = kWorkBudget;
  Value value = program.Evaluate(activation, ctx_);
  ctx_.work_budget = outer_budget;
  return value;
}

ConditionResult RequestState::DerivedRoleOutcome(const compiled::DerivedRole& role) {
  if (derived_role_generation_[role.slot] == generation_) return derived_roles_[role.slot];
  ConditionResult outcome =
      role.condition ? Evaluate(*role.condition, *role.params, nullptr) : ConditionResult::kTrue;
  derived_role_generation_[role.slot] = generation_;
  derived_roles_[role.slot] = outcome;
  return outcome;
}

Value RequestState::VariableValue(const compiled::Params& params, size_t index) {
  uint32_t slot = params.first_slot + static_cast<uint32_t>(index);
  if (variable_generation_[slot] == generation_) return variables_[slot];
  const compiled::Params::Variable& variable = params.variables[index];
  Value value = EvaluateExpression(variable.program, params, nullptr);
  if (value.IsError()) {
    RecordError(variable.program.source(), value.error_message());
    // Cerbos leaves a failed variable out of `variables`; reading it then fails like this.
    value = Value::Error("undefined field '" + variable.name + "'");
  }
  variable_generation_[slot] = generation_;
  variables_[slot] = value;
  return value;
}

Value RequestState::RolesValue() {
  if (!roles_) {
    cel::ListElements roles;
    roles.reserve(input_->principal.roles.size());
    for (std::string_view role : input_->principal.roles) {
      roles.push_back(Value::BorrowedString(role));
    }
    roles_ = Value::List(std::move(roles));
  }
  return *roles_;
}

Value RequestState::PrincipalValue() {
  if (!principal_) {
    const PrincipalInput& p = input_->principal;
    std::vector<std::pair<Value, Value>> entries;
    AddField(entries, "id", p.id);
    entries.emplace_back(Value::BorrowedString("roles"), RolesValue());
    if (p.attr && p.attr->is_object() && !p.attr->get_object().empty()) {
      entries.emplace_back(Value::BorrowedString("attr"), Value::FromJson(*p.attr));
    }
    AddField(entries, "policyVersion", p.policy_version);
    AddField(entries, "scope", ScopeSeenByConditions(p.scope));
    principal_ = cel::MakeMap(std::move(entries));
  }
  return *principal_;
}

Value RequestState::ResourceValue() {
  if (!resource_) {
    const ResourceInput& r = check_->resource;
    std::vector<std::pair<Value, Value>> entries;
    AddField(entries, "kind", r.kind);
    AddField(entries, "id", r.id);
    if (r.attr && r.attr->is_object() && !r.attr->get_object().empty()) {
      entries.emplace_back(Value::BorrowedString("attr"), Value::FromJson(*r.attr));
    }
    AddField(entries, "policyVersion", r.policy_version);
    AddField(entries, "scope", ScopeSeenByConditions(r.scope));
    resource_ = cel::MakeMap(std::move(entries));
  }
  return *resource_;
}

Value RequestState::AuxDataValue() {
  if (!aux_data_) {
    std::vector<std::pair<Value, Value>> entries;
    if (input_->jwt_claims && input_->jwt_claims->is_object() &&
        !input_->jwt_claims->get_object().empty()) {
      entries.emplace_back(Value::BorrowedString("jwt"), Value::FromJson(*input_->jwt_claims));
    }
    aux_data_ = cel::MakeMap(std::move(entries));
  }
  return *aux_data_;
}

Value RequestState::RequestValue() {
  if (!request_) {
    std::vector<std::pair<Value, Value>> entries;
    entries.emplace_back(Value::BorrowedString("principal"), PrincipalValue());
    entries.emplace_back(Value::BorrowedString("resource"), ResourceValue());
    entries.emplace_back(Value::BorrowedString("auxData"), AuxDataValue());
    request_ = cel::MakeMap(std::move(entries));
  }
  return *request_;
}

// ---------------------------------------------------------------------------------------------
// RequestActivation

std::optional<Value> RequestActivation::Find(std::string_view name) const {
  DottedName n = Split(name);
  switch (n.head.size()) {
    case 1:
      switch (n.head[0]) {
        case 'R':
          return n.whole ? state_.ResourceValue() : FindResource(n.rest);
        case 'P':
          return n.whole ? state_.PrincipalValue() : FindPrincipal(n.rest);
        case 'V':
          return n.whole ? VariablesMap() : FindVariable(n.rest);
        case 'C':
          return n.whole ? Value::FromJson(params_.constants) : FindConstant(n.rest);
        case 'G':
          return n.whole ? Value::FromJson(state_.set().globals()) : FindGlobal(n.rest);
      }
      return std::nullopt;
    case 7:
      if (n.head == "request") return n.whole ? state_.RequestValue() : FindRequest(n.rest);
      if (n.head == "globals") {
        return n.whole ? Value::FromJson(state_.set().globals()) : FindGlobal(n.rest);
      }
      if (n.head == "runtime") {
        if (!n.whole) return FindRuntime(n.rest);
        std::vector<std::pair<Value, Value>> entries;
        entries.emplace_back(Value::BorrowedString("effectiveDerivedRoles"),
                             EffectiveDerivedRoles());
        return cel::MakeMap(std::move(entries));
      }
      return std::nullopt;
    case 9:
      if (n.head == "variables") return n.whole ? VariablesMap() : FindVariable(n.rest);
      if (n.head == "constants") {
        return n.whole ? Value::FromJson(params_.constants) : FindConstant(n.rest);
      }
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<Value> RequestActivation::FindPrincipal(std::string_view field) const {
  const PrincipalInput& p = state_.input().principal;
  if (field == "attr") return JsonOrEmpty(p.attr);
  if (field == "id") return Value::BorrowedString(p.id);
  if (field == "roles") return state_.RolesValue();
  if (field == "policyVersion") return Value::BorrowedString(p.policy_version);
  if (field == "scope") return Value::BorrowedString(ScopeSeenByConditions(p.scope));
  return std::nullopt;
}

std::optional<Value> RequestActivation::FindResource(std::string_view field) const {
  const ResourceInput& r = state_.resource().resource;
  if (field == "attr") return JsonOrEmpty(r.attr);
  if (field == "id") return Value::BorrowedString(r.id);
  if (field == "kind") return Value::BorrowedString(r.kind);
  if (field == "policyVersion") return Value::BorrowedString(r.policy_version);
  if (field == "scope") return Value::BorrowedString(ScopeSeenByConditions(r.scope));
  return std::nullopt;
}

std::optional<Value> RequestActivation::FindRequest(std::string_view rest) const {
  DottedName n = Split(rest);
  if (n.head == "resource") return n.whole ? state_.ResourceValue() : FindResource(n.rest);
  if (n.head == "principal") return n.whole ? state_.PrincipalValue() : FindPrincipal(n.rest);
  if (n.head == "auxData") {
    if (n.whole) return state_.AuxDataValue();
    if (n.rest == "jwt") return JsonOrEmpty(state_.input().jwt_claims);
  }
  return std::nullopt;
}

std::optional<Value> RequestActivation::FindVariable(std::string_view name) const {
  int index = params_.FindVariable(name);
  if (index < 0) return std::nullopt;
  return state_.VariableValue(params_, static_cast<size_t>(index));
}

std::optional<Value> RequestActivation::FindConstant(std::string_view name) const {
  return FindJsonField(params_.constants, name);
}

std::optional<Value> RequestActivation::FindGlobal(std::string_view name) const {
  return FindJsonField(state_.set().globals(), name);
}

std::optional<Value> RequestActivation::FindRuntime(std::string_view field) const {
  if (field == "effectiveDerivedRoles") return EffectiveDerivedRoles();
  return std::nullopt;
}

Value RequestActivation::VariablesMap() const {
  std::vector<std::pair<Value, Value>> entries;
  for (size_t i = 0; i < params_.variables.size(); ++i) {
    Value value = state_.VariableValue(params_, i);
    if (!value.IsError()) {
      entries.emplace_back(Value::BorrowedString(params_.variables[i].name), std::move(value));
    }
  }
  return cel::MakeMap(std::move(entries));
}

Value RequestActivation::EffectiveDerivedRoles() const {
  cel::ListElements list;
  if (effective_roles_) {
    for (std::string_view name : *effective_roles_) list.push_back(Value::BorrowedString(name));
  }
  return Value::List(std::move(list));
}

}  // namespace portcullis::policy::engine_detail
