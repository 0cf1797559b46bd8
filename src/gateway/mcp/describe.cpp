#include "gateway/mcp/describe.h"

#include <string>

#include "gateway/mcp/tool_annotations.h"

namespace portcullis::gateway::mcp {
namespace {

namespace json = boost::json;

std::string Qualified(std::string_view server, std::string_view name) {
  std::string qualified;
  qualified.reserve(server.size() + 1 + name.size());
  qualified.append(server).append(":").append(name);
  return qualified;
}

// A resource of `kind` with the server's attributes and `id`, decided for `action`.
pdp::DecisionResource ServerScoped(std::string_view kind, const McpServerConfig& server,
                                   std::string id, std::string action) {
  pdp::DecisionResource resource;
  resource.kind = std::string(kind);
  resource.id = std::move(id);
  resource.attr = server.attr;
  resource.actions.push_back(std::move(action));
  return resource;
}

// A tool or prompt: id and action both "<server>:<name>".
pdp::DecisionResource Named(std::string_view kind, const McpServerConfig& server,
                            std::string_view name) {
  std::string qualified = Qualified(server.name, name);
  return ServerScoped(kind, server, qualified, qualified);
}

pdp::DecisionResource Tool(const McpServerConfig& server, std::string_view tool,
                           const json::object& annotations) {
  pdp::DecisionResource resource = Named("mcp_tool", server, tool);
  for (const json::key_value_pair& annotation : annotations) {
    resource.attr[annotation.key()] = annotation.value();
  }
  return resource;
}

pdp::DecisionResource Resource(const McpServerConfig& server, std::string_view uri_or_template) {
  return ServerScoped("mcp_resource", server, Qualified(server.name, uri_or_template),
                      Qualified(server.name, "read"));
}

std::string_view KeyOf(ListKind kind, const json::object& item) {
  return item.at(ListKeyMember(kind)).get_string();
}

}  // namespace

pdp::DecisionResource DescribeServerConnect(const McpServerConfig& server) {
  return ServerScoped("mcp_server", server, server.name, "connect");
}

pdp::DecisionResource DescribeToolCall(const McpServerConfig& server, std::string_view tool,
                                       const json::object& annotations,
                                       const json::object& arguments) {
  pdp::DecisionResource resource = Tool(server, tool, annotations);
  resource.attr["args"] = arguments;
  return resource;
}

pdp::DecisionResource DescribePromptGet(const McpServerConfig& server, std::string_view prompt,
                                        const json::object& arguments) {
  pdp::DecisionResource resource = Named("mcp_prompt", server, prompt);
  resource.attr["args"] = arguments;
  return resource;
}

pdp::DecisionResource DescribeResourceRead(const McpServerConfig& server, std::string_view uri) {
  pdp::DecisionResource resource = Resource(server, uri);
  resource.attr["uri"] = uri;
  return resource;
}

ListingCheck DescribeForListing(ListKind kind, const McpServerConfig& server,
                                const json::object& item) {
  std::string_view key = KeyOf(kind, item);
  switch (kind) {
    case ListKind::kTools:
      return {Tool(server, key, FlattenToolAnnotations(item)), kUnknownArgs};
    case ListKind::kPrompts:
      return {Named("mcp_prompt", server, key), kUnknownArgs};
    case ListKind::kResources:
      return {DescribeResourceRead(server, key), {}};
    case ListKind::kResourceTemplates:
      return {Resource(server, key), kUnknownUri};
  }
  return {};
}

}  // namespace portcullis::gateway::mcp
