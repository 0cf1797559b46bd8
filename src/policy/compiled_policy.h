// The compiled form of each policy kind, as the engine evaluates it: CEL compiled once into
// cel::Program, rules indexed by action, imports resolved. Built by CompilePolicies
// (compiler.h), owned by a PolicySet, immutable afterwards.
//
// Per-request memoisation: every variable, condition and derived role has a "slot" number,
// unique in its PolicySet, that the engine uses to cache its value for one resource check.
//
// Thread-safety: immutable once built; read concurrently by any number of checks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "cel/program.h"
#include "policy/action_index.h"
#include "policy/model.h"

namespace portcullis::policy::compiled {

// A `condition.match` tree.
struct Condition {
  Match::Op op = Match::Op::kExpr;
  std::optional<cel::Program> program;  // kExpr only
  std::vector<Condition> of;            // kAll / kAny / kNone
};

// The constants and variables one policy's expressions see as C / V (imports merged in).
struct Params {
  struct Variable {
    std::string name;
    cel::Program program;
  };
  boost::json::value constants = boost::json::object();  // always an object
  std::vector<Variable> variables;
  uint32_t first_slot = 0;  // variable i memoises in slot first_slot + i

  // The index of variable `name`, or -1.
  int FindVariable(std::string_view name) const {
    for (size_t i = 0; i < variables.size(); ++i) {
      if (variables[i].name == name) return static_cast<int>(i);
    }
    return -1;
  }
};

struct Output {
  std::optional<cel::Program> rule_activated;
  std::optional<cel::Program> condition_not_met;
};

struct DerivedRole {
  std::string name;
  std::vector<std::string> parent_roles;
  bool any_parent_role = false;  // parentRoles has "*"
  std::optional<Condition> condition;
  const Params* params = nullptr;  // of its derived-roles set
  uint32_t slot = 0;               // activation memo
};

struct DerivedRoleSet {
  std::string name;
  Params params;
  std::vector<DerivedRole> roles;
};

// A rule of a resource policy or one action of a principal-policy rule.
struct Rule {
  Effect effect = Effect::kAllow;
  std::vector<std::string> roles;  // resource policies only
  bool any_role = false;           // roles has "*" (always true for principal policies)
  // Indices into ResourcePolicy::derived_roles.
  std::vector<uint32_t> derived_roles;
  std::optional<Condition> condition;
  Output output;
  std::string source;  // output `src`: "<policy key>#<rule name>"
  uint32_t slot = 0;   // condition memo
  // Memo slots derived_role_slot + i: the rule's outcome through derived_roles[i], which Cerbos
  // caches apart from the rule's own condition (see the engine's derived-role rows).
  uint32_t derived_role_slot = 0;
};

struct ResourcePolicy {
  std::string key;   // "resource.<kind>.v<version>[/<scope>]"
  std::string kind;  // sanitized, as Cerbos indexes it
  std::string version;
  std::string scope;
  ScopePermissions scope_permissions = ScopePermissions::kOverrideParent;
  Params params;
  // The imported derived roles that some rule refers to (only these are ever evaluated).
  std::vector<const DerivedRole*> derived_roles;
  std::vector<Rule> rules;
  ActionIndex actions;
  // The roles Cerbos indexes the rules under, whatever the action: the rules' roles and the
  // parent roles of their derived roles (any_row_role: one of them is "*").
  std::vector<std::string> row_roles;
  bool any_row_role = false;
};

struct PrincipalPolicy {
  struct ResourceRules {
    std::string resource;  // a kind or a wildcard pattern
    ActionIndex actions;   // into PrincipalPolicy::rules
  };
  std::string key;
  std::string principal;
  std::string version;
  std::string scope;
  ScopePermissions scope_permissions = ScopePermissions::kOverrideParent;
  Params params;
  std::vector<Rule> rules;  // every action rule, in file order
  std::vector<ResourceRules> resources;
};

struct RolePolicy {
  struct Rule {
    std::string resource;  // a kind or a wildcard pattern
    std::vector<std::string> allow_actions;
    std::optional<Condition> condition;
    Output output;
    std::string source;  // output `src`: "<policy key>#<rule name>" (nothing after '#' unnamed)
    uint32_t slot = 0;
  };
  std::string key;  // "role.<role>.v<version>[/<scope>]"
  std::string role;
  std::string version;  // applies to resources of this policy version
  std::string scope;
  std::vector<std::string> parent_roles;
  Params params;
  std::vector<Rule> rules;
};

}  // namespace portcullis::policy::compiled
