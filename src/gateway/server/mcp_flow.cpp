#include "gateway/server/mcp_flow.h"

#include <chrono>
#include <utility>

#include <boost/json/serialize.hpp>

#include "gateway/server/mcp_upstream_session.h"

namespace portcullis::gateway::server {
namespace {

bool IsResponseTo(const boost::json::value& message, const boost::json::value& id) {
  const boost::json::object* object = message.if_object();
  if (object == nullptr || object->contains("method")) return false;
  const boost::json::value* message_id = object->if_contains("id");
  return message_id != nullptr && *message_id == id;
}

}  // namespace

std::variant<boost::json::object, std::string> ReplyResult(const UpstreamReply& reply) {
  if (reply.error) {
    return std::string(upstream::ToString(reply.error->kind)) + ": " + reply.error->message;
  }
  const boost::json::value* result = reply.response->as_object().if_contains("result");
  if (result == nullptr || !result->is_object()) return std::string("answered with an error");
  return result->as_object();
}

McpFlow::McpFlow(HopRequest request, const McpEndpointContext& context, boost::json::value body,
                 JsonRpcMessage message)
    : request_(std::move(request)), context_(context), body_(std::move(body)), message_(message) {}

McpFlow::McpFlow(HopRequest request, const McpEndpointContext& context)
    : request_(std::move(request)),
      context_(context),
      message_{.kind = JsonRpcKind::kNotification, .method = "GET"} {}

DecisionContext McpFlow::decision_context() const {
  return {.hop = "mcp",
          .method = std::string(message_.method),
          .peer = request_.peer(),
          .loop = &request_.exchange().loop()};
}

void McpFlow::SetSession(GatewaySession session, std::string session_id) {
  session_ = std::move(session);
  session_id_ = std::move(session_id);
}

std::vector<std::string> McpFlow::JoinedServers() const {
  std::vector<std::string> joined;
  for (const std::string& server : context_.endpoint.servers) {
    if (session_.upstream_sessions.contains(server)) joined.push_back(server);
  }
  return joined;
}

void McpFlow::Post(const McpServerConfig& server, const boost::json::value& message,
                   std::optional<upstream::McpSessionHeaders> headers, InterimHandler interim,
                   ReplyHandler done) {
  if (!headers) {
    auto found = session_.upstream_sessions.find(server.name);
    if (found != session_.upstream_sessions.end()) {
      headers = DecodeUpstreamSession(found->second);
    }
  }
  upstream::McpPostRequest post{.url = server.url,
                                .body = SerializeForUpstream(message),
                                .session = headers.value_or(upstream::McpSessionHeaders{}),
                                .timeout = server.timeout};
  // A request awaits its response; a notification or a response is answered 202.
  const boost::json::object& object = message.as_object();
  if (const boost::json::value* id = object.if_contains("id"); id && object.contains("method")) {
    post.request_id = *id;
  }
  AddServerAuth(server, post.extra_headers);

  struct PostState {
    UpstreamReply reply;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  };
  auto state = std::make_shared<PostState>();
  auto self = shared_from_this();
  std::optional<boost::json::value> request_id = post.request_id;
  GatewayMetrics& metrics = services().metrics;
  std::string name = server.name;
  Track(upstream::PostMcpMessage(
      request_.client(), std::move(post),
      {.on_session = [state](std::string id) { state->reply.session_id = std::move(id); },
       .on_message =
           [state, request_id, interim](boost::json::value message) {
             if (request_id && IsResponseTo(message, *request_id)) {
               state->reply.response = std::move(message);
             } else if (interim) {
               interim(std::move(message));
             }
           },
       .on_complete =
           [self, state, done = std::move(done), &metrics,
            name](std::optional<upstream::McpPostError> error) {
             std::chrono::duration<double> elapsed =
                 std::chrono::steady_clock::now() - state->started;
             metrics.upstream_seconds.Labels({name}).Observe(elapsed.count());
             if (error) metrics.upstream_failures.Labels({name}).Increment();
             state->reply.error = std::move(error);
             done(std::move(state->reply));
           }}));
}

void McpFlow::Track(net::HttpCall call) {
  calls_.push_back(std::move(call));
  if (calls_.size() > 1) return;
  request_.exchange().OnAbort([weak = weak_from_this()] {
    if (auto flow = weak.lock()) {
      for (net::HttpCall& call : flow->calls_) call.Cancel();
    }
  });
}

void McpFlow::RespondResult(boost::json::value result, net::HttpHeaders headers) {
  Respond(boost::json::object{{"jsonrpc", "2.0"}, {"id", id()}, {"result", std::move(result)}}, 200,
          std::move(headers));
}

void McpFlow::RespondError(const JsonRpcError& error, int http_status) {
  Respond(MakeJsonRpcErrorResponse(error), http_status, {});
}

void McpFlow::RespondUpstream(boost::json::value response) {
  response.as_object()["id"] = id();
  Respond(response, 200, {});
}

void McpFlow::Respond(const boost::json::value& response, int http_status,
                      net::HttpHeaders headers) {
  if (streaming_) {  // the last event of the stream; the status and headers were sent with it
    Finish(response);
    return;
  }
  request_.Respond({.status = http_status,
                    .content_type = "application/json",
                    .body = boost::json::serialize(response),
                    .headers = std::move(headers)});
}

void McpFlow::OpenStream() {
  if (streaming_) return;
  streaming_ = true;
  request_.StartStream({.status = 200,
                        .content_type = "text/event-stream",
                        .body = {},
                        .headers = {{"Cache-Control", "no-cache"}}});
}

void McpFlow::SendInterim(const boost::json::value& message) {
  OpenStream();
  request_.exchange().Write("event: message\ndata: " + boost::json::serialize(message) + "\n\n");
}

void McpFlow::Finish(const boost::json::value& response) {
  request_.exchange().Write("event: message\ndata: " + boost::json::serialize(response) + "\n\n");
  request_.exchange().End();
}

void McpFlow::EndStream() {
  request_.exchange().End();
}

void McpFlow::Accept() {
  request_.Respond({.status = 202, .content_type = "application/json", .body = {}, .headers = {}});
}

}  // namespace portcullis::gateway::server
