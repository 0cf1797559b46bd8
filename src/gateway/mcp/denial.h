// The answer to an MCP request the policy decision did not allow: a JSON-RPC error written for
// the agent (an LLM) to act on.
//
// Codes (JSON-RPC's implementation-defined server range; -32000 is taken by the TypeScript SDK
// for transport errors, -32001 is its request timeout and -32002 MCP's "resource not found"):
//   kMcpDeniedByPolicy (-32003)       a policy denied the request: retrying it unchanged is denied
//                                     again; the remediation says what to do instead.
//   kMcpDecisionUnavailable (-32004)  no decision could be made (engine error, PDP down or timed
//                                     out): denied to stay safe (fail closed), not judged on its
//                                     merits; retrying later may succeed.
//
// `message` is sentences an LLM can act on: what was denied, why (the reason), what to do (the
// remediation), whether to retry. `data` carries the same for programs:
//   {"decisionId", "policy", "rule", "reason", "remediation", "outputs", "failClosed"}
// where `remediation` is the value of the first policy output that is either an object with a
// `remediation`, `reason` or `code` member, or not an object at all (null without outputs), and
// `outputs` all outputs as the decision has them ([{"src", "val"}]). `reason` is the decision's
// own reason when it has one (fail-closed), else the remediation object's `reason`, else a
// sentence naming what decided (no matching policy, or the policy and rule).
//
// tools/call is denied with this JSON-RPC error too, not with a tool result marked isError. A
// denial is not a tool failure: the tool never ran, and isError results are meant for errors the
// model fixes by changing its input and retrying (MCP 2025-11-25), which a denial usually is not.
// A JSON-RPC error stops the call in every client, carries the structured `data` a host can show
// or log, and its `message` already holds the reason and remediation for hosts that hand the model
// only the message.
//
// Thread-safety: reentrant.
#pragma once

#include <cstdint>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "gateway/jsonrpc.h"
#include "pdp/decision.h"

namespace portcullis::gateway::mcp {

inline constexpr int64_t kMcpDeniedByPolicy = -32003;
inline constexpr int64_t kMcpDecisionUnavailable = -32004;

// The output value a denial takes its remediation from (see above), or null.
const boost::json::value* RemediationOutput(const boost::json::array& outputs);

// The error for `decision` (REQUIRES: not allowed) denying `method` ("tools/call", "initialize",
// ...) on `target`, what the request named as the client sent it (a prefixed tool name, a URI, a
// server name), answering request `request_id`.
JsonRpcError MakeDenial(const pdp::Decision& decision, std::string_view method,
                        std::string_view target, const boost::json::value& request_id);

}  // namespace portcullis::gateway::mcp
