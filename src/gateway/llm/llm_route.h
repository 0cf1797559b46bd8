// The LLM API routes the gateway serves and what each implies: which provider API shape it
// speaks (OpenAI or Anthropic), the shape of its error bodies, and the path it goes to upstream.
//
//   POST /v1/chat/completions   OpenAI Chat Completions
//   POST /v1/responses          OpenAI Responses
//   POST /v1/messages           Anthropic Messages
//
// Thread-safety: plain functions of their arguments, reentrant.
#pragma once

#include <optional>
#include <string_view>

#include "gateway/config/gateway_config.h"

namespace portcullis::gateway::llm {

enum class LlmRoute { kChatCompletions, kResponses, kMessages };

// The route a request path (without its query) names, nullopt for any other path. Exact match:
// no trailing slash, case-sensitive, as the providers' APIs are.
std::optional<LlmRoute> LlmRouteForPath(std::string_view path);

// The client-facing path, e.g. "/v1/chat/completions".
std::string_view LlmRoutePath(LlmRoute route);

// The API a route speaks, which is also the kind of provider that can serve it: the gateway
// relays requests unchanged in shape, it does not translate between the two APIs.
LlmProviderKind LlmRouteApi(LlmRoute route);

// What to append to a provider's base_url for this route. OpenAI's base URL includes /v1
// ("https://api.openai.com/v1" + "/chat/completions"), Anthropic's does not
// ("https://api.anthropic.com" + "/v1/messages"); see LlmProviderConfig::base_url.
std::string_view LlmRouteUpstreamSuffix(LlmRoute route);

}  // namespace portcullis::gateway::llm
