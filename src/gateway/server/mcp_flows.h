// The flows of the MCP hop, one per kind of client message, each walking describe → decide →
// enforce → relay over the session's upstream servers (see mcp_endpoint.h for the dispatch):
//
//   initialize                 RunInitialize: `connect` decided for every server of the
//                              endpoint in one call; only the allowed ones are initialized; their
//                              answers combined (mcp/initialize.h); the upstream sessions sealed
//                              into the gateway's Mcp-Session-Id.
//   tools/list, prompts/list,  RunList: `connect` re-decided for the session's servers; their
//   resources/list,            pages fetched together and merged (mcp/list_merge.h); each item's
//   resources/templates/list   visibility planned in one batched call (arguments unknown); what the
//                              principal can never use is removed from the answer.
//   tools/call, prompts/get    RunNamedCall: the name resolved to its server; `connect` and the
//                              call (with its arguments) decided in one call; a denial answered as
//                              a JSON-RPC error with the policy's remediation, nothing sent
//                              upstream; an allowed call sent with the server's own name.
//   resources/read, subscribe, RunResourceRequest: the URI routed to the server that lists it;
//   unsubscribe                `connect` and `<server>:read` decided; relayed when allowed.
//   ping                       answered by the gateway.
//   notifications, logging/    RunBroadcast: sent to every server of the session.
//   setLevel
//
// Every decision goes through the DecisionPoint (audited, counted); none is skipped for a
// message that reaches an upstream server.
//
// Thread-safety: on the flow's worker thread.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>

#include "gateway/mcp/list_kind.h"
#include "gateway/mcp/list_merge.h"
#include "gateway/server/mcp_flow.h"

namespace portcullis::gateway::server {

void RunInitialize(std::shared_ptr<McpFlow> flow);
void RunList(std::shared_ptr<McpFlow> flow, mcp::ListKind kind);
void RunNamedCall(std::shared_ptr<McpFlow> flow, mcp::ListKind kind);  // kTools or kPrompts
void RunResourceRequest(std::shared_ptr<McpFlow> flow);
void RunBroadcast(std::shared_ptr<McpFlow> flow);

// The listing step shared by RunList and the calls that need a server's listing first (a
// session continued on a replica that has not seen it listed): `connect` re-decided for
// `servers`, the allowed ones' pages fetched and merged, every entry's verdict planned, the
// result recorded in the session catalog. `done` gets the merge (verdicts set), or the error to
// answer with (a bad cursor).
using ListingDone = std::function<void(std::variant<mcp::ListMerge, JsonRpcError> merge)>;
void ListServers(const std::shared_ptr<McpFlow>& flow, mcp::ListKind kind,
                 const boost::json::object* params, std::vector<std::string> servers,
                 ListingDone done);

}  // namespace portcullis::gateway::server
