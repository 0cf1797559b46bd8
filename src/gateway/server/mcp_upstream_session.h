// How the gateway's sealed session (session_seal.h) records its session with each upstream
// server: the protocol version that server answered `initialize` with and the Mcp-Session-Id it
// assigned (empty for a server that keeps no session), as one string per server,
//
//   "<protocol version> <upstream session id>"
//
// unambiguous because neither a protocol version nor a session id (visible ASCII, MCP
// "Transports") contains a space.
//
// Also the requests of an upstream session other than posts (its GET stream, its DELETE).
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gateway/config/gateway_config.h"
#include "gateway/upstream/mcp_post.h"
#include "net/http_client.h"

namespace portcullis::gateway::server {

std::string EncodeUpstreamSession(const upstream::McpSessionHeaders& headers);

// nullopt when `encoded` was not made by EncodeUpstreamSession.
std::optional<upstream::McpSessionHeaders> DecodeUpstreamSession(std::string_view encoded);

// Adds the header the config gives the gateway to present to `server` (mcp.servers[].auth), if
// any. Never the agent's own credential.
void AddServerAuth(const McpServerConfig& server, net::HttpHeaders& headers);

// A `method` request to `server` within `session`: the session's headers, the gateway's
// credential for the server, the server's timeout.
net::HttpClientRequest SessionRequest(std::string method, const McpServerConfig& server,
                                      const upstream::McpSessionHeaders& session);

}  // namespace portcullis::gateway::server
