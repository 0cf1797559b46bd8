// The relay step of the LLM hop (llm_endpoint.h): an allowed request goes to its provider and
// the provider's answer comes back to the client.
//
//   RelayLlmCall(std::move(request), model_request, BuildUpstreamRequest(...), metrics);
//
// What is relayed: the provider's status, Content-Type and body, plus the few headers a client
// SDK acts on (Retry-After, Retry-After-Ms, X-Should-Retry) or quotes to the provider's support
// (X-Request-Id, Request-Id); no other provider header reaches the client. A text/event-stream
// answer is relayed piece by piece as it arrives; the provider is read no faster than the client
// reads (the upstream read pauses while HttpExchange::Write reports the client slow, until
// OnWritable). Any other answer is relayed whole, once complete (at most kMaxWholeAnswerBytes).
//
// Failures, in the route's error shape (llm_error.h), counted in
// portcullis_upstream_failures_total:
//   502 upstream_unavailable  the provider could not be reached, closed the connection before its
//                             answer was complete, answered with a status outside 200-599 or a
//                             whole answer over kMaxWholeAnswerBytes
//   504 upstream_timeout      no complete answer within the provider's timeout
// A stream that fails after it has started cannot change its status: the client's connection is
// closed without the stream's end, so that the client sees it cut short, never complete.
// A client that goes away (HttpExchange::OnAbort) cancels the upstream call.
//
// Recorded: the usage the answer reports (llm::UsageMeter; also of a stream cut short) in
// portcullis_llm_tokens_total{model, direction=input|output}, labelled with the model's
// configured name; the time to the end of the answer in portcullis_upstream_seconds{provider}.
//
// Thread-safety: called on the request's worker thread; everything then happens on that loop.
#pragma once

#include <cstddef>

#include "gateway/llm/llm_error.h"
#include "gateway/llm/model_request.h"
#include "gateway/llm/upstream_request.h"
#include "gateway/server/gateway_metrics.h"
#include "gateway/server/hop_request.h"

namespace portcullis::gateway::server {

// The most of an answer that is not an event stream kept to be relayed whole.
inline constexpr size_t kMaxWholeAnswerBytes = 16 << 20;

// Sends `upstream` (built for `model`, which was allowed) with the request's worker client and
// relays the answer. `model` need only live until the call returns (its pointers into the config
// stay valid through request.config_ptr()). `metrics` must outlive the call's answer.
void RelayLlmCall(HopRequest request, const llm::ModelRequest& model,
                  llm::UpstreamLlmRequest upstream, GatewayMetrics& metrics);

// Answers `request` with `error` (application/json).
void RespondWithLlmError(HopRequest& request, llm::LlmErrorResponse error);

}  // namespace portcullis::gateway::server
