// Structured denials of the LLM hop: HTTP 403 in the error shape of the route's API
// (llm_error.h), written so that the agent — an LLM — can read why and what to do instead:
//
//   OpenAI    {"error": {"message": "...", "type": "request_forbidden", "param": null,
//              "code": "model_tier_not_allowed", <fields>}}
//   Anthropic {"type": "error", "error": {"type": "permission_error", "message": "...",
//              "code": "model_tier_not_allowed", <fields>}}
//
// <fields>, the same in both:
//   decision_id  the decision's id (also in the audit line)
//   policy, rule the policy and rule that decided (rule null when no rule did)
//   reason       why: the decision's reason when it failed closed, else the policy outputs'
//                `reason`, else a sentence naming the rule, or saying that no rule allows it
//   remediation  what to do instead, from the policy outputs' `remediation`; null when none
//   outputs      the decision's policy outputs as Cerbos reports them ([{"src", "val"}])
//   fail_closed  true when no decision could be made and the request is denied for that
// The outputs read are values that are objects with `code`, `reason` or `remediation` string
// members (the quickstart policies' convention); the first output having each key gives it.
// `code` is the outputs' code, else "policy_denied", or "decision_unavailable" when failed closed.
// The message says what was denied, the reason and the remediation in sentences.
//
// Thread-safety: reentrant.
#pragma once

#include <optional>
#include <span>

#include "gateway/llm/llm_error.h"
#include "gateway/llm/llm_route.h"
#include "pdp/decision.h"

namespace portcullis::gateway::llm {

// The 403 for `decision`, which denied `action` on `resource`.
LlmErrorResponse MakeDenial(LlmRoute route, const pdp::DecisionResource& resource,
                            std::string_view action, const pdp::Decision& decision);

// The 403 for the first denied action of `resources` given their `decisions` (one per action of
// each resource, in order, as pdp::Decider answers), or nullopt when every action is allowed.
// Decisions that do not match the resources one to one are a fail-closed denial.
std::optional<LlmErrorResponse> FindDenial(LlmRoute route,
                                           std::span<const pdp::DecisionResource> resources,
                                           std::span<const pdp::Decision> decisions);

}  // namespace portcullis::gateway::llm
