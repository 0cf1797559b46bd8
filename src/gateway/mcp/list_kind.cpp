#include "gateway/mcp/list_kind.h"

#include <array>

namespace portcullis::gateway::mcp {
namespace {

struct ListKindNames {
  ListKind kind;
  std::string_view method;
  std::string_view member;
  std::string_view key;
};

constexpr std::array<ListKindNames, 4> kNames = {{
    {ListKind::kTools, "tools/list", "tools", "name"},
    {ListKind::kPrompts, "prompts/list", "prompts", "name"},
    {ListKind::kResources, "resources/list", "resources", "uri"},
    {ListKind::kResourceTemplates, "resources/templates/list", "resourceTemplates", "uriTemplate"},
}};

const ListKindNames& NamesOf(ListKind kind) {
  return kNames[static_cast<size_t>(kind)];
}

}  // namespace

std::string_view ListMethod(ListKind kind) {
  return NamesOf(kind).method;
}

std::optional<ListKind> ListKindOfMethod(std::string_view method) {
  for (const ListKindNames& names : kNames) {
    if (names.method == method) return names.kind;
  }
  return std::nullopt;
}

std::string_view ListMember(ListKind kind) {
  return NamesOf(kind).member;
}

std::string_view ListKeyMember(ListKind kind) {
  return NamesOf(kind).key;
}

}  // namespace portcullis::gateway::mcp
