// The standard library's arithmetic: int64/uint64 with overflow errors, IEEE doubles,
// concatenation, and timestamp/duration arithmetic with range errors.
#include <gtest/gtest.h>

#include "lib_test_util.h"

namespace portcullis::cel {
namespace {

using testing::ExpectAll;

TEST(StandardArithmeticTest, Int64) {
  ExpectAll({{"40 + 2", "42"},
             {"2 - 44", "-42"},
             {"-6 * 7", "-42"},
             {"-85 / 2", "-42"},
             {"-43 % 5", "-3"},
             {"43 % -5", "3"},
             {"-(42)", "-42"},
             {"9223372036854775807 + 1", "error: integer overflow"},
             {"-9223372036854775808 - 1", "error: integer overflow"},
             {"5000000000 * 5000000000", "error: integer overflow"},
             {"-(-9223372036854775808)", "error: integer overflow"},
             {"-9223372036854775808 / -1", "error: integer overflow"},
             {"-9223372036854775808 % -1", "error: integer overflow"},
             {"1 / 0", "error: divide by zero"},
             {"1 % 0", "error: modulus by zero"}});
}

TEST(StandardArithmeticTest, Uint64) {
  ExpectAll({{"40u + 2u", "42u"},
             {"44u - 2u", "42u"},
             {"21u * 2u", "42u"},
             {"85u / 2u", "42u"},
             {"47u % 5u", "2u"},
             {"18446744073709551615u + 1u", "error: integer overflow"},
             {"0u - 1u", "error: integer overflow"},
             {"5000000000u * 5000000000u", "error: integer overflow"},
             {"1u / 0u", "error: divide by zero"},
             {"1u % 0u", "error: modulus by zero"},
             {"-(1u)", "error: no such overload: -_"},
             {"1 + 1u", "error: no such overload: _+_"}});
}

TEST(StandardArithmeticTest, Doubles) {
  ExpectAll({{"4.25 + 15.25", "19.5"},
             {"0.5 - 2.0", "-1.5"},
             {"2.0 * -8.988466e+307", "-Inf"},
             {"1.0 / 0.0", "+Inf"},
             {"-(0.5)", "-0.5"},
             {"47.5 % 5.5", "error: no such overload: _%_"},
             {"1.0 + 1", "error: no such overload: _+_"}});
}

TEST(StandardArithmeticTest, Concatenation) {
  ExpectAll({{"'ab' + 'cd'", "\"abcd\""},
             {"'' + ''", "\"\""},
             {"b'ab' + b'\\xff'", "b\"ab\\xff\""},
             {"[1] + ['a']", "[1, \"a\"]"},
             {"[] + []", "[]"},
             {"'a' + b'b'", "error: no such overload: _+_"}});
}

TEST(StandardArithmeticTest, TimestampsAndDurations) {
  ExpectAll({{"timestamp('2009-02-13T23:00:00Z') + duration('240s')",
              "timestamp(\"2009-02-13T23:04:00Z\")"},
             {"duration('120s') + timestamp('2009-02-13T23:01:00Z')",
              "timestamp(\"2009-02-13T23:03:00Z\")"},
             {"timestamp('2009-02-13T23:10:00Z') - duration('600s')",
              "timestamp(\"2009-02-13T23:00:00Z\")"},
             {"timestamp('2009-02-13T23:31:00Z') - timestamp('2009-02-13T23:29:00Z')",
              "duration(\"120s\")"},
             {"duration('1.5s') + duration('1.5s')", "duration(\"3s\")"},
             {"duration('900s') - duration('42s')", "duration(\"858s\")"},
             {"timestamp('9999-12-31T23:59:59Z') + duration('1s')",
              "error: timestamp or duration out of range"},
             {"timestamp('0001-01-01T00:00:00Z') - duration('1ns')",
              "error: timestamp or duration out of range"},
             {"timestamp('9999-12-31T23:59:59Z') - timestamp('0001-01-01T00:00:00Z')",
              "error: timestamp or duration out of range"},
             // Nearly 10000 years, twice: beyond the duration range.
             {"cel.bind(d, timestamp('9999-01-01T00:00:00Z') - timestamp('0001-01-01T00:00:00Z'), "
              "d + d)",
              "error: timestamp or duration out of range"}});
}

}  // namespace
}  // namespace portcullis::cel
