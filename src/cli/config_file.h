// The Portcullis config file (`-c FILE`, YAML). Its sections use Cerbos's key names so that
// Cerbos blocks can be pasted in unchanged:
//
//   engine:
//     defaultPolicyVersion: default
//     defaultScope: ""
//     lenientScopeSearch: false
//     strictEvaluation: false
//     globals: {environment: prod}
//   storage:
//     disk:
//       watchForChanges: true          # the only storage key read (the directory is --policies)
//   audit:
//     enabled: true
//     decisionLogsEnabled: true        # both needed for the decision log
//     backend: file                    # or local: written as the file backend does, to
//     file:                            #   <local.storagePath>/decisions.log
//       path: /var/log/decisions.log   # or stdout, stderr
//     includeMetadataKeys: [x-tenant]
//     excludeMetadataKeys: [cookie]
//     decisionLogFilters:
//       checkResources: {ignoreAllowAll: false}
//
// Each section is read by the function for it; other top-level sections are left alone. Cerbos
// audit keys with no effect here (access logs, log rotation, kafka/hub settings, plan filters)
// are accepted and ignored; the kafka and hub backends are an error.
//
// Thread-safety: reentrant.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <variant>

#include "pdp/check_resources_audit.h"
#include "policy/engine_options.h"

namespace portcullis::cli {

// The engine options of the config file at `path` (defaults for keys it does not set), or an
// error message naming the file, line and key.
std::variant<policy::EngineOptions, std::string> LoadEngineOptions(
    const std::filesystem::path& path);

struct StorageOptions {
  std::optional<bool> watch_for_changes;  // storage.disk.watchForChanges; unset when absent
};

// The storage options of the config file at `path`, or an error message.
std::variant<StorageOptions, std::string> LoadStorageOptions(const std::filesystem::path& path);

struct AuditOptions {
  // audit.enabled and audit.decisionLogsEnabled.
  bool decision_log = false;
  // Where the decision log goes (a file, "stdout" or "stderr"). Set when decision_log is.
  std::filesystem::path path;
  pdp::CheckAuditOptions check;
};

// The audit options of the config file at `path`, or an error message.
std::variant<AuditOptions, std::string> LoadAuditOptions(const std::filesystem::path& path);

}  // namespace portcullis::cli
