// The enforce step of an allowed LLM request: what to send to the provider.
//
// The body is the client's parsed body (the value the decision read), changed in place and
// re-serialised — never the client's bytes, so the provider cannot read a request the policy did
// not (no parser differential). The changes:
//   - `model` becomes the route's upstream_model;
//   - in a streamed Chat Completions request, stream_options.include_usage is set to true, so
//     that OpenAI ends the stream with a usage chunk the gateway records. That chunk (choices []
//     and `usage`, before `data: [DONE]`) then also reaches the client, exactly as OpenAI sends it
//     to a client that asked; the other chunks carry "usage": null. (Responses and Anthropic
//     streams report usage unasked.)
//
// Headers, in this order:
//   Content-Type: application/json
//   Accept-Encoding: identity      the gateway reads usage from the response, so not compressed
//   the provider's credential, from the environment variable the config names (none when it
//   names none): OpenAI `Authorization: Bearer <key>`, Anthropic `x-api-key: <key>`
//   the provider's static `headers` from the config (except the names above)
//   Anthropic: `anthropic-version` unless the config's headers set it: the client's value, or
//     kDefaultAnthropicVersion
//   from the client, only these end-to-end headers: Accept, User-Agent, Idempotency-Key,
//     traceparent, tracestate, X-Stainless-* (the official SDKs' telemetry), and OpenAI-Beta
//     (OpenAI providers) or anthropic-beta (Anthropic providers); none that the lines above set,
//     and none that the client's Connection header names (hop-by-hop, RFC 9110 section 7.6.1).
// So the agent's credentials (Authorization, x-api-key, Cookie, Proxy-Authorization...) and the
// hop-by-hop and framing headers (Connection, Keep-Alive, TE, Transfer-Encoding, Upgrade, Host,
// Content-Length...) never go upstream: anything not listed is dropped, a new header included.
//
// Thread-safety: reentrant. The returned request owns its data.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "gateway/llm/model_request.h"
#include "net/http_client.h"

namespace portcullis::gateway::llm {

// The Messages API version sent when the client names none (Anthropic's current one).
inline constexpr std::string_view kDefaultAnthropicVersion = "2023-06-01";

struct UpstreamLlmRequest {
  std::string url;  // the provider's base_url + the route's path (LlmRouteUpstreamSuffix)
  net::HttpHeaders headers;
  std::string body;                      // compact JSON
  std::chrono::milliseconds timeout{0};  // the provider's
  // True when the gateway turned on stream_options.include_usage that the client had not asked
  // for (the final usage chunk is then one the client did not request).
  bool usage_chunk_added = false;
};

// The request for `request`, whose decision allowed it. `body` is the value `request` was
// described from; it is changed as above. `client_headers` are the client's request headers
// (names in any case). POST is the method.
// REQUIRES: `request` came from DescribeModelRequest(..., body, config) with `config` alive.
UpstreamLlmRequest BuildUpstreamRequest(const ModelRequest& request, boost::json::value& body,
                                        const net::HttpHeaders& client_headers);

}  // namespace portcullis::gateway::llm
