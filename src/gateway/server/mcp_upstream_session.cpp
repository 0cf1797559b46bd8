#include "gateway/server/mcp_upstream_session.h"

namespace portcullis::gateway::server {

std::string EncodeUpstreamSession(const upstream::McpSessionHeaders& headers) {
  return headers.protocol_version + " " + headers.session_id;
}

std::optional<upstream::McpSessionHeaders> DecodeUpstreamSession(std::string_view encoded) {
  size_t space = encoded.find(' ');
  if (space == std::string_view::npos || space == 0) return std::nullopt;
  std::string_view session_id = encoded.substr(space + 1);
  if (session_id.find(' ') != std::string_view::npos) return std::nullopt;
  return upstream::McpSessionHeaders{.session_id = std::string(session_id),
                                     .protocol_version = std::string(encoded.substr(0, space))};
}

void AddServerAuth(const McpServerConfig& server, net::HttpHeaders& headers) {
  if (server.auth) headers.emplace_back(server.auth->header, server.auth->value);
}

net::HttpClientRequest SessionRequest(std::string method, const McpServerConfig& server,
                                      const upstream::McpSessionHeaders& session) {
  net::HttpClientRequest request{.method = std::move(method), .url = server.url};
  upstream::AddSessionHeaders(session, request.headers);
  AddServerAuth(server, request.headers);
  request.timeout = server.timeout;
  return request;
}

}  // namespace portcullis::gateway::server
