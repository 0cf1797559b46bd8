#include "gateway/server/decision_point.h"

#include <memory>
#include <new>
#include <utility>

#include "gateway/server/gateway_decision_entry.h"

namespace portcullis::gateway::server {
namespace {

const boost::json::value* ClaimsOf(const identity::Authenticated& caller) {
  return caller.jwt_claims.is_object() ? &caller.jwt_claims : nullptr;
}

std::string_view PlanOutcome(const pdp::PlanAnswer& answer) {
  if (answer.fail_closed) return "FAIL_CLOSED";
  return answer.kind == policy::PlanKind::kAlwaysDenied ? "ALWAYS_DENIED" : "NOT_ALWAYS_DENIED";
}

// `done` wrapped so that it runs on `loop`'s thread (see the header).
template <typename Answers>
std::function<void(Answers)> OnLoop(net::EventLoop* loop, std::function<void(Answers)> done) {
  if (loop == nullptr) return done;
  return [loop, done = std::move(done)](Answers answers) mutable {
    if (loop->RunningInThisThread()) {
      done(std::move(answers));
      return;
    }
    loop->Post([done = std::move(done), answers = std::move(answers)]() mutable {
      done(std::move(answers));
    });
  };
}

}  // namespace

void DecisionPoint::Decide(const identity::Authenticated& caller, DecisionContext context,
                           std::vector<pdp::DecisionResource> resources,
                           pdp::Decider::DecideDone done) {
  // The resources are moved into the callback (for the log line) after the decider read them:
  // a decider answering later has copied what it needs (decider.h).
  auto owned = std::make_shared<std::vector<pdp::DecisionResource>>(std::move(resources));
  auto principal = std::make_shared<identity::Authenticated>(caller);
  done = OnLoop(context.loop, std::move(done));
  decider_.Decide(caller.principal, ClaimsOf(caller), *owned,
                  [this, owned, principal, context = std::move(context),
                   done = std::move(done)](std::vector<pdp::Decision> decisions) mutable {
                    Record(*principal, std::move(context), std::move(*owned), decisions);
                    done(std::move(decisions));
                  });
}

void DecisionPoint::Plan(const identity::Authenticated& caller,
                         std::span<const pdp::PlanQuery> queries, net::EventLoop* loop,
                         pdp::Decider::PlanDone done) {
  done = OnLoop(loop, std::move(done));
  decider_.Plan(caller.principal, ClaimsOf(caller), queries,
                [this, done = std::move(done)](std::vector<pdp::PlanAnswer> answers) {
                  for (const pdp::PlanAnswer& answer : answers) {
                    metrics_.decisions.Labels({"plan", PlanOutcome(answer)}).Increment();
                  }
                  done(std::move(answers));
                });
}

void DecisionPoint::Record(const identity::Authenticated& caller, DecisionContext context,
                           std::vector<pdp::DecisionResource> resources,
                           const std::vector<pdp::Decision>& decisions) {
  pdp::ForEachDecision(resources, decisions,
                       [this](const pdp::DecisionResource& resource, const std::string&,
                              const pdp::Decision& decision) {
                         std::string_view effect = decision.fail_closed ? "FAIL_CLOSED"
                                                   : decision.allowed() ? "EFFECT_ALLOW"
                                                                        : "EFFECT_DENY";
                         metrics_.decisions.Labels({resource.kind, effect}).Increment();
                       });
  if (log_ == nullptr) return;
  try {
    auto entry = std::make_unique<GatewayDecisionEntry>(
        std::move(context.hop), std::move(context.method), caller.principal, caller.jwt_claims,
        std::move(resources), decisions);
    entry->timestamp = std::chrono::system_clock::now();
    entry->peer = std::move(context.peer);
    log_->Submit(std::move(entry));
  } catch (const std::bad_alloc&) {
    log_->CountDropped();
  }
}

}  // namespace portcullis::gateway::server
