// The MCP hop of `portcullis serve`: one endpoint of the config (`mcp.endpoints`), speaking MCP's
// Streamable HTTP transport (2025-06-18, 2025-11-25) to clients and to each upstream server.
//
//   POST    one JSON-RPC message, parsed once and strictly (duplicate keys, batches, size and
//           depth over the listener's limits: 400 with a JSON-RPC error, nothing forwarded).
//           `initialize` opens a gateway session; every other message must carry its
//           Mcp-Session-Id: missing → 400, not one this gateway sealed (or expired) → 404 (the
//           client initializes again), sealed for another principal → 403. Then dispatched to
//           the flows of mcp_flows.h.
//   DELETE  ends the session: forwarded to each upstream server of the session.
//   GET     the session's server-initiated messages: every server's stream merged into one
//           (mcp_event_stream.h).
//
// Thread-safety: Serve may be called concurrently from any worker thread.
#pragma once

#include "gateway/server/hop_request.h"
#include "gateway/server/mcp_flow.h"

namespace portcullis::gateway::server {

class McpEndpoint {
 public:
  // `endpoint` must outlive the McpEndpoint (it points into the config), as must `services`.
  McpEndpoint(const McpEndpointConfig& endpoint, McpServices& services)
      : context_{endpoint, mcp::McpNames(endpoint), services} {}

  const std::string& path() const { return context_.endpoint.path; }

  void Serve(HopRequest request);

 private:
  void ServePost(HopRequest request);
  void ServeDelete(HopRequest request);

  McpEndpointContext context_;
};

}  // namespace portcullis::gateway::server
