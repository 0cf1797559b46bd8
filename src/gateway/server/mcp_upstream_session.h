// How the gateway's sealed session (session_seal.h) records its session with each upstream
// server: the protocol version that server answered `initialize` with and the Mcp-Session-Id it
// assigned (empty for a server that keeps no session), as one string per server,
//
//   "<protocol version> <upstream session id>"
//
// unambiguous because neither a protocol version nor a session id (visible ASCII, MCP
// "Transports") contains a space.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gateway/upstream/mcp_post.h"

namespace portcullis::gateway::server {

std::string EncodeUpstreamSession(const upstream::McpSessionHeaders& headers);

// nullopt when `encoded` was not made by EncodeUpstreamSession.
std::optional<upstream::McpSessionHeaders> DecodeUpstreamSession(std::string_view encoded);

}  // namespace portcullis::gateway::server
