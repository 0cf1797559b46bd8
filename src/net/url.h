// Absolute http:// and https:// URLs, split into what an HTTP/1.1 client needs (Boost.URL
// underneath, kept out of this header).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace portcullis::net {

struct HttpUrl {
  bool tls = false;  // https
  // The host to connect to and to check the server certificate against: a DNS name
  // (percent-decoded) or an IP address (IPv6 without brackets).
  std::string host;
  bool host_is_ip = false;
  uint16_t port = 0;  // the explicit port or the scheme's default
  // The Host header field: the host as written, then ":port" when the URL has one.
  std::string authority;
  // Origin-form request target: path and query ("/" when the URL has no path); no fragment.
  std::string target;

  // "https://host:port": connections to the same origin are interchangeable.
  std::string Origin() const;
};

// Parses `url`. On failure returns nullopt and sets `*error` to why: not an absolute http or https
// URL, user info present (credentials go in headers), no host, a port out of range.
std::optional<HttpUrl> ParseHttpUrl(std::string_view url, std::string* error);

}  // namespace portcullis::net
