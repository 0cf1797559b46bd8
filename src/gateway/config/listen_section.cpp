// `listen:` — the address, body limits, and the Host / Origin values accepted (DNS-rebinding
// protection, as MCP's Streamable HTTP transport requires).
#include <algorithm>
#include <cctype>
#include <charconv>

#include "gateway/config/sections.h"
#include "gateway/strict_json.h"
#include "net/url.h"

namespace portcullis::gateway {
namespace {

struct HostPort {
  std::string host;
  uint16_t port;
};

// "host:port" or "[v6]:port".
std::optional<HostPort> ParseAddress(std::string_view text) {
  std::string_view host;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return std::nullopt;
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) return std::nullopt;  // IPv6 needs brackets
  }
  uint16_t number = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (host.empty() || port.empty() || ec != std::errc() || end != port.data() + port.size()) {
    return std::nullopt;
  }
  return HostPort{std::string(host), number};
}

// A DNS name or an IP address (IPv6 has two colons or more); not a URL nor host:port.
bool IsHostName(std::string_view host) {
  return host.find_first_of("/@?# ") == std::string_view::npos &&
         std::count(host.begin(), host.end(), ':') != 1;
}

bool IsLoopback(std::string_view host) {
  return host == "localhost" || host == "::1" || host.substr(0, 4) == "127.";
}

// "scheme://host[:port]" as browsers send it in Origin (no path), lowercased.
std::optional<std::string> ParseOrigin(const std::string& text, std::string* error) {
  std::optional<net::HttpUrl> url = net::ParseHttpUrl(text, error);
  if (!url) return std::nullopt;
  if (url->target != "/" || text.back() == '/' || text.find('?') != std::string::npos) {
    *error = "an origin is scheme://host[:port], without a path";
    return std::nullopt;
  }
  return AsciiLowercase(text);
}

}  // namespace

std::optional<ListenConfig> ReadListen(ConfigReader& reader, const YamlSlot& slot,
                                       const FieldPath& path) {
  size_t errors_before = reader.error_count();
  std::optional<FieldSlots> fields = reader.Fields(
      slot, path,
      {"address", "max_body_bytes", "max_json_depth", "allowed_hosts", "allowed_origins"});
  if (!fields) return std::nullopt;
  ListenConfig listen;
  listen.max_body_bytes = JsonLimits{}.max_bytes;
  listen.max_json_depth = JsonLimits{}.max_depth;

  if (auto it = fields->find("address"); it != fields->end()) {
    FieldPath at = path.Field("address");
    if (std::optional<std::string> text = reader.NonEmptyString(it->second, at)) {
      if (std::optional<HostPort> address = ParseAddress(*text)) {
        listen.host = address->host;
        listen.port = address->port;
      } else {
        reader.Report(
            it->second, at,
            "expected host:port (e.g. 127.0.0.1:8080, [::1]:8080), got \"" + *text + "\"");
      }
    }
  }
  if (auto it = fields->find("max_body_bytes"); it != fields->end()) {
    if (auto bytes = reader.Integer(it->second, path.Field("max_body_bytes"), 1024, 1ull << 30)) {
      listen.max_body_bytes = *bytes;
    }
  }
  if (auto it = fields->find("max_json_depth"); it != fields->end()) {
    if (auto depth =
            reader.Integer(it->second, path.Field("max_json_depth"), 1, kMaxJsonDepthCeiling)) {
      listen.max_json_depth = *depth;
    }
  }

  auto hosts_slot = fields->find("allowed_hosts");
  if (hosts_slot != fields->end()) {
    FieldPath at = path.Field("allowed_hosts");
    if (auto hosts = reader.StringItems(hosts_slot->second, at)) {
      for (ConfigReader::StringItem& item : *hosts) {
        std::string host = AsciiLowercase(std::move(item.text));
        // Written as in a Host header or a URL: brackets around IPv6 are optional here.
        if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
          host = host.substr(1, host.size() - 2);
        }
        if (host == "*") {
          listen.any_host = true;
        } else if (!IsHostName(host)) {
          reader.Report(item.slot, item.path,
                        "\"" + host + "\" is not a host name (no port, scheme or path)");
        } else {
          listen.allowed_hosts.push_back(std::move(host));
        }
      }
      if (listen.any_host && hosts->size() > 1) {
        reader.Report(hosts_slot->second, at, "\"*\" allows any host: list nothing else with it");
      } else if (hosts->empty()) {
        reader.Report(hosts_slot->second, at, "must list at least one host (or \"*\")");
      }
    }
  } else if (IsLoopback(listen.host)) {
    listen.allowed_hosts = {"localhost", "127.0.0.1", "::1"};
  } else {
    auto address = fields->find("address");
    reader.Report(address != fields->end() ? address->second : slot, path.Field("address"),
                  "listening on a non-loopback address needs listen.allowed_hosts: the host "
                  "names clients use (or [\"*\"] to accept any Host header)");
  }

  if (auto origins_slot = fields->find("allowed_origins"); origins_slot != fields->end()) {
    FieldPath at = path.Field("allowed_origins");
    if (auto origins = reader.StringItems(origins_slot->second, at)) {
      for (const ConfigReader::StringItem& item : *origins) {
        std::string error;
        if (item.text == "*") {
          listen.any_origin = true;
        } else if (std::optional<std::string> origin = ParseOrigin(item.text, &error)) {
          listen.allowed_origins.push_back(std::move(*origin));
        } else {
          reader.Report(item.slot, item.path, "\"" + item.text + "\" is not an origin: " + error);
        }
      }
      if (listen.any_origin && origins->size() > 1) {
        reader.Report(origins_slot->second, at,
                      "\"*\" allows any origin: list nothing else with it");
      }
    }
  }
  if (reader.error_count() != errors_before) return std::nullopt;
  return listen;
}

}  // namespace portcullis::gateway
