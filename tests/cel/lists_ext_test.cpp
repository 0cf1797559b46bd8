#include <gtest/gtest.h>

#include "cel/library.h"
#include "lib_test_util.h"

namespace portcullis::cel {
namespace {

using testing::ExpectAll;
using testing::ExpectAllTrue;

TEST(ListsExtTest, RangeSliceFlatten) {
  ExpectAll({
      {"lists.range(5)", "[0, 1, 2, 3, 4]"},
      {"lists.range(0)", "[]"},
      {"lists.range(-3)", "[]"},
      {"[1, 2, 3, 4].slice(1, 3)", "[2, 3]"},
      {"[1, 2, 3, 4].slice(4, 4)", "[]"},
      {"[1, 2].slice(-1, 1)", "error: cannot slice(-1, 1), negative indexes not supported"},
      {"[1, 2].slice(2, 1)",
       "error: cannot slice(2, 1), start index must be less than or equal to end index"},
      {"[1, 2].slice(0, 3)", "error: cannot slice(0, 3), list is length 2"},
      {"[1, [2, [3, [4]]]].flatten()", "[1, 2, [3, [4]]]"},
      {"[1, [2, [3, [4]]]].flatten(0)", "[1, [2, [3, [4]]]]"},
      {"[1, [2, [3, [4]]]].flatten(10)", "[1, 2, 3, 4]"},
      {"[1].flatten(-1)", "error: level must be non-negative"},
  });
}

TEST(ListsExtTest, RangeIsBoundedByTheWorkBudget) {
  EXPECT_EQ(testing::EvalToString("lists.range(1000000000)"), "error: work budget exceeded");
}

TEST(ListsExtTest, DistinctReverseSort) {
  ExpectAll({
      {"[1, 2, 2, 3, 3, 3].distinct()", "[1, 2, 3]"},
      {"[1, 1.0, 1u, 'a', 'a'].distinct()", "[1, \"a\"]"},
      {"[[1], [1], [2]].distinct()", "[[1], [2]]"},
      {"[5, 3, 1, 2].reverse()", "[2, 1, 3, 5]"},
      {"[3, 2, 1].sort()", "[1, 2, 3]"},
      {"['b', 'c', 'a'].sort()", "[\"a\", \"b\", \"c\"]"},
      {"[2.5, 1, 2u].sort()", "[1, 2u, 2.5]"},
      {"[1, 'a'].sort()", "error: list elements must have the same type"},
      {"[[1], [2]].sort()", "error: list elements must be comparable"},
  });
}

// `sortBy` is a macro: l.sortBy(e, key) expands to l.@sortByAssociatedKeys(l.map(e, key)).
TEST(ListsExtTest, SortByAssociatedKeysOrdersByKeyStably) {
  FunctionRegistry registry;
  AddListsExtension(registry);
  auto overloads = registry.Find("@sortByAssociatedKeys", true, 2);
  ASSERT_EQ(overloads.size(), 1u);
  EvalContext ctx;
  Value items = testing::FromJsonText(R"(["foo", "bar", "baz", "qux"])");
  Value keys = testing::FromJsonText("[0, -10, 1000, 0]");
  Value args[] = {items, keys};
  EXPECT_EQ(DebugString(overloads[0]->impl(args, ctx)), R"(["bar", "foo", "qux", "baz"])");
  Value short_keys[] = {items, testing::FromJsonText("[1]")};
  EXPECT_TRUE(overloads[0]->impl(short_keys, ctx).IsError());
}

// The Cerbos documentation's sortBy example; needs the parser's sortBy macro.
TEST(ListsExtTest, SortByMacroFromCerbosDocumentation) {
  EXPECT_EQ(testing::EvalToString(
                "[{ \"name\": \"foo\", \"score\": 0 },{ \"name\": \"bar\", \"score\": -10 },"
                "{ \"name\": \"baz\", \"score\": 1000 }].sortBy(e, e.score).map(e, e.name) == "
                "[\"bar\", \"foo\", \"baz\"]"),
            "true");
}

// Every list example of the Cerbos conditions documentation that this library provides.
TEST(ListsExtTest, CerbosDocumentationExamples) {
  ExpectAllTrue({
      "[1, 2, 2, 3, 3, 3].distinct() == [1, 2, 3]",
      "[1,2,[],[],[3,4]].flatten() == [1, 2, 3, 4] && [1,[2,[3,[4]]]].flatten(2) == [1, 2, 3, [4]]",
      "lists.range(5) == [0, 1, 2, 3, 4]",
      "[5, 3, 1, 2].reverse() == [2, 1, 3, 5]",
      "[1,2,3,4].slice(1, 3) == [2, 3]",
      "[3, 2, 1].sort() == [1, 2, 3]",
  });
}

}  // namespace
}  // namespace portcullis::cel
