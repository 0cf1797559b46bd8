// The embedded Decider on real policies written to a temporary directory and loaded as
// `portcullis serve` loads them (LoadPolicies).
#include "pdp/embedded_decider.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "policy/policy_watcher.h"

namespace portcullis::pdp {
namespace {

using policy::Effect;
using policy::PlanKind;

constexpr std::string_view kToolPolicy = R"(apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: mcp_tool
  version: default
  rules:
    - name: refund-within-limit
      actions: ["payments:create_refund"]
      effect: EFFECT_ALLOW
      roles: [support]
      condition:
        match:
          expr: R.attr.args.amount <= 100
      output:
        when:
          conditionNotMet: '{"code": "refund_over_limit", "limit": 100}'
    - name: read-balance
      actions: ["payments:get_balance"]
      effect: EFFECT_ALLOW
      roles: [support]
      output:
        when:
          ruleActivated: '"balance read by " + P.id'
    - name: list-invoices
      actions: ["payments:list_invoices"]
      effect: EFFECT_ALLOW
      roles: [support]
    - name: no-payroll
      actions: ["payroll:*"]
      effect: EFFECT_DENY
      roles: ["*"]
      output:
        when:
          ruleActivated: '{"code": "payroll_closed", "max": 3}'
    - name: transfer
      actions: ["payments:transfer"]
      effect: EFFECT_ALLOW
      roles: [support]
    - name: no-large-transfer
      actions: ["payments:transfer"]
      effect: EFFECT_DENY
      roles: [support]
      condition:
        match:
          expr: R.attr.args.amount > 1000
    - name: receipts
      actions: ["payments:get_receipt"]
      effect: EFFECT_ALLOW
      roles: [support]
    - name: receipts-of-own-tenant
      actions: ["payments:get_receipt"]
      effect: EFFECT_ALLOW
      roles: [support]
      condition:
        match:
          expr: R.attr.tenant == "nobody"
      output:
        when:
          ruleActivated: '"own tenant"'
          conditionNotMet: '"other tenant"'
    - name: own-tenant
      actions: ["crm:read"]
      effect: EFFECT_ALLOW
      roles: [support]
      condition:
        match:
          expr: P.attr.tenant == R.attr.tenant && request.auxData.jwt.scope == "crm"
)";

constexpr std::string_view kModelPolicy = R"(apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: model
  version: default
  rules:
    - name: small-models
      actions: [invoke]
      effect: EFFECT_ALLOW
      roles: [support]
      condition:
        match:
          expr: R.attr.tier == "small"
)";

constexpr std::string_view kMalloryPolicy = R"(apiVersion: api.cerbos.dev/v1
principalPolicy:
  principal: mallory
  version: default
  rules:
    - resource: mcp_tool
      actions:
        - name: mallory-no-payments
          action: "payments:*"
          effect: EFFECT_DENY
          output:
            when:
              ruleActivated: '"blocked"'
)";

// The same model policy, allowing every tier (for reload tests).
constexpr std::string_view kOpenModelPolicy = R"(apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: model
  version: default
  rules:
    - name: all-models
      actions: [invoke]
      effect: EFFECT_ALLOW
      roles: [support]
)";

// A policy directory in a fresh temporary folder, removed with the object.
class PolicyDirectory {
 public:
  PolicyDirectory() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("portcullis-decider-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~PolicyDirectory() { std::filesystem::remove_all(path_); }

  void Write(const std::string& name, std::string_view text) {
    std::ofstream(path_ / name) << text;
  }

  std::shared_ptr<const policy::PolicySet> Load(policy::EngineOptions options = {}) const {
    policy::LoadedPolicies loaded = policy::LoadPolicies(path_, options);
    EXPECT_TRUE(loaded.ok()) << policy::FormatErrors(loaded.errors);
    return loaded.policies;
  }

 private:
  std::filesystem::path path_;
};

std::shared_ptr<const policy::PolicySet> LoadPolicyFiles(
    std::initializer_list<std::pair<std::string, std::string_view>> files) {
  PolicyDirectory dir;
  for (const auto& [name, text] : files) dir.Write(name, text);
  return dir.Load();
}

identity::Principal Support(std::string id = "alice") {
  identity::Principal principal;
  principal.id = std::move(id);
  principal.roles = {"support"};
  principal.attr = boost::json::object{{"tenant", "acme"}};
  return principal;
}

DecisionResource Tool(std::string id, std::string_view args_json,
                      std::vector<std::string> actions) {
  return {.kind = "mcp_tool",
          .id = std::move(id),
          .attr = {{"tenant", "acme"}, {"args", boost::json::parse(args_json)}},
          .actions = std::move(actions)};
}

DecisionResource Model(std::string name, std::string tier) {
  return {.kind = "model", .id = std::move(name), .attr = {{"tier", tier}}, .actions = {"invoke"}};
}

class DeciderTest : public ::testing::Test {
 protected:
  std::vector<Decision> Decide(const std::vector<DecisionResource>& resources,
                               const identity::Principal& principal = Support(),
                               const boost::json::value* jwt_claims = nullptr) {
    std::vector<Decision> decisions;
    int calls = 0;
    decider_.Decide(principal, jwt_claims, resources, [&](std::vector<Decision> answer) {
      ++calls;
      decisions = std::move(answer);
    });
    EXPECT_EQ(calls, 1) << "the embedded decider answers once, before Decide returns";
    return decisions;
  }

  std::vector<PlanAnswer> Plan(const std::vector<PlanQuery>& queries) {
    std::vector<PlanAnswer> answers;
    int calls = 0;
    decider_.Plan(Support(), nullptr, queries, [&](std::vector<PlanAnswer> answer) {
      ++calls;
      answers = std::move(answer);
    });
    EXPECT_EQ(calls, 1);
    return answers;
  }

  std::shared_ptr<const policy::PolicySet> policies_ = LoadPolicyFiles(
      {{"tool.yaml", kToolPolicy}, {"model.yaml", kModelPolicy}, {"mallory.yaml", kMalloryPolicy}});
  EmbeddedDecider decider_{policies_};
};

PlanQuery ToolPlan(std::string action) {
  return {.kind = "mcp_tool",
          .id = action,
          .attr = {{"tenant", "acme"}},
          .action = action,
          .unknown_attributes = {"R.attr.args"}};
}

TEST_F(DeciderTest, OneDecisionPerResourceAndActionInRequestOrder) {
  std::vector<Decision> decisions =
      Decide({Tool("payments", R"({"amount": 50})",
                   {"payments:create_refund", "payroll:run", "payments:get_balance"}),
              Model("gpt-mini", "small"), Model("gpt-frontier", "frontier")});
  ASSERT_EQ(decisions.size(), 5u);
  std::vector<Effect> effects;
  for (const Decision& decision : decisions) effects.push_back(decision.effect);
  EXPECT_EQ(effects, (std::vector<Effect>{Effect::kAllow, Effect::kDeny, Effect::kAllow,
                                          Effect::kAllow, Effect::kDeny}));
  EXPECT_EQ(decisions[0].policy, "resource.mcp_tool.vdefault");
  EXPECT_EQ(decisions[3].policy, "resource.model.vdefault");
  for (const Decision& decision : decisions) EXPECT_FALSE(decision.fail_closed);
}

TEST_F(DeciderTest, EveryDecisionHasItsOwnUlid) {
  std::vector<Decision> decisions =
      Decide({Tool("payments", "{}", {"payroll:run", "payroll:view"}), Model("m", "small")});
  std::set<std::string> ids;
  for (const Decision& decision : decisions) {
    EXPECT_EQ(decision.id.size(), 26u);
    EXPECT_EQ(decision.id.find_first_not_of("0123456789ABCDEFGHJKMNPQRSTVWXYZ"), std::string::npos);
    ids.insert(decision.id);
  }
  EXPECT_EQ(ids.size(), decisions.size());
}

TEST_F(DeciderTest, AnAllowRuleWithAnActivationOutputIsNamedAndItsOutputOwned) {
  std::vector<Decision> decisions = Decide({Tool("payments", "{}", {"payments:get_balance"})});
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_TRUE(decisions[0].allowed());
  EXPECT_EQ(decisions[0].rule, "read-balance");
  EXPECT_EQ(boost::json::serialize(decisions[0].outputs),
            R"([{"src":"resource.mcp_tool.vdefault#read-balance","val":"balance read by alice"}])");
}

TEST_F(DeciderTest, ADenyRuleWithAnActivationOutputIsNamed) {
  std::vector<Decision> decisions = Decide({Tool("payroll", "{}", {"payroll:run"})});
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].effect, Effect::kDeny);
  EXPECT_EQ(decisions[0].rule, "no-payroll");
  // Numbers as Cerbos writes them: 3, not 3.0.
  EXPECT_EQ(
      boost::json::serialize(decisions[0].outputs),
      R"([{"src":"resource.mcp_tool.vdefault#no-payroll","val":{"code":"payroll_closed","max":3}}])");
}

TEST_F(DeciderTest, AFailedConditionIsADefaultDenyWithTheRemediationOutput) {
  std::vector<Decision> decisions =
      Decide({Tool("payments", R"({"amount": 9000})", {"payments:create_refund"})});
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].effect, Effect::kDeny);
  // The output came from conditionNotMet of an ALLOW rule: that rule did not decide.
  EXPECT_EQ(decisions[0].rule, "");
  EXPECT_FALSE(decisions[0].fail_closed);
  ASSERT_EQ(decisions[0].outputs.size(), 1u);
  EXPECT_EQ(boost::json::serialize(decisions[0].outputs[0].at("val")),
            R"({"code":"refund_over_limit","limit":100})");
}

TEST_F(DeciderTest, ARuleWithoutOutputsIsNotNamed) {
  std::vector<Decision> decisions = Decide({Tool("payments", "{}", {"payments:list_invoices"})});
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_TRUE(decisions[0].allowed());
  EXPECT_EQ(decisions[0].rule, "");
  EXPECT_TRUE(decisions[0].outputs.empty());
}

TEST_F(DeciderTest, AConditionNotMetOutputOfARuleWithTheSameEffectDoesNotNameIt) {
  // `receipts` allows (no output); `receipts-of-own-tenant` fails its condition and emits its
  // conditionNotMet output: it has the decision's effect but did not activate.
  std::vector<Decision> decisions = Decide({Tool("payments", "{}", {"payments:get_receipt"})});
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_TRUE(decisions[0].allowed());
  EXPECT_EQ(decisions[0].rule, "");
  EXPECT_EQ(
      boost::json::serialize(decisions[0].outputs),
      R"([{"src":"resource.mcp_tool.vdefault#receipts-of-own-tenant","val":"other tenant"}])");
}

TEST_F(DeciderTest, APrincipalPolicyRuleIsNamed) {
  std::vector<Decision> decisions =
      Decide({Tool("payments", "{}", {"payments:get_balance"})}, Support("mallory"));
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].effect, Effect::kDeny);
  EXPECT_EQ(decisions[0].policy, "principal.mallory.vdefault");
  EXPECT_EQ(decisions[0].rule, "mallory-no-payments");
}

TEST_F(DeciderTest, OutputsAreThoseOfTheirOwnAction) {
  std::vector<Decision> decisions =
      Decide({Tool("payments", "{}", {"payments:get_balance", "payments:list_invoices"})});
  ASSERT_EQ(decisions.size(), 2u);
  EXPECT_EQ(decisions[0].outputs.size(), 1u);
  EXPECT_TRUE(decisions[1].outputs.empty());
}

TEST_F(DeciderTest, PrincipalAttributesAndJwtClaimsReachConditions) {
  boost::json::value claims = {{"scope", "crm"}};
  boost::json::value other_claims = {{"scope", "tickets"}};
  DecisionResource crm = Tool("crm", "{}", {"crm:read"});
  EXPECT_TRUE(Decide({crm}, Support(), &claims)[0].allowed());
  EXPECT_FALSE(Decide({crm}, Support(), &other_claims)[0].allowed());
  identity::Principal other_tenant = Support();
  other_tenant.attr.as_object()["tenant"] = "globex";
  EXPECT_FALSE(Decide({crm}, other_tenant, &claims)[0].allowed());
}

TEST_F(DeciderTest, WithoutPoliciesEveryDecisionIsAFailClosedDeny) {
  EmbeddedDecider empty;
  std::vector<Decision> decisions = empty.DecideNow(
      Support(), nullptr,
      std::vector<DecisionResource>{Tool("payments", "{}", {"payments:get_balance", "x"}),
                                    Model("m", "small")});
  ASSERT_EQ(decisions.size(), 3u);
  for (const Decision& decision : decisions) {
    EXPECT_EQ(decision.effect, Effect::kDeny);
    EXPECT_TRUE(decision.fail_closed);
    EXPECT_EQ(decision.reason, "no policy set is loaded");
    EXPECT_EQ(decision.id.size(), 26u);
  }
}

// A condition failing at runtime is decided as Cerbos decides it (not satisfied), so the embedded
// and a remote Cerbos decider agree: the DENY rule reading a missing `amount` does not apply and
// the unconditional ALLOW does (strictEvaluation, tested with the engine, would deny).
TEST_F(DeciderTest, AnEvaluationErrorIsDecidedAsCerbosDecidesIt) {
  std::vector<Decision> decisions =
      Decide({Tool("payments", "{}", {"payments:transfer"}), Model("m", "small")});
  ASSERT_EQ(decisions.size(), 2u);
  EXPECT_TRUE(decisions[0].allowed());
  EXPECT_FALSE(decisions[0].fail_closed);
  EXPECT_TRUE(decisions[1].allowed());
  EXPECT_TRUE(Decide({Tool("payments", R"({"amount": 5})", {"payments:transfer"})})[0].allowed());
  EXPECT_FALSE(
      Decide({Tool("payments", R"({"amount": 5000})", {"payments:transfer"})})[0].allowed());
}

TEST_F(DeciderTest, SetPoliciesSwapsTheSnapshotForTheNextCalls) {
  std::vector<DecisionResource> frontier = {Model("gpt-frontier", "frontier")};
  EXPECT_FALSE(Decide(frontier)[0].allowed());
  decider_.SetPolicies(LoadPolicyFiles({{"model.yaml", kOpenModelPolicy}}));
  EXPECT_TRUE(Decide(frontier)[0].allowed());
  decider_.SetPolicies(nullptr);
  EXPECT_TRUE(Decide(frontier)[0].fail_closed);
}

TEST_F(DeciderTest, TheCallbackMayDecideAgain) {
  std::vector<DecisionResource> model = {Model("m", "small")};
  std::vector<Decision> inner;
  decider_.Decide(Support(), nullptr, model, [&](std::vector<Decision> outer) {
    ASSERT_EQ(outer.size(), 1u);
    decider_.SetPolicies(LoadPolicyFiles({{"model.yaml", kOpenModelPolicy}}));
    inner =
        decider_.DecideNow(Support(), nullptr, std::vector<DecisionResource>{Model("m", "big")});
  });
  ASSERT_EQ(inner.size(), 1u);
  EXPECT_TRUE(inner[0].allowed());
}

TEST_F(DeciderTest, ConcurrentDecisionsDuringReloadsUseOneWholeSnapshot) {
  std::shared_ptr<const policy::PolicySet> open =
      LoadPolicyFiles({{"model.yaml", kOpenModelPolicy}});
  std::atomic<bool> stop = false;
  std::atomic<int> calls = 0, inconsistent = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&] {
      std::vector<DecisionResource> both = {Model("a", "frontier"), Model("b", "frontier")};
      while (!stop) {
        std::vector<Decision> decisions = decider_.DecideNow(Support(), nullptr, both);
        ++calls;
        // Both resources of one call are decided on the same policy set.
        if (decisions.size() != 2 || decisions[0].effect != decisions[1].effect ||
            decisions[0].fail_closed) {
          ++inconsistent;
        }
      }
    });
  }
  for (int i = 0; calls < 2000; ++i) decider_.SetPolicies(i % 2 ? policies_ : open);
  stop = true;
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(inconsistent, 0);
}

TEST_F(DeciderTest, PlanAnswersEachQueryInOrder) {
  std::vector<PlanAnswer> answers =
      Plan({ToolPlan("payments:create_refund"), ToolPlan("payroll:run"),
            ToolPlan("payments:get_balance"), ToolPlan("payments:unknown_tool")});
  ASSERT_EQ(answers.size(), 4u);
  EXPECT_EQ(answers[0].kind, PlanKind::kConditional);
  EXPECT_EQ(answers[1].kind, PlanKind::kAlwaysDenied);
  EXPECT_EQ(answers[2].kind, PlanKind::kAlwaysAllowed);
  EXPECT_EQ(answers[3].kind, PlanKind::kAlwaysDenied);
  for (const PlanAnswer& answer : answers) EXPECT_FALSE(answer.fail_closed);
}

TEST_F(DeciderTest, PlanWithoutPoliciesIsAlwaysDeniedFailClosed) {
  decider_.SetPolicies(nullptr);
  std::vector<PlanAnswer> answers = Plan({ToolPlan("payments:get_balance"), ToolPlan("x")});
  ASSERT_EQ(answers.size(), 2u);
  for (const PlanAnswer& answer : answers) {
    EXPECT_EQ(answer.kind, PlanKind::kAlwaysDenied);
    EXPECT_TRUE(answer.fail_closed);
    EXPECT_EQ(answer.reason, "no policy set is loaded");
  }
}

}  // namespace
}  // namespace portcullis::pdp
