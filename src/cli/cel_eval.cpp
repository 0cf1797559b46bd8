#include "cli/cel_eval.h"

#include <exception>
#include <optional>

#include <boost/json.hpp>

#include "cel/program.h"
#include "cel/proto_json.h"

namespace portcullis::cli {
namespace {

namespace json = boost::json;

// A binding is an ExprValue when it has one of ExprValue's fields; Value's fields all differ.
bool IsExprValue(const json::object& binding) {
  return binding.contains("value") || binding.contains("error") || binding.contains("unknown");
}

// Binds every variable of the request; an error message for the first malformed one.
std::optional<std::string> BindAll(const json::object& bindings, cel::MapActivation& activation) {
  for (const auto& [name, binding] : bindings) {
    if (!binding.is_object()) {
      return "binding '" + std::string(name) + "': expected a JSON object";
    }
    auto parsed = IsExprValue(binding.get_object()) ? cel::ExprValueFromProtoJson(binding)
                                                    : cel::ValueFromProtoJson(binding);
    if (auto* message = std::get_if<std::string>(&parsed)) {
      return "binding '" + std::string(name) + "': " + *message;
    }
    activation.Bind(std::string(name), std::get<cel::Value>(std::move(parsed)));
  }
  return std::nullopt;
}

// cel.expr.Value has no optional type; such results (also nested ones) are reported as errors.
bool ContainsOptional(const cel::Value& v) {
  switch (v.kind()) {
    case cel::Kind::kOptional:
      return true;
    case cel::Kind::kList:
      for (size_t i = 0; i < v.list_size(); ++i) {
        if (ContainsOptional(v.list_at(i))) return true;
      }
      return false;
    case cel::Kind::kMap:
      for (size_t i = 0; i < v.map_size(); ++i) {
        if (ContainsOptional(v.map_value_at(i))) return true;
      }
      return false;
    default:
      return false;
  }
}

std::string UnknownMessage(const cel::UnknownSet& set) {
  std::string message = "unknown:";
  for (size_t i = 0; i < set.attributes.size(); ++i) {
    message += (i == 0 ? " " : ", ") + set.attributes[i];
  }
  return message;
}

CelEvalAnswer Answer(const cel::Value& result) {
  if (result.IsError()) return CelEvalError(result.error_message());
  if (result.IsUnknown()) return CelEvalError(UnknownMessage(result.unknown_set()));
  if (ContainsOptional(result)) {
    return CelEvalError("result of type optional_type is not representable as cel.expr.Value");
  }
  json::object line;
  line["value"] = cel::ValueToProtoJson(result);
  return {true, json::serialize(line)};
}

}  // namespace

CelEvalAnswer CelEvalError(std::string_view message) {
  json::object line;
  line["error"] = message;
  return {false, json::serialize(line)};
}

CelEvalAnswer EvaluateCel(const CelEvalRequest& request, cel::Timestamp now) {
  try {
    cel::MapActivation activation;
    if (auto error = BindAll(request.bindings, activation)) return CelEvalError(*error);

    cel::CompileOptions options;
    options.container = request.container;
    options.parse.enable_macros = !request.disable_macros;
    options.defer_unbound_functions = request.disable_check;
    cel::CompileResult compiled = cel::Compile(request.expr, options);
    if (!compiled.ok()) return CelEvalError(compiled.FormattedErrors());

    cel::EvalContext context;
    context.now = now;
    // The result may borrow the program's constants: render it while the program is alive.
    return Answer(compiled.program->Evaluate(activation, context));
  } catch (const std::exception& e) {
    return CelEvalError(std::string("internal error: ") + e.what());
  }
}

std::variant<CelEvalRequest, std::string> ParseCelEvalLine(std::string_view line) {
  boost::system::error_code ec;
  json::value parsed = json::parse(line, ec);
  if (ec) return "malformed input line: " + ec.message();
  const json::object* input = parsed.if_object();
  if (!input) return std::string("malformed input line: expected a JSON object");

  CelEvalRequest request;
  const json::value* expr = input->if_contains("expr");
  if (!expr || !expr->is_string()) {
    return std::string("malformed input line: \"expr\" must be a string");
  }
  request.expr = expr->get_string();
  if (const json::value* bindings = input->if_contains("bindings")) {
    if (!bindings->is_object()) {
      return std::string("malformed input line: \"bindings\" must be an object");
    }
    request.bindings = bindings->get_object();
  }
  if (const json::value* container = input->if_contains("container")) {
    if (!container->is_string()) {
      return std::string("malformed input line: \"container\" must be a string");
    }
    request.container = container->get_string();
  }
  for (auto [field, flag] : {std::pair{"disableMacros", &request.disable_macros},
                             std::pair{"disableCheck", &request.disable_check}}) {
    if (const json::value* value = input->if_contains(field)) {
      if (!value->is_bool()) {
        return "malformed input line: \"" + std::string(field) + "\" must be a boolean";
      }
      *flag = value->get_bool();
    }
  }
  return request;
}

}  // namespace portcullis::cli
