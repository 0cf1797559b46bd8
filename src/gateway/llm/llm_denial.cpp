#include "gateway/llm/llm_denial.h"

#include <string>

#include <boost/json/object.hpp>

#include "gateway/mcp/message_text.h"

namespace portcullis::gateway::llm {
namespace {

namespace json = boost::json;

// The string member `key` of the first output value that has one.
std::string_view OutputString(const json::array& outputs, std::string_view key) {
  for (const json::value& output : outputs) {
    const json::object* entry = output.if_object();
    const json::value* value = entry ? entry->if_contains("val") : nullptr;
    const json::object* fields = value ? value->if_object() : nullptr;
    const json::value* member = fields ? fields->if_contains(key) : nullptr;
    if (member && member->is_string()) return member->get_string();
  }
  return {};
}

// `text` ending in a full stop (unless it ends in other final punctuation already).
std::string Sentence(std::string_view text) {
  std::string sentence(text);
  if (!sentence.empty() && sentence.back() != '.' && sentence.back() != '!' &&
      sentence.back() != '?') {
    sentence += '.';
  }
  return sentence;
}

std::string Reason(const pdp::Decision& decision) {
  if (decision.fail_closed) return decision.reason;
  if (std::string_view reason = OutputString(decision.outputs, "reason"); !reason.empty()) {
    return std::string(reason);
  }
  if (!decision.rule.empty()) {
    return "rule \"" + decision.rule + "\" of policy \"" + decision.policy + "\" denies it";
  }
  return "no policy rule allows it";
}

std::string Message(const pdp::DecisionResource& resource, std::string_view action,
                    const pdp::Decision& decision, std::string_view reason,
                    std::string_view remediation) {
  std::string what =
      std::string(action) + " on " + resource.kind + " " + mcp::QuoteForMessage(resource.id);
  if (decision.fail_closed) {
    return "Portcullis could not decide " + what +
           ", so it is denied (fail closed): " + Sentence(reason) +
           " Retry later, or ask the gateway's operator.";
  }
  std::string message = "Portcullis denied " + what + ": " + Sentence(reason);
  if (!remediation.empty()) message += " To proceed: " + Sentence(remediation);
  return message;
}

}  // namespace

LlmErrorResponse MakeDenial(LlmRoute route, const pdp::DecisionResource& resource,
                            std::string_view action, const pdp::Decision& decision) {
  std::string reason = Reason(decision);
  std::string_view remediation =
      decision.fail_closed ? std::string_view() : OutputString(decision.outputs, "remediation");
  std::string_view code = OutputString(decision.outputs, "code");
  if (code.empty()) code = decision.fail_closed ? "decision_unavailable" : "policy_denied";

  json::object fields;
  fields["decision_id"] = decision.id;
  fields["policy"] = decision.policy;
  fields["rule"] = decision.rule.empty() ? json::value() : json::value(decision.rule);
  fields["reason"] = reason;
  fields["remediation"] = remediation.empty() ? json::value() : json::value(remediation);
  fields["outputs"] = decision.outputs;
  fields["fail_closed"] = decision.fail_closed;
  return MakeLlmError(route, LlmErrorKind::kForbidden,
                      Message(resource, action, decision, reason, remediation), code, {}, fields);
}

std::optional<LlmErrorResponse> FindDenial(LlmRoute route,
                                           std::span<const pdp::DecisionResource> resources,
                                           std::span<const pdp::Decision> decisions) {
  size_t actions = 0;
  for (const pdp::DecisionResource& resource : resources) actions += resource.actions.size();
  if (actions == 0 || actions != decisions.size()) {
    pdp::Decision missing;
    missing.fail_closed = true;
    missing.reason = "the decision point answered " + std::to_string(decisions.size()) +
                     " decisions for " + std::to_string(actions) + " actions";
    pdp::DecisionResource unknown;
    unknown.kind = "request";
    unknown.id = LlmRoutePath(route);
    const pdp::DecisionResource& first = resources.empty() ? unknown : resources.front();
    std::string_view action = first.actions.empty() ? "invoke" : first.actions.front();
    return MakeDenial(route, first, action, missing);
  }
  size_t next = 0;
  for (const pdp::DecisionResource& resource : resources) {
    for (const std::string& action : resource.actions) {
      const pdp::Decision& decision = decisions[next++];
      if (!decision.allowed() || decision.fail_closed)
        return MakeDenial(route, resource, action, decision);
    }
  }
  return std::nullopt;
}

}  // namespace portcullis::gateway::llm
