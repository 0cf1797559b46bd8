#include "gateway/llm/upstream_request.h"

#include <algorithm>
#include <vector>

#include <boost/json/object.hpp>

#include "gateway/llm/ascii_case.h"
#include "gateway/strict_json.h"

namespace portcullis::gateway::llm {
namespace {

namespace json = boost::json;

// The client's end-to-end headers that are the provider's business and carry no credential.
bool PassedFromClient(std::string_view name, LlmProviderKind kind) {
  for (std::string_view passed :
       {"accept", "user-agent", "idempotency-key", "traceparent", "tracestate"}) {
    if (EqualsIgnoringCase(name, passed)) return true;
  }
  if (StartsWithIgnoringCase(name, "x-stainless-")) return true;
  return EqualsIgnoringCase(name,
                            kind == LlmProviderKind::kOpenAi ? "openai-beta" : "anthropic-beta");
}

// The field names the client's Connection headers list: hop-by-hop by declaration.
std::vector<std::string> ConnectionOptions(const net::HttpHeaders& headers) {
  std::vector<std::string> options;
  for (const auto& [name, value] : headers) {
    if (!EqualsIgnoringCase(name, "connection")) continue;
    std::string option;
    for (char c : value + ",") {
      if (c == ',') {
        if (!option.empty()) options.push_back(std::move(option));
        option.clear();
      } else if (c != ' ' && c != '\t') {
        option += c;
      }
    }
  }
  return options;
}

// Sets stream_options.include_usage; true when the client had not asked for it.
bool RequestUsageChunk(json::object& body) {
  json::value& options = body["stream_options"];
  // Absent or null: DescribeModelRequest refused any other non-object.
  if (!options.is_object()) options.emplace_object();
  json::value& include_usage = options.get_object()["include_usage"];
  bool asked = include_usage.is_bool() && include_usage.get_bool();
  include_usage = true;
  return !asked;
}

}  // namespace

UpstreamLlmRequest BuildUpstreamRequest(const ModelRequest& request, json::value& body,
                                        const net::HttpHeaders& client_headers) {
  const LlmProviderConfig& provider = *request.provider;
  UpstreamLlmRequest upstream;
  upstream.url = provider.base_url + std::string(LlmRouteUpstreamSuffix(request.route));
  upstream.timeout = provider.timeout;

  json::object& object = body.as_object();
  object["model"] = request.model->upstream_model;
  if (request.route == LlmRoute::kChatCompletions && request.stream) {
    upstream.usage_chunk_added = RequestUsageChunk(object);
  }
  upstream.body = SerializeForUpstream(body);

  net::HttpHeaders& headers = upstream.headers;
  // Whether one of the first `count` headers is named `name`.
  auto named = [&headers](std::string_view name, size_t count) {
    return std::any_of(headers.begin(), headers.begin() + count,
                       [&](const auto& header) { return EqualsIgnoringCase(header.first, name); });
  };
  headers.emplace_back("Content-Type", "application/json");
  headers.emplace_back("Accept-Encoding", "identity");
  if (!provider.api_key.empty()) {
    if (provider.kind == LlmProviderKind::kOpenAi) {
      headers.emplace_back("Authorization", "Bearer " + provider.api_key);
    } else {
      headers.emplace_back("x-api-key", provider.api_key);
    }
  }
  // The config's static headers cannot replace the lines above (the config refuses credential
  // names); a configured anthropic-version wins over the client's.
  for (const auto& [name, value] : provider.headers) {
    if (!named(name, headers.size())) headers.emplace_back(name, value);
  }
  if (provider.kind == LlmProviderKind::kAnthropic && !named("anthropic-version", headers.size())) {
    std::optional<std::string_view> version = net::FindHeader(client_headers, "anthropic-version");
    headers.emplace_back("anthropic-version",
                         std::string(version.value_or(kDefaultAnthropicVersion)));
  }

  std::vector<std::string> hop_by_hop = ConnectionOptions(client_headers);
  size_t set_by_gateway = headers.size();
  for (const auto& [name, value] : client_headers) {
    bool declared_hop_by_hop =
        std::any_of(hop_by_hop.begin(), hop_by_hop.end(),
                    [&](const std::string& option) { return EqualsIgnoringCase(name, option); });
    if (PassedFromClient(name, provider.kind) && !declared_hop_by_hop &&
        !named(name, set_by_gateway)) {
      headers.emplace_back(name, value);
    }
  }
  return upstream;
}

}  // namespace portcullis::gateway::llm
