// A tool's MCP annotations (ToolAnnotations, 2025-06-18 / 2025-11-25) as the attributes the
// policies read in R.attr of an `mcp_tool`: `title` and the four hints, flattened (no
// `annotations` level).
//
// Every hint is always present: when the server does not give one (or gives it with the wrong
// type), the value MCP defines for a missing hint is used, which is also the most cautious one:
// readOnlyHint false, destructiveHint true, idempotentHint false, openWorldHint true. A tool the
// gateway never saw listed gets exactly these. So `R.attr.destructiveHint` never needs a has()
// and an unannotated tool is never taken for a read-only one. `title` is present only when the
// annotations give a string.
//
// Annotations are hints from the upstream server: MCP tells clients not to trust them unless the
// server is trusted. A policy that grants on readOnlyHint trusts the server's word (the config
// names which servers an endpoint combines).
//
// Thread-safety: reentrant.
#pragma once

#include <array>
#include <string_view>

#include <boost/json/object.hpp>

namespace portcullis::gateway::mcp {

// The attribute names FlattenToolAnnotations may set (the config reserves them in server attr).
inline constexpr std::array<std::string_view, 5> kToolAnnotationNames = {
    "title", "readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"};

// The attributes for `tool`, an item of a tools/list result (its `annotations` member is read;
// anything else about it is ignored).
boost::json::object FlattenToolAnnotations(const boost::json::object& tool);

// The attributes of a tool without annotations: the four hints at their defaults.
boost::json::object DefaultToolAnnotations();

}  // namespace portcullis::gateway::mcp
