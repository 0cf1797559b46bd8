#include "policy/compiler.h"

#include <algorithm>
#include <map>
#include <optional>
#include <span>
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
    ReportScopePermissionConflicts(policies);

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

  void NoteScopePermissions(const std::string& scope, ScopePermissions permissions) {
    PolicySet::ScopeInfo& info = set_->scopes_[scope];
    info.permissions = permissions == ScopePermissions::kUnspecified
                           ? ScopePermissions::kOverrideParent
                           : permissions;
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
      compiled_rule.derived_role_slot = ctx_.condition_slots;
      ctx_.condition_slots += static_cast<uint32_t>(compiled_rule.derived_roles.size());
      compiled_rule.source = out->key + "#" + ResourceRuleName(rule, i);
      for (const std::string& action : rule.actions) {
        out->actions.Add(action, static_cast<uint32_t>(i));
      }
      out->rules.push_back(std::move(compiled_rule));
    }
    out->actions.Finish();
    NoteRowRoles(*out);

    NoteScopePermissions(body.scope, body.scope_permissions);
    set_->scopes_[body.scope].has_resource_policies = true;
    if (!body.scope.empty()) {
      scoped_.push_back({PolicyKind::kResource, body.resource, body.version, body.scope, out->key,
                         policy.location});
    }
    set_->resource_index_.emplace(PolicySet::Key{out->kind, out->version, out->scope}, out.get());
    set_->resource_policies_.push_back(std::move(out));
  }

  static void NoteRowRoles(compiled::ResourcePolicy& policy) {
    auto note = [&policy](const std::vector<std::string>& roles) {
      for (const std::string& role : roles) {
        if (role == "*") policy.any_row_role = true;
        if (std::find(policy.row_roles.begin(), policy.row_roles.end(), role) ==
            policy.row_roles.end()) {
          policy.row_roles.push_back(role);
        }
      }
    };
    for (const compiled::Rule& rule : policy.rules) note(rule.roles);
    for (const compiled::DerivedRole* role : policy.derived_roles) note(role->parent_roles);
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

    NoteScopePermissions(body.scope, body.scope_permissions);
    PolicySet::ScopeInfo& info = set_->scopes_[body.scope];
    info.has_principal_policies = true;
    if (std::find(info.principal_versions.begin(), info.principal_versions.end(), out->version) ==
        info.principal_versions.end()) {
      info.principal_versions.push_back(out->version);
    }
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
    out->version = body.version.empty() ? "default" : body.version;
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
      if (rule.output) compiled_rule.output = CompileOutput(ctx_, *rule.output, out->params);
      compiled_rule.source = out->key + "#" + rule.name;
      compiled_rule.slot = ctx_.condition_slots++;
      out->rules.push_back(std::move(compiled_rule));
    }
    PolicySet::ScopeInfo& info = set_->scopes_[body.scope];
    info.has_resource_policies = true;
    info.role_policies.push_back(out.get());
    set_->role_index_.emplace(PolicySet::Key{out->role, out->version, out->scope}, out.get());
    set_->role_policies_.push_back(std::move(out));
  }

  // Role -> all ancestors through parentRoles, per scope, whatever the role policies' versions
  // (cycles are harmless).
  void ResolveParentRoles() {
    for (auto& [scope, info] : set_->scopes_) {
      auto add_parents_of = [&info](std::string_view role, std::vector<std::string_view>& out) {
        for (const compiled::RolePolicy* policy : info.role_policies) {
          if (policy->role == role) {
            out.insert(out.end(), policy->parent_roles.begin(), policy->parent_roles.end());
          }
        }
      };
      for (const compiled::RolePolicy* policy : info.role_policies) {
        if (info.role_ancestors.contains(policy->role)) continue;  // another version's
        std::vector<std::string> ancestors;
        std::vector<std::string_view> pending;
        add_parents_of(policy->role, pending);
        while (!pending.empty()) {
          std::string_view role = pending.back();
          pending.pop_back();
          if (role == policy->role ||
              std::find(ancestors.begin(), ancestors.end(), role) != ancestors.end()) {
            continue;
          }
          ancestors.emplace_back(role);
          add_parents_of(role, pending);
        }
        info.role_ancestors.emplace(policy->role, std::move(ancestors));
      }
    }
  }

  // Cerbos 0.55 (its index build) compares the scopePermissions of the policies sharing a scope
  // as written, in file path order: unset differs from OVERRIDE_PARENT, and role, derived-roles
  // and export policies count as unset (the latter in scope ""). It does not record the setting
  // of the first policy met in a scope, so only a disagreement among the later ones is an error,
  // reported once per scope at the policy that introduces it.
  void ReportScopePermissionConflicts(std::span<const Policy> policies) {
    struct SharedScope {
      std::optional<ScopePermissions> recorded;  // the setting of the policies after the first
      std::string recorded_by;
      bool conflict = false;
    };
    std::unordered_map<std::string, SharedScope> scopes;
    for (const Policy& policy : policies) {
      std::string scope;
      ScopePermissions permissions = ScopePermissions::kUnspecified;
      if (const auto* body = std::get_if<ResourcePolicy>(&policy.body)) {
        scope = body->scope;
        permissions = body->scope_permissions;
      } else if (const auto* body = std::get_if<PrincipalPolicy>(&policy.body)) {
        scope = body->scope;
        permissions = body->scope_permissions;
      } else if (const auto* body = std::get_if<RolePolicy>(&policy.body)) {
        scope = body->scope;
      }
      auto [it, first] = scopes.try_emplace(scope);
      SharedScope& shared = it->second;
      if (first || shared.conflict) continue;
      if (!shared.recorded) {
        shared.recorded = permissions;
        shared.recorded_by = PolicyId(policy);
        continue;
      }
      if (*shared.recorded == permissions) continue;
      shared.conflict = true;
      ctx_.Error(PolicyErrorKind::kScopePermissionsConflict, policy.location,
                 "policies sharing scope \"" + scope + "\" have conflicting scopePermissions (" +
                     PolicyId(policy) + " and " + shared.recorded_by + ")");
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
