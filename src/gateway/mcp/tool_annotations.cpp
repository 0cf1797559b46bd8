#include "gateway/mcp/tool_annotations.h"

namespace portcullis::gateway::mcp {
namespace {

namespace json = boost::json;

struct Hint {
  std::string_view name;
  bool missing_means;  // MCP's default
};

constexpr std::array<Hint, 4> kHints = {{
    {"readOnlyHint", false},
    {"destructiveHint", true},
    {"idempotentHint", false},
    {"openWorldHint", true},
}};

}  // namespace

json::object FlattenToolAnnotations(const json::object& tool) {
  const json::value* annotations_value = tool.if_contains("annotations");
  const json::object* annotations =
      annotations_value != nullptr ? annotations_value->if_object() : nullptr;
  json::object attr;
  if (annotations != nullptr) {
    const json::value* title = annotations->if_contains("title");
    if (title != nullptr && title->is_string()) attr["title"] = *title;
  }
  for (const Hint& hint : kHints) {
    const json::value* given =
        annotations != nullptr ? annotations->if_contains(hint.name) : nullptr;
    attr[hint.name] = given != nullptr && given->is_bool() ? given->get_bool() : hint.missing_means;
  }
  return attr;
}

json::object DefaultToolAnnotations() {
  return FlattenToolAnnotations(json::object());
}

}  // namespace portcullis::gateway::mcp
