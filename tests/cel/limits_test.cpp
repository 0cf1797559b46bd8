// The evaluation work budget (EvalContext::work_budget): comprehension and concatenation bombs
// end with an error instead of running for a long time or exhausting memory.
#include <gtest/gtest.h>

#include <string>

#include "eval_helpers.h"

namespace portcullis::cel {
namespace {

const std::string kTen = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]";

Value EvaluateWithBudget(std::string_view expr, int64_t budget) {
  CompileResult compiled = Compile(expr);
  EXPECT_TRUE(compiled.ok()) << compiled.FormattedErrors();
  if (!compiled.ok()) return Value::Error("did not compile");
  MapActivation vars;
  EvalContext ctx;
  ctx.work_budget = budget;
  return compiled.program->Evaluate(vars, ctx).own();
}

TEST(LimitsTest, NestedComprehensionBombHitsTheWorkLimit) {
  // 10^7 innermost iterations, beyond the default budget of 10^6.
  std::string expr = "1";
  for (char var = 'a'; var < 'a' + 7; ++var) {
    expr = kTen + ".map(" + std::string(1, var) + ", " + expr + ")";
  }
  Value v = EvaluateWithBudget(expr, EvalContext().work_budget);
  ASSERT_TRUE(v.IsError());
  EXPECT_EQ(v.error_message(), "comprehension exceeded the evaluation work limit");
}

TEST(LimitsTest, QuantifierBombHitsTheWorkLimit) {
  std::string expr = "false";
  for (char var = 'a'; var < 'a' + 7; ++var) {
    expr = kTen + ".exists(" + std::string(1, var) + ", " + expr + ")";
  }
  Value v = EvaluateWithBudget(expr, EvalContext().work_budget);
  ASSERT_TRUE(v.IsError());
  EXPECT_EQ(v.error_message(), "comprehension exceeded the evaluation work limit");
}

TEST(LimitsTest, EachIterationChargesOneUnit) {
  EXPECT_TRUE(EvaluateWithBudget(kTen + ".all(x, x > 0)", 10).bool_value());
  EXPECT_TRUE(EvaluateWithBudget(kTen + ".all(x, x > 0)", 9).IsError());
  // A short-circuited quantifier stops charging.
  EXPECT_TRUE(EvaluateWithBudget(kTen + ".exists(x, x == 1)", 1).bool_value());
}

TEST(LimitsTest, ListDoublingHitsTheWorkLimit) {
  // 8 elements doubled 20 times would be 8 million elements.
  std::string expr = "v20";
  for (int i = 20; i > 0; --i) {
    expr = "cel.bind(v" + std::to_string(i) + ", v" + std::to_string(i - 1) + " + v" +
           std::to_string(i - 1) + ", " + expr + ")";
  }
  expr = "cel.bind(v0, [1, 2, 3, 4, 5, 6, 7, 8], " + expr + ")";
  Value v = EvaluateWithBudget(expr, EvalContext().work_budget);
  ASSERT_TRUE(v.IsError());
  EXPECT_EQ(v.error_message(), "concatenation exceeded the evaluation work limit");
}

TEST(LimitsTest, StringDoublingHitsTheWorkLimit) {
  std::string expr = "s40";
  for (int i = 40; i > 0; --i) {
    expr = "cel.bind(s" + std::to_string(i) + ", s" + std::to_string(i - 1) + " + s" +
           std::to_string(i - 1) + ", " + expr + ")";
  }
  expr = "cel.bind(s0, 'abcdefgh', " + expr + ")";
  Value v = EvaluateWithBudget(expr, 10'000);
  ASSERT_TRUE(v.IsError());
  EXPECT_EQ(v.error_message(), "concatenation exceeded the evaluation work limit");
}

TEST(LimitsTest, BuildingComprehensionsAreLinear) {
  // map/filter append in place: 20000 elements cost 20000 units, not 20000^2 / 2.
  CompileResult compiled = Compile("xs.map(x, x * 2).filter(x, x % 4 == 0).size()");
  ASSERT_TRUE(compiled.ok());
  ListElements xs;
  for (int i = 0; i < 20000; ++i) xs.push_back(Value::Int(i));
  MapActivation vars;
  vars.Bind("xs", Value::List(std::move(xs)));
  EvalContext ctx;
  ctx.work_budget = 40'000;
  Value v = compiled.program->Evaluate(vars, ctx);
  ASSERT_TRUE(v.is(Kind::kInt)) << DebugString(v);
  EXPECT_EQ(v.int_value(), 10000);
  EXPECT_EQ(ctx.work_budget, 0);

  // Also when the element is itself a building comprehension (with its own accumulator).
  CompileResult nested = Compile("xs.map(x, [x].map(y, y + 1)).size()");
  ASSERT_TRUE(nested.ok());
  EvalContext nested_ctx;
  nested_ctx.work_budget = 40'000;
  Value n = nested.program->Evaluate(vars, nested_ctx);
  ASSERT_TRUE(n.is(Kind::kInt)) << DebugString(n);
  EXPECT_EQ(n.int_value(), 20000);
}

}  // namespace
}  // namespace portcullis::cel
