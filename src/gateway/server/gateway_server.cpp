#include "gateway/server/gateway_server.h"

#include <atomic>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <system_error>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "audit/decision_log.h"
#include "audit/file_sink.h"
#include "gateway/front/bearer_authentication.h"
#include "gateway/front/dns_rebinding_guard.h"
#include "gateway/front/protected_resource_metadata.h"
#include "gateway/front/rejection.h"
#include "gateway/llm/llm_route.h"
#include "gateway/server/access_log.h"
#include "gateway/server/config_reloader.h"
#include "gateway/server/decision_point.h"
#include "gateway/server/gateway_metrics.h"
#include "gateway/server/gateway_snapshot.h"
#include "gateway/server/hop_request.h"
#include "gateway/server/identity_setup.h"
#include "gateway/server/llm_endpoint.h"
#include "gateway/server/mcp_endpoint.h"
#include "gateway/server/mcp_services.h"
#include "net/http_client.h"
#include "net/http_server.h"
#include "obs/exposition.h"
#include "obs/metrics_registry.h"
#include "pdp/embedded_decider.h"
#include "policy/policy_watcher.h"

#ifndef PORTCULLIS_VERSION
#define PORTCULLIS_VERSION "dev"
#endif

namespace portcullis::gateway::server {
namespace {

std::string LogPath(const LogDestination& destination) {
  switch (destination.kind) {
    case LogDestination::Kind::kStdout:
      return "stdout";
    case LogDestination::Kind::kStderr:
      return "stderr";
    default:
      return destination.file.string();
  }
}

// The decision log the config asks for (null when off), or why it cannot be opened.
std::variant<std::unique_ptr<audit::DecisionLog>, std::string> OpenDecisionLog(
    const GatewayConfig& config) {
  if (config.audit.decision_log.kind == LogDestination::Kind::kOff) {
    return std::unique_ptr<audit::DecisionLog>();
  }
  auto sink = audit::OpenFileSink(LogPath(config.audit.decision_log));
  if (auto* error = std::get_if<std::string>(&sink)) return "audit.decision_log: " + *error;
  boost::json::object source{{"disk", {{"directory", config.policies.directory.string()}}}};
  return std::make_unique<audit::DecisionLog>(
      std::move(std::get<std::unique_ptr<audit::DecisionSink>>(sink)),
      audit::DecisionLogOptions{.policy_source = boost::json::serialize(source)});
}

net::HttpResponse JsonError(int status, std::string_view code, std::string_view message) {
  net::HttpResponse response;
  front::WriteRejection({.status = status,
                         .code = std::string(code),
                         .message = std::string(message),
                         .www_authenticate = {}},
                        response);
  return response;
}

}  // namespace

struct GatewayServer::Parts {
  std::shared_ptr<const GatewayConfig> started_config;  // the policy and server settings
  obs::MetricsRegistry registry;
  GatewayMetrics metrics = GatewayMetrics::Register(registry);
  std::unique_ptr<audit::DecisionLog> decision_log;
  std::unique_ptr<AccessLog> access_log;
  pdp::EmbeddedDecider decider;
  std::atomic<bool> policies_loaded{false};
  std::unique_ptr<policy::PolicyWatcher> watcher;
  std::unique_ptr<DecisionPoint> decisions;
  std::unique_ptr<McpServices> mcp_services;
  std::unique_ptr<LlmEndpoint> llm;
  std::unique_ptr<net::HttpServer> server;
  std::vector<std::unique_ptr<net::HttpClient>> clients;  // one per worker, on its loop

  // What the config file says now; swapped by reloads.
  std::atomic<std::shared_ptr<const GatewaySnapshot>> snapshot;
  std::atomic<bool> identity_ready{false};
  // Every generation of IdentitySources, kept until the gateway stops: a snapshot (and a request
  // still authenticating with it) may outlive its generation's replacement, and the sources are
  // stopped and destroyed on the first worker's loop or after the loops have stopped.
  std::mutex identities_mutex;
  std::vector<std::unique_ptr<IdentitySources>> identities;
  std::unique_ptr<ConfigReloader> reloader;

  explicit Parts(std::shared_ptr<const GatewayConfig> config) : started_config(std::move(config)) {}

  void LoadPolicies();
  // Serves `config` from now on: its IdentitySources are started on the first worker's loop and
  // the snapshot is swapped in once their keys are fetched; the previous generation is stopped.
  void Publish(std::shared_ptr<const GatewayConfig> config,
               std::unique_ptr<IdentitySources> identity);
  void Handle(net::HttpExchange exchange);
  void Answer(net::HttpExchange& exchange, std::string_view hop, net::HttpResponse response);
  void Reject(net::HttpExchange& exchange, std::string_view hop, const front::Rejection& rejection);
  void ServeReadiness(net::HttpExchange& exchange);
  // The caller, or false after answering the rejection.
  std::optional<identity::Authenticated> Authenticate(const GatewaySnapshot& snapshot,
                                                      net::HttpExchange& exchange,
                                                      std::string_view hop,
                                                      std::string_view endpoint_path);
  HopRequest MakeHopRequest(std::shared_ptr<const GatewaySnapshot> snapshot,
                            net::HttpExchange exchange, identity::Authenticated caller,
                            std::string hop);
};

void GatewayServer::Parts::LoadPolicies() {
  const PoliciesConfig& policies = started_config->policies;
  policy::LoadedPolicies loaded = policy::LoadPolicies(policies.directory, policies.engine);
  if (loaded.ok()) {
    decider.SetPolicies(std::move(loaded.policies));
    policies_loaded = true;
  } else {
    std::cerr << "portcullis serve: the policies in " + policies.directory.string() +
                     " do not load; every hop is denied until they do:\n" +
                     policy::FormatErrors(loaded.errors)
              << std::flush;
  }
  if (!policies.watch) return;
  watcher = std::make_unique<policy::PolicyWatcher>(
      policies.directory, policies.engine, [this](policy::LoadedPolicies reload) {
        const std::string directory = started_config->policies.directory.string();
        if (reload.ok()) {
          decider.SetPolicies(std::move(reload.policies));
          policies_loaded = true;
          std::cerr << "portcullis serve: reloaded the policies in " + directory + "\n"
                    << std::flush;
          return;
        }
        std::cerr << "portcullis serve: reloading " + directory +
                         " failed, still serving the last good policies:\n" +
                         policy::FormatErrors(reload.errors)
                  << std::flush;
      });
}

void GatewayServer::Parts::Publish(std::shared_ptr<const GatewayConfig> config,
                                   std::unique_ptr<IdentitySources> identity) {
  IdentitySources* sources = identity.get();
  {
    std::lock_guard lock(identities_mutex);
    identities.push_back(std::move(identity));
  }
  net::EventLoop& loop = server->loop(0);
  loop.Post([this, sources, &loop, config = std::move(config)]() mutable {
    sources->Start(loop, [this, sources, config = std::move(config)]() mutable {
      auto next =
          std::make_shared<const GatewaySnapshot>(std::move(config), *sources, mcp_services.get());
      std::shared_ptr<const GatewaySnapshot> previous = snapshot.exchange(std::move(next));
      identity_ready = true;
      if (previous == nullptr) return;
      std::lock_guard lock(identities_mutex);
      for (const std::unique_ptr<IdentitySources>& generation : identities) {
        if (generation.get() != sources) generation->Stop();
      }
      std::cerr << "portcullis serve: reloaded " + started_config->source.string() + "\n"
                << std::flush;
    });
  });
}

void GatewayServer::Parts::Answer(net::HttpExchange& exchange, std::string_view hop,
                                  net::HttpResponse response) {
  // Answered by the front itself, at once and before anyone is authenticated.
  RecordAnswer(metrics, access_log.get(), exchange.request(), hop, response.status, {}, {});
  exchange.Respond(std::move(response));
}

void GatewayServer::Parts::Reject(net::HttpExchange& exchange, std::string_view hop,
                                  const front::Rejection& rejection) {
  net::HttpResponse response;
  front::WriteRejection(rejection, response);
  Answer(exchange, hop, std::move(response));
}

void GatewayServer::Parts::ServeReadiness(net::HttpExchange& exchange) {
  std::string_view reason;
  if (!policies_loaded) {
    reason = "no policy set is loaded: every hop is denied";
  } else if (!identity_ready) {
    reason = "the JWT issuers' keys are being fetched";
  }
  boost::json::object body{{"status", reason.empty() ? "ready" : "not_ready"}};
  if (!reason.empty()) body["reason"] = reason;
  Answer(exchange, "health",
         {.status = reason.empty() ? 200 : 503,
          .content_type = "application/json",
          .body = boost::json::serialize(body),
          .headers = {}});
}

std::optional<identity::Authenticated> GatewayServer::Parts::Authenticate(
    const GatewaySnapshot& current, net::HttpExchange& exchange, std::string_view hop,
    std::string_view endpoint_path) {
  auto result = current.bearer.Authenticate(exchange.request(), endpoint_path,
                                            std::chrono::system_clock::now());
  if (auto* rejection = std::get_if<front::Rejection>(&result)) {
    Reject(exchange, hop, *rejection);
    return std::nullopt;
  }
  return std::get<identity::Authenticated>(std::move(result));
}

HopRequest GatewayServer::Parts::MakeHopRequest(std::shared_ptr<const GatewaySnapshot> current,
                                                net::HttpExchange exchange,
                                                identity::Authenticated caller, std::string hop) {
  net::HttpClient& client = *clients[exchange.worker()];
  // The request holds the whole snapshot through its config (an aliasing pointer): the MCP
  // endpoint serving it lives in the snapshot.
  std::shared_ptr<const GatewayConfig> config(current, current->config.get());
  return HopRequest(std::move(exchange), std::move(caller), std::move(config), client,
                    std::move(hop), metrics, access_log.get());
}

void GatewayServer::Parts::Handle(net::HttpExchange exchange) {
  const net::HttpRequest& request = exchange.request();
  // Never null while serving: the first snapshot is made by Create.
  std::shared_ptr<const GatewaySnapshot> current = snapshot.load();
  if (auto rejection = front::CheckHostAndOrigin(request, current->config->listen)) {
    Reject(exchange, "other", *rejection);
    return;
  }
  std::string_view path = request.path();
  if (path == "/healthz") {
    Answer(exchange, "health",
           {.status = 200,
            .content_type = "application/json",
            .body = R"({"status":"ok"})",
            .headers = {}});
    return;
  }
  if (path == "/readyz") {
    ServeReadiness(exchange);
    return;
  }
  if (path == "/metrics") {
    Answer(exchange, "metrics",
           {.status = 200,
            .content_type = std::string(obs::kExpositionContentType),
            .body = registry.Render(),
            .headers = {}});
    return;
  }
  if (net::HttpResponse response; current->metadata.Handle(request, response)) {
    Answer(exchange, "metadata", std::move(response));
    return;
  }
  if (McpEndpoint* endpoint = current->FindMcpEndpoint(path)) {
    auto caller = Authenticate(*current, exchange, "mcp", endpoint->path());
    if (!caller) return;
    endpoint->Serve(MakeHopRequest(current, std::move(exchange), std::move(*caller), "mcp"));
    return;
  }
  if (auto route = llm::LlmRouteForPath(path)) {
    if (request.method() != "POST") {
      net::HttpResponse response = JsonError(405, "method_not_allowed", "this route takes POST");
      response.headers.emplace_back("Allow", "POST");
      Answer(exchange, "llm", std::move(response));
      return;
    }
    auto caller = Authenticate(*current, exchange, "llm", {});
    if (!caller) return;
    llm->Serve(*route, MakeHopRequest(current, std::move(exchange), std::move(*caller), "llm"));
    return;
  }
  Answer(exchange, "other", JsonError(404, "not_found", "no such route on this gateway"));
}

std::variant<std::unique_ptr<GatewayServer>, std::string> GatewayServer::Create(
    std::shared_ptr<const GatewayConfig> config, unsigned threads) {
  auto identity = IdentitySources::Create(config->identity, {});
  if (auto* error = std::get_if<std::string>(&identity)) return *error;
  auto parts = std::make_unique<Parts>(config);

  auto decision_log = OpenDecisionLog(*config);
  if (auto* error = std::get_if<std::string>(&decision_log)) return *error;
  parts->decision_log = std::get<std::unique_ptr<audit::DecisionLog>>(std::move(decision_log));
  auto access_log = AccessLog::Open(config->audit.access_log);
  if (auto* error = std::get_if<std::string>(&access_log)) return *error;
  parts->access_log = std::get<std::unique_ptr<AccessLog>>(std::move(access_log));

  parts->decisions =
      std::make_unique<DecisionPoint>(parts->decider, parts->decision_log.get(), parts->metrics);
  if (!config->mcp.endpoints.empty()) {
    if (config->sessions.keys.empty()) {
      return std::string("sessions.keys: MCP endpoints need a key to seal session ids");
    }
    auto sealer = SessionSealer::Create(config->sessions.keys, config->sessions.max_age);
    if (auto* error = std::get_if<std::string>(&sealer)) return "sessions: " + *error;
    // Built in place: the catalog is neither copied nor moved.
    parts->mcp_services.reset(
        new McpServices{.decisions = *parts->decisions,
                        .metrics = parts->metrics,
                        .sealer = std::get<SessionSealer>(std::move(sealer)),
                        .cursors = mcp::ListCursorCodec(config->sessions.keys.front().secret),
                        .catalog = {},
                        .info = {.name = "portcullis", .version = PORTCULLIS_VERSION}});
  }
  // The first snapshot serves at once; tokens of a JWT issuer whose keys are still being fetched
  // are refused (no_keys) meanwhile, and /readyz says so.
  IdentitySources& sources = *std::get<std::unique_ptr<IdentitySources>>(identity);
  parts->snapshot =
      std::make_shared<const GatewaySnapshot>(config, sources, parts->mcp_services.get());
  parts->identities.push_back(std::get<std::unique_ptr<IdentitySources>>(std::move(identity)));
  parts->llm = std::make_unique<LlmEndpoint>(*parts->decisions, parts->metrics);

  net::HttpServerOptions options;
  options.address = config->listen.host;
  options.port = config->listen.port;
  options.threads = threads;
  options.max_body_bytes = config->listen.max_body_bytes;
  Parts* raw = parts.get();
  parts->server = std::make_unique<net::HttpServer>(
      std::move(options), [raw](net::HttpExchange exchange) { raw->Handle(std::move(exchange)); });
  parts->LoadPolicies();
  try {
    parts->reloader =
        std::make_unique<ConfigReloader>(config, [raw](std::shared_ptr<const GatewayConfig> next,
                                                       std::unique_ptr<IdentitySources> identity) {
          raw->Publish(std::move(next), std::move(identity));
        });
  } catch (const std::system_error& error) {
    return std::string("cannot watch the config file for changes: ") + error.what();
  }
  return std::unique_ptr<GatewayServer>(new GatewayServer(std::move(parts)));
}

GatewayServer::GatewayServer(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

GatewayServer::~GatewayServer() {
  parts_->reloader->Stop();
  if (parts_->watcher) parts_->watcher->Stop();
  parts_->clients.clear();
  // The loops are not running: the identity sources may stop and go on this thread.
  parts_->snapshot.store(nullptr);
  parts_->identities.clear();
}

void GatewayServer::Start() {
  parts_->server->Start();
  // JWK sets from URLs are fetched on the first worker's loop; tokens of an issuer whose keys
  // have not arrived yet are refused (no_keys), and /readyz says the gateway is not ready.
  Parts* parts = parts_.get();
  parts_->identities.front()->Start(parts_->server->loop(0),
                                    [parts] { parts->identity_ready = true; });
  for (unsigned worker = 0; worker < parts_->server->workers(); ++worker) {
    parts_->clients.push_back(
        std::make_unique<net::HttpClient>(parts_->server->loop(worker), net::HttpClientOptions{}));
  }
}

uint16_t GatewayServer::port() const {
  return parts_->server->port();
}

void GatewayServer::Run() {
  parts_->server->Run();
  parts_->reloader->Stop();
  {
    std::lock_guard lock(parts_->identities_mutex);
    for (auto& generation : parts_->identities) generation->Stop();  // the loops have stopped
  }
  if (parts_->watcher) parts_->watcher->Stop();
  if (parts_->decision_log) parts_->decision_log->Stop();
  if (parts_->access_log) parts_->access_log->Stop();
}

void GatewayServer::Stop() {
  parts_->server->Stop();
}

}  // namespace portcullis::gateway::server
