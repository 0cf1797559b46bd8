// Decoding one YAML document into a Policy, checking everything that Cerbos 0.55 checks when it
// loads a single policy file (schema, enum values, name syntax, uniqueness within the policy).
// Private to src/policy: the public entry point is ParsePolicy (loader.h).
//
// Each Decode* function reports problems through the YamlReader and returns what it could read;
// a document with any error yields no policy (see DecodeDocument).
//
// Thread-safety: a PolicyDecoder is used by one thread at a time.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/model.h"
#include "policy/yaml_reader.h"

namespace portcullis::policy {

// `s` in double quotes, for messages.
std::string Quoted(std::string_view s);

class PolicyDecoder {
 public:
  explicit PolicyDecoder(YamlReader& reader) : reader_(reader) {}

  // The policy in `document`; nullopt if the document has any error (all of them reported).
  std::optional<Policy> DecodeDocument(const YAML::Node& document);

 private:
  // Policy bodies (policy_bodies.cpp).
  ResourcePolicy DecodeResourcePolicy(const YamlSlot& slot, const FieldPath& path);
  ResourceRule DecodeResourceRule(const YamlSlot& slot, const FieldPath& path, size_t index);
  PrincipalPolicy DecodePrincipalPolicy(const YamlSlot& slot, const FieldPath& path);
  PrincipalRule DecodePrincipalRule(const YamlSlot& slot, const FieldPath& path);
  PrincipalAction DecodePrincipalAction(const YamlSlot& slot, const FieldPath& path);
  RolePolicy DecodeRolePolicy(const YamlSlot& slot, const FieldPath& path);
  RoleRule DecodeRoleRule(const YamlSlot& slot, const FieldPath& path);
  DerivedRoles DecodeDerivedRoles(const YamlSlot& slot, const FieldPath& path);
  DerivedRole DecodeDerivedRole(const YamlSlot& slot, const FieldPath& path);
  ExportVariables DecodeExportVariables(const YamlSlot& slot, const FieldPath& path);
  ExportConstants DecodeExportConstants(const YamlSlot& slot, const FieldPath& path);
  Schemas DecodeSchemas(const YamlSlot& slot, const FieldPath& path);
  SchemaRef DecodeSchemaRef(const YamlSlot& slot, const FieldPath& path);

  // Pieces shared by several bodies (policy_elements.cpp).
  std::optional<Condition> DecodeCondition(const YamlSlot& slot, const FieldPath& path);
  std::optional<Match> DecodeMatch(const YamlSlot& slot, const FieldPath& path);
  std::optional<Output> DecodeOutput(const YamlSlot& slot, const FieldPath& path);
  std::optional<Expression> DecodeExpression(const YamlSlot& slot, const FieldPath& path);
  Variables DecodeVariables(const YamlSlot& slot, const FieldPath& path);
  Constants DecodeConstants(const YamlSlot& slot, const FieldPath& path);
  std::vector<Variable> DecodeVariableMap(const YamlSlot& slot, const FieldPath& path);
  std::vector<Constant> DecodeConstantMap(const YamlSlot& slot, const FieldPath& path);
  Metadata DecodeMetadata(const YamlSlot& slot, const FieldPath& path);
  std::optional<Effect> DecodeEffect(const YamlSlot& slot, const FieldPath& path);
  std::optional<ScopePermissions> DecodeScopePermissions(const YamlSlot& slot,
                                                         const FieldPath& path, bool role_policy);
  // A list of references to named sets (imports, derived roles): unique, `^[\w\-\.]+$`.
  std::vector<NameRef> DecodeNameRefs(const YamlSlot& slot, const FieldPath& path);
  // A list of strings, each non-empty (and unique when `unique`); `required` = non-empty list.
  std::vector<std::string> DecodeStrings(const YamlSlot& slot, const FieldPath& path, bool unique,
                                         bool required);

  // String fields with a syntax (policy_elements.cpp). Each reports and returns "" when wrong.
  // `what` names the value in messages, e.g. "resource kind".
  std::string DecodeSubject(const YamlSlot& slot, const FieldPath& path, std::string_view what);
  std::string DecodeVersion(const YamlSlot& slot, const FieldPath& path, bool allow_empty);
  std::string DecodeScope(const YamlSlot& slot, const FieldPath& path);
  std::string DecodeSetName(const YamlSlot& slot, const FieldPath& path);
  std::string DecodeRuleName(const YamlSlot& slot, const FieldPath& path);
  // Any string; "" (with an error) when not a string.
  std::string DecodeText(const YamlSlot& slot, const FieldPath& path);
  // A non-empty string.
  std::string DecodeRequiredText(const YamlSlot& slot, const FieldPath& path);

  // "missing required field" when a required field was not written.
  void RequireField(bool present, const YamlSlot& mapping, const FieldPath& path,
                    std::string_view field);
  void ReportInvalid(const YamlSlot& slot, const FieldPath& path, std::string_view message);

  YamlReader& reader_;
};

}  // namespace portcullis::policy
