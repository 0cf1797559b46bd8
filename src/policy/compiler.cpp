#include "policy/compiler.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "policy/compile_context.h"
#include "policy/policy_id.h"

namespace portcullis::policy {

using compile_detail::CompileCondition;
using compile_detail::CompileContext;
using compile_detail::CompileOutput;
using compile_detail::CompileParams;

// Assembles a PolicySet from policies; the only writer of PolicySet's members.
class PolicySetBuilder {
 public:
  explicit PolicySetBuilder(const EngineOptions& options) : set_(new PolicySet) {
    set_->options_ = options;
    set_->globals_ = options.globals;
  }

  CompiledPolicies Build(std::span<const Policy> policies) {
    for (const Policy& policy : policies) CollectExports(policy);
    for (const Policy& policy : policies) {
      if (const auto* body = std::get_if<DerivedRoles>(&policy.body))
        AddDerivedRoles(policy, *body);
    }
    for (const Policy& policy : policies) {
      if (const auto* body = std::get_if<ResourcePolicy>(&policy.body)) {
        AddResourcePolicy(policy, *body);
      } else if (const auto* body = std::get_if<PrincipalPolicy>(&policy.body)) {
        AddPrincipalPolicy(policy, *body);
      } else if (const auto* body = std::get_if<RolePolicy>(&policy.body)) {
        AddRolePolicy(policy, *body);
      }
    }
    ResolveParentRoles();
    ReportMissingParentScopes();

    CompiledPolicies result;
    result.errors = std::move(ctx_.errors);
    if (!result.errors.empty()) return result;
    set_->variable_slots_ = ctx_.variable_slots;
    set_->condition_slots_ = ctx_.condition_slots;
    set_->derived_role_slots_ = derived_role_slots_;
    result.policy_set = std::shared_ptr<const PolicySet>(set_.release());
    return result;
  }

 private:
  // A scoped policy, for the parent-scope check.
  struct ScopedPolicy {
    PolicyKind kind;
    std::string name;  // resource kind or principal id, as written
    std::string version;
    std::string scope;
    std::string key;
    SourceLocation location;
  };
  // The first explicit scopePermissions seen in a scope.
  struct ScopeSetting {
    ScopePermissions permissions;
    std::string key;
  };

  void CollectExports(const Policy& policy) {
    if (const auto* body = std::get_if<ExportConstants>(&policy.body)) {
      ctx_.export_constants.emplace(body->name, body);
    } else if (const auto* body = std::get_if<ExportVariables>(&policy.body)) {
      ctx_.export_variables.emplace(body->name, body);
      std::vector<std::optional<cel::Program>>& programs = ctx_.compiled_exports[body];
      for (const Variable& variable : body->definitions) {
        programs.push_back(compile_detail::CompileExpression(ctx_, variable.expr));
      }
    }
  }

  void AddDerivedRoles(const Policy& policy, const DerivedRoles& body) {
    auto set = std::make_unique<compiled::DerivedRoleSet>();
    set->name = body.name;
    set->params = CompileParams(ctx_, body.constants, body.variables, policy.deprecated_variables,
                                PolicyId(policy));
    for (const DerivedRole& definition : body.definitions) {
      compiled::DerivedRole role;
      role.name = definition.name;
      for (const std::string& parent : definition.parent_roles) {
        if (parent == "*") role.any_parent_role = true;
        role.parent_roles.push_back(parent);
      }
      if (definition.condition) {
        role.condition = CompileCondition(ctx_, *definition.condition, set->params);
      }
      role.params = &set->params;
      role.slot = derived_role_slots_++;
      set->roles.push_back(std::move(role));
    }
    derived_role_sets_.emplace(body.name, set.get());
    set_->derived_role_sets_.push_back(std::move(set));
  }

  // Finds derived role `name` among the imported sets.
  const compiled::DerivedRole* FindDerivedRole(
      const std::vector<const compiled::DerivedRoleSet*>& imported, std::string_view name) {
    for (const compiled::DerivedRoleSet* set : imported) {
      for (const compiled::DerivedRole& role : set->roles) {
        if (role.name == name) return &role;
      }
    }
    return nullptr;
  }

  void CompileRuleParts(compiled::Rule& out, const std::optional<Condition>& condition,
                        const std::optional<Output>& output, const compiled::Params& params) {
    if (condition) out.condition = CompileCondition(ctx_, *condition, params);
    if (output) out.output = CompileOutput(ctx_, *output, params);
    out.slot = ctx_.condition_slots++;
  }

  void NoteScopePermissions(const Policy& policy, const std::string& scope,
                            ScopePermissions permissions, const std::string& key) {
    PolicySet::ScopeInfo& info = set_->scopes_[scope];
    info.permissions = permissions == ScopePermissions::kUnspecified
                           ? ScopePermissions::kOverrideParent
                           : permissions;
    if (permissions == ScopePermissions::kUnspecified) return;
    auto [it, inserted] = scope_settings_.emplace(scope, ScopeSetting{permissions, key});
    if (!inserted && it->second.permissions != permissions) {
      ctx_.Error(PolicyErrorKind::kScopePermissionsConflict, policy.location,
                 "policies sharing scope " + scope + " have conflicting scopePermissions (" + key +
                     " and " + it->second.key + ")");
    }
  }

  void AddResourcePolicy(const Policy& policy, const ResourcePolicy& body) {
    auto out = std::make_unique<compiled::ResourcePolicy>();
    out->key = PolicyId(policy);
    out->kind = SanitizePolicyName(body.resource);
    out->version = body.version;
    out->scope = body.scope;
    out->scope_permissions = body.scope_permissions == ScopePermissions::kUnspecified
                                 ? ScopePermissions::kOverrideParent
                                 : body.scope_permissions;
    out->params =
        CompileParams(ctx_, body.constants, body.variables, policy.deprecated_variables, out->key);

    std::vector<const compiled::DerivedRoleSet*> imported;
    for (const NameRef& import : body.import_derived_roles) {
      auto it = derived_role_sets_.find(import.name);
      if (it == derived_role_sets_.end()) {
        ctx_.Error(PolicyErrorKind::kMissingImport, import.location,
                   "cannot find derived roles \"" + import.name + "\" imported by " + out->key);
      } else {
        imported.push_back(it->second);
      }
    }

    for (size_t i = 0; i < body.rules.size(); ++i) {
      const ResourceRule& rule = body.rules[i];
      compiled::Rule compiled_rule;
      compiled_rule.effect = rule.effect;
      for (const std::string& role : rule.roles) {
        if (role == "*") compiled_rule.any_role = true;
        compiled_rule.roles.push_back(role);
      }
      for (const NameRef& name : rule.derived_roles) {
        const compiled::DerivedRole* role = FindDerivedRole(imported, name.name);
        if (!role) {
          ctx_.Error(PolicyErrorKind::kUnknownDerivedRole, name.location,
                     "derived role \"" + name.name + "\" is not defined in any imports");
          continue;
        }
        auto& roles = out->derived_roles;
        auto it = std::find(roles.begin(), roles.end(), role);
        if (it == roles.end()) it = roles.insert(roles.end(), role);
        compiled_rule.derived_roles.push_back(static_cast<uint32_t>(it - roles.begin()));
      }
      CompileRuleParts(compiled_rule, rule.condition, rule.output, out->params);
      compiled_rule.source = out->key + "#" + ResourceRuleName(rule, i);
      for (const std::string& action : rule.actions) {
        out->actions.Add(action, static_cast<uint32_t>(i));
      }
      out->rules.push_back(std::move(compiled_rule));
    }
    out->actions.Finish();

    NoteScopePermissions(policy, body.scope, body.scope_permissions, out->key);
    set_->scopes_[body.scope].has_resource_policies = true;
    if (!body.scope.empty()) {
      scoped_.push_back({PolicyKind::kResource, body.resource, body.version, body.scope, out->key,
                         policy.location});
    }
    set_->resource_index_.emplace(PolicySet::Key{out->kind, out->version, out->scope}, out.get());
    set_->resource_policies_.push_back(std::move(out));
  }

  void AddPrincipalPolicy(const Policy& policy, const PrincipalPolicy& body) {
    auto out = std::make_unique<compiled::PrincipalPolicy>();
    out->key = PolicyId(policy);
    out->principal = body.principal;
    out->version = body.version;
    out->scope = body.scope;
    out->scope_permissions = body.scope_permissions == ScopePermissions::kUnspecified
                                 ? ScopePermissions::kOverrideParent
                                 : body.scope_permissions;
    out->params =
        CompileParams(ctx_, body.constants, body.variables, policy.deprecated_variables, out->key);
    for (const PrincipalRule& rule : body.rules) {
      compiled::PrincipalPolicy::ResourceRules resource;
      resource.resource = rule.resource;
      for (size_t k = 0; k < rule.actions.size(); ++k) {
        const PrincipalAction& action = rule.actions[k];
        compiled::Rule compiled_rule;
        compiled_rule.effect = action.effect;
        compiled_rule.any_role = true;
        CompileRuleParts(compiled_rule, action.condition, action.output, out->params);
        compiled_rule.source = out->key + "#" + PrincipalActionRuleName(rule, k);
        resource.actions.Add(action.action, static_cast<uint32_t>(out->rules.size()));
        out->rules.push_back(std::move(compiled_rule));
      }
      resource.actions.Finish();
      out->resources.push_back(std::move(resource));
    }

    NoteScopePermissions(policy, body.scope, body.scope_permissions, out->key);
    set_->scopes_[body.scope].has_principal_policies = true;
    if (!body.scope.empty()) {
      scoped_.push_back({PolicyKind::kPrincipal, body.principal, body.version, body.scope, out->key,
                         policy.location});
    }
    set_->principal_index_.emplace(PolicySet::Key{out->principal, out->version, out->scope},
                                   out.get());
    set_->principal_policies_.push_back(std::move(out));
  }

  void AddRolePolicy(const Policy& policy, const RolePolicy& body) {
    auto out = std::make_unique<compiled::RolePolicy>();
    out->key = PolicyId(policy);
    out->role = body.role;
    out->scope = body.scope;
    out->parent_roles = body.parent_roles;
    out->params =
        CompileParams(ctx_, body.constants, body.variables, policy.deprecated_variables, out->key);
    for (const RoleRule& rule : body.rules) {
      compiled::RolePolicy::Rule compiled_rule;
      compiled_rule.resource = rule.resource;
      compiled_rule.allow_actions = rule.allow_actions;
      if (rule.condition) {
        compiled_rule.condition = CompileCondition(ctx_, *rule.condition, out->params);
      }
      compiled_rule.slot = ctx_.condition_slots++;
      out->rules.push_back(std::move(compiled_rule));
    }
    PolicySet::ScopeInfo& info = set_->scopes_[body.scope];
    info.has_resource_policies = true;
    info.role_policies.push_back(out.get());
    set_->role_index_.emplace(PolicySet::Key{out->role, out->scope, {}}, out.get());
    set_->role_policies_.push_back(std::move(out));
  }

  // Role -> all ancestors through parentRoles, per scope (cycles are harmless).
  void ResolveParentRoles() {
    for (auto& [scope, info] : set_->scopes_) {
      for (const compiled::RolePolicy* policy : info.role_policies) {
        std::vector<std::string> ancestors;
        std::vector<std::string_view> pending(policy->parent_roles.begin(),
                                              policy->parent_roles.end());
        while (!pending.empty()) {
          std::string_view role = pending.back();
          pending.pop_back();
          if (role == policy->role ||
              std::find(ancestors.begin(), ancestors.end(), role) != ancestors.end()) {
            continue;
          }
          ancestors.emplace_back(role);
          if (const compiled::RolePolicy* parent = set_->FindRolePolicy(role, scope)) {
            pending.insert(pending.end(), parent->parent_roles.begin(), parent->parent_roles.end());
          }
        }
        info.role_ancestors.emplace(policy->role, std::move(ancestors));
      }
    }
  }

  // A scoped policy needs a policy of the same name and version in every ancestor scope.
  void ReportMissingParentScopes() {
    // Missing policy key -> the descendants requiring it, reported at the first descendant.
    std::map<std::string, std::pair<SourceLocation, std::vector<std::string>>> missing;
    for (const ScopedPolicy& policy : scoped_) {
      std::string_view scope = policy.scope;
      while (!scope.empty()) {
        size_t dot = scope.rfind('.');
        scope = dot == std::string_view::npos ? std::string_view() : scope.substr(0, dot);
        bool exists =
            policy.kind == PolicyKind::kResource
                ? set_->FindResourcePolicy(SanitizePolicyName(policy.name), policy.version,
                                           scope) != nullptr
                : set_->FindPrincipalPolicy(policy.name, policy.version, scope) != nullptr;
        if (exists) continue;
        std::string key = policy.kind == PolicyKind::kResource
                              ? ResourcePolicyId(policy.name, policy.version, scope)
                              : PrincipalPolicyId(policy.name, policy.version, scope);
        auto [it, inserted] = missing.try_emplace(key, policy.location, std::vector<std::string>{});
        it->second.second.push_back(policy.key);
      }
    }
    for (const auto& [key, where] : missing) {
      std::string descendants;
      for (const std::string& descendant : where.second) {
        if (!descendants.empty()) descendants += ", ";
        descendants += descendant;
      }
      ctx_.Error(PolicyErrorKind::kMissingScope, where.first,
                 "scoped policy " + key + " is not found but is required by descendant policies " +
                     descendants);
    }
  }

  CompileContext ctx_;
  std::unique_ptr<PolicySet> set_;
  std::unordered_map<std::string, const compiled::DerivedRoleSet*> derived_role_sets_;
  std::unordered_map<std::string, ScopeSetting> scope_settings_;
  std::vector<ScopedPolicy> scoped_;
  uint32_t derived_role_slots_ = 0;
};

CompiledPolicies CompilePolicies(std::span<const Policy> policies, const EngineOptions& options) {
  return PolicySetBuilder(options).Build(policies);
}

CompiledPolicies CompilePolicies(const PolicyDirectory& dir, const EngineOptions& options) {
  if (!dir.ok()) {
    CompiledPolicies result;
    result.errors.push_back({PolicyErrorKind::kIo, SourceLocation{},
                             "the policy directory has errors; fix them before compiling"});
    return result;
  }
  return CompilePolicies(dir.policies, options);
}

}  // namespace portcullis::policy
