#include "policy/engine.h"

#include <algorithm>

#include "policy/name_syntax.h"
#include "policy/policy_id.h"
#include "policy/request_state.h"
#include "policy/wildcard.h"

namespace portcullis::policy {
namespace {

using engine_detail::ConditionResult;
using engine_detail::RequestState;
using engine_detail::UnknownConditionChoices;

constexpr std::string_view kNoMatch = "NO_MATCH";

enum class Outcome : uint8_t { kNoMatch, kAllow, kDeny };

// The decision of one role (or of the principal policies) for one action.
struct Decision {
  Outcome outcome = Outcome::kNoMatch;
  std::string_view policy = kNoMatch;
  std::string_view scope;
  // A DENY because a condition failed under strictEvaluation: it overrides every role's ALLOW.
  bool strict_error = false;
};

// A role of the principal and its ancestors through role policies' parentRoles.
struct RoleWithAncestors {
  std::string_view role;
  const std::vector<std::string>* ancestors = nullptr;

  bool Has(std::string_view name) const {
    if (name == role) return true;
    return ancestors && std::find(ancestors->begin(), ancestors->end(), name) != ancestors->end();
  }
};

// Derived roles that were evaluated in one scope of the walk.
struct VisitedScope {
  std::string_view scope;
  std::vector<std::string_view> effective_roles;  // sorted
};

// Per-thread memory reused across checks.
struct Scratch {
  std::vector<std::string_view> principal_chain;
  std::vector<std::string_view> resource_chain;
  std::vector<RoleWithAncestors> roles;
  std::vector<std::string_view> all_roles;  // roles and all their ancestors
  std::vector<VisitedScope> visited;
  size_t visited_used = 0;
  std::vector<uint32_t> matched_rules;
  std::string sanitized_kind;
};

std::string_view EffectiveScope(std::string_view requested, const EngineOptions& options) {
  if (requested.empty()) requested = options.default_scope;
  return requested == "." ? std::string_view() : requested;
}

bool NeedsSanitizing(std::string_view name) {
  return std::any_of(name.begin(), name.end(), [](char c) { return !IsWordChar(c) && c != '.'; });
}

// After a scope with an ALLOW: whether that ALLOW ends the walk (OVERRIDE_PARENT), or needs an
// ancestor's ALLOW too (REQUIRE_PARENTAL_CONSENT_FOR_ALLOWS: `has_allow` is reset).
bool AllowEndsWalk(ScopePermissions permissions, bool& has_allow) {
  if (permissions == ScopePermissions::kRequireParentalConsentForAllows) {
    has_allow = false;
    return false;
  }
  return permissions == ScopePermissions::kOverrideParent;
}

// Under REQUIRE_PARENTAL_CONSENT_FOR_ALLOWS, Cerbos turns a conditional ALLOW into a DENY of
// the negated condition (outputs follow the negated condition too).
bool NegatedForConsent(const compiled::Rule& rule, ScopePermissions policy_permissions) {
  return policy_permissions == ScopePermissions::kRequireParentalConsentForAllows &&
         rule.effect == Effect::kAllow && rule.condition.has_value();
}

// Evaluates one resource of a check.
class ResourceEvaluator {
 public:
  ResourceEvaluator(RequestState& state, Scratch& scratch, CheckOutput& output)
      : state_(state), set_(state.set()), scratch_(scratch), output_(output) {}

  void Run(const ResourceCheck& check, ResourceResult& result);

 private:
  // The scopes of `scope`'s chain that hold policies of the kind (any name), most specific
  // first; empty when the exact scope has none and the search is not lenient.
  void BuildChain(std::string_view scope, bool principal, std::vector<std::string_view>& chain);
  bool PrincipalPolicyExists() const;
  bool ResourcePolicyExists() const;
  bool RolePolicyCovers(const compiled::RolePolicy& policy) const;
  void PrepareRoles();

  void DecidePrincipal(std::string_view action, Decision& decision);
  void NameDecidingPolicy(bool by_principal, Decision& decision) const;
  void DecideForRole(std::string_view action, const RoleWithAncestors& role, Decision& decision);
  // Whether Cerbos has rows for the kind in `scope` (of the resource's version) under `role` or
  // an ancestor of it: rules of `policy` for them, or rules of their role policies for the kind.
  // Without any, role policies are not consulted there.
  bool ScopeIndexesKindFor(const RoleWithAncestors& role, const compiled::ResourcePolicy* policy,
                           std::string_view scope) const;
  // Applies the role policy of `role` (in the resource's version) in `scope`: returns true when
  // it denies `action` (no rule of it lists the action for the kind, or a listed rule's
  // condition fails), emitting the outputs of the listed rules.
  bool RolePolicyDenies(std::string_view role, std::string_view scope, std::string_view action,
                        const std::vector<std::string_view>* effective, Decision& decision);
  // Evaluates every row of `rule` (see below) for `role`; returns true when it decides DENY.
  bool EvaluateRows(const compiled::Rule& rule, const compiled::ResourcePolicy& policy,
                    const RoleWithAncestors& role, const std::vector<std::string_view>* effective,
                    std::string_view scope, std::string_view action, Decision& decision,
                    bool& has_allow);
  // Whether the row's condition holds (kError: failed under strictEvaluation), with Cerbos's
  // negation of conditional ALLOWs under REQUIRE_PARENTAL_CONSENT_FOR_ALLOWS.
  ConditionResult RowOutcome(const compiled::Rule& rule, ScopePermissions policy_permissions,
                             const compiled::Params& params,
                             const std::vector<std::string_view>* effective);
  // Emits the row's output and records its effect; returns true when it decides DENY.
  bool ApplyRow(const compiled::Rule& rule, ConditionResult outcome,
                ScopePermissions policy_permissions, const compiled::Params& params,
                const std::vector<std::string_view>* effective, std::string_view scope,
                std::string_view action, Decision& decision, bool& has_allow);
  void EmitOutput(const cel::Program& program, std::string_view source, std::string_view action,
                  const compiled::Params& params, const std::vector<std::string_view>* effective);
  // The derived roles active in `scope` (evaluated the first time the walk reaches it).
  const std::vector<std::string_view>* EnterScope(std::string_view scope,
                                                  const compiled::ResourcePolicy* policy);

  RequestState& state_;
  const PolicySet& set_;
  Scratch& scratch_;
  CheckOutput& output_;
  ResourceResult* result_ = nullptr;

  std::string_view principal_version_, principal_scope_;
  std::string_view resource_version_, resource_scope_;
  std::string_view kind_;  // sanitized
  std::string_view principal_key_ = kNoMatch;
  std::string_view resource_key_ = kNoMatch;
};

void ResourceEvaluator::BuildChain(std::string_view scope, bool principal,
                                   std::vector<std::string_view>& chain) {
  chain.clear();
  auto has_policies = [&](std::string_view s) {
    const PolicySet::ScopeInfo* info = set_.FindScope(s);
    return info && (principal ? info->has_principal_policies : info->has_resource_policies);
  };
  if (has_policies(scope)) {
    chain.push_back(scope);
  } else if (!set_.options().lenient_scope_search) {
    return;
  }
  for (size_t i = scope.size(); i-- > 0;) {
    if (scope[i] == '.' && has_policies(scope.substr(0, i))) chain.push_back(scope.substr(0, i));
  }
  if (!scope.empty() && has_policies({})) chain.push_back({});
}

// As Cerbos decides whether to name the principal policy: a principal policy of the
// principal's version exists in the chain, whoever it is for.
bool ResourceEvaluator::PrincipalPolicyExists() const {
  for (std::string_view scope : scratch_.principal_chain) {
    const std::vector<std::string>& versions = set_.FindScope(scope)->principal_versions;
    if (std::find(versions.begin(), versions.end(), principal_version_) != versions.end()) {
      return true;
    }
  }
  return false;
}

bool ResourceEvaluator::RolePolicyCovers(const compiled::RolePolicy& policy) const {
  return std::any_of(policy.rules.begin(), policy.rules.end(),
                     [&](const auto& rule) { return WildcardMatches(rule.resource, kind_); });
}

bool ResourceEvaluator::ResourcePolicyExists() const {
  for (std::string_view scope : scratch_.resource_chain) {
    if (set_.FindResourcePolicy(kind_, resource_version_, scope)) return true;
    for (const compiled::RolePolicy* policy : set_.FindScope(scope)->role_policies) {
      if (policy->version == resource_version_ && RolePolicyCovers(*policy)) return true;
    }
  }
  return false;
}

void ResourceEvaluator::PrepareRoles() {
  scratch_.roles.clear();
  scratch_.all_roles.clear();
  const PolicySet::ScopeInfo* info = set_.FindScope(resource_scope_);
  for (std::string_view role : state_.input().principal.roles) {
    RoleWithAncestors entry{role, nullptr};
    if (info) {
      if (auto it = info->role_ancestors.find(role); it != info->role_ancestors.end()) {
        entry.ancestors = &it->second;
      }
    }
    scratch_.roles.push_back(entry);
    scratch_.all_roles.push_back(role);
    if (entry.ancestors) {
      scratch_.all_roles.insert(scratch_.all_roles.end(), entry.ancestors->begin(),
                                entry.ancestors->end());
    }
  }
}

void ResourceEvaluator::Run(const ResourceCheck& check, ResourceResult& result) {
  result_ = &result;
  scratch_.visited_used = 0;
  const EngineOptions& options = set_.options();
  const PrincipalInput& principal = state_.input().principal;
  const ResourceInput& resource = check.resource;

  principal_version_ = principal.policy_version.empty()
                           ? std::string_view(options.default_policy_version)
                           : principal.policy_version;
  resource_version_ = resource.policy_version.empty()
                          ? std::string_view(options.default_policy_version)
                          : resource.policy_version;
  principal_scope_ = EffectiveScope(principal.scope, options);
  resource_scope_ = EffectiveScope(resource.scope, options);
  if (NeedsSanitizing(resource.kind)) {
    scratch_.sanitized_kind = SanitizePolicyName(resource.kind);
    kind_ = scratch_.sanitized_kind;
  } else {
    kind_ = resource.kind;
  }

  result.actions.assign(check.actions.size(), ActionDecision{Effect::kDeny, kNoMatch, {}});
  BuildChain(principal_scope_, true, scratch_.principal_chain);
  BuildChain(resource_scope_, false, scratch_.resource_chain);
  const auto& principal_chain = scratch_.principal_chain;
  const auto& resource_chain = scratch_.resource_chain;
  if (principal_chain.empty() && resource_chain.empty()) return;
  bool principal_exists = PrincipalPolicyExists();
  bool resource_exists = ResourcePolicyExists();
  if (!principal_exists && !resource_exists) return;

  // The policy key Cerbos reports is that of the first scope of the chain, even when the policy
  // that decided is in an ancestor scope (or does not exist in that first scope).
  if (principal_exists) {
    const auto* first =
        set_.FindPrincipalPolicy(principal.id, principal_version_, principal_chain[0]);
    principal_key_ =
        first
            ? std::string_view(first->key)
            : output_.Keep(PrincipalPolicyId(principal.id, principal_version_, principal_chain[0]));
  }
  if (resource_exists) {
    const auto* first = set_.FindResourcePolicy(kind_, resource_version_, resource_chain[0]);
    resource_key_ =
        first ? std::string_view(first->key)
              : output_.Keep(ResourcePolicyId(resource.kind, resource_version_, resource_chain[0]));
  }
  PrepareRoles();

  for (size_t i = 0; i < check.actions.size(); ++i) {
    std::string_view action = check.actions[i];
    Decision decision;
    bool by_principal = false;
    if (!principal_chain.empty()) {
      decision.policy = principal_exists ? principal_key_ : kNoMatch;
      DecidePrincipal(action, decision);
      by_principal = decision.outcome != Outcome::kNoMatch;
    }
    // The resource policies' answer replaces an undecided principal policy's, even without a
    // resource policy (then NO_MATCH).
    if (decision.outcome == Outcome::kNoMatch) {
      for (const RoleWithAncestors& role : scratch_.roles) {
        Decision role_decision{Outcome::kNoMatch, resource_exists ? resource_key_ : kNoMatch, {}};
        DecideForRole(action, role, role_decision);
        // The first ALLOW decides, or a condition failed under strictEvaluation (a DENY).
        bool final = role_decision.outcome == Outcome::kAllow || role_decision.strict_error;
        if (decision.outcome == Outcome::kNoMatch || final) decision = role_decision;
        if (final) break;
      }
    }
    if (decision.strict_error) NameDecidingPolicy(by_principal, decision);
    result.actions[i] = {decision.outcome == Outcome::kAllow ? Effect::kAllow : Effect::kDeny,
                         decision.policy, decision.scope};
  }
  std::sort(result.effective_derived_roles.begin(), result.effective_derived_roles.end());
}

// A DENY for a condition that failed under strictEvaluation names the principal or resource
// policy of the scope where it failed (not that of the first scope of the chain, as other
// decisions do); role policies keep their own key.
void ResourceEvaluator::NameDecidingPolicy(bool by_principal, Decision& decision) const {
  if (by_principal) {
    const auto* policy =
        set_.FindPrincipalPolicy(state_.input().principal.id, resource_version_, decision.scope);
    if (policy) decision.policy = policy->key;
  } else if (decision.policy == resource_key_) {
    const auto* policy = set_.FindResourcePolicy(kind_, resource_version_, decision.scope);
    if (policy) decision.policy = policy->key;
  }
}

// Cerbos looks principal policies up by the RESOURCE's version (the principal's only names the
// policy in meta).
void ResourceEvaluator::DecidePrincipal(std::string_view action, Decision& decision) {
  std::string_view id = state_.input().principal.id;
  bool has_allow = false;
  for (std::string_view scope : scratch_.principal_chain) {
    const compiled::PrincipalPolicy* policy =
        set_.FindPrincipalPolicy(id, resource_version_, scope);
    if (policy) {
      for (const auto& resource : policy->resources) {
        if (!WildcardMatches(resource.resource, kind_)) continue;
        for (uint32_t index : resource.actions.Match(action, scratch_.matched_rules)) {
          const compiled::Rule& rule = policy->rules[index];
          ConditionResult outcome =
              RowOutcome(rule, policy->scope_permissions, policy->params, nullptr);
          if (ApplyRow(rule, outcome, policy->scope_permissions, policy->params, nullptr, scope,
                       action, decision, has_allow)) {
            return;
          }
        }
      }
    }
    if (has_allow && AllowEndsWalk(set_.FindScope(scope)->permissions, has_allow)) {
      decision = {Outcome::kAllow, decision.policy, scope};
      return;
    }
  }
}

void ResourceEvaluator::DecideForRole(std::string_view action, const RoleWithAncestors& role,
                                      Decision& decision) {
  bool has_allow = false;
  for (std::string_view scope : scratch_.resource_chain) {
    const PolicySet::ScopeInfo& info = *set_.FindScope(scope);
    const compiled::ResourcePolicy* policy =
        set_.FindResourcePolicy(kind_, resource_version_, scope);
    const std::vector<std::string_view>* effective = EnterScope(scope, policy);

    if (!info.role_policies.empty() && ScopeIndexesKindFor(role, policy, scope)) {
      if (RolePolicyDenies(role.role, scope, action, effective, decision)) return;
      if (role.ancestors) {
        for (const std::string& ancestor : *role.ancestors) {
          if (RolePolicyDenies(ancestor, scope, action, effective, decision)) return;
        }
      }
    }

    if (policy) {
      for (uint32_t index : policy->actions.Match(action, scratch_.matched_rules)) {
        if (EvaluateRows(policy->rules[index], *policy, role, effective, scope, action, decision,
                         has_allow)) {
          return;
        }
      }
    }
    if (has_allow && AllowEndsWalk(info.permissions, has_allow)) {
      decision = {Outcome::kAllow, decision.policy, scope};
      return;
    }
  }
}

bool ResourceEvaluator::ScopeIndexesKindFor(const RoleWithAncestors& role,
                                            const compiled::ResourcePolicy* policy,
                                            std::string_view scope) const {
  auto indexes = [&](std::string_view name) {
    if (policy && std::find(policy->row_roles.begin(), policy->row_roles.end(), name) !=
                      policy->row_roles.end()) {
      return true;
    }
    const compiled::RolePolicy* role_policy = set_.FindRolePolicy(name, resource_version_, scope);
    return role_policy && RolePolicyCovers(*role_policy);
  };
  if ((policy && policy->any_row_role) || indexes(role.role)) return true;
  return role.ancestors && std::any_of(role.ancestors->begin(), role.ancestors->end(), indexes);
}

bool ResourceEvaluator::RolePolicyDenies(std::string_view role, std::string_view scope,
                                         std::string_view action,
                                         const std::vector<std::string_view>* effective,
                                         Decision& decision) {
  const compiled::RolePolicy* policy = set_.FindRolePolicy(role, resource_version_, scope);
  if (!policy) return false;
  auto lists = [&](const compiled::RolePolicy::Rule& rule) {
    return WildcardMatches(rule.resource, kind_) &&
           std::any_of(
               rule.allow_actions.begin(), rule.allow_actions.end(),
               [&](const std::string& pattern) { return WildcardMatches(pattern, action); });
  };
  bool denied = std::none_of(policy->rules.begin(), policy->rules.end(), lists);
  // The listed rules in order: one whose condition fails denies (Cerbos turns it into a DENY of
  // the negated condition, with the outputs swapped: it emits conditionNotMet); the others emit
  // ruleActivated.
  bool failed = false;  // a condition failed under strictEvaluation
  for (auto rule = policy->rules.begin(); !denied && rule != policy->rules.end(); ++rule) {
    if (!lists(*rule)) continue;
    ConditionResult outcome =
        rule->condition
            ? state_.EvaluateCondition(*rule->condition, policy->params, effective, rule->slot)
            : ConditionResult::kTrue;
    bool holds = outcome == ConditionResult::kTrue;
    const std::optional<cel::Program>& output =
        holds ? rule->output.rule_activated : rule->output.condition_not_met;
    if (output) EmitOutput(*output, rule->source, action, policy->params, effective);
    denied = !holds;
    failed = outcome == ConditionResult::kError;
  }
  if (denied) decision = {Outcome::kDeny, policy->key, scope, failed};
  return denied;
}

// Cerbos indexes a rule as rows, one per matching action pattern and per role the rule names
// (or parent role of a derived role it names) that is the principal's role or one of its
// ancestors (a list holding `*` is just `*`), and evaluates every row: a rule reached twice emits
// its outputs twice. A derived role's rows share one cached outcome per resource, whose first
// evaluation is silent when the derived role is inactive (later ones then emit conditionNotMet).
bool ResourceEvaluator::EvaluateRows(const compiled::Rule& rule,
                                     const compiled::ResourcePolicy& policy,
                                     const RoleWithAncestors& role,
                                     const std::vector<std::string_view>* effective,
                                     std::string_view scope, std::string_view action,
                                     Decision& decision, bool& has_allow) {
  auto rows = [&](const std::vector<std::string>& roles, bool any) -> size_t {
    if (any) return 1;
    return std::count_if(roles.begin(), roles.end(),
                         [&](const std::string& name) { return role.Has(name); });
  };
  for (size_t n = rows(rule.roles, rule.any_role); n > 0; --n) {
    ConditionResult outcome = RowOutcome(rule, policy.scope_permissions, policy.params, effective);
    if (ApplyRow(rule, outcome, policy.scope_permissions, policy.params, effective, scope, action,
                 decision, has_allow)) {
      return true;
    }
  }
  for (size_t i = 0; i < rule.derived_roles.size(); ++i) {
    const compiled::DerivedRole& derived = *policy.derived_roles[rule.derived_roles[i]];
    uint32_t slot = rule.derived_role_slot + static_cast<uint32_t>(i);
    for (size_t n = rows(derived.parent_roles, derived.any_parent_role); n > 0; --n) {
      ConditionResult outcome;
      if (const ConditionResult* cached = state_.Memoized(slot)) {
        outcome = *cached;
      } else {
        // A derived role whose condition failed (strictEvaluation) fails the rows naming it.
        ConditionResult active = state_.DerivedRoleOutcome(derived);
        if (active == ConditionResult::kFalse) {
          state_.Memoize(slot, ConditionResult::kFalse);
          continue;
        }
        outcome = active == ConditionResult::kError
                      ? active
                      : RowOutcome(rule, policy.scope_permissions, policy.params, effective);
        state_.Memoize(slot, outcome);
      }
      if (ApplyRow(rule, outcome, policy.scope_permissions, policy.params, effective, scope, action,
                   decision, has_allow)) {
        return true;
      }
    }
  }
  return false;
}

ConditionResult ResourceEvaluator::RowOutcome(const compiled::Rule& rule,
                                              ScopePermissions policy_permissions,
                                              const compiled::Params& params,
                                              const std::vector<std::string_view>* effective) {
  if (!rule.condition) return ConditionResult::kTrue;
  ConditionResult condition =
      state_.EvaluateCondition(*rule.condition, params, effective, rule.slot);
  if (condition == ConditionResult::kError) return condition;
  bool negated = NegatedForConsent(rule, policy_permissions);
  return (condition == ConditionResult::kTrue) != negated ? ConditionResult::kTrue
                                                          : ConditionResult::kFalse;
}

bool ResourceEvaluator::ApplyRow(const compiled::Rule& rule, ConditionResult outcome,
                                 ScopePermissions policy_permissions,
                                 const compiled::Params& params,
                                 const std::vector<std::string_view>* effective,
                                 std::string_view scope, std::string_view action,
                                 Decision& decision, bool& has_allow) {
  if (outcome == ConditionResult::kError) {  // strictEvaluation
    decision = {Outcome::kDeny, decision.policy, scope, true};
    return true;
  }
  if (outcome == ConditionResult::kFalse) {
    if (rule.output.condition_not_met) {
      EmitOutput(*rule.output.condition_not_met, rule.source, action, params, effective);
    }
    return false;
  }
  if (rule.output.rule_activated) {
    EmitOutput(*rule.output.rule_activated, rule.source, action, params, effective);
  }
  if (rule.effect == Effect::kAllow && !NegatedForConsent(rule, policy_permissions)) {
    has_allow = true;
    return false;
  }
  decision = {Outcome::kDeny, decision.policy, scope};
  return true;
}

void ResourceEvaluator::EmitOutput(const cel::Program& program, std::string_view source,
                                   std::string_view action, const compiled::Params& params,
                                   const std::vector<std::string_view>* effective) {
  cel::Value value = state_.EvaluateExpression(program, params, effective);
  OutputEntry& entry = result_->outputs.emplace_back();
  entry.src = source;
  entry.action = action;
  // A failed output is reported with the output only, not among the evaluation errors (Cerbos).
  if (value.IsError()) {
    entry.error = value.error_message();
  } else {
    entry.value = std::move(value);
  }
}

const std::vector<std::string_view>* ResourceEvaluator::EnterScope(
    std::string_view scope, const compiled::ResourcePolicy* policy) {
  for (size_t i = 0; i < scratch_.visited_used; ++i) {
    if (scratch_.visited[i].scope == scope) return &scratch_.visited[i].effective_roles;
  }
  if (scratch_.visited_used == scratch_.visited.size()) scratch_.visited.emplace_back();
  VisitedScope& visited = scratch_.visited[scratch_.visited_used++];
  visited.scope = scope;
  visited.effective_roles.clear();
  if (policy) {
    const auto& all_roles = scratch_.all_roles;
    for (const compiled::DerivedRole* role : policy->derived_roles) {
      bool parent_matches =
          role->any_parent_role ||
          std::any_of(role->parent_roles.begin(), role->parent_roles.end(), [&](const auto& p) {
            return std::find(all_roles.begin(), all_roles.end(), p) != all_roles.end();
          });
      if (!parent_matches || !state_.DerivedRoleActive(*role)) continue;
      visited.effective_roles.push_back(role->name);
      auto& effective = result_->effective_derived_roles;
      if (std::find(effective.begin(), effective.end(), role->name) == effective.end()) {
        effective.push_back(role->name);
      }
    }
    std::sort(visited.effective_roles.begin(), visited.effective_roles.end());
  }
  return &visited.effective_roles;
}

// The patterns that make `attribute` ("R.attr.args", "request.resource.attr.args", "P.attr.x")
// unknown under both of Cerbos's spellings of the request's principal and resource.
void AddUnknownPatterns(std::string_view attribute, std::vector<cel::AttributePattern>& out) {
  std::vector<std::string> parts;
  for (size_t start = 0;;) {
    size_t dot = attribute.find('.', start);
    parts.emplace_back(attribute.substr(start, dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  std::string_view object;  // "resource" or "principal", when the attribute is under one
  size_t rest = 1;
  if (parts[0] == "R" || parts[0] == "P") {
    object = parts[0] == "R" ? "resource" : "principal";
  } else if (parts[0] == "request" && parts.size() > 1 &&
             (parts[1] == "resource" || parts[1] == "principal")) {
    object = parts[1];
    rest = 2;
  }
  if (object.empty()) {
    out.push_back({parts[0], {parts.begin() + 1, parts.end()}});
    return;
  }
  std::vector<std::string> below(parts.begin() + static_cast<std::ptrdiff_t>(rest), parts.end());
  out.push_back({object == "resource" ? "R" : "P", below});
  below.insert(below.begin(), std::string(object));
  out.push_back({"request", std::move(below)});
}

// Evaluates `check` into `result`, forgetting what `result` held.
void EvaluateResource(RequestState& state, Scratch& scratch, CheckOutput& output,
                      const ResourceCheck& check, ResourceResult& result) {
  result.effective_derived_roles.clear();
  result.outputs.clear();
  result.evaluation_errors.clear();
  state.BeginResource(check, result);
  ResourceEvaluator(state, scratch, output).Run(check, result);
}

}  // namespace

PlanKind Engine::Plan(const PolicySet& policies, const PlanInput& input) {
  // Bounds the combinations explored; past it the answer is CONDITIONAL (never a guess).
  constexpr int kMaxRuns = 1024;
  thread_local RequestState state;
  thread_local Scratch scratch;
  std::vector<cel::AttributePattern> patterns;
  for (std::string_view attribute : input.unknown_attributes) {
    AddUnknownPatterns(attribute, patterns);
  }
  ResourceCheck resource{input.resource, {&input.action, 1}};
  CheckInput check{input.principal, {&resource, 1}, input.jwt_claims, input.now};
  CheckOutput output;
  output.results.resize(1);
  UnknownConditionChoices choices;
  state.BeginCheck(policies, check);
  state.SetUnknowns(patterns, &choices);

  // Depth-first over the outcomes of the unknown conditions met: each run follows `next`, then
  // the last false choice flips to true and the choices after it are explored afresh.
  std::vector<bool> next;
  bool allowed = false, denied = false;
  for (int run = 0; run < kMaxRuns; ++run) {
    ResourceResult& result = output.results[0];
    choices.Reset(next);
    EvaluateResource(state, scratch, output, resource, result);
    (result.actions[0].effect == Effect::kAllow ? allowed : denied) = true;
    if (allowed && denied) break;
    next = choices.MetChoices();
    while (!next.empty() && next.back()) next.pop_back();
    if (next.empty()) {
      state.SetUnknowns({}, nullptr);
      return allowed ? PlanKind::kAlwaysAllowed : PlanKind::kAlwaysDenied;
    }
    next.back() = true;
  }
  state.SetUnknowns({}, nullptr);
  return PlanKind::kConditional;
}

std::string_view PlanKindName(PlanKind kind) {
  switch (kind) {
    case PlanKind::kAlwaysAllowed:
      return "KIND_ALWAYS_ALLOWED";
    case PlanKind::kAlwaysDenied:
      return "KIND_ALWAYS_DENIED";
    case PlanKind::kConditional:
      return "KIND_CONDITIONAL";
  }
  return "KIND_CONDITIONAL";
}

void Engine::Check(const PolicySet& policies, const CheckInput& input, CheckOutput& output) {
  thread_local RequestState state;
  thread_local Scratch scratch;
  output.ResetKept();
  output.results.resize(input.resources.size());
  state.BeginCheck(policies, input);
  for (size_t i = 0; i < input.resources.size(); ++i) {
    state.eval_context().now_read = false;
    EvaluateResource(state, scratch, output, input.resources[i], output.results[i]);
    output.results[i].read_now = state.eval_context().now_read;
  }
}

}  // namespace portcullis::policy
