#include "gateway/front/dns_rebinding_guard.h"

#include <algorithm>

#include "gateway/front/header_fields.h"
#include "gateway/front/host_header.h"

namespace portcullis::gateway::front {
namespace {

Rejection HostNotAllowed() {
  return {.status = 403,
          .code = "host_not_allowed",
          .message =
              "this gateway does not serve the host named in the Host header "
              "(DNS-rebinding protection; see listen.allowed_hosts)",
          .www_authenticate = {}};
}

Rejection OriginNotAllowed(std::string message) {
  return {.status = 403,
          .code = "origin_not_allowed",
          .message = std::move(message),
          .www_authenticate = {}};
}

bool IsAllowedOrigin(std::string_view origin, const ListenConfig& listen) {
  return listen.any_origin ||
         std::any_of(
             listen.allowed_origins.begin(), listen.allowed_origins.end(),
             [&](const std::string& allowed) { return EqualsIgnoringCase(allowed, origin); });
}

}  // namespace

Rejection InvalidHostRejection() {
  return {.status = 400,
          .code = "invalid_host",
          .message = "the request must have exactly one Host header, of the form host[:port]",
          .www_authenticate = {}};
}

std::optional<Rejection> CheckHostAndOrigin(const net::HttpRequest& request,
                                            const ListenConfig& listen) {
  std::optional<HostHeader> host = RequestHost(request);
  if (!host) return InvalidHostRejection();
  if (!listen.any_host && std::find(listen.allowed_hosts.begin(), listen.allowed_hosts.end(),
                                    host->host) == listen.allowed_hosts.end()) {
    return HostNotAllowed();
  }
  std::vector<std::string_view> origins = HeaderValues(request, "Origin");
  if (origins.size() > 1) return OriginNotAllowed("several Origin headers were sent");
  if (origins.size() == 1 && !IsAllowedOrigin(origins.front(), listen)) {
    return OriginNotAllowed(
        "requests from this Origin are not allowed (DNS-rebinding protection; see "
        "listen.allowed_origins)");
  }
  return std::nullopt;
}

}  // namespace portcullis::gateway::front
