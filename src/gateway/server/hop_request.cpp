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
  RecordAnswer(response.status);
  exchange_.Respond(std::move(response));
}

void HopRequest::StartStream(net::HttpResponse head) {
  RecordAnswer(head.status);
  exchange_.StartStream(std::move(head));
}

void HopRequest::RecordAnswer(int status) {
  std::string status_text = std::to_string(status);
  metrics_->requests.Labels({hop_, status_text}).Increment();
  if (access_log_ == nullptr) return;
  const net::HttpRequest& request = http();
  access_log_->Record({.peer = request.peer(),
                       .method = request.method(),
                       .path = request.path(),
                       .hop = hop_,
                       .status = status,
                       .principal = caller_->principal.id,
                       .duration = std::chrono::steady_clock::now() - started_});
}

}  // namespace portcullis::gateway::server
