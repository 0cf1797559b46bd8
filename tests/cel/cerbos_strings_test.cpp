#include <gtest/gtest.h>

#include "lib_test_util.h"

namespace portcullis::cel {
namespace {

using testing::ExpectAll;

TEST(CerbosStringsTest, RegexReplace) {
  ExpectAll({
      {"regex.replace('hello world hello', 'hello', 'hi')", "\"hi world hi\""},
      {"regex.replace('banana', 'a', 'x', 0)", "\"banana\""},
      {"regex.replace('banana', 'a', 'x', 2)", "\"bxnxna\""},
      {"regex.replace('banana', 'a', 'x', -1)", "\"bxnxnx\""},
      {"regex.replace('abc', '(b)', '[\\\\1]')", "\"a[b]c\""},
      {"regex.replace('abc', 'x*', '-')", "\"-a-b-c-\""},
      {"regex.replace('a©c', '', '.')", "\".a.©.c.\""},
      {"regex.replace('abc', 'b', '\\\\2')",
       "error: invalid replacement string: Rewrite schema requests 2 matches, but the regexp "
       "only has 0 parenthesized subexpressions."},
  });
  EXPECT_EQ(testing::EvalToString("regex.replace('abc', '(', 'x')").substr(0, 30),
            "error: given regex is invalid:");
  MapActivation vars;
  vars.Bind("pattern", Value::String("("));
  EvalContext ctx;
  EXPECT_EQ(testing::EvalToString("regex.replace('abc', pattern, 'x')", vars, ctx).substr(0, 30),
            "error: given regex is invalid:");
}

TEST(CerbosStringsTest, RegexExtract) {
  ExpectAll({
      {"regex.extractAll('id:123, id:456', 'id:\\\\d+')", "[\"id:123\", \"id:456\"]"},
      {"regex.extractAll('id:123, id:456', 'id:(\\\\d+)')", "[\"123\", \"456\"]"},
      {"regex.extractAll('abc', 'x')", "[]"},
      {"regex.extractAll('ab', '(x)?b')", "[]"},
      {"regex.extractAll('a1b2', '(\\\\d)(\\\\w)')",
       "error: regular expression has more than one capturing group: \"(\\\\d)(\\\\w)\""},
      {"regex.extract('hello world', 'w(o)rld').value()", "\"o\""},
      {"regex.extract('hello world', 'wor..').value()", "\"world\""},
      {"regex.extract('hello world', 'xyz').hasValue()", "false"},
  });
}

TEST(CerbosStringsTest, JsonEncode) {
  ExpectAll({
      {"json.encode({'b': 1, 'a': [true, null, 'x<y'], 'c': 1.5, 'd': 2.0})",
       R"("{\"a\":[true,null,\"x\\u003cy\"],\"b\":1,\"c\":1.5,\"d\":2}")"},
      {"json.encode('tab\\there')", R"("\"tab\\there\"")"},
      {"json.encode(1e21)", R"("1e+21")"},
      {"json.encode(0.0000001)", R"("1e-7")"},
      {"json.encode(b'hi')", R"("\"aGk=\"")"},
      {"json.encode(timestamp('2021-01-01T00:00:00Z'))", R"("\"2021-01-01T00:00:00Z\"")"},
      {"json.encode(double('NaN'))", "error: json: unsupported value: NaN"},
  });
}

}  // namespace
}  // namespace portcullis::cel
