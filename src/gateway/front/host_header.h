// The Host header field, parsed strictly (RFC 9110 §7.2, RFC 3986 §3.2.2): `host [":" port]`
// where host is a DNS name or IPv4 address (letters, digits, '-', '.', '_', '~') or an IPv6
// address in brackets, and port 1 to 5 digits up to 65535. Anything else (user info, percent
// escapes, spaces, quotes, control characters, an empty port) is refused, so a parsed host can
// be compared with the allowed hosts and written into URLs and header values as is.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "net/http_server.h"

namespace portcullis::gateway::front {

struct HostHeader {
  std::string host;       // lowercase; an IPv6 address without its brackets
  std::string authority;  // lowercase, as in a URL: host (IPv6 in brackets), then ":port" if sent
};

std::optional<HostHeader> ParseHostHeader(std::string_view value);

// The request's Host: nullopt unless it has exactly one Host header and it parses.
std::optional<HostHeader> RequestHost(const net::HttpRequest& request);

}  // namespace portcullis::gateway::front
