// RunBroadcast (mcp_flows.h): messages meant for every server of the session — the client's
// notifications (initialized, cancelled, roots/list_changed...) and logging/setLevel.
#include <memory>
#include <utility>

#include "gateway/server/mcp_flows.h"

namespace portcullis::gateway::server {

void RunBroadcast(std::shared_ptr<McpFlow> flow) {
  std::vector<std::string> servers = flow->JoinedServers();
  bool is_request = flow->message().kind == JsonRpcKind::kRequest;
  auto answer = [flow, is_request] {
    if (is_request) {
      flow->RespondResult(boost::json::object());
    } else {
      flow->Accept();
    }
  };
  if (servers.empty()) {
    answer();
    return;
  }
  // Answered once every server has taken the message: a client that goes on (e.g. after
  // notifications/initialized) then finds every server ready. A server that fails is left out;
  // its failure shows in the metrics and in its next answer.
  auto pending = std::make_shared<size_t>(servers.size());
  const GatewayConfig& config = flow->request().config();
  for (const std::string& name : servers) {
    flow->Post(*config.FindServer(name), flow->body(), std::nullopt, {},
               [pending, answer](UpstreamReply) {
                 if (--*pending == 0) answer();
               });
  }
}

}  // namespace portcullis::gateway::server
