// Loading a policy directory into a servable snapshot, and watching it for changes (hot reload).
//
//   LoadedPolicies first = LoadPolicies("policies", options);
//   if (!first.ok()) { std::cerr << FormatErrors(first.errors); return 2; }
//   PolicyWatcher watcher("policies", options, [&](LoadedPolicies reload) {
//     if (reload.ok()) api.SetPolicies(reload.policies, reload.sources);   // swap
//     else std::cerr << FormatErrors(reload.errors);                      // keep the last good set
//   });
//
// The watcher uses inotify on the directory and every non-hidden directory below it (directories
// created later included). A burst of changes (an editor saving, `git checkout`, a Kubernetes
// ConfigMap swapping its `..data` link) is debounced: the directory is reloaded once no event has
// arrived for `debounce`, or at the latest `max_delay` after the first event of the burst. Every
// reload loads and compiles the whole directory again.
//
// Thread-safety: LoadPolicies is reentrant. A PolicyWatcher owns one thread; the listener is
// called on it, one call at a time, never after Stop has returned. Stop may be called from any
// thread except the listener's, repeatedly; the destructor calls it.
#pragma once

#include "policy/directory_watcher.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "policy/action_index.h"
#include "policy/engine_options.h"
#include "policy/policy_errors.h"
#include "policy/policy_set.h"

namespace portcullis::policy {

// Where each policy of a directory came from: policy id (policy_id.h) → its file, relative to
// the directory with '/' separators (Cerbos's `source` attribute of the disk store).
using PolicySources = std::unordered_map<std::string, std::string, StringHash, std::equal_to<>>;

// A policy directory, loaded and compiled.
struct LoadedPolicies {
  std::shared_ptr<const PolicySet> policies;     // set when there is no error
  std::shared_ptr<const PolicySources> sources;  // set with `policies`
  std::vector<PolicyError> errors;               // every problem, each naming file:line:column

  bool ok() const { return policies != nullptr; }
};

// Loads and compiles every policy under `root` (LoadPolicyDirectory, then CompilePolicies).
LoadedPolicies LoadPolicies(const std::filesystem::path& root, const EngineOptions& options);

class PolicyWatcher {
 public:
  // Called with the outcome of each reload. Must not throw.
  using Listener = std::function<void(LoadedPolicies reload)>;

  struct Options {
    std::chrono::milliseconds debounce{200};
    std::chrono::milliseconds max_delay{2000};
  };

  // Starts watching `root`; throws std::system_error when inotify cannot watch it. The first
  // reload happens after the first change: load the initial set with LoadPolicies.
  PolicyWatcher(std::filesystem::path root, EngineOptions engine, Listener listener,
                Options options);
  PolicyWatcher(std::filesystem::path root, EngineOptions engine, Listener listener)
      : PolicyWatcher(std::move(root), std::move(engine), std::move(listener), Options()) {}
  PolicyWatcher(const PolicyWatcher&) = delete;
  PolicyWatcher& operator=(const PolicyWatcher&) = delete;

  // Ends watching: returns once the thread has finished (a reload in progress completes first,
  // its listener call included; a burst still being debounced is not reloaded).
  void Stop();

 private:
  void Reload();

  const std::filesystem::path root_;
  const EngineOptions engine_;
  const Listener listener_;
  DirectoryWatcher directory_;  // last: its thread calls Reload, which reads the members above
};

}  // namespace portcullis::policy
