// `portcullis config check -c FILE [--check-env]`: validates a gateway config file, printing
// "ok" and what it configures, or every error as file:line:column: message.
//
//   $ portcullis config check -c portcullis.yaml
//   ok: portcullis.yaml
//     listen      127.0.0.1:8080 (hosts: localhost, 127.0.0.1, ::1)
//     identity    0 JWT issuers, 3 API keys (support-agent, triage-agent, manager)
//     ...
//
// With --check-env the environment variables the file names are read, so a missing one (or a
// session key that is not 32 bytes of base64) is an error, as it would be for `portcullis serve`.
//
// Exit codes: 0 valid, 2 errors.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <string>

#include "cli/command.h"
#include "gateway/config/gateway_config.h"

namespace portcullis::cli {
namespace {

struct ConfigCheckOptions {
  std::string config;
  bool check_env = false;
};

constexpr int kInvalidConfig = 2;

template <typename Items, typename Name>
std::string JoinNames(const Items& items, Name name) {
  std::string text;
  for (const auto& item : items) {
    if (!text.empty()) text += ", ";
    text += name(item);
  }
  return text;
}

std::string Plural(size_t count, std::string_view noun) {
  return std::to_string(count) + " " + std::string(noun) + (count == 1 ? "" : "s");
}

std::string Describe(const gateway::LogDestination& log) {
  switch (log.kind) {
    case gateway::LogDestination::Kind::kOff:
      return "off";
    case gateway::LogDestination::Kind::kStdout:
      return "stdout";
    case gateway::LogDestination::Kind::kStderr:
      return "stderr";
    case gateway::LogDestination::Kind::kFile:
      return log.file.string();
  }
  return "";
}

void PrintSummary(const gateway::GatewayConfig& config, std::ostream& out) {
  const auto& listen = config.listen;
  std::string host =
      listen.host.find(':') != std::string::npos ? "[" + listen.host + "]" : listen.host;
  out << "  listen      " << host << ":" << listen.port << " (hosts: "
      << (listen.any_host ? "any" : JoinNames(listen.allowed_hosts, [](auto& h) { return h; }))
      << "; body <= " << listen.max_body_bytes << " bytes, depth <= " << listen.max_json_depth
      << ")\n";
  const auto& identity = config.identity;
  out << "  identity    " << Plural(identity.jwt.size(), "JWT issuer") << ", "
      << Plural(identity.api_key_principals.size(), "API key");
  if (!identity.api_key_principals.empty()) {
    out << " (" << JoinNames(identity.api_key_principals, [](auto& id) { return id; }) << ")";
  }
  out << "\n";
  out << "  policies    " << config.policies.directory.string()
      << (config.policies.watch ? " (watched)" : "") << "\n";
  out << "  llm         " << Plural(config.llm.providers.size(), "provider") << ", "
      << Plural(config.llm.models.size(), "model");
  if (!config.llm.models.empty()) {
    out << " (" << JoinNames(config.llm.models, [](auto& m) { return m.name; }) << ")";
  }
  out << "\n";
  out << "  mcp         " << Plural(config.mcp.servers.size(), "server");
  if (!config.mcp.servers.empty()) {
    out << " (" << JoinNames(config.mcp.servers, [](auto& s) { return s.name; }) << ")";
  }
  out << "\n";
  for (const gateway::McpEndpointConfig& endpoint : config.mcp.endpoints) {
    out << "    endpoint  " << endpoint.path << ": "
        << JoinNames(endpoint.servers, [](auto& s) { return s; })
        << (endpoint.prefixed() ? " (names prefixed: server" + endpoint.separator + "name)"
                                : std::string(" (names unprefixed)"))
        << "\n";
  }
  if (!config.sessions.key_sources.empty()) {
    out << "  sessions    " << Plural(config.sessions.key_sources.size(), "key") << ", max age "
        << config.sessions.max_age.count() << "s\n";
  }
  out << "  audit       decisions: " << Describe(config.audit.decision_log)
      << ", access: " << Describe(config.audit.access_log) << "\n";
}

int RunConfigCheck(const ConfigCheckOptions& options) {
  gateway::Environment environment = gateway::ProcessEnvironment();
  gateway::LoadedGatewayConfig loaded =
      gateway::LoadGatewayConfig(options.config, options.check_env ? &environment : nullptr);
  if (!loaded.ok()) {
    std::cerr << policy::FormatErrors(loaded.errors);
    std::cerr << loaded.errors.size() << " error(s) in " << options.config << "\n";
    return kInvalidConfig;
  }
  std::cout << "ok: " << options.config << "\n";
  PrintSummary(*loaded.config, std::cout);
  if (!options.check_env) {
    std::cout << "  (environment variables not checked; --check-env reads them)\n";
  }
  return 0;
}

}  // namespace

void AddConfigCommand(CLI::App& app, std::function<int()>& run) {
  CLI::App* config = app.add_subcommand("config", "Gateway configuration files");
  config->require_subcommand(1);
  CLI::App* check =
      config->add_subcommand("check", "Validate a gateway config file, printing every error");
  auto options = std::make_shared<ConfigCheckOptions>();
  check->add_option("-c,--config", options->config, "The gateway config file (YAML)")->required();
  check->add_flag("--check-env", options->check_env,
                  "Also read the environment variables the file names (as serve does)");
  check->callback([options, &run] { run = [options] { return RunConfigCheck(*options); }; });
}

}  // namespace portcullis::cli
