// `portcullis pdp`: a standalone policy decision point serving Cerbos's HTTP API (pdp/http_api.h)
// for a policy directory, until SIGTERM or SIGINT.
#include <CLI/CLI.hpp>

#include <pthread.h>
#include <signal.h>

#include <cstdint>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>
#include <thread>

#include "cli/command.h"
#include "cli/engine_flags.h"
#include "net/http_server.h"
#include "pdp/http_api.h"

namespace portcullis::cli {
namespace {

struct PdpOptions {
  std::string policies;
  std::string http = "127.0.0.1:3592";
  unsigned threads = 0;
  EngineFlags engine;
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

int RunPdp(const PdpOptions& options) {
  // SIGTERM and SIGINT are blocked in every thread (the workers inherit the mask) and taken by
  // one thread that begins the graceful stop; Run then returns once in-flight requests are done.
  // Blocked from the start, so that a signal during loading stops the server as soon as it runs.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  net::HttpServerOptions server_options;
  if (!ParseListenAddress(options.http, server_options)) {
    std::cerr << "--http " << options.http << ": expected ADDRESS:PORT\n";
    return kUnusableInput;
  }
  server_options.threads = options.threads;
  server_options.error_body = pdp::CerbosHttpApi::ServerErrorBody;

  std::shared_ptr<const policy::PolicySet> policies =
      CompilePolicyDirectory(options.policies, options.engine);
  if (!policies) return kUnusableInput;

  pdp::CerbosHttpApi api(std::move(policies));
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

  std::thread signal_waiter([&] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    server.Stop();
  });

  std::cerr << "portcullis pdp: serving the Cerbos HTTP API on http://"
            << (server_options.address.find(':') != std::string::npos
                    ? "[" + server_options.address + "]"
                    : server_options.address)
            << ":" << server.port() << " (" << options.policies << ")" << std::endl;
  server.Run();
  signal_waiter.join();
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
  AddEngineFlags(*pdp, options->engine);
  pdp->callback([options, &run] { run = [options] { return RunPdp(*options); }; });
}

}  // namespace portcullis::cli
