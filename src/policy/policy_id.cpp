#include "policy/policy_id.h"

#include <cstdio>

#include "policy/name_syntax.h"

namespace portcullis::policy {
namespace {

std::string WithScope(std::string id, std::string_view scope) {
  if (scope.empty()) return id;
  id += '/';
  id += scope;
  return id;
}

std::string VersionedId(std::string_view prefix, std::string_view name, std::string_view version,
                        std::string_view scope) {
  std::string id(prefix);
  id += '.';
  id += SanitizePolicyName(name);
  id += ".v";
  id += SanitizePolicyName(version);
  return WithScope(std::move(id), scope);
}

std::string NamedId(std::string_view prefix, std::string_view name) {
  std::string id(prefix);
  id += '.';
  id += SanitizePolicyName(name);
  return id;
}

std::string RuleNumber(size_t index) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "rule-%03zu", index + 1);
  return buf;
}

}  // namespace

std::string SanitizePolicyName(std::string_view name) {
  if (!MatchesLegacyNamePattern(name)) return std::string(name);
  std::string out;
  out.reserve(name.size());
  bool in_replaced_run = false;
  for (char c : name) {
    bool kept = IsWordChar(c) || c == '.';
    if (kept) {
      out += c;
    } else if (!in_replaced_run) {
      out += '_';
    }
    in_replaced_run = !kept;
  }
  return out;
}

std::string ResourcePolicyId(std::string_view kind, std::string_view version,
                             std::string_view scope) {
  return VersionedId("resource", kind, version, scope);
}

std::string PrincipalPolicyId(std::string_view principal, std::string_view version,
                              std::string_view scope) {
  return VersionedId("principal", principal, version, scope);
}

std::string RolePolicyId(std::string_view role, std::string_view version, std::string_view scope) {
  return VersionedId("role", role, version.empty() ? "default" : version, scope);
}

std::string PolicyId(const Policy& policy) {
  struct IdOf {
    std::string operator()(const ResourcePolicy& p) const {
      return ResourcePolicyId(p.resource, p.version, p.scope);
    }
    std::string operator()(const PrincipalPolicy& p) const {
      return PrincipalPolicyId(p.principal, p.version, p.scope);
    }
    std::string operator()(const RolePolicy& p) const {
      return RolePolicyId(p.role, p.version, p.scope);
    }
    std::string operator()(const DerivedRoles& p) const { return NamedId("derived_roles", p.name); }
    std::string operator()(const ExportVariables& p) const {
      return NamedId("export_variables", p.name);
    }
    std::string operator()(const ExportConstants& p) const {
      return NamedId("export_constants", p.name);
    }
  };
  return std::visit(IdOf{}, policy.body);
}

std::string_view PolicyKindName(PolicyKind kind) {
  switch (kind) {
    case PolicyKind::kResource:
      return "resource";
    case PolicyKind::kPrincipal:
      return "principal";
    case PolicyKind::kRole:
      return "role";
    case PolicyKind::kDerivedRoles:
      return "derived_roles";
    case PolicyKind::kExportVariables:
      return "export_variables";
    case PolicyKind::kExportConstants:
      return "export_constants";
  }
  return "unknown";
}

std::string ResourceRuleName(const ResourceRule& rule, size_t index) {
  return rule.name.empty() ? RuleNumber(index) : rule.name;
}

std::string PrincipalActionRuleName(const PrincipalRule& rule, size_t index) {
  const std::string& name = rule.actions[index].name;
  return name.empty() ? rule.resource + "_" + RuleNumber(index) : name;
}

}  // namespace portcullis::policy
