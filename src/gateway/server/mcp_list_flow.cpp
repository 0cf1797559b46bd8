// ListServers and RunList (mcp_flows.h).
#include <iostream>
#include <memory>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include "gateway/mcp/describe.h"
#include "gateway/server/mcp_flows.h"

namespace portcullis::gateway::server {
namespace {

// Plans every entry's visibility in one batched call, then hands the merge on.
void PlanEntries(const std::shared_ptr<McpFlow>& flow, std::shared_ptr<mcp::ListMerge> merge,
                 ListingDone done) {
  const GatewayConfig& config = flow->request().config();
  std::vector<pdp::PlanQuery> queries;
  queries.reserve(merge->entries().size());
  for (const mcp::ListEntry& entry : merge->entries()) {
    const McpServerConfig* server = config.FindServer(merge->Server(entry));
    mcp::ListingCheck check = mcp::DescribeForListing(merge->kind(), *server, merge->Item(entry));
    pdp::PlanQuery query{.kind = std::move(check.resource.kind),
                         .id = std::move(check.resource.id),
                         .attr = std::move(check.resource.attr),
                         .action = std::move(check.resource.actions.front()),
                         .unknown_attributes = {}};
    if (!check.unknown_attribute.empty()) {
      query.unknown_attributes.emplace_back(check.unknown_attribute);
    }
    queries.push_back(std::move(query));
  }
  flow->services().decisions.Plan(
      flow->request().caller(), queries, &flow->request().exchange().loop(),
      [flow, merge, done = std::move(done)](std::vector<pdp::PlanAnswer> answers) {
        // Entries without an answer keep no verdict: hidden (fail closed).
        for (size_t i = 0; i < answers.size() && i < merge->entries().size(); ++i) {
          merge->SetVerdict(i, answers[i].kind);
        }
        flow->services().catalog.Record(flow->session_id(), *merge);
        done(std::move(*merge));
      });
}

void FetchPages(const std::shared_ptr<McpFlow>& flow, std::shared_ptr<mcp::ListMerge> merge,
                ListingDone done) {
  size_t calls = merge->calls().size();
  if (calls == 0) {
    PlanEntries(flow, std::move(merge), std::move(done));
    return;
  }
  auto pending = std::make_shared<size_t>(calls);
  auto finished = std::make_shared<ListingDone>(std::move(done));
  const GatewayConfig& config = flow->request().config();
  for (size_t call = 0; call < calls; ++call) {
    boost::json::value message{{"jsonrpc", "2.0"},
                               {"id", flow->id()},
                               {"method", mcp::ListMethod(merge->kind())},
                               {"params", merge->UpstreamParams(call)}};
    const McpServerConfig& server = *config.FindServer(merge->calls()[call].server);
    flow->Post(server, message, std::nullopt, {},
               [flow, merge, pending, finished, call](UpstreamReply reply) {
                 auto result = ReplyResult(reply);
                 if (auto* page = std::get_if<boost::json::object>(&result)) {
                   merge->AddPage(call, std::move(*page));
                 } else {
                   merge->AddFailure(call, std::get<std::string>(std::move(result)));
                 }
                 if (--*pending == 0) PlanEntries(flow, merge, std::move(*finished));
               });
  }
}

}  // namespace

void ListServers(const std::shared_ptr<McpFlow>& flow, mcp::ListKind kind,
                 const boost::json::object* params, std::vector<std::string> servers,
                 ListingDone done) {
  const GatewayConfig& config = flow->request().config();
  std::vector<pdp::DecisionResource> resources;
  for (const std::string& server : servers) {
    resources.push_back(mcp::DescribeServerConnect(*config.FindServer(server)));
  }
  auto connected_servers = std::make_shared<std::vector<std::string>>(std::move(servers));
  flow->services().decisions.Decide(
      flow->request().caller(), flow->decision_context(), std::move(resources),
      [flow, kind, params, connected_servers,
       done = std::move(done)](std::vector<pdp::Decision> decisions) mutable {
        std::vector<std::string> connected;
        for (size_t i = 0; i < connected_servers->size() && i < decisions.size(); ++i) {
          if (decisions[i].allowed()) connected.push_back((*connected_servers)[i]);
        }
        // Cursors are bound to the principal: a cursor is no use to anyone else.
        auto started =
            mcp::ListMerge::Start(kind, params, flow->id(), connected, flow->services().cursors,
                                  flow->request().caller().principal.id);
        if (auto* error = std::get_if<JsonRpcError>(&started)) {
          done(std::move(*error));
          return;
        }
        FetchPages(flow,
                   std::make_shared<mcp::ListMerge>(std::get<mcp::ListMerge>(std::move(started))),
                   std::move(done));
      });
}

void RunList(std::shared_ptr<McpFlow> flow, mcp::ListKind kind) {
  ListServers(flow, kind, flow->message().params, flow->JoinedServers(),
              [flow](std::variant<mcp::ListMerge, JsonRpcError> merged) {
                if (auto* error = std::get_if<JsonRpcError>(&merged)) {
                  flow->RespondError(*error);
                  return;
                }
                const mcp::ListMerge& merge = std::get<mcp::ListMerge>(merged);
                for (const mcp::ServerFailure& failure : merge.failures()) {
                  std::cerr << "portcullis serve: mcp: " + failure.server + " left out of " +
                                   std::string(mcp::ListMethod(merge.kind())) + ": " +
                                   failure.reason + "\n";
                }
                const McpEndpointContext& context = flow->context();
                flow->RespondResult(merge.Finish(context.names, context.services.cursors));
              });
}

}  // namespace portcullis::gateway::server
