// `portcullis test`: compiles a policy directory and runs its Cerbos test suites, printing a
// summary per suite and a diff for each failing principal × resource × action.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "cli/command.h"
#include "cli/engine_flags.h"
#include "pdp/output_value_json.h"
#include "policy/loader.h"
#include "policy/test_suite.h"

namespace portcullis::cli {
namespace {

struct TestOptions {
  std::string policies;
  std::vector<std::string> filters;
  bool verbose = false;
  EngineFlags engine;
};

// Exit codes: 0 every test passed (or was skipped), 1 a test failed or a suite errored, 2 the
// config, filter or policies are unusable.
constexpr int kTestsFailed = 1;
constexpr int kUnusableInput = 2;

struct Totals {
  size_t suites = 0, passed = 0, failed = 0, skipped = 0, errored = 0;
};

std::string_view ResultLabel(policy::TestResult result) {
  switch (result) {
    case policy::TestResult::kPassed:
      return "PASS";
    case policy::TestResult::kFailed:
      return "FAIL";
    case policy::TestResult::kSkipped:
      return "SKIP";
    case policy::TestResult::kErrored:
      return "ERROR";
  }
  return "";
}

// JSON as Cerbos prints output values: numbers in Go's format (YAML numbers are doubles), object
// keys sorted.
std::string RenderJson(const boost::json::value& value) {
  if (value.is_double()) {
    std::string out;
    pdp::AppendJsonDouble(value.get_double(), out);
    return out;
  }
  if (value.is_array()) {
    std::string out = "[";
    for (const boost::json::value& item : value.get_array()) {
      if (out.size() > 1) out += ",";
      out += RenderJson(item);
    }
    return out + "]";
  }
  if (value.is_object()) {
    std::vector<const boost::json::key_value_pair*> entries;
    for (const auto& entry : value.get_object()) entries.push_back(&entry);
    std::sort(entries.begin(), entries.end(), [](auto* a, auto* b) { return a->key() < b->key(); });
    std::string out = "{";
    for (const auto* entry : entries) {
      if (out.size() > 1) out += ",";
      out += boost::json::serialize(boost::json::value(entry->key())) + ":" +
             RenderJson(entry->value());
    }
    return out + "}";
  }
  return boost::json::serialize(value);
}

void PrintOutcome(const policy::ActionOutcome& outcome) {
  std::cout << "  " << ResultLabel(outcome.result) << " test \"" << outcome.test << "\": principal "
            << outcome.principal << ", resource " << outcome.resource << ", action "
            << outcome.action << ": ";
  switch (outcome.result) {
    case policy::TestResult::kErrored:
      std::cout << outcome.message << "\n";
      return;
    case policy::TestResult::kSkipped:
      std::cout << (outcome.message.empty() ? "skipped" : outcome.message) << "\n";
      return;
    case policy::TestResult::kPassed:
      std::cout << policy::EffectName(outcome.actual) << "\n";
      return;
    case policy::TestResult::kFailed:
      break;
  }
  if (outcome.expected != outcome.actual) {
    std::cout << "expected " << policy::EffectName(outcome.expected) << ", got "
              << policy::EffectName(outcome.actual) << "\n";
    return;
  }
  std::cout << policy::EffectName(outcome.actual) << " as expected, but outputs differ\n";
  for (const policy::OutputMismatch& mismatch : outcome.outputs) {
    std::cout << "      output " << mismatch.src << ": expected " << RenderJson(mismatch.expected)
              << ", got "
              << (mismatch.actual ? RenderJson(*mismatch.actual) : std::string("nothing (missing)"))
              << "\n";
  }
}

void PrintReport(const policy::SuiteReport& report, bool verbose, Totals& totals) {
  ++totals.suites;
  policy::TestResult overall = report.Overall();
  std::cout << ResultLabel(overall) << " " << (report.name.empty() ? report.file : report.name)
            << " (" << report.file << ")";
  if (!report.error.empty()) {
    ++totals.errored;
    std::cout << ": the suite does not load\n" << report.error << "\n";
    return;
  }
  if (report.skipped) {
    std::cout << ": skipped" << (report.skip_reason.empty() ? "" : ": " + report.skip_reason)
              << "\n";
    return;
  }
  size_t passed = report.Count(policy::TestResult::kPassed);
  size_t failed = report.Count(policy::TestResult::kFailed);
  size_t skipped = report.Count(policy::TestResult::kSkipped);
  size_t errored = report.Count(policy::TestResult::kErrored);
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  totals.errored += errored;
  std::cout << ": " << passed << " passed, " << failed << " failed, " << skipped << " skipped";
  if (errored > 0) std::cout << ", " << errored << " errored";
  std::cout << "\n";
  for (const policy::ActionOutcome& outcome : report.outcomes) {
    bool bad = outcome.result == policy::TestResult::kFailed ||
               outcome.result == policy::TestResult::kErrored;
    if (bad || verbose) PrintOutcome(outcome);
  }
}

int RunTests(const TestOptions& options) {
  auto engine = ResolveEngineOptions(options.engine);
  if (auto* error = std::get_if<std::string>(&engine)) {
    std::cerr << *error << "\n";
    return kUnusableInput;
  }
  policy::TestFilter filter;
  for (const std::string& spec : options.filters) {
    std::string error;
    if (!filter.Add(spec, error)) {
      std::cerr << error << "\n";
      return kUnusableInput;
    }
  }
  policy::PolicyDirectory directory = policy::LoadPolicyDirectory(options.policies);
  if (!directory.ok()) {
    std::cerr << policy::FormatErrors(directory.errors);
    return kUnusableInput;
  }
  policy::TestRunner runner(directory, std::move(std::get<policy::EngineOptions>(engine)));
  if (!runner.CompileErrors().empty()) {
    std::cerr << policy::FormatErrors(runner.CompileErrors());
    return kUnusableInput;
  }

  Totals totals;
  for (const std::string& file : directory.test_suites) {
    policy::SuiteReport report = runner.Run(policy::LoadTestSuite(directory.root, file), filter);
    bool filtered_out = report.error.empty() && !report.skipped && report.outcomes.empty();
    if (filtered_out) continue;
    PrintReport(report, options.verbose, totals);
  }
  std::cout << "\n"
            << totals.suites << " suites: " << totals.passed << " passed, " << totals.failed
            << " failed, " << totals.skipped << " skipped, " << totals.errored << " errored\n";
  return totals.failed > 0 || totals.errored > 0 ? kTestsFailed : 0;
}

}  // namespace

void AddTestCommand(CLI::App& app, std::function<int()>& run) {
  CLI::App* test =
      app.add_subcommand("test", "Run the Cerbos test suites (*_test.yaml) of a policy directory");
  auto options = std::make_shared<TestOptions>();
  test->add_option("--policies", options->policies, "The policy directory")->required();
  test->add_option("--filter", options->filters,
                   "Run only matching tests: 'suite=glob,...;test=...;principal=...;"
                   "resource=...;action=...' (as cerbos compile --test-filter; repeatable)");
  test->add_flag("-v,--verbose", options->verbose, "Print every result, not only failures");
  AddEngineFlags(*test, options->engine);
  test->callback([options, &run] { run = [options] { return RunTests(*options); }; });
}

}  // namespace portcullis::cli
