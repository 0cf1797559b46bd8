// `portcullis serve` assembled: one HTTP listener (net::HttpServer, a worker per core) in front of
// the configured MCP endpoints and LLM routes, with the embedded policy engine deciding every hop.
//
// Each request takes the gateway's steps (DESIGN.md): Host/Origin checked (DNS-rebinding
// protection), then routed —
//
//   GET /healthz                                  200 while the process serves
//   GET /readyz                                   200 once a policy set is loaded, else 503
//                                                 (every hop is then denied, fail closed)
//   GET /metrics                                  Prometheus text (gateway_metrics.h)
//   /.well-known/oauth-protected-resource[/...]   RFC 9728 metadata
//   an MCP endpoint's path                        authenticate → McpEndpoint
//   POST /v1/chat/completions, /v1/responses,     authenticate → LlmEndpoint
//        /v1/messages
//   anything else                                 404
//
// — and is recorded: decisions in the decision log (DecisionPoint), answers in the access log and
// in portcullis_requests_total.
//
// Policies: loaded at start; a broken set at start is reported and the gateway serves anyway,
// denying everything (fail closed) until a good set loads. With policies.watch the directory is
// reloaded on change: a good set is swapped in atomically, a bad one is reported and the last
// good set keeps serving.
//
// Thread-safety: Start, then Run on one thread; Stop from any thread (not a signal handler).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>

#include "gateway/config/gateway_config.h"

namespace portcullis::gateway::server {

class GatewayServer {
 public:
  // Everything `config` (loaded with the environment) asks for, ready to Start; or why not (a
  // log that cannot be opened, unusable session keys...).
  static std::variant<std::unique_ptr<GatewayServer>, std::string> Create(
      std::shared_ptr<const GatewayConfig> config, unsigned threads);
  ~GatewayServer();

  // Binds the listener; throws std::system_error when it cannot.
  void Start();
  // The port bound (the configured one, or the one chosen for port 0). REQUIRES: Start.
  uint16_t port() const;
  // Serves until Stop, then finishes the answers in flight and flushes the logs.
  void Run();
  void Stop();

 private:
  struct Parts;
  explicit GatewayServer(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace portcullis::gateway::server
