// The MCP `initialize` of a multi-server endpoint: the client initializes once with the gateway,
// the gateway initializes each upstream server the principal may connect to (the caller decides
// `connect` first; the others are never contacted), and the answers are combined into one
// InitializeResult for the client.
//
// - Protocol version: the gateway speaks 2025-11-25 and 2025-06-18. It answers the client's
//   version when it is one of them, else the latest (the client then decides whether to go on, as
//   MCP's lifecycle says), and asks every upstream for that same version. An upstream answering
//   another version the gateway speaks is kept (JoinedServer says which, for its
//   MCP-Protocol-Version header); one answering a version the gateway does not speak is left out.
// - Capabilities: `tools`, `prompts`, `resources`, `logging`, `completions` are offered when at
//   least one joined server offers them; `listChanged` (tools, prompts, resources) and
//   `subscribe` (resources) are true when at least one joined server's is. `tasks` and
//   `experimental` are not offered: the gateway does not relay them. The client's capabilities
//   are passed upstream for what the gateway relays (roots, sampling, elicitation) only.
// - serverInfo is the gateway's; `instructions` names the servers, says how names are prefixed
//   (when they are), and gives each server's own instructions under its name (each cut to
//   kMaxServerInstructionsBytes).
// - A server whose initialize failed (transport error, JSON-RPC error, malformed result) is left
//   out and reported; one failing server does not fail the session. With none joined the session
//   still opens, with no capabilities.
//
// Thread-safety: reentrant.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "gateway/jsonrpc.h"
#include "gateway/mcp/list_kind.h"
#include "gateway/mcp/names.h"

namespace portcullis::gateway::mcp {

// Latest first.
inline constexpr std::array<std::string_view, 2> kSupportedProtocolVersions = {"2025-11-25",
                                                                               "2025-06-18"};
inline constexpr size_t kMaxServerInstructionsBytes = 8192;

bool IsSupportedProtocolVersion(std::string_view version);

// The version to answer a client that asks for `requested`.
std::string_view NegotiateProtocolVersion(std::string_view requested);

// A client's initialize request, checked.
struct ClientInitialize {
  std::string requested_version;
  std::string protocol_version;  // negotiated
  boost::json::object capabilities;
  boost::json::object client_info;
};

// The client's initialize params; kJsonRpcInvalidParams unless they hold a string
// `protocolVersion` and objects `capabilities` and `clientInfo` (all required by MCP).
std::variant<ClientInitialize, JsonRpcError> ReadInitializeParams(
    const boost::json::object* params, const boost::json::value& request_id);

// The params of the gateway's initialize request to each upstream server.
boost::json::object UpstreamInitializeParams(const ClientInitialize& client);

// What one upstream server answered: its `result`, or why there is none.
struct UpstreamInitialize {
  std::string server;
  std::variant<boost::json::object, std::string> answer;
};

struct GatewayInfo {
  std::string name = "portcullis";
  std::string version;
};

struct JoinedServer {
  std::string server;
  std::string protocol_version;  // what it answered
  boost::json::object capabilities;

  bool operator==(const JoinedServer&) const = default;
};

struct InitializeOutcome {
  boost::json::object result;        // the InitializeResult for the client
  std::vector<JoinedServer> joined;  // in the order given
  std::vector<ServerFailure> left_out;
};

// `upstreams` in endpoint order.
InitializeOutcome CombineInitialize(const ClientInitialize& client,
                                    std::span<const UpstreamInitialize> upstreams,
                                    const GatewayInfo& gateway, const McpNames& names);

}  // namespace portcullis::gateway::mcp
