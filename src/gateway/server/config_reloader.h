// Hot reload of the gateway's config file: the file's directory is watched (policy/
// directory_watcher.h, not recursively); when the file's content has changed, it is loaded and
// validated as at start (environment variables included) and, when good, handed to `apply` with
// the IdentitySources it needs. A file with errors keeps the last good config serving, and every
// error is logged with its file:line:col.
//
// What a reload applies: identity (API keys, JWT issuers), llm providers and models, mcp servers
// and endpoints, listen.allowed_hosts / allowed_origins / max_json_depth, the RFC 9728 metadata.
// What needs a restart, logged as such when it changed: listen address, port and max_body_bytes,
// the policies section (the policy directory reloads on its own), sessions, audit, and adding
// MCP endpoints to a gateway that started without any.
//
// Thread-safety: `apply` and the log run on the watcher's thread, one reload at a time.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "gateway/config/gateway_config.h"
#include "gateway/server/identity_setup.h"
#include "policy/directory_watcher.h"

namespace portcullis::gateway::server {

class ConfigReloader {
 public:
  using Apply = std::function<void(std::shared_ptr<const GatewayConfig> config,
                                   std::unique_ptr<IdentitySources> identity)>;

  // Watches the file `running` was loaded from. Throws std::system_error when its directory
  // cannot be watched.
  ConfigReloader(std::shared_ptr<const GatewayConfig> running, Apply apply);
  void Stop() { watcher_.Stop(); }

 private:
  void Reload();

  const std::filesystem::path path_;              // absolute
  std::shared_ptr<const GatewayConfig> running_;  // the watcher's thread only
  std::string running_text_;
  Apply apply_;
  policy::DirectoryWatcher watcher_;  // last: its thread reads the members above
};

}  // namespace portcullis::gateway::server
