// JSON-RPC 2.0 messages as MCP (protocol versions 2025-06-18 and 2025-11-25) restricts them:
// - one message per body: batches (a top-level array) were removed from MCP in 2025-06-18;
// - `jsonrpc` is exactly "2.0";
// - an id is a string or an integer, never null, fractional, boolean or structured (MCP "Basic
//   Protocol": unlike base JSON-RPC, the id MUST NOT be null); only an error response may carry a
//   null id, when the id of the request it answers could not be read (JSON-RPC 2.0 section 5);
// - `params` is an object or absent, `result` is an object;
// - no members besides jsonrpc, id, method, params, result, error (and code, message, data in an
//   error object), so nothing the gateway did not look at travels upstream.
//
// Thread-safety: all functions are reentrant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <boost/json/value.hpp>

#include "gateway/strict_json.h"

namespace portcullis::gateway {

// The JSON-RPC 2.0 error codes MCP uses (JSON-RPC 2.0 section 5.1).
inline constexpr int64_t kJsonRpcParseError = -32700;
inline constexpr int64_t kJsonRpcInvalidRequest = -32600;
inline constexpr int64_t kJsonRpcMethodNotFound = -32601;
inline constexpr int64_t kJsonRpcInvalidParams = -32602;
inline constexpr int64_t kJsonRpcInternalError = -32603;

enum class JsonRpcKind {
  kRequest,       // method and id: the sender expects a response
  kNotification,  // method without id: no response
  kResult,        // id and result: a successful response
  kError,         // id (or null) and error: an error response
};

// A valid message, viewed in place: the pointers and the view point into the value given to
// ClassifyJsonRpc and are valid while it lives unmodified. Members a kind does not have are null.
struct JsonRpcMessage {
  JsonRpcKind kind;
  const boost::json::value* id = nullptr;       // a string or an integer; null in kError only
  std::string_view method;                      // kRequest, kNotification
  const boost::json::object* params = nullptr;  // kRequest, kNotification, when present
  const boost::json::object* result = nullptr;  // kResult
  const boost::json::object* error = nullptr;   // kError: integer code, string message, data?
};

// An error to answer with: why a message was refused, or a denial.
struct JsonRpcError {
  int64_t code;
  std::string message;
  // The id of the message answered: its own when it had a valid one, otherwise null.
  boost::json::value id;
  // The error's `data` member, when it has one.
  std::optional<boost::json::value> data;
};

// What kind of message `body` (a parsed request body) is, or the error to answer it with:
// kJsonRpcInvalidRequest for anything malformed (batches included), kJsonRpcInvalidParams for
// params that are not an object.
std::variant<JsonRpcMessage, JsonRpcError> ClassifyJsonRpc(const boost::json::value& body);

// The answer to a body ParseStrictJson refused: kJsonRpcParseError with a null id (the body was
// not read), the parser's message, and data {"reason": <JsonErrorKindName>, "offset": <byte>}.
JsonRpcError JsonRpcErrorForBody(const JsonError& error);

// The error response {"jsonrpc":"2.0","id":...,"error":{"code":...,"message":...,"data":...}}.
boost::json::value MakeJsonRpcErrorResponse(const JsonRpcError& error);

}  // namespace portcullis::gateway
