// The standard library's string functions: size, contains, startsWith, endsWith, matches.
#include <gtest/gtest.h>

#include "lib_test_util.h"

namespace portcullis::cel {
namespace {

using testing::ExpectAll;

TEST(StandardStringsTest, SizeCountsCodePointsAndBytes) {
  ExpectAll({{"size('πέντε')", "5"},
             {"'🐱'.size()", "1"},
             {"size(b'abc')", "3"},
             {"b'\\xff\\x00'.size()", "2"},
             {"size('')", "0"},
             {"size(1)", "error: no such overload: size"}});
}

TEST(StandardStringsTest, ContainsStartsWithEndsWith) {
  ExpectAll({{"'hello'.contains('ell')", "true"},
             {"'hello'.contains('')", "true"},
             {"''.contains('a')", "false"},
             {"'завтра'.startsWith('за')", "true"},
             {"'foobar'.startsWith('bar')", "false"},
             {"'forté'.endsWith('té')", "true"},
             {"'foo'.endsWith('oo ')", "false"}});
}

TEST(StandardStringsTest, MatchesIsAnUnanchoredRe2Search) {
  ExpectAll({{"'hubba'.matches('ubb')", "true"},
             {"matches('hubba', '^ubb')", "false"},
             {"'mañana'.matches('a+ñ+a+')", "true"},
             {"'🐱😀😀'.matches('(a|😀){2}')", "true"},
             {"''.matches('')", "true"}});
  // A pattern known only at run time is compiled then; an invalid one is an error value.
  MapActivation vars;
  vars.Bind("p", Value::String("a("));
  vars.Bind("q", Value::String("^h.*o$"));
  EvalContext ctx;
  EXPECT_EQ(testing::EvalToString("'hello'.matches(q)", vars, ctx), "true");
  EXPECT_EQ(testing::EvalToString("'a'.matches(p)", vars, ctx),
            "error: invalid regular expression 'a(': missing ): a(");
}

}  // namespace
}  // namespace portcullis::cel
