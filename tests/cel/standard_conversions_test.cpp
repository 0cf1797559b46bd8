// The standard library's type conversions and type().
#include <gtest/gtest.h>

#include "lib_test_util.h"

namespace portcullis::cel {
namespace {

using testing::ExpectAll;

TEST(StandardConversionsTest, ToInt) {
  ExpectAll({{"int(42u)", "42"},
             {"int(-7.9)", "-7"},
             {"int(11.5)", "11"},
             {"int('-987')", "-987"},
             {"int('+5')", "5"},
             {"int(timestamp('2009-02-13T23:31:30Z'))", "1234567890"},
             {"int(18446744073709551615u)", "error: int: range error"},
             {"int(9223372036854775807.0)", "error: int: range error"},
             {"int(-9223372036854775808.0)", "error: int: range error"},
             {"int(double('NaN'))", "error: int: range error"},
             {"int('9223372036854775808')", "error: int: range error"},
             {"int('1.5')", "error: int: type conversion error from \"1.5\""},
             {"int('')", "error: int: type conversion error from \"\""}});
}

TEST(StandardConversionsTest, ToUint) {
  ExpectAll({{"uint(42)", "42u"},
             {"uint(25.9)", "25u"},
             {"uint('300')", "300u"},
             {"uint(-1)", "error: uint: range error"},
             {"uint(-1.0)", "error: uint: range error"},
             {"uint(6.022e23)", "error: uint: range error"},
             {"uint('-1')", "error: uint: type conversion error from \"-1\""}});
}

TEST(StandardConversionsTest, ToDouble) {
  ExpectAll({{"double(1)", "1.0"},
             {"double(18446744073709551615u)", "1.8446744073709552e+19"},
             {"double('-84.32e7')", "-8.432e+08"},
             {"double('NaN')", "NaN"},
             {"double('1e999')", "error: double: range error"},
             {"double(' 1')", "error: double: type conversion error from \" 1\""},
             {"double('1x')", "error: double: type conversion error from \"1x\""}});
}

TEST(StandardConversionsTest, ToStringAndBytes) {
  ExpectAll({{"string(123)", "\"123\""},
             {"string(9876u)", "\"9876\""},
             {"string(-4.5e-3)", "\"-0.0045\""},
             {"string(true)", "\"true\""},
             {"string(b'\\303\\277')", "\"ÿ\""},
             {"string(b'\\000\\xff')", "error: string: invalid UTF-8 in bytes"},
             {"string(timestamp('2009-02-13T23:31:30Z'))", "\"2009-02-13T23:31:30Z\""},
             {"string(duration('1000000s'))", "\"1000000s\""},
             {"string([1])", "error: no such overload: string"},
             {"bytes('ÿ')", "b\"\\xc3\\xbf\""},
             {"bytes(b'a')", "b\"a\""}});
}

TEST(StandardConversionsTest, ToBool) {
  ExpectAll({{"bool('1')", "true"},
             {"bool('t')", "true"},
             {"bool('True')", "true"},
             {"bool('TRUE')", "true"},
             {"bool('0')", "false"},
             {"bool('FALSE')", "false"},
             {"bool('f')", "false"},
             {"bool(true)", "true"},
             {"bool('TrUe')", "error: bool: type conversion error from \"TrUe\""}});
}

TEST(StandardConversionsTest, ToTimestampAndDuration) {
  ExpectAll({{"timestamp(1234567890)", "timestamp(\"2009-02-13T23:31:30Z\")"},
             {"timestamp('2009-02-13T23:31:30.5+01:00')", "timestamp(\"2009-02-13T22:31:30.5Z\")"},
             {"duration('1h1m')", "duration(\"3660s\")"},
             {"duration(duration('1s'))", "duration(\"1s\")"},
             {"timestamp(253402300800)", "error: timestamp: range error"}});
  // Non-literal arguments are checked at run time.
  MapActivation vars;
  vars.Bind("s", Value::String("yesterday"));
  EvalContext ctx;
  EXPECT_EQ(testing::EvalToString("timestamp(s)", vars, ctx),
            "error: timestamp: invalid RFC 3339 timestamp or out of range: \"yesterday\"");
  EXPECT_EQ(testing::EvalToString("duration(s)", vars, ctx),
            "error: duration: invalid duration or out of range: \"yesterday\"");
}

TEST(StandardConversionsTest, DynAndType) {
  ExpectAll({{"dyn([1, 'a'])", "[1, \"a\"]"},
             {"type(1)", "int"},
             {"type(1u)", "uint"},
             {"type('a')", "string"},
             {"type(null)", "null_type"},
             {"type([])", "list"},
             {"type({})", "map"},
             {"type(duration('1s'))", "google.protobuf.Duration"},
             {"type(int)", "type"},
             {"type(type(1)) == type", "true"},
             {"type(optional.none())", "optional_type"}});
}

}  // namespace
}  // namespace portcullis::cel
