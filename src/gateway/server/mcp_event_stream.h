// GET on an MCP endpoint: the session's stream of server-initiated messages (MCP Streamable HTTP,
// "Listening for Messages from the Server"). The gateway opens the same GET on every server of
// the session and merges their event streams into one for the client: notifications
// (tools/list_changed, resources/updated, logging...) as they come, server requests with relayed
// ids and sampling decided as model access (mcp_server_requests.h). A server that offers no such
// stream (405) or fails is left out; when none offers one the client gets 405, which MCP clients
// take as "no stream". The stream ends when every upstream stream has ended; a client that goes
// away closes the upstream streams.
//
// Thread-safety: on the request's worker thread.
#pragma once

#include <memory>
#include <string>

#include "gateway/server/mcp_flow.h"

namespace portcullis::gateway::server {

// `flow` is a GET flow (McpFlow's stream constructor) whose session is set.
void RunEventStream(std::shared_ptr<McpFlow> flow);

}  // namespace portcullis::gateway::server
