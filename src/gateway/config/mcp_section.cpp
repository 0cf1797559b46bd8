// `mcp:` — upstream MCP servers and the gateway endpoints that combine them.
#include <algorithm>

#include "gateway/config/sections.h"

namespace portcullis::gateway {
namespace {

using std::chrono::milliseconds;

// MCP tool names are at most 128 characters (2025-11-25).
constexpr size_t kMaxToolNameLength = 128;

std::optional<UpstreamHeaderAuth> ReadAuth(ConfigReader& reader, const YamlSlot& slot,
                                           const FieldPath& path) {
  size_t errors_before = reader.error_count();
  std::optional<FieldSlots> fields =
      reader.Fields(slot, path, {"header", "value_env", "value_prefix"});
  if (!fields) return std::nullopt;
  UpstreamHeaderAuth auth;
  if (const YamlSlot* value = reader.Required(*fields, slot, path, "header")) {
    if (auto name = reader.HeaderName(*value, path.Field("header"))) auth.header = *name;
  }
  if (const YamlSlot* value = FindField(*fields, "value_prefix")) {
    if (auto prefix = reader.String(*value, path.Field("value_prefix"))) {
      auth.value_prefix = *prefix;
    }
  }
  if (const YamlSlot* value = reader.Required(*fields, slot, path, "value_env")) {
    FieldPath at = path.Field("value_env");
    if (auto name = reader.EnvName(*value, at)) {
      if (auto secret = reader.EnvValue(*name, *value, at))
        auth.value = auth.value_prefix + *secret;
      auth.value_env = std::move(*name);
    }
  }
  if (reader.error_count() != errors_before) return std::nullopt;
  return auth;
}

std::optional<McpServerConfig> ReadServer(ConfigReader& reader, const YamlSlot& slot,
                                          const FieldPath& path) {
  size_t errors_before = reader.error_count();
  std::optional<FieldSlots> fields =
      reader.Fields(slot, path, {"name", "url", "attr", "timeout", "auth"});
  if (!fields) return std::nullopt;
  McpServerConfig server;
  if (const YamlSlot* value = reader.Required(*fields, slot, path, "name")) {
    if (auto name = reader.Name(*value, path.Field("name"))) server.name = std::move(*name);
  }
  if (const YamlSlot* value = reader.Required(*fields, slot, path, "url")) {
    if (auto url = reader.HttpUrl(*value, path.Field("url"))) server.url = std::move(*url);
  }
  if (const YamlSlot* value = FindField(*fields, "attr")) {
    // Tools' annotations and arguments join the server's attributes in R.attr of an mcp_tool.
    if (auto attr = reader.Attributes(*value, path.Field("attr"),
                                      {"args", "title", "readOnlyHint", "destructiveHint",
                                       "idempotentHint", "openWorldHint"})) {
      server.attr = std::move(*attr);
    }
  }
  if (const YamlSlot* value = FindField(*fields, "timeout")) {
    if (auto timeout = reader.Duration(*value, path.Field("timeout"), milliseconds(100),
                                       std::chrono::hours(1))) {
      server.timeout = *timeout;
    }
  }
  if (const YamlSlot* value = FindField(*fields, "auth")) {
    server.auth = ReadAuth(reader, *value, path.Field("auth"));
  }
  if (reader.error_count() != errors_before) return std::nullopt;
  return server;
}

std::optional<NamePrefixing> Prefixing(std::string_view text) {
  if (text == "auto") return NamePrefixing::kAuto;
  if (text == "always") return NamePrefixing::kAlways;
  if (text == "never") return NamePrefixing::kNever;
  return std::nullopt;
}

bool IsToolNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

bool IsPathChar(char c) {
  return IsToolNameChar(c) || c == '/' || c == '~';
}

// Paths the gateway serves itself: an endpoint may not take them.
constexpr std::string_view kReservedPrefixes[] = {"/v1/", "/.well-known/"};
constexpr std::string_view kReservedPaths[] = {"/v1", "/metrics", "/healthz", "/readyz"};

std::optional<std::string> EndpointPathProblem(std::string_view path) {
  if (path.empty() || path.front() != '/') return "must start with '/'";
  if (!std::all_of(path.begin(), path.end(), IsPathChar)) {
    return "may hold only letters, digits and - . _ ~ /";
  }
  if (path.find("//") != std::string_view::npos || (path.size() > 1 && path.back() == '/')) {
    return "has an empty segment";
  }
  for (std::string_view reserved : kReservedPaths) {
    if (path == reserved) return "is a path the gateway serves itself";
  }
  for (std::string_view reserved : kReservedPrefixes) {
    if (path.substr(0, reserved.size()) == reserved) return "is a path the gateway serves itself";
  }
  return std::nullopt;
}

std::optional<McpEndpointConfig> ReadEndpoint(ConfigReader& reader, const YamlSlot& slot,
                                              const FieldPath& path,
                                              const std::vector<McpServerConfig>& servers,
                                              bool servers_ok) {
  size_t errors_before = reader.error_count();
  std::optional<FieldSlots> fields =
      reader.Fields(slot, path, {"path", "servers", "prefix_names", "separator"});
  if (!fields) return std::nullopt;
  McpEndpointConfig endpoint;
  if (const YamlSlot* value = reader.Required(*fields, slot, path, "path")) {
    FieldPath at = path.Field("path");
    if (auto text = reader.NonEmptyString(*value, at)) {
      if (auto problem = EndpointPathProblem(*text)) {
        reader.Report(*value, at, "\"" + *text + "\" " + *problem);
      } else {
        endpoint.path = std::move(*text);
      }
    }
  }
  FieldPath servers_path = path.Field("servers");
  std::vector<ConfigReader::StringItem> server_items;
  if (const YamlSlot* value = reader.Required(*fields, slot, path, "servers")) {
    if (auto items = reader.StringItems(*value, servers_path)) {
      if (items->empty()) reader.Report(*value, servers_path, "must list at least one server");
      server_items = std::move(*items);
    }
  }
  for (const ConfigReader::StringItem& item : server_items) {
    auto it = std::find_if(servers.begin(), servers.end(),
                           [&](const McpServerConfig& server) { return server.name == item.text; });
    if (it != servers.end()) {
      endpoint.servers.push_back(item.text);
      endpoint.server_indexes.push_back(static_cast<size_t>(it - servers.begin()));
    } else if (servers_ok) {
      std::vector<std::string> known;
      for (const McpServerConfig& server : servers) known.push_back(server.name);
      reader.Report(item.slot, item.path,
                    "unknown MCP server \"" + item.text + "\"" + KnownNames(known));
    }
  }
  if (const YamlSlot* value = FindField(*fields, "prefix_names")) {
    FieldPath at = path.Field("prefix_names");
    if (auto text = reader.NonEmptyString(*value, at)) {
      if (auto prefixing = Prefixing(*text)) {
        endpoint.prefix_names = *prefixing;
      } else {
        reader.Report(*value, at, "\"" + *text + "\" is not one of auto, always, never");
      }
    }
  }
  if (const YamlSlot* value = FindField(*fields, "separator")) {
    FieldPath at = path.Field("separator");
    if (auto separator = reader.NonEmptyString(*value, at)) {
      if (endpoint.prefix_names == NamePrefixing::kNever) {
        reader.Report(*value, at, "names are never prefixed here: remove the separator");
      } else if (separator->size() > 8 ||
                 !std::all_of(separator->begin(), separator->end(), IsToolNameChar)) {
        reader.Report(*value, at,
                      "a separator is 1 to 8 characters of A-Z a-z 0-9 _ . - (legal in MCP tool "
                      "names)");
      } else {
        endpoint.separator = std::move(*separator);
      }
    }
  }
  // The first separator of "<server><separator><name>" must end the server's name, and a name of
  // one character must still fit in a tool name. (Server names cannot break the default "__".)
  const YamlSlot* separator_slot = FindField(*fields, "separator");
  for (const std::string& server : endpoint.servers) {
    std::string prefix = server + endpoint.separator;
    if (prefix.find(endpoint.separator) != server.size()) {
      reader.Report(separator_slot != nullptr ? *separator_slot : slot, path.Field("separator"),
                    "server \"" + server + "\" and separator \"" + endpoint.separator +
                        "\" make prefixed names ambiguous: the server name must not contain "
                        "the separator nor end with its beginning");
    } else if (prefix.size() >= kMaxToolNameLength) {
      reader.Report(slot, path,
                    "server \"" + server +
                        "\" with its separator leaves no room in a tool name "
                        "of at most 128 characters");
    }
  }
  if (reader.error_count() != errors_before) return std::nullopt;
  return endpoint;
}

}  // namespace

std::optional<McpConfig> ReadMcp(ConfigReader& reader, const YamlSlot& slot,
                                 const FieldPath& path) {
  size_t errors_before = reader.error_count();
  std::optional<FieldSlots> fields = reader.Fields(slot, path, {"servers", "endpoints"});
  if (!fields) return std::nullopt;
  McpConfig mcp;
  // Servers first, whatever the order in the file: endpoints name them.
  if (const YamlSlot* servers = FindField(*fields, "servers")) {
    mcp.servers = reader.UniqueEntries<McpServerConfig>(
        *servers, path.Field("servers"), "MCP server",
        [&](const YamlSlot& item, const FieldPath& at) { return ReadServer(reader, item, at); },
        [](const McpServerConfig& server) { return server.name; });
  }
  bool servers_ok = reader.error_count() == errors_before;
  if (const YamlSlot* endpoints = FindField(*fields, "endpoints")) {
    mcp.endpoints = reader.UniqueEntries<McpEndpointConfig>(
        *endpoints, path.Field("endpoints"), "endpoint",
        [&](const YamlSlot& item, const FieldPath& at) {
          return ReadEndpoint(reader, item, at, mcp.servers, servers_ok);
        },
        [](const McpEndpointConfig& endpoint) { return endpoint.path; });
  }
  if (reader.error_count() != errors_before) return std::nullopt;
  return mcp;
}

}  // namespace portcullis::gateway
