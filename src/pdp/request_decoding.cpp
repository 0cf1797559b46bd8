#include "pdp/request_decoding.h"

#include <boost/json/serialize.hpp>

#include "pdp/json_locator.h"
#include "pdp/request_fields.h"

namespace portcullis::pdp {
namespace {

using request_fields::Field;
using request_fields::FieldType;
using request_fields::MessageSchema;

struct DecodeProblem {
  enum class Kind { kUnknownField, kInvalidValue, kUnexpectedToken } kind;
  std::vector<JsonStep> path;    // to the offending value, or to the unknown key
  const Field* field = nullptr;  // for kInvalidValue
};

class Decoder {
 public:
  // Requests are a few levels deep: one allocation for the path.
  Decoder() { path_.reserve(8); }

  std::optional<DecodeProblem> Message(const boost::json::value& value,
                                       const MessageSchema& schema) {
    if (!value.is_object()) return Problem(DecodeProblem::Kind::kUnexpectedToken);
    for (const auto& [key, member] : value.get_object()) {
      path_.emplace_back(std::string_view(key));
      const Field* field = schema.Find(key);
      if (field == nullptr) return Problem(DecodeProblem::Kind::kUnknownField);
      if (!member.is_null()) {
        if (auto problem = FieldValue(member, *field)) return problem;
      }
      path_.pop_back();
    }
    return std::nullopt;
  }

 private:
  std::optional<DecodeProblem> FieldValue(const boost::json::value& value, const Field& field) {
    switch (field.type) {
      case FieldType::kString:
        if (!value.is_string()) return Problem(DecodeProblem::Kind::kInvalidValue, &field);
        return std::nullopt;
      case FieldType::kBool:
        if (!value.is_bool()) return Problem(DecodeProblem::Kind::kInvalidValue, &field);
        return std::nullopt;
      case FieldType::kMessage:
        return Message(value, *field.message);
      case FieldType::kValueMap:
        if (!value.is_object()) return Problem(DecodeProblem::Kind::kUnexpectedToken);
        return std::nullopt;
      case FieldType::kValue:
        return std::nullopt;
      case FieldType::kStringList:
      case FieldType::kMessageList:
        break;
    }
    if (!value.is_array()) return Problem(DecodeProblem::Kind::kUnexpectedToken);
    const boost::json::array& items = value.get_array();
    for (size_t i = 0; i < items.size(); ++i) {
      path_.emplace_back(i);
      if (field.type == FieldType::kStringList) {
        if (!items[i].is_string()) return Problem(DecodeProblem::Kind::kInvalidValue, &field);
      } else if (auto problem = Message(items[i], *field.message)) {
        return problem;
      }
      path_.pop_back();
    }
    return std::nullopt;
  }

  DecodeProblem Problem(DecodeProblem::Kind kind, const Field* field = nullptr) {
    return {kind, path_, field};
  }

  std::vector<JsonStep> path_;
};

// The token Go's decoder would quote, when the source text is unknown.
std::string TokenOf(const boost::json::value& value) {
  if (value.is_object()) return "{";
  if (value.is_array()) return "[";
  return boost::json::serialize(value);
}

const boost::json::value& ValueAt(const boost::json::value& root,
                                  const std::vector<JsonStep>& path) {
  const boost::json::value* value = &root;
  for (const JsonStep& step : path) {
    if (const auto* key = std::get_if<std::string_view>(&step)) {
      value = &value->get_object().at(*key);
    } else {
      value = &value->get_array()[std::get<size_t>(step)];
    }
  }
  return *value;
}

ApiError Describe(const DecodeProblem& problem, const boost::json::value& document,
                  std::string_view text) {
  bool at_key = problem.kind == DecodeProblem::Kind::kUnknownField;
  std::optional<JsonTokenPlace> place;
  if (!text.empty()) place = LocateJson(text, problem.path, at_key);
  std::string where =
      place ? "(line " + std::to_string(place->line) + ":" + std::to_string(place->column) + ")"
            : "";
  std::string token = place ? std::string(place->token) : TokenOf(ValueAt(document, problem.path));
  // Go's protojson writes "proto:" then a space or a no-break space, fixed per binary build (to
  // discourage matching on messages); Cerbos 0.55.0's build writes U+00A0.
  const std::string proto = "proto:\u00a0";
  ApiError error;
  switch (problem.kind) {
    case DecodeProblem::Kind::kUnknownField: {
      std::string_view key = std::get<std::string_view>(problem.path.back());
      error.message = proto + (where.empty() ? "" : where + ": ") + "unknown field \"" +
                      std::string(key) + "\"";
      break;
    }
    case DecodeProblem::Kind::kInvalidValue: {
      bool is_bool = problem.field->type == FieldType::kBool;
      error.message = proto + (where.empty() ? "" : where + ": ") + "invalid value for " +
                      (is_bool ? "bool" : "string") + " field " +
                      std::string(problem.field->json_name) + ": " + token;
      break;
    }
    case DecodeProblem::Kind::kUnexpectedToken:
      error.message = proto + "syntax error" + (where.empty() ? "" : " " + where) +
                      ": unexpected token " + token;
      break;
  }
  return error;
}

}  // namespace

std::optional<ApiError> DecodeCheckResourcesRequest(const boost::json::value& document,
                                                    std::string_view text) {
  Decoder decoder;
  std::optional<DecodeProblem> problem =
      decoder.Message(document, request_fields::kCheckResourcesRequest);
  if (!problem) return std::nullopt;
  return Describe(*problem, document, text);
}

}  // namespace portcullis::pdp
