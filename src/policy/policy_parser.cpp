// ParsePolicy: one file's text -> YAML documents -> a Policy (policy_decoder.h).
#include <algorithm>
#include <memory>
#include <tuple>

#include "policy/loader.h"
#include "policy/policy_decoder.h"

namespace portcullis::policy {
namespace {

constexpr std::string_view kApiVersion = "api.cerbos.dev/v1";

constexpr std::string_view kBodyFields[] = {"resourcePolicy", "principalPolicy", "rolePolicy",
                                            "derivedRoles",   "exportVariables", "exportConstants"};

bool IsBodyField(std::string_view field) {
  for (std::string_view body : kBodyFields) {
    if (field == body) return true;
  }
  return false;
}

}  // namespace

std::optional<Policy> PolicyDecoder::DecodeDocument(const YAML::Node& document) {
  size_t errors_before = reader_.error_count();
  YamlSlot root = RootSlot(document);
  FieldPath path;
  Policy policy;
  std::optional<YamlSlot> body_slot;
  std::string_view body_field;
  std::optional<YamlSlot> variables_slot;
  bool has_api_version = false;

  bool is_mapping = reader_.ReadFields(
      root, path,
      {"apiVersion", "description", "disabled", "metadata", "variables", "$schema",
       "resourcePolicy", "principalPolicy", "rolePolicy", "derivedRoles", "exportVariables",
       "exportConstants"},
      [&](std::string_view field, const YamlSlot& value, const FieldPath& p) {
        if (field == "apiVersion") {
          has_api_version = true;
          std::optional<std::string> version = reader_.ReadString(value, p);
          if (version && *version != kApiVersion) {
            ReportInvalid(value, p,
                          "unsupported apiVersion \"" + *version + "\": expected \"" +
                              std::string(kApiVersion) + "\"");
          }
          policy.api_version = version.value_or(std::string());
        } else if (field == "description") {
          policy.description = DecodeText(value, p);
        } else if (field == "disabled") {
          policy.disabled = reader_.ReadBool(value, p).value_or(false);
        } else if (field == "metadata") {
          policy.metadata = DecodeMetadata(value, p);
        } else if (field == "variables") {
          variables_slot = value;
          policy.deprecated_variables = DecodeVariableMap(value, p);
        } else if (field == "$schema") {
          DecodeText(value, p);  // an editor hint; accepted and ignored, as Cerbos does
        } else if (IsBodyField(field)) {
          if (body_slot) {
            reader_.Report(PolicyErrorKind::kInvalidValue, reader_.Locate(value.key_mark), p,
                           "a policy file holds exactly one policy, and it is the " +
                               std::string(body_field) + " at line " +
                               std::to_string(body_slot->key_mark.line + 1));
            return;
          }
          body_slot = value;
          body_field = field;
          policy.location = reader_.Locate(value.key_mark);
          if (field == "resourcePolicy") {
            policy.body = DecodeResourcePolicy(value, p);
          } else if (field == "principalPolicy") {
            policy.body = DecodePrincipalPolicy(value, p);
          } else if (field == "rolePolicy") {
            policy.body = DecodeRolePolicy(value, p);
          } else if (field == "derivedRoles") {
            policy.body = DecodeDerivedRoles(value, p);
          } else if (field == "exportVariables") {
            policy.body = DecodeExportVariables(value, p);
          } else {
            policy.body = DecodeExportConstants(value, p);
          }
        }
      });
  if (!is_mapping) return std::nullopt;

  RequireField(has_api_version, root, path, "apiVersion");
  if (!body_slot) {
    reader_.Report(PolicyErrorKind::kMissingField, root, path,
                   "no policy found: expected one of resourcePolicy, principalPolicy, "
                   "rolePolicy, derivedRoles, exportVariables or exportConstants");
  } else if (variables_slot && (policy.kind() == PolicyKind::kExportVariables ||
                                policy.kind() == PolicyKind::kExportConstants)) {
    reader_.Report(
        PolicyErrorKind::kUnknownField, reader_.Locate(variables_slot->key_mark), path,
        "the deprecated top-level variables field is not allowed in " +
            std::string(policy.kind() == PolicyKind::kExportVariables ? "exportVariables"
                                                                      : "exportConstants") +
            " policies");
  }
  if (reader_.error_count() != errors_before) return std::nullopt;
  return policy;
}

ParsedPolicyFile ParsePolicy(std::string_view text, std::string file_name) {
  ParsedPolicyFile result;
  auto file = std::make_shared<const std::string>(std::move(file_name));
  YamlReader reader(file, result.errors);

  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    // Debian's yaml-cpp 0.7 guards against deep nesting (about 500 levels) by throwing "bad
    // file", its message for unreadable files, which LoadAll never reads.
    std::string reason = e.msg == YAML::ErrorMsg::BAD_FILE ? "nested too deeply" : e.msg;
    reader.Report(PolicyErrorKind::kSyntax, reader.Locate(e.mark), FieldPath(),
                  "invalid YAML: " + reason);
    return result;
  }

  const YAML::Node* policy_document = nullptr;
  for (const YAML::Node& document : documents) {
    if (document.IsNull()) continue;  // empty document (only comments, or a trailing ---)
    if (policy_document != nullptr) {
      reader.Report(PolicyErrorKind::kSyntax, reader.Locate(document.Mark()), FieldPath(),
                    "more than one YAML document: a policy file holds exactly one policy");
      return result;
    }
    policy_document = &document;
  }
  if (policy_document == nullptr) return result;
  if (!policy_document->IsMap()) {
    reader.Report(PolicyErrorKind::kSyntax, reader.Locate(policy_document->Mark()), FieldPath(),
                  "not a policy: expected a mapping with apiVersion and one policy body");
    return result;
  }
  PolicyDecoder decoder(reader);
  result.policy = decoder.DecodeDocument(*policy_document);
  // Decoding reports a mapping's missing fields after its contents; authors read by line.
  std::stable_sort(result.errors.begin(), result.errors.end(),
                   [](const PolicyError& a, const PolicyError& b) {
                     return std::tie(a.location.line, a.location.column) <
                            std::tie(b.location.line, b.location.column);
                   });
  return result;
}

}  // namespace portcullis::policy
