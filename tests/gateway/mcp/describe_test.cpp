#include "gateway/mcp/describe.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "gateway/mcp/tool_annotations.h"
#include "mcp_test_support.h"

namespace portcullis::gateway::mcp {
namespace {

namespace json = boost::json;
using policy::Effect;
using policy::PlanKind;
using testing::Decide;
using testing::Object;
using testing::PlanListing;
using testing::QuickstartServer;

// tools/list items as the quickstart's servers list them (MCP 2025-06-18 Tool shape).
const json::object kCreateRefund = Object(R"({
  "name": "create_refund", "title": "Create refund",
  "description": "Refund a customer's payment",
  "inputSchema": {"type": "object", "properties": {"amount": {"type": "number"},
                  "currency": {"type": "string"}}, "required": ["amount", "currency"]},
  "annotations": {"title": "Create refund", "destructiveHint": true, "readOnlyHint": false}})");
const json::object kLookupCustomer = Object(R"({
  "name": "lookup_customer", "inputSchema": {"type": "object"},
  "annotations": {"readOnlyHint": true, "openWorldHint": false}})");

TEST(McpToolAnnotationsTest, FlattenedWithMcpDefaultsForMissingHints) {
  EXPECT_EQ(FlattenToolAnnotations(kLookupCustomer),
            Object(R"({"readOnlyHint": true, "destructiveHint": true, "idempotentHint": false,
                       "openWorldHint": false})"));
  EXPECT_EQ(FlattenToolAnnotations(kCreateRefund),
            Object(R"({"title": "Create refund", "readOnlyHint": false, "destructiveHint": true,
                       "idempotentHint": false, "openWorldHint": true})"));
  EXPECT_EQ(DefaultToolAnnotations(),
            Object(R"({"readOnlyHint": false, "destructiveHint": true, "idempotentHint": false,
                       "openWorldHint": true})"));
}

TEST(McpToolAnnotationsTest, WrongTypesAndUnknownMembersAreIgnored) {
  // A server cannot smuggle other attributes, nor make "true" (a string) read as true.
  json::object tool = Object(R"({"name": "x", "annotations": {"readOnlyHint": "true",
      "destructiveHint": 0, "title": ["t"], "args": {"amount": 1}, "category": "finance"}})");
  EXPECT_EQ(FlattenToolAnnotations(tool), DefaultToolAnnotations());
  EXPECT_EQ(FlattenToolAnnotations(Object(R"({"name": "x", "annotations": [true]})")),
            DefaultToolAnnotations());
}

TEST(McpDescribeTest, ServerConnect) {
  pdp::DecisionResource resource = DescribeServerConnect(QuickstartServer("payments"));
  EXPECT_EQ(resource.kind, "mcp_server");
  EXPECT_EQ(resource.id, "payments");
  EXPECT_EQ(resource.attr, Object(R"({"category": "finance"})"));
  EXPECT_EQ(resource.actions, std::vector<std::string>{"connect"});

  EXPECT_EQ(Decide("support", resource), Effect::kAllow);
  EXPECT_EQ(Decide("triage", resource), Effect::kDeny);
  EXPECT_EQ(Decide("manager", DescribeServerConnect(QuickstartServer("payroll"))), Effect::kDeny);
}

TEST(McpDescribeTest, ToolCallIsDecidedOnItsArguments) {
  json::object annotations = FlattenToolAnnotations(kCreateRefund);
  pdp::DecisionResource refund_50 =
      DescribeToolCall(QuickstartServer("payments"), "create_refund", annotations,
                       Object(R"({"amount": 50, "currency": "USD", "reason": "damaged"})"));
  EXPECT_EQ(refund_50.kind, "mcp_tool");
  EXPECT_EQ(refund_50.id, "payments:create_refund");
  EXPECT_EQ(refund_50.actions, std::vector<std::string>{"payments:create_refund"});
  EXPECT_EQ(refund_50.attr.at("category"), "finance");
  EXPECT_EQ(refund_50.attr.at("destructiveHint"), true);
  EXPECT_EQ(refund_50.attr.at("title"), "Create refund");
  EXPECT_EQ(refund_50.attr.at("args"),
            json::parse(R"({"amount":50,"currency":"USD","reason":"damaged"})"));
  EXPECT_EQ(Decide("support", refund_50), Effect::kAllow);

  pdp::DecisionResource refund_9000 =
      DescribeToolCall(QuickstartServer("payments"), "create_refund", annotations,
                       Object(R"({"amount": 9000, "currency": "USD"})"));
  EXPECT_EQ(Decide("support", refund_9000), Effect::kDeny);
  EXPECT_EQ(Decide("manager", refund_9000), Effect::kDeny);
  pdp::DecisionResource refund_500 =
      DescribeToolCall(QuickstartServer("payments"), "create_refund", annotations,
                       Object(R"({"amount": 500, "currency": "EUR"})"));
  EXPECT_EQ(Decide("support", refund_500), Effect::kDeny);
  EXPECT_EQ(Decide("manager", refund_500), Effect::kAllow);
}

TEST(McpDescribeTest, ReadOnlyHintComesFromTheListedAnnotations) {
  json::object no_arguments;
  pdp::DecisionResource listed =
      DescribeToolCall(QuickstartServer("crm"), "lookup_customer",
                       FlattenToolAnnotations(kLookupCustomer), no_arguments);
  EXPECT_EQ(Decide("triage", listed), Effect::kAllow);
  // A tool never listed is described with MCP's defaults: not read-only.
  pdp::DecisionResource unlisted = DescribeToolCall(QuickstartServer("crm"), "lookup_customer",
                                                    DefaultToolAnnotations(), no_arguments);
  EXPECT_EQ(unlisted.attr.at("readOnlyHint"), false);
  EXPECT_EQ(Decide("triage", unlisted), Effect::kDeny);
}

TEST(McpDescribeTest, GatewayAttributesWinOverConfiguredOnes) {
  McpServerConfig server = QuickstartServer("payments");
  server.attr["args"] = "configured";
  server.attr["uri"] = "configured";
  server.attr["readOnlyHint"] = true;
  pdp::DecisionResource tool =
      DescribeToolCall(server, "create_refund", DefaultToolAnnotations(), Object(R"({"a": 1})"));
  EXPECT_EQ(tool.attr.at("args"), json::parse(R"({"a":1})"));
  EXPECT_EQ(tool.attr.at("readOnlyHint"), false);
  EXPECT_EQ(DescribeResourceRead(server, "ledger://1").attr.at("uri"), "ledger://1");
}

TEST(McpDescribeTest, PromptsAndResources) {
  pdp::DecisionResource prompt = DescribePromptGet(QuickstartServer("tickets"), "triage_ticket",
                                                   Object(R"({"ticket_id": "T-1001"})"));
  EXPECT_EQ(prompt.kind, "mcp_prompt");
  EXPECT_EQ(prompt.id, "tickets:triage_ticket");
  EXPECT_EQ(prompt.actions, std::vector<std::string>{"tickets:triage_ticket"});
  EXPECT_EQ(prompt.attr, Object(R"({"category": "support", "args": {"ticket_id": "T-1001"}})"));

  pdp::DecisionResource resource =
      DescribeResourceRead(QuickstartServer("tickets"), "ticket://T-1001");
  EXPECT_EQ(resource.kind, "mcp_resource");
  EXPECT_EQ(resource.id, "tickets:ticket://T-1001");
  EXPECT_EQ(resource.actions, std::vector<std::string>{"tickets:read"});
  EXPECT_EQ(resource.attr, Object(R"({"category": "support", "uri": "ticket://T-1001"})"));
}

TEST(McpDescribeTest, ListingLeavesOutWhatOnlyACallKnows) {
  ListingCheck tool =
      DescribeForListing(ListKind::kTools, QuickstartServer("payments"), kCreateRefund);
  EXPECT_EQ(tool.unknown_attribute, kUnknownArgs);
  EXPECT_FALSE(tool.resource.attr.contains("args"));
  EXPECT_EQ(tool.resource.id, "payments:create_refund");
  EXPECT_EQ(tool.resource.attr.at("destructiveHint"), true);

  ListingCheck prompt = DescribeForListing(ListKind::kPrompts, QuickstartServer("tickets"),
                                           Object(R"({"name": "triage_ticket"})"));
  EXPECT_EQ(prompt.unknown_attribute, kUnknownArgs);
  EXPECT_EQ(prompt.resource.kind, "mcp_prompt");

  ListingCheck resource = DescribeForListing(ListKind::kResources, QuickstartServer("tickets"),
                                             Object(R"({"uri": "ticket://T-1", "name": "T-1"})"));
  EXPECT_EQ(resource.unknown_attribute, "");
  EXPECT_EQ(resource.resource.attr.at("uri"), "ticket://T-1");

  ListingCheck templ =
      DescribeForListing(ListKind::kResourceTemplates, QuickstartServer("tickets"),
                         Object(R"({"uriTemplate": "ticket://{id}", "name": "ticket"})"));
  EXPECT_EQ(templ.unknown_attribute, kUnknownUri);
  EXPECT_FALSE(templ.resource.attr.contains("uri"));
  EXPECT_EQ(templ.resource.actions, std::vector<std::string>{"tickets:read"});
}

TEST(McpDescribeTest, ListingPlansMatchTheQuickstartStory) {
  // The refund tool is listed for support agents (some amounts are allowed), payroll never is,
  // and triage agents never see refunds.
  ListingCheck refund =
      DescribeForListing(ListKind::kTools, QuickstartServer("payments"), kCreateRefund);
  EXPECT_EQ(PlanListing("support", refund), PlanKind::kConditional);
  EXPECT_EQ(PlanListing("triage", refund), PlanKind::kAlwaysDenied);
  ListingCheck payroll = DescribeForListing(ListKind::kTools, QuickstartServer("payroll"),
                                            Object(R"({"name": "run_payroll"})"));
  EXPECT_EQ(PlanListing("manager", payroll), PlanKind::kAlwaysDenied);
  ListingCheck ticket = DescribeForListing(ListKind::kTools, QuickstartServer("tickets"),
                                           Object(R"({"name": "get_ticket"})"));
  EXPECT_EQ(PlanListing("triage", ticket), PlanKind::kAlwaysAllowed);
}

}  // namespace
}  // namespace portcullis::gateway::mcp
