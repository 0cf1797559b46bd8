#include "gateway/mcp/request_params.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace portcullis::gateway::mcp {
namespace {

namespace json = boost::json;

TEST(McpRequestParamsTest, ToolCallParams) {
  // MCP 2025-06-18's tools/call example.
  json::object params =
      json::parse(R"({"name": "get_weather", "arguments": {"location": "New York"}})").as_object();
  auto read = ReadNamedRequest(&params, json::value(2));
  ASSERT_TRUE(std::holds_alternative<NamedRequest>(read));
  NamedRequest request = std::get<NamedRequest>(read);
  EXPECT_EQ(request.name, "get_weather");
  EXPECT_EQ(&ArgumentsOrEmpty(request), &params.at("arguments").as_object());

  json::object bare = json::parse(R"({"name": "ping"})").as_object();
  NamedRequest no_arguments = std::get<NamedRequest>(ReadNamedRequest(&bare, json::value(2)));
  EXPECT_EQ(no_arguments.arguments, nullptr);
  EXPECT_TRUE(ArgumentsOrEmpty(no_arguments).empty());
}

TEST(McpRequestParamsTest, MalformedNamedRequestsAreInvalidParams) {
  json::value id = "x";
  EXPECT_EQ(std::get<JsonRpcError>(ReadNamedRequest(nullptr, id)).code, kJsonRpcInvalidParams);
  for (std::string_view text :
       {R"({})", R"({"name": ""})", R"({"name": 1})", R"({"name": "t", "arguments": [1]})",
        R"({"name": "t", "arguments": "{}"})", R"({"name": "t", "arguments": null})"}) {
    json::object params = json::parse(text).as_object();
    auto read = ReadNamedRequest(&params, id);
    ASSERT_TRUE(std::holds_alternative<JsonRpcError>(read)) << text;
    EXPECT_EQ(std::get<JsonRpcError>(read).code, kJsonRpcInvalidParams) << text;
    EXPECT_EQ(std::get<JsonRpcError>(read).id, id);
  }
}

TEST(McpRequestParamsTest, ResourceUris) {
  json::object params = json::parse(R"({"uri": "file:///project/src/main.rs"})").as_object();
  EXPECT_EQ(std::get<std::string_view>(ReadResourceUri(&params, json::value(1))),
            "file:///project/src/main.rs");
  for (std::string_view text : {R"({})", R"({"uri": ""})", R"({"uri": ["a"]})"}) {
    json::object bad = json::parse(text).as_object();
    EXPECT_EQ(std::get<JsonRpcError>(ReadResourceUri(&bad, json::value(1))).code,
              kJsonRpcInvalidParams)
        << text;
  }
  EXPECT_TRUE(std::holds_alternative<JsonRpcError>(ReadResourceUri(nullptr, json::value(1))));
}

}  // namespace
}  // namespace portcullis::gateway::mcp
