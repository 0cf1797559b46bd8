// `portcullis pdp`: a standalone policy decision point serving Cerbos's HTTP API (pdp/http_api.h)
// for a policy directory, until SIGTERM or SIGINT; reloading the directory when it changes
// (unless storage.disk.watchForChanges: false or --no-watch) and writing a decision log when the
// config's audit section asks for one.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <variant>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "audit/decision_log.h"
#include "audit/file_sink.h"
#include "cli/command.h"
#include "cli/config_file.h"
#include "cli/engine_flags.h"
#include "cli/stop_signals.h"
#include "net/http_server.h"
#include "pdp/http_api.h"
#include "policy/policy_watcher.h"

namespace portcullis::cli {
namespace {

struct PdpOptions {
  std::string policies;
  std::string http = "127.0.0.1:3592";
  unsigned threads = 0;
  std::optional<bool> watch;  // --watch / --no-watch, the last one given
  EngineFlags engine;
};

// What the config file says beyond the engine options.
struct PdpConfig {
  bool watch = true;
  AuditOptions audit;
};

constexpr int kUnusableInput = 2;

// `HOST:PORT` or `[IPv6]:PORT` into options; false when it is not one.
bool ParseListenAddress(const std::string& text, net::HttpServerOptions& options) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon + 1 == text.size()) return false;
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  unsigned long port = 0;
  try {
    size_t used = 0;
    port = std::stoul(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1 || port > UINT16_MAX) return false;
  } catch (const std::exception&) {
    return false;
  }
  options.address = host.empty() ? "0.0.0.0" : host;
  options.port = static_cast<uint16_t>(port);
  return true;
}

// The config file's storage and audit sections with the flags applied, or an error message.
std::variant<PdpConfig, std::string> ResolvePdpConfig(const PdpOptions& options) {
  PdpConfig config;
  if (!options.engine.config.empty()) {
    auto storage = LoadStorageOptions(options.engine.config);
    if (auto* error = std::get_if<std::string>(&storage)) return std::move(*error);
    config.watch = std::get<StorageOptions>(storage).watch_for_changes.value_or(true);
    auto audit = LoadAuditOptions(options.engine.config);
    if (auto* error = std::get_if<std::string>(&audit)) return std::move(*error);
    config.audit = std::move(std::get<AuditOptions>(audit));
  }
  if (options.watch) config.watch = *options.watch;
  return config;
}

// The decision log the audit options ask for (null for none), or an error message.
std::variant<std::unique_ptr<audit::DecisionLog>, std::string> OpenDecisionLog(
    const AuditOptions& options, const std::string& policies) {
  if (!options.decision_log) return std::unique_ptr<audit::DecisionLog>();
  auto sink = audit::OpenFileSink(options.path);
  if (auto* error = std::get_if<std::string>(&sink)) return "audit: " + *error;
  std::error_code ignored;
  boost::json::object source{
      {"disk", {{"directory", std::filesystem::absolute(policies, ignored).string()}}}};
  return std::make_unique<audit::DecisionLog>(
      std::move(std::get<std::unique_ptr<audit::DecisionSink>>(sink)),
      audit::DecisionLogOptions{.policy_source = boost::json::serialize(source)});
}

// Reloads go to the api: a good set is served from then on, a bad one is reported and the last
// good set stays.
policy::PolicyWatcher::Listener ReloadInto(pdp::CerbosHttpApi& api, const std::string& policies) {
  return [&api, policies](policy::LoadedPolicies reload) {
    if (reload.ok()) {
      uint64_t generation = api.SetPolicies(std::move(reload.policies), std::move(reload.sources));
      std::cerr << "portcullis pdp: reloaded " + policies + " (generation " +
                       std::to_string(generation) + ")\n"
                << std::flush;
      return;
    }
    api.ReportReloadFailure(reload.errors);
    std::cerr << "portcullis pdp: reloading " + policies +
                     " failed, still serving the last good policies:\n" +
                     policy::FormatErrors(reload.errors)
              << std::flush;
  };
}

int RunPdp(const PdpOptions& options) {
  // Blocked from the start, so that a signal during loading stops the server as soon as it runs.
  BlockStopSignals();

  net::HttpServerOptions server_options;
  if (!ParseListenAddress(options.http, server_options)) {
    std::cerr << "--http " << options.http << ": expected ADDRESS:PORT\n";
    return kUnusableInput;
  }
  server_options.threads = options.threads;
  server_options.error_body = pdp::CerbosHttpApi::ServerErrorBody;

  auto engine = ResolveEngineOptions(options.engine);
  auto config = ResolvePdpConfig(options);
  for (auto* error : {std::get_if<std::string>(&engine), std::get_if<std::string>(&config)}) {
    if (!error) continue;
    std::cerr << *error << "\n";
    return kUnusableInput;
  }
  const policy::EngineOptions& engine_options = std::get<policy::EngineOptions>(engine);
  const PdpConfig& pdp_config = std::get<PdpConfig>(config);

  policy::LoadedPolicies loaded = policy::LoadPolicies(options.policies, engine_options);
  if (!loaded.ok()) {
    std::cerr << policy::FormatErrors(loaded.errors);
    return kUnusableInput;
  }
  auto opened = OpenDecisionLog(pdp_config.audit, options.policies);
  if (auto* error = std::get_if<std::string>(&opened)) {
    std::cerr << *error << "\n";
    return kUnusableInput;
  }
  std::unique_ptr<audit::DecisionLog> decision_log =
      std::move(std::get<std::unique_ptr<audit::DecisionLog>>(opened));

  pdp::CerbosHttpApi api(std::move(loaded.policies), {}, std::move(loaded.sources));
  if (decision_log) api.EnableDecisionLog(*decision_log, pdp_config.audit.check);
  // Right after loading, so that a change made since is not missed.
  std::unique_ptr<policy::PolicyWatcher> watcher;
  if (pdp_config.watch) {
    try {
      watcher = std::make_unique<policy::PolicyWatcher>(options.policies, engine_options,
                                                        ReloadInto(api, options.policies));
    } catch (const std::system_error& error) {
      std::cerr << "--policies: cannot watch for changes: " << error.what() << "\n";
      return kUnusableInput;
    }
  }

  net::HttpServer server(server_options,
                         [&api](const net::HttpRequest& request, net::HttpResponse& response) {
                           api.Handle(request, response);
                         });
  try {
    server.Start();
  } catch (const std::system_error& error) {
    std::cerr << "--http: " << error.what() << "\n";
    return kUnusableInput;
  }

  std::thread signal_waiter = WaitForStopSignal([&] { server.Stop(); });

  // One write, so that a reader of stderr gets the line whole.
  std::string host = server_options.address.find(':') != std::string::npos
                         ? "[" + server_options.address + "]"
                         : server_options.address;
  std::string started = "portcullis pdp: serving the Cerbos HTTP API on http://" + host + ":" +
                        std::to_string(server.port()) + " (" + options.policies;
  if (watcher) started += ", reloaded when it changes";
  if (decision_log) started += ", decision log: " + pdp_config.audit.path.string();
  std::cerr << started + ")\n" << std::flush;
  server.Run();
  signal_waiter.join();
  if (watcher) watcher->Stop();
  if (decision_log) decision_log->Stop();  // every answered decision is written
  std::cerr << "portcullis pdp: stopped" << std::endl;
  return 0;
}

}  // namespace

void AddPdpCommand(CLI::App& app, std::function<int()>& run) {
  CLI::App* pdp = app.add_subcommand(
      "pdp", "Serve decisions over Cerbos's HTTP API (POST /api/check/resources)");
  auto options = std::make_shared<PdpOptions>();
  pdp->add_option("--policies", options->policies, "The policy directory")->required();
  pdp->add_option("--http", options->http,
                  "Listen address, ADDRESS:PORT (port 0: any free port, printed at startup)")
      ->capture_default_str();
  pdp->add_option("--threads", options->threads, "Worker threads (default: one per core)");
  auto watch_flag = std::make_shared<bool>();
  CLI::Option* watch = pdp->add_flag("--watch,!--no-watch", *watch_flag,
                                     "Reload the policies when the directory changes (default: "
                                     "storage.disk.watchForChanges, else on)")
                           ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  AddEngineFlags(*pdp, options->engine);
  pdp->callback([options, watch, watch_flag, &run] {
    if (watch->count() > 0) options->watch = *watch_flag;
    run = [options] { return RunPdp(*options); };
  });
}

}  // namespace portcullis::cli
