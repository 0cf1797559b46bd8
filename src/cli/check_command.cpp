// `portcullis check`: one Cerbos CheckResources request against a policy directory, answered
// with the Cerbos CheckResources response, as the PDP's HTTP API would answer it.
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "cli/command.h"
#include "cli/config_file.h"
#include "pdp/cerbos_json.h"
#include "pdp/ulid.h"
#include "policy/compiler.h"
#include "policy/engine.h"
#include "policy/loader.h"

namespace portcullis::cli {
namespace {

struct CheckOptions {
  std::string policies;
  std::string request = "-";
  std::string config;
  std::optional<std::string> default_policy_version;
  std::optional<std::string> default_scope;
  std::optional<bool> lenient_scope_search;
  std::optional<bool> strict_evaluation;
};

// Exit codes: 0 answered (the request may still be denied), 1 invalid request (Cerbos's error
// JSON on stdout), 2 unusable config, policies or request file.
constexpr int kInvalidRequest = 1;
constexpr int kUnusableInput = 2;

std::optional<std::string> ReadRequest(const std::string& source) {
  if (source == "-") return std::string(std::istreambuf_iterator<char>(std::cin), {});
  std::ifstream file(source, std::ios::binary);
  if (!file) return std::nullopt;
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

int RunCheck(const CheckOptions& options) {
  policy::EngineOptions engine;
  if (!options.config.empty()) {
    auto loaded = LoadEngineOptions(options.config);
    if (auto* error = std::get_if<std::string>(&loaded)) {
      std::cerr << *error << "\n";
      return kUnusableInput;
    }
    engine = std::move(std::get<policy::EngineOptions>(loaded));
  }
  if (options.default_policy_version)
    engine.default_policy_version = *options.default_policy_version;
  if (options.default_scope) engine.default_scope = *options.default_scope;
  if (options.lenient_scope_search) engine.lenient_scope_search = *options.lenient_scope_search;
  if (options.strict_evaluation) engine.strict_evaluation = *options.strict_evaluation;

  policy::PolicyDirectory directory = policy::LoadPolicyDirectory(options.policies);
  if (!directory.ok()) {
    std::cerr << policy::FormatErrors(directory.errors);
    return kUnusableInput;
  }
  policy::CompiledPolicies compiled = policy::CompilePolicies(directory, engine);
  if (!compiled.ok()) {
    std::cerr << policy::FormatErrors(compiled.errors);
    return kUnusableInput;
  }

  std::optional<std::string> body = ReadRequest(options.request);
  if (!body) {
    std::cerr << options.request << ": cannot read the request\n";
    return kUnusableInput;
  }
  pdp::CheckResourcesParse parsed = pdp::ParseCheckResourcesRequest(*body);
  if (!parsed.ok()) {
    std::cout << parsed.error->ToJson() << std::endl;
    return kInvalidRequest;
  }
  policy::CheckOutput output = policy::Engine::Check(*compiled.policy_set, parsed.request->input());
  pdp::RenderedResponse response = pdp::RenderCheckResourcesResponse(
      *parsed.request, output, parsed.request->include_meta(), pdp::NewUlid());
  if (response.error) {
    std::cout << response.error->ToJson() << std::endl;
    return kInvalidRequest;
  }
  std::cout << response.json << std::endl;
  return 0;
}

}  // namespace

void AddCheckCommand(CLI::App& app, std::function<int()>& run) {
  CLI::App* check = app.add_subcommand(
      "check", "Answer a Cerbos CheckResources request (JSON) with the Cerbos response (JSON)");
  auto options = std::make_shared<CheckOptions>();
  check->add_option("--policies", options->policies, "The policy directory")->required();
  check->add_option("--request", options->request,
                    "The request JSON file, or - for stdin (the default)");
  check->add_option("-c,--config", options->config,
                    "The Portcullis config file (its engine: section)");
  check->add_option("--default-policy-version", options->default_policy_version,
                    "Overrides engine.defaultPolicyVersion");
  check->add_option("--default-scope", options->default_scope, "Overrides engine.defaultScope");
  check->add_option("--lenient-scope-search", options->lenient_scope_search,
                    "Overrides engine.lenientScopeSearch (true|false)");
  check->add_option("--strict-evaluation", options->strict_evaluation,
                    "Overrides engine.strictEvaluation (true|false)");
  check->callback([options, &run] { run = [options] { return RunCheck(*options); }; });
}

}  // namespace portcullis::cli
