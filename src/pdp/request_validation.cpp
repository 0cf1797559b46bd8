#include "pdp/request_validation.h"

#include <algorithm>
#include <string>
#include <vector>

#include <boost/json/array.hpp>

#include "pdp/request_fields.h"

namespace portcullis::pdp {
namespace {

namespace fields = request_fields;
using boost::json::array;
using boost::json::object;

// One step of a violation's field path (buf.validate.FieldPathElement).
struct PathElement {
  int number;
  std::string_view name;  // proto name
  std::string_view type;  // TYPE_STRING, TYPE_MESSAGE
  std::optional<size_t> index;
  std::optional<std::string_view> map_key;
};

// One step of a violated rule's path (buf.validate rule fields).
struct RuleElement {
  int number;
  std::string_view name;
  std::string_view type;
};

struct Rule {
  std::string_view id;
  std::string_view message;
  std::vector<RuleElement> path;
  bool for_key = false;
};

const Rule kRequired{"required", "value is required", {{25, "required", "TYPE_BOOL"}}};
const Rule kUnique{"repeated.unique",
                   "repeated value must contain unique items",
                   {{18, "repeated", "TYPE_MESSAGE"}, {3, "unique", "TYPE_BOOL"}}};
const Rule kItemMinLength{"string.min_len",
                          "must be at least 1 characters",
                          {{18, "repeated", "TYPE_MESSAGE"},
                           {4, "items", "TYPE_MESSAGE"},
                           {14, "string", "TYPE_MESSAGE"},
                           {2, "min_len", "TYPE_UINT64"}}};
const Rule kKeyMinLength{"string.min_len",
                         "must be at least 1 characters",
                         {{19, "map", "TYPE_MESSAGE"},
                          {4, "keys", "TYPE_MESSAGE"},
                          {14, "string", "TYPE_MESSAGE"},
                          {2, "min_len", "TYPE_UINT64"}},
                         true};
const Rule kVersionPattern{"string.pattern",
                           "does not match regex pattern `^[\\w]*$`",
                           {{14, "string", "TYPE_MESSAGE"}, {6, "pattern", "TYPE_STRING"}}};
const Rule kScopePattern{
    "string.pattern",
    "does not match regex pattern `^(^$|\\.|[0-9a-zA-Z][\\w\\-]*(\\.\\w[\\w\\-]*)*)$`",
    {{14, "string", "TYPE_MESSAGE"}, {6, "pattern", "TYPE_STRING"}}};

bool IsWordChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsAlnum(char c) {
  return IsWordChar(c) && c != '_';
}

// `^[\w]*$`
bool IsValidVersion(std::string_view version) {
  for (char c : version)
    if (!IsWordChar(c)) return false;
  return true;
}

// `^(^$|\.|[0-9a-zA-Z][\w\-]*(\.\w[\w\-]*)*)$`: empty, ".", or dot-separated segments, the
// first starting with a letter or digit, the others with a word character.
bool IsValidScope(std::string_view scope) {
  if (scope.empty() || scope == ".") return true;
  size_t start = 0;
  while (true) {
    size_t end = scope.find('.', start);
    std::string_view segment =
        scope.substr(start, end == std::string_view::npos ? end : end - start);
    if (segment.empty() || !(start == 0 ? IsAlnum(segment[0]) : IsWordChar(segment[0])))
      return false;
    for (char c : segment)
      if (!IsWordChar(c) && c != '-') return false;
    if (end == std::string_view::npos) return true;
    start = end + 1;
  }
}

class Validator {
 public:
  // Paths are at most four steps long (resources[i].resource.id): one allocation.
  Validator() { path_.reserve(4); }

  void Request(const object& request) {
    if (const auto* principal = fields::Get(request, fields::kPrincipal)) {
      Enter(3, "principal", "TYPE_MESSAGE");
      Principal(principal->get_object());
      Leave();
    } else {
      Report(3, "principal", "TYPE_MESSAGE", kRequired);
    }
    const auto* resources = fields::Get(request, fields::kResources);
    if (resources == nullptr || resources->get_array().empty()) {
      Report(4, "resources", "TYPE_MESSAGE", kRequired);
    } else {
      const array& entries = resources->get_array();
      for (size_t i = 0; i < entries.size(); ++i) {
        Enter(4, "resources", "TYPE_MESSAGE", i);
        ResourceEntry(entries[i].get_object());
        Leave();
      }
    }
    if (const auto* aux_data = fields::Get(request, fields::kAuxData)) {
      if (const auto* jwt = fields::Get(aux_data->get_object(), fields::kJwt)) {
        if (fields::GetString(jwt->get_object(), fields::kToken).empty()) {
          Enter(5, "aux_data", "TYPE_MESSAGE");
          Enter(1, "jwt", "TYPE_MESSAGE");
          Report(1, "token", "TYPE_STRING", kRequired);
          Leave();
          Leave();
        }
      }
    }
  }

  std::optional<ApiError> Result() const {
    if (violations_.empty()) return std::nullopt;
    ApiError error;
    error.message =
        violations_.size() == 1 ? "validation error: " + texts_[0] : "validation errors:";
    if (violations_.size() > 1)
      for (const std::string& text : texts_) error.message += "\n - " + text;
    object details;
    details["@type"] = "type.googleapis.com/buf.validate.Violations";
    details["violations"] = violations_;
    error.details = array{details};
    return error;
  }

 private:
  void Principal(const object& principal) {
    Required(principal, fields::kId, 1);
    Pattern(principal, fields::kPolicyVersion, 2, kVersionPattern, IsValidVersion);
    StringList(principal, fields::kRoles, 3);
    AttrKeys(principal);
    Pattern(principal, fields::kScope, 5, kScopePattern, IsValidScope);
  }

  void ResourceEntry(const object& entry) {
    StringList(entry, fields::kActions, 1);
    if (const auto* resource = fields::Get(entry, fields::kResource)) {
      Enter(2, "resource", "TYPE_MESSAGE");
      const object& fields_of = resource->get_object();
      Required(fields_of, fields::kKind, 1);
      Pattern(fields_of, fields::kPolicyVersion, 2, kVersionPattern, IsValidVersion);
      Required(fields_of, fields::kId, 3);
      AttrKeys(fields_of);
      Pattern(fields_of, fields::kScope, 5, kScopePattern, IsValidScope);
      Leave();
    } else {
      Report(2, "resource", "TYPE_MESSAGE", kRequired);
    }
  }

  void Required(const object& message, const fields::Field& field, int number) {
    if (fields::GetString(message, field).empty())
      Report(number, field.proto_name, "TYPE_STRING", kRequired);
  }

  void Pattern(const object& message, const fields::Field& field, int number, const Rule& rule,
               bool (*valid)(std::string_view)) {
    if (!valid(fields::GetString(message, field)))
      Report(number, field.proto_name, "TYPE_STRING", rule);
  }

  // A required list of unique, non-empty strings (roles, actions).
  void StringList(const object& message, const fields::Field& field, int number) {
    const auto* list = fields::Get(message, field);
    if (list == nullptr || list->get_array().empty()) {
      Report(number, field.proto_name, "TYPE_STRING", kRequired);
      return;
    }
    const array& items = list->get_array();
    std::vector<std::string_view> sorted;
    sorted.reserve(items.size());
    for (const auto& item : items) sorted.emplace_back(item.get_string());
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
      Report(number, field.proto_name, "TYPE_STRING", kUnique);
    for (size_t i = 0; i < items.size(); ++i) {
      if (items[i].get_string().empty())
        Report({number, field.proto_name, "TYPE_STRING", i, std::nullopt}, kItemMinLength);
    }
  }

  void AttrKeys(const object& message) {
    const auto* attr = fields::Get(message, fields::kAttr);
    if (attr == nullptr) return;
    for (const auto& [key, value] : attr->get_object()) {
      if (key.empty())
        Report({4, "attr", "TYPE_MESSAGE", std::nullopt, std::string_view(key)}, kKeyMinLength);
    }
  }

  void Enter(int number, std::string_view name, std::string_view type,
             std::optional<size_t> index = std::nullopt) {
    path_.push_back({number, name, type, index, std::nullopt});
  }
  void Leave() { path_.pop_back(); }

  void Report(int number, std::string_view name, std::string_view type, const Rule& rule) {
    Report({number, name, type, std::nullopt, std::nullopt}, rule);
  }

  void Report(const PathElement& last, const Rule& rule) {
    path_.push_back(last);
    std::string text;
    array elements;
    for (const PathElement& element : path_) {
      if (!text.empty()) text += '.';
      text += element.name;
      object json{{"fieldNumber", element.number},
                  {"fieldName", element.name},
                  {"fieldType", element.type}};
      if (element.map_key) {
        json["keyType"] = "TYPE_STRING";
        json["valueType"] = "TYPE_MESSAGE";
      }
      if (element.index) {
        json["index"] = std::to_string(*element.index);
        text += "[" + std::to_string(*element.index) + "]";
      }
      if (element.map_key) {
        json["stringKey"] = *element.map_key;
        text += "[\"" + std::string(*element.map_key) + "\"]";
      }
      elements.push_back(std::move(json));
    }
    path_.pop_back();
    array rule_elements;
    for (const RuleElement& element : rule.path)
      rule_elements.push_back(object{{"fieldNumber", element.number},
                                     {"fieldName", element.name},
                                     {"fieldType", element.type}});
    object violation{{"field", object{{"elements", std::move(elements)}}},
                     {"rule", object{{"elements", std::move(rule_elements)}}},
                     {"ruleId", rule.id},
                     {"message", rule.message}};
    if (rule.for_key) violation["forKey"] = true;
    violations_.push_back(std::move(violation));
    texts_.push_back(text + ": " + std::string(rule.message));
  }

  std::vector<PathElement> path_;
  array violations_;
  std::vector<std::string> texts_;
};

}  // namespace

std::optional<ApiError> ValidateCheckResourcesRequest(const boost::json::object& request) {
  Validator validator;
  validator.Request(request);
  return validator.Result();
}

}  // namespace portcullis::pdp
