// One JSON-RPC message sent to an upstream MCP server over Streamable HTTP (MCP 2025-06-18 and
// 2025-11-25, "Transports"): a POST whose answer is a JSON body, a Server-Sent Events stream of
// messages (server requests and notifications first, the response last), or 202 Accepted when
// the posted message was a notification or a response.
//
//   PostMcpMessage(client, {.url = server.url, .body = SerializeForUpstream(message),
//                           .session = {session_id, "2025-06-18"}, .request_id = id},
//                  {.on_session = ..., .on_message = ..., .on_complete = ...});
//
// Every message of the answer is parsed strictly (gateway/strict_json.h) and must be a valid
// JSON-RPC message; the answer is complete when the response to `request_id` has arrived and the
// body has ended. The gateway keeps no upstream session state of its own: the caller passes the
// session's headers with each message (they travel sealed in the gateway's session id).
//
// Thread-safety: as net::HttpClient, on the client's loop only.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "gateway/strict_json.h"
#include "net/http_client.h"

namespace portcullis::gateway::upstream {

// What a gateway session knows of its session with one upstream server.
struct McpSessionHeaders {
  std::string session_id;        // Mcp-Session-Id; empty before initialize (or a stateless server)
  std::string protocol_version;  // MCP-Protocol-Version; empty before initialize
};

struct McpPostRequest {
  std::string url{};
  std::string body{};  // one JSON-RPC message, serialised from the value the decision was made on
  McpSessionHeaders session{};
  // The id of the posted request, whose response completes the answer; unset for a notification
  // or a response (then the server answers 202).
  std::optional<boost::json::value> request_id{};
  // Added to the request, e.g. the Authorization the gateway mints for this server. Never the
  // agent's own.
  net::HttpHeaders extra_headers{};
  std::chrono::milliseconds timeout{0};  // 0: the client's default
  JsonLimits limits{};                   // for each message of the answer
};

struct McpPostError {
  enum class Kind {
    kTransport,        // no answer: connect failure, timeout, connection lost (`message` says)
    kSessionExpired,   // 404 to a message carrying a session id: initialize again
    kHttpStatus,       // another status than 200/202 (`status`)
    kBadContentType,   // 200 with neither application/json nor text/event-stream
    kBadMessage,       // a message that is not strict JSON or not JSON-RPC
    kMissingResponse,  // the answer ended without the response to `request_id`
  };
  Kind kind;
  int status = 0;
  std::string message;
};

std::string_view ToString(McpPostError::Kind kind);

// Adds the session's Mcp-Session-Id and MCP-Protocol-Version to `headers`, each when it is set:
// what every request within an upstream session carries (posts, its GET stream, its DELETE).
void AddSessionHeaders(const McpSessionHeaders& session, net::HttpHeaders& headers);

struct McpPostHandler {
  // The Mcp-Session-Id the server assigned (in its answer to initialize), when it sent one.
  std::function<void(std::string session_id)> on_session{};
  // Each JSON-RPC message of the answer as it arrives, in order.
  std::function<void(boost::json::value message)> on_message{};
  // Exactly once, last: nullopt when the answer was complete.
  std::function<void(std::optional<McpPostError> error)> on_complete{};
};

// Posts `request`; cancel the returned call to abandon it (on_complete then reports kTransport).
net::HttpCall PostMcpMessage(net::HttpClient& client, McpPostRequest request,
                             McpPostHandler handler);

}  // namespace portcullis::gateway::upstream
