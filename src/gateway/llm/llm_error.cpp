#include "gateway/llm/llm_error.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace portcullis::gateway::llm {
namespace {

namespace json = boost::json;

int StatusOf(LlmErrorKind kind) {
  switch (kind) {
    case LlmErrorKind::kInvalidRequest:
      return 400;
    case LlmErrorKind::kForbidden:
      return 403;
    case LlmErrorKind::kNotFound:
      return 404;
    case LlmErrorKind::kTooLarge:
      return 413;
    case LlmErrorKind::kUpstreamFailed:
      return 502;
    case LlmErrorKind::kUpstreamTimeout:
      return 504;
  }
  return 400;
}

std::string_view OpenAiType(LlmErrorKind kind) {
  switch (kind) {
    case LlmErrorKind::kInvalidRequest:
    case LlmErrorKind::kNotFound:
    case LlmErrorKind::kTooLarge:
      return "invalid_request_error";
    case LlmErrorKind::kForbidden:
      return "request_forbidden";
    case LlmErrorKind::kUpstreamFailed:
    case LlmErrorKind::kUpstreamTimeout:
      return "server_error";
  }
  return "invalid_request_error";
}

std::string_view AnthropicType(LlmErrorKind kind) {
  switch (kind) {
    case LlmErrorKind::kInvalidRequest:
      return "invalid_request_error";
    case LlmErrorKind::kForbidden:
      return "permission_error";
    case LlmErrorKind::kNotFound:
      return "not_found_error";
    case LlmErrorKind::kTooLarge:
      return "request_too_large";
    case LlmErrorKind::kUpstreamFailed:
      return "api_error";
    case LlmErrorKind::kUpstreamTimeout:
      return "timeout_error";
  }
  return "invalid_request_error";
}

json::value StringOrNull(std::string_view text) {
  if (text.empty()) return nullptr;
  return json::string(text);
}

}  // namespace

LlmErrorResponse MakeLlmError(LlmRoute route, LlmErrorKind kind, std::string_view message,
                              std::string_view code, std::string_view param,
                              const json::object& details) {
  bool openai = LlmRouteApi(route) == LlmProviderKind::kOpenAi;
  json::object error;
  if (openai) {
    error["message"] = message;
    error["type"] = OpenAiType(kind);
    error["param"] = StringOrNull(param);
    error["code"] = StringOrNull(code);
  } else {
    error["type"] = AnthropicType(kind);
    error["message"] = message;
    if (!code.empty()) error["code"] = code;
  }
  for (const auto& [key, value] : details) error.emplace(key, value);
  json::object body;
  if (!openai) body["type"] = "error";
  body["error"] = std::move(error);
  return {StatusOf(kind), json::serialize(body)};
}

LlmErrorResponse LlmErrorForBody(LlmRoute route, const JsonError& error) {
  LlmErrorKind kind = error.kind == JsonErrorKind::kTooLarge ? LlmErrorKind::kTooLarge
                                                             : LlmErrorKind::kInvalidRequest;
  return MakeLlmError(route, kind, error.message, JsonErrorKindName(error.kind));
}

}  // namespace portcullis::gateway::llm
