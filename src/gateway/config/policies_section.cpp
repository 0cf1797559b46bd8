// `policies:` — the policy directory, whether to watch it, and Cerbos's `engine:` block.
#include <filesystem>

#include "gateway/config/sections.h"

namespace portcullis::gateway {

std::optional<policy::EngineOptions> ReadEngineOptions(ConfigReader& reader, const YamlSlot& slot,
                                                       const FieldPath& path) {
  size_t errors_before = reader.error_count();
  // Cerbos's key names (the reader accepts their snake_case spelling too).
  std::optional<FieldSlots> fields =
      reader.Fields(slot, path,
                    {"defaultPolicyVersion", "defaultScope", "lenientScopeSearch",
                     "strictEvaluation", "globals"});
  if (!fields) return std::nullopt;
  policy::EngineOptions engine;
  if (const YamlSlot* value = FindField(*fields, "defaultPolicyVersion")) {
    if (auto version = reader.NonEmptyString(*value, path.Field("defaultPolicyVersion"))) {
      engine.default_policy_version = std::move(*version);
    }
  }
  if (const YamlSlot* value = FindField(*fields, "defaultScope")) {
    if (auto scope = reader.String(*value, path.Field("defaultScope"))) {
      engine.default_scope = std::move(*scope);
    }
  }
  if (const YamlSlot* value = FindField(*fields, "lenientScopeSearch")) {
    if (auto flag = reader.Bool(*value, path.Field("lenientScopeSearch"))) {
      engine.lenient_scope_search = *flag;
    }
  }
  if (const YamlSlot* value = FindField(*fields, "strictEvaluation")) {
    if (auto flag = reader.Bool(*value, path.Field("strictEvaluation"))) {
      engine.strict_evaluation = *flag;
    }
  }
  if (const YamlSlot* value = FindField(*fields, "globals")) {
    if (auto globals = reader.Attributes(*value, path.Field("globals"), {})) {
      engine.globals = std::move(*globals);
    }
  }
  if (reader.error_count() != errors_before) return std::nullopt;
  return engine;
}

std::optional<PoliciesConfig> ReadPolicies(ConfigReader& reader, const YamlSlot& slot,
                                           const FieldPath& path) {
  size_t errors_before = reader.error_count();
  std::optional<FieldSlots> fields = reader.Fields(slot, path, {"directory", "watch", "engine"});
  if (!fields) return std::nullopt;
  PoliciesConfig policies;
  if (const YamlSlot* value = reader.Required(*fields, slot, path, "directory")) {
    FieldPath at = path.Field("directory");
    if (auto directory = reader.Path(*value, at)) {
      std::error_code ec;
      if (!std::filesystem::is_directory(*directory, ec)) {
        reader.Report(*value, at, "no policy directory at " + directory->string(),
                      policy::PolicyErrorKind::kIo);
      }
      policies.directory = std::move(*directory);
    }
  }
  if (const YamlSlot* value = FindField(*fields, "watch")) {
    if (auto watch = reader.Bool(*value, path.Field("watch"))) policies.watch = *watch;
  }
  if (const YamlSlot* value = FindField(*fields, "engine")) {
    if (auto engine = ReadEngineOptions(reader, *value, path.Field("engine"))) {
      policies.engine = std::move(*engine);
    }
  }
  if (reader.error_count() != errors_before) return std::nullopt;
  return policies;
}

}  // namespace portcullis::gateway
