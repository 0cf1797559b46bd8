// What every request of the MCP hop shares, for the whole process: the decision point, the
// sealer of session ids, the codec of list cursors, the per-session catalog of listed tools, the
// metrics, and what the gateway says of itself in `initialize`.
//
// Thread-safety: every member may be used concurrently from any threads.
#pragma once

#include "gateway/mcp/initialize.h"
#include "gateway/mcp/list_cursor.h"
#include "gateway/mcp/session_catalog.h"
#include "gateway/server/decision_point.h"
#include "gateway/server/gateway_metrics.h"
#include "gateway/session_seal.h"

namespace portcullis::gateway::server {

struct McpServices {
  DecisionPoint& decisions;
  GatewayMetrics& metrics;
  SessionSealer sealer;
  mcp::ListCursorCodec cursors;
  mcp::SessionCatalog catalog;
  mcp::GatewayInfo info;
};

}  // namespace portcullis::gateway::server
