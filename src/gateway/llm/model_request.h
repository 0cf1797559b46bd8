// The describe step of the LLM hop: from a parsed request body and its route, the resources to
// decide before anything goes upstream.
//
//   auto described = DescribeModelRequest(route, body, *config);
//   if (auto* error = std::get_if<LlmErrorResponse>(&described)) → answer it, no decision made
//   ModelRequest& request = std::get<ModelRequest>(described);
//   decider.Decide(principal, claims, request.resources, ...);   // one action per resource
//
// resources[0] is the model: kind `model`, id = the model's name as clients send it, action
// `invoke`, attr = the model's configured attr (with `provider`, the provider's name) plus
//   max_tokens  the largest of the request's max_tokens, max_completion_tokens and
//               max_output_tokens (the names Chat Completions, Anthropic and Responses use; all
//               three are read on every route so that no spelling an OpenAI-compatible upstream
//               honours escapes the cap); absent when none is set
//   tools       the request's tools, one string each: a function or custom tool's name
//               (Chat Completions: function.name), any other tool's type ("web_search_preview",
//               "code_interpreter", "mcp", Anthropic's "web_search_20250305"...); [] when none
//   stream      whether the answer is streamed
// Then one `mcp_server` resource per provider-side MCP server (provider_mcp.h), action `connect`.
//
// Refused before any decision, in the route's error shape (llm_error.h):
//   400  a body that is not an object; `model` missing, not a string or empty; a model served by
//        the other API (an Anthropic-kind provider on an OpenAI route or the reverse); `stream`
//        not a boolean; a max-tokens member that is not a non-negative integer; `tools` not an
//        array of objects, a function tool without a name, more than kMaxTools; Chat Completions
//        `stream_options` not an object; a malformed provider-side MCP server
//   404  a model the config does not list (code model_not_found)
//
// Thread-safety: reentrant. Lifetimes: a ModelRequest points into the GatewayConfig it was
// described with, which the caller keeps alive (its shared_ptr) until the request is done.
#pragma once

#include <cstddef>
#include <variant>
#include <vector>

#include <boost/json/value.hpp>

#include "gateway/config/gateway_config.h"
#include "gateway/llm/llm_error.h"
#include "gateway/llm/llm_route.h"
#include "pdp/decision.h"

namespace portcullis::gateway::llm {

// More tools than any provider accepts in one request (OpenAI: 128 functions): refused, which
// bounds the list policies iterate over.
inline constexpr size_t kMaxTools = 1024;

struct ModelRequest {
  LlmRoute route = LlmRoute::kChatCompletions;
  const ModelRouteConfig* model = nullptr;      // into the config
  const LlmProviderConfig* provider = nullptr;  // into the config
  bool stream = false;
  // The model first, then the provider-side MCP servers; exactly one action each.
  std::vector<pdp::DecisionResource> resources;
};

// Describes `body` (as ParseStrictJson returned it) received on `route`. Reads the value, never
// changes it.
std::variant<ModelRequest, LlmErrorResponse> DescribeModelRequest(LlmRoute route,
                                                                  const boost::json::value& body,
                                                                  const GatewayConfig& config);

}  // namespace portcullis::gateway::llm
