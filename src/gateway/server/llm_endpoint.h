// The LLM hop of `portcullis serve`: POST /v1/chat/completions, /v1/responses (OpenAI) and
// /v1/messages (Anthropic), each request walking the gateway's steps after authentication:
//
//   parse   the body, once, strictly (gateway/strict_json.h; limits from config.listen):
//           a refused body is answered 400/413 in the route's error shape (llm_error.h)
//   describe  llm::DescribeModelRequest: the model and any provider-side MCP servers
//   decide  one DecisionPoint::Decide call for all of them (audited there)
//   enforce a denial is answered 403 (llm::FindDenial), nothing sent upstream; otherwise
//           llm::BuildUpstreamRequest (the parsed body, the provider's credential, never the
//           agent's) goes to the provider with the worker's HttpClient
//   relay   (llm_relay.h) the provider's status, content type and body: a text/event-stream
//           answer chunk by chunk as it arrives (with backpressure: reading pauses while the
//           client is slow), any other answer whole; usage metered (llm::UsageMeter) into
//           portcullis_llm_tokens_total; upstream latency into portcullis_upstream_seconds.
//           A provider that cannot be reached: 502 in the route's error shape
//           (code upstream_unavailable); one that times out: 504 (code upstream_timeout).
//           A client that goes away cancels the upstream call.
//
// Thread-safety: Serve may be called concurrently from any worker thread; each request is
// handled on its own exchange's worker loop.
#pragma once

#include "gateway/llm/llm_route.h"
#include "gateway/server/decision_point.h"
#include "gateway/server/gateway_metrics.h"
#include "gateway/server/hop_request.h"

namespace portcullis::gateway::server {

class LlmEndpoint {
 public:
  // Both must outlive the endpoint.
  LlmEndpoint(DecisionPoint& decisions, GatewayMetrics& metrics)
      : decisions_(decisions), metrics_(metrics) {}

  // Answers `request`, a POST to `route`'s path by an authenticated caller.
  void Serve(llm::LlmRoute route, HopRequest request);

 private:
  DecisionPoint& decisions_;
  GatewayMetrics& metrics_;
};

}  // namespace portcullis::gateway::server
