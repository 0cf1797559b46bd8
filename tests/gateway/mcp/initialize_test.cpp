#include "gateway/mcp/initialize.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "mcp_test_support.h"

namespace portcullis::gateway::mcp {
namespace {

namespace json = boost::json;
using testing::Object;

// The client's initialize params, as MCP 2025-11-25's lifecycle example sends them.
const char* const kClientParams = R"({"protocolVersion": "2025-11-25",
  "capabilities": {"roots": {"listChanged": true}, "sampling": {}, "elicitation": {"form": {}},
                   "tasks": {"list": {}}, "experimental": {"x": {}}},
  "clientInfo": {"name": "ExampleClient", "title": "Example Client Display Name",
                 "version": "1.0.0"}})";

ClientInitialize Client(std::string_view params = kClientParams) {
  json::object object = Object(params);
  auto read = ReadInitializeParams(&object, json::value(0));
  EXPECT_TRUE(std::holds_alternative<ClientInitialize>(read));
  return std::get<ClientInitialize>(std::move(read));
}

UpstreamInitialize Answer(std::string server, std::string_view result) {
  return {std::move(server), Object(result)};
}

TEST(McpInitializeTest, NegotiatesTheClientsVersionWhenSpoken) {
  EXPECT_EQ(NegotiateProtocolVersion("2025-11-25"), "2025-11-25");
  EXPECT_EQ(NegotiateProtocolVersion("2025-06-18"), "2025-06-18");
  EXPECT_EQ(NegotiateProtocolVersion("2025-03-26"), "2025-11-25");
  EXPECT_EQ(NegotiateProtocolVersion("2099-01-01"), "2025-11-25");
  EXPECT_EQ(NegotiateProtocolVersion(""), "2025-11-25");
  ClientInitialize old = Client(R"({"protocolVersion": "2024-11-05", "capabilities": {},
                                    "clientInfo": {"name": "c", "version": "1"}})");
  EXPECT_EQ(old.requested_version, "2024-11-05");
  EXPECT_EQ(old.protocol_version, "2025-11-25");
}

TEST(McpInitializeTest, MalformedParamsAreInvalidParams) {
  json::value id = 1;
  EXPECT_EQ(std::get<JsonRpcError>(ReadInitializeParams(nullptr, id)).code, kJsonRpcInvalidParams);
  for (std::string_view params :
       {R"({"capabilities": {}, "clientInfo": {"name": "c", "version": "1"}})",
        R"({"protocolVersion": 20251125, "capabilities": {}, "clientInfo": {}})",
        R"({"protocolVersion": "2025-11-25", "capabilities": [], "clientInfo": {}})",
        R"({"protocolVersion": "2025-11-25", "capabilities": {}})"}) {
    json::object object = Object(params);
    auto read = ReadInitializeParams(&object, id);
    ASSERT_TRUE(std::holds_alternative<JsonRpcError>(read)) << params;
    EXPECT_EQ(std::get<JsonRpcError>(read).code, kJsonRpcInvalidParams);
    EXPECT_EQ(std::get<JsonRpcError>(read).id, id);
  }
}

TEST(McpInitializeTest, UpstreamsGetTheNegotiatedVersionAndRelayedCapabilitiesOnly) {
  EXPECT_EQ(UpstreamInitializeParams(Client()), Object(R"({"protocolVersion": "2025-11-25",
      "capabilities": {"roots": {"listChanged": true}, "sampling": {}, "elicitation": {"form": {}}},
      "clientInfo": {"name": "ExampleClient", "title": "Example Client Display Name",
                     "version": "1.0.0"}})"));
}

TEST(McpInitializeTest, CombinesTheServersThatJoined) {
  std::vector<UpstreamInitialize> upstreams = {
      Answer("tickets", R"({"protocolVersion": "2025-11-25",
          "capabilities": {"tools": {"listChanged": false}, "prompts": {}, "logging": {}},
          "serverInfo": {"name": "tickets", "version": "0.1.0"},
          "instructions": "Always cite the ticket id."})"),
      {"crm", std::string("HTTP 502 from upstream")},
      Answer("payments", R"({"protocolVersion": "2025-06-18",
          "capabilities": {"tools": {"listChanged": true},
                           "resources": {"subscribe": true}, "tasks": {}},
          "serverInfo": {"name": "payments", "version": "2.0"}})"),
  };
  GatewayInfo gateway{"portcullis", "0.1.0"};
  InitializeOutcome outcome =
      CombineInitialize(Client(), upstreams, gateway, McpNames(testing::QuickstartEndpoint()));

  EXPECT_EQ(outcome.left_out, (std::vector<ServerFailure>{{"crm", "HTTP 502 from upstream"}}));
  ASSERT_EQ(outcome.joined.size(), 2u);
  EXPECT_EQ(outcome.joined[0].server, "tickets");
  EXPECT_EQ(outcome.joined[1].protocol_version, "2025-06-18");

  const json::object& result = outcome.result;
  EXPECT_EQ(result.at("protocolVersion"), "2025-11-25");
  EXPECT_EQ(result.at("serverInfo"), json::parse(R"({"name": "portcullis", "version": "0.1.0"})"));
  EXPECT_EQ(result.at("capabilities"), json::parse(R"({"tools": {"listChanged": true},
      "prompts": {"listChanged": false}, "resources": {"subscribe": true, "listChanged": false},
      "logging": {}})"));
  std::string instructions(result.at("instructions").as_string());
  EXPECT_NE(instructions.find("tickets, payments"), std::string::npos) << instructions;
  EXPECT_EQ(instructions.find("crm"), std::string::npos) << instructions;
  EXPECT_NE(instructions.find("tickets__<name>"), std::string::npos) << instructions;
  EXPECT_NE(
      instructions.find("## Instructions from the tickets server\nAlways cite the ticket id."),
      std::string::npos)
      << instructions;
}

TEST(McpInitializeTest, ServersAnsweringWhatTheGatewayCannotUseAreLeftOut) {
  std::vector<UpstreamInitialize> upstreams = {
      Answer("tickets", R"({"protocolVersion": "2024-11-05", "capabilities": {},
                            "serverInfo": {"name": "t", "version": "1"}})"),
      Answer("crm", R"({"capabilities": {}, "serverInfo": {}})"),
      Answer("payments", R"({"protocolVersion": "2025-11-25", "capabilities": [],
                             "serverInfo": {}})"),
      Answer("payroll", R"({"protocolVersion": "2025-11-25", "capabilities": {}})"),
  };
  InitializeOutcome outcome = CombineInitialize(Client(), upstreams, GatewayInfo{"p", "1"},
                                                McpNames(testing::QuickstartEndpoint()));
  EXPECT_TRUE(outcome.joined.empty());
  ASSERT_EQ(outcome.left_out.size(), 4u);
  EXPECT_NE(outcome.left_out[0].reason.find("\"2024-11-05\""), std::string::npos);
  // The session still opens, offering nothing.
  EXPECT_EQ(outcome.result.at("capabilities"), json::object());
  EXPECT_FALSE(outcome.result.contains("instructions"));
}

TEST(McpInitializeTest, LongInstructionsAreCut) {
  json::object result = Object(R"({"protocolVersion": "2025-11-25", "capabilities": {},
                                   "serverInfo": {"name": "t", "version": "1"}})");
  result["instructions"] = std::string(kMaxServerInstructionsBytes * 4, 'i');
  std::vector<UpstreamInitialize> upstreams = {{"tickets", result}};
  McpEndpointConfig single;
  single.servers = {"tickets"};
  InitializeOutcome outcome =
      CombineInitialize(Client(), upstreams, GatewayInfo{"p", "1"}, McpNames(single));
  std::string_view instructions = outcome.result.at("instructions").as_string();
  EXPECT_LT(instructions.size(), kMaxServerInstructionsBytes + 200);
  EXPECT_EQ(instructions.find("__"), std::string_view::npos);  // no prefixing on one server
}

}  // namespace
}  // namespace portcullis::gateway::mcp
