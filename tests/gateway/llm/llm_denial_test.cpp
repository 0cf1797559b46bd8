#include "gateway/llm/llm_denial.h"

#include <gtest/gtest.h>

#include <string>

#include <boost/json/parse.hpp>

#include "llm_test_support.h"

namespace portcullis::gateway::llm {
namespace {

namespace json = boost::json;
using testing::ErrorObject;

pdp::DecisionResource ModelResource(std::string id) {
  return {"model", std::move(id), json::object{{"tier", "frontier"}}, {"invoke"}};
}

pdp::DecisionResource ServerResource(std::string id) {
  return {"mcp_server", std::move(id), json::object{{"via", "provider"}}, {"connect"}};
}

pdp::Decision Allowed() {
  pdp::Decision decision;
  decision.id = "01JD8Z3V9Q3Y0M7S2K4T6W8X0A";
  decision.effect = policy::Effect::kAllow;
  decision.policy = "resource.model.vdefault";
  decision.rule = "invoke-own-tiers";
  return decision;
}

// The quickstart's denial of a frontier model to a support agent, as the engine reports it.
pdp::Decision TierDenial() {
  pdp::Decision decision;
  decision.id = "01JD8Z3V9Q3Y0M7S2K4T6W8X0B";
  decision.effect = policy::Effect::kDeny;
  decision.policy = "resource.model.vdefault";
  decision.outputs = json::parse(R"json([{"src": "resource.model.vdefault#invoke-own-tiers",
      "val": {"code": "model_tier_not_allowed",
              "reason": "your role may not invoke o3 (a frontier model)",
              "remediation": "use a smaller model such as gpt-4o-mini, or hand the task to a manager agent"}}])json")
                         .as_array();
  return decision;
}

std::string Message(const LlmErrorResponse& response) {
  return std::string(ErrorObject(response).at("message").as_string());
}

TEST(LlmDenialTest, OpenAiShapeCarriesTheDecision) {
  pdp::Decision decision = TierDenial();
  LlmErrorResponse denial =
      MakeDenial(LlmRoute::kChatCompletions, ModelResource("o3"), "invoke", decision);
  EXPECT_EQ(denial.status, 403);
  json::value body = json::parse(denial.body);
  ASSERT_EQ(body.as_object().size(), 1u);  // {"error": {...}} and nothing else
  const json::object& error = body.at("error").as_object();
  EXPECT_EQ(error.at("type"), "request_forbidden");
  EXPECT_EQ(error.at("code"), "model_tier_not_allowed");
  EXPECT_TRUE(error.at("param").is_null());
  EXPECT_EQ(error.at("decision_id"), json::value(decision.id));
  EXPECT_EQ(error.at("policy"), "resource.model.vdefault");
  EXPECT_TRUE(error.at("rule").is_null());
  EXPECT_EQ(error.at("reason"), "your role may not invoke o3 (a frontier model)");
  EXPECT_EQ(error.at("remediation"),
            "use a smaller model such as gpt-4o-mini, or hand the task to a manager agent");
  EXPECT_EQ(error.at("outputs"), decision.outputs);
  EXPECT_EQ(error.at("fail_closed"), false);
  EXPECT_EQ(error.at("message"),
            "Portcullis denied invoke on model \"o3\": your role may not invoke o3 (a frontier "
            "model). To proceed: use a smaller model such as gpt-4o-mini, or hand the task to a "
            "manager agent.");
}

TEST(LlmDenialTest, AnthropicShapeCarriesTheSameFields) {
  pdp::Decision decision = TierDenial();
  LlmErrorResponse openai =
      MakeDenial(LlmRoute::kResponses, ModelResource("o3"), "invoke", decision);
  LlmErrorResponse anthropic =
      MakeDenial(LlmRoute::kMessages, ModelResource("o3"), "invoke", decision);
  EXPECT_EQ(anthropic.status, 403);
  json::value body = json::parse(anthropic.body);
  EXPECT_EQ(body.at("type"), "error");
  json::object error = body.at("error").as_object();
  EXPECT_EQ(error.at("type"), "permission_error");
  EXPECT_FALSE(error.contains("param"));
  json::object expected = ErrorObject(openai);
  for (std::string_view key : {"message", "code", "decision_id", "policy", "rule", "reason",
                               "remediation", "outputs", "fail_closed"}) {
    EXPECT_EQ(error.at(key), expected.at(key)) << key;
  }
}

TEST(LlmDenialTest, WithoutOutputsTheRuleOrItsAbsenceIsTheReason) {
  pdp::Decision no_match;
  no_match.id = "01JD8Z3V9Q3Y0M7S2K4T6W8X0C";
  no_match.policy = "NO_MATCH";
  LlmErrorResponse denial =
      MakeDenial(LlmRoute::kChatCompletions, ModelResource("o3"), "invoke", no_match);
  json::object error = ErrorObject(denial);
  EXPECT_EQ(error.at("code"), "policy_denied");
  EXPECT_EQ(error.at("reason"), "no policy rule allows it");
  EXPECT_TRUE(error.at("remediation").is_null());
  EXPECT_EQ(Message(denial), "Portcullis denied invoke on model \"o3\": no policy rule allows it.");

  pdp::Decision by_rule = no_match;
  by_rule.policy = "resource.model.vdefault";
  by_rule.rule = "token-cap";
  error =
      ErrorObject(MakeDenial(LlmRoute::kChatCompletions, ModelResource("o3"), "invoke", by_rule));
  EXPECT_EQ(error.at("rule"), "token-cap");
  EXPECT_EQ(error.at("reason"),
            "rule \"token-cap\" of policy \"resource.model.vdefault\" denies it");
}

TEST(LlmDenialTest, EachFieldComesFromTheFirstOutputHavingIt) {
  pdp::Decision decision = TierDenial();
  decision.outputs = json::parse(R"([
      {"src": "resource.model.vdefault#a", "val": "a plain string output"},
      {"src": "resource.model.vdefault#b", "val": {"code": 42, "remediation": "ask a manager."}},
      {"src": "resource.model.vdefault#c", "val": {"code": "second_code", "reason": "too big"}}])")
                         .as_array();
  LlmErrorResponse denial =
      MakeDenial(LlmRoute::kChatCompletions, ModelResource("o3"), "invoke", decision);
  json::object error = ErrorObject(denial);
  EXPECT_EQ(error.at("code"), "second_code");  // the first code that is a string
  EXPECT_EQ(error.at("reason"), "too big");
  EXPECT_EQ(error.at("remediation"), "ask a manager.");
  EXPECT_EQ(Message(denial),
            "Portcullis denied invoke on model \"o3\": too big. To proceed: ask a manager.");
}

TEST(LlmDenialTest, AFailClosedDenialSaysSo) {
  pdp::Decision decision;
  decision.id = "01JD8Z3V9Q3Y0M7S2K4T6W8X0D";
  decision.fail_closed = true;
  decision.reason = "the policy decision point timed out";
  LlmErrorResponse denial =
      MakeDenial(LlmRoute::kMessages, ModelResource("claude-sonnet-4-5"), "invoke", decision);
  EXPECT_EQ(denial.status, 403);
  json::object error = ErrorObject(denial);
  EXPECT_EQ(error.at("fail_closed"), true);
  EXPECT_EQ(error.at("code"), "decision_unavailable");
  EXPECT_EQ(error.at("reason"), "the policy decision point timed out");
  EXPECT_TRUE(error.at("remediation").is_null());
  EXPECT_NE(Message(denial).find("fail closed"), std::string::npos) << Message(denial);
  EXPECT_NE(Message(denial).find("timed out"), std::string::npos) << Message(denial);
}

TEST(LlmDenialTest, FindDenialAnswersForTheFirstDeniedResource) {
  std::vector<pdp::DecisionResource> resources = {ModelResource("o3"), ServerResource("deepwiki"),
                                                  ServerResource("other")};
  std::vector<pdp::Decision> decisions = {Allowed(), Allowed(), Allowed()};
  EXPECT_EQ(FindDenial(LlmRoute::kResponses, resources, decisions), std::nullopt);

  pdp::Decision server_denied;
  server_denied.id = "01JD8Z3V9Q3Y0M7S2K4T6W8X0E";
  server_denied.policy = "resource.mcp_server.vdefault";
  decisions[1] = server_denied;
  decisions[2] = TierDenial();
  std::optional<LlmErrorResponse> denial = FindDenial(LlmRoute::kResponses, resources, decisions);
  ASSERT_TRUE(denial.has_value());
  EXPECT_EQ(ErrorObject(*denial).at("decision_id"), json::value(server_denied.id));
  EXPECT_NE(Message(*denial).find("connect on mcp_server \"deepwiki\""), std::string::npos);
}

TEST(LlmDenialTest, FindDenialFailsClosedOnDecisionsThatDoNotMatch) {
  std::vector<pdp::DecisionResource> resources = {ModelResource("o3"), ServerResource("a")};
  std::vector<pdp::Decision> one = {Allowed()};
  std::optional<LlmErrorResponse> short_answer =
      FindDenial(LlmRoute::kChatCompletions, resources, one);
  ASSERT_TRUE(short_answer.has_value());
  EXPECT_EQ(ErrorObject(*short_answer).at("fail_closed"), true);

  EXPECT_TRUE(FindDenial(LlmRoute::kChatCompletions, {}, {}).has_value());

  // An ALLOW marked fail_closed breaks the decider's contract: denied.
  pdp::Decision odd = Allowed();
  odd.fail_closed = true;
  std::vector<pdp::Decision> decisions = {odd, Allowed()};
  std::optional<LlmErrorResponse> denial =
      FindDenial(LlmRoute::kChatCompletions, resources, decisions);
  ASSERT_TRUE(denial.has_value());
  EXPECT_EQ(ErrorObject(*denial).at("fail_closed"), true);
}

TEST(LlmErrorTest, DetailsNeverReplaceTheStandardMembers) {
  LlmErrorResponse error =
      MakeLlmError(LlmRoute::kChatCompletions, LlmErrorKind::kInvalidRequest, "real message", {},
                   "model", json::object{{"message", "forged"}, {"type", "forged"}, {"extra", 1}});
  json::object fields = ErrorObject(error);
  EXPECT_EQ(fields.at("message"), "real message");
  EXPECT_EQ(fields.at("type"), "invalid_request_error");
  EXPECT_EQ(fields.at("extra"), 1);
}

TEST(LlmErrorTest, ABodyOverTheLimitIs413InEitherShape) {
  JsonError too_large{JsonErrorKind::kTooLarge, 4194304, "the body is larger than 4194304 bytes"};
  LlmErrorResponse openai = LlmErrorForBody(LlmRoute::kChatCompletions, too_large);
  EXPECT_EQ(openai.status, 413);
  EXPECT_EQ(ErrorObject(openai).at("code"), "too_large");
  LlmErrorResponse anthropic = LlmErrorForBody(LlmRoute::kMessages, too_large);
  EXPECT_EQ(anthropic.status, 413);
  EXPECT_EQ(ErrorObject(anthropic).at("type"), "request_too_large");
}

}  // namespace
}  // namespace portcullis::gateway::llm
