#include "cli/engine_flags.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/config_file.h"
#include "policy/policy_watcher.h"

namespace portcullis::cli {

void AddEngineFlags(CLI::App& command, EngineFlags& flags) {
  command.add_option("-c,--config", flags.config,
                     "The Portcullis config file (its engine: section)");
  command.add_option("--default-policy-version", flags.default_policy_version,
                     "Overrides engine.defaultPolicyVersion");
  command.add_option("--default-scope", flags.default_scope, "Overrides engine.defaultScope");
  command.add_option("--lenient-scope-search", flags.lenient_scope_search,
                     "Overrides engine.lenientScopeSearch (true|false)");
  command.add_option("--strict-evaluation", flags.strict_evaluation,
                     "Overrides engine.strictEvaluation (true|false)");
}

std::variant<policy::EngineOptions, std::string> ResolveEngineOptions(const EngineFlags& flags) {
  policy::EngineOptions engine;
  if (!flags.config.empty()) {
    auto loaded = LoadEngineOptions(flags.config);
    if (auto* error = std::get_if<std::string>(&loaded)) return std::move(*error);
    engine = std::move(std::get<policy::EngineOptions>(loaded));
  }
  if (flags.default_policy_version) engine.default_policy_version = *flags.default_policy_version;
  if (flags.default_scope) engine.default_scope = *flags.default_scope;
  if (flags.lenient_scope_search) engine.lenient_scope_search = *flags.lenient_scope_search;
  if (flags.strict_evaluation) engine.strict_evaluation = *flags.strict_evaluation;
  return engine;
}

std::shared_ptr<const policy::PolicySet> CompilePolicyDirectory(const std::string& policies,
                                                                const EngineFlags& flags) {
  auto engine = ResolveEngineOptions(flags);
  if (auto* error = std::get_if<std::string>(&engine)) {
    std::cerr << *error << "\n";
    return nullptr;
  }
  policy::LoadedPolicies loaded =
      policy::LoadPolicies(policies, std::get<policy::EngineOptions>(engine));
  if (!loaded.ok()) {
    std::cerr << policy::FormatErrors(loaded.errors);
    return nullptr;
  }
  return loaded.policies;
}

}  // namespace portcullis::cli
