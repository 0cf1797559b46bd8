// The evaluator, one group of tests per kind of step: constants, identifiers and attributes,
// selection and indexing, calls, logic, literals, comprehensions; then compile errors and
// concurrent evaluation.
#include "cel/program.h"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <thread>

#include "cel/library.h"
#include "eval_helpers.h"

namespace portcullis::cel {
namespace {

using testing::CompileErrorOf;
using testing::EvalToString;
using testing::EvalValue;
using testing::ExpectAll;

std::string EvalIn(std::string_view expr, const MapActivation& vars, std::string container = "") {
  CompileOptions options;
  options.container = std::move(container);
  return DebugString(EvalValue(expr, vars, options));
}

TEST(ProgramConstantTest, LiteralsEvaluateToThemselves) {
  ExpectAll({{"42", "42"},
             {"7u", "7u"},
             {"1.5", "1.5"},
             {"'a'", "\"a\""},
             {"b'x'", "b\"x\""},
             {"null", "null"},
             {"true", "true"}});
}

TEST(ProgramIdentTest, BoundVariablesAndUnboundError) {
  MapActivation vars;
  vars.Bind("x", Value::Int(3));
  EvalContext ctx;
  EXPECT_EQ(EvalToString("x + 1", vars, ctx), "4");
  EXPECT_EQ(EvalToString("y", vars, ctx), "error: undeclared reference to 'y' (in container '')");
  // Unbound is a run-time error, which `||` can absorb.
  EXPECT_EQ(EvalToString("y || true", vars, ctx), "true");
}

TEST(ProgramIdentTest, TypeIdentifiersUnlessBound) {
  ExpectAll({{"int", "int"},
             {"google.protobuf.Timestamp", "google.protobuf.Timestamp"},
             {"type(1) == int", "true"},
             {"optional_type", "optional_type"}});
  MapActivation vars;
  vars.Bind("int", Value::String("shadowed"));
  EvalContext ctx;
  EXPECT_EQ(EvalToString("int", vars, ctx), "\"shadowed\"");
}

TEST(ProgramAttributeTest, SelectsThroughBorrowedJson) {
  auto json =
      boost::json::parse(R"({"attr": {"amount": 50, "owners": ["a", "b"], "tier": "gold"}})");
  MapActivation vars;
  vars.Bind("R", Value::FromJson(json));
  EvalContext ctx;
  EXPECT_EQ(EvalToString("R.attr.amount", vars, ctx), "50.0");
  EXPECT_EQ(EvalToString("R.attr['owners'][1]", vars, ctx), "\"b\"");
  EXPECT_EQ(EvalToString("R.attr.missing", vars, ctx), "error: no such key: missing");
  EXPECT_EQ(EvalToString("has(R.attr.tier) && !has(R.attr.x)", vars, ctx), "true");
  EXPECT_EQ(EvalToString("R.attr.amount.x", vars, ctx), "error: no such key: x");
}

// Field lookups remember where a key was last time; documents whose keys come in another order
// (or are missing) must still find the right field.
TEST(ProgramAttributeTest, FieldLookupDoesNotDependOnKeyOrder) {
  CompileResult compiled = Compile("R.b + R.a");
  ASSERT_TRUE(compiled.ok()) << compiled.FormattedErrors();
  const char* documents[] = {R"({"a": 1, "b": 10})", R"({"b": 20, "a": 2})",
                             R"({"x": 0, "y": 0, "a": 3, "b": 30})", R"({"a": 4})"};
  const char* expected[] = {"11.0", "22.0", "33.0", "error(\"no such key: b\")"};
  for (int round = 0; round < 2; ++round) {
    for (size_t i = 0; i < std::size(documents); ++i) {
      auto json = boost::json::parse(documents[i]);
      MapActivation vars;
      vars.Bind("R", Value::FromJson(json));
      EvalContext ctx;
      EXPECT_EQ(DebugString(compiled.program->Evaluate(vars, ctx)), expected[i]) << documents[i];
    }
  }
}

TEST(ProgramAttributeTest, InSearchesJsonArraysOfAnyElements) {
  auto json = boost::json::parse(R"({"mixed": [1, "a", null, 2.5, ["b"]], "strings": ["x"]})");
  MapActivation vars;
  vars.Bind("R", Value::FromJson(json));
  EvalContext ctx;
  EXPECT_EQ(EvalToString("'a' in R.mixed && !('b' in R.mixed) && 1u in R.mixed", vars, ctx),
            "true");
  EXPECT_EQ(EvalToString("2.5 in R.mixed && ['b'] in R.mixed && null in R.mixed", vars, ctx),
            "true");
  EXPECT_EQ(EvalToString("'x' in R.strings && !('' in R.strings)", vars, ctx), "true");
}

TEST(ProgramAttributeTest, LongestBoundDottedPrefixWins) {
  MapActivation vars;
  auto inner = std::make_shared<MapEntries>();
  inner->entries.emplace_back(Value::String("c"), Value::String("from a.b"));
  vars.Bind("a.b", Value::Map(inner));
  vars.Bind("a.b.c", Value::String("exact"));
  EvalContext ctx;
  EXPECT_EQ(EvalToString("a.b.c", vars, ctx), "\"exact\"");
  MapActivation only_prefix;
  only_prefix.Bind("a.b", Value::Map(inner));
  EXPECT_EQ(EvalToString("a.b.c", only_prefix, ctx), "\"from a.b\"");
}

TEST(ProgramAttributeTest, ContainerResolutionAndLeadingDot) {
  MapActivation vars;
  vars.Bind("x.y", Value::Int(1));
  vars.Bind("y", Value::Int(2));
  EXPECT_EQ(EvalIn("y", vars, "x"), "1");
  EXPECT_EQ(EvalIn(".y", vars, "x"), "2");
  EXPECT_EQ(EvalIn("y", vars, ""), "2");
  EXPECT_EQ(EvalIn("z", vars, "x"), "error(\"undeclared reference to 'z' (in container 'x')\")");
}

TEST(ProgramSelectTest, MapsAndPresenceTests) {
  ExpectAll({{"{'a': 1}.a", "1"},
             {"{'a': 1}.b", "error: no such key: b"},
             {"has({'a': 1}.a)", "true"},
             {"has({'a': 1}.b)", "false"},
             {"[1].a", "error: type 'list' does not support field selection"},
             {"has(1.a)", "error: type 'int' does not support field selection"},
             {"{'a': {'b': 2}}.a.b", "2"}});
}

TEST(ProgramIndexTest, ListsAndMaps) {
  ExpectAll({{"[7, 8, 9][1]", "8"},
             {"[7, 8, 9][dyn(2u)]", "9"},
             {"[7, 8, 9][dyn(0.0)]", "7"},
             {"[7, 8, 9][3]", "error: index out of range: 3"},
             {"[7, 8, 9][-1]", "error: index out of range: -1"},
             {"[7, 8, 9][dyn(0.5)]", "error: invalid_argument: unsupported list index 0.5"},
             {"{1: 'one', 2u: 'two'}[2]", "\"two\""},
             {"{1: 'one'}[1.0]", "\"one\""},
             {"{1: 'one'}[2]", "error: no such key: 2"},
             {"{'k': 1}[dyn(b'k')]", "error: no such key: b\"k\""},
             {"1[0]", "error: no such overload: _[_] applied to 'int'"}});
  MapActivation vars;
  vars.Bind("i", Value::Int(2));
  EvalContext ctx;
  EXPECT_EQ(EvalToString("[1, 2, 3][i]", vars, ctx), "3");
  EXPECT_EQ(EvalToString("[1, 2, 3][i + 5]", vars, ctx), "error: index out of range: 7");
}

TEST(ProgramCallTest, DispatchesOnArgumentKinds) {
  ExpectAll({{"1 + 2", "3"},
             {"1u + 2u", "3u"},
             {"'a' + 'b'", "\"ab\""},
             {"[1] + [2]", "[1, 2]"},
             {"dyn(1) + 'a'", "error: no such overload: _+_"},
             {"'abc'.size() + size([1, 2])", "5"}});
}

TEST(ProgramCallTest, StrictArgumentsPropagateTheFirstError) {
  ExpectAll({{"(1 / 0) + (2 % 0)", "error: divide by zero"},
             {"size(1 / 0)", "error: divide by zero"},
             {"[1, 1 / 0, 2 % 0]", "error: divide by zero"},
             {"{'a': 1 / 0}", "error: divide by zero"}});
}

TEST(ProgramCallTest, QualifiedFunctionNames) {
  ExpectAll({{"optional.of(1).value()", "1"}, {"optional.none().hasValue()", "false"}});
}

TEST(ProgramLogicTest, ShortCircuitAndErrorCommutativity) {
  ExpectAll({{"false && (1 / 0 == 1)", "false"},
             {"(1 / 0 == 1) && false", "false"},
             {"true || (1 / 0 == 1)", "true"},
             {"(1 / 0 == 1) || true", "true"},
             {"(1 / 0 == 1) && true", "error: divide by zero"},
             {"false || (1 / 0 == 1)", "error: divide by zero"},
             {"'a' && true", "error: no such overload: _&&_"},
             {"'a' || false", "error: no such overload: _||_"},
             {"'a' && false", "false"},
             {"true ? 1 : 1 / 0", "1"},
             {"false ? 1 / 0 : 2", "2"},
             {"'x' ? 1 : 2", "error: no such overload: _?_:_"},
             {"1 / 0 == 1 ? 1 : 2", "error: divide by zero"}});
}

TEST(ProgramCreateTest, ListsAndMapsWithOptionalEntries) {
  ExpectAll({{"[1, 'a', [2]]", "[1, \"a\", [2]]"},
             {"[?optional.of(1), ?optional.none(), 2]", "[1, 2]"},
             {"{'a': 1, ?'b': optional.none(), ?'c': optional.of(3)}", "{\"a\": 1, \"c\": 3}"},
             {"[?1]", "error: no such overload: optional entry of type 'int'"},
             {"{'a': 1, 'a': 2}", "error: Failed with repeated key"},
             {"{1: 1, 1u: 2}", "error: Failed with repeated key"},
             {"{1.5: 1}", "error: unsupported key type"}});
  MapActivation vars;
  vars.Bind("x", Value::Int(5));
  EvalContext ctx;
  EXPECT_EQ(EvalToString("{'k': x, x: [x]}", vars, ctx), "{\"k\": 5, 5: [5]}");
}

TEST(ProgramCreateTest, MessageConstructionIsAnUnknownType) {
  EXPECT_EQ(EvalToString("Foo{a: 1}"), "error: unknown type: Foo");
}

TEST(ProgramComprehensionTest, Quantifiers) {
  ExpectAll({{"[1, 2, 3].all(x, x > 0)", "true"},
             {"[1, 2, 3].exists(x, x == 2)", "true"},
             {"[1, 2, 3].exists_one(x, x > 1)", "false"},
             {"{'a': 1, 'b': 2}.all(k, k in ['a', 'b'])", "true"},
             {"[1, 2].all(i, v, i < v)", "true"},
             {"{'a': 1}.exists(k, v, k == 'a' && v == 1)", "true"},
             // An error is absorbed when another iteration decides the result.
             {"[0, 1].exists(x, 1 / x == 1)", "true"},
             {"[0, 1].all(x, 1 / x == 1)", "error: divide by zero"},
             {"[0, 2].all(x, 1 / x == 1)", "false"},
             {"[0, 1].exists(x, 1 / x == 5)", "error: divide by zero"},
             {"[0, 'a', 1].exists(x, 1 / x == 1)", "true"},
             {"[1, 'a'].all(x, x > 0)", "error: no such overload: _>_"}});
}

TEST(ProgramComprehensionTest, Transforms) {
  ExpectAll(
      {{"[1, 2, 3].map(x, x * 2)", "[2, 4, 6]"},
       {"[1, 2, 3].map(x, x > 1, x * 10)", "[20, 30]"},
       {"[1, 2, 3, 4].filter(x, x % 2 == 0)", "[2, 4]"},
       {"{'a': 1}.map(k, k + '!')", "[\"a!\"]"},
       {"[5, 6].transformList(i, v, i + v)", "[5, 7]"},
       {"{'a': 1, 'b': 2}.transformMap(k, v, v * 2)", "{\"a\": 2, \"b\": 4}"},
       {"{'a': 1, 'b': 2}.transformMap(k, v, k == 'b', v)", "{\"b\": 2}"},
       {"{'a': 1}.transformMapEntry(k, v, {v: k})", "{1: \"a\"}"},
       {"{'a': 1, 'b': 1}.transformMapEntry(k, v, {v: k})", "error: Failed with repeated key"},
       {"[2, 1, 0].map(n, 4 / n)", "error: divide by zero"},
       {"[3, 0].filter(n, 12 / n > 1)", "error: divide by zero"},
       {"1.map(x, x)",
        "error: expression of type 'int' cannot be the range of a comprehension (must be "
        "list or map)"}});
}

TEST(ProgramComprehensionTest, BindAndNestingAndShadowing) {
  ExpectAll({{"cel.bind(x, 2, x * x)", "4"},
             {"cel.bind(a, [1, 2], a.map(x, a.map(y, x * y)))", "[[1, 2], [2, 4]]"},
             {"[1, 2].map(x, [10].map(x, x + 1))", "[[11], [11]]"},
             {"[[1, 2], [3]].map(l, l.exists(x, x == 3))", "[false, true]"}});
  // A comprehension variable shadows a binding of the same name; the binding is used outside.
  MapActivation vars;
  vars.Bind("x", Value::Int(100));
  EvalContext ctx;
  EXPECT_EQ(EvalToString("[1].map(x, x) + [x]", vars, ctx), "[1, 100]");
}

TEST(ProgramCompileTest, ErrorsCarryPositions) {
  CompileResult unknown_function = Compile("1 + nope(2)");
  ASSERT_FALSE(unknown_function.ok());
  EXPECT_EQ(unknown_function.errors[0].message, "undeclared reference to 'nope'");
  EXPECT_EQ(unknown_function.errors[0].line, 1);
  EXPECT_EQ(unknown_function.errors[0].column, 9);
  EXPECT_EQ(CompileErrorOf("size(1, 2)"), "no matching overload for 'size' with 2 argument(s)");
  EXPECT_EQ(CompileErrorOf("'a'.contains()"),
            "no matching overload for 'contains' as a method with 0 argument(s)");
  EXPECT_NE(CompileErrorOf("'a'.matches('(')").find("invalid regular expression '('"),
            std::string::npos);
  EXPECT_NE(CompileErrorOf("timestamp('not a time')").find("invalid RFC 3339"), std::string::npos);
  EXPECT_EQ(CompileErrorOf("1 +"), CompileErrorOf("1 +"));  // parse errors come through
  EXPECT_FALSE(Compile("1 +").ok());
}

TEST(ProgramCompileTest, UnboundFunctionsCanBeDeferredToRunTime) {
  CompileOptions options;
  options.defer_unbound_functions = true;
  MapActivation vars;
  EXPECT_EQ(DebugString(EvalValue("nope(1)", vars, options)),
            "error(\"undeclared reference to 'nope'\")");
  EXPECT_EQ(DebugString(EvalValue("a.nope() || true", vars, options)), "true");
  EXPECT_EQ(DebugString(EvalValue("size(1, 2)", vars, options)),
            "error(\"no matching overload for 'size' with 2 argument(s)\")");
}

TEST(ProgramCompileTest, ConstantFoldingKeepsRuntimeErrorsAsValues) {
  // `1 / 0` is folded at compile time into its error value, not a compile error.
  EXPECT_EQ(CompileErrorOf("1 / 0"), "");
  EXPECT_EQ(EvalToString("1 / 0 == 0 || true"), "true");
}

TEST(ProgramCompileTest, NowIsNotFolded) {
  FunctionRegistry registry;
  AddStandardLibrary(registry);
  registry.AddGlobal("now", "now", {}, [](std::span<const Value>, EvalContext& ctx) {
    return Value::Timestamp(ctx.now);
  });
  CompileOptions options;
  options.registry = &registry;
  CompileResult compiled = Compile("now()", options);
  ASSERT_TRUE(compiled.ok());
  MapActivation vars;
  EvalContext ctx;
  ctx.now = Timestamp{1234, 0};
  EXPECT_EQ(compiled.program->Evaluate(vars, ctx).timestamp_value().seconds, 1234);
}

TEST(ProgramCompileTest, ContextReadingOverloadsAreNotFolded) {
  FunctionRegistry registry;
  AddStandardLibrary(registry);
  Overload since;
  since.id = "seconds_since";
  since.args = {ArgKind::Of(Kind::kInt)};
  since.reads_context = true;
  since.impl = [](std::span<const Value> a, EvalContext& ctx) {
    return Value::Int(ctx.now.seconds - a[0].int_value());
  };
  registry.Add("secondsSince", std::move(since));
  CompileOptions options;
  options.registry = &registry;
  CompileResult compiled = Compile("secondsSince(100)", options);
  ASSERT_TRUE(compiled.ok());
  MapActivation vars;
  EvalContext ctx;
  ctx.now = Timestamp{150, 0};
  EXPECT_EQ(compiled.program->Evaluate(vars, ctx).int_value(), 50);
}

TEST(ProgramConcurrencyTest, OneProgramFromFourThreads) {
  CompileResult compiled = Compile(
      "R.attr.args.amount <= C.limits[P.attr.tier] && P.id in R.attr.assignees && "
      "R.attr.tags.map(t, t + '!').exists(t, t == 'x!')");
  ASSERT_TRUE(compiled.ok()) << compiled.FormattedErrors();
  auto resource = boost::json::parse(
      R"({"attr": {"args": {"amount": 50}, "assignees": ["u1", "u2"], "tags": ["a", "x"]}})");
  auto config = boost::json::parse(R"({"limits": {"gold": 100, "silver": 10}})");
  std::vector<std::thread> threads;
  std::atomic<int> wrong = 0;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      auto principal =
          boost::json::parse(t % 2 == 0 ? R"({"id": "u1", "attr": {"tier": "gold"}})"
                                        : R"({"attr": {"tier": "silver"}, "id": "u2"})");
      MapActivation vars;
      vars.Bind("R", Value::FromJson(resource));
      vars.Bind("C", Value::FromJson(config));
      vars.Bind("P", Value::FromJson(principal));
      for (int i = 0; i < 2000; ++i) {
        EvalContext ctx;
        Value v = compiled.program->Evaluate(vars, ctx);
        if (!v.is(Kind::kBool) || v.bool_value() != (t % 2 == 0)) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace portcullis::cel
