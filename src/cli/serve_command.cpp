// `portcullis serve -c FILE`: the gateway (gateway/server/gateway_server.h) on the config file,
// until SIGTERM or SIGINT. Prints "portcullis serve: listening on http://HOST:PORT" on stderr
// once it accepts connections.
//
// Exit codes: 0 after a graceful stop; 2 when the config is invalid or the listener cannot bind.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <string>
#include <system_error>
#include <thread>
#include <variant>

#include "cli/command.h"
#include "cli/stop_signals.h"
#include "gateway/config/gateway_config.h"
#include "gateway/server/gateway_server.h"

namespace portcullis::cli {
namespace {

struct ServeOptions {
  std::string config;
  unsigned threads = 0;
};

constexpr int kUnusableInput = 2;

int RunServe(const ServeOptions& options) {
  BlockStopSignals();

  gateway::Environment environment = gateway::ProcessEnvironment();
  gateway::LoadedGatewayConfig loaded = gateway::LoadGatewayConfig(options.config, &environment);
  if (!loaded.ok()) {
    std::cerr << policy::FormatErrors(loaded.errors);
    std::cerr << loaded.errors.size() << " error(s) in " << options.config << "\n";
    return kUnusableInput;
  }
  auto created = gateway::server::GatewayServer::Create(loaded.config, options.threads);
  if (auto* error = std::get_if<std::string>(&created)) {
    std::cerr << options.config << ": " << *error << "\n";
    return kUnusableInput;
  }
  auto& gateway = std::get<std::unique_ptr<gateway::server::GatewayServer>>(created);
  try {
    gateway->Start();
  } catch (const std::system_error& error) {
    std::cerr << "listen: " << error.what() << "\n";
    return kUnusableInput;
  }
  std::thread signal_waiter = WaitForStopSignal([&] { gateway->Stop(); });

  const std::string& host = loaded.config->listen.host;
  std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  // One write, so that a reader of stderr gets the line whole.
  std::cerr << "portcullis serve: listening on http://" + shown + ":" +
                   std::to_string(gateway->port()) + " (" + options.config + ")\n"
            << std::flush;
  gateway->Run();
  signal_waiter.join();
  std::cerr << "portcullis serve: stopped" << std::endl;
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, std::function<int()>& run) {
  CLI::App* serve = app.add_subcommand(
      "serve",
      "Run the gateway: every MCP and LLM hop decided by the policies before it goes "
      "upstream");
  auto options = std::make_shared<ServeOptions>();
  serve->add_option("-c,--config", options->config, "The gateway config file (YAML)")->required();
  serve->add_option("--threads", options->threads, "Worker threads (default: one per core)");
  serve->callback([options, &run] { run = [options] { return RunServe(*options); }; });
}

}  // namespace portcullis::cli
