// RunInitialize (mcp_flows.h).
#include <chrono>
#include <iostream>
#include <memory>
#include <utility>
#include <variant>
#include <vector>

#include "gateway/mcp/describe.h"
#include "gateway/mcp/initialize.h"
#include "gateway/server/mcp_flows.h"
#include "gateway/server/mcp_upstream_session.h"

namespace portcullis::gateway::server {
namespace {

// The initialize round of one session: the answers of the servers the principal may connect to.
struct InitializeRound {
  mcp::ClientInitialize client;
  std::vector<mcp::UpstreamInitialize> answers;  // endpoint order; denied servers left out
  std::vector<std::string> session_ids;          // per answer
  size_t pending = 0;
};

void Complete(const std::shared_ptr<McpFlow>& flow, InitializeRound& round) {
  const McpEndpointContext& context = flow->context();
  mcp::InitializeOutcome outcome =
      mcp::CombineInitialize(round.client, round.answers, context.services.info, context.names);
  GatewaySession session{
      .principal_id = flow->request().caller().principal.id,
      .issued_at = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()),
      .protocol_version = round.client.protocol_version,
      .upstream_sessions = {}};
  for (const mcp::JoinedServer& joined : outcome.joined) {
    size_t answer = 0;
    while (round.answers[answer].server != joined.server) ++answer;
    session.upstream_sessions[joined.server] = EncodeUpstreamSession(
        {.session_id = round.session_ids[answer], .protocol_version = joined.protocol_version});
  }
  for (const mcp::ServerFailure& failure : outcome.left_out) {
    std::cerr << "portcullis serve: mcp: " + failure.server + " left out of a session of " +
                     session.principal_id + ": " + failure.reason + "\n";
  }
  auto sealed = context.services.sealer.Seal(session);
  if (auto* failure = std::get_if<SealFailure>(&sealed)) {
    flow->RespondError({.code = kJsonRpcInternalError,
                        .message = "the gateway could not open a session: " + failure->reason,
                        .id = flow->id(),
                        .data = std::nullopt});
    return;
  }
  std::string session_id = std::get<std::string>(std::move(sealed));
  flow->SetSession(std::move(session), session_id);
  flow->RespondResult(std::move(outcome.result), {{"Mcp-Session-Id", session_id}});
}

}  // namespace

void RunInitialize(std::shared_ptr<McpFlow> flow) {
  auto client = mcp::ReadInitializeParams(flow->message().params, flow->id());
  if (auto* error = std::get_if<JsonRpcError>(&client)) {
    flow->RespondError(*error);
    return;
  }
  auto round = std::make_shared<InitializeRound>();
  round->client = std::get<mcp::ClientInitialize>(std::move(client));

  const GatewayConfig& config = flow->request().config();
  std::vector<pdp::DecisionResource> resources;
  for (size_t index : flow->context().endpoint.server_indexes) {
    resources.push_back(mcp::DescribeServerConnect(config.mcp.servers[index]));
  }
  flow->services().decisions.Decide(
      flow->request().caller(), flow->decision_context(), std::move(resources),
      [flow, round](std::vector<pdp::Decision> decisions) {
        const GatewayConfig& config = flow->request().config();
        const std::vector<size_t>& servers = flow->context().endpoint.server_indexes;
        std::vector<const McpServerConfig*> allowed;
        for (size_t i = 0; i < servers.size() && i < decisions.size(); ++i) {
          if (decisions[i].allowed()) allowed.push_back(&config.mcp.servers[servers[i]]);
        }
        if (allowed.empty()) {
          Complete(flow, *round);
          return;
        }
        round->answers.resize(allowed.size());
        round->session_ids.resize(allowed.size());
        round->pending = allowed.size();
        boost::json::value message{{"jsonrpc", "2.0"},
                                   {"id", flow->id()},
                                   {"method", "initialize"},
                                   {"params", mcp::UpstreamInitializeParams(round->client)}};
        for (size_t i = 0; i < allowed.size(); ++i) {
          round->answers[i].server = allowed[i]->name;
          flow->Post(*allowed[i], message, upstream::McpSessionHeaders{}, {},
                     [flow, round, i](UpstreamReply reply) {
                       round->answers[i].answer = ReplyResult(reply);
                       round->session_ids[i] = std::move(reply.session_id);
                       if (--round->pending == 0) Complete(flow, *round);
                     });
        }
      });
}

}  // namespace portcullis::gateway::server
