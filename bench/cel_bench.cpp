// CEL evaluation and compilation cost of representative Cerbos conditions, with the principal
// (P), resource (R) and constants (C) borrowed from parsed Boost.JSON documents. `eval/` binds
// them the way the policy engine does (an Activation that resolves names with a switch);
// `eval_map/` uses the general-purpose MapActivation (a hash map). Besides time, each benchmark
// reports heap allocations per operation.
//
//   build/bench/cel_bench --benchmark_repetitions=9 --benchmark_report_aggregates_only=true
#include "../tests/alloc/allocation_counter.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <string>

#include <boost/json.hpp>

#include "cel/program.h"
#include "cel/time.h"
#include "cel/value_ops.h"

namespace portcullis::cel {
namespace {

struct Condition {
  const char* name;
  const char* expr;
};

// Every condition is true for the documents below, so that no evaluation short-circuits early.
constexpr Condition kConditions[] = {
    {"field_equals", "P.id == 'alice'"},  // the floor: one lookup, one comparison
    {"limit_and_assignee",
     "R.attr.args.amount <= C.limits[P.attr.tier] && P.id in R.attr.assignees"},
    {"role_or_owner",
     "'admin' in P.roles || (R.attr.owner == P.id && R.attr.status != 'archived')"},
    {"hierarchy", "hierarchy(R.attr.department).ancestorOf(hierarchy(P.attr.department))"},
    {"exists_tag", "R.attr.tags.exists(t, t in P.attr.allowed_tags)"},
    {"matches", "R.id.matches('^github/(create|update)_[a-z]+$')"},
    {"path_prefix",
     "R.attr.args.path.startsWith('/workspace/') && !R.attr.args.path.contains('..')"},
    {"recent", "timestamp(R.attr.created) > now() - duration('24h')"},
};

Timestamp Now() {
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return {std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count(), 0};
}

// Resolves P, R and C with a switch on the name, as the policy engine's activation does.
class SwitchActivation final : public Activation {
 public:
  SwitchActivation(const boost::json::value& p, const boost::json::value& r,
                   const boost::json::value& c)
      : p_(Value::FromJson(p)), r_(Value::FromJson(r)), c_(Value::FromJson(c)) {}
  std::optional<Value> Find(std::string_view name) const override {
    if (name.size() != 1) return std::nullopt;
    switch (name[0]) {
      case 'P':
        return p_;
      case 'R':
        return r_;
      case 'C':
        return c_;
    }
    return std::nullopt;
  }
  bool BindsQualifiedNames() const override { return false; }

 private:
  Value p_, r_, c_;
};

// The request documents and the activations viewing them; built once for all benchmarks.
struct Request {
  Request() {
    now = Now();
    resource.as_object()["attr"].as_object()["created"] = FormatTimestamp({now.seconds - 3600, 0});
    activation.Bind("P", Value::FromJson(principal));
    activation.Bind("R", Value::FromJson(resource));
    activation.Bind("C", Value::FromJson(constants));
  }

  boost::json::value principal = boost::json::parse(R"({
    "id": "alice", "roles": ["employee", "reviewer"],
    "attr": {"tier": "gold", "department": "eng.platform.runtime",
             "allowed_tags": ["public", "internal", "finance"]}
  })");
  boost::json::value resource = boost::json::parse(R"({
    "kind": "mcp_tool", "id": "github/create_issue",
    "attr": {"args": {"amount": 250, "path": "/workspace/reports/q3.csv"},
             "owner": "alice", "status": "open", "department": "eng",
             "assignees": ["bob", "carol", "alice"], "tags": ["secret", "confidential", "internal"],
             "created": ""}
  })");
  boost::json::value constants =
      boost::json::parse(R"({"limits": {"bronze": 10, "silver": 100, "gold": 500}})");
  Timestamp now;
  MapActivation activation;
  SwitchActivation switch_activation{principal, resource, constants};
};

const Request& SharedRequest() {
  static const Request* request = new Request;
  return *request;
}

void SetAllocationCounter(benchmark::State& state, uint64_t allocations_before) {
  state.counters["allocs/op"] =
      benchmark::Counter(static_cast<double>(alloc_counter::Count() - allocations_before),
                         benchmark::Counter::kAvgIterations);
}

void BM_Evaluate(benchmark::State& state, const char* expr, bool map_activation) {
  const Request& request = SharedRequest();
  const Activation& activation = map_activation
                                     ? static_cast<const Activation&>(request.activation)
                                     : static_cast<const Activation&>(request.switch_activation);
  CompileResult compiled = Compile(expr);
  if (!compiled.ok()) return state.SkipWithError(compiled.FormattedErrors().c_str());
  EvalContext context;
  context.now = request.now;
  Value first = compiled.program->Evaluate(activation, context);
  if (!first.is(Kind::kBool) || !first.bool_value()) {
    return state.SkipWithError(("expected true, got " + DebugString(first)).c_str());
  }
  uint64_t allocations_before = alloc_counter::Count();
  for (auto _ : state) {
    context.work_budget = EvalContext{}.work_budget;
    benchmark::DoNotOptimize(compiled.program->Evaluate(activation, context));
  }
  SetAllocationCounter(state, allocations_before);
}

void BM_Compile(benchmark::State& state, const char* expr) {
  uint64_t allocations_before = alloc_counter::Count();
  for (auto _ : state) benchmark::DoNotOptimize(Compile(expr));
  SetAllocationCounter(state, allocations_before);
}

}  // namespace
}  // namespace portcullis::cel

int main(int argc, char** argv) {
  using namespace portcullis::cel;
  for (bool map_activation : {false, true}) {
    for (const Condition& condition : kConditions) {
      std::string name = (map_activation ? "eval_map/" : "eval/") + std::string(condition.name);
      benchmark::RegisterBenchmark(name.c_str(), BM_Evaluate, condition.expr, map_activation);
    }
  }
  for (const Condition& condition : kConditions) {
    std::string name = condition.name;
    if (name == "limit_and_assignee" || name == "exists_tag") {
      benchmark::RegisterBenchmark(("compile/" + name).c_str(), BM_Compile, condition.expr);
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
