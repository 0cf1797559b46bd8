#include "gateway/mcp/denial.h"

#include <array>
#include <string>

#include <boost/json/object.hpp>

#include "gateway/mcp/message_text.h"

namespace portcullis::gateway::mcp {
namespace {

namespace json = boost::json;

// Policy-written text put into a message is cut here.
constexpr size_t kMaxPolicyTextBytes = 1024;
constexpr std::array<std::string_view, 3> kRemediationKeys = {"remediation", "reason", "code"};

// A string member of `value` when it is an object holding one.
std::string_view StringMember(const json::value* value, std::string_view name) {
  const json::object* object = value != nullptr ? value->if_object() : nullptr;
  const json::value* member = object != nullptr ? object->if_contains(name) : nullptr;
  return member != nullptr && member->is_string() ? std::string_view(member->get_string())
                                                  : std::string_view();
}

std::string Reason(const pdp::Decision& decision, const json::value* remediation) {
  if (!decision.reason.empty()) return decision.reason;
  std::string_view from_output = StringMember(remediation, "reason");
  if (!from_output.empty()) return std::string(from_output);
  if (decision.policy.empty() || decision.policy == "NO_MATCH") {
    return "no policy covers this request";
  }
  if (decision.rule.empty()) return "no rule of policy " + decision.policy + " allows it";
  return "rule " + decision.rule + " of policy " + decision.policy + " denies it";
}

// What the agent should do, from the remediation output: its `remediation` member, or the value
// itself when it is a string.
std::string_view Advice(const json::value* remediation) {
  if (remediation != nullptr && remediation->is_string()) return remediation->get_string();
  return StringMember(remediation, "remediation");
}

// `text` as one sentence of a message: shortened, ending with a full stop.
std::string Sentence(std::string_view text) {
  std::string sentence = ShortenUtf8(text, kMaxPolicyTextBytes);
  char last = sentence.empty() ? '.' : sentence.back();
  if (last != '.' && last != '!' && last != '?') sentence += '.';
  return sentence;
}

}  // namespace

const json::value* RemediationOutput(const json::array& outputs) {
  for (const json::value& output : outputs) {
    const json::object* entry = output.if_object();
    const json::value* value = entry != nullptr ? entry->if_contains("val") : nullptr;
    if (value == nullptr) continue;
    const json::object* object = value->if_object();
    if (object == nullptr) return value;
    for (std::string_view key : kRemediationKeys) {
      if (object->contains(key)) return value;
    }
  }
  return nullptr;
}

JsonRpcError MakeDenial(const pdp::Decision& decision, std::string_view method,
                        std::string_view target, const json::value& request_id) {
  const json::value* remediation = RemediationOutput(decision.outputs);
  std::string reason = Reason(decision, remediation);
  std::string what = std::string(method) + " " + QuoteForMessage(target);
  std::string message;
  if (decision.fail_closed) {
    message = "No policy decision could be made for " + what +
              ", so the gateway denied it to stay safe; it was not judged on its merits. "
              "Retrying later may succeed; if this persists, report decision " +
              decision.id + " to an operator.";
  } else {
    message = "Denied by policy: " + what + " is not allowed for you. Reason: " + Sentence(reason);
    std::string_view advice = Advice(remediation);
    if (!advice.empty()) message += " What to do instead: " + Sentence(advice);
    message += " Retrying the same request will be denied again.";
  }
  json::object data{{"decisionId", decision.id},
                    {"policy", decision.policy},
                    {"rule", decision.rule},
                    {"reason", reason},
                    {"remediation", remediation != nullptr ? *remediation : json::value()},
                    {"outputs", decision.outputs},
                    {"failClosed", decision.fail_closed}};
  return JsonRpcError{decision.fail_closed ? kMcpDecisionUnavailable : kMcpDeniedByPolicy,
                      std::move(message), request_id, json::value(std::move(data))};
}

}  // namespace portcullis::gateway::mcp
