#include "gateway/mcp/request_params.h"

#include <string>

namespace portcullis::gateway::mcp {
namespace {

namespace json = boost::json;

// The member `name` of `params` when it is a non-empty string, else null.
const json::string* NonEmptyString(const json::object* params, std::string_view name) {
  const json::value* value = params != nullptr ? params->if_contains(name) : nullptr;
  const json::string* text = value != nullptr ? value->if_string() : nullptr;
  return text != nullptr && !text->empty() ? text : nullptr;
}

JsonRpcError InvalidParams(std::string message, const json::value& id) {
  return JsonRpcError{kJsonRpcInvalidParams, std::move(message), id, std::nullopt};
}

}  // namespace

std::variant<NamedRequest, JsonRpcError> ReadNamedRequest(const json::object* params,
                                                          const json::value& request_id) {
  const json::string* name = NonEmptyString(params, "name");
  if (name == nullptr) return InvalidParams("\"name\" must be a non-empty string", request_id);
  const json::value* arguments = params->if_contains("arguments");
  if (arguments != nullptr && !arguments->is_object()) {
    return InvalidParams("\"arguments\" must be an object when present", request_id);
  }
  return NamedRequest{*name, arguments != nullptr ? &arguments->get_object() : nullptr};
}

std::variant<std::string_view, JsonRpcError> ReadResourceUri(const json::object* params,
                                                             const json::value& request_id) {
  const json::string* uri = NonEmptyString(params, "uri");
  if (uri == nullptr) return InvalidParams("\"uri\" must be a non-empty string", request_id);
  return std::string_view(*uri);
}

const json::object& ArgumentsOrEmpty(const NamedRequest& request) {
  static const json::object kEmpty;
  return request.arguments != nullptr ? *request.arguments : kEmpty;
}

}  // namespace portcullis::gateway::mcp
