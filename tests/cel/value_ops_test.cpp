#include "cel/value_ops.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>
#include <boost/json.hpp>

namespace portcullis::cel {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();
constexpr uint64_t kUint64Max = std::numeric_limits<uint64_t>::max();

Value ListOf(std::initializer_list<Value> elements) {
  return Value::List(ListElements(elements));
}

Value MapOf(std::vector<std::pair<Value, Value>> entries) {
  Value map = MakeMap(std::move(entries));
  EXPECT_EQ(map.kind(), Kind::kMap) << map.error_message();
  return map;
}

TEST(EqualTest, NumbersCompareByValueAcrossTypes) {
  EXPECT_TRUE(Equal(Value::Int(1), Value::Uint(1)));
  EXPECT_TRUE(Equal(Value::Uint(1), Value::Double(1.0)));
  EXPECT_TRUE(Equal(Value::Double(1.0), Value::Int(1)));
  EXPECT_FALSE(Equal(Value::Int(2), Value::Uint(1)));
  EXPECT_FALSE(Equal(Value::Int(-1), Value::Uint(kUint64Max)));
  EXPECT_FALSE(Equal(Value::Int(1), Value::Double(1.5)));
  EXPECT_TRUE(Equal(Value::Double(-0.0), Value::Double(0.0)));
  EXPECT_TRUE(Equal(Value::Int(0), Value::Double(-0.0)));
  // Integers meet doubles as doubles (cel-go; conformance comparisons/*_lossy_double).
  EXPECT_TRUE(Equal(Value::Int(kInt64Max), Value::Double(9223372036854775808.0)));
  EXPECT_TRUE(Equal(Value::Uint(9223372036854775808u), Value::Double(9223372036854775808.0)));
  EXPECT_TRUE(Equal(Value::Int(kInt64Min), Value::Double(-9223372036854775808.0)));
  EXPECT_TRUE(Equal(Value::Int(9007199254740993), Value::Double(9007199254740992.0)));
  // Integers among themselves are exact.
  EXPECT_FALSE(Equal(Value::Int(kInt64Max), Value::Uint(9223372036854775808u)));
}

TEST(EqualTest, NaNEqualsNothing) {
  EXPECT_FALSE(Equal(Value::Double(kNaN), Value::Double(kNaN)));
  EXPECT_FALSE(Equal(Value::Int(1), Value::Double(kNaN)));
  EXPECT_FALSE(Equal(Value::Uint(1), Value::Double(kNaN)));
  EXPECT_FALSE(Equal(ListOf({Value::Double(kNaN)}), ListOf({Value::Double(kNaN)})));
}

TEST(EqualTest, DifferentKindsAreUnequal) {
  EXPECT_FALSE(Equal(Value::Bool(false), Value::Null()));
  EXPECT_FALSE(Equal(Value::String(""), Value::Null()));
  EXPECT_FALSE(Equal(Value::String("abc"), Value::Bytes("abc")));
  EXPECT_FALSE(Equal(Value::Int(1), Value::String("1")));
  EXPECT_FALSE(Equal(Value::List({}), Value::Null()));
  EXPECT_TRUE(Equal(Value::Null(), Value::Null()));
}

TEST(EqualTest, StringsAndBytesAreBytewise) {
  EXPECT_TRUE(Equal(Value::String("abc"), Value::BorrowedString("abc")));
  EXPECT_FALSE(Equal(Value::String("abc"), Value::String("ABC")));
  // No Unicode normalization: U+00E9 vs e + U+0301.
  EXPECT_FALSE(Equal(Value::String("Am\u00e9lie"), Value::String("Ame\u0301lie")));
  EXPECT_TRUE(Equal(Value::Bytes("\xc3\xbf"), Value::Bytes("\u00ff")));
  EXPECT_FALSE(Equal(Value::Bytes("abc"), Value::Bytes("abcd")));
}

TEST(EqualTest, ListsCompareElementWise) {
  EXPECT_TRUE(Equal(ListOf({}), ListOf({})));
  EXPECT_TRUE(
      Equal(ListOf({Value::Int(1), Value::Double(2.0)}), ListOf({Value::Uint(1), Value::Int(2)})));
  EXPECT_FALSE(Equal(ListOf({Value::Double(1.0), Value::Double(2.1)}),
                     ListOf({Value::Uint(1), Value::Int(2)})));
  EXPECT_FALSE(Equal(ListOf({Value::Int(1), Value::Int(2), Value::Int(3)}),
                     ListOf({Value::Int(1), Value::Int(3), Value::Int(2)})));
  EXPECT_FALSE(Equal(ListOf({Value::String("one")}), ListOf({Value::Int(2), Value::Int(3)})));
  EXPECT_TRUE(Equal(ListOf({ListOf({})}), ListOf({ListOf({})})));
}

TEST(EqualTest, MapsCompareByKeyRegardlessOfOrder) {
  Value ab = MapOf({{Value::String("a"), Value::String("b")}, {Value::String("c"), Value::Int(1)}});
  Value ba =
      MapOf({{Value::String("c"), Value::Double(1.0)}, {Value::String("a"), Value::String("b")}});
  EXPECT_TRUE(Equal(ab, ba));
  EXPECT_FALSE(Equal(ab, MapOf({{Value::String("a"), Value::String("b")}})));
  EXPECT_FALSE(
      Equal(MapOf({{Value::String("k"), Value::Int(1)}, {Value::String("j"), Value::Int(2)}}),
            MapOf({{Value::String("k"), Value::Int(1)}, {Value::String("j"), Value::Null()}})));
  // Numeric keys match across types.
  EXPECT_TRUE(Equal(MapOf({{Value::Int(1), Value::String("x")}}),
                    MapOf({{Value::Uint(1), Value::String("x")}})));
  EXPECT_FALSE(Equal(MapOf({{Value::String("key"), Value::Int(1)}}),
                     MapOf({{Value::String("Key"), Value::Int(1)}})));
}

TEST(EqualTest, JsonBackedValuesEqualOwnedOnes) {
  auto json = boost::json::parse(R"({"a": [1, "x", null], "b": {"c": true}})");
  Value borrowed = Value::FromJson(json);
  Value owned = MapOf({
      {Value::String("b"), MapOf({{Value::String("c"), Value::Bool(true)}})},
      {Value::String("a"), ListOf({Value::Int(1), Value::String("x"), Value::Null()})},
  });
  EXPECT_TRUE(Equal(borrowed, owned));
  EXPECT_TRUE(Equal(owned, borrowed));
  EXPECT_TRUE(Equal(borrowed, borrowed.own()));
  Value int_keyed = MapOf({{Value::Int(1), Value::Int(1)}, {Value::String("b"), Value::Null()}});
  EXPECT_FALSE(Equal(borrowed, int_keyed));
  EXPECT_FALSE(Equal(int_keyed, borrowed));
}

TEST(EqualTest, TimeTypesAndOptionals) {
  EXPECT_TRUE(Equal(Value::Timestamp({100, 5}), Value::Timestamp({100, 5})));
  EXPECT_FALSE(Equal(Value::Timestamp({100, 5}), Value::Timestamp({100, 6})));
  EXPECT_FALSE(Equal(Value::Timestamp({100, 0}), Value::Duration({100, 0})));
  EXPECT_TRUE(Equal(Value::Duration({-1, -5}), Value::Duration({-1, -5})));
  EXPECT_TRUE(Equal(Value::Type(type_names::kInt), Value::Type(type_names::kInt)));
  EXPECT_FALSE(Equal(Value::Type(type_names::kInt), Value::Type(type_names::kUint)));
  EXPECT_TRUE(Equal(Value::OptionalNone(), Value::OptionalNone()));
  EXPECT_TRUE(Equal(Value::OptionalOf(Value::Int(1)), Value::OptionalOf(Value::Double(1.0))));
  EXPECT_FALSE(Equal(Value::OptionalOf(Value::Int(1)), Value::OptionalNone()));
  EXPECT_FALSE(Equal(Value::OptionalOf(Value::Null()), Value::Null()));
}

TEST(CompareTest, NumbersAcrossTypes) {
  EXPECT_EQ(Compare(Value::Int(1), Value::Int(2)), -1);
  EXPECT_EQ(Compare(Value::Int(-1), Value::Uint(0)), -1);
  EXPECT_EQ(Compare(Value::Uint(0), Value::Int(-1)), 1);
  EXPECT_EQ(Compare(Value::Uint(kUint64Max), Value::Int(kInt64Max)), 1);
  EXPECT_EQ(Compare(Value::Int(kInt64Max), Value::Uint(9223372036854775808u)), -1);
  EXPECT_EQ(Compare(Value::Int(1), Value::Uint(9223372036854775808u)), -1);
  // The conformance data's big/lossy double cases.
  EXPECT_EQ(Compare(Value::Int(kInt64Max), Value::Double(9223372036854775808.0)), 0);
  EXPECT_EQ(Compare(Value::Double(9223372036854775808.0), Value::Int(kInt64Max)), 0);
  EXPECT_EQ(Compare(Value::Int(kInt64Max), Value::Double(9223372036854777857.0)), -1);
  EXPECT_EQ(Compare(Value::Int(kInt64Max), Value::Double(-9223372036854777857.0)), 1);
  EXPECT_EQ(Compare(Value::Int(kInt64Min), Value::Double(-9223372036854775809.0)), 0);
  EXPECT_EQ(Compare(Value::Int(kInt64Min), Value::Double(-9223372036854777857.0)), 1);
  EXPECT_EQ(Compare(Value::Uint(kUint64Max), Value::Double(18446744073709590000.0)), -1);
  EXPECT_EQ(Compare(Value::Double(18446744073709553665.0), Value::Uint(kUint64Max)), 1);
  EXPECT_EQ(Compare(Value::Uint(kUint64Max), Value::Double(-1.0)), 1);
  EXPECT_EQ(Compare(Value::Uint(0), Value::Double(-0.5)), 1);
  EXPECT_EQ(Compare(Value::Int(1), Value::Double(1.5)), -1);
  EXPECT_EQ(Compare(Value::Int(-2), Value::Double(-1.5)), -1);
  EXPECT_EQ(Compare(Value::Double(-1.5), Value::Int(-2)), 1);
  EXPECT_EQ(Compare(Value::Uint(2), Value::Double(2.0)), 0);
  EXPECT_EQ(Compare(Value::Double(2.5), Value::Uint(2)), 1);
  EXPECT_EQ(Compare(Value::Double(-kInf), Value::Int(kInt64Min)), -1);
  EXPECT_EQ(Compare(Value::Double(kInf), Value::Uint(kUint64Max)), 1);
  EXPECT_EQ(Compare(Value::Double(-0.0), Value::Double(0.0)), 0);
}

TEST(CompareTest, NaNIsUnordered) {
  EXPECT_EQ(Compare(Value::Double(kNaN), Value::Double(1.0)), std::nullopt);
  EXPECT_EQ(Compare(Value::Int(1), Value::Double(kNaN)), std::nullopt);
  EXPECT_EQ(Compare(Value::Double(kNaN), Value::Uint(1)), std::nullopt);
}

TEST(CompareTest, OtherOrderedTypes) {
  EXPECT_EQ(Compare(Value::Bool(false), Value::Bool(true)), -1);
  EXPECT_EQ(Compare(Value::Bool(true), Value::Bool(true)), 0);
  EXPECT_EQ(Compare(Value::String("a"), Value::String("ab")), -1);
  EXPECT_EQ(Compare(Value::String("\u00e9"), Value::String("z")), 1);  // code point order
  EXPECT_EQ(Compare(Value::Bytes("\x01"), Value::Bytes("\xff")), -1);
  EXPECT_EQ(Compare(Value::Timestamp({10, 1}), Value::Timestamp({10, 0})), 1);
  EXPECT_EQ(Compare(Value::Duration({-1, 0}), Value::Duration({0, -1})), -1);
}

TEST(CompareTest, UnorderedKinds) {
  EXPECT_EQ(Compare(Value::Int(1), Value::String("1")), std::nullopt);
  EXPECT_EQ(Compare(Value::Null(), Value::Null()), std::nullopt);
  EXPECT_EQ(Compare(ListOf({}), ListOf({})), std::nullopt);
  EXPECT_EQ(Compare(Value::Bool(true), Value::Int(1)), std::nullopt);
  EXPECT_EQ(Compare(Value::Timestamp({0, 0}), Value::Duration({0, 0})), std::nullopt);
}

TEST(MakeMapTest, BuildsInInsertionOrder) {
  Value map = MapOf({{Value::String("b"), Value::Int(1)},
                     {Value::Int(-1), Value::Int(2)},
                     {Value::Uint(7), Value::Int(3)},
                     {Value::Bool(true), Value::Int(4)}});
  ASSERT_EQ(map.map_size(), 4u);
  EXPECT_EQ(map.map_key_at(0).str(), "b");
  EXPECT_EQ(map.map_key_at(3).bool_value(), true);
  EXPECT_EQ(map.map_find(Value::Int(7))->int_value(), 3);
  EXPECT_EQ(map.map_find(Value::Double(-1.0))->int_value(), 2);
}

TEST(MakeMapTest, RejectsRepeatedKeysIncludingNumericallyEqualOnes) {
  Value repeated =
      MakeMap({{Value::String("a"), Value::Int(1)}, {Value::String("a"), Value::Int(2)}});
  ASSERT_TRUE(repeated.IsError());
  EXPECT_EQ(repeated.error_message(), "Failed with repeated key");
  EXPECT_TRUE(MakeMap({{Value::Int(1), Value::Int(1)}, {Value::Uint(1), Value::Int(2)}}).IsError());
  EXPECT_FALSE(
      MakeMap({{Value::Int(1), Value::Int(1)}, {Value::Bool(true), Value::Int(2)}}).IsError());
}

TEST(MakeMapTest, RejectsUnsupportedKeyTypes) {
  for (const Value& key : {Value::Double(1.0), Value::Null(), Value::Bytes("b"), ListOf({}),
                           Value::Timestamp({0, 0})}) {
    Value map = MakeMap({{key, Value::Int(1)}});
    ASSERT_TRUE(map.IsError()) << DebugString(key);
    EXPECT_EQ(map.error_message(), "unsupported key type");
  }
}

TEST(ToCelStringTest, Scalars) {
  EXPECT_EQ(ToCelString(Value::Int(123)), "123");
  EXPECT_EQ(ToCelString(Value::Int(-456)), "-456");
  EXPECT_EQ(ToCelString(Value::Int(kInt64Min)), "-9223372036854775808");
  EXPECT_EQ(ToCelString(Value::Uint(kUint64Max)), "18446744073709551615");
  EXPECT_EQ(ToCelString(Value::Bool(true)), "true");
  EXPECT_EQ(ToCelString(Value::Bool(false)), "false");
  EXPECT_EQ(ToCelString(Value::String("hello")), "hello");
  EXPECT_EQ(ToCelString(Value::Type(type_names::kTimestamp)), "google.protobuf.Timestamp");
  EXPECT_EQ(ToCelString(Value::Null()), std::nullopt);
  EXPECT_EQ(ToCelString(Value::OptionalOf(Value::Int(1))), std::nullopt);
  EXPECT_EQ(ToCelString(ListOf({})), std::nullopt);
}

TEST(ToCelStringTest, DoublesUseGoShortestForm) {
  EXPECT_EQ(ToCelString(Value::Double(123.456)), "123.456");
  EXPECT_EQ(ToCelString(Value::Double(-4.5e-3)), "-0.0045");
  EXPECT_EQ(ToCelString(Value::Double(1.0)), "1");
  EXPECT_EQ(ToCelString(Value::Double(0.5)), "0.5");
  EXPECT_EQ(ToCelString(Value::Double(0.0001)), "0.0001");
  EXPECT_EQ(ToCelString(Value::Double(0.00001)), "1e-05");
  EXPECT_EQ(ToCelString(Value::Double(123456.0)), "123456");
  EXPECT_EQ(ToCelString(Value::Double(1e6)), "1e+06");
  EXPECT_EQ(ToCelString(Value::Double(1234567.0)), "1.234567e+06");
  EXPECT_EQ(ToCelString(Value::Double(1e100)), "1e+100");
  EXPECT_EQ(ToCelString(Value::Double(-2.5e-300)), "-2.5e-300");
  EXPECT_EQ(ToCelString(Value::Double(0.1 + 0.2)), "0.30000000000000004");
  EXPECT_EQ(ToCelString(Value::Double(-0.0)), "-0");
  EXPECT_EQ(ToCelString(Value::Double(0.0)), "0");
  EXPECT_EQ(ToCelString(Value::Double(kNaN)), "NaN");
  EXPECT_EQ(ToCelString(Value::Double(kInf)), "+Inf");
  EXPECT_EQ(ToCelString(Value::Double(-kInf)), "-Inf");
}

TEST(ToCelStringTest, BytesMustBeUtf8) {
  EXPECT_EQ(ToCelString(Value::Bytes("abc")), "abc");
  EXPECT_EQ(ToCelString(Value::Bytes("\xc3\xbf")), "\u00ff");
  EXPECT_EQ(ToCelString(Value::Bytes("\xf0\x9f\x98\x80")), "\U0001F600");
  EXPECT_EQ(ToCelString(Value::Bytes(std::string("\0\xff", 2))), std::nullopt);
  EXPECT_EQ(ToCelString(Value::Bytes("\xc0\xaf")), std::nullopt);          // overlong
  EXPECT_EQ(ToCelString(Value::Bytes("\xed\xa0\x80")), std::nullopt);      // surrogate
  EXPECT_EQ(ToCelString(Value::Bytes("\xe2\x82")), std::nullopt);          // truncated
  EXPECT_EQ(ToCelString(Value::Bytes("\xf4\x90\x80\x80")), std::nullopt);  // > U+10FFFF
}

TEST(ToCelStringTest, TimestampsAndDurationsUseMinimalFractions) {
  EXPECT_EQ(ToCelString(Value::Timestamp({1234567890, 0})), "2009-02-13T23:31:30Z");
  EXPECT_EQ(ToCelString(Value::Timestamp({253402300799, 999999999})),
            "9999-12-31T23:59:59.999999999Z");
  EXPECT_EQ(ToCelString(Value::Timestamp({0, 120000000})), "1970-01-01T00:00:00.12Z");
  EXPECT_EQ(ToCelString(Value::Duration({1000000, 0})), "1000000s");
  EXPECT_EQ(ToCelString(Value::Duration({1, 500000000})), "1.5s");
  EXPECT_EQ(ToCelString(Value::Duration({0, -1})), "-0.000000001s");
  EXPECT_EQ(ToCelString(Value::Duration({-3600, 0})), "-3600s");
}

TEST(DebugStringTest, RendersCelLiterals) {
  Value map = MapOf({{Value::String("k"), Value::Uint(2)}, {Value::Int(-1), Value::Double(1.0)}});
  EXPECT_EQ(DebugString(ListOf({Value::Int(1), Value::String("a"), map})),
            R"([1, "a", {"k": 2u, -1: 1.0}])");
  EXPECT_EQ(DebugString(Value::Double(2.5)), "2.5");
  EXPECT_EQ(DebugString(Value::Double(1e100)), "1e+100");
  EXPECT_EQ(DebugString(Value::Double(kNaN)), "NaN");
  EXPECT_EQ(DebugString(Value::String("say \"hi\"\n")), R"("say \"hi\"\n")");
  EXPECT_EQ(DebugString(Value::Bytes("a\xff")), R"(b"a\xff")");
  EXPECT_EQ(DebugString(Value::Null()), "null");
  EXPECT_EQ(DebugString(Value::Bool(true)), "true");
  EXPECT_EQ(DebugString(Value::Timestamp({0, 0})), R"(timestamp("1970-01-01T00:00:00Z"))");
  EXPECT_EQ(DebugString(Value::Duration({90, 0})), R"(duration("90s"))");
  EXPECT_EQ(DebugString(Value::Type(type_names::kTimestamp)), "google.protobuf.Timestamp");
  EXPECT_EQ(DebugString(Value::OptionalOf(Value::Int(3))), "optional.of(3)");
  EXPECT_EQ(DebugString(Value::OptionalNone()), "optional.none()");
  EXPECT_EQ(DebugString(Value::Error("boom")), R"(error("boom"))");
  EXPECT_EQ(DebugString(Value::Unknown({{"a.b", "c"}})), "unknown{a.b, c}");
}

}  // namespace
}  // namespace portcullis::cel
