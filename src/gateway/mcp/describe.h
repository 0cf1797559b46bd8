// The describe step of the MCP hop: the resource each MCP request is decided on, as the
// quickstart's policies (examples/quickstart/policies) and the README's resource model read it.
//
//   hop                          kind          id                   action             R.attr
//   initialize (per server)      mcp_server    <server>             connect            server attr
//   tools/call                   mcp_tool      <server>:<tool>      <server>:<tool>    server attr
//                                                                                      +
//                                                                                      annotations
//                                                                                      + args
//   prompts/get                  mcp_prompt    <server>:<prompt>    <server>:<prompt>  server attr
//                                                                                      + args
//   resources/read (subscribe)   mcp_resource  <server>:<uri>       <server>:read      server attr
//                                                                                      + uri
//
// <server> is the configured server name and <tool>/<prompt> the name as the server knows it
// (never the prefixed name the client sees), so rules can say `payments:*`. Server attr is the
// server's `attr` from the config; the gateway's members (annotations, `args`, `uri`) are set
// after it and win over a configured attribute of the same name. `args` is the request's
// `arguments` object verbatim ({} when the request has none).
//
// Listing (tools/list, prompts/list, resources/templates/list) decides the same resource without
// what is not known yet: no `args` (plan with R.attr.args unknown), no `uri` for a template (plan
// with R.attr.uri unknown). DescribeForListing gives the resource and its unknown attribute.
//
// Thread-safety: reentrant. Results own their data (nothing points into the arguments).
#pragma once

#include <string_view>

#include <boost/json/object.hpp>

#include "gateway/config/gateway_config.h"
#include "gateway/mcp/list_kind.h"
#include "pdp/decision.h"

namespace portcullis::gateway::mcp {

// The attribute a listing plans with as unknown.
inline constexpr std::string_view kUnknownArgs = "R.attr.args";
inline constexpr std::string_view kUnknownUri = "R.attr.uri";

pdp::DecisionResource DescribeServerConnect(const McpServerConfig& server);

// `annotations`: FlattenToolAnnotations of the listed tool, or DefaultToolAnnotations() for a
// tool never listed (see SessionCatalog::LookupTool).
pdp::DecisionResource DescribeToolCall(const McpServerConfig& server, std::string_view tool,
                                       const boost::json::object& annotations,
                                       const boost::json::object& arguments);

pdp::DecisionResource DescribePromptGet(const McpServerConfig& server, std::string_view prompt,
                                        const boost::json::object& arguments);

pdp::DecisionResource DescribeResourceRead(const McpServerConfig& server, std::string_view uri);

struct ListingCheck {
  pdp::DecisionResource resource;
  std::string_view unknown_attribute;  // empty: nothing unknown (a listed resource's URI is known)
};

// The check deciding whether `item`, an item of `kind` the server listed, is shown: the resource
// as its call would be described, less what only a call knows. REQUIRES: the item's key member
// (ListKeyMember) is a string, as ListMerge guarantees for its entries.
ListingCheck DescribeForListing(ListKind kind, const McpServerConfig& server,
                                const boost::json::object& item);

}  // namespace portcullis::gateway::mcp
