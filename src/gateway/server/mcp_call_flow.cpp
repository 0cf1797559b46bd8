// RunNamedCall and RunResourceRequest (mcp_flows.h): the requests decided on one item of one
// server, with what the client sent.
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "gateway/mcp/denial.h"
#include "gateway/mcp/describe.h"
#include "gateway/mcp/request_params.h"
#include "gateway/mcp/session_catalog.h"
#include "gateway/mcp/tool_annotations.h"
#include "gateway/server/mcp_flows.h"
#include "gateway/server/mcp_server_requests.h"

namespace portcullis::gateway::server {
namespace {

// What an upstream failure is answered with. A session the server forgot (404) ends the
// gateway session too: the client gets 404 and initializes again, as MCP's transport says.
void RespondUpstreamFailure(McpFlow& flow, const std::string& server,
                            const upstream::McpPostError& error) {
  if (error.kind == upstream::McpPostError::Kind::kSessionExpired) {
    flow.RespondError(
        {.code = kJsonRpcInvalidRequest,
         .message = "the session with " + server + " has ended; initialize a new session",
         .id = flow.id(),
         .data = std::nullopt},
        404);
    return;
  }
  flow.RespondError({.code = kJsonRpcInternalError,
                     .message = "the " + server + " server did not answer: " +
                                std::string(upstream::ToString(error.kind)) +
                                (error.message.empty() ? "" : " (" + error.message + ")"),
                     .id = flow.id(),
                     .data = std::nullopt});
}

// Decides `resources` (`connect` of the server, then the item); on ALLOW sends the flow's body
// (as it now stands) to `server` and relays the answer, else answers the first denial.
void DecideAndRelay(const std::shared_ptr<McpFlow>& flow, const McpServerConfig& server,
                    std::vector<pdp::DecisionResource> resources, std::string target, bool joined) {
  flow->services().decisions.Decide(
      flow->request().caller(), flow->decision_context(), std::move(resources),
      [flow, &server, target = std::move(target), joined](std::vector<pdp::Decision> decisions) {
        for (const pdp::Decision& decision : decisions) {
          if (decision.allowed()) continue;
          flow->RespondError(mcp::MakeDenial(decision, flow->message().method, target, flow->id()));
          return;
        }
        if (decisions.empty()) {
          pdp::Decision none;
          none.fail_closed = true;
          none.reason = "the decision point answered nothing";
          flow->RespondError(mcp::MakeDenial(none, flow->message().method, target, flow->id()));
          return;
        }
        if (!joined) {
          flow->RespondError({.code = kJsonRpcInvalidParams,
                              .message = "the " + server.name +
                                         " server is not part of this session; initialize a "
                                         "new session to reach it",
                              .id = flow->id(),
                              .data = std::nullopt});
          return;
        }
        flow->Post(
            server, flow->body(), std::nullopt,
            [flow, &server](boost::json::value message) {
              RelayServerMessage(flow, server, std::move(message));
            },
            [flow, &server](UpstreamReply reply) {
              if (reply.error) {
                RespondUpstreamFailure(*flow, server.name, *reply.error);
                return;
              }
              flow->RespondUpstream(std::move(*reply.response));
            });
      });
}

bool Joined(McpFlow& flow, const std::string& server) {
  return flow.session().upstream_sessions.contains(server);
}

// The call of `tool` of `server` decided with its annotations (listing the server's tools
// first when this replica has not seen them for this session).
void DecideToolCall(const std::shared_ptr<McpFlow>& flow, const McpServerConfig& server,
                    std::string tool, std::string presented, boost::json::object arguments,
                    bool relisted) {
  mcp::ToolLookup lookup =
      flow->services().catalog.LookupTool(flow->session_id(), server.name, tool);
  if (lookup.standing == mcp::ToolStanding::kServerNotListed && !relisted &&
      Joined(*flow, server.name)) {
    ListServers(flow, mcp::ListKind::kTools, nullptr, {server.name},
                [flow, &server, tool = std::move(tool), presented = std::move(presented),
                 arguments = std::move(arguments)](auto) mutable {
                  DecideToolCall(flow, server, std::move(tool), std::move(presented),
                                 std::move(arguments), true);
                });
    return;
  }
  std::vector<pdp::DecisionResource> resources{
      mcp::DescribeServerConnect(server),
      mcp::DescribeToolCall(server, tool, lookup.annotations, arguments)};
  DecideAndRelay(flow, server, std::move(resources), std::move(presented),
                 Joined(*flow, server.name));
}

// The resource request for `uri` routed to the server that lists it and decided. A URI no
// listing claims may be one this replica has not seen listed for the session (sessions are
// stateless): the session's resources and templates are listed once, then it is routed again.
void RouteAndDecideResource(const std::shared_ptr<McpFlow>& flow, std::string uri, bool relisted) {
  std::vector<std::string> joined = flow->JoinedServers();
  auto routed = flow->services().catalog.RouteResource(flow->session_id(), uri, joined);
  if (auto* problem = std::get_if<mcp::ResourceRouteProblem>(&routed)) {
    if (problem->kind == mcp::ResourceRouteProblem::Kind::kNotListed && !relisted) {
      ListServers(flow, mcp::ListKind::kResources, nullptr, joined,
                  [flow, uri, joined](auto) mutable {
                    ListServers(flow, mcp::ListKind::kResourceTemplates, nullptr, std::move(joined),
                                [flow, uri = std::move(uri)](auto) mutable {
                                  RouteAndDecideResource(flow, std::move(uri), true);
                                });
                  });
      return;
    }
    flow->RespondError(mcp::ResourceRouteError(*problem, uri, flow->id()));
    return;
  }
  const McpServerConfig& server =
      *flow->request().config().FindServer(std::get<std::string>(routed));
  std::vector<pdp::DecisionResource> resources{mcp::DescribeServerConnect(server),
                                               mcp::DescribeResourceRead(server, uri)};
  DecideAndRelay(flow, server, std::move(resources), uri, true);
}

}  // namespace

void RunNamedCall(std::shared_ptr<McpFlow> flow, mcp::ListKind kind) {
  auto read = mcp::ReadNamedRequest(flow->message().params, flow->id());
  if (auto* error = std::get_if<JsonRpcError>(&read)) {
    flow->RespondError(*error);
    return;
  }
  const mcp::NamedRequest& named = std::get<mcp::NamedRequest>(read);
  const McpEndpointContext& context = flow->context();
  std::vector<std::string> listed_by;
  if (context.names.needs_listing()) {
    listed_by = flow->services().catalog.ServersListing(flow->session_id(), kind, named.name);
  }
  std::string_view what = kind == mcp::ListKind::kTools ? "tool" : "prompt";
  auto resolved = context.names.Resolve(named.name, listed_by);
  if (auto* problem = std::get_if<mcp::NameProblem>(&resolved)) {
    flow->RespondError(
        mcp::NameProblemError(*problem, what, named.name, context.names, flow->id()));
    return;
  }
  mcp::QualifiedName name = std::get<mcp::QualifiedName>(std::move(resolved));
  const McpServerConfig& server = *flow->request().config().FindServer(name.server);
  std::string presented(named.name);
  // Copied before the name in the body is replaced: `named` views the body.
  boost::json::object arguments = mcp::ArgumentsOrEmpty(named);
  // What goes upstream is the client's message with the server's own name for the tool. (No
  // object::operator[] here: it may grow the object, moving the members the message views.)
  flow->body().as_object().at("params").as_object().at("name") = name.name;

  if (kind == mcp::ListKind::kTools) {
    DecideToolCall(flow, server, std::move(name.name), std::move(presented), std::move(arguments),
                   false);
    return;
  }
  std::vector<pdp::DecisionResource> resources{
      mcp::DescribeServerConnect(server), mcp::DescribePromptGet(server, name.name, arguments)};
  DecideAndRelay(flow, server, std::move(resources), std::move(presented),
                 Joined(*flow, server.name));
}

void RunResourceRequest(std::shared_ptr<McpFlow> flow) {
  auto read = mcp::ReadResourceUri(flow->message().params, flow->id());
  if (auto* error = std::get_if<JsonRpcError>(&read)) {
    flow->RespondError(*error);
    return;
  }
  RouteAndDecideResource(flow, std::string(std::get<std::string_view>(read)), false);
}

}  // namespace portcullis::gateway::server
