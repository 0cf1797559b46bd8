// One authenticated request handed to a hop (MCP or LLM) by the gateway's router, with what the
// hop needs to answer it: the exchange to answer through, the caller, the config snapshot the
// request started with, and the HTTP client of the worker the request arrived on.
//
// Respond / StartStream answer through the exchange and record the answer (the
// portcullis_requests_total counter and the access log line); hops answer only through them.
//
// Thread-safety: a HopRequest is used on its exchange's worker thread (the client is bound to
// that loop); copies share the exchange.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "audit/decision_log.h"
#include "gateway/config/gateway_config.h"
#include "gateway/server/access_log.h"
#include "gateway/server/gateway_metrics.h"
#include "identity/authenticator.h"
#include "net/http_client.h"
#include "net/http_server.h"

namespace portcullis::gateway::server {

// The record of one answer: portcullis_requests_total{hop, status} and, when there is an access
// log, its line. Every answer of the gateway is recorded through here.
void RecordAnswer(GatewayMetrics& metrics, AccessLog* access_log, const net::HttpRequest& request,
                  std::string_view hop, int status, std::string_view principal,
                  std::chrono::steady_clock::duration duration);

class HopRequest {
 public:
  HopRequest(net::HttpExchange exchange, identity::Authenticated caller,
             std::shared_ptr<const GatewayConfig> config, net::HttpClient& client, std::string hop,
             GatewayMetrics& metrics, AccessLog* access_log);

  const net::HttpRequest& http() const { return exchange_.request(); }
  net::HttpExchange& exchange() { return exchange_; }
  const net::HttpExchange& exchange() const { return exchange_; }
  const identity::Authenticated& caller() const { return *caller_; }
  const GatewayConfig& config() const { return *config_; }
  const std::shared_ptr<const GatewayConfig>& config_ptr() const { return config_; }
  net::HttpClient& client() const { return *client_; }
  // The peer, for the decision log.
  audit::Peer peer() const;

  // Sends the whole answer and records it.
  void Respond(net::HttpResponse response);
  // Sends the head of a streamed answer and records it (the body follows through exchange()).
  void StartStream(net::HttpResponse head);

 private:
  void Record(int status);

  net::HttpExchange exchange_;
  std::shared_ptr<const identity::Authenticated> caller_;
  std::shared_ptr<const GatewayConfig> config_;
  net::HttpClient* client_;
  std::string hop_;
  GatewayMetrics* metrics_;
  AccessLog* access_log_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace portcullis::gateway::server
