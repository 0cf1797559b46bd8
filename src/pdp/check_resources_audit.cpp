#include "pdp/check_resources_audit.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <set>
#include <string_view>
#include <utility>

#include "pdp/output_value_json.h"

namespace portcullis::pdp {
namespace {

constexpr std::string_view kNoMatch = "NO_MATCH";

std::string Lowercase(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

bool Contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The address of "address:port" / "[v6 address]:port".
std::string_view HostOf(std::string_view peer) {
  size_t colon = peer.rfind(':');
  std::string_view host = colon == std::string_view::npos ? peer : peer.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return host;
}

bool HasAttributes(const boost::json::value* attr) {
  return attr && attr->is_object() && !attr->get_object().empty();
}

void WriteAttributes(const boost::json::value* attr, audit::JsonWriter& json) {
  if (!HasAttributes(attr)) return;
  json.Key("attr");
  json.Json(*attr);
}

void WriteOptional(std::string_view name, std::string_view text, audit::JsonWriter& json) {
  if (!text.empty()) json.Member(name, text);
}

void WritePrincipal(const policy::PrincipalInput& principal, audit::JsonWriter& json) {
  json.Key("principal");
  json.BeginObject();
  json.Member("id", principal.id);
  WriteOptional("policyVersion", principal.policy_version, json);
  json.Key("roles");
  json.BeginArray();
  for (std::string_view role : principal.roles) json.String(role);
  json.EndArray();
  WriteAttributes(principal.attr, json);
  WriteOptional("scope", principal.scope, json);
  json.EndObject();
}

void WriteResource(const policy::ResourceInput& resource, audit::JsonWriter& json) {
  json.Key("resource");
  json.BeginObject();
  json.Member("kind", resource.kind);
  WriteOptional("policyVersion", resource.policy_version, json);
  json.Member("id", resource.id);
  WriteAttributes(resource.attr, json);
  WriteOptional("scope", resource.scope, json);
  json.EndObject();
}

void WriteOutputEntry(const policy::OutputEntry& entry, audit::JsonWriter& json) {
  json.BeginObject();
  json.Member("src", entry.src);
  json.Member("action", entry.action);
  std::string error = entry.error;
  if (error.empty()) {
    std::string value;
    if (AppendOutputJson(entry.value, value, error) == OutputJsonStatus::kOk) {
      json.Key("val");
      json.Raw(value);
    } else if (error.empty()) {
      error = "the value is not a finite number";
    }
  }
  if (!error.empty()) json.Member("error", error);
  json.EndObject();
}

// The id of the policy `policy_id`'s kind and name has in `scope`: the policy id without its
// scope (scopes have no '/'), then "/scope" unless unscoped.
std::string InScope(std::string_view policy_id, std::string_view scope) {
  size_t slash = policy_id.rfind('/');
  std::string id(slash == std::string_view::npos ? policy_id : policy_id.substr(0, slash));
  if (!scope.empty()) {
    id += '/';
    id += scope;
  }
  return id;
}

}  // namespace

CheckResourcesDecision::CheckResourcesDecision(std::unique_ptr<const CheckResourcesRequest> request,
                                               policy::CheckOutput output,
                                               const policy::PolicySources* sources,
                                               std::shared_ptr<const void> keep_alive)
    : request_(std::move(request)),
      output_(std::move(output)),
      sources_(sources),
      keep_alive_(std::move(keep_alive)) {}

void CheckResourcesDecision::WriteMembers(audit::JsonWriter& json) const {
  json.Key("checkResources");
  json.BeginObject();
  WriteInputs(json);
  WriteOutputs(json);
  json.EndObject();
  WriteAuditTrail(json);
}

void CheckResourcesDecision::WriteInputs(audit::JsonWriter& json) const {
  const policy::CheckInput& input = request_->input();
  json.Key("inputs");
  json.BeginArray();
  for (const policy::ResourceCheck& check : input.resources) {
    json.BeginObject();
    WriteOptional("requestId", request_->request_id(), json);
    WritePrincipal(input.principal, json);
    WriteResource(check.resource, json);
    json.Key("actions");
    json.BeginArray();
    for (std::string_view action : check.actions) json.String(action);
    json.EndArray();
    // The claims the decision saw; the token itself never reaches CheckInput.
    if (input.jwt_claims) {
      json.Key("auxData");
      json.BeginObject();
      json.Key("jwt");
      json.Json(*input.jwt_claims);
      json.EndObject();
    }
    json.EndObject();
  }
  json.EndArray();
}

void CheckResourcesDecision::WriteOutputs(audit::JsonWriter& json) const {
  const policy::CheckInput& input = request_->input();
  json.Key("outputs");
  json.BeginArray();
  for (size_t r = 0; r < input.resources.size(); ++r) {
    const policy::ResourceCheck& check = input.resources[r];
    const policy::ResourceResult& result = output_.results[r];
    json.BeginObject();
    WriteOptional("requestId", request_->request_id(), json);
    json.Member("resourceId", check.resource.id);
    json.Key("actions");
    json.BeginObject();
    for (size_t a = 0; a < check.actions.size(); ++a) {
      const policy::ActionDecision& decision = result.actions[a];
      json.Key(check.actions[a]);
      json.BeginObject();
      json.Member("effect",
                  decision.effect == policy::Effect::kAllow ? "EFFECT_ALLOW" : "EFFECT_DENY");
      WriteOptional("policy", decision.matched_policy, json);
      WriteOptional("scope", decision.matched_scope, json);
      json.EndObject();
    }
    json.EndObject();
    if (!result.effective_derived_roles.empty()) {
      json.Key("effectiveDerivedRoles");
      json.BeginArray();
      for (std::string_view role : result.effective_derived_roles) json.String(role);
      json.EndArray();
    }
    if (!result.outputs.empty()) {
      json.Key("outputs");
      json.BeginArray();
      for (const policy::OutputEntry& entry : result.outputs) WriteOutputEntry(entry, json);
      json.EndArray();
    }
    if (!result.evaluation_errors.empty()) {
      json.Key("evaluationErrors");
      json.BeginArray();
      for (const policy::EvaluationError& error : result.evaluation_errors) {
        json.BeginObject();
        json.Key("celError");
        json.BeginObject();
        json.Member("expression", error.expression);
        json.Member("message", error.message);
        json.EndObject();
        json.EndObject();
      }
      json.EndArray();
    }
    json.EndObject();
  }
  json.EndArray();
}

void CheckResourcesDecision::WriteAuditTrail(audit::JsonWriter& json) const {
  std::set<std::string> effective;  // sorted, unique
  for (const policy::ResourceResult& result : output_.results) {
    for (const policy::ActionDecision& decision : result.actions) {
      if (decision.matched_policy.empty() || decision.matched_policy == kNoMatch) continue;
      if (decision.effect == policy::Effect::kAllow || !decision.matched_scope.empty())
        effective.insert(InScope(decision.matched_policy, decision.matched_scope));
    }
    for (const policy::OutputEntry& entry : result.outputs)
      effective.emplace(entry.src.substr(0, entry.src.find('#')));
  }
  std::vector<const policy::PolicySources::value_type*> named;  // (id, file)
  for (const std::string& id : effective) {
    if (!sources_) break;
    if (auto source = sources_->find(id); source != sources_->end()) named.push_back(&*source);
  }
  json.Key("auditTrail");
  json.BeginObject();
  if (!named.empty()) {
    json.Key("effectivePolicies");
    json.BeginObject();
    for (const auto* policy : named) {
      json.Key(policy->first);
      json.BeginObject();
      json.Key("attributes");
      json.BeginObject();
      json.Member("driver", "disk");
      json.Member("source", policy->second);
      json.EndObject();
      json.EndObject();
    }
    json.EndObject();
  }
  json.EndObject();
}

CheckResourcesAuditor::CheckResourcesAuditor(audit::DecisionLog& log, CheckAuditOptions options)
    : log_(log), options_(std::move(options)) {
  for (auto* keys : {&options_.include_metadata_keys, &options_.exclude_metadata_keys}) {
    for (std::string& key : *keys) key = Lowercase(key);
  }
}

void CheckResourcesAuditor::Record(const net::HttpRequest& http,
                                   std::unique_ptr<const CheckResourcesRequest> request,
                                   policy::CheckOutput& output, std::string call_id,
                                   const policy::PolicySources* sources,
                                   std::shared_ptr<const void> keep_alive) const {
  if (options_.ignore_allow_all) {
    bool any_deny = std::any_of(output.results.begin(), output.results.end(), [](const auto& r) {
      return std::any_of(r.actions.begin(), r.actions.end(),
                         [](const auto& a) { return a.effect == policy::Effect::kDeny; });
    });
    if (!any_deny) return;
  }
  // The answer is sent whatever happens here: an entry that cannot be built is a dropped one.
  try {
    // Output values may view the evaluation's per-thread memory: the writer gets copies that
    // share nothing borrowed.
    for (policy::ResourceResult& result : output.results) {
      for (policy::OutputEntry& entry : result.outputs) entry.value = entry.value.own();
    }
    auto entry = std::make_unique<CheckResourcesDecision>(
        std::move(request), std::exchange(output, policy::CheckOutput()), sources,
        std::move(keep_alive));
    entry->call_id = std::move(call_id);
    entry->timestamp = std::chrono::system_clock::now();
    DescribeCaller(http, *entry);
    log_.Submit(std::move(entry));
  } catch (const std::exception&) {
    log_.CountDropped();
  }
}

void CheckResourcesAuditor::DescribeCaller(const net::HttpRequest& http,
                                           audit::DecisionEntry& entry) const {
  audit::Peer& peer = entry.peer;
  peer.address = http.peer();
  if (auto user_agent = http.header("user-agent")) peer.user_agent = *user_agent;
  // As grpc-gateway forwards it to Cerbos: the X-Forwarded-For chain, then the peer.
  std::string_view host = HostOf(http.peer());
  if (auto forwarded = http.header("x-forwarded-for")) {
    peer.forwarded_for = *forwarded;
    if (!host.empty()) peer.forwarded_for.append(", ").append(host);
  } else {
    peer.forwarded_for = host;
  }

  const auto& include = options_.include_metadata_keys;
  const auto& exclude = options_.exclude_metadata_keys;
  if (include.empty() && exclude.empty()) return;
  http.ForEachHeader([&](std::string_view name, std::string_view value) {
    std::string key = Lowercase(name);
    if (key == "authorization" || Contains(exclude, key)) return;
    if (!include.empty() && !Contains(include, key)) return;
    auto it = std::find_if(entry.metadata.begin(), entry.metadata.end(),
                           [&](const auto& item) { return item.first == key; });
    if (it == entry.metadata.end()) {
      entry.metadata.emplace_back(std::move(key), std::vector<std::string>{std::string(value)});
    } else {
      it->second.emplace_back(value);
    }
  });
}

}  // namespace portcullis::pdp
