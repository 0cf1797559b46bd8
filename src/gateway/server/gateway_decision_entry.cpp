#include "gateway/server/gateway_decision_entry.h"

#include <string_view>
#include <utility>

namespace portcullis::gateway::server {
namespace {

std::string_view EffectName(const pdp::Decision& decision) {
  return decision.allowed() ? "EFFECT_ALLOW" : "EFFECT_DENY";
}

}  // namespace

GatewayDecisionEntry::GatewayDecisionEntry(std::string hop, std::string method,
                                           identity::Principal principal,
                                           boost::json::value jwt_claims,
                                           std::vector<pdp::DecisionResource> resources,
                                           std::vector<pdp::Decision> decisions)
    : hop_(std::move(hop)),
      method_(std::move(method)),
      principal_(std::move(principal)),
      jwt_claims_(std::move(jwt_claims)),
      resources_(std::move(resources)),
      decisions_(std::move(decisions)) {
  if (!decisions_.empty()) call_id = decisions_.front().id;
}

void GatewayDecisionEntry::WriteMembers(audit::JsonWriter& json) const {
  json.Key("checkResources");
  json.BeginObject();
  WriteInputs(json);
  WriteOutputs(json);
  json.EndObject();
  WriteGateway(json);
}

void GatewayDecisionEntry::WritePrincipal(audit::JsonWriter& json) const {
  json.Key("principal");
  json.BeginObject();
  json.Member("id", principal_.id);
  json.Key("roles");
  json.BeginArray();
  for (const std::string& role : principal_.roles) json.String(role);
  json.EndArray();
  json.Key("attr");
  json.Json(principal_.attr);
  json.EndObject();
}

void GatewayDecisionEntry::WriteInputs(audit::JsonWriter& json) const {
  json.Key("inputs");
  json.BeginArray();
  for (const pdp::DecisionResource& resource : resources_) {
    json.BeginObject();
    json.Member("requestId", call_id);
    WritePrincipal(json);
    json.Key("resource");
    json.BeginObject();
    json.Member("kind", resource.kind);
    json.Member("id", resource.id);
    json.Key("attr");
    json.Json(resource.attr);
    json.EndObject();
    json.Key("actions");
    json.BeginArray();
    for (const std::string& action : resource.actions) json.String(action);
    json.EndArray();
    if (jwt_claims_.is_object()) {
      json.Key("auxData");
      json.BeginObject();
      json.Key("jwt");
      json.Json(jwt_claims_);
      json.EndObject();
    }
    json.EndObject();
  }
  json.EndArray();
}

void GatewayDecisionEntry::WriteOutputs(audit::JsonWriter& json) const {
  json.Key("outputs");
  json.BeginArray();
  size_t next = 0;
  for (const pdp::DecisionResource& resource : resources_) {
    json.BeginObject();
    json.Member("requestId", call_id);
    json.Member("resourceId", resource.id);
    json.Key("actions");
    json.BeginObject();
    boost::json::array outputs;
    for (const std::string& action : resource.actions) {
      if (next >= decisions_.size()) break;
      const pdp::Decision& decision = decisions_[next++];
      json.Key(action);
      json.BeginObject();
      json.Member("effect", EffectName(decision));
      json.Member("policy", decision.policy);
      json.EndObject();
      for (const boost::json::value& output : decision.outputs) outputs.push_back(output);
    }
    json.EndObject();
    if (!outputs.empty()) {
      json.Key("outputs");
      json.Json(outputs);
    }
    json.EndObject();
  }
  json.EndArray();
}

void GatewayDecisionEntry::WriteGateway(audit::JsonWriter& json) const {
  json.Key("gateway");
  json.BeginObject();
  json.Member("hop", hop_);
  json.Member("method", method_);
  json.Key("decisions");
  json.BeginArray();
  pdp::ForEachDecision(resources_, decisions_,
                       [&json](const pdp::DecisionResource& resource, const std::string& action,
                               const pdp::Decision& decision) {
                         json.BeginObject();
                         json.Member("id", decision.id);
                         json.Member("resource", resource.kind + ":" + resource.id);
                         json.Member("action", action);
                         json.Member("effect", EffectName(decision));
                         if (!decision.rule.empty()) json.Member("rule", decision.rule);
                         if (decision.fail_closed) {
                           json.Key("failClosed");
                           json.Raw("true");
                         }
                         if (!decision.reason.empty()) json.Member("reason", decision.reason);
                         json.EndObject();
                       });
  json.EndArray();
  json.EndObject();
}

}  // namespace portcullis::gateway::server
