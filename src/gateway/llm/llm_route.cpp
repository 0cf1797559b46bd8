#include "gateway/llm/llm_route.h"

#include <cstddef>
#include <iterator>

namespace portcullis::gateway::llm {
namespace {

struct RouteFacts {
  LlmRoute route;
  std::string_view path;
  std::string_view upstream_suffix;
  LlmProviderKind api;
};

// Indexed by LlmRoute.
constexpr RouteFacts kRoutes[] = {
    {LlmRoute::kChatCompletions, "/v1/chat/completions", "/chat/completions",
     LlmProviderKind::kOpenAi},
    {LlmRoute::kResponses, "/v1/responses", "/responses", LlmProviderKind::kOpenAi},
    {LlmRoute::kMessages, "/v1/messages", "/v1/messages", LlmProviderKind::kAnthropic},
};

constexpr bool IndexedByRoute() {
  for (size_t i = 0; i < std::size(kRoutes); ++i) {
    if (static_cast<size_t>(kRoutes[i].route) != i) return false;
  }
  return true;
}
static_assert(IndexedByRoute());

const RouteFacts& Facts(LlmRoute route) {
  return kRoutes[static_cast<size_t>(route)];
}

}  // namespace

std::optional<LlmRoute> LlmRouteForPath(std::string_view path) {
  for (const RouteFacts& facts : kRoutes) {
    if (facts.path == path) return facts.route;
  }
  return std::nullopt;
}

std::string_view LlmRoutePath(LlmRoute route) {
  return Facts(route).path;
}

LlmProviderKind LlmRouteApi(LlmRoute route) {
  return Facts(route).api;
}

std::string_view LlmRouteUpstreamSuffix(LlmRoute route) {
  return Facts(route).upstream_suffix;
}

}  // namespace portcullis::gateway::llm
