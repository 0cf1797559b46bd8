// Decoding of the six policy bodies and the checks Cerbos makes within one policy: required
// fields, rules that match no role, duplicate rule / definition names, duplicate resources.
#include <algorithm>

#include "policy/policy_decoder.h"

namespace portcullis::policy {
namespace {

// "rule #3" for index 2.
std::string Ordinal(std::string_view noun, size_t index) {
  return std::string(noun) + " #" + std::to_string(index + 1);
}

// Reports the second and later elements whose key (as given by `key_of`) repeats an earlier one.
// Elements are named "<noun> #<n>" in messages; `context` follows the name of the repeating one.
template <class Element, class KeyOf>
void ReportRepeatedKeys(YamlReader& reader, const std::vector<Element>& elements,
                        const KeyOf& key_of, std::string_view what, std::string_view noun,
                        std::string_view context = {}) {
  for (size_t i = 0; i < elements.size(); ++i) {
    const std::string& key = key_of(elements[i]);
    if (key.empty()) continue;
    for (size_t j = 0; j < i; ++j) {
      if (key_of(elements[j]) != key) continue;
      reader.Report(PolicyErrorKind::kDuplicateName, elements[i].location, FieldPath(),
                    "duplicate " + std::string(what) + " " + Quoted(key) + ": " + Ordinal(noun, i) +
                        std::string(context) + " has the same " + std::string(what) + " as " +
                        Ordinal(noun, j) + " (line " + std::to_string(elements[j].location.line) +
                        ")");
      break;
    }
  }
}

}  // namespace

ResourcePolicy PolicyDecoder::DecodeResourcePolicy(const YamlSlot& slot, const FieldPath& path) {
  ResourcePolicy policy;
  bool has_resource = false, has_version = false;
  bool is_mapping = reader_.ReadFields(
      slot, path,
      {"resource", "version", "scope", "scopePermissions", "importDerivedRoles", "constants",
       "variables", "schemas", "rules"},
      [&](std::string_view field, const YamlSlot& value, const FieldPath& p) {
        if (field == "resource") {
          has_resource = true;
          policy.resource = DecodeSubject(value, p, "resource kind");
        } else if (field == "version") {
          has_version = true;
          policy.version = DecodeVersion(value, p, /*allow_empty=*/false);
        } else if (field == "scope") {
          policy.scope = DecodeScope(value, p);
        } else if (field == "scopePermissions") {
          policy.scope_permissions =
              DecodeScopePermissions(value, p, /*role_policy=*/false).value_or(ScopePermissions{});
        } else if (field == "importDerivedRoles") {
          policy.import_derived_roles = DecodeNameRefs(value, p);
        } else if (field == "constants") {
          policy.constants = DecodeConstants(value, p);
        } else if (field == "variables") {
          policy.variables = DecodeVariables(value, p);
        } else if (field == "schemas") {
          policy.schemas = DecodeSchemas(value, p);
        } else {
          reader_.ReadSequence(value, p, [&](const YamlSlot& item, const FieldPath& ip) {
            policy.rules.push_back(DecodeResourceRule(item, ip, policy.rules.size()));
          });
        }
      });
  if (!is_mapping) return policy;
  RequireField(has_resource, slot, path, "resource");
  RequireField(has_version, slot, path, "version");
  ReportRepeatedKeys(
      reader_, policy.rules, [](const ResourceRule& r) -> const std::string& { return r.name; },
      "rule name", "rule");
  return policy;
}

ResourceRule PolicyDecoder::DecodeResourceRule(const YamlSlot& slot, const FieldPath& path,
                                               size_t index) {
  ResourceRule rule;
  rule.location = reader_.Locate(slot);
  bool has_actions = false, has_effect = false;
  bool is_mapping = reader_.ReadFields(
      slot, path, {"actions", "effect", "roles", "derivedRoles", "condition", "name", "output"},
      [&](std::string_view field, const YamlSlot& value, const FieldPath& p) {
        if (field == "actions") {
          has_actions = true;
          rule.actions = DecodeStrings(value, p, /*unique=*/true, /*required=*/true);
        } else if (field == "effect") {
          has_effect = true;
          rule.effect = DecodeEffect(value, p).value_or(Effect::kDeny);
        } else if (field == "roles") {
          rule.roles = DecodeStrings(value, p, /*unique=*/true, /*required=*/false);
        } else if (field == "derivedRoles") {
          rule.derived_roles = DecodeNameRefs(value, p);
        } else if (field == "condition") {
          rule.condition = DecodeCondition(value, p);
        } else if (field == "name") {
          rule.name = DecodeRuleName(value, p);
        } else {
          rule.output = DecodeOutput(value, p);
        }
      });
  if (!is_mapping) return rule;
  RequireField(has_actions, slot, path, "actions");
  RequireField(has_effect, slot, path, "effect");
  if (rule.roles.empty() && rule.derived_roles.empty()) {
    reader_.Report(PolicyErrorKind::kMissingField, slot, path,
                   Ordinal("rule", index) +
                       " does not specify any roles or derivedRoles to match (use roles: [\"*\"] "
                       "for any role)");
  }
  return rule;
}

PrincipalPolicy PolicyDecoder::DecodePrincipalPolicy(const YamlSlot& slot, const FieldPath& path) {
  PrincipalPolicy policy;
  bool has_principal = false, has_version = false;
  bool is_mapping = reader_.ReadFields(
      slot, path,
      {"principal", "version", "scope", "scopePermissions", "constants", "variables", "rules"},
      [&](std::string_view field, const YamlSlot& value, const FieldPath& p) {
        if (field == "principal") {
          has_principal = true;
          policy.principal = DecodeSubject(value, p, "principal");
        } else if (field == "version") {
          has_version = true;
          policy.version = DecodeVersion(value, p, /*allow_empty=*/false);
        } else if (field == "scope") {
          policy.scope = DecodeScope(value, p);
        } else if (field == "scopePermissions") {
          policy.scope_permissions =
              DecodeScopePermissions(value, p, /*role_policy=*/false).value_or(ScopePermissions{});
        } else if (field == "constants") {
          policy.constants = DecodeConstants(value, p);
        } else if (field == "variables") {
          policy.variables = DecodeVariables(value, p);
        } else {
          reader_.ReadSequence(value, p, [&](const YamlSlot& item, const FieldPath& ip) {
            policy.rules.push_back(DecodePrincipalRule(item, ip));
          });
        }
      });
  if (!is_mapping) return policy;
  RequireField(has_principal, slot, path, "principal");
  RequireField(has_version, slot, path, "version");
  ReportRepeatedKeys(
      reader_, policy.rules,
      [](const PrincipalRule& r) -> const std::string& { return r.resource; }, "resource", "rule");
  return policy;
}

PrincipalRule PolicyDecoder::DecodePrincipalRule(const YamlSlot& slot, const FieldPath& path) {
  PrincipalRule rule;
  rule.location = reader_.Locate(slot);
  bool has_resource = false, has_actions = false;
  bool is_mapping = reader_.ReadFields(
      slot, path, {"resource", "actions"},
      [&](std::string_view field, const YamlSlot& value, const FieldPath& p) {
        if (field == "resource") {
          has_resource = true;
          rule.resource = DecodeRequiredText(value, p);
          return;
        }
        has_actions = true;
        reader_.ReadSequence(value, p, [&](const YamlSlot& item, const FieldPath& ip) {
          rule.actions.push_back(DecodePrincipalAction(item, ip));
        });
        if (value.node.IsSequence() && value.node.size() == 0) {
          reader_.Report(PolicyErrorKind::kMissingField, value, p, "must list at least one action");
        }
      });
  if (!is_mapping) return rule;
  RequireField(has_resource, slot, path, "resource");
  RequireField(has_actions, slot, path, "actions");
  ReportRepeatedKeys(
      reader_, rule.actions, [](const PrincipalAction& a) -> const std::string& { return a.name; },
      "rule name", "action rule", " for resource " + Quoted(rule.resource));
  return rule;
}

PrincipalAction PolicyDecoder::DecodePrincipalAction(const YamlSlot& slot, const FieldPath& path) {
  PrincipalAction action;
  action.location = reader_.Locate(slot);
  bool has_action = false, has_effect = false;
  bool is_mapping =
      reader_.ReadFields(slot, path, {"action", "effect", "condition", "name", "output"},
                         [&](std::string_view field, const YamlSlot& value, const FieldPath& p) {
                           if (field == "action") {
                             has_action = true;
                             action.action = DecodeRequiredText(value, p);
                           } else if (field == "effect") {
                             has_effect = true;
                             action.effect = DecodeEffect(value, p).value_or(Effect::kDeny);
                           } else if (field == "condition") {
                             action.condition = DecodeCondition(value, p);
                           } else if (field == "name") {
                             action.name = DecodeRuleName(value, p);
                           } else {
                             action.output = DecodeOutput(value, p);
                           }
                         });
  if (!is_mapping) return action;
  RequireField(has_action, slot, path, "action");
  RequireField(has_effect, slot, path, "effect");
  return action;
}

RolePolicy PolicyDecoder::DecodeRolePolicy(const YamlSlot& slot, const FieldPath& path) {
  RolePolicy policy;
  bool has_role = false;
  bool is_mapping = reader_.ReadFields(
      slot, path,
      {"role", "version", "scope", "scopePermissions", "parentRoles", "constants", "variables",
       "rules"},
      [&](std::string_view field, const YamlSlot& value, const FieldPath& p) {
        if (field == "role") {
          has_role = true;
          policy.role = DecodeSubject(value, p, "role");
        } else if (field == "version") {
          policy.version = DecodeVersion(value, p, /*allow_empty=*/true);
        } else if (field == "scope") {
          policy.scope = DecodeScope(value, p);
        } else if (field == "scopePermissions") {
          policy.scope_permissions =
              DecodeScopePermissions(value, p, /*role_policy=*/true).value_or(ScopePermissions{});
        } else if (field == "parentRoles") {
          policy.parent_roles = DecodeStrings(value, p, /*unique=*/true, /*required=*/false);
        } else if (field == "constants") {
          policy.constants = DecodeConstants(value, p);
        } else if (field == "variables") {
          policy.variables = DecodeVariables(value, p);
        } else {
          reader_.ReadSequence(value, p, [&](const YamlSlot& item, const FieldPath& ip) {
            policy.rules.push_back(DecodeRoleRule(item, ip));
          });
        }
      });
  if (is_mapping) RequireField(has_role, slot, path, "role");
  return policy;
}

RoleRule PolicyDecoder::DecodeRoleRule(const YamlSlot& slot, const FieldPath& path) {
  RoleRule rule;
  rule.location = reader_.Locate(slot);
  bool has_resource = false, has_actions = false;
  bool is_mapping = reader_.ReadFields(
      slot, path, {"resource", "allowActions", "condition", "name", "output"},
      [&](std::string_view field, const YamlSlot& value, const FieldPath& p) {
        if (field == "resource") {
          has_resource = true;
          rule.resource = DecodeRequiredText(value, p);
        } else if (field == "allowActions") {
          has_actions = true;
          rule.allow_actions = DecodeStrings(value, p, /*unique=*/true, /*required=*/true);
        } else if (field == "condition") {
          rule.condition = DecodeCondition(value, p);
        } else if (field == "name") {
          rule.name = DecodeRuleName(value, p);
        } else {
          rule.output = DecodeOutput(value, p);
        }
      });
  if (!is_mapping) return rule;
  RequireField(has_resource, slot, path, "resource");
  RequireField(has_actions, slot, path, "allowActions");
  return rule;
}

DerivedRoles PolicyDecoder::DecodeDerivedRoles(const YamlSlot& slot, const FieldPath& path) {
  DerivedRoles roles;
  bool has_name = false, has_definitions = false;
  bool is_mapping = reader_.ReadFields(
      slot, path, {"name", "definitions", "constants", "variables"},
      [&](std::string_view field, const YamlSlot& value, const FieldPath& p) {
        if (field == "name") {
          has_name = true;
          roles.name = DecodeSetName(value, p);
        } else if (field == "definitions") {
          has_definitions = true;
          reader_.ReadSequence(value, p, [&](const YamlSlot& item, const FieldPath& ip) {
            roles.definitions.push_back(DecodeDerivedRole(item, ip));
          });
          if (value.node.IsSequence() && value.node.size() == 0) {
            reader_.Report(PolicyErrorKind::kMissingField, value, p,
                           "must list at least one derived role");
          }
        } else if (field == "constants") {
          roles.constants = DecodeConstants(value, p);
        } else {
          roles.variables = DecodeVariables(value, p);
        }
      });
  if (!is_mapping) return roles;
  RequireField(has_name, slot, path, "name");
  RequireField(has_definitions, slot, path, "definitions");
  ReportRepeatedKeys(
      reader_, roles.definitions, [](const DerivedRole& d) -> const std::string& { return d.name; },
      "derived role name", "definition");
  return roles;
}

DerivedRole PolicyDecoder::DecodeDerivedRole(const YamlSlot& slot, const FieldPath& path) {
  DerivedRole role;
  role.location = reader_.Locate(slot);
  bool has_name = false, has_parents = false;
  bool is_mapping = reader_.ReadFields(
      slot, path, {"name", "parentRoles", "condition"},
      [&](std::string_view field, const YamlSlot& value, const FieldPath& p) {
        if (field == "name") {
          has_name = true;
          role.name = DecodeSetName(value, p);
        } else if (field == "parentRoles") {
          has_parents = true;
          role.parent_roles = DecodeStrings(value, p, /*unique=*/true, /*required=*/true);
        } else {
          role.condition = DecodeCondition(value, p);
        }
      });
  if (!is_mapping) return role;
  RequireField(has_name, slot, path, "name");
  RequireField(has_parents, slot, path, "parentRoles");
  return role;
}

ExportVariables PolicyDecoder::DecodeExportVariables(const YamlSlot& slot, const FieldPath& path) {
  ExportVariables exported;
  bool has_name = false;
  bool is_mapping =
      reader_.ReadFields(slot, path, {"name", "definitions"},
                         [&](std::string_view field, const YamlSlot& value, const FieldPath& p) {
                           if (field == "name") {
                             has_name = true;
                             exported.name = DecodeSetName(value, p);
                           } else {
                             exported.definitions = DecodeVariableMap(value, p);
                           }
                         });
  if (is_mapping) RequireField(has_name, slot, path, "name");
  return exported;
}

ExportConstants PolicyDecoder::DecodeExportConstants(const YamlSlot& slot, const FieldPath& path) {
  ExportConstants exported;
  bool has_name = false;
  bool is_mapping =
      reader_.ReadFields(slot, path, {"name", "definitions"},
                         [&](std::string_view field, const YamlSlot& value, const FieldPath& p) {
                           if (field == "name") {
                             has_name = true;
                             exported.name = DecodeSetName(value, p);
                           } else {
                             exported.definitions = DecodeConstantMap(value, p);
                           }
                         });
  if (is_mapping) RequireField(has_name, slot, path, "name");
  return exported;
}

Schemas PolicyDecoder::DecodeSchemas(const YamlSlot& slot, const FieldPath& path) {
  Schemas schemas;
  reader_.ReadFields(
      slot, path, {"principalSchema", "resourceSchema"},
      [&](std::string_view field, const YamlSlot& value, const FieldPath& p) {
        (field == "principalSchema" ? schemas.principal_schema : schemas.resource_schema) =
            DecodeSchemaRef(value, p);
      });
  return schemas;
}

SchemaRef PolicyDecoder::DecodeSchemaRef(const YamlSlot& slot, const FieldPath& path) {
  SchemaRef schema;
  schema.location = reader_.Locate(slot);
  bool has_ref = false;
  bool is_mapping = reader_.ReadFields(
      slot, path, {"ref", "ignoreWhen"},
      [&](std::string_view field, const YamlSlot& value, const FieldPath& p) {
        if (field == "ref") {
          has_ref = true;
          schema.ref = DecodeRequiredText(value, p);
          return;
        }
        bool has_actions = false;
        bool when_is_mapping = reader_.ReadFields(
            value, p, {"actions"}, [&](std::string_view, const YamlSlot& v, const FieldPath& vp) {
              has_actions = true;
              schema.ignore_when_actions = DecodeStrings(v, vp, /*unique=*/true, /*required=*/true);
            });
        if (when_is_mapping) RequireField(has_actions, value, p, "actions");
      });
  if (is_mapping) RequireField(has_ref, slot, path, "ref");
  return schema;
}

}  // namespace portcullis::policy
