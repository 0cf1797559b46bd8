// Requests an upstream server sends the client while answering one of the client's requests (MCP
// lets a server send requests on that response stream): sampling/createMessage, elicitation/
// create, roots/list, ping. The gateway relays them to the client and the client's responses back
// to the server that asked — statelessly, so any replica can take the response:
//
// - Relayed requests get the id "portcullis:<server>:<the server's own id as JSON>", so the
//   client's response names the server it goes to; the response is posted to that server (which
//   must be part of the session) with the server's own id restored.
// - sampling/createMessage asks the principal's model on the server's behalf, so it is decided as
//   model access first: kind `model`, id = the first of the request's modelPreferences.hints
//   names (else "client-model"), action `sample`, R.attr {via: "sampling", server, max_tokens}
//   plus the server's attributes. Denied: the server gets the JSON-RPC denial as the response
//   (with the policy's remediation), and the client never sees the request.
//
// Thread-safety: on the flow's worker thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <boost/json/value.hpp>

#include "gateway/server/mcp_flow.h"

namespace portcullis::gateway::server {

// The id a relayed request from `server` with id `id` gets.
std::string RelayedRequestId(std::string_view server, const boost::json::value& id);
// The server and its own id, for an id RelayedRequestId made; nullopt otherwise.
std::optional<std::pair<std::string, boost::json::value>> ReadRelayedRequestId(
    const boost::json::value& id);

// A message `server` sent before its response to the flow's request: notifications go to the
// client as they are; requests as described above.
void RelayServerMessage(const std::shared_ptr<McpFlow>& flow, const McpServerConfig& server,
                        boost::json::value message);

// The client's response (result or error) to a relayed request: posted to the server that asked.
void RunClientResponse(std::shared_ptr<McpFlow> flow);

}  // namespace portcullis::gateway::server
