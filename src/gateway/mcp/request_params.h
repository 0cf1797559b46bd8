// The params of the MCP requests the gateway decides on, checked before anything is described:
// tools/call and prompts/get name a tool or prompt (and pass `arguments`), resources/read,
// resources/subscribe and resources/unsubscribe name a URI. What goes upstream is the client's
// params object itself — the value the decision read — with only the name replaced by the
// server's own (strict_json.h's parse-once rule).
//
// Thread-safety: reentrant. Views point into the params given.
#pragma once

#include <string_view>
#include <variant>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "gateway/jsonrpc.h"

namespace portcullis::gateway::mcp {

struct NamedRequest {
  std::string_view name;                           // as the client sent it (maybe prefixed)
  const boost::json::object* arguments = nullptr;  // null when absent
};

// `params` (null when absent) of tools/call or prompts/get: kJsonRpcInvalidParams unless `name`
// is a non-empty string and `arguments`, when present, an object.
std::variant<NamedRequest, JsonRpcError> ReadNamedRequest(const boost::json::object* params,
                                                          const boost::json::value& request_id);

// The `uri` of resources/read, resources/subscribe or resources/unsubscribe params:
// kJsonRpcInvalidParams unless it is a non-empty string.
std::variant<std::string_view, JsonRpcError> ReadResourceUri(const boost::json::object* params,
                                                             const boost::json::value& request_id);

// The arguments a request describes with: its own, or {} when it has none.
const boost::json::object& ArgumentsOrEmpty(const NamedRequest& request);

}  // namespace portcullis::gateway::mcp
