// Typed reading of a yaml-cpp document with error collection: the layer between YAML nodes and
// the policy model. Used by src/policy and by the gateway config reader (src/gateway/config).
//
// Every reading function reports what is wrong (with file, line, column and the field path)
// into the error list it was given and returns nullopt / false, so that a caller can go on
// reading the rest of the document and all errors of a file are reported together.
//
// Scalars are resolved like Cerbos's YAML decoder (YAML 1.2 core schema): a string field accepts
// any plain scalar except a float (`version: 1.0` is an error, `version: 1` is "1") and reads
// null as ""; a boolean field accepts only true/True/TRUE/false/False/FALSE; quoted scalars are
// always strings. JSON files are read with the same decoder (JSON is YAML).
//
// Thread-safety: a YamlReader is used by one thread at a time.
#pragma once

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>
#include <boost/json/value.hpp>

#include "policy/policy_errors.h"

namespace portcullis::policy {

// The path of a value inside a document, e.g. `resourcePolicy.rules[2].effect`, built on the
// stack and rendered only when an error is reported.
// REQUIRES: a FieldPath does not outlive its parent nor the string its name views.
class FieldPath {
 public:
  FieldPath() = default;  // the document root
  FieldPath Field(std::string_view name) const { return FieldPath(this, name, kNoIndex); }
  FieldPath Index(size_t index) const { return FieldPath(this, {}, index); }
  std::string ToString() const;

 private:
  static constexpr size_t kNoIndex = static_cast<size_t>(-1);
  FieldPath(const FieldPath* parent, std::string_view name, size_t index)
      : parent_(parent), name_(name), index_(index) {}
  void Append(std::string& out) const;

  const FieldPath* parent_ = nullptr;
  std::string_view name_;
  size_t index_ = kNoIndex;
};

// A YAML value with the position to report problems with it at. (yaml-cpp places an empty value,
// as in `key:` + newline, on the next line; such a value is reported at its key instead.)
struct YamlSlot {
  YAML::Node node;
  YAML::Mark mark;
  YAML::Mark key_mark;  // of the mapping key the value belongs to; else the same as `mark`
};

class YamlReader {
 public:
  // Errors are appended to `errors`, which must outlive the reader.
  YamlReader(std::shared_ptr<const std::string> file, std::vector<PolicyError>& errors)
      : file_(std::move(file)), errors_(errors) {}

  size_t error_count() const { return errors_.size(); }
  SourceLocation Locate(const YAML::Mark& mark) const;
  SourceLocation Locate(const YamlSlot& slot) const { return Locate(slot.mark); }

  // Reports `message`, prefixed with the path (unless it is the root), at `location`.
  void Report(PolicyErrorKind kind, const SourceLocation& location, const FieldPath& path,
              std::string_view message);
  void Report(PolicyErrorKind kind, const YamlSlot& at, const FieldPath& path,
              std::string_view message) {
    Report(kind, Locate(at), path, message);
  }
  // "missing required field" for `field` of the mapping `mapping`.
  void ReportMissing(const YamlSlot& mapping, const FieldPath& path, std::string_view field);

  using FieldVisitor =
      std::function<void(std::string_view field, const YamlSlot& value, const FieldPath& path)>;
  // Calls `visit` for each key of the mapping `slot` that names one of `fields` (given in
  // camelCase; the snake_case spelling of the protobuf field is accepted too), with the camelCase
  // name. Unknown keys (with a suggestion) and repeated keys are reported and skipped.
  // Returns false, after reporting, when the value is not a mapping.
  bool ReadFields(const YamlSlot& slot, const FieldPath& path,
                  std::initializer_list<std::string_view> fields, const FieldVisitor& visit);

  using ItemVisitor = std::function<void(const YamlSlot& item, const FieldPath& path)>;
  // Calls `visit` for each item of the sequence `slot`. Returns false, after reporting, when the
  // value is not a sequence.
  bool ReadSequence(const YamlSlot& slot, const FieldPath& path, const ItemVisitor& visit);

  using EntryVisitor =
      std::function<void(const std::string& key, const YamlSlot& value, const FieldPath& path)>;
  // Calls `visit` for each entry of the mapping `slot` whose keys are free-form names (variable
  // definitions, annotations). Repeated keys are reported. Returns false, after reporting, when
  // the value is not a mapping.
  bool ReadMap(const YamlSlot& slot, const FieldPath& path, const EntryVisitor& visit);

  std::optional<std::string> ReadString(const YamlSlot& slot, const FieldPath& path);
  std::optional<bool> ReadBool(const YamlSlot& slot, const FieldPath& path);
  // Any YAML value as JSON; numbers become doubles (protobuf Value semantics).
  std::optional<boost::json::value> ReadJson(const YamlSlot& slot, const FieldPath& path);

 private:
  // The key/value pairs of a mapping: its own, then those brought in by a YAML merge key
  // (`<<: *anchor`) for keys it does not set itself.
  std::vector<std::pair<YAML::Node, YAML::Node>> MappingEntries(const YAML::Node& mapping,
                                                                const FieldPath& path);

  std::shared_ptr<const std::string> file_;
  std::vector<PolicyError>& errors_;
};

// The slot of a document's root node.
YamlSlot RootSlot(const YAML::Node& document);

}  // namespace portcullis::policy
