#include "cel/value.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace portcullis::cel {
namespace {

TEST(ValueTest, ScalarsAreInline) {
  EXPECT_EQ(Value::Int(-3).int_value(), -3);
  EXPECT_EQ(Value::Uint(3).uint_value(), 3u);
  EXPECT_TRUE(Value::Bool(true).bool_value());
  EXPECT_EQ(Value().kind(), Kind::kNull);
}

TEST(ValueTest, JsonIsBorrowedAndNumbersAreDoubles) {
  auto json = boost::json::parse(R"({"amount": 50, "owners": ["a", "b"], "name": "x"})");
  Value v = Value::FromJson(json);
  ASSERT_EQ(v.kind(), Kind::kMap);
  EXPECT_TRUE(v.is_borrowed());
  auto amount = v.map_find_string("amount");
  ASSERT_TRUE(amount);
  EXPECT_EQ(amount->kind(), Kind::kDouble);
  EXPECT_EQ(amount->double_value(), 50.0);
  auto owners = v.map_find(Value::String("owners"));
  ASSERT_TRUE(owners);
  ASSERT_EQ(owners->list_size(), 2u);
  EXPECT_EQ(owners->list_at(1).str(), "b");
  EXPECT_FALSE(v.map_find(Value::Int(1)));
}

TEST(ValueTest, OwnDetachesFromJson) {
  Value owned;
  {
    auto json = boost::json::parse(R"({"k": ["v"]})");
    owned = Value::FromJson(json).own();
  }
  EXPECT_FALSE(owned.is_borrowed());
  EXPECT_EQ(owned.map_find_string("k")->list_at(0).str(), "v");
}

TEST(ValueTest, MapKeysCompareNumerically) {
  auto entries = std::make_shared<MapEntries>();
  entries->entries.emplace_back(Value::Int(1), Value::String("one"));
  entries->entries.emplace_back(Value::Uint(2), Value::String("two"));
  Value m = Value::Map(entries);
  EXPECT_EQ(m.map_find(Value::Uint(1))->str(), "one");
  EXPECT_EQ(m.map_find(Value::Double(2.0))->str(), "two");
  EXPECT_FALSE(m.map_find(Value::Double(2.5)));
  EXPECT_FALSE(m.map_find(Value::String("1")));
}

}  // namespace
}  // namespace portcullis::cel
