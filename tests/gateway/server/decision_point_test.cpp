// The gateway's decide + record step: decisions from the embedded engine on real policies, one
// decision-log line per call in Cerbos's checkResources shape with the gateway's own member, and
// the decisions counted by kind and effect.
#include "gateway/server/decision_point.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <string>
#include <thread>

#include <boost/json/parse.hpp>

#include "net/event_loop.h"
#include "obs/metrics_registry.h"
#include "pdp/embedded_decider.h"
#include "policy/policy_watcher.h"

namespace portcullis::gateway::server {
namespace {

constexpr std::string_view kModelPolicy = R"(apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: model
  version: default
  rules:
    - name: small-models
      actions: [invoke]
      effect: EFFECT_ALLOW
      roles: [agent]
      condition:
        match:
          expr: R.attr.tier == "small"
      output:
        when:
          conditionNotMet: '{"code": "tier", "reason": "small models only"}'
)";

class StringSink : public audit::DecisionSink {
 public:
  bool Write(std::string_view lines) override {
    std::lock_guard lock(mutex_);
    text_ += lines;
    return true;
  }
  std::string text() {
    std::lock_guard lock(mutex_);
    return text_;
  }

 private:
  std::mutex mutex_;
  std::string text_;
};

class DecisionPointTest : public testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("decision-point-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(directory_);
    std::ofstream(directory_ / "model.yaml") << kModelPolicy;
    policy::LoadedPolicies loaded = policy::LoadPolicies(directory_, {});
    ASSERT_TRUE(loaded.ok()) << policy::FormatErrors(loaded.errors);
    decider_.SetPolicies(loaded.policies);
    auto sink = std::make_unique<StringSink>();
    sink_ = sink.get();
    log_ = std::make_unique<audit::DecisionLog>(std::move(sink));
    caller_.principal.id = "agent-7";
    caller_.principal.roles = {"agent"};
    caller_.jwt_claims = boost::json::parse(R"({"sub": "agent-7", "iss": "https://idp"})");
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  static pdp::DecisionResource Model(std::string name, std::string tier) {
    return {.kind = "model",
            .id = std::move(name),
            .attr = {{"tier", std::move(tier)}},
            .actions = {"invoke"}};
  }

  std::filesystem::path directory_;
  pdp::EmbeddedDecider decider_;
  obs::MetricsRegistry registry_;
  GatewayMetrics metrics_ = GatewayMetrics::Register(registry_);
  StringSink* sink_ = nullptr;
  std::unique_ptr<audit::DecisionLog> log_;
  identity::Authenticated caller_;
};

TEST_F(DecisionPointTest, DecidesLogsOneLinePerCallAndCounts) {
  DecisionPoint point(decider_, log_.get(), metrics_);
  std::vector<pdp::Decision> answer;
  point.Decide(caller_, {.hop = "llm", .method = "/v1/chat/completions", .peer = {}},
               {Model("gpt-4o-mini", "small"), Model("o3", "frontier")},
               [&](std::vector<pdp::Decision> decisions) { answer = std::move(decisions); });
  ASSERT_EQ(answer.size(), 2u);
  EXPECT_TRUE(answer[0].allowed());
  EXPECT_FALSE(answer[1].allowed());
  log_->Stop();

  std::string text = sink_->text();
  ASSERT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
  boost::json::object line = boost::json::parse(text).as_object();
  EXPECT_EQ(line.at("callId").as_string(), answer[0].id);
  const auto& inputs = line.at("checkResources").at("inputs").as_array();
  ASSERT_EQ(inputs.size(), 2u);
  EXPECT_EQ(inputs[1].at("resource").at("id"), "o3");
  EXPECT_EQ(inputs[1].at("principal").at("id"), "agent-7");
  EXPECT_EQ(inputs[1].at("auxData").at("jwt").at("iss"), "https://idp");
  const auto& outputs = line.at("checkResources").at("outputs").as_array();
  EXPECT_EQ(outputs[0].at("actions").at("invoke").at("effect"), "EFFECT_ALLOW");
  EXPECT_EQ(outputs[1].at("actions").at("invoke").at("effect"), "EFFECT_DENY");
  EXPECT_EQ(outputs[1].at("outputs").at(0).at("val").at("code"), "tier");
  const auto& gateway = line.at("gateway").as_object();
  EXPECT_EQ(gateway.at("hop"), "llm");
  EXPECT_EQ(gateway.at("method"), "/v1/chat/completions");
  EXPECT_EQ(gateway.at("decisions").at(1).at("id").as_string(), answer[1].id);
  EXPECT_EQ(gateway.at("decisions").at(1).at("resource"), "model:o3");

  std::string scrape = registry_.Render();
  EXPECT_NE(scrape.find(R"(portcullis_decisions_total{kind="model",effect="EFFECT_ALLOW"} 1)"),
            std::string::npos)
      << scrape;
  EXPECT_NE(scrape.find(R"(portcullis_decisions_total{kind="model",effect="EFFECT_DENY"} 1)"),
            std::string::npos)
      << scrape;
}

TEST_F(DecisionPointTest, WithoutPoliciesEverythingIsDeniedFailClosedAndCountedSo) {
  pdp::EmbeddedDecider empty;
  DecisionPoint point(empty, log_.get(), metrics_);
  std::vector<pdp::Decision> answer;
  point.Decide(caller_, {.hop = "llm", .method = "/v1/messages", .peer = {}},
               {Model("gpt-4o-mini", "small")},
               [&](std::vector<pdp::Decision> decisions) { answer = std::move(decisions); });
  ASSERT_EQ(answer.size(), 1u);
  EXPECT_TRUE(answer[0].fail_closed);
  log_->Stop();
  boost::json::object line = boost::json::parse(sink_->text()).as_object();
  EXPECT_EQ(line.at("gateway").at("decisions").at(0).at("failClosed"), true);
  EXPECT_NE(
      registry_.Render().find(R"(portcullis_decisions_total{kind="model",effect="FAIL_CLOSED"} 1)"),
      std::string::npos);
}

TEST_F(DecisionPointTest, PlansAreCountedNotLogged) {
  DecisionPoint point(decider_, log_.get(), metrics_);
  std::vector<pdp::PlanQuery> queries{{.kind = "model",
                                       .id = "any",
                                       .attr = {},
                                       .action = "invoke",
                                       .unknown_attributes = {"R.attr.tier"}}};
  std::vector<pdp::PlanAnswer> answers;
  point.Plan(caller_, queries, nullptr,
             [&](std::vector<pdp::PlanAnswer> planned) { answers = std::move(planned); });
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].kind, policy::PlanKind::kConditional);
  log_->Stop();
  EXPECT_EQ(sink_->text(), "");
  EXPECT_NE(registry_.Render().find(
                R"(portcullis_decisions_total{kind="plan",effect="NOT_ALWAYS_DENIED"} 1)"),
            std::string::npos);
}

// A decider that answers later, on a thread of its own, as a remote one does.
class ThreadedDecider final : public pdp::Decider {
 public:
  explicit ThreadedDecider(const pdp::EmbeddedDecider& engine) : engine_(engine) {}
  ~ThreadedDecider() override {
    for (std::thread& thread : threads_) thread.join();
  }
  void Decide(const identity::Principal& principal, const boost::json::value* claims,
              std::span<const pdp::DecisionResource> resources, DecideDone done) override {
    std::vector<pdp::Decision> decisions = engine_.DecideNow(principal, claims, resources);
    threads_.emplace_back([decisions = std::move(decisions), done = std::move(done)]() mutable {
      done(std::move(decisions));
    });
  }
  void Plan(const identity::Principal&, const boost::json::value*, std::span<const pdp::PlanQuery>,
            PlanDone done) override {
    threads_.emplace_back([done = std::move(done)] { done({}); });
  }

 private:
  const pdp::EmbeddedDecider& engine_;
  std::vector<std::thread> threads_;
};

TEST_F(DecisionPointTest, AnAnswerFromAnotherThreadIsDeliveredOnTheRequestsLoop) {
  ThreadedDecider remote(decider_);
  DecisionPoint point(remote, nullptr, metrics_);
  net::EventLoop loop;
  std::promise<std::pair<bool, bool>> delivered;  // {decision on the loop, plan on the loop}
  auto decided_on_loop = std::make_shared<bool>(false);
  loop.Post([&] {
    point.Decide(caller_, {.hop = "llm", .method = "/v1/responses", .peer = {}, .loop = &loop},
                 {Model("gpt-4o-mini", "small")},
                 [&, decided_on_loop](std::vector<pdp::Decision> decisions) {
                   *decided_on_loop = loop.RunningInThisThread() && decisions.size() == 1 &&
                                      decisions[0].allowed();
                   point.Plan(caller_, {}, &loop, [&, decided_on_loop](auto) {
                     delivered.set_value({*decided_on_loop, loop.RunningInThisThread()});
                     loop.Stop();
                   });
                 });
  });
  std::thread runner([&] { loop.Run(); });
  auto [decision_on_loop, plan_on_loop] = delivered.get_future().get();
  runner.join();
  EXPECT_TRUE(decision_on_loop);
  EXPECT_TRUE(plan_on_loop);
}

}  // namespace
}  // namespace portcullis::gateway::server
