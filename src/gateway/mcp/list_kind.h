// The four MCP list methods the gateway answers by merging the lists of several upstream servers
// (tools/list, prompts/list, resources/list, resources/templates/list), and the members their
// results and items are read by (MCP 2025-06-18 / 2025-11-25 schema).
//
// Thread-safety: reentrant.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace portcullis::gateway::mcp {

enum class ListKind { kTools, kPrompts, kResources, kResourceTemplates };

// "tools/list", "prompts/list", "resources/list", "resources/templates/list".
std::string_view ListMethod(ListKind kind);

// The kind a list method asks for; nullopt for any other method.
std::optional<ListKind> ListKindOfMethod(std::string_view method);

// The result's array member: "tools", "prompts", "resources", "resourceTemplates".
std::string_view ListMember(ListKind kind);

// The member that identifies an item, unique within one server's list: "name" for tools and
// prompts, "uri" for resources, "uriTemplate" for resource templates.
std::string_view ListKeyMember(ListKind kind);

// An upstream server left out of an answer (initialize, a list page), and why, for the logs.
struct ServerFailure {
  std::string server;
  std::string reason;

  bool operator==(const ServerFailure&) const = default;
};

}  // namespace portcullis::gateway::mcp
