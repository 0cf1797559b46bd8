// The decide and record steps of every hop together: asks the Decider (embedded or remote), then
// writes one decision-log line for the call (audit/decision_log.h, in Cerbos's checkResources
// shape plus the gateway's hop) and counts each decision in portcullis_decisions_total. Every
// hop decides through here, so no decision goes unaudited.
//
//   points.Decide(caller, {.hop = "mcp", .method = "tools/call"}, std::move(resources),
//                 [](std::vector<pdp::Decision> decisions) {...});
//
// Plans (tools/list visibility) are counted but not logged: they decide what is shown, and a
// call made afterwards is decided, and logged, on its own.
//
// `done` is called exactly once: on the thread of the context's loop when one is given (a
// decider that answers on a thread of its own, such as a remote one, is posted back to it; the
// embedded one answers inline, before Decide returns), else on whichever thread answered.
//
// Thread-safety: Decide and Plan may be called concurrently from any threads.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "audit/decision_log.h"
#include "gateway/server/gateway_metrics.h"
#include "identity/authenticator.h"
#include "net/event_loop.h"
#include "pdp/decider.h"

namespace portcullis::gateway::server {

// What the decision was asked for, for the log line.
struct DecisionContext {
  std::string hop;     // "mcp" or "llm"
  std::string method;  // "tools/call", "initialize", "/v1/chat/completions", ...
  audit::Peer peer;
  // The event loop of the request's worker: where `done` is called. Null: anywhere.
  net::EventLoop* loop = nullptr;
};

class DecisionPoint {
 public:
  // `log` may be null (decision_log: off). Both must outlive the DecisionPoint.
  DecisionPoint(pdp::Decider& decider, audit::DecisionLog* log, GatewayMetrics& metrics)
      : decider_(decider), log_(log), metrics_(metrics) {}

  void Decide(const identity::Authenticated& caller, DecisionContext context,
              std::vector<pdp::DecisionResource> resources, pdp::Decider::DecideDone done);

  // `loop` as DecisionContext::loop.
  void Plan(const identity::Authenticated& caller, std::span<const pdp::PlanQuery> queries,
            net::EventLoop* loop, pdp::Decider::PlanDone done);

 private:
  void Record(const identity::Authenticated& caller, DecisionContext context,
              std::vector<pdp::DecisionResource> resources,
              const std::vector<pdp::Decision>& decisions);

  pdp::Decider& decider_;
  audit::DecisionLog* log_;
  GatewayMetrics& metrics_;
};

}  // namespace portcullis::gateway::server
