#include "gateway/config/config_reader.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "cel/time.h"
#include "net/url.h"

namespace portcullis::gateway {
namespace {

bool IsLowerAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// Words of [a-z0-9] joined by single '-' or '_', at most 64 characters.
bool IsName(std::string_view s) {
  if (s.empty() || s.size() > 64 || !IsLowerAlnum(s.front()) || !IsLowerAlnum(s.back()))
    return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (IsLowerAlnum(s[i])) continue;
    if ((s[i] != '-' && s[i] != '_') || !IsLowerAlnum(s[i + 1])) return false;
  }
  return true;
}

bool IsEnvName(std::string_view s) {
  auto word = [](char c) { return c == '_' || std::isalnum(static_cast<unsigned char>(c)) != 0; };
  return !s.empty() && std::isdigit(static_cast<unsigned char>(s.front())) == 0 &&
         std::all_of(s.begin(), s.end(), word);
}

// RFC 9110 §5.6.2 tchar.
bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Header values must not be able to end the header (CR, LF) or carry NUL / other controls.
bool IsHeaderValue(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7F;
  });
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string Quoted(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

}  // namespace

std::string AsciiLowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string KnownNames(const std::vector<std::string>& names) {
  if (names.empty()) return "; none is defined";
  std::string text = "; defined are: ";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += ", ";
    text += names[i];
  }
  return text;
}

std::optional<FieldSlots> ConfigReader::Fields(const YamlSlot& slot, const FieldPath& path,
                                               std::initializer_list<std::string_view> fields) {
  FieldSlots slots;
  if (slot.node.IsNull()) return slots;
  bool ok = yaml_.ReadFields(slot, path, fields,
                             [&](std::string_view field, const YamlSlot& value, const FieldPath&) {
                               slots.emplace(field, value);
                             });
  if (!ok) return std::nullopt;
  return slots;
}

bool ConfigReader::Items(const YamlSlot& slot, const FieldPath& path,
                         const policy::YamlReader::ItemVisitor& visit) {
  if (slot.node.IsNull()) return true;
  return yaml_.ReadSequence(slot, path, visit);
}

std::optional<std::string> ConfigReader::String(const YamlSlot& slot, const FieldPath& path) {
  return yaml_.ReadString(slot, path);
}

std::optional<std::string> ConfigReader::NonEmptyString(const YamlSlot& slot,
                                                        const FieldPath& path) {
  std::optional<std::string> text = yaml_.ReadString(slot, path);
  if (text && text->empty()) {
    Report(slot, path, "must not be empty", policy::PolicyErrorKind::kMissingField);
    return std::nullopt;
  }
  return text;
}

std::optional<bool> ConfigReader::Bool(const YamlSlot& slot, const FieldPath& path) {
  return yaml_.ReadBool(slot, path);
}

std::optional<uint64_t> ConfigReader::Integer(const YamlSlot& slot, const FieldPath& path,
                                              uint64_t min, uint64_t max) {
  std::string expected =
      "expected an integer from " + std::to_string(min) + " to " + std::to_string(max);
  if (!slot.node.IsScalar()) {
    Report(slot, path, expected, policy::PolicyErrorKind::kWrongType);
    return std::nullopt;
  }
  const std::string& text = slot.node.Scalar();
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    Report(slot, path, expected + ", got " + text,
           ec == std::errc() || ec == std::errc::result_out_of_range
               ? policy::PolicyErrorKind::kInvalidValue
               : policy::PolicyErrorKind::kWrongType);
    return std::nullopt;
  }
  return value;
}

std::optional<std::chrono::milliseconds> ConfigReader::Duration(const YamlSlot& slot,
                                                                const FieldPath& path,
                                                                std::chrono::milliseconds min,
                                                                std::chrono::milliseconds max) {
  std::optional<std::string> text = yaml_.ReadString(slot, path);
  if (!text) return std::nullopt;
  std::optional<cel::Duration> duration = cel::ParseDuration(*text);
  std::optional<int64_t> nanos = duration ? cel::DurationNanos(*duration) : std::nullopt;
  if (!nanos) {
    Report(slot, path, "expected a duration such as 500ms, 30s, 5m or 1h, got " + Quoted(*text),
           policy::PolicyErrorKind::kWrongType);
    return std::nullopt;
  }
  std::chrono::milliseconds value(*nanos / 1'000'000);
  if (*nanos % 1'000'000 != 0 || value < min || value > max) {
    auto show = [](std::chrono::milliseconds ms) {
      return ms.count() % 1000 == 0 ? std::to_string(ms.count() / 1000) + "s"
                                    : std::to_string(ms.count()) + "ms";
    };
    Report(slot, path,
           "must be whole milliseconds from " + show(min) + " to " + show(max) + ", got " + *text);
    return std::nullopt;
  }
  return value;
}

std::optional<std::vector<ConfigReader::StringItem>> ConfigReader::StringItems(
    const YamlSlot& slot, const FieldPath& path) {
  std::vector<StringItem> items;
  size_t errors_before = error_count();
  Items(slot, path, [&](const YamlSlot& item, const FieldPath& item_path) {
    std::optional<std::string> text = NonEmptyString(item, item_path);
    if (!text) return;
    if (std::any_of(items.begin(), items.end(),
                    [&](const StringItem& seen) { return seen.text == *text; })) {
      Report(item, item_path, Quoted(*text) + " is listed more than once");
    } else {
      items.push_back(StringItem{std::move(*text), item, item_path});
    }
  });
  if (error_count() != errors_before) return std::nullopt;
  return items;
}

std::optional<std::vector<std::string>> ConfigReader::StringList(const YamlSlot& slot,
                                                                 const FieldPath& path) {
  std::optional<std::vector<StringItem>> items = StringItems(slot, path);
  if (!items) return std::nullopt;
  std::vector<std::string> strings;
  for (StringItem& item : *items) strings.push_back(std::move(item.text));
  return strings;
}

std::optional<std::string> ConfigReader::Name(const YamlSlot& slot, const FieldPath& path) {
  std::optional<std::string> name = NonEmptyString(slot, path);
  if (name && !IsName(*name)) {
    Report(slot, path,
           Quoted(*name) +
               " is not a name: use up to 64 characters, words of a-z and 0-9 joined by "
               "single '-' or '_' (e.g. \"billing-v2\")");
    return std::nullopt;
  }
  return name;
}

std::optional<std::string> ConfigReader::HttpUrl(const YamlSlot& slot, const FieldPath& path) {
  std::optional<std::string> url = NonEmptyString(slot, path);
  if (!url) return std::nullopt;
  std::string error;
  if (!net::ParseHttpUrl(*url, &error)) {
    Report(slot, path, Quoted(*url) + " is not a usable URL: " + error);
    return std::nullopt;
  }
  return url;
}

std::optional<std::filesystem::path> ConfigReader::Path(const YamlSlot& slot,
                                                        const FieldPath& path) {
  std::optional<std::string> text = NonEmptyString(slot, path);
  if (!text) return std::nullopt;
  std::filesystem::path file(*text);
  return (file.is_absolute() ? file : base_dir_ / file).lexically_normal();
}

std::optional<boost::json::object> ConfigReader::Attributes(
    const YamlSlot& slot, const FieldPath& path, std::initializer_list<std::string_view> reserved) {
  if (slot.node.IsNull()) return boost::json::object();
  size_t errors_before = error_count();
  boost::json::object attributes;
  yaml_.ReadMap(
      slot, path, [&](const std::string& key, const YamlSlot& value, const FieldPath& value_path) {
        if (std::find(reserved.begin(), reserved.end(), key) != reserved.end()) {
          ReportAtKey(value, value_path, Quoted(key) + " is reserved: the gateway sets it");
          return;
        }
        std::optional<boost::json::value> json = yaml_.ReadJson(value, value_path);
        if (json) attributes[key] = std::move(*json);
      });
  if (error_count() != errors_before) return std::nullopt;
  return attributes;
}

std::optional<std::vector<std::pair<std::string, std::string>>> ConfigReader::StringMap(
    const YamlSlot& slot, const FieldPath& path) {
  std::vector<std::pair<std::string, std::string>> entries;
  if (slot.node.IsNull()) return entries;
  size_t errors_before = error_count();
  yaml_.ReadMap(slot, path,
                [&](const std::string& key, const YamlSlot& value, const FieldPath& value_path) {
                  if (std::optional<std::string> text = NonEmptyString(value, value_path)) {
                    entries.emplace_back(key, std::move(*text));
                  }
                });
  if (error_count() != errors_before) return std::nullopt;
  return entries;
}

std::optional<std::string> ConfigReader::HeaderName(const YamlSlot& slot, const FieldPath& path) {
  std::optional<std::string> name = NonEmptyString(slot, path);
  if (name && !std::all_of(name->begin(), name->end(), IsTokenChar)) {
    Report(slot, path, Quoted(*name) + " is not an HTTP header name");
    return std::nullopt;
  }
  return name;
}

std::optional<std::vector<std::pair<std::string, std::string>>> ConfigReader::Headers(
    const YamlSlot& slot, const FieldPath& path,
    std::initializer_list<std::string_view> forbidden) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (slot.node.IsNull()) return headers;
  size_t errors_before = error_count();
  yaml_.ReadMap(slot, path,
                [&](const std::string& name, const YamlSlot& value, const FieldPath& value_path) {
                  YamlSlot key{value.node, value.key_mark, value.key_mark};
                  if (!std::all_of(name.begin(), name.end(), IsTokenChar)) {
                    Report(key, value_path, Quoted(name) + " is not an HTTP header name");
                    return;
                  }
                  for (std::string_view refused : forbidden) {
                    if (EqualsIgnoringCase(name, refused)) {
                      Report(key, value_path, "the gateway sets " + Quoted(name) + " itself");
                      return;
                    }
                  }
                  if (std::any_of(headers.begin(), headers.end(), [&](const auto& header) {
                        return EqualsIgnoringCase(header.first, name);
                      })) {
                    Report(key, value_path, "header " + Quoted(name) + " is set more than once");
                    return;
                  }
                  std::optional<std::string> text = String(value, value_path);
                  if (text && !IsHeaderValue(*text)) {
                    Report(value, value_path, "a header value must not contain control characters");
                  } else if (text) {
                    headers.emplace_back(name, std::move(*text));
                  }
                });
  if (error_count() != errors_before) return std::nullopt;
  return headers;
}

std::optional<std::string> ConfigReader::EnvName(const YamlSlot& slot, const FieldPath& path) {
  std::optional<std::string> name = NonEmptyString(slot, path);
  if (name && !IsEnvName(*name)) {
    Report(slot, path,
           Quoted(*name) + " is not an environment variable name ([A-Za-z_][A-Za-z0-9_]*)");
    return std::nullopt;
  }
  return name;
}

std::optional<std::string> ConfigReader::EnvValue(const std::string& name, const YamlSlot& slot,
                                                  const FieldPath& path, bool optional) {
  if (environment_ == nullptr) return std::nullopt;
  std::optional<std::string> value = (*environment_)(name);
  if (!value && !optional) Report(slot, path, "environment variable " + name + " is not set");
  return value;
}

}  // namespace portcullis::gateway
