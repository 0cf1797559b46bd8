// Cerbos's CheckResources JSON API (`POST /api/check/resources`, cerbos.svc.v1 CheckResources),
// independent of any transport: parsing and validating a request into a policy::CheckInput, and
// rendering the engine's answer as the response Cerbos 0.55.0 sends, field for field.
//
//   CheckResourcesParse parsed = ParseCheckResourcesRequest(body);
//   if (!parsed.ok()) return Reply(parsed.error->http_status, parsed.error->ToJson());
//   policy::CheckOutput output = policy::Engine::Check(*set, parsed.request->input());
//   Reply(200, RenderCheckResourcesResponse(*parsed.request, output, NewCallId()));
//
// Validation follows what the binary answers (HTTP 400, `{"code":3,"message":...}`), in its order:
// JSON syntax, then protobuf-JSON decoding (unknown fields, wrong types: the first problem in
// document order, with its line:column), then the request's buf.validate rules (every
// violation, with `details`), then the request limits, then auxData.
//
// Thread-safety: the functions are reentrant; a CheckResourcesRequest is immutable once parsed
// and may be read from several threads. Its document lives in an arena of its own (a monotonic
// resource, not thread-safe), which a copy of one of its JSON values allocates from unless given
// another storage: such copies must not be made from two threads at once.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "policy/check.h"

namespace portcullis::pdp {

// An error answer in Cerbos's (gRPC-gateway) shape.
struct ApiError {
  int http_status = 400;
  int code = 3;  // gRPC status code: 3 INVALID_ARGUMENT, 2 UNKNOWN
  std::string message;
  // `details` (buf.validate.Violations); null when Cerbos sends no `details` field.
  boost::json::value details;

  // `{"code":3,"message":"...","details":[...]}`.
  std::string ToJson() const;
};

// Cerbos's `server.requestLimits`.
struct RequestLimits {
  size_t max_resources = 50;  // maxResourcesPerRequest
  size_t max_actions = 50;    // maxActionsPerResource
};

// A parsed, valid CheckResources request. It owns the JSON document; input() views it.
// Neither copyable nor movable (its views point into itself): hold it by unique_ptr.
class CheckResourcesRequest {
 public:
  CheckResourcesRequest(const CheckResourcesRequest&) = delete;
  CheckResourcesRequest& operator=(const CheckResourcesRequest&) = delete;

  // The check to give policy::Engine::Check. Valid as long as this object lives.
  const policy::CheckInput& input() const { return input_; }
  std::string_view request_id() const { return request_id_; }
  bool include_meta() const { return include_meta_; }
  const boost::json::value& document() const { return document_; }

 private:
  friend class CheckResourcesRequestBuilder;
  explicit CheckResourcesRequest(boost::json::value document) : document_(std::move(document)) {}

  boost::json::value document_;
  std::string_view request_id_;
  bool include_meta_ = false;
  // Storage for the spans of input_: every role and action of the request, back to back.
  std::vector<std::string_view> names_;
  std::vector<policy::ResourceCheck> resources_;
  policy::CheckInput input_;
};

struct CheckResourcesParse {
  std::unique_ptr<CheckResourcesRequest> request;  // set when valid
  std::optional<ApiError> error;                   // set otherwise

  bool ok() const { return request != nullptr; }
};

// Parses and validates a request body. An empty body is an empty request (as in Cerbos).
CheckResourcesParse ParseCheckResourcesRequest(std::string_view body,
                                               const RequestLimits& limits = {});

// The same for an already parsed document. Decoding errors then carry no line:column.
CheckResourcesParse ParseCheckResourcesDocument(boost::json::value document,
                                                const RequestLimits& limits = {});

// The response JSON for `request` answered by `output` (from Engine::Check on request.input()):
// requestId, results in request order (resource echo, actions sorted by name, meta when
// `include_meta`, outputs), cerbosCallId. An output value that JSON cannot hold becomes
// that entry's `error`, as in Cerbos. REQUIRES: output has one result per resource.
// Returns an ApiError instead (500, code 2, as Cerbos) when an output holds NaN or infinity.
struct RenderedResponse {
  std::string json;  // set on success
  std::optional<ApiError> error;
};
RenderedResponse RenderCheckResourcesResponse(const CheckResourcesRequest& request,
                                              const policy::CheckOutput& output, bool include_meta,
                                              std::string_view call_id);

}  // namespace portcullis::pdp
