// The LLM hop against real sockets on loopback: a net::HttpServer whose asynchronous handler
// hands each request to LlmEndpoint::Serve (as `portcullis serve` does after authentication),
// a second net::HttpServer playing the provider, and the embedded decider over a policy written
// by the test. Blocking Beast clients play the agent.
#include "gateway/server/llm_endpoint.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "../../net/http_server_harness.h"
#include "../../obs/exposition_parser.h"
#include "../llm/llm_test_support.h"
#include "gateway/llm/llm_route.h"
#include "gateway/server/decision_point.h"
#include "gateway/server/gateway_metrics.h"
#include "gateway/server/hop_request.h"
#include "net/http_client.h"
#include "obs/metrics_registry.h"
#include "pdp/embedded_decider.h"
#include "policy/policy_watcher.h"

namespace portcullis::gateway::server {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;
using net::harness::Client;
using net::harness::RunningServer;

constexpr std::string_view kAgentCredential = "agent-credential-never-forwarded";

// Support agents may invoke small and standard models; anything else is denied with advice.
constexpr std::string_view kModelPolicy = R"(apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: model
  version: default
  rules:
    - name: everyday-models
      actions: [invoke]
      effect: EFFECT_ALLOW
      roles: [support]
      condition:
        match:
          expr: R.attr.tier in ["small", "standard"]
      output:
        when:
          conditionNotMet: >-
            {"code": "model_tier_not_allowed", "reason": "support agents use everyday models",
             "remediation": "use gpt-4o-mini"}
)";

constexpr std::string_view kChatBody =
    R"({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hello"}]})";

constexpr std::string_view kCompletion =
    R"({"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-mini-2024-07-18",)"
    R"("choices":[{"index":0,"message":{"role":"assistant","content":"Hi!"},)"
    R"("finish_reason":"stop"}],"usage":{"prompt_tokens":11,"completion_tokens":7,)"
    R"("total_tokens":18}})";

std::shared_ptr<const policy::PolicySet> LoadModelPolicy() {
  std::filesystem::path directory =
      std::filesystem::temp_directory_path() /
      ("portcullis-llm-endpoint-" + std::to_string(::getpid()) + "-" +
       std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  std::filesystem::create_directories(directory);
  std::ofstream(directory / "model.yaml") << kModelPolicy;
  policy::LoadedPolicies loaded = policy::LoadPolicies(directory, {});
  std::filesystem::remove_all(directory);
  EXPECT_TRUE(loaded.ok()) << policy::FormatErrors(loaded.errors);
  return loaded.policies;
}

identity::Authenticated SupportAgent() {
  identity::Authenticated caller;
  caller.principal.id = "support-agent";
  caller.principal.roles = {"support"};
  return caller;
}

// What the provider received.
struct ProviderRequest {
  std::string target;
  net::HttpHeaders headers;
  json::value body;
};

// The request an agent's SDK sends, with its own credential.
http::request<http::string_body> AgentRequest(std::string target, std::string_view body) {
  http::request<http::string_body> request = net::harness::Post(std::move(target), {});
  request.body() = std::string(body);
  request.set(http::field::authorization, "Bearer " + std::string(kAgentCredential));
  request.set(http::field::content_type, "application/json");
  request.set("X-Agent-Secret", kAgentCredential);
  request.prepare_payload();
  return request;
}

// A Server-Sent Event of a streamed chat completion.
std::string DeltaEvent(std::string_view text) {
  return R"(data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,)"
         R"("delta":{"content":")" +
         std::string(text) + R"("}}],"usage":null})" + "\n\n";
}

constexpr std::string_view kUsageEvent =
    R"(data: {"id":"c1","object":"chat.completion.chunk","choices":[],)"
    R"("usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}})"
    "\n\n";

constexpr std::string_view kStreamedChat =
    R"({"model": "gpt-4o-mini", "stream": true, "messages": [{"role": "user", "content": "hi"}]})";

// The provider's side: starts an event stream whose first piece is `first`.
void StartEventStream(net::HttpExchange& exchange, std::string first = {}) {
  net::HttpResponse head;
  head.content_type = "text/event-stream";
  head.body = std::move(first);
  exchange.StartStream(std::move(head));
}

// The agent's side: asks for a streamed chat completion and reads the answer's head and at least
// `bytes` of its body.
void StartStreamedChat(Client& client, http::response_parser<http::string_body>& parser,
                       size_t bytes) {
  client.Send(AgentRequest("/v1/chat/completions", kStreamedChat));
  http::read_header(client.socket(), client.buffer(), parser);
  while (parser.get().body().size() < bytes)
    http::read_some(client.socket(), client.buffer(), parser);
}

// Whether `future` became ready within 10 s: a failure shows instead of hanging the test.
template <class T>
bool Ready(std::future<T>& future) {
  return future.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
}

// Reads the rest of the answer; false when it did not arrive whole within a minute (rather than
// hanging the test).
bool ReadWithinAMinute(Client& client, http::response_parser<http::string_body>& parser) {
  auto& io = static_cast<boost::asio::io_context&>(client.socket().get_executor().context());
  bool read = false;
  http::async_read(client.socket(), client.buffer(), parser,
                   [&read](boost::system::error_code error, size_t) { read = !error; });
  io.restart();
  io.run_for(std::chrono::minutes(1));
  return read;
}

class LlmEndpointTest : public ::testing::Test {
 protected:
  using ProviderScript = std::function<void(net::HttpExchange exchange)>;

  LlmEndpointTest() {
    net::HttpServerOptions provider_options = net::harness::Options(1);
    provider_options.stop_grace = std::chrono::milliseconds(100);
    provider_ = std::make_unique<RunningServer>(
        provider_options, [this](net::HttpExchange exchange) { OnProviderRequest(exchange); });
    Reconfigure([](GatewayConfig&) {});

    net::HttpServerOptions gateway_options = net::harness::Options(2);
    gateway_options.stop_grace = std::chrono::milliseconds(100);
    gateway_options.stream_high_water_bytes = 16 << 10;
    gateway_ = std::make_unique<RunningServer>(
        gateway_options, [this](net::HttpExchange exchange) { OnAgentRequest(exchange); },
        [this](net::HttpServer& server) {
          for (unsigned i = 0; i < server.workers(); ++i)
            clients_.push_back(
                std::make_unique<net::HttpClient>(server.loop(i), net::HttpClientOptions{}));
        });
  }

  ~LlmEndpointTest() override {
    // The clients after their loops have stopped, before the server that owns the loops.
    gateway_->StopAndWait();
    clients_.clear();
    gateway_.reset();
    provider_->StopAndWait();
    held_.reset();
  }

  // Changes the gateway config for the requests that follow: the test's providers point at the
  // fake provider.
  void Reconfigure(const std::function<void(GatewayConfig&)>& change) {
    auto config = std::make_shared<GatewayConfig>(llm::testing::TestConfig());
    std::string origin = "http://127.0.0.1:" + std::to_string(provider_->port());
    config->llm.providers[0].base_url = origin + "/v1";
    config->llm.providers[1].base_url = origin;
    change(*config);
    std::lock_guard lock(mutex_);
    config_ = std::move(config);
  }

  // Runs `script` for the provider's next requests (on the provider's thread).
  void ProviderAnswers(ProviderScript script) {
    std::lock_guard lock(mutex_);
    script_ = std::move(script);
  }

  // Runs `fn` on the provider's thread, with the exchange a script kept in held_.
  void OnProviderThread(std::function<void(net::HttpExchange& held)> fn) {
    provider_->server().loop(0).Post([this, fn = std::move(fn)] { fn(*held_); });
  }

  uint16_t gateway_port() const { return gateway_->port(); }

  std::vector<ProviderRequest> ProviderRequests() {
    std::lock_guard lock(mutex_);
    return provider_requests_;
  }

  http::response<http::string_body> Call(std::string target, std::string_view body) {
    Client client(gateway_->port());
    client.Send(AgentRequest(std::move(target), body));
    return client.Receive();
  }

  std::optional<std::string> Metric(std::string_view name,
                                    const std::map<std::string, std::string>& labels) const {
    return obs::testing::ParseExposition(registry_.Render()).Value(name, labels);
  }

  // The provider's exchange, kept by scripts that answer later (used on its thread only).
  std::optional<net::HttpExchange> held_;

 private:
  void OnAgentRequest(net::HttpExchange& exchange) {
    std::optional<llm::LlmRoute> route = llm::LlmRouteForPath(exchange.request().path());
    ASSERT_TRUE(route) << exchange.request().path();
    net::HttpClient& client = *clients_.at(exchange.worker());
    std::shared_ptr<const GatewayConfig> config;
    {
      std::lock_guard lock(mutex_);
      config = config_;
    }
    endpoint_.Serve(*route, HopRequest(std::move(exchange), SupportAgent(), std::move(config),
                                       client, "llm", metrics_, nullptr));
  }

  void OnProviderRequest(net::HttpExchange& exchange) {
    ProviderRequest seen{.target = std::string(exchange.request().target()),
                         .headers = {},
                         .body = json::parse(exchange.request().body())};
    exchange.request().ForEachHeader([&seen](std::string_view name, std::string_view value) {
      seen.headers.emplace_back(name, value);
    });
    ProviderScript script;
    {
      std::lock_guard lock(mutex_);
      provider_requests_.push_back(std::move(seen));
      script = script_;
    }
    if (script) return script(exchange);
    net::HttpResponse answer;
    answer.body = kCompletion;
    exchange.Respond(std::move(answer));
  }

  obs::MetricsRegistry registry_;
  GatewayMetrics metrics_ = GatewayMetrics::Register(registry_);
  pdp::EmbeddedDecider decider_{LoadModelPolicy()};
  DecisionPoint decisions_{decider_, nullptr, metrics_};
  LlmEndpoint endpoint_{decisions_, metrics_};

  std::mutex mutex_;  // guards what both the test and the servers' threads use:
  std::shared_ptr<const GatewayConfig> config_;
  ProviderScript script_;
  std::vector<ProviderRequest> provider_requests_;

  std::unique_ptr<RunningServer> provider_;
  std::vector<std::unique_ptr<net::HttpClient>> clients_;  // one per gateway worker
  std::unique_ptr<RunningServer> gateway_;
};

json::object ErrorOf(const http::response<http::string_body>& response) {
  return json::parse(response.body()).at("error").as_object();
}

TEST_F(LlmEndpointTest, RelaysAnAllowedRequestWithTheProvidersKeyNeverTheAgents) {
  ProviderAnswers([](net::HttpExchange exchange) {
    net::HttpResponse answer;
    answer.body = kCompletion;
    answer.headers = {{"X-Request-Id", "req_123"}, {"Set-Cookie", "provider-session=1"}};
    exchange.Respond(std::move(answer));
  });
  auto response = Call("/v1/chat/completions", kChatBody);

  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response[http::field::content_type], "application/json");
  EXPECT_EQ(response.body(), kCompletion);
  EXPECT_EQ(response["X-Request-Id"], "req_123");
  EXPECT_EQ(response.count(http::field::set_cookie), 0u);

  std::vector<ProviderRequest> seen = ProviderRequests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].target, "/v1/chat/completions");
  EXPECT_EQ(net::FindHeader(seen[0].headers, "authorization"),
            "Bearer " + std::string(llm::testing::kOpenAiKey));
  EXPECT_EQ(net::FindHeader(seen[0].headers, "openai-organization"), "org-123");
  EXPECT_FALSE(net::FindHeader(seen[0].headers, "x-agent-secret"));
  for (const auto& [name, value] : seen[0].headers)
    EXPECT_EQ(value.find(kAgentCredential), std::string::npos) << name;
  EXPECT_EQ(seen[0].body.at("model"), "gpt-4o-mini-2024-07-18");
  EXPECT_EQ(seen[0].body.at("messages").at(0).at("content"), "hello");

  EXPECT_EQ(
      Metric("portcullis_llm_tokens_total", {{"model", "gpt-4o-mini"}, {"direction", "input"}}),
      "11");
  EXPECT_EQ(
      Metric("portcullis_llm_tokens_total", {{"model", "gpt-4o-mini"}, {"direction", "output"}}),
      "7");
  EXPECT_EQ(Metric("portcullis_upstream_seconds_count", {{"upstream", "openai"}}), "1");
  EXPECT_EQ(Metric("portcullis_requests_total", {{"hop", "llm"}, {"status", "200"}}), "1");
  EXPECT_EQ(Metric("portcullis_decisions_total", {{"kind", "model"}, {"effect", "EFFECT_ALLOW"}}),
            "1");
}

TEST_F(LlmEndpointTest, RelaysAnAnthropicRequestWithItsKeyHeaderAndVersion) {
  constexpr std::string_view kMessage =
      R"({"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text",)"
      R"("text":"Hi"}],"usage":{"input_tokens":20,"cache_read_input_tokens":3,)"
      R"("output_tokens":4}})";
  ProviderAnswers([kMessage](net::HttpExchange exchange) {
    net::HttpResponse answer;
    answer.body = kMessage;
    exchange.Respond(std::move(answer));
  });
  auto response = Call("/v1/messages",
                       R"({"model": "claude-sonnet-4-5", "max_tokens": 64,
                           "messages": [{"role": "user", "content": "hello"}]})");

  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body(), kMessage);
  std::vector<ProviderRequest> seen = ProviderRequests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].target, "/v1/messages");
  EXPECT_EQ(net::FindHeader(seen[0].headers, "x-api-key"), llm::testing::kAnthropicKey);
  EXPECT_EQ(net::FindHeader(seen[0].headers, "anthropic-version"), "2023-06-01");
  EXPECT_FALSE(net::FindHeader(seen[0].headers, "authorization"));
  EXPECT_EQ(Metric("portcullis_llm_tokens_total",
                   {{"model", "claude-sonnet-4-5"}, {"direction", "input"}}),
            "23");
}

TEST_F(LlmEndpointTest, RelaysAStreamEventByEventAsTheProviderSendsIt) {
  ProviderAnswers([this](net::HttpExchange exchange) {
    StartEventStream(exchange, DeltaEvent("Hel"));
    held_ = exchange;  // the rest is sent once the agent has read the first event
  });
  Client client(gateway_port());
  http::response_parser<http::string_body> parser;
  StartStreamedChat(client, parser, DeltaEvent("Hel").size());
  EXPECT_EQ(parser.get().result_int(), 200);
  EXPECT_EQ(parser.get()[http::field::content_type], "text/event-stream");
  EXPECT_EQ(parser.get().body(), DeltaEvent("Hel"));

  std::string rest = DeltaEvent("lo") + std::string(kUsageEvent) + "data: [DONE]\n\n";
  OnProviderThread([rest](net::HttpExchange& held) {
    held.Write(rest);
    held.End();
  });
  http::read(client.socket(), client.buffer(), parser);
  EXPECT_EQ(parser.get().body(), DeltaEvent("Hel") + rest);
  EXPECT_TRUE(parser.get().keep_alive());

  std::vector<ProviderRequest> seen = ProviderRequests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].body.at("stream_options").at("include_usage"), true);
  EXPECT_EQ(
      Metric("portcullis_llm_tokens_total", {{"model", "gpt-4o-mini"}, {"direction", "input"}}),
      "5");
  EXPECT_EQ(
      Metric("portcullis_llm_tokens_total", {{"model", "gpt-4o-mini"}, {"direction", "output"}}),
      "2");
}

// A stream longer than every buffer between the provider and an agent that does not read: the
// relay stops reading the provider once the agent's queue is full (so the provider's own queue
// does not drain), and reads on as the agent catches up, until every byte has arrived in order.
TEST_F(LlmEndpointTest, ReadsTheProviderNoFasterThanTheAgentReads) {
  constexpr int kEvents = 2048;  // 32 MiB
  auto event = [](int i) {
    std::string text = "data: " + std::to_string(i) + " ";
    text.resize((16 << 10) - 2, static_cast<char>('a' + i % 26));
    return text + "\n\n";
  };
  auto provider_drained = std::make_shared<std::promise<void>>();
  ProviderAnswers([event, provider_drained](net::HttpExchange exchange) {
    StartEventStream(exchange);
    // The stream ends once the provider's queue has drained into the gateway.
    exchange.OnWritable([exchange, provider_drained]() mutable {
      provider_drained->set_value();
      exchange.End();
    });
    for (int i = 0; i < kEvents; ++i) exchange.Write(event(i));  // queued whatever it returns
  });
  Client client(gateway_port());
  client.Send(AgentRequest("/v1/chat/completions", kStreamedChat));
  http::response_parser<http::string_body> parser;
  parser.body_limit(boost::none);
  http::read_header(client.socket(), client.buffer(), parser);
  auto drained = provider_drained->get_future();
  EXPECT_EQ(drained.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout)
      << "the gateway read the provider ahead of the agent";

  ASSERT_TRUE(ReadWithinAMinute(client, parser)) << parser.get().body().size() << " bytes read";
  std::string expected;
  for (int i = 0; i < kEvents; ++i) expected += event(i);
  EXPECT_EQ(parser.get().result_int(), 200);
  EXPECT_EQ(parser.get().body().size(), expected.size());
  EXPECT_TRUE(parser.get().body() == expected) << "the body differs";
  EXPECT_TRUE(Ready(drained));
}

TEST_F(LlmEndpointTest, AClientLeavingMidStreamCancelsTheUpstreamCall) {
  auto upstream_closed = std::make_shared<std::promise<void>>();
  ProviderAnswers([upstream_closed](net::HttpExchange exchange) {
    StartEventStream(exchange, DeltaEvent("Hel"));
    // The callback's copy keeps the exchange open until the gateway goes.
    exchange.OnAbort([upstream_closed, exchange] { upstream_closed->set_value(); });
  });
  {
    Client client(gateway_port());
    http::response_parser<http::string_body> parser;
    StartStreamedChat(client, parser, DeltaEvent("Hel").size());
  }  // the agent goes
  auto closed = upstream_closed->get_future();
  EXPECT_TRUE(Ready(closed));
}

TEST_F(LlmEndpointTest, RelaysTheProvidersErrorAnswerWithItsRetryAdvice) {
  constexpr std::string_view kRateLimited =
      R"({"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}})";
  ProviderAnswers([kRateLimited](net::HttpExchange exchange) {
    net::HttpResponse answer;
    answer.status = 429;
    answer.body = kRateLimited;
    answer.headers = {{"Retry-After", "2"}, {"X-Internal-Shard", "7"}};
    exchange.Respond(std::move(answer));
  });
  auto response = Call("/v1/chat/completions", kChatBody);
  EXPECT_EQ(response.result_int(), 429);
  EXPECT_EQ(response.body(), kRateLimited);
  EXPECT_EQ(response["Retry-After"], "2");
  EXPECT_EQ(response.count("X-Internal-Shard"), 0u);
  EXPECT_EQ(Metric("portcullis_requests_total", {{"hop", "llm"}, {"status", "429"}}), "1");
}

TEST_F(LlmEndpointTest, DeniesAModelWithThePolicysAdviceAndSendsNothingUpstream) {
  auto response = Call("/v1/chat/completions",
                       R"({"model": "o3", "messages": [{"role": "user", "content": "hi"}]})");
  EXPECT_EQ(response.result_int(), 403);
  json::object error = ErrorOf(response);
  EXPECT_EQ(error.at("type"), "request_forbidden");
  EXPECT_EQ(error.at("code"), "model_tier_not_allowed");
  EXPECT_EQ(error.at("policy"), "resource.model.vdefault");
  EXPECT_EQ(error.at("remediation"), "use gpt-4o-mini");
  EXPECT_FALSE(error.at("decision_id").as_string().empty());
  EXPECT_NE(std::string_view(error.at("message").as_string()).find("o3"), std::string_view::npos);
  EXPECT_TRUE(ProviderRequests().empty());
  EXPECT_EQ(Metric("portcullis_decisions_total", {{"kind", "model"}, {"effect", "EFFECT_DENY"}}),
            "1");
  EXPECT_EQ(Metric("portcullis_requests_total", {{"hop", "llm"}, {"status", "403"}}), "1");
}

// A provider-side MCP server is decided as MCP server access: no policy allows it here.
TEST_F(LlmEndpointTest, DeniesAProviderSideMcpServerOfAnAllowedModel) {
  auto response = Call("/v1/responses", R"({"model": "gpt-4o-mini", "input": "hi",
      "tools": [{"type": "mcp", "server_label": "payroll",
                 "server_url": "https://mcp.example.com/payroll"}]})");
  EXPECT_EQ(response.result_int(), 403);
  EXPECT_NE(std::string_view(ErrorOf(response).at("message").as_string()).find("payroll"),
            std::string_view::npos);
  EXPECT_TRUE(ProviderRequests().empty());
  EXPECT_EQ(Metric("portcullis_decisions_total", {{"kind", "model"}, {"effect", "EFFECT_ALLOW"}}),
            "1");
  EXPECT_EQ(
      Metric("portcullis_decisions_total", {{"kind", "mcp_server"}, {"effect", "EFFECT_DENY"}}),
      "1");
}

TEST_F(LlmEndpointTest, RefusesBodiesItCannotReadStrictlyBeforeDeciding) {
  auto duplicate =
      Call("/v1/chat/completions", R"({"model": "gpt-4o-mini", "model": "o3", "messages": []})");
  EXPECT_EQ(duplicate.result_int(), 400);
  EXPECT_EQ(ErrorOf(duplicate).at("code"), "duplicate_key");
  EXPECT_EQ(ErrorOf(duplicate).at("type"), "invalid_request_error");

  auto malformed = Call("/v1/messages", R"({"model": "claude-sonnet-4-5",)");
  EXPECT_EQ(malformed.result_int(), 400);
  EXPECT_EQ(json::parse(malformed.body()).at("type"), "error");  // Anthropic's shape
  EXPECT_EQ(ErrorOf(malformed).at("code"), "syntax");

  auto not_a_request = Call("/v1/chat/completions", R"({"model": "gpt-4o-mini", "stream": 1})");
  EXPECT_EQ(not_a_request.result_int(), 400);
  EXPECT_EQ(ErrorOf(not_a_request).at("param"), "stream");

  EXPECT_TRUE(ProviderRequests().empty());
  EXPECT_FALSE(
      Metric("portcullis_decisions_total", {{"kind", "model"}, {"effect", "EFFECT_ALLOW"}}));
  EXPECT_FALSE(
      Metric("portcullis_decisions_total", {{"kind", "model"}, {"effect", "EFFECT_DENY"}}));
}

TEST_F(LlmEndpointTest, RefusesABodyOverTheConfiguredLimitWith413) {
  Reconfigure([](GatewayConfig& config) { config.listen.max_body_bytes = 256; });
  std::string body = R"({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": ")" +
                     std::string(512, 'x') + R"("}]})";
  auto response = Call("/v1/chat/completions", body);
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_EQ(ErrorOf(response).at("code"), "too_large");
  EXPECT_TRUE(ProviderRequests().empty());
}

TEST_F(LlmEndpointTest, AnswersAnUnknownModel404) {
  auto response = Call("/v1/chat/completions", R"({"model": "gpt-9", "messages": []})");
  EXPECT_EQ(response.result_int(), 404);
  EXPECT_EQ(ErrorOf(response).at("code"), "model_not_found");
  EXPECT_TRUE(ProviderRequests().empty());
}

TEST_F(LlmEndpointTest, AnswersAProviderThatCannotBeReached502InTheRoutesShape) {
  uint16_t closed_port = [] {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor probe(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    return probe.local_endpoint().port();
  }();  // bound, then released: nothing listens there
  Reconfigure([closed_port](GatewayConfig& config) {
    for (LlmProviderConfig& provider : config.llm.providers)
      provider.base_url = "http://127.0.0.1:" + std::to_string(closed_port);
  });

  auto openai = Call("/v1/chat/completions", kChatBody);
  EXPECT_EQ(openai.result_int(), 502);
  EXPECT_EQ(ErrorOf(openai).at("type"), "server_error");
  EXPECT_EQ(ErrorOf(openai).at("code"), "upstream_unavailable");

  auto anthropic = Call("/v1/messages", R"({"model": "claude-sonnet-4-5", "max_tokens": 8,
                                            "messages": []})");
  EXPECT_EQ(anthropic.result_int(), 502);
  EXPECT_EQ(json::parse(anthropic.body()).at("type"), "error");
  EXPECT_EQ(ErrorOf(anthropic).at("type"), "api_error");
  EXPECT_EQ(ErrorOf(anthropic).at("code"), "upstream_unavailable");

  EXPECT_EQ(Metric("portcullis_upstream_failures_total", {{"upstream", "openai"}}), "1");
  EXPECT_EQ(Metric("portcullis_upstream_failures_total", {{"upstream", "anthropic"}}), "1");
}

TEST_F(LlmEndpointTest, AnswersAProviderThatDoesNotAnswerInTime504) {
  Reconfigure([](GatewayConfig& config) {
    config.llm.providers[0].timeout = std::chrono::milliseconds(200);
  });
  ProviderAnswers([this](net::HttpExchange exchange) { held_ = exchange; });  // never answers
  auto response = Call("/v1/chat/completions", kChatBody);
  EXPECT_EQ(response.result_int(), 504);
  EXPECT_EQ(ErrorOf(response).at("code"), "upstream_timeout");
  EXPECT_EQ(ProviderRequests().size(), 1u);
  EXPECT_EQ(Metric("portcullis_upstream_failures_total", {{"upstream", "openai"}}), "1");
}

// A stream the provider breaks off cannot change its status any more: the agent sees it cut
// short, never complete.
TEST_F(LlmEndpointTest, AStreamTheProviderBreaksOffReachesTheClientTruncated) {
  ProviderAnswers([this](net::HttpExchange exchange) {
    StartEventStream(exchange, DeltaEvent("Hel"));
    held_ = exchange;
  });
  Client client(gateway_port());
  http::response_parser<http::string_body> parser;
  StartStreamedChat(client, parser, DeltaEvent("Hel").size());
  // Dropping the provider's last hold on its exchange closes it without the stream's end.
  OnProviderThread([this](net::HttpExchange&) { held_.reset(); });

  boost::system::error_code error;
  http::read(client.socket(), client.buffer(), parser, error);
  EXPECT_TRUE(error) << "the stream ended as if complete";
  EXPECT_FALSE(parser.is_done());
  EXPECT_EQ(parser.get().body(), DeltaEvent("Hel"));
}

}  // namespace
}  // namespace portcullis::gateway::server
