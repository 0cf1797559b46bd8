// Cerbos test suites: parsing (groups, fixtures, errors with their lines) and running (the
// expected-DENY default, output comparison, failure diffs, options, filters). The fixture
// directories under testdata/suites/ give the same pass/fail per action under `cerbos compile`
// 0.55.0 (tests/cli/test_lint.test.mjs checks that against the binary).
#include "policy/test_suite.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/parse.hpp>

namespace portcullis::policy {
namespace {

const std::filesystem::path kSuites = std::filesystem::path(PORTCULLIS_TEST_DATA) / "suites";

std::vector<std::string> Lines(const std::vector<PolicyError>& errors) {
  std::vector<std::string> lines;
  for (const PolicyError& error : errors) lines.push_back(error.ToString());
  return lines;
}

constexpr std::string_view kGroupsSuite = R"(name: Groups
principals:
  bob: {id: bob, roles: [user]}
  alice: {id: alice, roles: [user], attr: {team: x}, scope: acme}
principalGroups:
  users: {principals: [bob, alice]}
resources:
  doc: {kind: document, id: d1}
  img: {kind: image, id: i1, policyVersion: v2}
resourceGroups:
  everything: {resources: [doc, img]}
tests:
  - name: t
    input:
      principals: [alice]
      principalGroups: [users]
      resourceGroups: [everything]
      actions: [view, edit]
    expected:
      - principalGroups: [users]
        resource: img
        actions: {view: EFFECT_ALLOW}
        outputs:
          - action: view
            expected:
              - {src: "resource.image.vv2#r", val: {a: [1, "x"]}}
)";

TEST(TestSuiteParser, ExpandsGroupsInInputOrderPrincipalsFirst) {
  LoadedTestSuite loaded = ParseTestSuite(kGroupsSuite, "g_test.yaml");
  ASSERT_EQ(Lines(loaded.errors), std::vector<std::string>{});
  const TestSuite& suite = *loaded.suite;
  EXPECT_EQ(suite.name, "Groups");
  ASSERT_EQ(suite.tests.size(), 1u);
  const TestCase& test = suite.tests[0];
  EXPECT_EQ(test.principals, (std::vector<std::string>{"alice", "bob"}));
  EXPECT_EQ(test.resources, (std::vector<std::string>{"doc", "img"}));
  EXPECT_EQ(test.actions, (std::vector<std::string>{"view", "edit"}));
  ASSERT_EQ(test.expected.size(), 2u);
  const PairExpectation& bob_img = test.expected.at({"bob", "img"});
  EXPECT_EQ(bob_img.actions.at("view"), Effect::kAllow);
  EXPECT_FALSE(bob_img.actions.contains("edit"));
  const std::vector<ExpectedOutput>& outputs = bob_img.outputs.at("view");
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_EQ(outputs[0].src, "resource.image.vv2#r");
  EXPECT_EQ(outputs[0].value, boost::json::parse(R"({"a": [1.0, "x"]})"));
  const TestPrincipal& alice = suite.principals.at("alice");
  EXPECT_EQ(alice.scope, "acme");
  EXPECT_EQ(alice.attr, boost::json::parse(R"({"team": "x"})"));
  EXPECT_EQ(suite.resources.at("img").policy_version, "v2");
}

TEST(TestSuiteParser, ReportsEveryProblemAtItsLine) {
  LoadedTestSuite loaded = ParseTestSuite(R"(name: Broken
principals:
  bob: {id: bob, roles: [user]}
resources:
  doc: {kind: document, id: d1}
tests:
  - name: t
    input:
      principals: [bob, zed]
      resources: [doc]
      actions: [view]
    expected:
      - principal: bob
        resource: doc
        actions: {view: EFFECT_ALLOW, edit: EFFECT_DENY}
      - principal: bob
        resource: nothing
        actions: {view: EFFECT_MAYBE}
)",
                                          "b_test.yaml");
  EXPECT_FALSE(loaded.suite.has_value());
  EXPECT_EQ(Lines(loaded.errors),
            (std::vector<std::string>{
                "b_test.yaml:18:25: tests[0].expected[1].actions.view: expected EFFECT_ALLOW or "
                "EFFECT_DENY, not \"EFFECT_MAYBE\""}));

  // Once the values are well-formed, the names are resolved.
  loaded = ParseTestSuite(R"(name: Broken
principals:
  bob: {id: bob, roles: [user]}
resources:
  doc: {kind: document, id: d1}
tests:
  - name: t
    input:
      principals: [bob, zed]
      resources: [doc]
      actions: [view]
    expected:
      - principal: bob
        resource: doc
        actions: {view: EFFECT_ALLOW, edit: EFFECT_DENY}
)",
                          "b_test.yaml");
  EXPECT_EQ(Lines(loaded.errors),
            (std::vector<std::string>{
                "b_test.yaml:9:25: principal \"zed\" not found",
                "b_test.yaml:15:39: test \"t\": found an expectation for action \"edit\" that is "
                "not in the input actions"}));
}

TEST(TestSuiteParser, RejectsUnknownFieldsAndMissingOnes) {
  LoadedTestSuite loaded = ParseTestSuite(R"(name: S
principals:
  bob: {id: bob, role: [user]}
tests: []
)",
                                          "s_test.yaml");
  EXPECT_FALSE(loaded.suite.has_value());
  EXPECT_EQ(Lines(loaded.errors),
            (std::vector<std::string>{
                "s_test.yaml:1:1: missing required field \"tests\"",
                "s_test.yaml:3:8: principals.bob: missing required field \"roles\"",
                "s_test.yaml:3:18: principals.bob: unknown field \"role\" (did you mean "
                "\"roles\"?)"}));
}

TEST(TestSuiteLoader, ReadsTheSharedFixturesNextToTheSuite) {
  LoadedTestSuite loaded = LoadTestSuite(kSuites / "passing", "tests/document_test.yaml");
  ASSERT_EQ(Lines(loaded.errors), std::vector<std::string>{});
  const TestSuite& suite = *loaded.suite;
  EXPECT_EQ(suite.principals.at("carol").roles, std::vector<std::string>{"admin"});
  EXPECT_EQ(suite.resources.at("carols_doc").id, "c1");
  EXPECT_EQ(suite.aux_data.at("adminJWT"), boost::json::parse(R"({"admin": true})"));
  // `principalGroups: [admins]` comes from testdata/principals.yaml.
  EXPECT_TRUE(suite.tests[0].expected.contains({"carol", "carols_doc"}));
  ASSERT_TRUE(suite.options.now.has_value());
  EXPECT_EQ(suite.options.now->seconds, 1704164645);
}

SuiteReport RunSuite(const std::string& dir_name, const std::string& file,
                     const TestFilter& filter = {}) {
  PolicyDirectory dir = LoadPolicyDirectory(kSuites / dir_name);
  EXPECT_TRUE(dir.ok()) << FormatErrors(dir.errors);
  TestRunner runner(dir, {});
  EXPECT_EQ(Lines(runner.CompileErrors()), std::vector<std::string>{});
  return runner.Run(LoadTestSuite(dir.root, file), filter);
}

TEST(TestRunner, PassesEverySuiteThatCerbosPasses) {
  SuiteReport document = RunSuite("passing", "tests/document_test.yaml");
  EXPECT_EQ(document.error, "");
  EXPECT_EQ(document.Count(TestResult::kPassed), 16u);
  EXPECT_EQ(document.Count(TestResult::kFailed), 0u);
  EXPECT_EQ(document.Count(TestResult::kSkipped), 1u);
  EXPECT_EQ(document.Overall(), TestResult::kPassed);
  // The skipped action carries the reason.
  EXPECT_EQ(document.outcomes.back().message, "not decided yet");

  SuiteReport skipped = RunSuite("passing", "tests/skipped_test.yaml");
  EXPECT_TRUE(skipped.skipped);
  EXPECT_EQ(skipped.skip_reason, "waiting for the archive policy");
  EXPECT_TRUE(skipped.outcomes.empty());  // Cerbos runs and counts nothing of a skipped suite
  EXPECT_EQ(skipped.Overall(), TestResult::kSkipped);

  SuiteReport scoped = RunSuite("passing", "tests/scoped_test.yaml");
  EXPECT_EQ(scoped.Count(TestResult::kPassed), 4u);
  EXPECT_EQ(scoped.Overall(), TestResult::kPassed);
}

TEST(TestRunner, ReportsEachFailingActionWithItsDiff) {
  SuiteReport report = RunSuite("failing", "tests/tool_test.yaml");
  EXPECT_EQ(report.name, "ToolSuite");
  EXPECT_EQ(report.Overall(), TestResult::kFailed);
  EXPECT_EQ(report.Count(TestResult::kPassed), 2u);
  std::vector<const ActionOutcome*> failures;
  for (const ActionOutcome& outcome : report.outcomes) {
    if (outcome.result == TestResult::kFailed) failures.push_back(&outcome);
  }
  ASSERT_EQ(failures.size(), 3u);

  // A wrong expected effect.
  EXPECT_EQ(failures[0]->test, "users call the shell (wrong)");
  EXPECT_EQ(failures[0]->principal, "ann");
  EXPECT_EQ(failures[0]->resource, "shell");
  EXPECT_EQ(failures[0]->action, "call");
  EXPECT_EQ(failures[0]->expected, Effect::kAllow);
  EXPECT_EQ(failures[0]->actual, Effect::kDeny);

  // An action no expectation lists is expected to be denied.
  EXPECT_EQ(failures[1]->action, "configure");
  EXPECT_EQ(failures[1]->expected, Effect::kDeny);
  EXPECT_EQ(failures[1]->actual, Effect::kAllow);

  // Same effect, different output value.
  EXPECT_EQ(failures[2]->test, "wrong output");
  EXPECT_EQ(failures[2]->expected, Effect::kAllow);
  EXPECT_EQ(failures[2]->actual, Effect::kAllow);
  ASSERT_EQ(failures[2]->outputs.size(), 1u);
  const OutputMismatch& mismatch = failures[2]->outputs[0];
  EXPECT_EQ(mismatch.src, "resource.tool.vdefault#read-only");
  EXPECT_EQ(mismatch.expected, boost::json::parse(R"({"tool": "search", "mode": "write"})"));
  ASSERT_TRUE(mismatch.actual.has_value());
  EXPECT_EQ(*mismatch.actual, boost::json::parse(R"({"tool": "search", "mode": "read"})"));
}

TEST(TestRunner, AMissingOutputIsAFailure) {
  PolicyDirectory dir = LoadPolicyDirectory(kSuites / "failing");
  TestRunner runner(dir, {});
  LoadedTestSuite loaded = ParseTestSuite(R"(name: Missing
principals:
  ann: {id: ann, roles: [user]}
resources:
  search: {kind: tool, id: search, attr: {read_only: true}}
tests:
  - name: t
    input: {principals: [ann], resources: [search], actions: [call]}
    expected:
      - principal: ann
        resource: search
        actions: {call: EFFECT_ALLOW}
        outputs:
          - action: call
            expected:
              - {src: "resource.tool.vdefault#read-only", val: {tool: search, mode: read}}
              - {src: "resource.tool.vdefault#admin", val: 1}
)",
                                          "m_test.yaml");
  ASSERT_EQ(Lines(loaded.errors), std::vector<std::string>{});
  SuiteReport report = runner.Run(loaded);
  ASSERT_EQ(report.outcomes.size(), 1u);
  EXPECT_EQ(report.outcomes[0].result, TestResult::kFailed);
  ASSERT_EQ(report.outcomes[0].outputs.size(), 1u);
  EXPECT_EQ(report.outcomes[0].outputs[0].src, "resource.tool.vdefault#admin");
  EXPECT_FALSE(report.outcomes[0].outputs[0].actual.has_value());
}

TEST(TestRunner, TestOptionsReplaceTheSuiteOptions) {
  // The suite's globals define the deadline; a test with its own options but no globals makes
  // `G.deadline` fail, so the edit is denied (as Cerbos does).
  PolicyDirectory dir = LoadPolicyDirectory(kSuites / "passing");
  TestRunner runner(dir, {});
  LoadedTestSuite loaded = ParseTestSuite(R"(name: Options
options:
  now: "2024-01-02T03:04:05Z"
  globals: {deadline: "2024-06-01T00:00:00Z"}
principals:
  bob: {id: bob, roles: [user]}
resources:
  doc: {kind: document, id: d1, attr: {owner: bob}}
tests:
  - name: suite options
    input: {principals: [bob], resources: [doc], actions: [edit]}
    expected:
      - {principal: bob, resource: doc, actions: {edit: EFFECT_ALLOW}}
  - name: own options
    options: {now: "2024-01-02T03:04:05Z"}
    input: {principals: [bob], resources: [doc], actions: [edit]}
    expected:
      - {principal: bob, resource: doc, actions: {edit: EFFECT_DENY}}
)",
                                          "o_test.yaml");
  ASSERT_EQ(Lines(loaded.errors), std::vector<std::string>{});
  SuiteReport report = runner.Run(loaded);
  ASSERT_EQ(report.outcomes.size(), 2u);
  EXPECT_EQ(report.outcomes[0].result, TestResult::kPassed);
  EXPECT_EQ(report.outcomes[1].result, TestResult::kPassed);
}

// As `cerbos compile` 0.55.0 does: a resource whose decision read now() without a `now` in the
// test options errors on every action of that resource; the same check with `now` runs.
TEST(TestRunner, AResultThatReadTheClockWithoutNowIsAnError) {
  PolicyDirectory dir = LoadPolicyDirectory(kSuites / "passing");
  TestRunner runner(dir, {});
  LoadedTestSuite loaded = ParseTestSuite(R"(name: Clock
options:
  globals: {deadline: "2024-06-01T00:00:00Z"}
principals:
  bob: {id: bob, roles: [user]}
resources:
  doc: {kind: document, id: d1, attr: {owner: bob}}
tests:
  - name: no now
    input: {principals: [bob], resources: [doc], actions: [edit, delete]}
    expected:
      - {principal: bob, resource: doc, actions: {edit: EFFECT_DENY}}
  - name: with now
    options:
      now: "2024-01-02T03:04:05Z"
      globals: {deadline: "2024-06-01T00:00:00Z"}
    input: {principals: [bob], resources: [doc], actions: [edit]}
    expected:
      - {principal: bob, resource: doc, actions: {edit: EFFECT_ALLOW}}
)",
                                          "c_test.yaml");
  ASSERT_EQ(Lines(loaded.errors), std::vector<std::string>{});
  SuiteReport report = runner.Run(loaded);
  ASSERT_EQ(report.outcomes.size(), 3u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(report.outcomes[i].result, TestResult::kErrored) << report.outcomes[i].action;
    EXPECT_EQ(report.outcomes[i].message,
              "a policy used a time-based condition, but `now` was not provided in the test "
              "options");
  }
  EXPECT_EQ(report.outcomes[2].result, TestResult::kPassed);
}

TEST(TestRunner, FiltersByDimensionGlobs) {
  TestFilter filter;
  std::string error;
  ASSERT_TRUE(filter.Add("test=users*;principal=ann", error)) << error;
  SuiteReport report = RunSuite("failing", "tests/tool_test.yaml", filter);
  ASSERT_EQ(report.outcomes.size(), 2u);
  EXPECT_EQ(report.outcomes[0].test, "users call read-only tools");
  EXPECT_EQ(report.outcomes[1].test, "users call the shell (wrong)");

  EXPECT_FALSE(filter.Add("colour=red", error));
  EXPECT_EQ(error,
            "invalid test filter dimension \"colour\": expected suite, test, principal, "
            "resource or action");
}

}  // namespace
}  // namespace portcullis::policy
