#include "gateway/llm/model_request.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include "gateway/llm/body_fields.h"
#include "gateway/llm/provider_mcp.h"
#include "gateway/mcp/message_text.h"

namespace portcullis::gateway::llm {
namespace {

namespace json = boost::json;

// The spellings of "at most this many output tokens": Chat Completions' max_tokens (deprecated)
// and max_completion_tokens, Anthropic's max_tokens, Responses' max_output_tokens.
constexpr std::string_view kMaxTokensMembers[] = {"max_tokens", "max_completion_tokens",
                                                  "max_output_tokens"};

// A token count: a non-negative integer, also when written with an exponent or a zero fraction
// (1e3, 100.0), which the providers' validators accept as integers.
std::optional<int64_t> TokenCount(const json::value& value) {
  if (value.is_int64() && value.get_int64() >= 0) return value.get_int64();
  if (value.is_double()) {
    double count = value.get_double();
    constexpr double kLargestExactInteger = 9007199254740992.0;  // 2^53
    if (count >= 0 && count <= kLargestExactInteger && std::trunc(count) == count) {
      return static_cast<int64_t>(count);
    }
  }
  return std::nullopt;  // uint64 too: Boost.JSON uses it only above INT64_MAX
}

// attr.max_tokens: the largest cap the body sets, under any of its spellings.
std::optional<FieldError> AddMaxTokens(const json::object& body, json::object& attr) {
  std::optional<int64_t> largest;
  for (std::string_view member : kMaxTokensMembers) {
    const json::value* value = FindMember(body, member);
    if (value == nullptr) continue;
    std::optional<int64_t> count = TokenCount(*value);
    if (!count) return WrongMember(std::string(member), "a non-negative integer");
    if (!largest || *count > *largest) largest = count;
  }
  if (largest) attr["max_tokens"] = *largest;
  return std::nullopt;
}

// The name of a client-side tool: top-level `name`, except in Chat Completions, which nests it in
// an object named after the type ({"type": "function", "function": {"name": ...}}).
std::optional<FieldError> AddToolName(LlmRoute route, const json::object& tool, size_t index,
                                      std::string_view type, json::array& names) {
  const json::object* holder = &tool;
  std::string path = ElementPath("tools", index);
  if (route == LlmRoute::kChatCompletions && !type.empty()) {
    path += '.';
    path += type;
    const json::value* nested = FindMember(tool, type);
    if (nested == nullptr || !nested->is_object()) return WrongMember(path, "an object");
    holder = &nested->get_object();
  }
  path += ".name";
  const json::value* name = FindMember(*holder, "name");
  if (name == nullptr || !NonEmptyString(*name)) return WrongMember(path, "a non-empty string");
  names.emplace_back(name->get_string());
  return std::nullopt;
}

// attr.tools: a function or custom tool's name, any other tool's type.
std::optional<FieldError> AddTools(LlmRoute route, const json::object& body, json::object& attr) {
  json::array& names = attr["tools"].emplace_array();
  const json::value* tools = FindMember(body, "tools");
  if (tools == nullptr) return std::nullopt;
  if (!tools->is_array()) return WrongMember("tools", "an array");
  if (tools->get_array().size() > kMaxTools) {
    return FieldError{"tools", "at most " + std::to_string(kMaxTools) + " tools are accepted"};
  }
  names.reserve(tools->get_array().size());
  size_t index = 0;
  for (const json::value& entry : tools->get_array()) {
    if (!entry.is_object()) return WrongMember(ElementPath("tools", index), "an object");
    const json::object& tool = entry.get_object();
    const json::value* type = FindMember(tool, "type");
    if (type != nullptr && !NonEmptyString(*type)) {
      return WrongMember(ElementPath("tools", index, "type"), "a non-empty string");
    }
    std::string_view kind = type ? std::string_view(type->get_string()) : std::string_view();
    if (kind.empty() || kind == "function" || kind == "custom") {
      if (auto error = AddToolName(route, tool, index, kind, names)) return error;
    } else {
      names.emplace_back(kind);
    }
    ++index;
  }
  return std::nullopt;
}

std::optional<FieldError> ReadStream(const json::object& body, bool& stream) {
  const json::value* value = FindMember(body, "stream");
  if (value == nullptr) return std::nullopt;
  if (!value->is_bool()) return WrongMember("stream", "true or false");
  stream = value->get_bool();
  return std::nullopt;
}

std::optional<FieldError> CheckStreamOptions(LlmRoute route, const json::object& body) {
  // The upstream step sets stream_options.include_usage in Chat Completions streams.
  if (route != LlmRoute::kChatCompletions) return std::nullopt;
  const json::value* options = FindMember(body, "stream_options");
  if (options != nullptr && !options->is_object()) {
    return WrongMember("stream_options", "an object");
  }
  return std::nullopt;
}

std::string ApiName(LlmProviderKind kind) {
  return kind == LlmProviderKind::kAnthropic
             ? "the Anthropic Messages API (/v1/messages)"
             : "the OpenAI API (/v1/chat/completions, /v1/responses)";
}

LlmErrorResponse Invalid(LlmRoute route, const FieldError& error) {
  return MakeLlmError(route, LlmErrorKind::kInvalidRequest, error.message, {}, error.param);
}

}  // namespace

std::variant<ModelRequest, LlmErrorResponse> DescribeModelRequest(LlmRoute route,
                                                                  const json::value& body,
                                                                  const GatewayConfig& config) {
  const json::object* object = body.if_object();
  if (object == nullptr) return Invalid(route, {"", "the request body must be a JSON object"});
  const json::value* name = FindMember(*object, "model");
  if (name == nullptr || !NonEmptyString(*name)) {
    return Invalid(route, WrongMember("model", "a non-empty string"));
  }
  const ModelRouteConfig* model = config.FindModel(name->get_string());
  if (model == nullptr || model->provider_index >= config.llm.providers.size()) {
    return MakeLlmError(
        route, LlmErrorKind::kNotFound,
        "the model " + mcp::QuoteForMessage(name->get_string()) + " does not exist on this gateway",
        "model_not_found", "model");
  }
  const LlmProviderConfig& provider = config.llm.providers[model->provider_index];
  if (provider.kind != LlmRouteApi(route)) {
    return Invalid(
        route, {"model", "the model " + mcp::QuoteForMessage(model->name) + " is served through " +
                             ApiName(provider.kind) + ", not " + std::string(LlmRoutePath(route))});
  }

  ModelRequest request;
  request.route = route;
  request.model = model;
  request.provider = &provider;
  pdp::DecisionResource resource{"model", model->name, model->attr, {"invoke"}};
  std::optional<FieldError> error = ReadStream(*object, request.stream);
  if (!error) error = AddMaxTokens(*object, resource.attr);
  if (!error) error = AddTools(route, *object, resource.attr);
  if (!error) error = CheckStreamOptions(route, *object);
  if (error) return Invalid(route, *error);
  resource.attr["stream"] = request.stream;

  auto servers = ProviderMcpServers(*object);
  if (auto* server_error = std::get_if<FieldError>(&servers)) return Invalid(route, *server_error);
  auto& mcp_servers = std::get<std::vector<pdp::DecisionResource>>(servers);
  request.resources.reserve(1 + mcp_servers.size());
  request.resources.push_back(std::move(resource));
  for (pdp::DecisionResource& server : mcp_servers) request.resources.push_back(std::move(server));
  return request;
}

}  // namespace portcullis::gateway::llm
