#include "gateway/upstream/mcp_post.h"

#include <algorithm>
#include <memory>
#include <utility>
#include <variant>

#include "gateway/jsonrpc.h"
#include "gateway/sse_parser.h"

namespace portcullis::gateway::upstream {
namespace {

using Kind = McpPostError::Kind;

// An error body is kept only this long, for the message.
constexpr size_t kMaxErrorBodyBytes = 512;

enum class BodyKind { kNone, kJson, kEventStream, kError };

// The media type of a Content-Type value, lower-cased, without parameters.
std::string MediaType(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  std::string lowered(type);
  for (char& c : lowered) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return lowered;
}

// The state of one POST, shared by the stream's callbacks.
class Exchange {
 public:
  Exchange(McpPostRequest request, McpPostHandler handler)
      : request_(std::move(request)), handler_(std::move(handler)) {}

  net::HttpClientRequest HttpRequest() {
    net::HttpClientRequest http{.method = "POST", .url = request_.url};
    http.headers.emplace_back("Content-Type", "application/json");
    http.headers.emplace_back("Accept", "application/json, text/event-stream");
    AddSessionHeaders(request_.session, http.headers);
    for (auto& header : request_.extra_headers) http.headers.push_back(std::move(header));
    http.body = std::move(request_.body);
    http.timeout = request_.timeout;
    return http;
  }

  void OnHeaders(int status, const net::HttpHeaders& headers) {
    status_ = status;
    if (auto session = net::FindHeader(headers, "Mcp-Session-Id"); session && handler_.on_session) {
      handler_.on_session(std::string(*session));
    }
    if (status == 202) {
      body_kind_ = BodyKind::kNone;
      return;
    }
    if (status != 200) {
      body_kind_ = BodyKind::kError;
      return;
    }
    std::string media = MediaType(net::FindHeader(headers, "Content-Type").value_or(""));
    if (media == "application/json") {
      body_kind_ = BodyKind::kJson;
    } else if (media == "text/event-stream") {
      body_kind_ = BodyKind::kEventStream;
    } else {
      Fail({Kind::kBadContentType, status, "unexpected Content-Type \"" + media + "\""});
    }
  }

  void OnChunk(std::string_view chunk) {
    if (failure_) return;
    switch (body_kind_) {
      case BodyKind::kJson:
        if (json_.size() + chunk.size() > request_.limits.max_bytes) {
          Fail({Kind::kBadMessage, status_, "the answer is larger than the body limit"});
          return;
        }
        json_.append(chunk);
        return;
      case BodyKind::kEventStream:
        sse_.Feed(chunk, [this](const SseEvent& event) {
          if (!failure_ && (event.type.empty() || event.type == "message")) Deliver(event.data);
        });
        return;
      case BodyKind::kError:
        json_.append(
            chunk.substr(0, kMaxErrorBodyBytes - std::min(json_.size(), kMaxErrorBodyBytes)));
        return;
      case BodyKind::kNone:
        return;
    }
  }

  void OnComplete(std::optional<net::HttpClientError> error) {
    if (!failure_ && error && !(got_response_ && body_kind_ == BodyKind::kEventStream)) {
      Fail({Kind::kTransport, status_,
            std::string(net::ToString(error->code)) + ": " + error->message});
    }
    if (!failure_) CheckAnswer();
    if (handler_.on_complete) handler_.on_complete(std::move(failure_));
  }

 private:
  void CheckAnswer() {
    if (body_kind_ == BodyKind::kError) {
      bool expired = status_ == 404 && !request_.session.session_id.empty();
      Fail({expired ? Kind::kSessionExpired : Kind::kHttpStatus, status_,
            "HTTP " + std::to_string(status_) + (json_.empty() ? "" : ": " + json_)});
      return;
    }
    if (body_kind_ == BodyKind::kJson) Deliver(json_);
    if (!failure_ && request_.request_id && !got_response_) {
      Fail({Kind::kMissingResponse, status_, "the answer holds no response to the request"});
    }
  }

  // Parses, checks and hands on one message of the answer.
  void Deliver(std::string_view text) {
    auto parsed = ParseStrictJson(text, request_.limits);
    if (auto* error = std::get_if<JsonError>(&parsed)) {
      Fail({Kind::kBadMessage, status_, error->message});
      return;
    }
    boost::json::value& message = std::get<boost::json::value>(parsed);
    auto classified = ClassifyJsonRpc(message);
    if (auto* error = std::get_if<JsonRpcError>(&classified)) {
      Fail({Kind::kBadMessage, status_, "not a JSON-RPC message: " + error->message});
      return;
    }
    const JsonRpcMessage& rpc = std::get<JsonRpcMessage>(classified);
    bool is_response = rpc.kind == JsonRpcKind::kResult || rpc.kind == JsonRpcKind::kError;
    if (is_response && request_.request_id && rpc.id && *rpc.id == *request_.request_id) {
      got_response_ = true;
    }
    if (handler_.on_message) handler_.on_message(std::move(message));
  }

  void Fail(McpPostError error) {
    if (!failure_) failure_ = std::move(error);
  }

  McpPostRequest request_;
  McpPostHandler handler_;
  int status_ = 0;
  BodyKind body_kind_ = BodyKind::kNone;
  std::string json_;  // a JSON answer, or the start of an error answer
  SseParser sse_;
  bool got_response_ = false;
  std::optional<McpPostError> failure_;
};

}  // namespace

std::string_view ToString(McpPostError::Kind kind) {
  switch (kind) {
    case Kind::kTransport:
      return "transport";
    case Kind::kSessionExpired:
      return "session_expired";
    case Kind::kHttpStatus:
      return "http_status";
    case Kind::kBadContentType:
      return "bad_content_type";
    case Kind::kBadMessage:
      return "bad_message";
    case Kind::kMissingResponse:
      return "missing_response";
  }
  return "unknown";
}

void AddSessionHeaders(const McpSessionHeaders& session, net::HttpHeaders& headers) {
  if (!session.session_id.empty()) headers.emplace_back("Mcp-Session-Id", session.session_id);
  if (!session.protocol_version.empty()) {
    headers.emplace_back("MCP-Protocol-Version", session.protocol_version);
  }
}

net::HttpCall PostMcpMessage(net::HttpClient& client, McpPostRequest request,
                             McpPostHandler handler) {
  auto exchange = std::make_shared<Exchange>(std::move(request), std::move(handler));
  net::HttpClientRequest http = exchange->HttpRequest();
  return client.Stream(
      std::move(http),
      {.on_headers = [exchange](int status,
                                net::HttpHeaders headers) { exchange->OnHeaders(status, headers); },
       .on_body_chunk = [exchange](std::string_view chunk) { exchange->OnChunk(chunk); },
       .on_complete =
           [exchange](std::optional<net::HttpClientError> error) {
             exchange->OnComplete(std::move(error));
           }});
}

}  // namespace portcullis::gateway::upstream
