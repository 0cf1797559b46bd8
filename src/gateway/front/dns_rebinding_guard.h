// DNS-rebinding protection, as MCP's Streamable HTTP transport requires of servers (a web page
// whose domain was re-pointed at 127.0.0.1 must not reach a local gateway): the Host header must
// name a host the gateway serves (listen.allowed_hosts, port ignored) and an Origin header, when
// present, must be one of listen.allowed_origins.
//
//   Host missing, repeated or malformed → 400 invalid_host (RFC 9112 §3.2)
//   Host not allowed                    → 403 host_not_allowed
//   Origin not allowed, or repeated     → 403 origin_not_allowed
//
// The messages say what is wrong without echoing the header.
//
// Thread-safety: pure function.
#pragma once

#include <optional>

#include "gateway/config/gateway_config.h"
#include "gateway/front/rejection.h"
#include "net/http_server.h"

namespace portcullis::gateway::front {

// 400 invalid_host: the request has no usable Host header.
Rejection InvalidHostRejection();

// nullopt when the request may proceed.
std::optional<Rejection> CheckHostAndOrigin(const net::HttpRequest& request,
                                            const ListenConfig& listen);

}  // namespace portcullis::gateway::front
