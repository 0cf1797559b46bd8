// Running loaded test suites (test_suite.h) with the engine, one check per principal of a test.
#include <algorithm>
#include <cmath>
#include <utility>

#include <boost/json/serialize.hpp>

#include "policy/engine.h"
#include "policy/test_suite.h"
#include "policy/value_json.h"
#include "policy/wildcard.h"

namespace portcullis::policy {
namespace {

constexpr const char* kNowNotProvided =
    "a policy used a time-based condition, but `now` was not provided in the test options";

// JSON equality where numbers compare by value (YAML numbers are doubles, outputs may be ints).
bool JsonEqual(const boost::json::value& a, const boost::json::value& b) {
  if (a.is_number() && b.is_number()) return a.to_number<double>() == b.to_number<double>();
  if (a.kind() != b.kind()) return false;
  if (a.is_array()) {
    const boost::json::array &x = a.get_array(), &y = b.get_array();
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i) {
      if (!JsonEqual(x[i], y[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    const boost::json::object &x = a.get_object(), &y = b.get_object();
    if (x.size() != y.size()) return false;
    for (const auto& [key, value] : x) {
      const boost::json::value* other = y.if_contains(key);
      if (other == nullptr || !JsonEqual(value, *other)) return false;
    }
    return true;
  }
  return a == b;
}

bool Selected(const std::vector<std::string>& patterns, std::string_view name) {
  if (patterns.empty()) return true;
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& pattern) { return WildcardMatches(pattern, name); });
}

// A key that tells engine options apart (globals rendered as JSON).
std::string OptionsKey(const EngineOptions& options) {
  std::string key = options.default_policy_version;
  key += '\0';
  key += options.default_scope;
  key += '\0';
  key += options.lenient_scope_search ? '1' : '0';
  key += options.strict_evaluation ? '1' : '0';
  key += boost::json::serialize(options.globals);
  return key;
}

std::vector<OutputMismatch> CompareOutputs(const std::vector<ExpectedOutput>& expected,
                                           const ResourceResult& result, std::string_view action) {
  std::vector<OutputMismatch> mismatches;
  for (const ExpectedOutput& want : expected) {
    auto entry =
        std::find_if(result.outputs.begin(), result.outputs.end(),
                     [&](const OutputEntry& e) { return e.src == want.src && e.action == action; });
    if (entry == result.outputs.end()) {
      mismatches.push_back({want.src, want.value, std::nullopt});
      continue;
    }
    std::optional<boost::json::value> actual;
    if (entry->error.empty()) actual = ValueToJson(entry->value);
    if (!actual) actual = boost::json::value(nullptr);
    if (!JsonEqual(want.value, *actual)) mismatches.push_back({want.src, want.value, *actual});
  }
  return mismatches;
}

}  // namespace

std::string_view EffectName(Effect effect) {
  return effect == Effect::kAllow ? "EFFECT_ALLOW" : "EFFECT_DENY";
}

size_t SuiteReport::Count(TestResult result) const {
  return std::count_if(outcomes.begin(), outcomes.end(),
                       [&](const ActionOutcome& o) { return o.result == result; });
}

TestResult SuiteReport::Overall() const {
  if (!error.empty() || Count(TestResult::kErrored) > 0) return TestResult::kErrored;
  if (Count(TestResult::kFailed) > 0) return TestResult::kFailed;
  if (skipped) return TestResult::kSkipped;
  if (!outcomes.empty() && Count(TestResult::kSkipped) == outcomes.size())
    return TestResult::kSkipped;
  return TestResult::kPassed;
}

bool TestFilter::Add(std::string_view spec, std::string& error) {
  while (!spec.empty()) {
    size_t end = spec.find(';');
    std::string_view clause = spec.substr(0, end);
    spec = end == std::string_view::npos ? std::string_view() : spec.substr(end + 1);
    if (clause.empty()) continue;
    size_t equals = clause.find('=');
    if (equals == std::string_view::npos) {
      error = "invalid test filter \"" + std::string(clause) + "\": expected dimension=globs";
      return false;
    }
    std::string_view dimension = clause.substr(0, equals);
    std::vector<std::string>* into = dimension == "suite"       ? &suites
                                     : dimension == "test"      ? &tests
                                     : dimension == "principal" ? &principals
                                     : dimension == "resource"  ? &resources
                                     : dimension == "action"    ? &actions
                                                                : nullptr;
    if (into == nullptr) {
      error = "invalid test filter dimension \"" + std::string(dimension) +
              "\": expected suite, test, principal, resource or action";
      return false;
    }
    std::string_view globs = clause.substr(equals + 1);
    while (!globs.empty()) {
      size_t comma = globs.find(',');
      std::string_view glob = globs.substr(0, comma);
      globs = comma == std::string_view::npos ? std::string_view() : globs.substr(comma + 1);
      if (!glob.empty()) into->emplace_back(glob);
    }
  }
  return true;
}

TestRunner::TestRunner(const PolicyDirectory& dir, EngineOptions options)
    : dir_(dir), base_(std::move(options)) {}

const CompiledPolicies& TestRunner::Compiled(const EngineOptions& options) {
  std::string key = OptionsKey(options);
  auto it = compiled_.find(key);
  if (it == compiled_.end()) it = compiled_.emplace(key, CompilePolicies(dir_, options)).first;
  return it->second;
}

const std::vector<PolicyError>& TestRunner::CompileErrors() {
  return Compiled(base_).errors;
}

SuiteReport TestRunner::Run(const LoadedTestSuite& loaded, const TestFilter& filter) {
  SuiteReport report;
  report.file = loaded.file;
  report.name = loaded.name;
  if (!loaded.suite) {
    report.error = FormatErrors(loaded.errors);
    if (!report.error.empty() && report.error.back() == '\n') report.error.pop_back();
    return report;
  }
  const TestSuite& suite = *loaded.suite;
  report.name = suite.name;
  if (!Selected(filter.suites, suite.name)) return report;
  if (suite.skip) {
    report.skipped = true;
    report.skip_reason = suite.skip_reason;
    return report;
  }

  CheckOutput output;
  for (const TestCase& test : suite.tests) {
    if (!Selected(filter.tests, test.name)) continue;
    const TestOptions& options = test.options ? *test.options : suite.options;
    EngineOptions engine = base_;
    if (options.default_policy_version)
      engine.default_policy_version = *options.default_policy_version;
    if (options.default_scope) engine.default_scope = *options.default_scope;
    if (options.lenient_scope_search) engine.lenient_scope_search = *options.lenient_scope_search;
    if (options.globals) engine.globals = *options.globals;
    const CompiledPolicies& compiled = Compiled(engine);

    std::vector<std::string_view> actions;
    for (const std::string& action : test.actions) {
      if (Selected(filter.actions, action)) actions.push_back(action);
    }
    std::vector<const std::string*> resource_keys;
    std::vector<ResourceCheck> resources;
    for (const std::string& key : test.resources) {
      if (!Selected(filter.resources, key)) continue;
      const TestResource& r = suite.resources.find(key)->second;
      resource_keys.push_back(&key);
      resources.push_back(
          {{r.kind, r.id, r.attr.is_null() ? nullptr : &r.attr, r.policy_version, r.scope},
           actions});
    }
    const boost::json::value* jwt = nullptr;
    if (!test.aux_data.empty()) jwt = &suite.aux_data.find(test.aux_data)->second;

    for (const std::string& principal_key : test.principals) {
      if (!Selected(filter.principals, principal_key)) continue;
      const TestPrincipal& p = suite.principals.find(principal_key)->second;
      bool run = !test.skip && compiled.ok() && !resources.empty() && !actions.empty();
      std::vector<std::string_view> roles(p.roles.begin(), p.roles.end());
      if (run) {
        CheckInput input{
            {p.id, roles, p.attr.is_null() ? nullptr : &p.attr, p.policy_version, p.scope},
            resources,
            jwt,
            options.now};
        Engine::Check(*compiled.policy_set, input, output);
      }
      for (size_t r = 0; r < resources.size(); ++r) {
        const std::string& resource_key = *resource_keys[r];
        auto pair = test.expected.find({principal_key, resource_key});
        for (size_t a = 0; a < actions.size(); ++a) {
          ActionOutcome outcome;
          outcome.test = test.name;
          outcome.principal = principal_key;
          outcome.resource = resource_key;
          outcome.action = actions[a];
          if (pair != test.expected.end()) {
            auto effect = pair->second.actions.find(actions[a]);
            if (effect != pair->second.actions.end()) outcome.expected = effect->second;
          }
          if (test.skip) {
            outcome.result = TestResult::kSkipped;
            outcome.message = test.skip_reason;
          } else if (!compiled.ok()) {
            outcome.result = TestResult::kErrored;
            outcome.message = FormatErrors(compiled.errors);
          } else if (output.results[r].read_now && !options.now) {
            // Cerbos's test runner refuses results that depend on the wall clock.
            outcome.result = TestResult::kErrored;
            outcome.message = kNowNotProvided;
          } else {
            const ResourceResult& result = output.results[r];
            outcome.actual = result.actions[a].effect;
            if (outcome.actual != outcome.expected) {
              outcome.result = TestResult::kFailed;
            } else if (pair != test.expected.end()) {
              auto outputs = pair->second.outputs.find(actions[a]);
              if (outputs != pair->second.outputs.end()) {
                outcome.outputs = CompareOutputs(outputs->second, result, actions[a]);
                if (!outcome.outputs.empty()) outcome.result = TestResult::kFailed;
              }
            }
          }
          report.outcomes.push_back(std::move(outcome));
        }
      }
    }
  }
  return report;
}

}  // namespace portcullis::policy
