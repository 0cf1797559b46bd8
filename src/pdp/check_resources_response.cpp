// Writing the CheckResources response as Cerbos's protobuf JSON does: fields in declaration
// order, empty fields omitted, map entries (actions) sorted by key.
#include <algorithm>
#include <vector>

#include "pdp/cerbos_json.h"
#include "pdp/json_string.h"
#include "pdp/output_value_json.h"

namespace portcullis::pdp {
namespace {

// `"name":"text"` preceded by a comma unless first.
void AppendField(std::string_view name, std::string_view text, bool& first, std::string& out) {
  if (!first) out += ',';
  first = false;
  out += '"';
  out += name;
  out += "\":";
  AppendJsonString(text, out);
}

std::string_view EffectName(policy::Effect effect) {
  return effect == policy::Effect::kAllow ? "EFFECT_ALLOW" : "EFFECT_DENY";
}

void AppendResource(const policy::ResourceInput& resource, std::string& out) {
  out += "\"resource\":{";
  bool first = true;
  AppendField("id", resource.id, first, out);
  AppendField("kind", resource.kind, first, out);
  if (!resource.policy_version.empty())
    AppendField("policyVersion", resource.policy_version, first, out);
  if (!resource.scope.empty()) AppendField("scope", resource.scope, first, out);
  out += '}';
}

// Action indexes in the order protobuf JSON writes a map<string, ...>: by key.
std::vector<size_t> SortedActions(std::span<const std::string_view> actions) {
  std::vector<size_t> order(actions.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return actions[a] < actions[b]; });
  return order;
}

void AppendMeta(const policy::ResourceCheck& check, const policy::ResourceResult& result,
                const std::vector<size_t>& order, std::string& out) {
  out += ",\"meta\":{\"actions\":{";
  for (size_t n = 0; n < order.size(); ++n) {
    const policy::ActionDecision& decision = result.actions[order[n]];
    if (n > 0) out += ',';
    AppendJsonString(check.actions[order[n]], out);
    out += ":{";
    bool first = true;
    if (!decision.matched_policy.empty())
      AppendField("matchedPolicy", decision.matched_policy, first, out);
    if (!decision.matched_scope.empty())
      AppendField("matchedScope", decision.matched_scope, first, out);
    out += '}';
  }
  out += '}';
  if (!result.effective_derived_roles.empty()) {
    out += ",\"effectiveDerivedRoles\":[";
    for (size_t i = 0; i < result.effective_derived_roles.size(); ++i) {
      if (i > 0) out += ',';
      AppendJsonString(result.effective_derived_roles[i], out);
    }
    out += ']';
  }
  out += '}';
}

// false when a value cannot be written at all (NaN, infinity): Cerbos fails the request.
bool AppendOutputs(const std::vector<policy::OutputEntry>& outputs, std::string& out) {
  out += ",\"outputs\":[";
  std::string error;
  for (size_t i = 0; i < outputs.size(); ++i) {
    const policy::OutputEntry& entry = outputs[i];
    if (i > 0) out += ',';
    out += '{';
    bool first = true;
    AppendField("src", entry.src, first, out);
    error = entry.error;
    if (error.empty()) {
      size_t mark = out.size();
      out += ",\"val\":";
      switch (AppendOutputJson(entry.value, out, error)) {
        case OutputJsonStatus::kOk:
          break;
        case OutputJsonStatus::kUnconvertible:
          out.resize(mark);
          break;
        case OutputJsonStatus::kNotFinite:
          return false;
      }
    }
    AppendField("action", entry.action, first, out);
    if (!error.empty()) AppendField("error", error, first, out);
    out += '}';
  }
  out += ']';
  return true;
}

// The size of an answer without its results, and per result with a few actions (generous, so
// that the output string is not grown several times).
constexpr size_t kFixedBytes = 128;
constexpr size_t kBytesPerResource = 256;

}  // namespace

RenderedResponse RenderCheckResourcesResponse(const CheckResourcesRequest& request,
                                              const policy::CheckOutput& output, bool include_meta,
                                              std::string_view call_id) {
  const policy::CheckInput& input = request.input();
  std::string out;
  // Enough for the answer of a usual request in one allocation.
  out.reserve(kFixedBytes + kBytesPerResource * input.resources.size());
  out += '{';
  bool first = true;
  if (!request.request_id().empty()) AppendField("requestId", request.request_id(), first, out);
  if (!first) out += ',';
  out += "\"results\":[";
  for (size_t r = 0; r < input.resources.size(); ++r) {
    const policy::ResourceCheck& check = input.resources[r];
    const policy::ResourceResult& result = output.results[r];
    if (r > 0) out += ',';
    out += '{';
    AppendResource(check.resource, out);
    std::vector<size_t> order = SortedActions(check.actions);
    out += ",\"actions\":{";
    for (size_t n = 0; n < order.size(); ++n) {
      if (n > 0) out += ',';
      AppendJsonString(check.actions[order[n]], out);
      out += ':';
      AppendJsonString(EffectName(result.actions[order[n]].effect), out);
    }
    out += '}';
    if (include_meta) AppendMeta(check, result, order, out);
    if (!result.outputs.empty() && !AppendOutputs(result.outputs, out)) {
      ApiError error;
      error.http_status = 500;
      error.code = 2;
      error.message = "proto: google.protobuf.Value.number_value: invalid NaN value";
      return {std::string(), std::move(error)};
    }
    out += '}';
  }
  out += "],";
  bool unused = true;
  AppendField("cerbosCallId", call_id, unused, out);
  out += '}';
  return {std::move(out), std::nullopt};
}

}  // namespace portcullis::pdp
