#include "gateway/mcp/denial.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace portcullis::gateway::mcp {
namespace {

namespace json = boost::json;

// The decision the quickstart's policies make for a support agent's refund of 9000
// (examples/quickstart/policies/tests/mcp_tool_test.yaml).
pdp::Decision RefundOverLimit() {
  pdp::Decision decision;
  decision.id = "01JH0000000000000000000000";
  decision.effect = policy::Effect::kDeny;
  decision.policy = "resource.mcp_tool.vdefault";
  decision.rule = "refund-within-support-limit";
  decision.outputs =
      json::parse(R"([{"src": "resource.mcp_tool.vdefault#refund-within-support-limit",
      "val": {"code": "refund_over_limit", "reason": "support agents refund at most 100 per call",
              "remediation": "hand the refund to a manager agent (limit 1000), citing the ticket"}}])")
          .as_array();
  return decision;
}

TEST(McpDenialTest, PolicyDenialCarriesReasonAndRemediation) {
  json::value id = 12;
  JsonRpcError error = MakeDenial(RefundOverLimit(), "tools/call", "payments__create_refund", id);
  EXPECT_EQ(error.code, kMcpDeniedByPolicy);
  EXPECT_EQ(error.id, id);
  EXPECT_EQ(error.message,
            "Denied by policy: tools/call \"payments__create_refund\" is not allowed for you. "
            "Reason: support agents refund at most 100 per call. What to do instead: hand the "
            "refund to a manager agent (limit 1000), citing the ticket. Retrying the same request "
            "will be denied again.");
  ASSERT_TRUE(error.data.has_value());
  EXPECT_EQ(*error.data, json::parse(R"({
      "decisionId": "01JH0000000000000000000000",
      "policy": "resource.mcp_tool.vdefault",
      "rule": "refund-within-support-limit",
      "reason": "support agents refund at most 100 per call",
      "remediation": {"code": "refund_over_limit",
                      "reason": "support agents refund at most 100 per call",
                      "remediation": "hand the refund to a manager agent (limit 1000), citing the ticket"},
      "outputs": [{"src": "resource.mcp_tool.vdefault#refund-within-support-limit",
                   "val": {"code": "refund_over_limit",
                           "reason": "support agents refund at most 100 per call",
                           "remediation": "hand the refund to a manager agent (limit 1000), citing the ticket"}}],
      "failClosed": false})"));
}

TEST(McpDenialTest, FailClosedSaysSo) {
  pdp::Decision decision;
  decision.id = "01JH0000000000000000000001";
  decision.policy = "NO_MATCH";
  decision.fail_closed = true;
  decision.reason = "policy decision point timed out after 50ms";
  JsonRpcError error = MakeDenial(decision, "initialize", "payments", json::value("a"));
  EXPECT_EQ(error.code, kMcpDecisionUnavailable);
  EXPECT_NE(error.message.find("No policy decision could be made"), std::string::npos);
  EXPECT_NE(error.message.find("01JH0000000000000000000001"), std::string::npos);
  EXPECT_EQ(error.data->at("failClosed"), true);
  EXPECT_EQ(error.data->at("reason"), "policy decision point timed out after 50ms");
  EXPECT_TRUE(error.data->at("remediation").is_null());
}

TEST(McpDenialTest, RemediationIsTheFirstQualifyingOutput) {
  json::array outputs = json::parse(R"([
      {"src": "a#1", "val": {"note": "not a remediation"}},
      {"src": "a#2", "val": "ask a person in HR"},
      {"src": "a#3", "val": {"code": "later"}}])")
                            .as_array();
  ASSERT_NE(RemediationOutput(outputs), nullptr);
  EXPECT_EQ(*RemediationOutput(outputs), "ask a person in HR");
  json::array only_objects = json::parse(R"([{"src": "a#1", "val": {"x": 1}},
      {"src": "a#2", "val": {"code": "c"}}])")
                                 .as_array();
  EXPECT_EQ(*RemediationOutput(only_objects), json::parse(R"({"code": "c"})"));
  EXPECT_EQ(RemediationOutput(json::array()), nullptr);
  EXPECT_EQ(RemediationOutput(json::parse(R"([{"src": "a"}, 5])").as_array()), nullptr);

  pdp::Decision decision;
  decision.id = "d";
  decision.policy = "resource.mcp_tool.vdefault";
  decision.rule = "no-payroll-for-agents";
  decision.outputs = outputs;
  JsonRpcError error = MakeDenial(decision, "tools/call", "payroll__run_payroll", json::value(1));
  EXPECT_NE(error.message.find("What to do instead: ask a person in HR."), std::string::npos)
      << error.message;
  EXPECT_NE(error.message.find("rule no-payroll-for-agents"), std::string::npos) << error.message;
}

TEST(McpDenialTest, WithoutOutputsTheReasonNamesWhatDecided) {
  pdp::Decision no_match;
  no_match.id = "d";
  no_match.policy = "NO_MATCH";
  JsonRpcError error = MakeDenial(no_match, "prompts/get", "tickets__triage", json::value(1));
  EXPECT_EQ(error.data->at("reason"), "no policy covers this request");
  EXPECT_EQ(error.message.find("What to do instead"), std::string::npos);

  // Policy text is shortened; a hostile target is quoted.
  pdp::Decision verbose = RefundOverLimit();
  verbose.outputs = json::parse(R"([{"src": "s", "val": {"reason": "r"}}])").as_array();
  verbose.outputs[0].as_object()["val"].as_object()["remediation"] = std::string(100'000, 'r');
  JsonRpcError shortened = MakeDenial(verbose, "tools/call", "x\"\ny", json::value(1));
  EXPECT_LT(shortened.message.size(), 1500u);
  EXPECT_NE(shortened.message.find("\"x\\\"\\ny\""), std::string::npos) << shortened.message;
}

}  // namespace
}  // namespace portcullis::gateway::mcp
