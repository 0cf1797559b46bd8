#include "gateway/server/mcp_endpoint.h"

#include <chrono>
#include <memory>
#include <utility>
#include <variant>

#include <boost/json/serialize.hpp>

#include "gateway/mcp/initialize.h"
#include "gateway/mcp/list_kind.h"
#include "gateway/server/mcp_event_stream.h"
#include "gateway/server/mcp_flows.h"
#include "gateway/server/mcp_server_requests.h"
#include "gateway/server/mcp_upstream_session.h"
#include "gateway/strict_json.h"

namespace portcullis::gateway::server {
namespace {

void RespondJsonRpcError(HopRequest& request, int status, const JsonRpcError& error) {
  request.Respond({.status = status,
                   .content_type = "application/json",
                   .body = boost::json::serialize(MakeJsonRpcErrorResponse(error)),
                   .headers = {}});
}

JsonRpcError TransportError(std::string message) {
  return {.code = kJsonRpcInvalidRequest,
          .message = std::move(message),
          .id = nullptr,
          .data = std::nullopt};
}

// The session the request names, or false after answering why there is none.
std::optional<std::pair<GatewaySession, std::string>> OpenSession(HopRequest& request,
                                                                  const SessionSealer& sealer) {
  std::optional<std::string_view> header = request.http().header("mcp-session-id");
  if (!header) {
    RespondJsonRpcError(request, 400,
                        TransportError("Mcp-Session-Id is required: send initialize first"));
    return std::nullopt;
  }
  if (auto version = request.http().header("mcp-protocol-version");
      version && !mcp::IsSupportedProtocolVersion(*version)) {
    RespondJsonRpcError(request, 400,
                        TransportError("unsupported MCP-Protocol-Version; the gateway speaks "
                                       "2025-11-25 and 2025-06-18"));
    return std::nullopt;
  }
  auto opened =
      sealer.Open(*header, request.caller().principal.id, std::chrono::system_clock::now());
  if (auto* error = std::get_if<SessionOpenError>(&opened)) {
    if (*error == SessionOpenError::kWrongPrincipal) {
      RespondJsonRpcError(request, 403,
                          TransportError("this session belongs to another principal"));
    } else {
      RespondJsonRpcError(request, 404,
                          TransportError("unknown or expired session (" +
                                         std::string(SessionOpenErrorName(*error)) +
                                         "): initialize a new session"));
    }
    return std::nullopt;
  }
  return std::pair{std::get<GatewaySession>(std::move(opened)), std::string(*header)};
}

void Dispatch(const std::shared_ptr<McpFlow>& flow) {
  const JsonRpcMessage& message = flow->message();
  if (message.kind == JsonRpcKind::kNotification) {
    RunBroadcast(flow);
    return;
  }
  std::string_view method = message.method;
  if (auto kind = mcp::ListKindOfMethod(method)) {
    RunList(flow, *kind);
  } else if (method == "tools/call") {
    RunNamedCall(flow, mcp::ListKind::kTools);
  } else if (method == "prompts/get") {
    RunNamedCall(flow, mcp::ListKind::kPrompts);
  } else if (method == "resources/read" || method == "resources/subscribe" ||
             method == "resources/unsubscribe") {
    RunResourceRequest(flow);
  } else if (method == "logging/setLevel") {
    RunBroadcast(flow);
  } else if (method == "ping") {
    flow->RespondResult(boost::json::object());
  } else {
    flow->RespondError({.code = kJsonRpcMethodNotFound,
                        .message = "the gateway does not relay " + std::string(method),
                        .id = flow->id(),
                        .data = std::nullopt});
  }
}

}  // namespace

void McpEndpoint::Serve(HopRequest request) {
  std::string_view method = request.http().method();
  if (method == "POST") {
    ServePost(std::move(request));
  } else if (method == "DELETE") {
    ServeDelete(std::move(request));
  } else if (method == "GET") {
    auto session = OpenSession(request, context_.services.sealer);
    if (!session) return;
    auto flow = std::make_shared<McpFlow>(std::move(request), context_);
    flow->SetSession(std::move(session->first), std::move(session->second));
    RunEventStream(flow);
  } else {
    request.Respond({.status = 405,
                     .content_type = "application/json",
                     .body = R"({"error":{"code":"method_not_allowed","message":)"
                             R"("this MCP endpoint takes POST, GET and DELETE"}})",
                     .headers = {{"Allow", "POST, GET, DELETE"}}});
  }
}

void McpEndpoint::ServePost(HopRequest request) {
  const ListenConfig& listen = request.config().listen;
  JsonLimits limits{.max_bytes = listen.max_body_bytes, .max_depth = listen.max_json_depth};
  auto parsed = ParseStrictJson(request.http().body(), limits);
  if (auto* error = std::get_if<JsonError>(&parsed)) {
    RespondJsonRpcError(request, error->kind == JsonErrorKind::kTooLarge ? 413 : 400,
                        JsonRpcErrorForBody(*error));
    return;
  }
  boost::json::value body = std::get<boost::json::value>(std::move(parsed));
  auto classified = ClassifyJsonRpc(body);
  if (auto* error = std::get_if<JsonRpcError>(&classified)) {
    RespondJsonRpcError(request, 400, *error);
    return;
  }
  // The message's views point into the elements of `body`, which moving the value keeps.
  JsonRpcMessage message = std::get<JsonRpcMessage>(classified);
  if (message.kind == JsonRpcKind::kRequest && message.method == "initialize") {
    RunInitialize(
        std::make_shared<McpFlow>(std::move(request), context_, std::move(body), message));
    return;
  }
  auto session = OpenSession(request, context_.services.sealer);
  if (!session) return;
  auto flow = std::make_shared<McpFlow>(std::move(request), context_, std::move(body), message);
  flow->SetSession(std::move(session->first), std::move(session->second));
  if (message.kind == JsonRpcKind::kResult || message.kind == JsonRpcKind::kError) {
    RunClientResponse(flow);
    return;
  }
  Dispatch(flow);
}

void McpEndpoint::ServeDelete(HopRequest request) {
  auto session = OpenSession(request, context_.services.sealer);
  if (!session) return;
  context_.services.catalog.Forget(session->second);
  auto shared = std::make_shared<HopRequest>(std::move(request));
  auto pending = std::make_shared<size_t>(1);  // released after the loop
  auto done = [shared, pending] {
    if (--*pending == 0) {
      shared->Respond(
          {.status = 200, .content_type = "application/json", .body = {}, .headers = {}});
    }
  };
  const GatewayConfig& config = shared->config();
  for (const auto& [server_name, encoded] : session->first.upstream_sessions) {
    std::optional<upstream::McpSessionHeaders> headers = DecodeUpstreamSession(encoded);
    const McpServerConfig* server = config.FindServer(server_name);
    if (!headers || headers->session_id.empty() || server == nullptr) continue;
    ++*pending;
    shared->client().Fetch(
        SessionRequest("DELETE", *server, *headers),
        [done](std::optional<net::HttpClientError>, net::HttpClientResponse) { done(); });
  }
  done();
}

}  // namespace portcullis::gateway::server
