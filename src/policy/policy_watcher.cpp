#include "policy/policy_watcher.h"

#include "policy/compiler.h"
#include "policy/loader.h"
#include "policy/policy_id.h"

namespace portcullis::policy {

LoadedPolicies LoadPolicies(const std::filesystem::path& root, const EngineOptions& options) {
  LoadedPolicies loaded;
  PolicyDirectory directory = LoadPolicyDirectory(root);
  if (!directory.ok()) {
    loaded.errors = std::move(directory.errors);
    return loaded;
  }
  CompiledPolicies compiled = CompilePolicies(directory, options);
  if (!compiled.ok()) {
    loaded.errors = std::move(compiled.errors);
    return loaded;
  }
  auto sources = std::make_shared<PolicySources>();
  for (const Policy& policy : directory.policies)
    sources->emplace(PolicyId(policy), policy.location.file_name());
  loaded.policies = std::move(compiled.policy_set);
  loaded.sources = std::move(sources);
  return loaded;
}

PolicyWatcher::PolicyWatcher(std::filesystem::path root, EngineOptions engine, Listener listener,
                             Options options)
    : root_(std::move(root)),
      engine_(std::move(engine)),
      listener_(std::move(listener)),
      directory_(
          root_, [this] { Reload(); },
          {.debounce = options.debounce, .max_delay = options.max_delay, .recursive = true}) {}

void PolicyWatcher::Stop() {
  directory_.Stop();
}

void PolicyWatcher::Reload() {
  LoadedPolicies reload;
  try {
    reload = LoadPolicies(root_, engine_);
  } catch (const std::exception& error) {
    reload.errors.push_back(
        {PolicyErrorKind::kIo,
         SourceLocation{std::make_shared<const std::string>(root_.string()), 0, 0},
         std::string("reload failed: ") + error.what()});
  }
  listener_(std::move(reload));
}

}  // namespace portcullis::policy
