// Shared fixtures of the LLM hop's tests: a gateway config with an OpenAI and an Anthropic
// provider, and helpers to parse request bodies strictly and read error answers.
#pragma once

#include <gtest/gtest.h>

#include <string_view>
#include <variant>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "gateway/config/gateway_config.h"
#include "gateway/llm/llm_error.h"
#include "gateway/llm/model_request.h"
#include "gateway/strict_json.h"

namespace portcullis::gateway::llm::testing {

inline constexpr std::string_view kOpenAiKey = "sk-provider-openai-key";
inline constexpr std::string_view kAnthropicKey = "sk-ant-provider-key";

// Providers: "openai" (OpenAI kind, with a key and an organization header) and "anthropic".
// Models: gpt-4o-mini (small, upstream gpt-4o-mini-2024-07-18), o3 (frontier), on openai;
// claude-sonnet-4-5 (standard) on anthropic.
inline GatewayConfig TestConfig() {
  auto provider = [](std::string name, LlmProviderKind kind, std::string base_url,
                     std::string key_env, std::string_view key) {
    LlmProviderConfig config;
    config.name = std::move(name);
    config.kind = kind;
    config.base_url = std::move(base_url);
    config.api_key_env = std::move(key_env);
    config.api_key = key;
    return config;
  };
  GatewayConfig config;
  config.llm.providers = {
      provider("openai", LlmProviderKind::kOpenAi, "https://api.openai.com/v1", "OPENAI_API_KEY",
               kOpenAiKey),
      provider("anthropic", LlmProviderKind::kAnthropic, "https://api.anthropic.com",
               "ANTHROPIC_API_KEY", kAnthropicKey)};
  config.llm.providers[0].headers = {{"OpenAI-Organization", "org-123"}};
  config.llm.providers[0].timeout = std::chrono::seconds(90);

  auto model = [](std::string name, std::string upstream, size_t provider_index,
                  std::string provider, std::string_view tier) {
    ModelRouteConfig route;
    route.name = std::move(name);
    route.upstream_model = std::move(upstream);
    route.provider_index = provider_index;
    route.provider = provider;
    route.attr["tier"] = tier;
    route.attr["provider"] = provider;
    return route;
  };
  config.llm.models = {model("gpt-4o-mini", "gpt-4o-mini-2024-07-18", 0, "openai", "small"),
                       model("o3", "o3", 0, "openai", "frontier"),
                       model("claude-sonnet-4-5", "claude-sonnet-4-5", 1, "anthropic", "standard")};
  return config;
}

// `body` as the gateway reads it (ParseStrictJson with the default limits).
inline boost::json::value ParseBody(std::string_view body) {
  auto parsed = ParseStrictJson(body, JsonLimits{});
  if (auto* error = std::get_if<JsonError>(&parsed)) {
    ADD_FAILURE() << "refused: " << error->message;
    return nullptr;
  }
  return std::get<boost::json::value>(std::move(parsed));
}

// The alternative T of what DescribeModelRequest answered, or a test failure.
template <typename T>
T Expect(std::variant<ModelRequest, LlmErrorResponse> described) {
  if (T* wanted = std::get_if<T>(&described)) return std::move(*wanted);
  if (auto* error = std::get_if<LlmErrorResponse>(&described)) {
    ADD_FAILURE() << "refused with " << error->status << ": " << error->body;
  } else {
    ADD_FAILURE() << "described, not refused";
  }
  return {};
}

inline ModelRequest Describe(LlmRoute route, const boost::json::value& body,
                             const GatewayConfig& config) {
  return Expect<ModelRequest>(DescribeModelRequest(route, body, config));
}

inline LlmErrorResponse Refusal(LlmRoute route, const boost::json::value& body,
                                const GatewayConfig& config) {
  return Expect<LlmErrorResponse>(DescribeModelRequest(route, body, config));
}

// The error object of an answer in either API's shape.
inline boost::json::object ErrorObject(const LlmErrorResponse& response) {
  boost::json::value body = boost::json::parse(response.body);
  return body.at("error").as_object();
}

}  // namespace portcullis::gateway::llm::testing
