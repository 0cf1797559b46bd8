#include <gtest/gtest.h>

#include "lib_test_util.h"

namespace portcullis::cel {
namespace {

using testing::ExpectAll;

TEST(CerbosListsTest, SetHelpersUseNumericEquality) {
  ExpectAll({
      {"[1, 2, 3].except([2.0])", "[1, 3]"},
      {"except([1, 2, 2, 3], [3u])", "[1, 2, 2]"},
      {"[1, 2, 3].intersect([3.0, 1u])", "[3.0, 1u]"},
      {"intersect([1, 2], [2, 1, 0])", "[1, 2]"},
      {"[1, 2].hasIntersection([2.0])", "true"},
      {"hasIntersection([], [1])", "false"},
      {"has_intersection(['a'], ['a'])", "true"},
      {"[1, 2.0].isSubset([1.0, 2, 3])", "true"},
      {"is_subset([1, 4], [1, 2])", "false"},
      {"[].isSubset([])", "true"},
      {"id([1, 'a'])", "[1, \"a\"]"},
  });
}

// Every list example of the Cerbos conditions documentation that Cerbos's own helpers provide,
// with the documentation's test data.
TEST(CerbosListsTest, CerbosDocumentationExamples) {
  MapActivation vars;
  vars.Bind("P", testing::FromJsonText(R"({"id": "elmer_fudd", "attr": {
      "id": "125",
      "teams": ["design", "communications", "product", "commercial"],
      "limits": {"design": 10, "product": 25},
      "clients": {"acme": {"active": true}, "bb inc": {"active": true}}}})"));
  EvalContext ctx;
  for (std::string_view expr : {
           "P.attr.teams.except([\"design\", \"engineering\"]) == "
           "[\"communications\", \"product\", \"commercial\"]",
           "hasIntersection([\"design\", \"engineering\"], P.attr.teams)",
           "has_intersection([\"design\", \"engineering\"], P.attr.teams)",
           "intersect([\"design\", \"engineering\"], P.attr.teams) == [\"design\"]",
           "[\"design\", \"engineering\"].isSubset(P.attr.teams) == false",
           "[\"design\", \"engineering\"].is_subset(P.attr.teams) == false",
           "size(P.attr.teams) == 4 && size(P.attr.clients) == 2",
           "P.attr.teams[0] == \"design\" && P.attr.clients[\"acme\"][\"active\"] == true",
           "P.attr.teams.all(t, size(t) > 3)",
           "P.attr.teams.exists(t, t.startsWith(\"comm\"))",
           "P.attr.teams.exists_one(t, t.startsWith(\"comm\")) == false",
           "size(P.attr.teams.filter(t, t.matches(\"^comm\"))) == 2",
           "(\"design\" in P.attr.teams) && (\"acme\" in P.attr.clients)",
           "\"DESIGN\" in P.attr.teams.map(t, t.upperAscii())",
       }) {
    EXPECT_EQ(testing::EvalToString(expr, vars, ctx), "true") << expr;
  }
}

// Documented examples that depend on macros the parser provides (two-variable comprehensions,
// transformList/transformMap/transformMapEntry; sortBy is in lists_ext_test).
TEST(CerbosListsTest, CerbosDocumentationMacroExamples) {
  MapActivation vars;
  vars.Bind("P", testing::FromJsonText(R"({"attr": {"limits": {"design": 10, "product": 25}}})"));
  EvalContext ctx;
  for (std::string_view expr : {
           "[1, 2, 3].all(i, j, i < j)",
           "P.attr.limits.exists(k, v, k == \"design\" && v > 0)",
           "P.attr.limits.exists_one(k, v, k == \"design\" && v > 0) == true",
           "[1, 2, 3].transformList(i, v, i > 0, 2 * v) == [4, 6] && "
           "[1, 2, 3].transformList(i, v, 2 * v) == [2, 4, 6]",
           "[1, 2, 3].transformMap(i, v, i > 0, 2 * v) == {1: 4, 2: 6}",
           "{'greeting': 'hello'}.transformMapEntry(k, v, {v: k}) == {'hello': 'greeting'}",
       }) {
    EXPECT_EQ(testing::EvalToString(expr, vars, ctx), "true") << expr;
  }
}

}  // namespace
}  // namespace portcullis::cel
