// `portcullis lint`: loads and compiles a policy directory, printing every problem.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <string>

#include "cli/command.h"
#include "cli/engine_flags.h"
#include "policy/compiler.h"
#include "policy/loader.h"

namespace portcullis::cli {
namespace {

struct LintOptions {
  std::string policies;
  EngineFlags engine;
};

// Exit codes: 0 valid, 1 the policies have errors, 2 unusable config.
constexpr int kInvalidPolicies = 1;
constexpr int kUnusableConfig = 2;

int RunLint(const LintOptions& options) {
  auto engine = ResolveEngineOptions(options.engine);
  if (auto* error = std::get_if<std::string>(&engine)) {
    std::cerr << *error << "\n";
    return kUnusableConfig;
  }
  policy::PolicyDirectory directory = policy::LoadPolicyDirectory(options.policies);
  if (!directory.ok()) {
    std::cerr << policy::FormatErrors(directory.errors);
    std::cerr << directory.errors.size() << " error(s) in " << options.policies << "\n";
    return kInvalidPolicies;
  }
  policy::CompiledPolicies compiled =
      policy::CompilePolicies(directory, std::get<policy::EngineOptions>(engine));
  if (!compiled.ok()) {
    std::cerr << policy::FormatErrors(compiled.errors);
    std::cerr << compiled.errors.size() << " error(s) in " << options.policies << "\n";
    return kInvalidPolicies;
  }
  std::cout << "OK: " << directory.policies.size() << " policies compiled ("
            << directory.disabled_policies.size() << " disabled, " << directory.test_suites.size()
            << " test suites not run) in " << options.policies << "\n";
  return 0;
}

}  // namespace

void AddLintCommand(CLI::App& app, std::function<int()>& run) {
  CLI::App* lint =
      app.add_subcommand("lint", "Load and compile a policy directory, printing every error");
  auto options = std::make_shared<LintOptions>();
  lint->add_option("--policies", options->policies, "The policy directory")->required();
  AddEngineFlags(*lint, options->engine);
  lint->callback([options, &run] { run = [options] { return RunLint(*options); }; });
}

}  // namespace portcullis::cli
