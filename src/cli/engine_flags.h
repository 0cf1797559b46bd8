// The engine options of commands that evaluate policies: `-c CONFIG` (its engine: section, see
// config_file.h) and the flags that override single keys of it.
//
// Thread-safety: plain values; AddEngineFlags binds the flags to an EngineFlags that must outlive
// the parse.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "policy/engine_options.h"
#include "policy/policy_set.h"

namespace CLI {
class App;
}

namespace portcullis::cli {

struct EngineFlags {
  std::string config;
  std::optional<std::string> default_policy_version;
  std::optional<std::string> default_scope;
  std::optional<bool> lenient_scope_search;
  std::optional<bool> strict_evaluation;
};

// Adds -c/--config, --default-policy-version, --default-scope, --lenient-scope-search and
// --strict-evaluation to `command`.
void AddEngineFlags(CLI::App& command, EngineFlags& flags);

// The config file's engine options (defaults without -c) with the flags applied, or an error
// message.
std::variant<policy::EngineOptions, std::string> ResolveEngineOptions(const EngineFlags& flags);

// Loads and compiles the policy directory `policies` with the resolved engine options; on any
// problem (config, loading, compiling) prints every error to stderr and returns null.
std::shared_ptr<const policy::PolicySet> CompilePolicyDirectory(const std::string& policies,
                                                                const EngineFlags& flags);

}  // namespace portcullis::cli
