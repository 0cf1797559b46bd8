// The gateway's decide step: the one interface every hop asks for a decision, whichever policy
// decision point answers it (the embedded engine, embedded_decider.h; a remote PDP later).
//
//   decider.Decide(principal, &jwt_claims, resources, [&](std::vector<Decision> decisions) {
//     // one Decision per (resource, action): resources in order, each resource's actions in order
//   });
//
// Both calls are asynchronous-capable: the answer comes through `done`, which is called exactly
// once, possibly before the call returns (the embedded decider) or later on another thread (a
// remote one). An implementation never reports an error any other way: when it cannot decide
// (no policies, engine failure, PDP unreachable, timeout), every answer is a DENY marked
// fail_closed (for plans: ALWAYS_DENIED marked fail_closed), with the reason.
//
// Lifetimes: the arguments need only stay valid until Decide / Plan returns; an implementation
// that answers later copies what it needs. The vectors handed to `done` are owned by it.
//
// Thread-safety: Decide and Plan may be called concurrently from any number of threads.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "identity/principal.h"
#include "pdp/decision.h"
#include "policy/plan.h"

namespace portcullis::pdp {

// One "may this action be allowed at all?" question: a resource whose attributes are partly
// unknown (e.g. a tool's arguments before any call, for tools/list).
struct PlanQuery {
  std::string kind;
  std::string id;
  boost::json::object attr;  // the known attributes (R.attr)
  std::string action;
  // The unknown attributes as conditions name them, e.g. "R.attr.args".
  std::vector<std::string> unknown_attributes;
};

struct PlanAnswer {
  policy::PlanKind kind = policy::PlanKind::kAlwaysDenied;
  // Set when no answer could be computed: `kind` is then ALWAYS_DENIED and `reason` says why.
  bool fail_closed = false;
  std::string reason;
};

class Decider {
 public:
  using DecideDone = std::function<void(std::vector<Decision> decisions)>;
  using PlanDone = std::function<void(std::vector<PlanAnswer> answers)>;

  virtual ~Decider() = default;

  // Decides every action of every resource for `principal`. `jwt_claims` are the verified claims
  // of the principal's token (`request.auxData.jwt`), or null. `done` receives one Decision per
  // (resource, action), resource-major, in request order.
  virtual void Decide(const identity::Principal& principal, const boost::json::value* jwt_claims,
                      std::span<const DecisionResource> resources, DecideDone done) = 0;

  // Answers every query for `principal`; `done` receives one PlanAnswer per query, in order.
  virtual void Plan(const identity::Principal& principal, const boost::json::value* jwt_claims,
                    std::span<const PlanQuery> queries, PlanDone done) = 0;
};

}  // namespace portcullis::pdp
