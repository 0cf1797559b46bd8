// The nested-call shortcut (NestedCallShortcut in function.h): `f(g(x), g(y))` decided from x and
// y when both argument calls dispatch to the shortcut's overload, made as written otherwise. A
// test registry counts which implementations run; its twin without the shortcut gives the
// answers the shortcut must reproduce.
#include <gtest/gtest.h>

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "cel/program.h"
#include "cel/value_ops.h"
#include "eval_helpers.h"

namespace portcullis::cel {
namespace {

struct Calls {
  int wrap_string = 0;
  int wrap_list = 0;
  int same = 0;
  int shortcut = 0;
};

// wrap(string) is a one-element list, wrap(list) the list itself; a.same(b) whether two lists
// are equal. With the shortcut, same() compares two wrapped strings directly.
std::unique_ptr<FunctionRegistry> MakeRegistry(Calls& calls, bool with_shortcut) {
  using Args = std::span<const Value>;
  auto registry = std::make_unique<FunctionRegistry>();
  registry->AddGlobal("wrap", "wrap_string", {ArgKind::Of(Kind::kString)},
                      [&calls](Args a, EvalContext&) {
                        ++calls.wrap_string;
                        return Value::List({a[0]});
                      });
  registry->AddGlobal("wrap", "wrap_list", {ArgKind::Of(Kind::kList)},
                      [&calls](Args a, EvalContext&) {
                        ++calls.wrap_list;
                        return a[0];
                      });
  Overload same;
  same.id = "same_lists";
  same.receiver_style = true;
  same.args = {ArgKind::Of(Kind::kList), ArgKind::Of(Kind::kList)};
  same.impl = [&calls](Args a, EvalContext&) {
    ++calls.same;
    return Value::Bool(Equal(a[0], a[1]));
  };
  if (with_shortcut) {
    same.nested_shortcut = NestedCallShortcut{"wrap_string", [&calls](Args a, EvalContext&) {
                                                ++calls.shortcut;
                                                return Value::Bool(a[0].str() == a[1].str());
                                              }};
  }
  registry->Add("same", std::move(same));
  return registry;
}

class NestedShortcutTest : public ::testing::Test {
 protected:
  NestedShortcutTest()
      : with_(MakeRegistry(calls_, true)), without_(MakeRegistry(twin_calls_, false)) {
    vars_.Bind("x", Value::String("a"));
    vars_.Bind("y", Value::String("a"));
    vars_.Bind("z", Value::String("b"));
    vars_.Bind("l", Value::List({Value::String("a")}));
    vars_.DeclareUnknown({"u", {}});
    vars_.DeclareUnknown({"v", {}});
  }

  // The result with the shortcut registry, after checking that the twin agrees.
  std::string Eval(std::string_view expr) {
    calls_ = {};
    std::string result = DebugString(testing::EvalValue(expr, vars_, Options(*with_)));
    EXPECT_EQ(result, DebugString(testing::EvalValue(expr, vars_, Options(*without_)))) << expr;
    return result;
  }

  static CompileOptions Options(const FunctionRegistry& registry) {
    CompileOptions options;
    options.registry = &registry;
    return options;
  }

  Calls calls_;
  Calls twin_calls_;
  std::unique_ptr<FunctionRegistry> with_;
  std::unique_ptr<FunctionRegistry> without_;
  MapActivation vars_;
};

TEST_F(NestedShortcutTest, DecidesFromTheArgumentsOfTheArgumentCalls) {
  EXPECT_EQ(Eval("wrap(x).same(wrap(y))"), "true");
  EXPECT_EQ(calls_.shortcut, 1);
  EXPECT_EQ(calls_.wrap_string + calls_.same, 0);
  EXPECT_EQ(Eval("wrap(x).same(wrap(z))"), "false");
  EXPECT_EQ(calls_.shortcut, 1);
  // One constant argument call is not folded away from the shortcut.
  EXPECT_EQ(Eval("wrap('a').same(wrap(x))"), "true");
  EXPECT_EQ(calls_.shortcut, 1);
  EXPECT_EQ(calls_.wrap_string + calls_.same, 0);
}

TEST_F(NestedShortcutTest, MakesTheCallsWhenAnArgumentCallDispatchesElsewhere) {
  EXPECT_EQ(Eval("wrap(x).same(wrap(l))"), "true");
  EXPECT_EQ(calls_.shortcut, 0);
  EXPECT_EQ(calls_.wrap_string, 1);
  EXPECT_EQ(calls_.wrap_list, 1);
  EXPECT_EQ(calls_.same, 1);
  EXPECT_EQ(Eval("wrap(wrap(x)).same(wrap(y))"), "true");
  EXPECT_EQ(calls_.shortcut, 0);
  EXPECT_EQ(calls_.wrap_list, 1);
  EXPECT_EQ(calls_.same, 1);
  // No overload of wrap takes an int: the error of the argument call is the result.
  EXPECT_EQ(Eval("wrap(1).same(wrap(x))"), "error(\"no such overload: wrap\")");
  EXPECT_EQ(calls_.shortcut + calls_.same, 0);
}

TEST_F(NestedShortcutTest, ErrorsAndUnknownsPropagateAsWithoutIt) {
  for (auto [expr, expected] : {
           std::pair{"wrap(nope).same(wrap(y))",
                     "error(\"undeclared reference to 'nope' (in container '')\")"},
           std::pair{"wrap(u).same(wrap(y))", "unknown{u}"},
           std::pair{"wrap(u).same(wrap(v))", "unknown{u, v}"},
           std::pair{"wrap(nope).same(wrap(u))", "unknown{u}"},
       }) {
    EXPECT_EQ(Eval(expr), expected);
    EXPECT_EQ(calls_.shortcut + calls_.same, 0) << expr;
  }
}

TEST_F(NestedShortcutTest, OtherShapesAreOrdinaryCalls) {
  for (const char* expr : {"wrap(x).same(l)", "[x].same(wrap(y))", "l.same(l)"}) {
    EXPECT_EQ(Eval(expr), "true");
    EXPECT_EQ(calls_.shortcut, 0) << expr;
    EXPECT_EQ(calls_.same, 1) << expr;
  }
}

TEST_F(NestedShortcutTest, ConstantArgumentsAreFoldedAtCompileTime) {
  CompileResult compiled = Compile("wrap('a').same(wrap('b'))", Options(*with_));
  ASSERT_TRUE(compiled.ok()) << compiled.FormattedErrors();
  calls_ = {};
  EvalContext ctx;
  EXPECT_EQ(DebugString(compiled.program->Evaluate(vars_, ctx)), "false");
  EXPECT_EQ(calls_.shortcut + calls_.wrap_string + calls_.same, 0);
}

}  // namespace
}  // namespace portcullis::cel
