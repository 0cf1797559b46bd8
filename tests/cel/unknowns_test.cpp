// Partial evaluation: attribute patterns declared unknown, and how unknowns propagate through
// functions and are absorbed by the logical operators.
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "eval_helpers.h"

namespace portcullis::cel {
namespace {

using testing::EvalValue;

// An activation binding `R` to a JSON document, with the given unknown patterns.
class UnknownsTest : public ::testing::Test {
 protected:
  UnknownsTest()
      : resource_(boost::json::parse(
            R"({"attr": {"args": {"amount": 50, "x": 2}, "owner": "u1", "list": [1, 2]}})")),
        principal_(boost::json::parse(R"({"id": "u1", "role": "admin"})")) {
    vars_.Bind("R", Value::FromJson(resource_));
    vars_.Bind("P", Value::FromJson(principal_));
  }

  void DeclareUnknown(std::string variable, std::vector<std::string> qualifiers) {
    vars_.DeclareUnknown({std::move(variable), std::move(qualifiers)});
  }

  std::string Eval(std::string_view expr) { return DebugString(EvalValue(expr, vars_)); }

  boost::json::value resource_;
  boost::json::value principal_;
  MapActivation vars_;
};

TEST_F(UnknownsTest, NoPatternsMeansFullEvaluation) {
  EXPECT_EQ(Eval("R.attr.args.amount <= 100.0"), "true");
}

TEST_F(UnknownsTest, AccessBelowThePatternIsUnknown) {
  DeclareUnknown("R", {"attr", "args"});
  EXPECT_EQ(Eval("R.attr.args.amount <= 100.0"), "unknown{R.attr.args.amount}");
  EXPECT_EQ(Eval("R.attr.args"), "unknown{R.attr.args}");
  EXPECT_EQ(Eval("R.attr['args']['x']"), "unknown{R.attr[\"args\"][\"x\"]}");
  EXPECT_EQ(Eval("has(R.attr.args.x)"), "unknown{R.attr.args.x}");
}

TEST_F(UnknownsTest, AccessAboveThePatternIsUnknown) {
  DeclareUnknown("R", {"attr", "args"});
  // `R.attr` contains the unknown attribute, so its value is not known either.
  EXPECT_EQ(Eval("R.attr"), "unknown{R.attr}");
  EXPECT_EQ(Eval("size(R)"), "unknown{R}");
}

TEST_F(UnknownsTest, UnrelatedAccessesAreKnown) {
  DeclareUnknown("R", {"attr", "args"});
  EXPECT_EQ(Eval("R.attr.owner"), "\"u1\"");
  EXPECT_EQ(Eval("P.id == R.attr.owner"), "true");
}

TEST_F(UnknownsTest, WildcardMatchesAnyOneQualifier) {
  DeclareUnknown("R", {"attr", "*", "amount"});
  EXPECT_EQ(Eval("R.attr.args.amount"), "unknown{R.attr.args.amount}");
  EXPECT_EQ(Eval("R.attr.list[0]"), "1.0");
  EXPECT_EQ(Eval("R.attr"), "unknown{R.attr}");
  EXPECT_EQ(Eval("R.attr.args.x"), "2.0");
  // `R.attr.owner` might contain an `amount`: a prefix of the pattern, so unknown.
  EXPECT_EQ(Eval("R.attr.owner"), "unknown{R.attr.owner}");
}

TEST_F(UnknownsTest, ConstantIndexesAreQualifiers) {
  DeclareUnknown("R", {"attr", "list", "0"});
  EXPECT_EQ(Eval("R.attr.list[0]"), "unknown{R.attr.list[0]}");
  EXPECT_EQ(Eval("R.attr.list[1]"), "2.0");
}

TEST_F(UnknownsTest, WholeVariableUnknown) {
  DeclareUnknown("P", {});
  EXPECT_EQ(Eval("P.role == 'admin'"), "unknown{P.role}");
  // Unbound but declared unknown: still unknown, not an undeclared reference.
  DeclareUnknown("Q", {});
  EXPECT_EQ(Eval("Q.x"), "unknown{Q.x}");
}

TEST_F(UnknownsTest, PolicyConditions) {
  DeclareUnknown("R", {"attr", "args"});
  EXPECT_EQ(Eval("P.role == 'admin' || R.attr.args.x > 1"), "true");
  EXPECT_EQ(Eval("P.role == 'viewer' || R.attr.args.x > 1"), "unknown{R.attr.args.x}");
  EXPECT_EQ(Eval("P.role == 'viewer' && R.attr.args.x > 1"), "false");
}

TEST_F(UnknownsTest, StrictFunctionsMergeUnknowns) {
  DeclareUnknown("R", {"attr", "args"});
  EXPECT_EQ(Eval("R.attr.args.x + R.attr.args.amount"),
            "unknown{R.attr.args.amount, R.attr.args.x}");
  // Unknowns take precedence over errors among strict arguments.
  EXPECT_EQ(Eval("(1 / 0) + R.attr.args.x"), "unknown{R.attr.args.x}");
  EXPECT_EQ(Eval("[R.attr.args.x, 1 / 0]"), "unknown{R.attr.args.x}");
  EXPECT_EQ(Eval("{'a': R.attr.args.x}"), "unknown{R.attr.args.x}");
  EXPECT_EQ(Eval("R.attr.args.x == 2.0"), "unknown{R.attr.args.x}");
  EXPECT_EQ(Eval("!(R.attr.args.x == 2.0)"), "unknown{R.attr.args.x}");
  EXPECT_EQ(Eval("[1, 2][R.attr.args.x]"), "unknown{R.attr.args.x}");
}

TEST_F(UnknownsTest, TernaryWithUnknownCondition) {
  DeclareUnknown("R", {"attr", "args"});
  EXPECT_EQ(Eval("R.attr.args.x > 1 ? 1 / 0 : 2"), "unknown{R.attr.args.x}");
  EXPECT_EQ(Eval("true ? R.attr.args.x : 1 / 0"), "unknown{R.attr.args.x}");
  EXPECT_EQ(Eval("false ? R.attr.args.x : 3"), "3");
}

TEST_F(UnknownsTest, ComprehensionsOverUnknowns) {
  DeclareUnknown("R", {"attr", "args"});
  // @not_strictly_false keeps iterating past an unknown.
  EXPECT_EQ(Eval("[1, 2].all(i, R.attr.args.x > i)"), "unknown{R.attr.args.x}");
  EXPECT_EQ(Eval("[1, 2].exists(i, i == 2 || R.attr.args.x > i)"), "true");
  EXPECT_EQ(Eval("[1, 2].all(i, i > 1 && R.attr.args.x > i)"), "false");
  EXPECT_EQ(Eval("R.attr.args.map(k, k)"), "unknown{R.attr.args}");
  EXPECT_EQ(Eval("[1, 2].map(i, R.attr.args.x + i)"), "unknown{R.attr.args.x}");
}

// The absorption tables of `&&`, `||` and `?:` over true, false, error and unknown operands.
struct Operand {
  const char* expr;
  const char* name;
};
constexpr Operand kOperands[] = {
    {"true", "T"}, {"false", "F"}, {"(1 / 0 == 1)", "E"}, {nullptr, "U"}};

std::string Shorthand(const Value& v) {
  if (v.is(Kind::kBool)) return v.bool_value() ? "T" : "F";
  if (v.IsError()) return "E";
  if (v.IsUnknown()) return "U" + std::to_string(v.unknown_set().attributes.size());
  return "?" + DebugString(v);
}

TEST_F(UnknownsTest, AbsorptionTables) {
  DeclareUnknown("R", {"attr", "args"});
  auto operand = [](int i, const char* unknown) {
    return std::string(kOperands[i].expr ? kOperands[i].expr : unknown);
  };
  // Rows: left operand T, F, E, U; columns: right operand T, F, E, U. "U2": both unknowns merged.
  const char* kAnd[4][4] = {
      {"T", "F", "E", "U1"}, {"F", "F", "F", "F"}, {"E", "F", "E", "U1"}, {"U1", "F", "U1", "U2"}};
  const char* kOr[4][4] = {
      {"T", "T", "T", "T"}, {"T", "F", "E", "U1"}, {"T", "E", "E", "U1"}, {"T", "U1", "U1", "U2"}};
  for (int l = 0; l < 4; ++l) {
    for (int r = 0; r < 4; ++r) {
      std::string left = operand(l, "R.attr.args.a"), right = operand(r, "R.attr.args.b");
      EXPECT_EQ(Shorthand(EvalValue(left + " && " + right, vars_)), kAnd[l][r])
          << kOperands[l].name << " && " << kOperands[r].name;
      EXPECT_EQ(Shorthand(EvalValue(left + " || " + right, vars_)), kOr[l][r])
          << kOperands[l].name << " || " << kOperands[r].name;
    }
  }
  // `c ? E : U`: only the chosen branch counts; an error or unknown condition is the result.
  const char* kTernary[4] = {"E", "U1", "E", "U1"};
  for (int c = 0; c < 4; ++c) {
    std::string expr = operand(c, "R.attr.args.c") + " ? (1 / 0 == 1) : R.attr.args.b";
    EXPECT_EQ(Shorthand(EvalValue(expr, vars_)), kTernary[c]) << kOperands[c].name;
  }
}

}  // namespace
}  // namespace portcullis::cel
