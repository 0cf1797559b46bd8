// Test support for the engine tests: compiling a fixture directory, turning a Cerbos
// CheckResources request (JSON) into a CheckInput, and a CheckOutput into the Cerbos response
// JSON (with includeMeta), so that each test states the request it sends and the exact response
// the real Cerbos 0.55.0 returned for it.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "policy/compiler.h"
#include "policy/engine.h"
#include "policy/loader.h"
#include "policy/value_json.h"

namespace portcullis::policy::engine_testing {

inline const std::filesystem::path kEngineTestData =
    std::filesystem::path(PORTCULLIS_TEST_DATA) / "engine";

// Loads and compiles testdata/engine/<name>; fails the test on any error.
inline std::shared_ptr<const PolicySet> CompileFixture(const std::string& name,
                                                       const EngineOptions& options = {}) {
  PolicyDirectory dir = LoadPolicyDirectory(kEngineTestData / name);
  EXPECT_EQ(FormatErrors(dir.errors), "");
  CompiledPolicies compiled = CompilePolicies(dir, options);
  EXPECT_EQ(FormatErrors(compiled.errors), "");
  return compiled.policy_set;
}

// The engine options of the fixtures' Cerbos configurations.
inline EngineOptions StrictOptions() {  // engine: {strictEvaluation: true}
  EngineOptions options;
  options.strict_evaluation = true;
  return options;
}
inline EngineOptions LenientOptions() {  // engine: {lenientScopeSearch: true}
  EngineOptions options;
  options.lenient_scope_search = true;
  return options;
}
inline EngineOptions DefaultsOptions() {  // engine: {defaultPolicyVersion: v2, defaultScope: a}
  EngineOptions options;
  options.default_policy_version = "v2";
  options.default_scope = "a";
  return options;
}
inline EngineOptions GlobalsOptions() {  // engine: {globals: {env: prod}}
  EngineOptions options;
  options.globals["env"] = "prod";
  return options;
}

// A CheckResources request parsed into a CheckInput that views it.
class ParsedRequest {
 public:
  explicit ParsedRequest(std::string_view json) : json_(boost::json::parse(json)) {
    const boost::json::object& request = json_.as_object();
    const boost::json::object& principal = request.at("principal").as_object();
    input_.principal.id = Str(principal, "id");
    for (const boost::json::value& role : principal.at("roles").as_array()) {
      roles_.push_back(role.as_string());
    }
    input_.principal.roles = roles_;
    input_.principal.attr = principal.if_contains("attr");
    input_.principal.policy_version = Str(principal, "policyVersion");
    input_.principal.scope = Str(principal, "scope");
    const boost::json::array& resources = request.at("resources").as_array();
    actions_.resize(resources.size());
    for (size_t i = 0; i < resources.size(); ++i) {
      const boost::json::object& entry = resources[i].as_object();
      const boost::json::object& resource = entry.at("resource").as_object();
      for (const boost::json::value& action : entry.at("actions").as_array()) {
        actions_[i].push_back(action.as_string());
      }
      ResourceCheck check;
      check.resource.kind = Str(resource, "kind");
      check.resource.id = Str(resource, "id");
      check.resource.attr = resource.if_contains("attr");
      check.resource.policy_version = Str(resource, "policyVersion");
      check.resource.scope = Str(resource, "scope");
      check.actions = actions_[i];
      checks_.push_back(check);
    }
    input_.resources = checks_;
  }
  ParsedRequest(const ParsedRequest&) = delete;

  CheckInput& input() { return input_; }
  const boost::json::object& json() const { return json_.as_object(); }

 private:
  static std::string_view Str(const boost::json::object& o, std::string_view key) {
    const boost::json::value* v = o.if_contains(key);
    return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
  }

  boost::json::value json_;
  std::vector<std::string_view> roles_;
  std::vector<std::vector<std::string_view>> actions_;
  std::vector<ResourceCheck> checks_;
  CheckInput input_;
};

inline std::string_view EffectName(Effect effect) {
  return effect == Effect::kAllow ? "EFFECT_ALLOW" : "EFFECT_DENY";
}

// The Cerbos CheckResources response for `request`, without cerbosCallId.
inline boost::json::value ResponseJson(const ParsedRequest& request, const CheckOutput& output) {
  boost::json::object response;
  if (const boost::json::value* id = request.json().if_contains("requestId")) {
    response["requestId"] = *id;
  }
  boost::json::array results;
  const boost::json::array& resources = request.json().at("resources").as_array();
  for (size_t i = 0; i < output.results.size(); ++i) {
    const ResourceResult& result = output.results[i];
    const boost::json::object& entry = resources[i].as_object();
    boost::json::object resource;
    for (std::string_view key : {"id", "kind", "policyVersion", "scope"}) {
      const boost::json::value* v = entry.at("resource").as_object().if_contains(key);
      if (v && !v->as_string().empty()) resource[key] = *v;
    }
    boost::json::object actions, meta_actions;
    const boost::json::array& action_names = entry.at("actions").as_array();
    for (size_t a = 0; a < action_names.size(); ++a) {
      std::string_view name = action_names[a].as_string();
      const ActionDecision& decision = result.actions[a];
      actions[name] = EffectName(decision.effect);
      boost::json::object meta;
      meta["matchedPolicy"] = decision.matched_policy;
      if (!decision.matched_scope.empty()) meta["matchedScope"] = decision.matched_scope;
      meta_actions[name] = std::move(meta);
    }
    boost::json::object meta;
    meta["actions"] = std::move(meta_actions);
    if (!result.effective_derived_roles.empty()) {
      boost::json::array roles;
      for (std::string_view role : result.effective_derived_roles) roles.emplace_back(role);
      meta["effectiveDerivedRoles"] = std::move(roles);
    }
    boost::json::object out;
    out["resource"] = std::move(resource);
    out["actions"] = std::move(actions);
    const boost::json::value* include_meta = request.json().if_contains("includeMeta");
    if (include_meta && include_meta->is_bool() && include_meta->get_bool()) {
      out["meta"] = std::move(meta);
    }
    if (!result.outputs.empty()) {
      boost::json::array outputs;
      for (const OutputEntry& o : result.outputs) {
        boost::json::object item;
        item["src"] = o.src;
        if (o.error.empty()) {
          std::optional<boost::json::value> val = ValueToJson(o.value);
          item["val"] = val ? *val : boost::json::value("<failed to convert>");
        }
        item["action"] = o.action;
        if (!o.error.empty()) item["error"] = o.error;
        outputs.push_back(std::move(item));
      }
      out["outputs"] = std::move(outputs);
    }
    results.push_back(std::move(out));
  }
  response["results"] = std::move(results);
  return response;
}

// Checks `request` (CheckResources JSON) against `policies`; returns the response JSON.
inline boost::json::value CheckJson(const PolicySet& policies, std::string_view request) {
  ParsedRequest parsed(request);
  CheckOutput output = Engine::Check(policies, parsed.input());
  return ResponseJson(parsed, output);
}

// Makes every JSON number a double (Cerbos's values are protobuf doubles; the expected texts
// write 100 where the engine produces 100.0).
inline void NumbersAsDoubles(boost::json::value& v) {
  if (v.is_int64()) {
    v = static_cast<double>(v.get_int64());
  } else if (v.is_uint64()) {
    v = static_cast<double>(v.get_uint64());
  } else if (v.is_array()) {
    for (boost::json::value& element : v.get_array()) NumbersAsDoubles(element);
  } else if (v.is_object()) {
    for (auto& entry : v.get_object()) NumbersAsDoubles(entry.value());
  }
}

// Expects the engine's response to `request` to equal `expected` (object key order ignored;
// effectiveDerivedRoles compared as given: the engine sorts them).
inline void ExpectResponse(const PolicySet& policies, std::string_view request,
                           std::string_view expected) {
  boost::json::value actual = CheckJson(policies, request);
  boost::json::value want = boost::json::parse(expected);
  NumbersAsDoubles(actual);
  NumbersAsDoubles(want);
  EXPECT_EQ(actual, want) << "actual:   " << boost::json::serialize(actual)
                          << "\nexpected: " << boost::json::serialize(want);
}

}  // namespace portcullis::policy::engine_testing
