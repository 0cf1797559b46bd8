#include "gateway/front/host_header.h"

#include <algorithm>

#include "gateway/front/header_fields.h"

namespace portcullis::gateway::front {
namespace {

constexpr size_t kMaxHostLength = 253;  // a DNS name's limit

char Lower(char c) {
  return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

bool IsNameChar(char c) {
  c = Lower(c);
  return (c >= 'a' && c <= 'z') || IsDigit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

bool IsIpv6Char(char c) {
  c = Lower(c);
  return IsDigit(c) || (c >= 'a' && c <= 'f') || c == ':' || c == '.';
}

bool IsPort(std::string_view port) {
  if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), IsDigit)) {
    return false;
  }
  return std::stoul(std::string(port)) <= 65535;
}

std::string Lowercase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), Lower);
  return lower;
}

}  // namespace

std::optional<HostHeader> ParseHostHeader(std::string_view value) {
  std::string_view host, rest;
  if (value.starts_with('[')) {
    size_t close = value.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = value.substr(1, close - 1);
    rest = value.substr(close + 1);
    if (host.find(':') == std::string_view::npos ||
        !std::all_of(host.begin(), host.end(), IsIpv6Char)) {
      return std::nullopt;
    }
  } else {
    size_t colon = value.find(':');
    host = value.substr(0, colon);
    rest = colon == std::string_view::npos ? std::string_view() : value.substr(colon);
    if (!std::all_of(host.begin(), host.end(), IsNameChar)) return std::nullopt;
  }
  if (host.empty() || host.size() > kMaxHostLength) return std::nullopt;
  if (!rest.empty() && !(rest[0] == ':' && IsPort(rest.substr(1)))) return std::nullopt;
  return HostHeader{.host = Lowercase(host), .authority = Lowercase(value)};
}

std::optional<HostHeader> RequestHost(const net::HttpRequest& request) {
  std::vector<std::string_view> hosts = HeaderValues(request, "Host");
  if (hosts.size() != 1) return std::nullopt;
  return ParseHostHeader(hosts.front());
}

}  // namespace portcullis::gateway::front
