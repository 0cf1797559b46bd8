#include "gateway/llm/upstream_request.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include <boost/json/parse.hpp>

#include "llm_test_support.h"

namespace portcullis::gateway::llm {
namespace {

namespace json = boost::json;
using testing::Describe;
using testing::ParseBody;
using testing::TestConfig;

// The headers an agent's SDK sends, credentials and hop-by-hop headers included.
const net::HttpHeaders kAgentHeaders = {
    {"Host", "gateway.example:8080"},
    {"Authorization", "Bearer pk-demo-support-0001"},
    {"X-Api-Key", "pk-demo-support-0001"},
    {"Cookie", "session=agent-cookie"},
    {"Proxy-Authorization", "Basic YWdlbnQ6c2VjcmV0"},
    {"Content-Type", "application/json; charset=utf-8"},
    {"Content-Length", "123"},
    {"Transfer-Encoding", "chunked"},
    {"Connection", "keep-alive, X-Stainless-Retry-Count"},
    {"Keep-Alive", "timeout=5"},
    {"TE", "trailers"},
    {"Upgrade", "h2c"},
    {"Accept-Encoding", "gzip, br"},
    {"Accept", "application/json"},
    {"User-Agent", "OpenAI/JS 5.10.1"},
    {"X-Stainless-Lang", "js"},
    {"X-Stainless-Retry-Count", "0"},
    {"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
    {"OpenAI-Beta", "assistants=v2"},
    {"OpenAI-Organization", "org-of-the-agent"},
    {"anthropic-beta", "mcp-client-2025-04-04"},
    {"anthropic-version", "2023-01-01"},
    {"X-Forwarded-For", "10.0.0.1"},
    {"X-Custom", "anything"},
};

struct Built {
  ModelRequest request;
  UpstreamLlmRequest upstream;
  json::value sent;  // the upstream body, parsed back
};

Built Build(const GatewayConfig& config, LlmRoute route, std::string_view body_text,
            const net::HttpHeaders& client_headers = kAgentHeaders) {
  json::value body = ParseBody(body_text);
  Built built;
  built.request = Describe(route, body, config);
  if (built.request.provider == nullptr) return built;
  built.upstream = BuildUpstreamRequest(built.request, body, client_headers);
  built.sent = json::parse(built.upstream.body);
  EXPECT_EQ(built.sent, body) << "the bytes sent are the (rewritten) parsed value";
  return built;
}

std::vector<std::string> Values(const net::HttpHeaders& headers, std::string_view name) {
  std::vector<std::string> values;
  for (const auto& [field, value] : headers) {
    if (std::equal(field.begin(), field.end(), name.begin(), name.end(),
                   [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
      values.push_back(value);
    }
  }
  return values;
}

TEST(UpstreamRequestTest, OpenAiRequestGoesToTheProviderWithItsKey) {
  GatewayConfig config = TestConfig();
  Built built =
      Build(config, LlmRoute::kChatCompletions,
            R"({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]})");
  EXPECT_EQ(built.upstream.url, "https://api.openai.com/v1/chat/completions");
  EXPECT_EQ(built.upstream.timeout, std::chrono::seconds(90));
  EXPECT_EQ(built.sent, json::parse(R"({"model": "gpt-4o-mini-2024-07-18",
                                        "messages": [{"role": "user", "content": "hi"}]})"));
  const net::HttpHeaders& headers = built.upstream.headers;
  EXPECT_EQ(Values(headers, "Authorization"),
            std::vector<std::string>{"Bearer " + std::string(testing::kOpenAiKey)});
  EXPECT_EQ(Values(headers, "Content-Type"), std::vector<std::string>{"application/json"});
  EXPECT_EQ(Values(headers, "Accept-Encoding"), std::vector<std::string>{"identity"});
  // The configured organization, not the agent's.
  EXPECT_EQ(Values(headers, "OpenAI-Organization"), std::vector<std::string>{"org-123"});
  EXPECT_FALSE(built.upstream.usage_chunk_added);
}

TEST(UpstreamRequestTest, NeverForwardsTheAgentsCredentialsNorHopByHopHeaders) {
  GatewayConfig config = TestConfig();
  for (LlmRoute route : {LlmRoute::kChatCompletions, LlmRoute::kMessages}) {
    std::string body = route == LlmRoute::kMessages
                           ? R"({"model": "claude-sonnet-4-5", "max_tokens": 5})"
                           : R"({"model": "o3"})";
    Built built = Build(config, route, body);
    const net::HttpHeaders& headers = built.upstream.headers;
    for (const auto& [name, value] : headers) {
      EXPECT_EQ(value.find("pk-demo-support-0001"), std::string::npos) << name;
      EXPECT_EQ(value.find("agent-cookie"), std::string::npos) << name;
    }
    for (std::string_view dropped :
         {"Host", "Cookie", "Proxy-Authorization", "Content-Length", "Transfer-Encoding",
          "Connection", "Keep-Alive", "TE", "Upgrade", "X-Forwarded-For", "X-Custom",
          "X-Stainless-Retry-Count"}) {
      EXPECT_TRUE(Values(headers, dropped).empty()) << dropped;
    }
    EXPECT_EQ(Values(headers, "Accept"), std::vector<std::string>{"application/json"});
    EXPECT_EQ(Values(headers, "User-Agent"), std::vector<std::string>{"OpenAI/JS 5.10.1"});
    EXPECT_EQ(Values(headers, "X-Stainless-Lang"), std::vector<std::string>{"js"});
    EXPECT_EQ(Values(headers, "traceparent").size(), 1u);
  }
}

TEST(UpstreamRequestTest, EachApiGetsOnlyItsOwnBetaHeader) {
  GatewayConfig config = TestConfig();
  Built openai = Build(config, LlmRoute::kResponses, R"({"model": "o3", "input": "hi"})");
  EXPECT_EQ(openai.upstream.url, "https://api.openai.com/v1/responses");
  EXPECT_EQ(Values(openai.upstream.headers, "OpenAI-Beta"),
            std::vector<std::string>{"assistants=v2"});
  EXPECT_TRUE(Values(openai.upstream.headers, "anthropic-beta").empty());
  EXPECT_TRUE(Values(openai.upstream.headers, "anthropic-version").empty());

  Built anthropic =
      Build(config, LlmRoute::kMessages, R"({"model": "claude-sonnet-4-5", "max_tokens": 5})");
  EXPECT_EQ(Values(anthropic.upstream.headers, "anthropic-beta"),
            std::vector<std::string>{"mcp-client-2025-04-04"});
  EXPECT_TRUE(Values(anthropic.upstream.headers, "OpenAI-Beta").empty());
}

TEST(UpstreamRequestTest, AnthropicRequestCarriesItsKeyAndVersion) {
  GatewayConfig config = TestConfig();
  Built built = Build(config, LlmRoute::kMessages,
                      R"({"model": "claude-sonnet-4-5", "max_tokens": 1024,
                          "messages": [{"role": "user", "content": "Hello, world"}]})");
  EXPECT_EQ(built.upstream.url, "https://api.anthropic.com/v1/messages");
  const net::HttpHeaders& headers = built.upstream.headers;
  EXPECT_EQ(Values(headers, "x-api-key"),
            std::vector<std::string>{std::string(testing::kAnthropicKey)});
  EXPECT_TRUE(Values(headers, "Authorization").empty());
  EXPECT_EQ(Values(headers, "anthropic-version"), std::vector<std::string>{"2023-01-01"});

  Built without =
      Build(config, LlmRoute::kMessages, R"({"model": "claude-sonnet-4-5", "max_tokens": 1})", {});
  EXPECT_EQ(Values(without.upstream.headers, "anthropic-version"),
            std::vector<std::string>{std::string(kDefaultAnthropicVersion)});

  config.llm.providers[1].headers = {{"anthropic-version", "2024-10-22"}};
  Built configured =
      Build(config, LlmRoute::kMessages, R"({"model": "claude-sonnet-4-5", "max_tokens": 1})");
  EXPECT_EQ(Values(configured.upstream.headers, "anthropic-version"),
            std::vector<std::string>{"2024-10-22"});
}

TEST(UpstreamRequestTest, NoKeyConfiguredMeansNoCredentialAtAll) {
  GatewayConfig config = TestConfig();
  config.llm.providers[0].api_key.clear();
  config.llm.providers[1].api_key.clear();
  Built openai = Build(config, LlmRoute::kChatCompletions, R"({"model": "o3"})");
  EXPECT_TRUE(Values(openai.upstream.headers, "Authorization").empty());
  Built anthropic =
      Build(config, LlmRoute::kMessages, R"({"model": "claude-sonnet-4-5", "max_tokens": 1})");
  EXPECT_TRUE(Values(anthropic.upstream.headers, "x-api-key").empty());
  EXPECT_TRUE(Values(anthropic.upstream.headers, "Authorization").empty());
}

TEST(UpstreamRequestTest, ConfiguredHeadersCannotReplaceTheBodysFraming) {
  GatewayConfig config = TestConfig();
  config.llm.providers[0].headers = {{"content-type", "text/plain"}, {"X-Team", "care"}};
  Built built = Build(config, LlmRoute::kChatCompletions, R"({"model": "o3"})");
  EXPECT_EQ(Values(built.upstream.headers, "Content-Type"),
            std::vector<std::string>{"application/json"});
  EXPECT_EQ(Values(built.upstream.headers, "X-Team"), std::vector<std::string>{"care"});
}

TEST(UpstreamRequestTest, StreamedChatCompletionsAskForTheUsageChunk) {
  GatewayConfig config = TestConfig();
  Built unasked = Build(config, LlmRoute::kChatCompletions,
                        R"({"model": "o3", "stream": true, "messages": []})");
  EXPECT_EQ(unasked.sent.at("stream_options"), json::parse(R"({"include_usage": true})"));
  EXPECT_TRUE(unasked.upstream.usage_chunk_added);

  Built off = Build(config, LlmRoute::kChatCompletions,
                    R"({"model": "o3", "stream": true,
                        "stream_options": {"include_usage": false, "include_obfuscation": false}})");
  EXPECT_EQ(off.sent.at("stream_options"),
            json::parse(R"({"include_usage": true, "include_obfuscation": false})"));
  EXPECT_TRUE(off.upstream.usage_chunk_added);

  Built asked =
      Build(config, LlmRoute::kChatCompletions,
            R"({"model": "o3", "stream": true, "stream_options": {"include_usage": true}})");
  EXPECT_FALSE(asked.upstream.usage_chunk_added);

  Built null_options = Build(config, LlmRoute::kChatCompletions,
                             R"({"model": "o3", "stream": true, "stream_options": null})");
  EXPECT_EQ(null_options.sent.at("stream_options"), json::parse(R"({"include_usage": true})"));

  // Not streamed, or another API: the body keeps what the client sent.
  Built not_streamed = Build(config, LlmRoute::kChatCompletions, R"({"model": "o3"})");
  EXPECT_FALSE(not_streamed.sent.as_object().contains("stream_options"));
  Built responses =
      Build(config, LlmRoute::kResponses, R"({"model": "o3", "stream": true, "input": "x"})");
  EXPECT_FALSE(responses.sent.as_object().contains("stream_options"));
}

TEST(UpstreamRequestTest, TheBytesSentAreTheDecidedValueNotTheClientsBytes) {
  GatewayConfig config = TestConfig();
  // Escapes, spacing and number spellings the client chose do not travel: the provider reads the
  // value the policy read, written anew.
  json::value body = ParseBody(
      "{ \"model\" : \"gpt-4o-mini\" , \"messages\" : [ {\"role\": \"us\\u0065r\", "
      "\"content\": \"caf\\u00e9\"} ], \"max_tokens\" : 1E2 }");
  ModelRequest request = Describe(LlmRoute::kChatCompletions, body, config);
  UpstreamLlmRequest upstream = BuildUpstreamRequest(request, body, {});
  EXPECT_EQ(upstream.body, SerializeForUpstream(body));
  EXPECT_EQ(upstream.body.find(' '), std::string::npos);
  EXPECT_EQ(upstream.body.find("\\u"), std::string::npos);
  EXPECT_NE(upstream.body.find("\"role\":\"user\""), std::string::npos);
  EXPECT_EQ(request.resources[0].attr.at("max_tokens"), json::value(100));
}

}  // namespace
}  // namespace portcullis::gateway::llm
