#include "gateway/llm/model_request.h"

#include <gtest/gtest.h>

#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "llm_test_support.h"

namespace portcullis::gateway::llm {
namespace {

namespace json = boost::json;
using testing::Describe;
using testing::ErrorObject;
using testing::ParseBody;
using testing::Refusal;
using testing::TestConfig;

// The Chat Completions function-calling example of OpenAI's API reference (create chat
// completion, "Functions"), with the newer max_completion_tokens.
constexpr std::string_view kChatWithTools = R"({
  "model": "gpt-4o-mini",
  "messages": [
    {"role": "developer", "content": "You are a helpful assistant."},
    {"role": "user", "content": "What's the weather like in Boston today?"}
  ],
  "tools": [
    {
      "type": "function",
      "function": {
        "name": "get_current_weather",
        "description": "Get the current weather in a given location",
        "parameters": {
          "type": "object",
          "properties": {
            "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}
          },
          "required": ["location"]
        }
      }
    }
  ],
  "tool_choice": "auto",
  "max_completion_tokens": 300
})";

// A Responses request in the shape of OpenAI's reference: a built-in web search tool beside a
// flat function tool, streamed.
constexpr std::string_view kResponsesWithTools = R"({
  "model": "o3",
  "input": "What was a positive news story from today? And the weather in Paris?",
  "tools": [
    {"type": "web_search_preview"},
    {
      "type": "function",
      "name": "get_weather",
      "description": "Get current temperature for a given location.",
      "parameters": {
        "type": "object",
        "properties": {"location": {"type": "string"}},
        "required": ["location"],
        "additionalProperties": false
      },
      "strict": true
    }
  ],
  "max_output_tokens": 2048,
  "stream": true
})";

// The tool-use example of Anthropic's Messages reference, plus its server-side web search tool.
constexpr std::string_view kMessagesWithTools = R"({
  "model": "claude-sonnet-4-5",
  "max_tokens": 1024,
  "tools": [
    {
      "name": "get_weather",
      "description": "Get the current weather in a given location",
      "input_schema": {
        "type": "object",
        "properties": {"location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"}},
        "required": ["location"]
      }
    },
    {"type": "web_search_20250305", "name": "web_search", "max_uses": 5}
  ],
  "messages": [{"role": "user", "content": "What's the weather like in San Francisco?"}]
})";

TEST(LlmRouteTest, NamesTheThreeRoutesExactly) {
  EXPECT_EQ(LlmRouteForPath("/v1/chat/completions"), LlmRoute::kChatCompletions);
  EXPECT_EQ(LlmRouteForPath("/v1/responses"), LlmRoute::kResponses);
  EXPECT_EQ(LlmRouteForPath("/v1/messages"), LlmRoute::kMessages);
  for (std::string_view other : {"/v1/chat/completions/", "/v1/Messages", "/v1/models", "",
                                 "/v1/responses/resp_123", "v1/messages"}) {
    EXPECT_EQ(LlmRouteForPath(other), std::nullopt) << other;
  }
  EXPECT_EQ(LlmRouteApi(LlmRoute::kResponses), LlmProviderKind::kOpenAi);
  EXPECT_EQ(LlmRouteApi(LlmRoute::kMessages), LlmProviderKind::kAnthropic);
}

TEST(ModelRequestTest, DescribesAChatCompletionsRequest) {
  GatewayConfig config = TestConfig();
  ModelRequest request = Describe(LlmRoute::kChatCompletions, ParseBody(kChatWithTools), config);
  EXPECT_EQ(request.model, &config.llm.models[0]);
  EXPECT_EQ(request.provider, &config.llm.providers[0]);
  EXPECT_FALSE(request.stream);
  ASSERT_EQ(request.resources.size(), 1u);
  const pdp::DecisionResource& model = request.resources[0];
  EXPECT_EQ(model.kind, "model");
  EXPECT_EQ(model.id, "gpt-4o-mini");
  EXPECT_EQ(model.actions, std::vector<std::string>{"invoke"});
  EXPECT_EQ(model.attr, json::parse(R"({"tier": "small", "provider": "openai", "max_tokens": 300,
                                        "tools": ["get_current_weather"], "stream": false})"));
}

TEST(ModelRequestTest, DescribesAResponsesRequest) {
  GatewayConfig config = TestConfig();
  ModelRequest request = Describe(LlmRoute::kResponses, ParseBody(kResponsesWithTools), config);
  EXPECT_TRUE(request.stream);
  ASSERT_EQ(request.resources.size(), 1u);
  EXPECT_EQ(request.resources[0].id, "o3");
  EXPECT_EQ(request.resources[0].attr,
            json::parse(R"({"tier": "frontier", "provider": "openai", "max_tokens": 2048,
                            "tools": ["web_search_preview", "get_weather"], "stream": true})"));
}

TEST(ModelRequestTest, DescribesAnAnthropicMessagesRequest) {
  GatewayConfig config = TestConfig();
  ModelRequest request = Describe(LlmRoute::kMessages, ParseBody(kMessagesWithTools), config);
  EXPECT_EQ(request.provider, &config.llm.providers[1]);
  ASSERT_EQ(request.resources.size(), 1u);
  EXPECT_EQ(request.resources[0].attr,
            json::parse(R"({"tier": "standard", "provider": "anthropic", "max_tokens": 1024,
                            "tools": ["get_weather", "web_search_20250305"], "stream": false})"));
}

TEST(ModelRequestTest, LeavesTheBodyAndTheConfigUnchanged) {
  GatewayConfig config = TestConfig();
  json::value body = ParseBody(kChatWithTools);
  json::value before = body;
  Describe(LlmRoute::kChatCompletions, body, config);
  EXPECT_EQ(body, before);
  EXPECT_EQ(config.llm.models[0].attr, json::parse(R"({"tier": "small", "provider": "openai"})"));
}

TEST(ModelRequestTest, MaxTokensIsTheLargestOfItsSpellings) {
  GatewayConfig config = TestConfig();
  auto max_tokens = [&](LlmRoute route, std::string_view members) {
    std::string model = route == LlmRoute::kMessages ? "claude-sonnet-4-5" : "gpt-4o-mini";
    json::value body = ParseBody(R"({"model": ")" + model + "\"" + std::string(members) + "}");
    ModelRequest request = Describe(route, body, config);
    if (request.resources.empty()) return json::value("not described");
    const json::value* value = request.resources[0].attr.if_contains("max_tokens");
    return value ? *value : json::value("absent");
  };
  EXPECT_EQ(max_tokens(LlmRoute::kChatCompletions, R"(, "max_tokens": 100,
                                                       "max_completion_tokens": 4000)"),
            json::value(4000));
  EXPECT_EQ(max_tokens(LlmRoute::kChatCompletions, R"(, "max_tokens": 9000,
                                                       "max_completion_tokens": 40)"),
            json::value(9000));
  // A spelling of another API is read too: an OpenAI-compatible upstream might honour it.
  EXPECT_EQ(max_tokens(LlmRoute::kMessages, R"(, "max_tokens": 10, "max_output_tokens": 77)"),
            json::value(77));
  EXPECT_EQ(max_tokens(LlmRoute::kResponses, R"(, "max_output_tokens": 1e3)"), json::value(1000));
  EXPECT_EQ(max_tokens(LlmRoute::kResponses, R"(, "max_output_tokens": 100.0)"), json::value(100));
  EXPECT_EQ(max_tokens(LlmRoute::kChatCompletions, R"(, "max_tokens": 0)"), json::value(0));
  EXPECT_EQ(max_tokens(LlmRoute::kChatCompletions, R"(, "max_tokens": null)"),
            json::value("absent"));
  EXPECT_EQ(max_tokens(LlmRoute::kChatCompletions, ""), json::value("absent"));
}

TEST(ModelRequestTest, RefusesMaxTokensThatAreNotCounts) {
  GatewayConfig config = TestConfig();
  for (std::string_view value : {"-1", "1.5", "\"100\"", "true", "[100]", "1e300",
                                 "18446744073709551615", "9223372036854775808"}) {
    json::value body = ParseBody(R"({"model": "gpt-4o-mini", "max_completion_tokens": )" +
                                 std::string(value) + "}");
    LlmErrorResponse error = Refusal(LlmRoute::kChatCompletions, body, config);
    EXPECT_EQ(error.status, 400) << value;
    EXPECT_EQ(ErrorObject(error).at("param"), "max_completion_tokens") << value;
  }
}

TEST(ModelRequestTest, AnUnknownModelIsNotFoundInTheRoutesShape) {
  GatewayConfig config = TestConfig();
  LlmErrorResponse openai =
      Refusal(LlmRoute::kChatCompletions, ParseBody(R"({"model": "gpt-5-pro"})"), config);
  EXPECT_EQ(openai.status, 404);
  json::object error = ErrorObject(openai);
  EXPECT_EQ(error.at("type"), "invalid_request_error");
  EXPECT_EQ(error.at("code"), "model_not_found");
  EXPECT_EQ(error.at("param"), "model");
  EXPECT_NE(std::string(error.at("message").as_string()).find("gpt-5-pro"), std::string::npos);

  LlmErrorResponse anthropic = Refusal(
      LlmRoute::kMessages, ParseBody(R"({"model": "claude-opus-9", "max_tokens": 5})"), config);
  EXPECT_EQ(anthropic.status, 404);
  json::value body = json::parse(anthropic.body);
  EXPECT_EQ(body.at("type"), "error");
  EXPECT_EQ(body.at("error").at("type"), "not_found_error");
  EXPECT_NE(std::string(body.at("error").at("message").as_string()).find("claude-opus-9"),
            std::string::npos);
}

TEST(ModelRequestTest, QuotesAHugeUnknownModelNameShortened) {
  GatewayConfig config = TestConfig();
  std::string name(100'000, 'x');
  LlmErrorResponse error =
      Refusal(LlmRoute::kChatCompletions, ParseBody(R"({"model": ")" + name + "\"}"), config);
  EXPECT_EQ(error.status, 404);
  EXPECT_LT(error.body.size(), 1000u);
}

TEST(ModelRequestTest, RefusesAMissingOrNonStringModel) {
  GatewayConfig config = TestConfig();
  for (std::string_view model : {"", R"(, "model": 42)", R"(, "model": null)", R"(, "model": "")",
                                 R"(, "model": ["gpt-4o-mini"])",
                                 R"(, "model": {"name": "gpt-4o-mini"})", R"(, "model": true)"}) {
    json::value body = ParseBody(R"({"messages": [])" + std::string(model) + "}");
    LlmErrorResponse openai = Refusal(LlmRoute::kChatCompletions, body, config);
    EXPECT_EQ(openai.status, 400) << model;
    EXPECT_EQ(ErrorObject(openai).at("param"), "model") << model;
    EXPECT_EQ(ErrorObject(openai).at("type"), "invalid_request_error") << model;
    LlmErrorResponse anthropic = Refusal(LlmRoute::kMessages, body, config);
    EXPECT_EQ(anthropic.status, 400) << model;
    EXPECT_EQ(json::parse(anthropic.body).at("type"), "error") << model;
    EXPECT_EQ(ErrorObject(anthropic).at("type"), "invalid_request_error") << model;
  }
}

TEST(ModelRequestTest, RefusesABodyThatIsNotAnObject) {
  GatewayConfig config = TestConfig();
  for (std::string_view body : {"[]", R"("gpt-4o-mini")", "null", "42"}) {
    EXPECT_EQ(Refusal(LlmRoute::kResponses, ParseBody(body), config).status, 400) << body;
  }
}

TEST(ModelRequestTest, DuplicateModelKeysNeverReachTheDescribeStep) {
  // Which `model` counts would depend on the parser: the strict parser refuses both spellings.
  for (std::string_view body : {R"({"model": "gpt-4o-mini", "model": "o3", "messages": []})",
                                R"({"model": "gpt-4o-mini", "mod\u0065l": "o3"})",
                                R"({"input": {"model": 1, "model": 2}, "model": "o3"})"}) {
    auto parsed = ParseStrictJson(body, JsonLimits{});
    ASSERT_TRUE(std::holds_alternative<JsonError>(parsed)) << body;
    const JsonError& error = std::get<JsonError>(parsed);
    EXPECT_EQ(error.kind, JsonErrorKind::kDuplicateKey);
    LlmErrorResponse answer = LlmErrorForBody(LlmRoute::kChatCompletions, error);
    EXPECT_EQ(answer.status, 400);
    EXPECT_EQ(ErrorObject(answer).at("code"), "duplicate_key");
  }
}

TEST(ModelRequestTest, AModelOfTheOtherApiIsRefused) {
  GatewayConfig config = TestConfig();
  LlmErrorResponse on_openai =
      Refusal(LlmRoute::kChatCompletions, ParseBody(R"({"model": "claude-sonnet-4-5"})"), config);
  EXPECT_EQ(on_openai.status, 400);
  EXPECT_NE(std::string(ErrorObject(on_openai).at("message").as_string()).find("/v1/messages"),
            std::string::npos);
  LlmErrorResponse on_anthropic = Refusal(
      LlmRoute::kMessages, ParseBody(R"({"model": "gpt-4o-mini", "max_tokens": 1})"), config);
  EXPECT_EQ(on_anthropic.status, 400);
  EXPECT_EQ(ErrorObject(on_anthropic).at("type"), "invalid_request_error");
}

TEST(ModelRequestTest, RefusesAStreamFlagThatIsNotABoolean) {
  GatewayConfig config = TestConfig();
  for (std::string_view stream : {R"("true")", "1", "{}"}) {
    json::value body = ParseBody(R"({"model": "o3", "stream": )" + std::string(stream) + "}");
    LlmErrorResponse error = Refusal(LlmRoute::kResponses, body, config);
    EXPECT_EQ(error.status, 400) << stream;
    EXPECT_EQ(ErrorObject(error).at("param"), "stream") << stream;
  }
  ModelRequest request =
      Describe(LlmRoute::kResponses, ParseBody(R"({"model": "o3", "stream": null})"), config);
  EXPECT_FALSE(request.stream);
}

TEST(ModelRequestTest, RefusesToolsItCannotName) {
  GatewayConfig config = TestConfig();
  struct Case {
    LlmRoute route;
    std::string_view tools;
    std::string_view param;
  };
  for (const Case& c : std::initializer_list<Case>{
           {LlmRoute::kChatCompletions, R"({"type": "function"})", "tools"},
           {LlmRoute::kChatCompletions, R"([42])", "tools[0]"},
           {LlmRoute::kChatCompletions, R"([{"type": "function", "name": "flat"}])",
            "tools[0].function"},
           {LlmRoute::kChatCompletions, R"([{"type": "function", "function": {"name": 7}}])",
            "tools[0].function.name"},
           {LlmRoute::kResponses, R"([{"type": "web_search_preview"}, {"type": "function"}])",
            "tools[1].name"},
           {LlmRoute::kResponses, R"([{"type": 5, "name": "x"}])", "tools[0].type"},
           {LlmRoute::kResponses, R"([{"type": "", "name": "x"}])", "tools[0].type"},
           {LlmRoute::kMessages, R"([{"description": "no name"}])", "tools[0].name"},
       }) {
    std::string model = c.route == LlmRoute::kMessages ? "claude-sonnet-4-5" : "gpt-4o-mini";
    json::value body =
        ParseBody(R"({"model": ")" + model + R"(", "tools": )" + std::string(c.tools) + "}");
    LlmErrorResponse error = Refusal(c.route, body, config);
    EXPECT_EQ(error.status, 400) << c.tools;
    std::string message(ErrorObject(error).at("message").as_string());
    EXPECT_EQ(message.rfind(std::string(c.param) + " must be", 0), 0u) << message;
  }
}

TEST(ModelRequestTest, NamesCustomToolsInEachApisNesting) {
  GatewayConfig config = TestConfig();
  ModelRequest chat = Describe(LlmRoute::kChatCompletions,
                               ParseBody(R"({"model": "gpt-4o-mini", "tools": [{"type": "custom",
                    "custom": {"name": "code_exec", "description": "Executes code"}}]})"),
                               config);
  ASSERT_EQ(chat.resources.size(), 1u);
  EXPECT_EQ(chat.resources[0].attr.at("tools"), json::parse(R"(["code_exec"])"));
  ModelRequest responses =
      Describe(LlmRoute::kResponses,
               ParseBody(R"({"model": "o3", "tools": [{"type": "custom", "name": "code_exec"},
                    {"type": "code_interpreter", "container": {"type": "auto"}}]})"),
               config);
  ASSERT_EQ(responses.resources.size(), 1u);
  EXPECT_EQ(responses.resources[0].attr.at("tools"),
            json::parse(R"(["code_exec", "code_interpreter"])"));
}

std::string FunctionTools(size_t count) {
  std::string tools = "[";
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) tools += ',';
    tools += R"({"type": "function", "name": "tool_)" + std::to_string(i) + R"("})";
  }
  return tools + "]";
}

TEST(ModelRequestTest, BoundsTheToolsList) {
  GatewayConfig config = TestConfig();
  json::value at_limit = ParseBody(R"({"model": "o3", "tools": )" + FunctionTools(kMaxTools) + "}");
  ModelRequest request = Describe(LlmRoute::kResponses, at_limit, config);
  ASSERT_EQ(request.resources.size(), 1u);
  const json::array& names = request.resources[0].attr.at("tools").as_array();
  ASSERT_EQ(names.size(), kMaxTools);
  EXPECT_EQ(names[kMaxTools - 1], json::value("tool_" + std::to_string(kMaxTools - 1)));

  json::value over = ParseBody(R"({"model": "o3", "tools": )" + FunctionTools(kMaxTools + 1) + "}");
  LlmErrorResponse error = Refusal(LlmRoute::kResponses, over, config);
  EXPECT_EQ(error.status, 400);
  EXPECT_EQ(ErrorObject(error).at("param"), "tools");
}

TEST(ModelRequestTest, AHugeToolsArrayIsRefusedByTheParsersLimits) {
  std::string tools = "[";
  for (int i = 0; i < 60'000; ++i) tools += i == 0 ? R"({"type":"x"})" : R"(,{"type":"x"})";
  std::string body = R"({"model": "o3", "tools": )" + tools + "]}";
  auto parsed = ParseStrictJson(body, JsonLimits{});
  ASSERT_TRUE(std::holds_alternative<JsonError>(parsed));
  LlmErrorResponse answer = LlmErrorForBody(LlmRoute::kResponses, std::get<JsonError>(parsed));
  EXPECT_EQ(answer.status, 400);
  EXPECT_EQ(ErrorObject(answer).at("code"), "too_many_elements");
}

TEST(ModelRequestTest, ChatStreamOptionsMustBeAnObject) {
  GatewayConfig config = TestConfig();
  json::value body =
      ParseBody(R"({"model": "gpt-4o-mini", "stream": true, "stream_options": "usage"})");
  LlmErrorResponse error = Refusal(LlmRoute::kChatCompletions, body, config);
  EXPECT_EQ(error.status, 400);
  EXPECT_EQ(ErrorObject(error).at("param"), "stream_options");
  Describe(LlmRoute::kChatCompletions, ParseBody(R"({"model": "gpt-4o-mini", "stream": true,
                         "stream_options": {"include_usage": false}})"),
           config);
}

TEST(ModelRequestTest, ProviderSideMcpServersFollowTheModel) {
  GatewayConfig config = TestConfig();
  ModelRequest request =
      Describe(LlmRoute::kResponses, ParseBody(R"({"model": "o3", "input": "Summarise the repo",
                    "tools": [{"type": "mcp", "server_label": "deepwiki",
                               "server_url": "https://mcp.deepwiki.com/mcp",
                               "require_approval": "never"}]})"),
               config);
  ASSERT_EQ(request.resources.size(), 2u);
  EXPECT_EQ(request.resources[0].attr.at("tools"), json::parse(R"(["mcp"])"));
  EXPECT_EQ(request.resources[1].kind, "mcp_server");
  EXPECT_EQ(request.resources[1].id, "deepwiki");

  LlmErrorResponse error = Refusal(
      LlmRoute::kMessages,
      ParseBody(R"({"model": "claude-sonnet-4-5", "max_tokens": 10, "mcp_servers": {}})"), config);
  EXPECT_EQ(error.status, 400);
}

}  // namespace
}  // namespace portcullis::gateway::llm
