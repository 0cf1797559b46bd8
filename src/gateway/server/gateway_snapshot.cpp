#include "gateway/server/gateway_snapshot.h"

#include <utility>

namespace portcullis::gateway::server {
namespace {

std::vector<std::string> EndpointPaths(const GatewayConfig& config) {
  std::vector<std::string> paths;
  for (const McpEndpointConfig& endpoint : config.mcp.endpoints) paths.push_back(endpoint.path);
  return paths;
}

}  // namespace

GatewaySnapshot::GatewaySnapshot(std::shared_ptr<const GatewayConfig> loaded,
                                 const IdentitySources& identity, McpServices* services)
    : config(std::move(loaded)),
      metadata(config->identity.resource_metadata, EndpointPaths(*config)),
      bearer(identity.authenticator(), metadata) {
  if (services == nullptr) return;
  for (const McpEndpointConfig& endpoint : config->mcp.endpoints) {
    mcp_endpoints.push_back(std::make_unique<McpEndpoint>(endpoint, *services));
  }
}

McpEndpoint* GatewaySnapshot::FindMcpEndpoint(std::string_view path) const {
  for (const std::unique_ptr<McpEndpoint>& endpoint : mcp_endpoints) {
    if (endpoint->path() == path) return endpoint.get();
  }
  return nullptr;
}

}  // namespace portcullis::gateway::server
