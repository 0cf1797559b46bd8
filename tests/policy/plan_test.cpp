#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "engine_test_support.h"
#include "policy/engine.h"

namespace portcullis::policy {
namespace {

using engine_testing::CompileFixture;

class PlanTest : public ::testing::Test {
 protected:
  // Plans `action` on an mcp_tool of category `category` for a principal with `role` and tier,
  // with the tool's arguments unknown (spelled `unknown`).
  PlanKind PlanTool(std::string_view role, std::string_view action,
                    std::string_view category = "payments",
                    std::string_view unknown = "R.attr.args") {
    role_ = role;
    principal_attr_ = boost::json::parse(R"({"tier": "support"})");
    resource_attr_ = boost::json::object{{"category", category}};
    unknown_ = unknown;
    PlanInput input;
    input.principal = {"alice", {&role_, 1}, &principal_attr_, "", ""};
    input.resource = {"mcp_tool", action, &resource_attr_, "", ""};
    input.action = action;
    input.unknown_attributes = {&unknown_, 1};
    return Engine::Plan(*set_, input);
  }

  std::shared_ptr<const PolicySet> set_ = CompileFixture("planning");
  std::string_view role_, unknown_;
  boost::json::value principal_attr_, resource_attr_;
};

TEST_F(PlanTest, ArgumentDependentAllowIsConditional) {
  EXPECT_EQ(PlanTool("support", "payments:create_refund"), PlanKind::kConditional);
}

TEST_F(PlanTest, BothSpellingsOfTheUnknownAttributeWork) {
  EXPECT_EQ(PlanTool("support", "payments:create_refund", "payments", "request.resource.attr.args"),
            PlanKind::kConditional);
}

TEST_F(PlanTest, AKnownFalseConditionAbsorbsTheUnknownOne) {
  // category != payments: `all` fails whatever the amount is.
  EXPECT_EQ(PlanTool("support", "payments:create_refund", "crm"), PlanKind::kAlwaysDenied);
}

TEST_F(PlanTest, ActionsNoArgumentCanAllowAreAlwaysDenied) {
  EXPECT_EQ(PlanTool("support", "payroll:run"), PlanKind::kAlwaysDenied);
  EXPECT_EQ(PlanTool("support", "payments:delete_account"), PlanKind::kAlwaysDenied);
}

TEST_F(PlanTest, UnconditionalAllowsAreAlwaysAllowed) {
  EXPECT_EQ(PlanTool("hr", "payroll:run"), PlanKind::kAlwaysAllowed);
  EXPECT_EQ(PlanTool("support", "crm:list_customers"), PlanKind::kAlwaysAllowed);
}

TEST_F(PlanTest, DerivedRolesThatDependOnTheArgumentsAreConditional) {
  EXPECT_EQ(PlanTool("support", "tickets:close"), PlanKind::kConditional);
}

TEST_F(PlanTest, ChecksAreUnaffectedByAPlanBefore) {
  EXPECT_EQ(PlanTool("support", "payments:create_refund"), PlanKind::kConditional);
  boost::json::value resource =
      boost::json::parse(R"({"category": "payments", "args": {"amount": 50, "account": "a-1"}})");
  std::string_view role = "support";
  std::string_view action = "payments:create_refund";
  ResourceCheck check{{"mcp_tool", action, &resource, "", ""}, {&action, 1}};
  CheckInput input{{"alice", {&role, 1}, &principal_attr_, "", ""}, {&check, 1}, nullptr, {}};
  EXPECT_EQ(Engine::Check(*set_, input).results[0].actions[0].effect, Effect::kAllow);
}

}  // namespace
}  // namespace portcullis::policy
