// OAuth 2.0 Protected Resource Metadata (RFC 9728), which MCP clients read to find the
// authorization server to get a token from. Served at the root well-known path and, for each MCP
// endpoint, at the path-suffixed form (RFC 9728 §3.1; clients try the latter first):
//
//   GET /.well-known/oauth-protected-resource        GET /.well-known/oauth-protected-resource/mcp
//   {"resource": "https://gw.example.com/mcp",
//    "authorization_servers": ["https://idp.example.com"],
//    "scopes_supported": ["mcp:tools"],                  (when configured)
//    "bearer_methods_supported": ["header"]}
//
// `resource` is identity.resource_metadata.resource when configured; otherwise it is derived
// from the request: the listener's scheme, the Host header (parsed strictly, host_header.h) and
// the endpoint path the document is for (none at the root path). Without
// identity.resource_metadata the document is still served, derived from the request and naming
// no authorization server (`authorization_servers` is optional in RFC 9728 §2): a gateway taking
// only API keys has none, and its clients still learn the resource and how to present a token.
//
// Thread-safety: immutable after construction; every member may be called concurrently.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "gateway/config/gateway_config.h"
#include "net/http_server.h"

namespace portcullis::gateway::front {

class ProtectedResourceMetadata {
 public:
  static constexpr std::string_view kWellKnownPath = "/.well-known/oauth-protected-resource";

  // `endpoint_paths`: the MCP endpoints' paths ("/mcp"). `scheme`: "http" or "https", as
  // clients reach the listener.
  ProtectedResourceMetadata(std::optional<ResourceMetadataConfig> config,
                            std::vector<std::string> endpoint_paths, std::string scheme = "http");

  // The configured scopes, space-separated (a challenge's `scope`); empty when none.
  const std::string& scope() const { return scope_; }

  // Answers a request to a metadata path: GET → 200 and the document; another method → 405;
  // no usable Host while `resource` is derived → 400. Returns false, leaving `response`
  // alone, when the path is not a metadata path.
  bool Handle(const net::HttpRequest& request, net::HttpResponse& response) const;

  // The URL of the document for requests to `endpoint_path` ("/mcp"; empty for routes that are
  // no MCP endpoint), for a challenge's `resource_metadata`: the well-known URL of the
  // configured resource, else derived from the request. Empty when the Host header is not
  // usable.
  std::string MetadataUrl(const net::HttpRequest& request, std::string_view endpoint_path) const;

  // The document served for `endpoint_path`; nullopt when `resource` must be derived and the
  // Host header is not usable.
  std::optional<boost::json::object> Document(const net::HttpRequest& request,
                                              std::string_view endpoint_path) const;

 private:
  // "scheme://host[:port]" of the request (lowercase); nullopt without a usable Host.
  std::optional<std::string> RequestOrigin(const net::HttpRequest& request) const;
  // Whether a document is served for this suffix of the well-known path.
  bool ServesSuffix(std::string_view suffix) const;

  ResourceMetadataConfig config_;  // defaults (nothing configured) when absent
  std::vector<std::string> endpoint_paths_;
  std::string scheme_;
  std::string scope_;
  // From a configured `resource`: its metadata URL and its path (served too).
  std::string configured_metadata_url_;
  std::string configured_path_;
};

}  // namespace portcullis::gateway::front
