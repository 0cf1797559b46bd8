// Everything a request of `portcullis serve` reads that comes from the config file, as one
// immutable snapshot: the config itself, the authenticator, the RFC 9728 metadata, the MCP
// endpoints. A config reload builds a new snapshot and swaps it in atomically; a request keeps
// the snapshot it started with to its end (HopRequest holds the config through it), so a reload
// never changes a request halfway.
//
// Thread-safety: immutable once made; shared as std::shared_ptr<const GatewaySnapshot>.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "gateway/config/gateway_config.h"
#include "gateway/front/bearer_authentication.h"
#include "gateway/front/protected_resource_metadata.h"
#include "gateway/server/identity_setup.h"
#include "gateway/server/mcp_endpoint.h"
#include "gateway/server/mcp_services.h"

namespace portcullis::gateway::server {

struct GatewaySnapshot {
  // `identity` must outlive the snapshot (the gateway keeps every generation until it stops);
  // `services` may be null when `config` has no MCP endpoint.
  GatewaySnapshot(std::shared_ptr<const GatewayConfig> config, const IdentitySources& identity,
                  McpServices* services);
  GatewaySnapshot(const GatewaySnapshot&) = delete;
  GatewaySnapshot& operator=(const GatewaySnapshot&) = delete;

  // The MCP endpoint serving `path`, or null.
  McpEndpoint* FindMcpEndpoint(std::string_view path) const;

  const std::shared_ptr<const GatewayConfig> config;
  const front::ProtectedResourceMetadata metadata;
  const front::BearerAuthentication bearer;
  std::vector<std::unique_ptr<McpEndpoint>> mcp_endpoints;
};

}  // namespace portcullis::gateway::server
