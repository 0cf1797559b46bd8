// The standard library's comparisons: equality of every kind, ordering across numeric kinds,
// `in` on lists and maps, logical not.
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "lib_test_util.h"

namespace portcullis::cel {
namespace {

using testing::ExpectAll;
using testing::ExpectAllTrue;

TEST(StandardComparisonTest, EqualityAcrossKinds) {
  ExpectAllTrue({"1 == 1.0", "1u == 1", "1.0 == 1u", "!(1 == 1.5)", "'a' == 'a'", "b'a' == b'a'",
                 "null == null", "[1, [2]] == [1.0, [2u]]", "{'a': 1} == {'a': 1.0}",
                 "!({'a': 1} == {'a': 2})", "!(1 == 'a')", "!(null == 0)", "type(1) == int",
                 "!(int == uint)", "1 != 2", "!(double('NaN') == double('NaN'))",
                 "timestamp('2009-02-13T23:31:30Z') == timestamp(1234567890)",
                 "duration('60s') == duration('1m')"});
}

TEST(StandardComparisonTest, Ordering) {
  ExpectAllTrue({"1 < 2", "2u > 1u", "1.5 >= 1.5", "1 < 1.5", "2u > 1.5", "-1 < 0u",
                 "18446744073709551615u > 9223372036854775807", "'a' < 'b'", "'ab' > 'a'",
                 "b'a' < b'b'", "false < true", "duration('1s') < duration('2s')",
                 "timestamp(1) > timestamp(0)", "!(double('NaN') < 1.0)",
                 "!(double('NaN') >= 1.0)"});
  ExpectAll({{"null < null", "error: no such overload: _<_"},
             {"[0] < [1]", "error: no such overload: _<_"},
             {"'a' <= 1", "error: no such overload: _<=_"},
             {"{1: 1} > {0: 0}", "error: no such overload: _>_"},
             {"true >= 0", "error: no such overload: _>=_"}});
}

TEST(StandardComparisonTest, InListsAndMaps) {
  ExpectAllTrue({"2 in [1, 2]", "2.0 in [1, 2]", "2u in [1, 2]", "!(3 in [1, 2])",
                 "'a' in ['b', 'a']", "!('a' in [])", "[1] in [[1], [2]]", "'k' in {'k': 1}",
                 "!('v' in {'k': 'v'})", "1u in {1: 'a'}", "1.0 in {1u: 'a'}",
                 "!(1.5 in {1: 'a'})"});
  ExpectAll({{"1 in 1", "error: no such overload: @in"}});
  auto json = boost::json::parse(R"({"ids": ["u1", "u2"], "by_id": {"u1": true}})");
  MapActivation vars;
  vars.Bind("R", Value::FromJson(json));
  EvalContext ctx;
  EXPECT_EQ(testing::EvalToString("'u2' in R.ids && 'u1' in R.by_id && !(1 in R.by_id)", vars, ctx),
            "true");
}

TEST(StandardComparisonTest, LogicalNot) {
  ExpectAll({{"!true", "false"}, {"!false", "true"}, {"!0", "error: no such overload: !_"}});
}

}  // namespace
}  // namespace portcullis::cel
