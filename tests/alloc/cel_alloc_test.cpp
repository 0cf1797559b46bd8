// Evaluating a compiled condition whose result is a scalar must not touch the heap: the
// attributes are read straight from the parsed JSON documents, and nothing is copied.
#include "allocation_counter.h"

#include <string>

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "cel/program.h"

namespace portcullis::cel {
namespace {

class ScalarConditionAllocations : public ::testing::Test {
 protected:
  ScalarConditionAllocations() {
    activation_.Bind("P", Value::FromJson(principal_));
    activation_.Bind("R", Value::FromJson(resource_));
    activation_.Bind("C", Value::FromJson(constants_));
    context_.now = {1'700'000'000, 0};  // 2023-11-14T22:13:20Z
  }

  // Compiles `condition`, evaluates it once to warm up, then returns the number of heap
  // allocations of a second evaluation; `result` receives that evaluation's value.
  uint64_t AllocationsOfSecondEvaluation(const std::string& condition, Value& result) {
    CompileResult compiled = Compile(condition);
    EXPECT_TRUE(compiled.ok()) << compiled.FormattedErrors();
    if (!compiled.ok()) return ~uint64_t{0};
    compiled.program->Evaluate(activation_, context_);
    uint64_t before = alloc_counter::Count();
    result = compiled.program->Evaluate(activation_, context_);
    return alloc_counter::Count() - before;
  }

  boost::json::value principal_ = boost::json::parse(R"({
    "id": "alice", "roles": ["employee"],
    "attr": {"tier": "gold", "department": "eng.platform", "allowed_tags": ["public", "internal"]}
  })");
  boost::json::value resource_ = boost::json::parse(R"({
    "kind": "mcp_tool", "id": "payments/refund",
    "attr": {"args": {"amount": 250}, "assignees": ["bob", "alice"], "tags": ["secret", "internal"],
             "created": "2023-11-14T20:00:00Z"}
  })");
  boost::json::value constants_ = boost::json::parse(R"({"limits": {"silver": 100, "gold": 500}})");
  MapActivation activation_;
  EvalContext context_;
};

TEST_F(ScalarConditionAllocations, LimitAndMembershipConditionDoesNotAllocate) {
  Value result;
  EXPECT_EQ(AllocationsOfSecondEvaluation(
                "R.attr.args.amount <= C.limits[P.attr.tier] && P.id in R.attr.assignees", result),
            0u);
  ASSERT_EQ(result.kind(), Kind::kBool);
  EXPECT_TRUE(result.bool_value());
}

TEST_F(ScalarConditionAllocations, ExistsOverAListDoesNotAllocate) {
  Value result;
  EXPECT_EQ(
      AllocationsOfSecondEvaluation("R.attr.tags.exists(t, t in P.attr.allowed_tags)", result), 0u);
  ASSERT_EQ(result.kind(), Kind::kBool);
  EXPECT_TRUE(result.bool_value());
}

TEST_F(ScalarConditionAllocations, TimestampComparisonDoesNotAllocate) {
  Value result;
  EXPECT_EQ(
      AllocationsOfSecondEvaluation("timestamp(R.attr.created) > now() - duration('24h')", result),
      0u);
  ASSERT_EQ(result.kind(), Kind::kBool);
  EXPECT_TRUE(result.bool_value());
}

// The counter itself must see allocations, or the tests above would pass vacuously.
TEST_F(ScalarConditionAllocations, CounterSeesAnAllocatingEvaluation) {
  Value result;
  EXPECT_GT(AllocationsOfSecondEvaluation("R.attr.assignees + [P.id]", result), 0u);
  ASSERT_EQ(result.kind(), Kind::kList);
  EXPECT_EQ(result.list_size(), 3u);
}

}  // namespace
}  // namespace portcullis::cel
