#include "gateway/server/hop_request.h"

#include <utility>

namespace portcullis::gateway::server {

HopRequest::HopRequest(net::HttpExchange exchange, identity::Authenticated caller,
                       std::shared_ptr<const GatewayConfig> config, net::HttpClient& client,
                       std::string hop, GatewayMetrics& metrics, AccessLog* access_log)
    : exchange_(std::move(exchange)),
      caller_(std::make_shared<const identity::Authenticated>(std::move(caller))),
      config_(std::move(config)),
      client_(&client),
      hop_(std::move(hop)),
      metrics_(&metrics),
      access_log_(access_log),
      started_(std::chrono::steady_clock::now()) {}

audit::Peer HopRequest::peer() const {
  const net::HttpRequest& request = http();
  audit::Peer peer;
  peer.address = std::string(request.peer());
  if (auto agent = request.header("user-agent")) peer.user_agent = std::string(*agent);
  return peer;
}

void HopRequest::Respond(net::HttpResponse response) {
  Record(response.status);
  exchange_.Respond(std::move(response));
}

void HopRequest::StartStream(net::HttpResponse head) {
  Record(head.status);
  exchange_.StartStream(std::move(head));
}

void HopRequest::Record(int status) {
  RecordAnswer(*metrics_, access_log_, http(), hop_, status, caller_->principal.id,
               std::chrono::steady_clock::now() - started_);
}

void RecordAnswer(GatewayMetrics& metrics, AccessLog* access_log, const net::HttpRequest& request,
                  std::string_view hop, int status, std::string_view principal,
                  std::chrono::steady_clock::duration duration) {
  metrics.requests.Labels({hop, std::to_string(status)}).Increment();
  if (access_log == nullptr) return;
  access_log->Record({.peer = request.peer(),
                      .method = request.method(),
                      .path = request.path(),
                      .hop = hop,
                      .status = status,
                      .principal = principal,
                      .duration = duration});
}

}  // namespace portcullis::gateway::server
