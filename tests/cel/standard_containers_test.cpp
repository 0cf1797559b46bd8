// The standard library's list and map functions: size and cel.@mapInsert.
#include <gtest/gtest.h>

#include "cel/value_ops.h"
#include "lib_test_util.h"

namespace portcullis::cel {
namespace {

using testing::ExpectAll;

TEST(StandardContainersTest, Size) {
  ExpectAll(
      {{"size([1, 2, 3])", "3"}, {"[].size()", "0"}, {"size({'a': 1})", "1"}, {"{}.size()", "0"}});
}

// `cel.@mapInsert` cannot be written in source text (macros expand to it, and the evaluator
// builds transformMap results in place): call the registered overloads directly.
std::string MapInsert(std::vector<Value> args) {
  auto overloads = DefaultRegistry().Find("cel.@mapInsert", false, args.size());
  EXPECT_EQ(overloads.size(), 1u);
  if (overloads.empty()) return "";
  EvalContext ctx;
  return DebugString(overloads[0]->impl(args, ctx));
}

Value MapOf(std::vector<std::pair<Value, Value>> entries) {
  return MakeMap(std::move(entries));
}

TEST(StandardContainersTest, MapInsert) {
  Value a1 = MapOf({{Value::String("a"), Value::Int(1)}});
  EXPECT_EQ(MapInsert({a1, Value::String("b"), Value::Int(2)}), "{\"a\": 1, \"b\": 2}");
  EXPECT_EQ(MapInsert({a1, MapOf({{Value::String("b"), Value::Int(2)}})}), "{\"a\": 1, \"b\": 2}");
  EXPECT_EQ(MapInsert({a1, Value::String("a"), Value::Int(2)}),
            "error(\"Failed with repeated key\")");
  EXPECT_EQ(MapInsert({MapOf({{Value::Int(1), Value::Int(1)}}), Value::Uint(1), Value::Int(2)}),
            "error(\"Failed with repeated key\")");
  EXPECT_EQ(MapInsert({a1, Value::Double(1.5), Value::Int(2)}), "error(\"unsupported key type\")");
  // The map inserted into is not modified.
  EXPECT_EQ(DebugString(a1), "{\"a\": 1}");
}

}  // namespace
}  // namespace portcullis::cel
