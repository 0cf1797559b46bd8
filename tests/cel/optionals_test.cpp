// The optionals library and the optional field selection and indexing of the evaluator.
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "lib_test_util.h"

namespace portcullis::cel {
namespace {

using testing::ExpectAll;

TEST(OptionalsTest, Constructors) {
  ExpectAll({{"optional.of(1)", "optional.of(1)"},
             {"optional.of(null).hasValue()", "true"},
             {"optional.none()", "optional.none()"},
             {"optional.ofNonZeroValue(1)", "optional.of(1)"}});
  for (const char* zero : {"0", "0u", "0.0", "''", "b''", "false", "null", "[]", "{}",
                           "duration('0s')", "timestamp(0)"}) {
    EXPECT_EQ(testing::EvalToString(std::string("optional.ofNonZeroValue(") + zero + ")"),
              "optional.none()")
        << zero;
  }
}

TEST(OptionalsTest, Accessors) {
  ExpectAll({{"optional.of(1).value()", "1"},
             {"optional.none().value()", "error: optional.none() dereference"},
             {"optional.none().or(optional.of(2))", "optional.of(2)"},
             {"optional.of(1).or(optional.of(2))", "optional.of(1)"},
             {"optional.none().orValue(42)", "42"},
             {"optional.of(1).orValue(42)", "1"},
             {"optional.of(1).optMap(x, x + 1)", "optional.of(2)"},
             {"optional.none().optMap(x, x + 1)", "optional.none()"},
             {"optional.of(1).optFlatMap(x, optional.ofNonZeroValue(x - 1))", "optional.none()"},
             {"1.hasValue()", "error: no such overload: hasValue"}});
}

TEST(OptionalsTest, Equality) {
  ExpectAll({{"optional.none() == optional.none()", "true"},
             {"optional.of(1) == optional.of(1.0)", "true"},
             {"optional.of(1) != optional.none()", "true"}});
}

TEST(OptionalsTest, OptionalSelectAndIndex) {
  ExpectAll({{"{'a': 1}.?a", "optional.of(1)"},
             {"{'a': 1}.?b", "optional.none()"},
             {"{'a': {'b': 2}}.?a.b", "optional.of(2)"},
             {"{'a': {}}.?a.b", "optional.none()"},
             {"{}.?a.b", "optional.none()"},
             {"[1, 2][?1]", "optional.of(2)"},
             {"[1, 2][?5]", "optional.none()"},
             {"{1: 'x'}[?1.0]", "optional.of(\"x\")"},
             {"optional.of([1])[0]", "optional.of(1)"},
             {"optional.none()[0]", "optional.none()"},
             {"optional.of({'c': {}}).c.missing.orValue('default')", "\"default\""},
             {"has({}.?x.y)", "false"},
             {"has({'x': {'y': 1}}.?x.y)", "true"},
             {"{'a': null}.?a.b", "error: type 'null_type' does not support field selection"},
             {"1.?a", "error: type 'int' does not support field selection"},
             {"[1][?'a']", "error: invalid_argument: unsupported list index \"a\""}});
}

TEST(OptionalsTest, OptionalSelectOnJson) {
  auto json = boost::json::parse(R"({"attr": {"tier": "gold"}})");
  MapActivation vars;
  vars.Bind("R", Value::FromJson(json));
  EvalContext ctx;
  EXPECT_EQ(testing::EvalToString("R.attr.?tier.orValue('none')", vars, ctx), "\"gold\"");
  EXPECT_EQ(testing::EvalToString("R.attr.?level.orValue('none')", vars, ctx), "\"none\"");
}

}  // namespace
}  // namespace portcullis::cel
