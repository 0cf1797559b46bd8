#include "policy/yaml_reader.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <limits>
#include <unordered_map>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace portcullis::policy {
namespace {

bool IsPlain(const YAML::Node& node) {
  return node.Tag() == "?";
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

bool IsBoolLiteral(std::string_view s) {
  return s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE";
}

std::string_view StripSign(std::string_view s) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  return s;
}

// YAML 1.2 core schema integers: [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+
bool IsIntLiteral(std::string_view s) {
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
    bool hex = s[1] == 'x';
    return std::all_of(s.begin() + 2, s.end(), [hex](char c) {
      return hex ? std::isxdigit(static_cast<unsigned char>(c)) != 0 : (c >= '0' && c <= '7');
    });
  }
  s = StripSign(s);
  return !s.empty() && std::all_of(s.begin(), s.end(), IsDigit);
}

bool IsInf(std::string_view s) {
  s = StripSign(s);
  return s == ".inf" || s == ".Inf" || s == ".INF";
}

bool IsNan(std::string_view s) {
  return s == ".nan" || s == ".NaN" || s == ".NAN";
}

bool IsInfOrNan(std::string_view s) {
  return IsInf(s) || IsNan(s);
}

// YAML 1.2 core schema floats: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool IsFloatLiteral(std::string_view s) {
  if (IsInfOrNan(s)) return true;
  s = StripSign(s);
  size_t i = 0;
  size_t int_digits = 0;
  while (i < s.size() && IsDigit(s[i])) ++i, ++int_digits;
  size_t frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && IsDigit(s[i])) ++i, ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t exp_digits = 0;
    while (i < s.size() && IsDigit(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

// Floats that Cerbos's decoder refuses where a string is expected: those with a fraction or
// that are infinite / not a number.
bool IsFractionalFloat(std::string_view s) {
  return IsInfOrNan(s) || (IsFloatLiteral(s) && s.find('.') != std::string_view::npos);
}

double ParseNumber(std::string_view s) {
  if (IsNan(s)) return std::numeric_limits<double>::quiet_NaN();
  if (IsInf(s)) {
    return s.front() == '-' ? -std::numeric_limits<double>::infinity()
                            : std::numeric_limits<double>::infinity();
  }
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
    return static_cast<double>(
        std::strtoull(std::string(s.substr(2)).c_str(), nullptr, s[1] == 'x' ? 16 : 8));
  }
  return std::strtod(std::string(s).c_str(), nullptr);
}

// What a value is, for "expected X, got Y" messages.
std::string_view Describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
      return "null";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Scalar: {
      if (!IsPlain(node)) return "a string";
      const std::string& s = node.Scalar();
      if (IsBoolLiteral(s)) return "a boolean";
      if (IsIntLiteral(s)) return "an integer";
      if (IsFloatLiteral(s)) return "a number";
      return "a string";
    }
    default:
      return "nothing";
  }
}

std::string WrongType(std::string_view expected, const YAML::Node& node) {
  std::string message = "expected ";
  message += expected;
  message += ", got ";
  message += Describe(node);
  if (node.IsScalar()) {
    message += " (";
    message += node.Scalar();
    message += ')';
  }
  return message;
}

// lowerCamelCase -> snake_case ("importDerivedRoles" -> "import_derived_roles").
std::string SnakeCase(std::string_view camel) {
  std::string out;
  for (char c : camel) {
    if (c >= 'A' && c <= 'Z') {
      out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

// Whether `name` is the snake_case spelling of the lowerCamelCase `camel`, without allocating.
bool IsSnakeCaseOf(std::string_view name, std::string_view camel) {
  size_t i = 0;
  for (char c : camel) {
    if (c >= 'A' && c <= 'Z') {
      if (i + 1 >= name.size() || name[i] != '_' || name[i + 1] != c - 'A' + 'a') return false;
      i += 2;
    } else {
      if (i >= name.size() || name[i] != c) return false;
      ++i;
    }
  }
  return i == name.size();
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                  std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string UnknownFieldMessage(std::string_view key,
                                std::initializer_list<std::string_view> fields) {
  std::string message = "unknown field \"" + std::string(key) + "\"";
  std::string_view best;
  size_t best_distance = std::numeric_limits<size_t>::max();
  for (std::string_view field : fields) {
    size_t d = std::min(EditDistance(key, field), EditDistance(key, SnakeCase(field)));
    if (d < best_distance) best_distance = d, best = field;
  }
  // A suggestion only when it is plausibly a typo: at most a third of the name differs.
  if (!best.empty() && best_distance <= std::max<size_t>(1, best.size() / 3)) {
    return message + " (did you mean \"" + std::string(best) + "\"?)";
  }
  message += "; valid fields are: ";
  bool first = true;
  for (std::string_view field : fields) {
    if (!first) message += ", ";
    message += field;
    first = false;
  }
  return message;
}

// yaml-cpp gives an empty value (`key:` then a newline) the position of the next token.
YAML::Mark ValueMark(const YAML::Node& key, const YAML::Node& value) {
  YAML::Mark mark = value.Mark();
  if (value.IsNull() && (mark.line != key.Mark().line || mark.is_null())) return key.Mark();
  return mark;
}

}  // namespace

std::string FieldPath::ToString() const {
  std::string out;
  Append(out);
  return out;
}

void FieldPath::Append(std::string& out) const {
  if (parent_ == nullptr) return;
  parent_->Append(out);
  if (index_ != kNoIndex) {
    out += '[';
    out += std::to_string(index_);
    out += ']';
    return;
  }
  if (!out.empty()) out += '.';
  out += name_;
}

YamlSlot RootSlot(const YAML::Node& document) {
  return YamlSlot{document, document.Mark(), document.Mark()};
}

SourceLocation YamlReader::Locate(const YAML::Mark& mark) const {
  if (mark.is_null()) return SourceLocation{file_, 0, 0};
  return SourceLocation{file_, static_cast<uint32_t>(mark.line + 1),
                        static_cast<uint32_t>(mark.column + 1)};
}

void YamlReader::Report(PolicyErrorKind kind, const SourceLocation& location, const FieldPath& path,
                        std::string_view message) {
  std::string text = path.ToString();
  if (!text.empty()) text += ": ";
  text += message;
  errors_.push_back(PolicyError{kind, location, std::move(text)});
}

void YamlReader::ReportMissing(const YamlSlot& mapping, const FieldPath& path,
                               std::string_view field) {
  Report(PolicyErrorKind::kMissingField, mapping, path,
         "missing required field \"" + std::string(field) + "\"");
}

std::vector<std::pair<YAML::Node, YAML::Node>> YamlReader::MappingEntries(const YAML::Node& mapping,
                                                                          const FieldPath& path) {
  std::vector<std::pair<YAML::Node, YAML::Node>> entries;
  std::vector<YAML::Node> merged;
  for (const auto& entry : mapping) {
    const YAML::Node& key = entry.first;
    if (key.IsScalar() && IsPlain(key) && key.Scalar() == "<<") {
      merged.push_back(entry.second);
    } else {
      entries.emplace_back(key, entry.second);
    }
  }
  auto has_key = [&](const YAML::Node& key) {
    return std::any_of(entries.begin(), entries.end(), [&](const auto& e) {
      return e.first.IsScalar() && e.first.Scalar() == key.Scalar();
    });
  };
  auto merge = [&](const YAML::Node& source) {
    if (!source.IsMap()) {
      Report(PolicyErrorKind::kWrongType, Locate(source.Mark()), path,
             WrongType("a mapping to merge (<<)", source));
      return;
    }
    for (const auto& entry : source) {
      if (entry.first.IsScalar() && !has_key(entry.first)) {
        entries.emplace_back(entry.first, entry.second);
      }
    }
  };
  // Cerbos's decoder refuses the list form `<<: [*a, *b]`; so does this one.
  for (const YAML::Node& source : merged) merge(source);
  return entries;
}

bool YamlReader::ReadFields(const YamlSlot& slot, const FieldPath& path,
                            std::initializer_list<std::string_view> fields,
                            const FieldVisitor& visit) {
  if (!slot.node.IsMap()) {
    Report(PolicyErrorKind::kWrongType, slot, path, WrongType("a mapping", slot.node));
    return false;
  }
  std::vector<std::pair<std::string_view, YAML::Mark>> seen;
  for (const auto& [key, value] : MappingEntries(slot.node, path)) {
    YamlSlot key_slot{key, key.Mark(), key.Mark()};
    if (!key.IsScalar()) {
      Report(PolicyErrorKind::kWrongType, key_slot, path, WrongType("a field name", key));
      continue;
    }
    const std::string& name = key.Scalar();
    std::string_view field;
    for (std::string_view candidate : fields) {
      if (name == candidate || IsSnakeCaseOf(name, candidate)) {
        field = candidate;
        break;
      }
    }
    if (field.empty()) {
      Report(PolicyErrorKind::kUnknownField, key_slot, path, UnknownFieldMessage(name, fields));
      continue;
    }
    auto previous = std::find_if(seen.begin(), seen.end(), [field](const auto& seen_field) {
      return seen_field.first == field;
    });
    if (previous != seen.end()) {
      Report(PolicyErrorKind::kDuplicateField, key_slot, path,
             "field \"" + std::string(field) + "\" is set more than once (first at line " +
                 std::to_string(previous->second.line + 1) + ")");
      continue;
    }
    seen.emplace_back(field, key.Mark());
    visit(field, YamlSlot{value, ValueMark(key, value), key.Mark()}, path.Field(field));
  }
  return true;
}

bool YamlReader::ReadSequence(const YamlSlot& slot, const FieldPath& path,
                              const ItemVisitor& visit) {
  if (!slot.node.IsSequence()) {
    Report(PolicyErrorKind::kWrongType, slot, path, WrongType("a list", slot.node));
    return false;
  }
  size_t index = 0;
  for (const auto& item : slot.node) {
    visit(YamlSlot{item, item.Mark(), item.Mark()}, path.Index(index++));
  }
  return true;
}

bool YamlReader::ReadMap(const YamlSlot& slot, const FieldPath& path, const EntryVisitor& visit) {
  if (!slot.node.IsMap()) {
    Report(PolicyErrorKind::kWrongType, slot, path, WrongType("a mapping", slot.node));
    return false;
  }
  std::unordered_map<std::string_view, YAML::Mark> seen;
  for (const auto& [key, value] : MappingEntries(slot.node, path)) {
    YamlSlot key_slot{key, key.Mark(), key.Mark()};
    if (!key.IsScalar()) {
      Report(PolicyErrorKind::kWrongType, key_slot, path, WrongType("a name", key));
      continue;
    }
    const std::string& name = key.Scalar();
    auto [previous, inserted] = seen.emplace(name, key.Mark());
    if (!inserted) {
      Report(PolicyErrorKind::kDuplicateField, key_slot, path,
             "\"" + name + "\" is defined more than once (first at line " +
                 std::to_string(previous->second.line + 1) + ")");
      continue;
    }
    visit(name, YamlSlot{value, ValueMark(key, value), key.Mark()}, path.Field(name));
  }
  return true;
}

std::optional<std::string> YamlReader::ReadString(const YamlSlot& slot, const FieldPath& path) {
  const YAML::Node& node = slot.node;
  if (node.IsNull()) return std::string();
  if (!node.IsScalar() || (IsPlain(node) && IsFractionalFloat(node.Scalar()))) {
    std::string message = WrongType("a string", node);
    if (node.IsScalar()) message += "; quote it to use it as text";
    Report(PolicyErrorKind::kWrongType, slot, path, message);
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<bool> YamlReader::ReadBool(const YamlSlot& slot, const FieldPath& path) {
  const YAML::Node& node = slot.node;
  if (node.IsScalar() && IsPlain(node) && IsBoolLiteral(node.Scalar())) {
    return node.Scalar().front() == 't' || node.Scalar().front() == 'T';
  }
  Report(PolicyErrorKind::kWrongType, slot, path, WrongType("true or false", node));
  return std::nullopt;
}

std::optional<boost::json::value> YamlReader::ReadJson(const YamlSlot& slot,
                                                       const FieldPath& path) {
  const YAML::Node& node = slot.node;
  switch (node.Type()) {
    case YAML::NodeType::Null:
      return boost::json::value(nullptr);
    case YAML::NodeType::Scalar: {
      const std::string& s = node.Scalar();
      if (!IsPlain(node)) return boost::json::value(s);
      if (IsBoolLiteral(s)) return boost::json::value(s.front() == 't' || s.front() == 'T');
      if (IsIntLiteral(s) || IsFloatLiteral(s)) return boost::json::value(ParseNumber(s));
      return boost::json::value(s);
    }
    case YAML::NodeType::Sequence: {
      boost::json::array array;
      bool ok = true;
      ReadSequence(slot, path, [&](const YamlSlot& item, const FieldPath& item_path) {
        std::optional<boost::json::value> value = ReadJson(item, item_path);
        if (!value) ok = false;
        if (ok) array.push_back(std::move(*value));
      });
      if (!ok) return std::nullopt;
      return boost::json::value(std::move(array));
    }
    case YAML::NodeType::Map: {
      boost::json::object object;
      bool ok = true;
      ReadMap(slot, path,
              [&](const std::string& key, const YamlSlot& value, const FieldPath& value_path) {
                std::optional<boost::json::value> json = ReadJson(value, value_path);
                if (!json) ok = false;
                if (ok) object[key] = std::move(*json);
              });
      if (!ok) return std::nullopt;
      return boost::json::value(std::move(object));
    }
    default:
      Report(PolicyErrorKind::kWrongType, slot, path, WrongType("a value", node));
      return std::nullopt;
  }
}

}  // namespace portcullis::policy
