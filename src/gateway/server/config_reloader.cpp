#include "gateway/server/config_reloader.h"

#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <utility>
#include <variant>
#include <vector>

namespace portcullis::gateway::server {
namespace {

// The file's content; nullopt when it cannot be read (e.g. mid-replacement by an editor).
std::optional<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return text.str();
}

void Log(const std::string& line) {
  std::cerr << "portcullis serve: " + line + "\n" << std::flush;
}

bool SameLog(const LogDestination& a, const LogDestination& b) {
  return a.kind == b.kind && a.file == b.file;
}

// The sections that changed but apply only after a restart.
std::vector<std::string> RestartOnlyChanges(const GatewayConfig& running,
                                            const GatewayConfig& loaded) {
  std::vector<std::string> changed;
  if (running.listen.host != loaded.listen.host || running.listen.port != loaded.listen.port ||
      running.listen.max_body_bytes != loaded.listen.max_body_bytes) {
    changed.push_back("listen.address / max_body_bytes");
  }
  if (running.policies.directory != loaded.policies.directory ||
      running.policies.watch != loaded.policies.watch) {
    changed.push_back("policies");
  }
  bool same_keys = running.sessions.keys.size() == loaded.sessions.keys.size();
  for (size_t i = 0; same_keys && i < running.sessions.keys.size(); ++i) {
    same_keys = running.sessions.keys[i].id == loaded.sessions.keys[i].id &&
                running.sessions.keys[i].secret == loaded.sessions.keys[i].secret;
  }
  if (!same_keys || running.sessions.max_age != loaded.sessions.max_age) {
    changed.push_back("sessions");
  }
  if (!SameLog(running.audit.decision_log, loaded.audit.decision_log) ||
      !SameLog(running.audit.access_log, loaded.audit.access_log)) {
    changed.push_back("audit");
  }
  return changed;
}

}  // namespace

ConfigReloader::ConfigReloader(std::shared_ptr<const GatewayConfig> running, Apply apply)
    : path_(std::filesystem::absolute(running->source)),
      running_(std::move(running)),
      running_text_(ReadFile(path_).value_or("")),
      apply_(std::move(apply)),
      watcher_(path_.parent_path(), [this] { Reload(); },
               {.debounce = std::chrono::milliseconds(200),
                .max_delay = std::chrono::milliseconds(2000),
                .recursive = false}) {}

void ConfigReloader::Reload() {
  const std::filesystem::path& path = path_;
  std::optional<std::string> text = ReadFile(path);
  if (!text) {
    Log("reloading " + path.string() +
        ": cannot read the file; still serving the last good config");
    return;
  }
  if (*text == running_text_) return;  // another file of the directory changed
  Environment environment = ProcessEnvironment();
  // The text just read is the one parsed: the file is read once per reload.
  LoadedGatewayConfig loaded =
      ParseGatewayConfig(*text, path.string(), path.parent_path(), &environment);
  if (!loaded.ok()) {
    Log("reloading " + path.string() + " failed, still serving the last good config:\n" +
        policy::FormatErrors(loaded.errors));
    return;
  }
  if (running_->mcp.endpoints.empty() && !loaded.config->mcp.endpoints.empty()) {
    Log("reloading " + path.string() +
        ": MCP endpoints were added to a gateway started without any; restart to serve them. "
        "Still serving the last good config.");
    return;
  }
  auto identity = IdentitySources::Create(loaded.config->identity, {});
  if (auto* error = std::get_if<std::string>(&identity)) {
    Log("reloading " + path.string() + " failed, still serving the last good config: " + *error);
    return;
  }
  for (const std::string& section : RestartOnlyChanges(*running_, *loaded.config)) {
    Log("reloading " + path.string() + ": the change to " + section +
        " takes effect after a restart");
  }
  running_text_ = std::move(*text);
  running_ = loaded.config;
  apply_(std::move(loaded.config), std::get<std::unique_ptr<IdentitySources>>(std::move(identity)));
}

}  // namespace portcullis::gateway::server
