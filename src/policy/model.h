// The Cerbos policy model: one plain struct per element of a Cerbos (0.55) policy file, as the
// author wrote it. Produced by the loader (loader.h), which has already checked everything that
// can be checked within one file: field names and types, required fields, enum values, name /
// version / scope syntax, list uniqueness, duplicate rule names. Not checked here (the compile
// stage's job): CEL syntax and types, references across policies (imports, derived roles),
// scope chains, variable cycles and duplicates across imports.
//
// CEL expressions are kept as source text with the location of their YAML value; compile them
// with cel::Compile and report errors at `Expression::location`.
//
// Field names follow Cerbos's YAML keys (camelCase there, snake_case here). A string field that the
// author left out is empty. Lists keep the author's order.
//
// Thread-safety: plain values; a const Policy may be read from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "policy/policy_errors.h"

namespace portcullis::policy {

// A CEL expression as written (condition `expr`, variable definition, output).
struct Expression {
  std::string source;
  SourceLocation location;  // of the YAML value (for a block scalar `|`/`>`: its indicator)
};

// A name that refers to something defined elsewhere: an imported derived-roles set, exported
// variables or constants, or a derived role used by a rule.
struct NameRef {
  std::string name;
  SourceLocation location;
};

enum class Effect : uint8_t { kAllow, kDeny };

// How a scoped policy combines with its ancestors (scoped_policies.adoc, scope_permissions.adoc).
enum class ScopePermissions : uint8_t {
  kUnspecified,  // not written: the engine treats it as kOverrideParent
  kOverrideParent,
  kRequireParentalConsentForAllows,
};

// A node of a condition tree: `expr: <CEL>` or `all|any|none: {of: [Match...]}`.
struct Match {
  enum class Op : uint8_t {
    kExpr,
    kAll,   // every `of` holds
    kAny,   // at least one `of` holds
    kNone,  // no `of` holds (NOT any)
  };
  Op op = Op::kExpr;
  Expression expr;        // kExpr only
  std::vector<Match> of;  // kAll / kAny / kNone only; never empty
  SourceLocation location;
};

// `condition: {match: ...}`.
struct Condition {
  Match match;
  SourceLocation location;
};

// `output:` of a rule. Each expression may evaluate to any CEL value.
struct Output {
  std::optional<Expression> expr;               // deprecated form of `when.ruleActivated`
  std::optional<Expression> rule_activated;     // `when.ruleActivated`
  std::optional<Expression> condition_not_met;  // `when.conditionNotMet`
  SourceLocation location;

  // The expression producing the output when the rule activates: `when.ruleActivated`, else the
  // deprecated `expr` (Cerbos 0.55 prefers `when.ruleActivated` when both are set), else null.
  const Expression* RuleActivatedExpression() const {
    if (rule_activated) return &*rule_activated;
    return expr ? &*expr : nullptr;
  }
};

// A named CEL variable (`variables.local`, `exportVariables.definitions`, top-level `variables`).
struct Variable {
  std::string name;
  Expression expr;
};

struct Variables {
  std::vector<NameRef> imports;  // names of exportVariables policies
  std::vector<Variable> local;   // in file order
};

// A named constant. Numbers are doubles, as in Cerbos (whose constants are protobuf Values).
struct Constant {
  std::string name;
  boost::json::value value;
  SourceLocation location;  // of the value
};

struct Constants {
  std::vector<NameRef> imports;  // names of exportConstants policies
  std::vector<Constant> local;   // in file order
};

// `schemas.principalSchema` / `schemas.resourceSchema`: kept, not enforced.
struct SchemaRef {
  std::string ref;                               // e.g. "cerbos:///principal.json"
  std::vector<std::string> ignore_when_actions;  // `ignoreWhen.actions`
  SourceLocation location;
};

struct Schemas {
  std::optional<SchemaRef> principal_schema;
  std::optional<SchemaRef> resource_schema;
};

// A rule of a resource policy. Matches when an action matches, the principal has one of `roles`
// (or `*`) or one of `derived_roles` is active, and the condition (if any) holds.
struct ResourceRule {
  std::vector<std::string> actions;  // non-empty, unique; may contain wildcards
  Effect effect = Effect::kAllow;
  std::vector<std::string> roles;      // unique; "*" = any role
  std::vector<NameRef> derived_roles;  // unique; roles and derived_roles are not both empty
  std::optional<Condition> condition;
  std::string name;  // empty when unnamed (see ResourceRuleName in policy_id.h)
  std::optional<Output> output;
  SourceLocation location;
};

struct ResourcePolicy {
  std::string resource;  // the resource kind, e.g. "mcp_tool" or "album:object"
  std::string version;   // e.g. "default"
  std::string scope;     // "" = unscoped; "a.b.c"
  ScopePermissions scope_permissions = ScopePermissions::kUnspecified;
  std::vector<NameRef> import_derived_roles;
  Constants constants;
  Variables variables;
  std::optional<Schemas> schemas;
  std::vector<ResourceRule> rules;
};

// One action of a principal-policy rule.
struct PrincipalAction {
  std::string action;  // may contain wildcards
  Effect effect = Effect::kAllow;
  std::optional<Condition> condition;
  std::string name;  // empty when unnamed (see PrincipalActionRuleName in policy_id.h)
  std::optional<Output> output;
  SourceLocation location;
};

struct PrincipalRule {
  std::string resource;                  // resource kind; may contain wildcards; unique per policy
  std::vector<PrincipalAction> actions;  // non-empty
  SourceLocation location;
};

struct PrincipalPolicy {
  std::string principal;  // the principal id
  std::string version;
  std::string scope;
  ScopePermissions scope_permissions = ScopePermissions::kUnspecified;
  Constants constants;
  Variables variables;
  std::vector<PrincipalRule> rules;
};

// A rule of a role policy: the (only) actions the role may perform on `resource`.
struct RoleRule {
  std::string resource;                    // resource kind; "*" = any
  std::vector<std::string> allow_actions;  // non-empty, unique; may contain wildcards
  std::optional<Condition> condition;
  // Optional; output sources are "<policy id>#<name>", with nothing after '#' when unnamed.
  std::string name;
  std::optional<Output> output;
  SourceLocation location;
};

struct RolePolicy {
  std::string role;
  std::string version;  // may be empty: the policy id then says "default"
  std::string scope;    // the principal scope the role policy applies in
  // Only kUnspecified or kRequireParentalConsentForAllows are valid for role policies.
  ScopePermissions scope_permissions = ScopePermissions::kUnspecified;
  std::vector<std::string> parent_roles;  // unique
  Constants constants;
  Variables variables;
  std::vector<RoleRule> rules;
};

// One definition of a derived-roles set.
struct DerivedRole {
  std::string name;
  std::vector<std::string> parent_roles;  // non-empty, unique; "*" = any role
  std::optional<Condition> condition;
  SourceLocation location;
};

struct DerivedRoles {
  std::string name;                      // what resource policies import
  std::vector<DerivedRole> definitions;  // non-empty; names unique
  Constants constants;
  Variables variables;
};

struct ExportVariables {
  std::string name;
  std::vector<Variable> definitions;
};

struct ExportConstants {
  std::string name;
  std::vector<Constant> definitions;
};

struct Metadata {
  std::string source_file;
  std::vector<std::pair<std::string, std::string>> annotations;  // in file order
  std::string hash;
  std::string store_identifier;
  boost::json::object source_attributes;  // `sourceAttributes.attributes`
};

enum class PolicyKind : uint8_t {
  kResource,
  kPrincipal,
  kRole,
  kDerivedRoles,
  kExportVariables,
  kExportConstants,
};

// One policy file.
struct Policy {
  using Body = std::variant<ResourcePolicy, PrincipalPolicy, RolePolicy, DerivedRoles,
                            ExportVariables, ExportConstants>;

  std::string api_version;  // always "api.cerbos.dev/v1"
  std::string description;
  bool disabled = false;
  Metadata metadata;
  // The deprecated top-level `variables:` map. Cerbos merges it into the body's local variables
  // (a name defined in both is a compile error). Never set for export policies.
  std::vector<Variable> deprecated_variables;
  Body body;
  SourceLocation location;  // of the body's key, e.g. `resourcePolicy:`

  // The PolicyKind values are in the order of the Body alternatives.
  PolicyKind kind() const { return static_cast<PolicyKind>(body.index()); }
};

}  // namespace portcullis::policy
