#include "gateway/server/llm_endpoint.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <boost/json/value.hpp>

#include "gateway/llm/llm_denial.h"
#include "gateway/llm/llm_error.h"
#include "gateway/llm/model_request.h"
#include "gateway/llm/upstream_request.h"
#include "gateway/server/llm_relay.h"
#include "gateway/strict_json.h"

namespace portcullis::gateway::server {
namespace {

JsonLimits BodyLimits(const ListenConfig& listen) {
  JsonLimits limits;
  limits.max_bytes = listen.max_body_bytes;
  limits.max_depth = listen.max_json_depth;
  return limits;
}

net::HttpHeaders HeadersOf(const net::HttpRequest& request) {
  net::HttpHeaders headers;
  request.ForEachHeader([&headers](std::string_view name, std::string_view value) {
    headers.emplace_back(name, value);
  });
  return headers;
}

// A described request waiting for its decision: the body the decision reads is the one sent.
struct DescribedCall {
  HopRequest request;
  boost::json::value body;
  llm::ModelRequest model;
};

// The enforce step, on the request's worker thread.
void Enforce(DescribedCall& call, const std::vector<pdp::Decision>& decisions,
             GatewayMetrics& metrics) {
  if (std::optional<llm::LlmErrorResponse> denial =
          llm::FindDenial(call.model.route, call.model.resources, decisions)) {
    return RespondWithLlmError(call.request, std::move(*denial));
  }
  if (call.request.exchange().aborted()) return;  // the client left while it was decided
  llm::UpstreamLlmRequest upstream =
      llm::BuildUpstreamRequest(call.model, call.body, HeadersOf(call.request.http()));
  RelayLlmCall(std::move(call.request), call.model, std::move(upstream), metrics);
}

}  // namespace

void LlmEndpoint::Serve(llm::LlmRoute route, HopRequest request) {
  const GatewayConfig& config = request.config();
  std::variant<boost::json::value, JsonError> parsed =
      ParseStrictJson(request.http().body(), BodyLimits(config.listen));
  if (auto* error = std::get_if<JsonError>(&parsed)) {
    return RespondWithLlmError(request, llm::LlmErrorForBody(route, *error));
  }
  boost::json::value& body = std::get<boost::json::value>(parsed);
  std::variant<llm::ModelRequest, llm::LlmErrorResponse> described =
      llm::DescribeModelRequest(route, body, config);
  if (auto* error = std::get_if<llm::LlmErrorResponse>(&described)) {
    return RespondWithLlmError(request, std::move(*error));
  }

  DecisionContext context{.hop = "llm",
                          .method = std::string(llm::LlmRoutePath(route)),
                          .peer = request.peer(),
                          .loop = &request.exchange().loop()};
  auto call = std::make_shared<DescribedCall>(
      DescribedCall{.request = std::move(request),
                    .body = std::move(body),
                    .model = std::get<llm::ModelRequest>(std::move(described))});
  // A copy: the call keeps the originals to name what a denial denied.
  std::vector<pdp::DecisionResource> resources = call->model.resources;
  const identity::Authenticated& caller = call->request.caller();
  // Answered on the request's worker (DecisionContext::loop), where its exchange lives.
  decisions_.Decide(caller, std::move(context), std::move(resources),
                    [call, &metrics = metrics_](std::vector<pdp::Decision> decisions) {
                      Enforce(*call, decisions, metrics);
                    });
}

}  // namespace portcullis::gateway::server
