// In-process decision cost of the policy engine on agent-gateway policies: one principal × one
// resource × one action per check, with the policy set alone and padded with 1,000 unrelated
// resource policies (the index must keep lookups O(1)). Reports checks per second, heap
// allocations per check and, for the padded set, the resident memory after loading it.
//
//   build/bench/policy_bench --benchmark_repetitions=9 --benchmark_report_aggregates_only=true
#include "../tests/alloc/allocation_counter.h"

#include <benchmark/benchmark.h>

#include <fstream>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "policy/compiler.h"
#include "policy/engine.h"
#include "policy/loader.h"

namespace portcullis::policy {
namespace {

constexpr const char* kToolPolicy = R"(
apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: mcp_tool
  version: default
  constants:
    local:
      refund_limit: {support: 100, manager: 1000}
  variables:
    local:
      limit: C.refund_limit[P.attr.tier]
  rules:
    - name: refund-within-limit
      actions: ["payments:create_refund"]
      effect: EFFECT_ALLOW
      roles: [support, manager]
      condition:
        match:
          all:
            of:
              - expr: R.attr.category == "payments"
              - expr: R.attr.args.amount <= V.limit
      output:
        when:
          conditionNotMet: '{"code": "refund_over_limit", "limit": V.limit}'
    - name: payroll-hr-only
      actions: ["payroll:*"]
      effect: EFFECT_ALLOW
      roles: [hr]
    - name: read-only-tools
      actions: ["*:list_*", "*:get_*"]
      effect: EFFECT_ALLOW
      roles: ["*"]
)";

constexpr const char* kModelPolicy = R"(
apiVersion: api.cerbos.dev/v1
resourcePolicy:
  resource: model
  version: default
  rules:
    - name: small-models
      actions: [invoke]
      effect: EFFECT_ALLOW
      roles: ["*"]
      condition:
        match:
          expr: R.attr.tier == "small"
    - name: frontier-for-leads
      actions: [invoke]
      effect: EFFECT_ALLOW
      roles: [lead]
)";

// `count` resource policies of unrelated kinds, as a large organisation's directory would hold.
std::vector<std::string> PaddingPolicies(int count) {
  std::vector<std::string> policies;
  for (int i = 0; i < count; ++i) {
    policies.push_back("apiVersion: api.cerbos.dev/v1\nresourcePolicy:\n  resource: kind_" +
                       std::to_string(i) +
                       "\n  version: default\n  rules:\n    - actions: [view, edit]\n"
                       "      effect: EFFECT_ALLOW\n      roles: [user]\n      condition:\n"
                       "        match:\n          expr: R.attr.owner == P.id\n");
  }
  return policies;
}

std::shared_ptr<const PolicySet> CompileTexts(const std::vector<std::string>& texts) {
  std::vector<Policy> policies;
  for (size_t i = 0; i < texts.size(); ++i) {
    ParsedPolicyFile parsed = ParsePolicy(texts[i], "policy_" + std::to_string(i) + ".yaml");
    if (!parsed.errors.empty() || !parsed.policy) return nullptr;
    policies.push_back(std::move(*parsed.policy));
  }
  CompiledPolicies compiled = CompilePolicies(policies);
  return compiled.policy_set;
}

double ResidentMegabytes() {
  std::ifstream statm("/proc/self/statm");
  long size = 0, resident = 0;
  statm >> size >> resident;
  return resident * 4096.0 / (1024 * 1024);
}

// A support agent asking to refund 50 (allowed), as the gateway describes a tools/call.
struct RefundCheck {
  boost::json::value principal_attr = boost::json::parse(R"({"tier": "support"})");
  boost::json::value resource_attr =
      boost::json::parse(R"({"category": "payments", "args": {"amount": 50, "currency": "EUR"}})");
  std::string_view roles[1] = {"support"};
  std::string_view actions[1] = {"payments:create_refund"};
  ResourceCheck resource{{"mcp_tool", "payments:create_refund", &resource_attr, "", ""}, actions};
  CheckInput input{
      {"alice", roles, &principal_attr, "", ""}, {&resource, 1}, nullptr, std::nullopt};
};

void BM_Check(benchmark::State& state, int padding) {
  std::vector<std::string> texts = PaddingPolicies(padding);
  texts.push_back(kToolPolicy);
  texts.push_back(kModelPolicy);
  std::shared_ptr<const PolicySet> set = CompileTexts(texts);
  if (!set) return state.SkipWithError("the benchmark policies do not compile");
  state.counters["rss_MB"] = ResidentMegabytes();

  RefundCheck check;
  CheckOutput output;
  Engine::Check(*set, check.input, output);
  if (output.results.size() != 1 || output.results[0].actions[0].effect != Effect::kAllow) {
    return state.SkipWithError("expected the refund of 50 to be allowed");
  }
  uint64_t allocations_before = alloc_counter::Count();
  for (auto _ : state) {
    Engine::Check(*set, check.input, output);
    benchmark::DoNotOptimize(output.results.data());
  }
  state.counters["allocs/op"] =
      benchmark::Counter(static_cast<double>(alloc_counter::Count() - allocations_before),
                         benchmark::Counter::kAvgIterations);
  state.counters["checks/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

}  // namespace
}  // namespace portcullis::policy

int main(int argc, char** argv) {
  using portcullis::policy::BM_Check;
  benchmark::RegisterBenchmark("check/agent_gateway", BM_Check, 0);
  benchmark::RegisterBenchmark("check/agent_gateway+1000_policies", BM_Check, 1000);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
