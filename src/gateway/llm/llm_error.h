// Error answers to LLM clients in the shape of the API they called, so that their SDK raises its
// usual exception (openai.PermissionDeniedError, anthropic.NotFoundError...) with the fields
// readable:
//
//   OpenAI     {"error": {"message": ..., "type": ..., "param": ..., "code": ..., <details>}}
//   Anthropic  {"type": "error", "error": {"type": ..., "message": ..., "code"?, <details>}}
//
// The `type` per status is what the providers send: OpenAI invalid_request_error (400, 404 with
// code model_not_found, 413), request_forbidden (403, as for its region blocks) and server_error
// (5xx); Anthropic invalid_request_error, permission_error, not_found_error, request_too_large,
// api_error (500, used for 502) and timeout_error (504) (its errors page).
// Anthropic's error object has no `code`; it is added as an extra member (Anthropic documents that
// error objects may grow) so that one code names the error in both shapes.
//
// Thread-safety: reentrant functions returning plain values.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "gateway/llm/llm_route.h"
#include "gateway/strict_json.h"

namespace portcullis::gateway::llm {

enum class LlmErrorKind {
  kInvalidRequest,   // 400: the body is not a request the gateway can describe
  kForbidden,        // 403: a policy denial
  kNotFound,         // 404: no such model
  kTooLarge,         // 413: the body is over the size limit
  kUpstreamFailed,   // 502: the provider could not be reached or gave no usable answer
  kUpstreamTimeout,  // 504: the provider did not answer in time
};

// A complete answer: the HTTP status and its JSON body (Content-Type: application/json).
struct LlmErrorResponse {
  int status = 0;
  std::string body;
};

// The answer for `kind` on `route`. `code` and `param` are left null when empty (OpenAI's `param`
// names the offending request field, e.g. "model"). `details` are added to the error object
// after the standard members, never replacing one of them.
LlmErrorResponse MakeLlmError(LlmRoute route, LlmErrorKind kind, std::string_view message,
                              std::string_view code = {}, std::string_view param = {},
                              const boost::json::object& details = {});

// The answer to a body ParseStrictJson refused: 413 for a body over the limit, else 400, with the
// parser's message and its JsonErrorKindName as the code (e.g. "duplicate_key").
LlmErrorResponse LlmErrorForBody(LlmRoute route, const JsonError& error);

}  // namespace portcullis::gateway::llm
