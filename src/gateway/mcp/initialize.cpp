#include "gateway/mcp/initialize.h"

#include <algorithm>

#include "gateway/mcp/message_text.h"

namespace portcullis::gateway::mcp {
namespace {

namespace json = boost::json;

// The client capabilities the gateway relays between client and upstream servers.
constexpr std::array<std::string_view, 3> kRelayedClientCapabilities = {"roots", "sampling",
                                                                        "elicitation"};
// Server capabilities offered when one joined server offers them, with their boolean flags.
struct MergedCapability {
  std::string_view name;
  std::array<std::string_view, 2> flags;  // empty when unused
};
constexpr std::array<MergedCapability, 5> kMergedCapabilities = {{
    {"tools", {"listChanged", ""}},
    {"prompts", {"listChanged", ""}},
    {"resources", {"subscribe", "listChanged"}},
    {"logging", {"", ""}},
    {"completions", {"", ""}},
}};

JsonRpcError InvalidParams(std::string message, const json::value& id) {
  return JsonRpcError{kJsonRpcInvalidParams, std::move(message), id, std::nullopt};
}

const json::object* ObjectMember(const json::object& object, std::string_view name) {
  const json::value* value = object.if_contains(name);
  return value != nullptr ? value->if_object() : nullptr;
}

// The joined server `upstream` answered as, or why it is left out.
std::variant<JoinedServer, std::string> Join(const UpstreamInitialize& upstream) {
  if (const std::string* failure = std::get_if<std::string>(&upstream.answer)) return *failure;
  const json::object& result = std::get<json::object>(upstream.answer);
  const json::value* version = result.if_contains("protocolVersion");
  if (version == nullptr || !version->is_string()) return "its result has no protocolVersion";
  if (!IsSupportedProtocolVersion(version->get_string())) {
    return "it answered protocol version " + QuoteForMessage(version->get_string()) +
           ", which the gateway does not speak";
  }
  const json::object* capabilities = ObjectMember(result, "capabilities");
  if (capabilities == nullptr) return "its result has no capabilities object";
  if (ObjectMember(result, "serverInfo") == nullptr) return "its result has no serverInfo object";
  return JoinedServer{upstream.server, std::string(version->get_string()), *capabilities};
}

json::object MergeCapabilities(const std::vector<JoinedServer>& joined) {
  json::object merged;
  for (const MergedCapability& capability : kMergedCapabilities) {
    bool offered = false;
    json::object flags;
    for (std::string_view flag : capability.flags) {
      if (!flag.empty()) flags[flag] = false;
    }
    for (const JoinedServer& server : joined) {
      const json::object* own = ObjectMember(server.capabilities, capability.name);
      if (own == nullptr) continue;
      offered = true;
      for (std::string_view flag : capability.flags) {
        const json::value* value = flag.empty() ? nullptr : own->if_contains(flag);
        if (value != nullptr && value->is_bool() && value->get_bool()) flags[flag] = true;
      }
    }
    if (offered) merged[capability.name] = std::move(flags);
  }
  return merged;
}

std::string Instructions(const std::vector<JoinedServer>& joined,
                         std::span<const UpstreamInitialize> upstreams, const McpNames& names) {
  if (joined.empty()) return {};
  std::string server_list;
  for (const JoinedServer& server : joined) {
    server_list += (server_list.empty() ? "" : ", ") + server.server;
  }
  std::string text = "This MCP endpoint is a gateway to the servers " + server_list + ".";
  if (names.prefixed()) {
    const std::string& first = joined.front().server;
    text += " Tool and prompt names start with their server's name and \"" + names.separator() +
            "\" (e.g. " + names.Present(first, "<name>") + ").";
  }
  for (const UpstreamInitialize& upstream : upstreams) {
    const json::object* result = std::get_if<json::object>(&upstream.answer);
    bool is_joined = std::any_of(joined.begin(), joined.end(), [&](const JoinedServer& server) {
      return server.server == upstream.server;
    });
    const json::value* own = result != nullptr ? result->if_contains("instructions") : nullptr;
    if (!is_joined || own == nullptr || !own->is_string() || own->get_string().empty()) continue;
    text += "\n\n## Instructions from the " + upstream.server + " server\n" +
            ShortenUtf8(own->get_string(), kMaxServerInstructionsBytes);
  }
  return text;
}

}  // namespace

bool IsSupportedProtocolVersion(std::string_view version) {
  return std::find(kSupportedProtocolVersions.begin(), kSupportedProtocolVersions.end(), version) !=
         kSupportedProtocolVersions.end();
}

std::string_view NegotiateProtocolVersion(std::string_view requested) {
  return IsSupportedProtocolVersion(requested) ? requested : kSupportedProtocolVersions.front();
}

std::variant<ClientInitialize, JsonRpcError> ReadInitializeParams(const json::object* params,
                                                                  const json::value& request_id) {
  constexpr std::string_view kShape =
      "initialize params are {protocolVersion: string, capabilities: object, clientInfo: "
      "{name, version}}";
  if (params == nullptr) return InvalidParams(std::string(kShape), request_id);
  const json::value* version = params->if_contains("protocolVersion");
  const json::object* capabilities = ObjectMember(*params, "capabilities");
  const json::object* client_info = ObjectMember(*params, "clientInfo");
  if (version == nullptr || !version->is_string() || capabilities == nullptr ||
      client_info == nullptr) {
    return InvalidParams(std::string(kShape), request_id);
  }
  std::string requested(version->get_string());
  std::string negotiated(NegotiateProtocolVersion(requested));
  return ClientInitialize{std::move(requested), std::move(negotiated), *capabilities, *client_info};
}

json::object UpstreamInitializeParams(const ClientInitialize& client) {
  json::object capabilities;
  for (std::string_view name : kRelayedClientCapabilities) {
    if (const json::value* value = client.capabilities.if_contains(name)) {
      capabilities[name] = *value;
    }
  }
  return json::object{{"protocolVersion", client.protocol_version},
                      {"capabilities", std::move(capabilities)},
                      {"clientInfo", client.client_info}};
}

InitializeOutcome CombineInitialize(const ClientInitialize& client,
                                    std::span<const UpstreamInitialize> upstreams,
                                    const GatewayInfo& gateway, const McpNames& names) {
  InitializeOutcome outcome;
  for (const UpstreamInitialize& upstream : upstreams) {
    std::variant<JoinedServer, std::string> joined = Join(upstream);
    if (JoinedServer* server = std::get_if<JoinedServer>(&joined)) {
      outcome.joined.push_back(std::move(*server));
    } else {
      outcome.left_out.push_back({upstream.server, std::get<std::string>(std::move(joined))});
    }
  }
  json::object& result = outcome.result;
  result["protocolVersion"] = client.protocol_version;
  result["capabilities"] = MergeCapabilities(outcome.joined);
  result["serverInfo"] = json::object{{"name", gateway.name}, {"version", gateway.version}};
  std::string instructions = Instructions(outcome.joined, upstreams, names);
  if (!instructions.empty()) result["instructions"] = std::move(instructions);
  return outcome;
}

}  // namespace portcullis::gateway::mcp
