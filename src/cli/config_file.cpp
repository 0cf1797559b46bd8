#include "cli/config_file.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <initializer_list>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace portcullis::cli {
namespace {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

[[noreturn]] void Fail(const YAML::Node& node, const std::string& what) {
  throw ConfigError(std::to_string(node.Mark().line + 1) + ": " + what);
}

// A YAML scalar as JSON, resolved as YAML 1.2's core schema does; quoted scalars are strings.
boost::json::value ScalarToJson(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  if (node.Tag() != "!") {
    if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")
      return nullptr;
    if (text == "true" || text == "True" || text == "TRUE") return true;
    if (text == "false" || text == "False" || text == "FALSE") return false;
    int64_t integer;
    if (YAML::convert<int64_t>::decode(node, integer)) return integer;
    double number;
    if (YAML::convert<double>::decode(node, number)) return number;
  }
  return boost::json::string(text);
}

boost::json::value YamlToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      boost::json::object object;
      for (const auto& entry : node) object[entry.first.Scalar()] = YamlToJson(entry.second);
      return object;
    }
    case YAML::NodeType::Sequence: {
      boost::json::array array;
      for (const auto& item : node) array.push_back(YamlToJson(item));
      return array;
    }
    case YAML::NodeType::Scalar:
      return ScalarToJson(node);
    default:
      return nullptr;
  }
}

bool ReadBool(const YAML::Node& node, const std::string& name) {
  boost::json::value value = node.IsScalar() ? ScalarToJson(node) : boost::json::value();
  if (!value.is_bool()) Fail(node, name + ": expected true or false");
  return value.get_bool();
}

std::string ReadString(const YAML::Node& node, const std::string& name) {
  if (!node.IsScalar() && !node.IsNull()) Fail(node, name + ": expected a string");
  return node.IsNull() ? std::string() : node.Scalar();
}

std::vector<std::string> ReadStrings(const YAML::Node& node, const std::string& name) {
  std::vector<std::string> strings;
  if (node.IsNull()) return strings;
  if (!node.IsSequence()) Fail(node, name + ": expected a list of strings");
  for (const auto& item : node) strings.push_back(ReadString(item, name));
  return strings;
}

// Calls `read(key, value)` for every entry of the mapping `node` (null: none).
template <typename Read>
void ForEachField(const YAML::Node& node, const std::string& name, Read read) {
  if (!node || node.IsNull()) return;
  if (!node.IsMap()) Fail(node, name + ": expected a mapping");
  for (const auto& entry : node) read(entry.first.Scalar(), entry.second, entry.first);
}

[[noreturn]] void UnknownField(const YAML::Node& key, const std::string& section) {
  Fail(key, section + ": unknown field \"" + key.Scalar() + "\"");
}

// Only storage.disk.watchForChanges; the other storage keys describe the policy store, which
// is --policies here.
StorageOptions ReadStorage(const YAML::Node& storage) {
  StorageOptions options;
  ForEachField(
      storage, "storage", [&](const std::string& key, const YAML::Node& value, const YAML::Node&) {
        if (key != "disk") return;
        ForEachField(
            value, "storage.disk",
            [&](const std::string& disk_key, const YAML::Node& disk_value, const YAML::Node&) {
              if (disk_key == "watchForChanges")
                options.watch_for_changes = ReadBool(disk_value, "storage.disk.watchForChanges");
            });
      });
  return options;
}

// Reads a section of Cerbos keys: `read(key, value)` returns whether it took the key; the keys
// in `ignored` (Cerbos settings with no effect here) are accepted; any other key is an error.
template <typename Read>
void ReadCerbosSection(const YAML::Node& node, const std::string& name,
                       std::initializer_list<std::string_view> ignored, Read read) {
  ForEachField(node, name,
               [&](const std::string& key, const YAML::Node& value, const YAML::Node& key_node) {
                 if (read(key, value)) return;
                 if (std::find(ignored.begin(), ignored.end(), key) == ignored.end())
                   UnknownField(key_node, name);
               });
}

policy::EngineOptions ReadEngine(const YAML::Node& engine) {
  policy::EngineOptions options;
  ReadCerbosSection(engine, "engine", {}, [&](const std::string& key, const YAML::Node& value) {
    std::string name = "engine." + key;
    if (key == "defaultPolicyVersion") {
      options.default_policy_version = ReadString(value, name);
    } else if (key == "defaultScope") {
      options.default_scope = ReadString(value, name);
    } else if (key == "lenientScopeSearch") {
      options.lenient_scope_search = ReadBool(value, name);
    } else if (key == "strictEvaluation") {
      options.strict_evaluation = ReadBool(value, name);
    } else if (key == "globals") {
      boost::json::value globals = YamlToJson(value);
      if (!globals.is_object() && !globals.is_null())
        Fail(value, "engine.globals: expected a mapping");
      if (globals.is_object()) options.globals = std::move(globals.get_object());
    } else {
      return false;
    }
    return true;
  });
  return options;
}

// The string `key` of the section `name`, the only key of it used here; the keys in `ignored`
// are accepted.
std::string ReadOnlyString(const YAML::Node& section, const std::string& name, std::string_view key,
                           std::initializer_list<std::string_view> ignored) {
  std::string text;
  ReadCerbosSection(section, name, ignored, [&](const std::string& field, const YAML::Node& value) {
    if (field != key) return false;
    text = ReadString(value, name + "." + field);
    return true;
  });
  return text;
}

// audit.decisionLogFilters: checkResources.ignoreAllowAll (there is no PlanResources API).
bool ReadIgnoreAllowAll(const YAML::Node& filters) {
  bool ignore_allow_all = false;
  const std::string name = "audit.decisionLogFilters.checkResources";
  ReadCerbosSection(filters, "audit.decisionLogFilters", {"planResources"},
                    [&](const std::string& key, const YAML::Node& value) {
                      if (key != "checkResources") return false;
                      ReadCerbosSection(
                          value, name, {}, [&](const std::string& filter, const YAML::Node& flag) {
                            if (filter != "ignoreAllowAll") return false;
                            ignore_allow_all = ReadBool(flag, name + ".ignoreAllowAll");
                            return true;
                          });
                      return true;
                    });
  return ignore_allow_all;
}

AuditOptions ReadAudit(const YAML::Node& audit) {
  AuditOptions options;
  bool enabled = false;
  bool decision_logs = false;
  std::string backend = "local";  // Cerbos's default
  YAML::Node backend_node = audit;
  std::string file_path;
  std::string local_path;
  ReadCerbosSection(
      audit, "audit", {"accessLogsEnabled", "kafka", "hub"},
      [&](const std::string& key, const YAML::Node& value) {
        if (key == "enabled") {
          enabled = ReadBool(value, "audit.enabled");
        } else if (key == "decisionLogsEnabled") {
          decision_logs = ReadBool(value, "audit.decisionLogsEnabled");
        } else if (key == "backend") {
          backend = ReadString(value, "audit.backend");
          backend_node = value;
        } else if (key == "includeMetadataKeys") {
          options.check.include_metadata_keys = ReadStrings(value, "audit.includeMetadataKeys");
        } else if (key == "excludeMetadataKeys") {
          options.check.exclude_metadata_keys = ReadStrings(value, "audit.excludeMetadataKeys");
        } else if (key == "file") {
          // Log rotation and mirrors are not supported.
          file_path =
              ReadOnlyString(value, "audit.file", "path", {"additionalPaths", "logRotation"});
        } else if (key == "local") {
          // Its records go to a file in storagePath.
          local_path =
              ReadOnlyString(value, "audit.local", "storagePath", {"retentionPeriod", "advanced"});
        } else if (key == "decisionLogFilters") {
          options.check.ignore_allow_all = ReadIgnoreAllowAll(value);
        } else {
          return false;
        }
        return true;
      });
  options.decision_log = enabled && decision_logs;
  if (!options.decision_log) return options;
  if (backend == "file") {
    if (file_path.empty()) Fail(audit, "audit.file.path: the file backend needs a path");
    options.path = file_path;
  } else if (backend == "local") {
    if (local_path.empty())
      Fail(audit, "audit.local.storagePath: the local backend needs a directory");
    options.path = std::filesystem::path(local_path) / "decisions.log";
  } else {
    Fail(backend_node, "audit.backend: \"" + backend + "\" is not supported (file or local)");
  }
  return options;
}

// Reads the config file at `path` and its section `section` with `read`; errors name the file
// and line.
template <typename Options>
std::variant<Options, std::string> LoadSection(const std::filesystem::path& path,
                                               const char* section,
                                               Options (*read)(const YAML::Node&)) {
  try {
    YAML::Node root = YAML::LoadFile(path.string());
    if (root.IsNull()) return Options();
    if (!root.IsMap()) Fail(root, "expected a mapping");
    return read(root[section]);
  } catch (const ConfigError& e) {
    return path.string() + ":" + e.what();
  } catch (const YAML::BadFile&) {
    return path.string() + ": cannot read the file";
  } catch (const YAML::Exception& e) {
    return path.string() + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg;
  }
}

}  // namespace

std::variant<policy::EngineOptions, std::string> LoadEngineOptions(
    const std::filesystem::path& path) {
  return LoadSection(path, "engine", ReadEngine);
}

std::variant<StorageOptions, std::string> LoadStorageOptions(const std::filesystem::path& path) {
  return LoadSection(path, "storage", ReadStorage);
}

std::variant<AuditOptions, std::string> LoadAuditOptions(const std::filesystem::path& path) {
  return LoadSection(path, "audit", ReadAudit);
}

}  // namespace portcullis::cli
