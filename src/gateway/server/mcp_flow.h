// One JSON-RPC message a client POSTed to an MCP endpoint, on its way through the gateway: the
// parsed message (parsed once; what goes upstream is built from this value), the caller's
// gateway session, and the ways to answer the client and to reach the session's upstream servers.
// The flows (mcp_flows.h) hold it by shared_ptr across their asynchronous steps.
//
// Answers: a JSON-RPC response goes back as application/json, except when an upstream server
// sends messages before its response (progress, logging): the answer then becomes a
// text/event-stream carrying those messages and the response last, as MCP's Streamable HTTP
// transport lets a server answer a POST.
//
// Thread-safety: used on its exchange's worker thread only.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/json/value.hpp>

#include "gateway/jsonrpc.h"
#include "gateway/mcp/names.h"
#include "gateway/server/hop_request.h"
#include "gateway/server/mcp_services.h"
#include "gateway/session_seal.h"
#include "gateway/upstream/mcp_post.h"

namespace portcullis::gateway::server {

// An MCP endpoint of the config, with what its requests need.
struct McpEndpointContext {
  const McpEndpointConfig& endpoint;
  mcp::McpNames names;
  McpServices& services;
};

// What one upstream server answered a posted request.
struct UpstreamReply {
  std::optional<boost::json::value> response;  // the JSON-RPC response (result or error)
  std::string session_id;                      // Mcp-Session-Id it assigned, if any
  std::optional<upstream::McpPostError> error;
};

// The `result` object of a reply, or why there is none (a transport failure, an error response,
// a result that is not an object), for the logs.
std::variant<boost::json::object, std::string> ReplyResult(const UpstreamReply& reply);

class McpFlow : public std::enable_shared_from_this<McpFlow> {
 public:
  using InterimHandler = std::function<void(boost::json::value message)>;
  using ReplyHandler = std::function<void(UpstreamReply reply)>;

  McpFlow(HopRequest request, const McpEndpointContext& context, boost::json::value body,
          JsonRpcMessage message);
  // The flow of a GET: the session's event stream, with no message of the client's (message()
  // is then a notification named "GET", for the decision log).
  McpFlow(HopRequest request, const McpEndpointContext& context);

  HopRequest& request() { return request_; }
  const HopRequest& request() const { return request_; }
  const McpEndpointContext& context() const { return context_; }
  McpServices& services() const { return context_.services; }
  const JsonRpcMessage& message() const { return message_; }
  // The parsed message: what goes upstream is this value (a flow may rewrite a name in it).
  boost::json::value& body() { return body_; }
  const boost::json::value& id() const { return *message_.id; }
  DecisionContext decision_context() const;

  // The gateway session, once opened (all but initialize) or created (initialize).
  GatewaySession& session() { return session_; }
  const std::string& session_id() const { return session_id_; }
  void SetSession(GatewaySession session, std::string session_id);
  // The servers of the endpoint this session joined, in endpoint order.
  std::vector<std::string> JoinedServers() const;

  // Posts `message` to `server` within this session (its upstream session headers; `headers`
  // instead when given, for initialize). `interim` receives the messages the server sends before
  // its response (may be empty: they are dropped). For a notification, done gets no response.
  void Post(const McpServerConfig& server, const boost::json::value& message,
            std::optional<upstream::McpSessionHeaders> headers, InterimHandler interim,
            ReplyHandler done);

  // Answers the client.
  void RespondResult(boost::json::value result, net::HttpHeaders headers = {});
  void RespondError(const JsonRpcError& error, int http_status = 200);
  // Relays an upstream response message (result or error) with the client's id.
  void RespondUpstream(boost::json::value response);
  // A message that reaches the client before the response: opens the event stream if needed.
  void SendInterim(const boost::json::value& message);
  // 202 Accepted (a notification or response was taken).
  void Accept();
  // Makes the answer an event stream now (SendInterim does when needed).
  void OpenStream();
  // Whether the answer has become an event stream.
  bool streaming() const { return streaming_; }
  // Ends the event stream. REQUIRES: streaming().
  void EndStream();
  // An upstream call cancelled if the client goes away.
  void Track(net::HttpCall call);

 private:
  // The response message as the whole answer, or as the stream's last event once streaming.
  void Respond(const boost::json::value& response, int http_status, net::HttpHeaders headers);
  void Finish(const boost::json::value& response);

  HopRequest request_;
  const McpEndpointContext& context_;
  boost::json::value body_;
  JsonRpcMessage message_;
  GatewaySession session_;
  std::string session_id_;
  bool streaming_ = false;
  std::vector<net::HttpCall> calls_;  // upstream calls in flight, cancelled if the client leaves
};

}  // namespace portcullis::gateway::server
