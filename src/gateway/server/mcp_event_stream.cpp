#include "gateway/server/mcp_event_stream.h"

#include <chrono>
#include <utility>
#include <variant>

#include <boost/json/serialize.hpp>

#include "gateway/server/mcp_server_requests.h"
#include "gateway/server/mcp_upstream_session.h"
#include "gateway/sse_parser.h"
#include "gateway/strict_json.h"

namespace portcullis::gateway::server {
namespace {

// An upstream event stream is held open this long at most; MCP clients open a new one when a
// stream ends.
constexpr std::chrono::hours kMaxStreamDuration{1};

struct MergedStreams {
  size_t open = 0;  // upstream streams not ended yet
};

void RespondNoEventStream(McpFlow& flow, std::string_view why) {
  boost::json::object body{{"error", {{"code", "no_event_stream"}, {"message", why}}}};
  flow.request().Respond({.status = 405,
                          .content_type = "application/json",
                          .body = boost::json::serialize(body),
                          .headers = {{"Allow", "POST, DELETE"}}});
}

net::HttpClientRequest StreamRequest(const McpServerConfig& server,
                                     const upstream::McpSessionHeaders& session) {
  net::HttpClientRequest request = SessionRequest("GET", server, session);
  request.headers.emplace_back("Accept", "text/event-stream");
  request.timeout = kMaxStreamDuration;
  return request;
}

// Every message of one upstream stream goes to the client, each checked as any upstream message
// is: strict JSON, a JSON-RPC object.
void OpenUpstreamStream(const std::shared_ptr<McpFlow>& flow,
                        const std::shared_ptr<MergedStreams>& merged, const McpServerConfig& server,
                        const upstream::McpSessionHeaders& session) {
  auto parser = std::make_shared<SseParser>();
  auto accepted = std::make_shared<bool>(false);
  flow->Track(flow->request().client().Stream(
      StreamRequest(server, session),
      {.on_headers =
           [flow, accepted](int status, const net::HttpHeaders&) {
             *accepted = status == 200;
             // Headers go to the client once one server offers a stream.
             if (*accepted) flow->OpenStream();
           },
       .on_body_chunk =
           [flow, parser, accepted, &server](std::string_view chunk) {
             if (!*accepted) return;
             parser->Feed(chunk, [&](const SseEvent& event) {
               auto parsed = ParseStrictJson(event.data, JsonLimits{});
               auto* message = std::get_if<boost::json::value>(&parsed);
               if (message == nullptr ||
                   !std::holds_alternative<JsonRpcMessage>(ClassifyJsonRpc(*message))) {
                 return;  // not a message: dropped, as a POST answer's would be refused
               }
               RelayServerMessage(flow, server, std::move(*message));
             });
           },
       .on_complete =
           [flow, merged](std::optional<net::HttpClientError>) {
             if (--merged->open > 0) return;
             if (flow->streaming()) {
               flow->EndStream();
             } else {
               RespondNoEventStream(*flow, "no server of this session offers an event stream");
             }
           }}));
}

}  // namespace

void RunEventStream(std::shared_ptr<McpFlow> flow) {
  auto merged = std::make_shared<MergedStreams>();
  const GatewayConfig& config = flow->request().config();
  std::vector<std::pair<const McpServerConfig*, upstream::McpSessionHeaders>> streams;
  for (const std::string& name : flow->JoinedServers()) {
    auto session = DecodeUpstreamSession(flow->session().upstream_sessions.at(name));
    if (session) streams.emplace_back(config.FindServer(name), std::move(*session));
  }
  merged->open = streams.size();
  if (streams.empty()) {
    RespondNoEventStream(*flow, "this session has no server to listen to");
    return;
  }
  for (const auto& [server, session] : streams) {
    OpenUpstreamStream(flow, merged, *server, session);
  }
}

}  // namespace portcullis::gateway::server
