#include "gateway/jsonrpc.h"

#include <array>

#include <boost/json/serialize.hpp>

namespace portcullis::gateway {
namespace {

namespace json = boost::json;

constexpr std::array<std::string_view, 6> kMessageMembers = {"jsonrpc", "id",     "method",
                                                             "params",  "result", "error"};
constexpr std::array<std::string_view, 3> kErrorMembers = {"code", "message", "data"};

bool IsValidId(const json::value& id) {
  return id.is_string() || id.is_int64() || id.is_uint64();
}

// Why `id` is not a valid MCP id, in words.
std::string IdProblem(const json::value& id) {
  if (id.is_null()) return "\"id\" must be a string or an integer; MCP does not allow a null id";
  if (id.is_double()) return "\"id\" must be a string or an integer, not a fractional number";
  return "\"id\" must be a string or an integer";
}

JsonRpcError Invalid(int64_t code, std::string message, const json::value* id) {
  return JsonRpcError{code, std::move(message), id && IsValidId(*id) ? *id : json::value(),
                      std::nullopt};
}

// The first member of `object` not in `allowed`, or null.
template <size_t N>
const json::key_value_pair* UnknownMember(const json::object& object,
                                          const std::array<std::string_view, N>& allowed) {
  for (const json::key_value_pair& member : object) {
    bool known = false;
    for (std::string_view name : allowed) known = known || member.key() == name;
    if (!known) return &member;
  }
  return nullptr;
}

JsonRpcMessage Message(JsonRpcKind kind, const json::value* id) {
  JsonRpcMessage message;
  message.kind = kind;
  message.id = id;
  return message;
}

std::string UnknownMemberMessage(const json::key_value_pair& member, std::string_view where) {
  return "unknown member " + json::serialize(member.key()) + " in " + std::string(where);
}

std::variant<JsonRpcMessage, JsonRpcError> ClassifyCall(const json::object& message,
                                                        const json::value* id) {
  const json::value& method = message.at("method");
  if (!method.is_string() || method.get_string().empty()) {
    return Invalid(kJsonRpcInvalidRequest, "\"method\" must be a non-empty string", id);
  }
  if (message.contains("result") || message.contains("error")) {
    return Invalid(kJsonRpcInvalidRequest,
                   "a message with \"method\" must not have \"result\" or \"error\"", id);
  }
  if (id && !IsValidId(*id)) return Invalid(kJsonRpcInvalidRequest, IdProblem(*id), id);
  const json::value* params = message.if_contains("params");
  if (params && !params->is_object()) {
    return Invalid(kJsonRpcInvalidParams, "\"params\" must be an object when present", id);
  }
  JsonRpcMessage call = Message(id ? JsonRpcKind::kRequest : JsonRpcKind::kNotification, id);
  call.method = method.get_string();
  call.params = params ? &params->get_object() : nullptr;
  return call;
}

std::variant<JsonRpcMessage, JsonRpcError> ClassifyErrorResponse(const json::value& error,
                                                                 const json::value* id) {
  if (!id->is_null() && !IsValidId(*id)) {
    return Invalid(kJsonRpcInvalidRequest, IdProblem(*id), id);
  }
  if (!error.is_object()) return Invalid(kJsonRpcInvalidRequest, "\"error\" must be an object", id);
  const json::object& object = error.get_object();
  if (const json::key_value_pair* unknown = UnknownMember(object, kErrorMembers)) {
    return Invalid(kJsonRpcInvalidRequest, UnknownMemberMessage(*unknown, "\"error\""), id);
  }
  const json::value* code = object.if_contains("code");
  const json::value* text = object.if_contains("message");
  if (!code || !code->is_int64()) {
    return Invalid(kJsonRpcInvalidRequest, "\"error.code\" must be an integer", id);
  }
  if (!text || !text->is_string()) {
    return Invalid(kJsonRpcInvalidRequest, "\"error.message\" must be a string", id);
  }
  JsonRpcMessage response = Message(JsonRpcKind::kError, id);
  response.error = &object;
  return response;
}

std::variant<JsonRpcMessage, JsonRpcError> ClassifyResponse(const json::object& message,
                                                            const json::value* id) {
  const json::value* result = message.if_contains("result");
  const json::value* error = message.if_contains("error");
  if (!id || (!result && !error)) {
    return Invalid(kJsonRpcInvalidRequest,
                   "a message needs \"method\" (a request or notification) or \"id\" with "
                   "\"result\" or \"error\" (a response)",
                   id);
  }
  if (result && error) {
    return Invalid(kJsonRpcInvalidRequest, "a response must not have both \"result\" and \"error\"",
                   id);
  }
  if (error) return ClassifyErrorResponse(*error, id);
  if (!IsValidId(*id)) return Invalid(kJsonRpcInvalidRequest, IdProblem(*id), id);
  if (!result->is_object())
    return Invalid(kJsonRpcInvalidRequest, "\"result\" must be an object", id);
  JsonRpcMessage response = Message(JsonRpcKind::kResult, id);
  response.result = &result->get_object();
  return response;
}

}  // namespace

std::variant<JsonRpcMessage, JsonRpcError> ClassifyJsonRpc(const json::value& body) {
  if (body.is_array()) {
    return Invalid(kJsonRpcInvalidRequest,
                   "JSON-RPC batches are not supported: MCP removed them in protocol version "
                   "2025-06-18; send each message in a request of its own",
                   nullptr);
  }
  if (!body.is_object()) {
    return Invalid(kJsonRpcInvalidRequest, "a JSON-RPC message must be a JSON object", nullptr);
  }
  const json::object& message = body.get_object();
  const json::value* id = message.if_contains("id");
  const json::value* version = message.if_contains("jsonrpc");
  if (!version || !version->is_string() || version->get_string() != "2.0") {
    return Invalid(kJsonRpcInvalidRequest, "\"jsonrpc\" must be \"2.0\"", id);
  }
  if (const json::key_value_pair* unknown = UnknownMember(message, kMessageMembers)) {
    return Invalid(kJsonRpcInvalidRequest, UnknownMemberMessage(*unknown, "the message"), id);
  }
  if (message.contains("method")) return ClassifyCall(message, id);
  return ClassifyResponse(message, id);
}

JsonRpcError JsonRpcErrorForBody(const JsonError& error) {
  return JsonRpcError{kJsonRpcParseError, error.message, nullptr,
                      json::value{{"reason", JsonErrorKindName(error.kind)},
                                  {"offset", static_cast<uint64_t>(error.offset)}}};
}

json::value MakeJsonRpcErrorResponse(const JsonRpcError& error) {
  json::object details{{"code", error.code}, {"message", error.message}};
  if (error.data) details.emplace("data", *error.data);
  return json::object{{"jsonrpc", "2.0"}, {"id", error.id}, {"error", std::move(details)}};
}

}  // namespace portcullis::gateway
