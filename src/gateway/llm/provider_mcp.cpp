#include "gateway/llm/provider_mcp.h"

#include <optional>
#include <string>

namespace portcullis::gateway::llm {
namespace {

namespace json = boost::json;

pdp::DecisionResource ServerResource(std::string_view name) {
  pdp::DecisionResource resource;
  resource.kind = "mcp_server";
  resource.id = std::string(name);
  resource.attr["via"] = "provider";
  resource.actions = {"connect"};
  return resource;
}

// The member `key` of tools[index] / mcp_servers[index] when it is a string (or, unless
// `required`, absent); `error` is set otherwise.
const json::value* StringMember(const json::object& entry, std::string_view array, size_t index,
                                std::string_view key, bool required,
                                std::optional<FieldError>& error) {
  const json::value* value = FindMember(entry, key);
  if (value == nullptr ? required : !value->is_string()) {
    error = WrongMember(ElementPath(array, index, key), "a string");
  }
  return error ? nullptr : value;
}

// tools[i] of type "mcp" (OpenAI Responses).
std::optional<FieldError> AddOpenAiServer(const json::object& tool, size_t index,
                                          std::vector<pdp::DecisionResource>& servers) {
  const json::value* label = FindMember(tool, "server_label");
  if (label == nullptr || !NonEmptyString(*label)) {
    return WrongMember(ElementPath("tools", index, "server_label"), "a non-empty string");
  }
  std::optional<FieldError> error;
  const json::value* url = StringMember(tool, "tools", index, "server_url", false, error);
  const json::value* connector = StringMember(tool, "tools", index, "connector_id", false, error);
  if (error) return error;
  if (url == nullptr && connector == nullptr) {
    std::string path = ElementPath("tools", index);
    return FieldError{path, path + " (an MCP tool) needs server_url or connector_id"};
  }
  pdp::DecisionResource server = ServerResource(label->get_string());
  if (url) server.attr["url"] = *url;
  if (connector) server.attr["connector_id"] = *connector;
  servers.push_back(std::move(server));
  return std::nullopt;
}

// mcp_servers[i] (Anthropic MCP connector).
std::optional<FieldError> AddAnthropicServer(const json::value& entry, size_t index,
                                             std::vector<pdp::DecisionResource>& servers) {
  if (!entry.is_object()) return WrongMember(ElementPath("mcp_servers", index), "an object");
  const json::object& object = entry.get_object();
  const json::value* name = FindMember(object, "name");
  if (name == nullptr || !NonEmptyString(*name)) {
    return WrongMember(ElementPath("mcp_servers", index, "name"), "a non-empty string");
  }
  std::optional<FieldError> error;
  const json::value* url = StringMember(object, "mcp_servers", index, "url", true, error);
  if (error) return error;
  pdp::DecisionResource server = ServerResource(name->get_string());
  server.attr["url"] = *url;
  servers.push_back(std::move(server));
  return std::nullopt;
}

std::optional<FieldError> CheckCount(const std::vector<pdp::DecisionResource>& servers,
                                     std::string_view member) {
  if (servers.size() <= kMaxProviderMcpServers) return std::nullopt;
  return FieldError{std::string(member), "at most " + std::to_string(kMaxProviderMcpServers) +
                                             " MCP servers may be named in one request"};
}

}  // namespace

std::variant<std::vector<pdp::DecisionResource>, FieldError> ProviderMcpServers(
    const json::object& body) {
  std::vector<pdp::DecisionResource> servers;
  if (const json::value* tools = FindMember(body, "tools"); tools && tools->is_array()) {
    const json::array& entries = tools->get_array();
    for (size_t i = 0; i < entries.size(); ++i) {
      const json::object* tool = entries[i].if_object();
      const json::value* type = tool ? tool->if_contains("type") : nullptr;
      if (type == nullptr || !type->is_string() || type->get_string() != "mcp") continue;
      if (auto error = AddOpenAiServer(*tool, i, servers)) return *std::move(error);
      if (auto error = CheckCount(servers, "tools")) return *std::move(error);
    }
  }
  if (const json::value* entries = FindMember(body, "mcp_servers")) {
    if (!entries->is_array()) return WrongMember("mcp_servers", "an array");
    for (size_t i = 0; i < entries->get_array().size(); ++i) {
      if (auto error = AddAnthropicServer(entries->get_array()[i], i, servers)) {
        return *std::move(error);
      }
      if (auto error = CheckCount(servers, "mcp_servers")) return *std::move(error);
    }
  }
  return servers;
}

}  // namespace portcullis::gateway::llm
