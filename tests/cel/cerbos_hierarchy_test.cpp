#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "eval_helpers.h"
#include "lib_test_util.h"

namespace portcullis::cel {
namespace {

using testing::ExpectAll;
using testing::ExpectAllTrue;

TEST(CerbosHierarchyTest, BuildsListsOfLevels) {
  ExpectAll({
      {"hierarchy('a.b.c')", "[\"a\", \"b\", \"c\"]"},
      {"hierarchy('a:b:c', ':')", "[\"a\", \"b\", \"c\"]"},
      {"hierarchy(['a', 'b'])", "[\"a\", \"b\"]"},
      {"hierarchy('')", "[\"\"]"},
      {"hierarchy(['a', 1])",
       "error: failed to convert list to string slice: elements must be strings"},
      {"hierarchy('a.b.c').commonAncestors(hierarchy('a.b.c'))", "[\"a\", \"b\"]"},
      {"hierarchy('a.b.c').commonAncestors(hierarchy('x.y'))", "[]"},
  });
  ExpectAllTrue({
      "hierarchy('a.b.c').siblingOf(hierarchy('a.b.c'))",
      "!hierarchy('a.b.c').siblingOf(hierarchy('a.x.c'))",
      "!hierarchy('a.b').ancestorOf(hierarchy('a.b'))",
      "hierarchy('a.b').overlaps(hierarchy('a.b'))",
      "!hierarchy('a.b.c.d').descendentOf(hierarchy('a.c'))",
  });
}

// Every example of the Cerbos conditions documentation's "Hierarchies" table, with its test data.
TEST(CerbosHierarchyTest, CerbosDocumentationExamples) {
  MapActivation vars;
  vars.Bind("P",
            testing::FromJsonText(
                R"({"id": "john", "roles": ["employee"], "attr": {"scope": "foo.bar.baz.qux"}})"));
  vars.Bind("R",
            testing::FromJsonText(R"({"kind": "leave_request", "attr": {"scope": "foo.bar"}})"));
  EvalContext ctx;
  for (std::string_view expr : {
           "hierarchy(\"a.b.c\") == hierarchy([\"a\",\"b\",\"c\"])",
           "hierarchy(\"a:b:c\", \":\").size() == 3",
           "hierarchy(\"a.b\").ancestorOf(hierarchy(\"a.b.c.d\")) == true",
           "hierarchy(R.attr.scope).commonAncestors(hierarchy(P.attr.scope)) == "
           "hierarchy(\"foo.bar\")",
           "hierarchy(\"a.b.c.d\").descendentOf(hierarchy(\"a.b\")) == true",
           "hierarchy(\"a.b.c\").immediateChildOf(hierarchy(\"a.b\")) == true && "
           "hierarchy(\"a.b.c.d\").immediateChildOf(hierarchy(\"a.b\")) == false",
           "hierarchy(\"a.b\").immediateParentOf(hierarchy(\"a.b.c\")) == true && "
           "hierarchy(\"a.b\").immediateParentOf(hierarchy(\"a.b.c.d\")) == false",
           "hierarchy(\"a.b.c\").overlaps(hierarchy(\"a.b.c.d.e\")) == true && "
           "hierarchy(\"a.b.x\").overlaps(hierarchy(\"a.b.c.d.e\")) == false",
           "hierarchy(\"a.b.c\").siblingOf(hierarchy(\"a.b.d\")) == true",
           "hierarchy(\"a.b.c\").size() == 3",
           "hierarchy(\"a.b.c.d\")[1] == \"b\"",
       }) {
    EXPECT_EQ(testing::EvalToString(expr, vars, ctx), "true") << expr;
  }
}

// A borrowed path (here a JSON attribute) outlives the evaluation: its levels view it instead of
// being copied. The levels of an owned path are owned copies.
TEST(CerbosHierarchyTest, LevelsViewBorrowedPathsAndCopyOwnedOnes) {
  boost::json::value doc = boost::json::parse(R"({"dept": "eng.platform"})");
  std::string_view dept = doc.as_object().at("dept").as_string();
  MapActivation vars;
  vars.Bind("R", Value::FromJson(doc));
  EvalContext ctx;

  Value borrowed = Compile("hierarchy(R.dept)").program->Evaluate(vars, ctx);
  ASSERT_EQ(borrowed.list_size(), 2u);
  EXPECT_TRUE(borrowed.list_at(1).is_borrowed());
  EXPECT_EQ(borrowed.list_at(1).str().data(), dept.data() + 4);
  EXPECT_EQ(borrowed.list_at(1).str(), "platform");

  Value owned = Compile("hierarchy(R.dept + '.runtime', '.')").program->Evaluate(vars, ctx);
  ASSERT_EQ(owned.list_size(), 3u);
  EXPECT_FALSE(owned.list_at(0).is_borrowed());
  EXPECT_EQ(DebugString(owned), R"(["eng", "platform", "runtime"])");
}

// `hierarchy(a).rel(hierarchy(b))` is decided on the paths a and b when both are strings (see
// NestedCallShortcut), and must agree with the relation of the level lists, which
// `cel.bind(h, hierarchy(a), h.rel(hierarchy(b)))` computes (its receiver is not a call). The
// arguments include paths with empty levels, non-strings, an error and an unknown.
TEST(CerbosHierarchyTest, RelationsOfPathsAgreeWithRelationsOfLevels) {
  MapActivation vars;
  std::vector<std::string> arguments;
  int n = 0;
  for (std::string_view path : {"", ".", "..", "a", "b", "ab", "a.", ".a", "a.b", "a.bc", "ab.c",
                                "a.b.", "a..b", "a.b.c", "a.bc.d", "a.x.c", "x.b.c", "a.b.c.d"}) {
    std::string name = "p" + std::to_string(n++);
    vars.Bind(name, Value::String(std::string(path)));
    arguments.push_back(name);
  }
  vars.Bind("levels", testing::FromJsonText(R"(["a", "b"])"));
  vars.Bind("number", Value::Int(1));
  vars.DeclareUnknown({"later", {}});
  for (std::string_view other : {"levels", "number", "later", "unbound", "'a.b'"}) {
    arguments.emplace_back(other);
  }
  for (std::string_view relation : {"ancestorOf", "descendentOf", "immediateParentOf",
                                    "immediateChildOf", "siblingOf", "overlaps"}) {
    ASSERT_TRUE(DefaultRegistry().Find(std::string(relation), true, 2).at(0)->nested_shortcut);
    for (const std::string& a : arguments) {
      for (const std::string& b : arguments) {
        std::string call = "." + std::string(relation) + "(hierarchy(" + b + "))";
        std::string on_paths = "hierarchy(" + a + ")" + call;
        std::string on_levels = "cel.bind(h, hierarchy(" + a + "), h" + call + ")";
        EXPECT_EQ(DebugString(testing::EvalValue(on_paths, vars)),
                  DebugString(testing::EvalValue(on_levels, vars)))
            << on_paths;
      }
    }
  }
}

TEST(CerbosHierarchyTest, RelationsOfPathsFromAttributes) {
  MapActivation vars;
  vars.Bind("R", testing::FromJsonText(R"({"attr": {"department": "eng"}})"));
  vars.Bind("P", testing::FromJsonText(R"({"attr": {"department": "eng.platform.runtime"}})"));
  EvalContext ctx;
  for (std::string_view expr : {
           "hierarchy(R.attr.department).ancestorOf(hierarchy(P.attr.department))",
           "!hierarchy(R.attr.department).immediateParentOf(hierarchy(P.attr.department))",
           "hierarchy(P.attr.department).descendentOf(hierarchy(R.attr.department))",
           "hierarchy(P.attr.department).overlaps(hierarchy(R.attr.department))",
           "hierarchy('eng.platform').immediateParentOf(hierarchy(P.attr.department))",
           "hierarchy(P.attr.department).siblingOf(hierarchy('eng.platform.storage'))",
       }) {
    EXPECT_EQ(testing::EvalToString(expr, vars, ctx), "true") << expr;
  }
  EXPECT_EQ(testing::EvalToString("hierarchy(R.attr.team).ancestorOf(hierarchy(P.attr.department))",
                                  vars, ctx),
            "error: no such key: team");
}

}  // namespace
}  // namespace portcullis::cel
