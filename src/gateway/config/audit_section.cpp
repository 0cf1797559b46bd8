// `audit:` — where the decision log and the access log go.
#include "gateway/config/sections.h"

namespace portcullis::gateway {
namespace {

std::optional<LogDestination> ReadDestination(ConfigReader& reader, const YamlSlot& slot,
                                              const FieldPath& path) {
  // `off` must be quoted in YAML 1.1 but not in 1.2; yaml-cpp keeps it a plain string either way.
  std::optional<std::string> text = reader.NonEmptyString(slot, path);
  if (!text) return std::nullopt;
  if (*text == "off") return LogDestination{LogDestination::Kind::kOff, {}};
  if (*text == "stdout") return LogDestination{LogDestination::Kind::kStdout, {}};
  if (*text == "stderr") return LogDestination{LogDestination::Kind::kStderr, {}};
  std::optional<std::filesystem::path> file = reader.Path(slot, path);
  if (!file) return std::nullopt;
  return LogDestination{LogDestination::Kind::kFile, std::move(*file)};
}

}  // namespace

std::optional<AuditConfig> ReadAudit(ConfigReader& reader, const YamlSlot& slot,
                                     const FieldPath& path) {
  size_t errors_before = reader.error_count();
  std::optional<FieldSlots> fields = reader.Fields(slot, path, {"decision_log", "access_log"});
  if (!fields) return std::nullopt;
  AuditConfig audit;
  if (const YamlSlot* value = FindField(*fields, "decision_log")) {
    if (auto log = ReadDestination(reader, *value, path.Field("decision_log"))) {
      audit.decision_log = std::move(*log);
    }
  }
  if (const YamlSlot* value = FindField(*fields, "access_log")) {
    if (auto log = ReadDestination(reader, *value, path.Field("access_log"))) {
      audit.access_log = std::move(*log);
    }
  }
  if (audit.decision_log.kind == LogDestination::Kind::kFile &&
      audit.access_log.kind == LogDestination::Kind::kFile &&
      audit.decision_log.file == audit.access_log.file) {
    reader.Report(*FindField(*fields, "access_log"), path.Field("access_log"),
                  "the access log and the decision log need different files");
  }
  if (reader.error_count() != errors_before) return std::nullopt;
  return audit;
}

}  // namespace portcullis::gateway
