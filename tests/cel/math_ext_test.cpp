#include <gtest/gtest.h>

#include "lib_test_util.h"

namespace portcullis::cel {
namespace {

using testing::ExpectAll;
using testing::ExpectAllTrue;

TEST(MathExtTest, GreatestAndLeastAcrossNumericTypes) {
  ExpectAll({
      {"math.greatest(-5)", "-5"},
      {"math.greatest(1, 1.0)", "1"},
      {"math.greatest(-7, 5)", "5"},
      {"math.greatest(5u, -7)", "5u"},
      {"math.greatest(-3, 3u)", "3u"},
      {"math.greatest(1.797693e308, 1)", "1.797693e+308"},
      {"math.least(1, -9223372036854775808)", "-9223372036854775808"},
      {"math.least(5u, 3.5)", "3.5"},
      {"math.greatest([])", "error: math.greatest(list) argument must not be empty"},
      {"math.greatest(1, 'a')", "error: no such overload: math.greatest"},
  });
  ExpectAllTrue({
      "math.greatest(5.4, 10, 3u, -5.0, 9223372036854775807) == 9223372036854775807",
      "math.greatest([5.4, 10, 3u, -5.0, 3.5]) == 10",
      "math.greatest([dyn(5.4), dyn(10.5), dyn(3u), dyn(-5.0), dyn(3.5)]) == 10.5",
      "math.greatest(5.4, 10, 3u, -5.0, 18446744073709551615u) == 18446744073709551615u",
      "math.least(1, 3, 0) == 0",
      "math.least([5.4, 10u, 3u, -5.0, 3.5]) == -5.0",
  });
}

TEST(MathExtTest, RoundingSignAbsAndClassification) {
  ExpectAll({
      {"math.ceil(-1.2)", "-1.0"},
      {"math.floor(-1.2)", "-2.0"},
      {"math.round(-1.5)", "-2.0"},
      {"math.round(1.5)", "2.0"},
      {"math.round(-1.4)", "-1.0"},
      {"math.trunc(-1.2)", "-1.0"},
      {"math.ceil(dyn(1))", "error: no such overload: math.ceil"},
      {"math.abs(-11)", "11"},
      {"math.abs(1u)", "1u"},
      {"math.abs(-11.5)", "11.5"},
      {"math.abs(-9223372036854775808)", "error: overflow"},
      {"math.sign(-11)", "-1"},
      {"math.sign(100u)", "1u"},
      {"math.sign(0.0)", "0.0"},
      {"math.sign(-32.0)", "-1.0"},
      {"math.sqrt(16)", "4.0"},
      {"math.sqrt(2.25)", "1.5"},
  });
  ExpectAllTrue({
      "math.isNaN(0.0/0.0) && !math.isNaN(1.0/0.0)",
      "math.isInf(1.0/0.0) && !math.isInf(0.0/0.0)",
      "math.isFinite(1.0/1.5) && !math.isFinite(-1.0/0.0)",
      "math.isNaN(math.round(0.0/0.0))",
  });
}

TEST(MathExtTest, BitOperations) {
  ExpectAll({
      {"math.bitAnd(1, 3)", "1"},
      {"math.bitAnd(1u, 3u)", "1u"},
      {"math.bitOr(4, -2)", "-2"},
      {"math.bitXor(4, -2)", "-6"},
      {"math.bitNot(1)", "-2"},
      {"math.bitNot(1u)", "18446744073709551614u"},
      {"math.bitShiftLeft(1, 200)", "0"},
      {"math.bitShiftLeft(1u, -1)", "error: negative offset"},
      {"math.bitShiftRight(-1024, 3)", "2305843009213693824"},
      {"math.bitShiftRight(1024u, 2)", "256u"},
      {"math.bitAnd(2u, dyn(''))", "error: no such overload: math.bitAnd"},
  });
}

// Every example of the Cerbos conditions documentation's "Math" table.
TEST(MathExtTest, CerbosDocumentationExamples) {
  ExpectAllTrue({
      "math.abs(1.2) == 1.2 && math.abs(-2) == 2",
      "math.bitAnd(3u, 2u) == 2u && math.bitAnd(3, 5) == 1 && math.bitAnd(-3, -5) == -7",
      "math.bitNot(1) == -1 - 1 && math.bitNot(-1) == 0 && "
      "math.bitNot(0u) == 18446744073709551615u",
      "math.bitOr(1u, 2u) == 3u && math.bitOr(-2, -4) == -2",
      "math.bitShiftLeft(1, 2) == 4 && math.bitShiftLeft(-1, 2) == -4 && "
      "math.bitShiftLeft(1u, 2) == 4u && math.bitShiftLeft(1u, 200) == 0u",
      "math.bitShiftRight(1024, 2) == 256 && math.bitShiftRight(1024u, 2) == 256u && "
      "math.bitShiftLeft(1024u, 64) == 0u",
      "math.bitXor(3u, 5u) == 6u && math.bitXor(1, 3) == 2",
      "math.ceil(1.2) == 2.0 && math.ceil(-1.2) == -1.0",
      "math.floor(1.2) == 1.0 && math.floor(-1.2) == -2.0",
      "math.greatest([1, 3, 5]) == 5 && math.greatest(1, 3, 5) == 5",
      "!math.isFinite(0.0/0.0) && math.isFinite(1.2)",
      "math.isInf(1.0/0.0) && !math.isInf(1.2)",
      "math.isNaN(0.0/0.0) && !math.isNaN(1.2)",
      "math.least([1, 3, 5]) == 1 && math.least(1, 3, 5) == 1",
      "math.round(1.2) == 1.0 && math.round(1.5) == 2.0 && math.round(-1.5) == -2.0",
      "math.sign(1.2) == 1.0 && math.sign(-2) == -1 && math.sign(0) == 0",
      "math.trunc(1.2) == 1.0 && math.trunc(-1.2) == -1.0",
  });
}

}  // namespace
}  // namespace portcullis::cel
