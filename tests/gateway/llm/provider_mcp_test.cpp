#include "gateway/llm/provider_mcp.h"

#include <gtest/gtest.h>

#include <string>

#include <boost/json/parse.hpp>

#include "llm_test_support.h"

namespace portcullis::gateway::llm {
namespace {

namespace json = boost::json;
using testing::ParseBody;

std::vector<pdp::DecisionResource> Servers(std::string_view body) {
  auto servers = ProviderMcpServers(ParseBody(body).as_object());
  if (auto* error = std::get_if<FieldError>(&servers)) {
    ADD_FAILURE() << error->param << ": " << error->message;
    return {};
  }
  return std::get<std::vector<pdp::DecisionResource>>(std::move(servers));
}

FieldError Problem(std::string_view body) {
  auto servers = ProviderMcpServers(ParseBody(body).as_object());
  if (auto* error = std::get_if<FieldError>(&servers)) return *error;
  ADD_FAILURE() << "accepted " << body;
  return {};
}

TEST(ProviderMcpTest, ReadsOpenAiRemoteMcpTools) {
  // The remote MCP example of OpenAI's Responses guide (the DeepWiki server), and a connector.
  std::vector<pdp::DecisionResource> servers = Servers(R"({
    "model": "gpt-4.1",
    "tools": [
      {"type": "function", "name": "get_weather", "parameters": {"type": "object"}},
      {"type": "mcp", "server_label": "deepwiki", "server_url": "https://mcp.deepwiki.com/mcp",
       "require_approval": "never"},
      {"type": "mcp", "server_label": "Dropbox", "connector_id": "connector_dropbox",
       "authorization": "<oauth access token>", "require_approval": "never"}
    ],
    "input": "What transport protocols are supported in the 2025-03-26 version of the MCP spec?"
  })");
  ASSERT_EQ(servers.size(), 2u);
  EXPECT_EQ(servers[0].kind, "mcp_server");
  EXPECT_EQ(servers[0].id, "deepwiki");
  EXPECT_EQ(servers[0].actions, std::vector<std::string>{"connect"});
  EXPECT_EQ(servers[0].attr,
            json::parse(R"({"via": "provider", "url": "https://mcp.deepwiki.com/mcp"})"));
  EXPECT_EQ(servers[1].id, "Dropbox");
  EXPECT_EQ(servers[1].attr,
            json::parse(R"({"via": "provider", "connector_id": "connector_dropbox"})"));
}

TEST(ProviderMcpTest, ReadsAnthropicMcpServers) {
  // The MCP connector example of Anthropic's docs (beta mcp-client-2025-04-04), two servers.
  std::vector<pdp::DecisionResource> servers = Servers(R"({
    "model": "claude-sonnet-4-5",
    "max_tokens": 1000,
    "messages": [{"role": "user", "content": "What tools do you have available?"}],
    "mcp_servers": [
      {"type": "url", "url": "https://example-server.modelcontextprotocol.io/sse",
       "name": "example-mcp", "authorization_token": "YOUR_TOKEN"},
      {"type": "url", "url": "https://mcp.example2.com/sse", "name": "mcp-server-2",
       "tool_configuration": {"enabled": true, "allowed_tools": ["tool1", "tool2"]}}
    ]
  })");
  ASSERT_EQ(servers.size(), 2u);
  EXPECT_EQ(servers[0].id, "example-mcp");
  EXPECT_EQ(servers[0].attr, json::parse(R"({"via": "provider",
                            "url": "https://example-server.modelcontextprotocol.io/sse"})"));
  EXPECT_EQ(servers[1].id, "mcp-server-2");
  EXPECT_EQ(servers[1].actions, std::vector<std::string>{"connect"});
}

TEST(ProviderMcpTest, ReadsBothMembersWhateverTheApi) {
  std::vector<pdp::DecisionResource> servers = Servers(R"({
    "tools": [{"type": "mcp", "server_label": "a", "server_url": "https://a.example/mcp"}],
    "mcp_servers": [{"type": "url", "name": "b", "url": "https://b.example/mcp"}]
  })");
  ASSERT_EQ(servers.size(), 2u);
  EXPECT_EQ(servers[0].id, "a");
  EXPECT_EQ(servers[1].id, "b");
}

TEST(ProviderMcpTest, NothingToDecideWithoutProviderSideMcp) {
  EXPECT_TRUE(Servers(R"({"model": "o3"})").empty());
  EXPECT_TRUE(Servers(R"({"tools": null, "mcp_servers": null})").empty());
  EXPECT_TRUE(Servers(R"({"tools": [{"type": "MCP", "server_label": "x"}]})").empty());
  // A non-array `tools` is the describe step's to refuse.
  EXPECT_TRUE(Servers(R"({"tools": {"type": "mcp"}})").empty());
}

TEST(ProviderMcpTest, ALabelOfAConfiguredServerGetsNoneOfItsAttributes) {
  // The agent chose the label: "payments" here points wherever the agent wants.
  std::vector<pdp::DecisionResource> servers = Servers(R"({"tools": [
      {"type": "mcp", "server_label": "payments", "server_url": "https://evil.example/mcp"}]})");
  ASSERT_EQ(servers.size(), 1u);
  EXPECT_EQ(servers[0].attr,
            json::parse(R"({"via": "provider", "url": "https://evil.example/mcp"})"));
}

TEST(ProviderMcpTest, RefusesMalformedEntries) {
  struct Case {
    std::string_view body;
    std::string_view param;
  };
  for (const Case& c : std::initializer_list<Case>{
           {R"({"tools": [{"type": "mcp", "server_url": "https://a.example"}]})",
            "tools[0].server_label"},
           {R"({"tools": [{"type": "mcp", "server_label": "", "server_url": "https://a"}]})",
            "tools[0].server_label"},
           {R"({"tools": [{"type": "mcp", "server_label": 7, "server_url": "https://a"}]})",
            "tools[0].server_label"},
           {R"({"tools": [{"type": "mcp", "server_label": "a", "server_url": 7}]})",
            "tools[0].server_url"},
           {R"({"tools": [{"type": "mcp", "server_label": "a", "connector_id": ["x"]}]})",
            "tools[0].connector_id"},
           {R"({"tools": [{"type": "web_search_preview"}, {"type": "mcp", "server_label": "a"}]})",
            "tools[1]"},
           {R"({"mcp_servers": {"name": "a", "url": "https://a"}})", "mcp_servers"},
           {R"({"mcp_servers": ["https://a"]})", "mcp_servers[0]"},
           {R"({"mcp_servers": [{"type": "url", "url": "https://a"}]})", "mcp_servers[0].name"},
           {R"({"mcp_servers": [{"type": "url", "name": "a"}]})", "mcp_servers[0].url"},
           {R"({"mcp_servers": [{"type": "url", "name": "a", "url": null}]})",
            "mcp_servers[0].url"},
       }) {
    EXPECT_EQ(Problem(c.body).param, c.param) << c.body;
  }
}

TEST(ProviderMcpTest, BoundsTheNumberOfServers) {
  auto body = [](size_t count) {
    std::string servers;
    for (size_t i = 0; i < count; ++i) {
      servers += (i ? "," : "") + std::string(R"({"type": "url", "name": "s)") + std::to_string(i) +
                 R"(", "url": "https://s.example/mcp"})";
    }
    return R"({"mcp_servers": [)" + servers + "]}";
  };
  EXPECT_EQ(Servers(body(kMaxProviderMcpServers)).size(), kMaxProviderMcpServers);
  EXPECT_EQ(Problem(body(kMaxProviderMcpServers + 1)).param, "mcp_servers");
}

}  // namespace
}  // namespace portcullis::gateway::llm
