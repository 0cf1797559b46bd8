#include "net/url.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <charconv>

namespace portcullis::net {

namespace urls = boost::urls;

std::string HttpUrl::Origin() const {
  std::string origin = tls ? "https://" : "http://";
  origin += host_is_ip && host.find(':') != std::string::npos ? "[" + host + "]" : host;
  origin += ':';
  origin += std::to_string(port);
  return origin;
}

std::optional<HttpUrl> ParseHttpUrl(std::string_view text, std::string* error) {
  auto parsed = urls::parse_uri(text);
  if (!parsed) {
    *error = "not an absolute URL: " + parsed.error().message();
    return std::nullopt;
  }
  const urls::url_view& url = *parsed;
  HttpUrl result;
  if (url.scheme_id() == urls::scheme::https) {
    result.tls = true;
  } else if (url.scheme_id() != urls::scheme::http) {
    *error = "the scheme is not http or https";
    return std::nullopt;
  }
  if (url.has_userinfo()) {
    *error = "user info in the URL is not supported";
    return std::nullopt;
  }
  switch (url.host_type()) {
    case urls::host_type::name:
      result.host = url.host_address();
      break;
    case urls::host_type::ipv4:
    case urls::host_type::ipv6:
      result.host = url.host_address();
      result.host_is_ip = true;
      break;
    default:
      break;
  }
  if (result.host.empty()) {
    *error = "the URL has no host";
    return std::nullopt;
  }
  // Boost.URL's port_number() wraps values over 65535, so the digits are read here.
  std::string_view port = url.port();
  result.port = result.tls ? 443 : 80;
  if (!port.empty()) {
    unsigned value = 0;
    auto [end, status] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (status != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
      *error = "the port is out of range";
      return std::nullopt;
    }
    result.port = static_cast<uint16_t>(value);
  }
  result.authority = url.encoded_host();
  if (!port.empty()) {
    result.authority += ':';
    result.authority += port;
  }
  std::string_view target = url.encoded_target();
  if (target.empty() || target.front() != '/') result.target = "/";
  result.target += target;
  return result;
}

}  // namespace portcullis::net
