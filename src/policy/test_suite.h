// Cerbos policy test suites (`*_test.yaml|yml|json`, policies/pages/compile.adoc): loading them
// with their shared fixtures, and running them against a policy directory as `cerbos compile`
// 0.55.0 does.
//
//   PolicyDirectory dir = LoadPolicyDirectory("policies");
//   TestRunner runner(dir, engine_options);
//   for (const std::string& file : dir.test_suites) {
//     SuiteReport report = runner.Run(LoadTestSuite(dir.root, file));
//     ...
//   }
//
// Semantics (checked against the binary):
// - Every principal × resource pair of a test's input is checked for every input action. A pair
//   or action that no expectation lists is expected to be EFFECT_DENY.
// - An expectation whose effect differs fails with both effects; when the effect matches, each
//   listed output (per action, by `src`) must exist with a JSON-equal value (extra outputs are
//   ignored).
// - Options of a test replace those of its suite as a whole; `now` fixes now().
// - Principals, resources (and their groups) and auxData come from the suite and from
//   `testdata/{principals,resources,auxdata}.{yaml,yml,json}` in the suite's directory; the
//   suite's own definitions win over the fixtures'.
// - A suite that does not load (bad YAML, unknown keys, references to undefined principals...)
//   is reported as errored with all its problems, file:line:column (Cerbos: the first one).
// - A skipped suite runs and counts nothing; a skipped test counts its actions as skipped.
// - A resource whose decision read now() (or timeSince()) without a `now` in the options errors
//   on each of its actions, as Cerbos does.
// - Results are counted per principal × resource × action, as Cerbos counts "tests".
//
// Thread-safety: LoadTestSuite is reentrant. A TestRunner is used by one thread at a time.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "cel/value.h"
#include "policy/compiler.h"
#include "policy/engine_options.h"
#include "policy/loader.h"
#include "policy/model.h"
#include "policy/policy_errors.h"

namespace portcullis::policy {

struct TestPrincipal {
  std::string id;
  std::vector<std::string> roles;
  boost::json::value attr;  // an object, or null
  std::string policy_version;
  std::string scope;
};

struct TestResource {
  std::string kind;
  std::string id;
  boost::json::value attr;  // an object, or null
  std::string policy_version;
  std::string scope;
};

// `options` of a suite or a test. Unset fields take the engine options' values.
struct TestOptions {
  std::optional<cel::Timestamp> now;
  std::optional<std::string> default_policy_version;
  std::optional<std::string> default_scope;
  std::optional<bool> lenient_scope_search;
  std::optional<boost::json::object> globals;
};

struct ExpectedOutput {
  std::string src;
  boost::json::value value;
};

// The expectations of one principal × resource pair (groups and lists already expanded).
struct PairExpectation {
  std::map<std::string, Effect, std::less<>> actions;
  // Action -> the outputs it must produce.
  std::map<std::string, std::vector<ExpectedOutput>, std::less<>> outputs;
};

struct TestCase {
  std::string name;
  std::string description;
  bool skip = false;
  std::string skip_reason;
  std::optional<TestOptions> options;  // replaces the suite's options when set
  // Keys into the suite's principals / resources, groups expanded, in input order
  // (principals before principalGroups, as Cerbos orders them).
  std::vector<std::string> principals;
  std::vector<std::string> resources;
  std::vector<std::string> actions;
  std::string aux_data;  // key into the suite's aux_data; empty for none
  // (principal key, resource key) -> expectations.
  std::map<std::pair<std::string, std::string>, PairExpectation> expected;
};

struct TestSuite {
  std::string file;  // as given to LoadTestSuite
  std::string name;
  std::string description;
  bool skip = false;
  std::string skip_reason;
  TestOptions options;
  std::map<std::string, TestPrincipal, std::less<>> principals;
  std::map<std::string, TestResource, std::less<>> resources;
  // auxData key -> JWT claims (a JSON object).
  std::map<std::string, boost::json::value, std::less<>> aux_data;
  std::vector<TestCase> tests;
};

// Definitions a suite can refer to: its own merged over the shared `testdata` fixtures.
struct TestFixtures {
  std::map<std::string, TestPrincipal, std::less<>> principals;
  std::map<std::string, TestResource, std::less<>> resources;
  std::map<std::string, boost::json::value, std::less<>> aux_data;
  std::map<std::string, std::vector<std::string>, std::less<>> principal_groups;
  std::map<std::string, std::vector<std::string>, std::less<>> resource_groups;
};

struct LoadedTestSuite {
  std::optional<TestSuite> suite;  // set when there is no error
  std::string file;
  std::string name;  // the suite's name, when it has one (even with errors)
  std::vector<PolicyError> errors;
};

// Loads the suite `root / file` and the fixtures of its directory. Locations name `file`
// (and fixture files relative to `root`).
LoadedTestSuite LoadTestSuite(const std::filesystem::path& root, const std::string& file);

// Reads `testdata/{principals,resources,auxdata}.{yaml,yml,json}` under `root / directory`
// (`directory` relative to `root`, "" for the root itself); absent files are no error.
TestFixtures LoadTestFixtures(const std::filesystem::path& root, const std::string& directory,
                              std::vector<PolicyError>& errors);

// Parses a suite from text over already loaded fixtures. `file` names it in locations.
LoadedTestSuite ParseTestSuite(std::string_view text, const std::string& file,
                               const TestFixtures& fixtures = {});

enum class TestResult : uint8_t { kPassed, kFailed, kSkipped, kErrored };

struct OutputMismatch {
  std::string src;
  boost::json::value expected;
  std::optional<boost::json::value> actual;  // nullopt: the output is missing
};

// The result of one principal × resource × action.
struct ActionOutcome {
  std::string test;
  std::string principal;  // keys, as the suite names them
  std::string resource;
  std::string action;
  TestResult result = TestResult::kPassed;
  Effect expected = Effect::kDeny;
  Effect actual = Effect::kDeny;
  std::vector<OutputMismatch> outputs;  // when the effects match but outputs do not
  std::string message;                  // the skip reason or the error
};

struct SuiteReport {
  std::string file;
  std::string name;
  std::string error;     // the suite did not load (then `outcomes` is empty)
  bool skipped = false;  // `skip: true` on the suite (then `outcomes` is empty, as in Cerbos)
  std::string skip_reason;
  std::vector<ActionOutcome> outcomes;

  size_t Count(TestResult result) const;
  // Errored if it did not load or any action errored, else failed if any failed, else passed
  // (a skipped suite, or one with only skipped actions, counts as skipped).
  TestResult Overall() const;
};

// Selects what runs, as `cerbos compile --test-filter`: each non-empty list keeps the items that
// match one of its glob patterns (`*` any run of characters, `?` one character).
struct TestFilter {
  std::vector<std::string> suites, tests, principals, resources, actions;

  // Parses "dimension=glob1,glob2;dimension=..." and merges it in; false with `error` set on an
  // unknown dimension or a malformed clause.
  bool Add(std::string_view spec, std::string& error);
};

class TestRunner {
 public:
  // Keeps references to `dir` and nothing else; `dir` must outlive the runner and have loaded
  // without errors. `options` are the engine options suites' options override.
  TestRunner(const PolicyDirectory& dir, EngineOptions options);

  // Compiles the policies with the base options (once); the errors when they do not compile.
  const std::vector<PolicyError>& CompileErrors();

  SuiteReport Run(const LoadedTestSuite& suite, const TestFilter& filter = {});

 private:
  const CompiledPolicies& Compiled(const EngineOptions& options);

  const PolicyDirectory& dir_;
  EngineOptions base_;
  // Policy sets compiled per distinct options, keyed by a rendering of the options.
  std::map<std::string, CompiledPolicies> compiled_;
};

// "EFFECT_ALLOW" / "EFFECT_DENY".
std::string_view EffectName(Effect effect);

}  // namespace portcullis::policy
