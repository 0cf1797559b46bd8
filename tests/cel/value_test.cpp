#include "cel/value.h"

#include <thread>

#include <gtest/gtest.h>
#include <boost/json.hpp>

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

// Maps larger than the linear-scan limit are looked up through a hash index.
TEST(ValueTest, LargeMapsFindEveryKeyKind) {
  auto entries = std::make_shared<MapEntries>();
  for (int i = 0; i < 1000; ++i) {
    entries->entries.emplace_back(Value::Int(i - 500), Value::Int(i));
    entries->entries.emplace_back(Value::String("k" + std::to_string(i)), Value::Int(i));
  }
  entries->entries.emplace_back(Value::Uint(18446744073709551615u), Value::String("max"));
  entries->entries.emplace_back(Value::Bool(true), Value::String("true"));
  Value m = Value::Map(entries);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(m.map_find(Value::Int(i - 500))->int_value(), i);
    EXPECT_EQ(m.map_find_string("k" + std::to_string(i))->int_value(), i);
  }
  EXPECT_EQ(m.map_find(Value::Uint(499))->int_value(), 999);
  EXPECT_EQ(m.map_find(Value::Double(-500.0))->int_value(), 0);
  EXPECT_EQ(m.map_find(Value::Double(-0.0))->int_value(), 500);
  EXPECT_EQ(m.map_find(Value::Double(18446744073709551615.0)), std::nullopt);  // 2^64
  EXPECT_EQ(m.map_find(Value::Uint(18446744073709551615u))->str(), "max");
  EXPECT_EQ(m.map_find(Value::Int(-1))->int_value(), 499);
  EXPECT_EQ(m.map_find(Value::Bool(true))->str(), "true");
  EXPECT_FALSE(m.map_find(Value::Bool(false)));
  EXPECT_FALSE(m.map_find(Value::Double(0.5)));
  EXPECT_FALSE(m.map_find(Value::Int(500)));
  EXPECT_FALSE(m.map_find(Value::String("k1000")));
  EXPECT_FALSE(m.map_find(Value::Null()));
}

TEST(ValueTest, MapIndexFollowsEntriesAppendedBetweenLookups) {
  auto entries = std::make_shared<MapEntries>();
  for (int i = 0; i < 300; ++i) {
    EXPECT_FALSE(entries->find(Value::Int(i)));
    entries->entries.emplace_back(Value::Int(i), Value::Null());
    EXPECT_EQ(entries->find(Value::Uint(i)), size_t(i));
  }
  // A repeated key (which MakeMap would reject) resolves to its first entry, small or large.
  entries->entries.emplace_back(Value::Double(7.0), Value::Null());
  entries->entries.emplace_back(Value::Int(7), Value::Null());
  EXPECT_EQ(entries->find(Value::Int(7)), 7u);
}

TEST(ValueTest, LargeMapLookupsAreThreadSafe) {
  auto entries = std::make_shared<MapEntries>();
  for (int i = 0; i < 5000; ++i) entries->entries.emplace_back(Value::Int(i), Value::Int(-i));
  Value m = Value::Map(entries);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&m, &failures, t] {
      for (int i = t; i < 5000; i += 3) {
        auto found = m.map_find(Value::Int(i));
        if (!found || found->int_value() != -i) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace portcullis::cel
