// Provider-side MCP: members of an LLM request that make the provider itself connect to an MCP
// server, out of the gateway's MCP hop. Each is described as MCP server access, so the caller
// refuses the request unless every one is allowed:
//
//   OpenAI Responses   tools[] entries {"type": "mcp", "server_label", "server_url" |
//   "connector_id"} Anthropic Messages mcp_servers[] entries {"type": "url", "name", "url"}   (MCP
//   connector beta)
//
// Each becomes a DecisionResource of kind `mcp_server`, id = the label or name, action `connect`,
// attr {"via": "provider", "url": <the URL>} (plus "connector_id" for OpenAI's connectors).
// The label is the agent's choice, so the attributes of a configured server of the same name are
// NOT added: a policy that allows a configured server by its category does not thereby allow a
// look-alike the agent labelled with its name. Policies allow provider-side servers by
// R.attr.via and R.attr.url.
//
// Both members are read whatever the route: an OpenAI-compatible upstream may accept either.
//
// Thread-safety: reentrant.
#pragma once

#include <cstddef>
#include <variant>
#include <vector>

#include <boost/json/object.hpp>

#include "gateway/llm/body_fields.h"
#include "pdp/decision.h"

namespace portcullis::gateway::llm {

// More provider-side servers in one request than any real use needs: refused, which also bounds
// the size of the decision batch an agent can cause.
inline constexpr size_t kMaxProviderMcpServers = 64;

// The provider-side MCP servers `body` names, in body order (tools[] first, then mcp_servers[]),
// or the problem with a malformed entry: a missing or empty label/name, a URL that is not a
// string, an OpenAI entry with neither server_url nor connector_id, more than
// kMaxProviderMcpServers, `mcp_servers` not an array of objects. A non-array `tools` is left to
// the caller (DescribeModelRequest refuses it).
std::variant<std::vector<pdp::DecisionResource>, FieldError> ProviderMcpServers(
    const boost::json::object& body);

}  // namespace portcullis::gateway::llm
