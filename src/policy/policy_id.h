// Policy and rule identifiers exactly as Cerbos 0.55 prints them (response `meta.matchedPolicy`,
// output `src`, duplicate-definition errors), verified against the binary:
//
//   resource.<kind>.v<version>[/<scope>]        resource.mcp_tool.vdefault/acme.hr
//   principal.<id>.v<version>[/<scope>]         principal.bob_example.com.vdefault
//   role.<role>.v<version|default>[/<scope>]    role.auditor.vdefault/acme
//   derived_roles.<name>   export_variables.<name>   export_constants.<name>
//
// <kind>, <id>, <role> and the set names are "sanitized" like Cerbos does for names that match
// its pre-0.30 pattern `^[A-Za-z][\w@.\-/]*(:[A-Za-z][\w@.\-/]*)*$`: each run of characters
// other than [A-Za-z0-9_.] becomes one '_' ("mcp:tool/x@y-z" -> "mcp_tool_x_y_z"). Other names
// are kept as written. Scopes are never changed.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "policy/model.h"

namespace portcullis::policy {

std::string SanitizePolicyName(std::string_view name);

std::string ResourcePolicyId(std::string_view kind, std::string_view version,
                             std::string_view scope);
std::string PrincipalPolicyId(std::string_view principal, std::string_view version,
                              std::string_view scope);
// An empty version is written as "default".
std::string RolePolicyId(std::string_view role, std::string_view version, std::string_view scope);

// The id of any policy, e.g. "resource.album_object.vdefault/acme".
std::string PolicyId(const Policy& policy);

// "resource", "principal", "role", "derived_roles", "export_variables", "export_constants".
std::string_view PolicyKindName(PolicyKind kind);

// The name of rule `index` (0-based) of a resource policy: its `name`, else "rule-001" style
// (1-based, three digits). Output sources are "<policy id>#<rule name>".
std::string ResourceRuleName(const ResourceRule& rule, size_t index);

// The name of action `index` (0-based) of a principal-policy rule: its `name`, else
// "<resource>_rule-001" style, with the rule's resource as written (not sanitized).
std::string PrincipalActionRuleName(const PrincipalRule& rule, size_t index);

}  // namespace portcullis::policy
