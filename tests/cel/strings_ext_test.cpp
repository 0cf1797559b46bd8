#include <gtest/gtest.h>

#include "lib_test_util.h"

namespace portcullis::cel {
namespace {

using testing::ExpectAll;
using testing::ExpectAllTrue;

TEST(StringsExtTest, CharAtAndIndexesCountCodePoints) {
  ExpectAll({
      {"'tacocat'.charAt(3)", "\"o\""},
      {"'tacocat'.charAt(7)", "\"\""},
      {"'tacocat'.charAt(30)", "error: index out of range: 30"},
      {"'tacocat'.indexOf('')", "0"},
      {"'tacocat'.indexOf('ac')", "1"},
      {"'tacocat'.indexOf('a', 30)", "error: index out of range: 30"},
      {"''.indexOf('a')", "-1"},
      {"'tacocat'.lastIndexOf('a', -1)", "error: index out of range: -1"},
      {"'tacocat'.lastIndexOf('a', 30)", "error: index out of range: 30"},
  });
  ExpectAllTrue({
      "'©αT'.charAt(0) == '©' && '©αT'.charAt(1) == 'α' && '©αT'.charAt(2) == 'T'",
      "'tacocat'.indexOf('none') == -1",
      "'tacocat'.indexOf('', 3) == 3",
      "'tacocat'.indexOf('a', 3) == 5",
      "'ta©o©αT'.indexOf('©') == 2",
      "'ta©o©αT'.indexOf('©', 3) == 4",
      "'ta©o©αT'.indexOf('©αT', 3) == 4",
      "'ta©o©αT'.indexOf('©α', 5) == -1",
      "'hello wello'.indexOf('ello', 6) == 7",
      "''.lastIndexOf('@@') == -1",
      "'tacocat'.lastIndexOf('') == 7",
      "'tacocat'.lastIndexOf('at') == 5",
      "'tacocat'.lastIndexOf('', 3) == 3",
      "'tacocat'.lastIndexOf('a', 3) == 1",
      "'ta©o©αT'.lastIndexOf('©') == 4",
      "'ta©o©αT'.lastIndexOf('©', 3) == 2",
      "'ta©o©αT'.lastIndexOf('©α', 4) == 4",
      "'hello wello'.lastIndexOf('ello', 6) == 1",
      "'bananananana'.lastIndexOf('nana', 7) == 6",
  });
}

TEST(StringsExtTest, CasingReplaceSplitSubstringTrimJoin) {
  ExpectAllTrue({
      "'TacoCÆt Xii'.lowerAscii() == 'tacocÆt xii'",
      "'tacoCαt'.upperAscii() == 'TACOCαT'",
      "'{0} days {0} hours'.replace('{0}', '2') == '2 days 2 hours'",
      "'{0} days {0} hours'.replace('{0}', '2', 1).replace('{0}', '23') == '2 days 23 hours'",
      "'1 ©αT taco'.replace('αT', 'o©α') == '1 ©o©α taco'",
      "'abc'.replace('', '-') == '-a-b-c-'",
      "'abc'.replace('b', 'x', 0) == 'abc'",
      "'hello world'.split(' ') == ['hello', 'world']",
      "'hello world events!'.split(' ', 0) == []",
      "'hello world events!'.split(' ', 1) == ['hello world events!']",
      "'o©o©o©o'.split('©', -1) == ['o', 'o', 'o', 'o']",
      "'a©c'.split('') == ['a', '©', 'c']",
      "'abc'.split('', 2) == ['a', 'bc']",
      "''.split(',') == ['']",
      "'tacocat'.substring(4) == 'cat'",
      "'tacocat'.substring(7) == ''",
      "'ta©o©αT'.substring(2, 6) == '©o©α'",
      "' \\f\\n\\r\\t\\vtext  '.trim() == 'text'",
      "'\\u0085\\u00a0\\u1680text'.trim() == 'text'",
      "'\\u200atext\\u2028\\u2029\\u202F\\u205F\\u3000'.trim() == 'text'",
      "'\\u180etext\\u200b'.trim() == '\\u180etext\\u200b'",
      "['x', 'y'].join() == 'xy'",
      "['x', 'y'].join('-') == 'x-y'",
      "[].join('-') == ''",
      "'gums'.reverse() == 'smug'",
      "'ta©o'.reverse() == 'o©at'",
  });
  ExpectAll({
      {"'tacocat'.substring(40)", "error: index out of range: 40"},
      {"'tacocat'.substring(49, 50)", "error: index out of range: 49"},
      {"'tacocat'.substring(1, 50)", "error: index out of range: 50"},
      {"'tacocat'.substring(4, 3)", "error: invalid substring range. start: 4, end: 3"},
      {"dyn([1]).join()", "error: no such overload: join"},
  });
}

TEST(StringsExtTest, Quote) {
  ExpectAll({
      {"strings.quote(\"first\\nsecond\")", "\"\\\"first\\\\nsecond\\\"\""},
      {"strings.quote(\"bell\\a\")", "\"\\\"bell\\\\a\\\"\""},
      {"strings.quote('mid \" quote')", "\"\\\"mid \\\\\\\" quote\\\"\""},
      {"strings.quote(\"\")", "\"\\\"\\\"\""},
      {"strings.quote(\"ta©o\")", "\"\\\"ta©o\\\"\""},
  });
}

TEST(StringsExtTest, Format) {
  ExpectAll({
      {"'%% and also %%'.format([])", "\"% and also %\""},
      {"'%%%s%%'.format(['text'])", "\"%text%\""},
      {"'%d %s'.format([1, 'A'])", "\"1 A\""},
      {"'%.3f'.format([1.2345])", "\"1.234\""},
      {"'%b'.format([5])", "\"101\""},
      {"'%b'.format([true])", "\"1\""},
      {"'%o'.format([11])", "\"13\""},
      {"'%x %X'.format([30, 30])", "\"1e 1E\""},
      {"'%x'.format([-30])", "\"-1e\""},
      {"'%x'.format(['Hello world!'])", "\"48656c6c6f20776f726c6421\""},
      {"'%X'.format([b'byte string'])", "\"6279746520737472696E67\""},
      {"'%.6e'.format([1052.032911275])", "\"1.052033e+03\""},
      {"'%f'.format([2.71828])", "\"2.718280\""},
      {"'%e'.format([double('-Infinity')])", "\"-Infinity\""},
      {"'%d'.format([double('NaN')])", "\"NaN\""},
      {"'%s'.format([null])", "\"null\""},
      {"'%s'.format([b'xyz'])", "\"xyz\""},
      {"'%s'.format([type('test string')])", "\"string\""},
      {"'%s'.format([timestamp('2023-02-03T23:31:20+00:00')])", "\"2023-02-03T23:31:20Z\""},
      {"'%s'.format([duration('1h45m47s')])", "\"6347s\""},
      {"'%s'.format([['abc', 3.14, null, [9, 8], timestamp('2023-02-03T23:31:20Z')]])",
       "\"[abc, 3.14, null, [9, 8], 2023-02-03T23:31:20Z]\""},
      {"'%s'.format([{'key2': duration('2h'), 'key1': b'xyz', 'key3': 2.71828}])",
       "\"{key1: xyz, key2: 7200s, key3: 2.71828}\""},
      {"'%s'.format([{1: 'value1', uint(2): 'value2', true: double('NaN')}])",
       "\"{1: value1, 2: value2, true: NaN}\""},
      {"'%.0f %.0f %.0f'.format([1.5, 2.5, 3.4999])", "\"2 2 3\""},
      {"'%.3f'.format([-123.4999])", "\"-123.500\""},
      {"'department_%s_%d'.format(['marketing', 1])", "\"department_marketing_1\""},
  });
}

TEST(StringsExtTest, FormatErrors) {
  ExpectAll({
      {"'%a'.format([1])",
       "error: could not parse formatting clause: unrecognized formatting clause \"a\""},
      {"'%E'.format([0.5])",
       "error: could not parse formatting clause: unrecognized formatting clause \"E\""},
      {"'%d %d %d'.format([0, 1])", "error: index 2 out of range"},
      {"'%b'.format(['abc'])",
       "error: error during formatting: only integers and bools can be formatted as binary, was "
       "given string"},
      {"'%d'.format([duration('30m2s')])",
       "error: error during formatting: decimal clause can only be used on integers, was given "
       "google.protobuf.Duration"},
      {"'%x'.format([0.5])",
       "error: error during formatting: only integers, byte buffers, and strings can be "
       "formatted as hex, was given double"},
      {"'%e'.format([null])",
       "error: error during formatting: scientific clause can only be used on doubles, was "
       "given null_type"},
      {"'%o'.format([null])",
       "error: error during formatting: octal clause can only be used on integers, was given "
       "null_type"},
  });
}

// Every example of the Cerbos conditions documentation's "Strings" table, with its test data.
TEST(StringsExtTest, CerbosDocumentationExamples) {
  MapActivation vars;
  vars.Bind("R", MakeMap({{Value::String("attr"),
                           MakeMap({{Value::String("id"), Value::String("125")},
                                    {Value::String("department"), Value::String("marketing")}})}}));
  EvalContext ctx;
  for (std::string_view expr : {
           "base64.encode(bytes(\"hello\")) == \"aGVsbG8=\"",
           "base64.decode(\"aGVsbG8=\") == bytes(\"hello\")",
           "R.attr.department.charAt(1) == 'a'",
           "R.attr.department.contains(\"arket\")",
           "R.attr.department.endsWith(\"ing\")",
           "R.attr.department.indexOf('a') == 1",
           "R.attr.department.lastIndexOf('g') == 8",
           "\"MARKETING\".lowerAscii() == R.attr.department",
           "R.attr.department.matches(\"^[mM].*g$\")",
           "R.attr.department.replace(\"market\", \"engineer\") == \"engineering\"",
           "\"engineering\".replace(\"e\", \"a\", 1) == \"angineering\" && "
           "\"engineering\".replace(\"e\", \"a\", -1) == \"anginaaring\"",
           "size(R.attr.department) == 9",
           "\"a,b,c,d\".split(\",\")[1] == \"b\"",
           "\"a,b,c,d\".split(\",\", 2)[1] == \"b,c,d\"",
           "R.attr.department.startsWith(\"mark\")",
           "R.attr.department.substring(4) == \"eting\" && "
           "R.attr.department.substring(4, 6) == \"et\"",
           "\"  marketing  \".trim() == \"marketing\"",
           "R.attr.department.upperAscii() == \"MARKETING\"",
           "\"department_%s_%d\".format([\"marketing\", 1]) == \"department_marketing_1\"",
       }) {
    EXPECT_EQ(testing::EvalToString(expr, vars, ctx), "true") << expr;
  }
}

}  // namespace
}  // namespace portcullis::cel
