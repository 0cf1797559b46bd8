// Typed reading of the gateway config file on top of policy::YamlReader (which gives fields,
// locations, unknown-key suggestions and error collection): the value kinds the config has and
// the policy language has not (integers in a range, durations, names, URLs, environment variable
// names, header maps, attribute maps, paths). Private to src/gateway/config.
//
// Each function reports what is wrong at the value's location and returns nullopt, so a section
// reader can go on and every error of the file is reported together.
//
// Thread-safety: a ConfigReader is used by one thread at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "gateway/config/gateway_config.h"
#include "policy/yaml_reader.h"

namespace portcullis::gateway {

using policy::FieldPath;
using policy::YamlSlot;

// The values of a mapping's fields by name, read first so that a section can process them in
// the order it needs (e.g. providers before the models that name them), whatever the file's.
using FieldSlots = std::map<std::string_view, YamlSlot>;

// The value of `field`, or null when the mapping does not set it.
inline const YamlSlot* FindField(const FieldSlots& fields, std::string_view field) {
  auto it = fields.find(field);
  return it == fields.end() ? nullptr : &it->second;
}

class ConfigReader {
 public:
  // REQUIRES: `yaml`, `environment` (when not null) outlive the reader.
  ConfigReader(policy::YamlReader& yaml, std::filesystem::path base_dir,
               const Environment* environment)
      : yaml_(yaml), base_dir_(std::move(base_dir)), environment_(environment) {}

  size_t error_count() const { return yaml_.error_count(); }
  bool reads_environment() const { return environment_ != nullptr; }

  void Report(const YamlSlot& at, const FieldPath& path, std::string_view message,
              policy::PolicyErrorKind kind = policy::PolicyErrorKind::kInvalidValue) {
    yaml_.Report(kind, at, path, message);
  }
  // Reports at the key of `at` (for a whole entry, e.g. a duplicate name).
  void ReportAtKey(const YamlSlot& at, const FieldPath& path, std::string_view message,
                   policy::PolicyErrorKind kind = policy::PolicyErrorKind::kInvalidValue) {
    yaml_.Report(kind, yaml_.Locate(at.key_mark), path, message);
  }
  void ReportMissing(const YamlSlot& mapping, const FieldPath& path, std::string_view field) {
    yaml_.ReportMissing(mapping, path, field);
  }

  // The fields of the mapping `slot` among `fields` (unknown and repeated keys reported). A null
  // value (an empty section) has no fields. nullopt when `slot` is not a mapping.
  std::optional<FieldSlots> Fields(const YamlSlot& slot, const FieldPath& path,
                                   std::initializer_list<std::string_view> fields);
  // The value of the required `field` of `mapping`; null, after reporting it missing, when the
  // mapping does not set it.
  const YamlSlot* Required(const FieldSlots& fields, const YamlSlot& mapping, const FieldPath& path,
                           std::string_view field) {
    const YamlSlot* value = FindField(fields, field);
    if (value == nullptr) ReportMissing(mapping, path, field);
    return value;
  }
  // Calls `visit` for each item of a sequence (null: none); false when `slot` is not one.
  bool Items(const YamlSlot& slot, const FieldPath& path,
             const policy::YamlReader::ItemVisitor& visit);

  // The entries of a list (null: none) read with `read(item, path) -> std::optional<T>`, each
  // identified by `key_of(const T&) -> std::string`: an entry whose key an earlier one has is
  // reported as "<what> "<key>" is defined twice" and left out.
  template <typename T, typename Read, typename KeyOf>
  std::vector<T> UniqueEntries(const YamlSlot& slot, const FieldPath& path, std::string_view what,
                               Read read, KeyOf key_of) {
    std::vector<T> entries;
    Items(slot, path, [&](const YamlSlot& item, const FieldPath& item_path) {
      std::optional<T> entry = read(item, item_path);
      if (!entry) return;
      std::string key = key_of(*entry);
      for (const T& seen : entries) {
        if (key_of(seen) != key) continue;
        Report(item, item_path, std::string(what) + " \"" + key + "\" is defined twice",
               policy::PolicyErrorKind::kDuplicateName);
        return;
      }
      entries.push_back(std::move(*entry));
    });
    return entries;
  }

  std::optional<std::string> String(const YamlSlot& slot, const FieldPath& path);
  std::optional<std::string> NonEmptyString(const YamlSlot& slot, const FieldPath& path);
  std::optional<bool> Bool(const YamlSlot& slot, const FieldPath& path);
  // A decimal integer in [min, max].
  std::optional<uint64_t> Integer(const YamlSlot& slot, const FieldPath& path, uint64_t min,
                                  uint64_t max);
  // A Go-style duration in [min, max], whole milliseconds.
  std::optional<std::chrono::milliseconds> Duration(const YamlSlot& slot, const FieldPath& path,
                                                    std::chrono::milliseconds min,
                                                    std::chrono::milliseconds max);
  // A list of non-empty strings without repeats (null: empty).
  std::optional<std::vector<std::string>> StringList(const YamlSlot& slot, const FieldPath& path);
  // The same with each item's slot and path, to report problems with an item at it.
  struct StringItem {
    std::string text;
    YamlSlot slot;
    FieldPath path;
  };
  std::optional<std::vector<StringItem>> StringItems(const YamlSlot& slot, const FieldPath& path);
  // A name of words of [a-z0-9] joined by single '-' or '_'.
  std::optional<std::string> Name(const YamlSlot& slot, const FieldPath& path);
  // An absolute http or https URL.
  std::optional<std::string> HttpUrl(const YamlSlot& slot, const FieldPath& path);
  // A path, made absolute against the config file's directory.
  std::optional<std::filesystem::path> Path(const YamlSlot& slot, const FieldPath& path);
  // A mapping of names to any values (R.attr / P.attr); names in `reserved` are refused.
  std::optional<boost::json::object> Attributes(const YamlSlot& slot, const FieldPath& path,
                                                std::initializer_list<std::string_view> reserved);
  // A mapping of names to strings, in file order.
  std::optional<std::vector<std::pair<std::string, std::string>>> StringMap(const YamlSlot& slot,
                                                                            const FieldPath& path);
  // HTTP header name → value; names (case-insensitive) in `forbidden` are refused.
  std::optional<std::vector<std::pair<std::string, std::string>>> Headers(
      const YamlSlot& slot, const FieldPath& path,
      std::initializer_list<std::string_view> forbidden);
  // An HTTP header name (an RFC 9110 token).
  std::optional<std::string> HeaderName(const YamlSlot& slot, const FieldPath& path);

  // The name of an environment variable ([A-Za-z_][A-Za-z0-9_]*).
  std::optional<std::string> EnvName(const YamlSlot& slot, const FieldPath& path);
  // The value of the variable named at `slot` when the environment is read: reports a missing
  // variable unless `optional`. nullopt when not read or missing.
  std::optional<std::string> EnvValue(const std::string& name, const YamlSlot& slot,
                                      const FieldPath& path, bool optional = false);

 private:
  policy::YamlReader& yaml_;
  std::filesystem::path base_dir_;
  const Environment* environment_;
};

// `text` with A-Z lowered.
std::string AsciiLowercase(std::string text);

// The names defined, to end an "unknown X" message: "; defined are: a, b" (or "; none is defined").
std::string KnownNames(const std::vector<std::string>& names);

}  // namespace portcullis::gateway
